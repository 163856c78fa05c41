//! Regression guard on real packages: a fixed sample of the development sets
//! in `../shared/eval/data` (a quarter of the malicious archives, a third of
//! the benign top-300), scanned by the release binary at `--fail-on high`.
//! It fails when recall drops below, or the false-positive count rises above,
//! the figures hiss reached on the same sample (`RECALL_FLOOR`, `BENIGN_CEILING`).
//!
//! The sample is chosen by a hash of the package name, so it is the same on
//! every machine. Nothing is unpacked to disk for the malicious side: the
//! published archives are copied out of the encrypted collection and hiss
//! reads them as archives, the way it meets them in a cache. The benign
//! packages' files are written under `target/accuracy-sample/`.
//!
//! Skipped, with a message, where `../shared/eval` is absent.

mod common;

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Recall on the malicious sample (packages with code): 998/1006 (0.992)
/// reached on 2026-11-23 (archives as published; 985/1009 at the start of
/// the day); the floor leaves two misses of slack.
const RECALL_FLOOR: f64 = 0.99;
/// Benign packages of the sample that may be flagged at high or above.
const BENIGN_CEILING: usize = 0;

fn eval_data() -> Option<PathBuf> {
    let dir = common::root().join("../shared/eval/data");
    dir.join("malicious-dev.zip").is_file().then_some(dir)
}

/// A quarter of the malicious packages, a third of the benign ones.
fn in_sample(name: &str, per_256: u8) -> bool {
    Sha256::digest(name.as_bytes())[0] < per_256
}

/// The package name of an archive file name: `evil-1.0.tar.gz` → `evil-1.0`.
fn stem(file: &str) -> &str {
    for ext in [
        ".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".whl", ".zip", ".egg",
    ] {
        if file.len() > ext.len() && file.to_ascii_lowercase().ends_with(ext) {
            return &file[..file.len() - ext.len()];
        }
    }
    file
}

/// Malicious package names reviewed to hold no code that could be malicious.
fn no_code() -> BTreeSet<String> {
    std::fs::read_to_string(common::root().join("eval/no-code.txt"))
        .expect("eval/no-code.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap().trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn prepare(data: &Path, out: &Path) {
    let done = out.join(".complete");
    if done.exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(out);
    let mal = out.join("malicious");
    let ben = out.join("benign");
    std::fs::create_dir_all(&mal).unwrap();
    std::fs::create_dir_all(&ben).unwrap();

    let file = std::fs::File::open(data.join("malicious-dev.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    for i in 0..zip.len() {
        let mut member = zip.by_index_decrypt(i, b"infected").unwrap();
        if member.is_dir() {
            continue;
        }
        let name = member
            .name()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        if !in_sample(stem(&name), 64) {
            continue;
        }
        let mut bytes = Vec::new();
        member.read_to_end(&mut bytes).unwrap();
        std::fs::write(mal.join(&name), bytes).unwrap();
    }

    let xz = std::io::BufReader::new(
        std::fs::File::open(data.join("benign-top300-src.tar.xz")).unwrap(),
    );
    let mut tar_bytes = Vec::new();
    lzma_rs::xz_decompress(&mut std::io::BufReader::new(xz), &mut tar_bytes).unwrap();
    let mut tar = tar::Archive::new(&tar_bytes[..]);
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let rel = entry.path().unwrap().into_owned();
        // Only plain relative paths: the sample is written to disk.
        if rel
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            continue;
        }
        let package = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .to_string();
        if !in_sample(&package, 86) {
            continue;
        }
        let dest = ben.join(&rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
    std::fs::write(done, "").unwrap();
}

/// package → highest severity rank of its findings, for one corpus folder.
fn flagged(corpus: &Path) -> BTreeMap<String, Vec<String>> {
    let (code, report) = common::scan_path(corpus);
    assert!(
        code == 0 || code == 1,
        "scan of {} exited {code}",
        corpus.display()
    );
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        if !matches!(f["severity"].as_str(), Some("high" | "critical")) {
            continue;
        }
        let path = f["path"].as_str().unwrap().split("!/").next().unwrap();
        let rel = Path::new(path)
            .strip_prefix(corpus)
            .unwrap_or(Path::new(path));
        let package = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        out.entry(stem(&package).to_string())
            .or_default()
            .push(f["rule"].as_str().unwrap().to_string());
    }
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| stem(&e.unwrap().file_name().to_string_lossy()).to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn recall_and_false_positives_hold_on_the_development_sample() {
    let Some(data) = eval_data() else {
        eprintln!(
            "skipped: ../shared/eval/data is absent (the accuracy guard needs the development sets)"
        );
        return;
    };
    let out = common::root().join("target/accuracy-sample");
    prepare(&data, &out);
    let excluded = no_code();

    let mal_dir = out.join("malicious");
    let hits = flagged(&mal_dir);
    let malicious: Vec<String> = names(&mal_dir)
        .into_iter()
        .filter(|n| !excluded.contains(n))
        .collect();
    let missed: Vec<&String> = malicious
        .iter()
        .filter(|n| !hits.contains_key(*n))
        .collect();
    let recall = 1.0 - missed.len() as f64 / malicious.len() as f64;

    let ben_dir = out.join("benign");
    let benign = names(&ben_dir);
    let false_positives = flagged(&ben_dir);

    eprintln!(
        "malicious sample: {}/{} flagged (recall {recall:.4}); benign sample: {}/{} flagged",
        malicious.len() - missed.len(),
        malicious.len(),
        false_positives.len(),
        benign.len()
    );
    assert!(
        malicious.len() > 800 && benign.len() > 80,
        "the sample is smaller than expected"
    );
    assert!(
        recall >= RECALL_FLOOR,
        "recall {recall:.4} fell below {RECALL_FLOOR}; missed: {missed:?}"
    );
    #[allow(clippy::absurd_extreme_comparisons)] // the ceiling is a figure reached, today zero
    let within = false_positives.len() <= BENIGN_CEILING;
    assert!(
        within,
        "{} benign packages flagged (ceiling {BENIGN_CEILING}): {false_positives:?}",
        false_positives.len()
    );
}
