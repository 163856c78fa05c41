//! Inputs the fuzzers found (`fuzz/regressions/<target>/`), replayed the
//! way their target feeds them: each must be analysed without a panic.
//! A hang shows as this test never finishing.

use hiss::analysis::Worker;
use hiss::signatures::Signatures;
use std::path::{Path, PathBuf};

/// The names `fuzz/fuzz_targets/analyze.rs` picks by the first byte.
const PATHS: [&str; 6] = [
    "x.py",
    "setup.py",
    "x.pth",
    "x.ipynb",
    "sitecustomize.py",
    "x.txt",
];

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("regressions")
        .join(target);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn analyze_regressions_run_to_the_end() {
    let sigs = Signatures::load(&[] as &[&Path]).unwrap();
    let mut worker = Worker::new(&sigs);
    for input in inputs("analyze") {
        let bytes = std::fs::read(&input).unwrap();
        let Some((&selector, data)) = bytes.split_first() else {
            continue;
        };
        let path = PATHS[selector as usize % PATHS.len()];
        let result = worker.analyze(path, data);
        for f in &result.findings {
            assert!(f.line >= 1, "{}: {f:?}", input.display());
        }
    }
}

#[test]
fn archive_regressions_run_to_the_end() {
    use hiss::source::archive::{self, Kind, Limits};
    let limits = Limits {
        max_member: 1 << 20,
        max_total: 4 << 20,
        max_members: 1000,
        max_ratio: 250,
        max_depth: 2,
    };
    for input in inputs("archive") {
        let data = std::fs::read(&input).unwrap();
        for kind in [
            Kind::Zip,
            Kind::Tar,
            Kind::TarGz,
            Kind::TarBz2,
            Kind::TarXz,
            Kind::TarZst,
        ] {
            let mut total = 0u64;
            archive::read(&data, kind, &limits, &mut |m| total += m.data.len() as u64);
            assert!(total <= limits.max_total, "{}", input.display());
        }
    }
}
