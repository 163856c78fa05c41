//! The result cache: a second scan of an unchanged tree gives the same
//! report from the cache, a changed file is analysed again, a moved file is
//! reported at its new path, `--no-cache` neither reads nor writes, two
//! processes can share one cache, and `hiss cache clean` empties it.

mod common;

use common::root;
use serde_json::Value;
use std::path::Path;

const DROPPER: &str = "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n";

fn scan(cache: &Path, args: &[&str]) -> Value {
    let out = common::hiss()
        .env("HISS_CACHE_DIR", cache)
        .args(["scan", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let mut report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["summary"]
        .as_object_mut()
        .unwrap()
        .remove("duration_ms");
    report
}

fn database(cache: &Path) -> std::path::PathBuf {
    cache.join("results.sqlite3")
}

#[test]
fn a_second_scan_replays_the_first_and_a_change_is_seen() {
    let cache = tempfile::tempdir().unwrap();
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("stage.py"), DROPPER).unwrap();
    std::fs::write(tree.path().join("clean.py"), "print('hello')\n").unwrap();
    let corpus = root().join("corpus/malicious/HS107-write-then-run");
    let args = [tree.path().to_str().unwrap(), corpus.to_str().unwrap()];

    let cold = scan(cache.path(), &args);
    assert!(
        database(cache.path()).is_file(),
        "the first scan fills the cache"
    );
    let warm = scan(cache.path(), &args);
    assert_eq!(
        cold, warm,
        "a warm scan reports exactly what the cold one did"
    );
    assert!(cold["findings"].as_array().unwrap().len() > 3);

    // The same bytes without the exec: the finding must go.
    std::fs::write(
        tree.path().join("stage.py"),
        "import base64\nprint(base64.b64decode('cHJpbnQoMSk='))\n",
    )
    .unwrap();
    let changed = scan(cache.path(), &args);
    let stage_findings = |r: &Value| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"].as_str().unwrap().ends_with("/stage.py"))
            .count()
    };
    assert_eq!(stage_findings(&warm), 1);
    assert_eq!(
        stage_findings(&changed),
        0,
        "an edited file is analysed again"
    );
}

#[test]
fn a_moved_file_is_reported_at_its_new_path_with_its_own_fingerprint() {
    let cache = tempfile::tempdir().unwrap();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    std::fs::write(a.path().join("stage.py"), DROPPER).unwrap();
    std::fs::write(b.path().join("stage.py"), DROPPER).unwrap();
    let first = scan(cache.path(), &[a.path().to_str().unwrap()]);
    let second = scan(cache.path(), &[b.path().to_str().unwrap()]);
    let (fa, fb) = (&first["findings"][0], &second["findings"][0]);
    assert_eq!(fa["rule"], "HS101");
    assert_eq!(fb["rule"], "HS101");
    assert!(
        fb["path"]
            .as_str()
            .unwrap()
            .starts_with(b.path().to_str().unwrap())
    );
    assert_ne!(
        fa["fingerprint"], fb["fingerprint"],
        "the fingerprint follows the path"
    );
    assert_eq!(fa["line"], fb["line"]);
}

#[test]
fn no_cache_neither_writes_nor_reads() {
    let cache = tempfile::tempdir().unwrap();
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("stage.py"), DROPPER).unwrap();
    let report = scan(cache.path(), &["--no-cache", tree.path().to_str().unwrap()]);
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert!(
        !database(cache.path()).exists(),
        "--no-cache created a cache"
    );
}

#[test]
fn two_processes_share_one_cache() {
    let cache = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus/malicious");
    let corpus = corpus.to_str().unwrap();
    let run = || {
        common::hiss()
            .env("HISS_CACHE_DIR", cache.path())
            .args(["scan", "--format", "json", corpus])
            .output()
            .unwrap()
    };
    let (one, two) = std::thread::scope(|s| {
        let one = s.spawn(run);
        let two = s.spawn(run);
        (one.join().unwrap(), two.join().unwrap())
    });
    let findings = |out: &std::process::Output| {
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        (r["findings"].clone(), r["errors"].clone())
    };
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(findings(&one), findings(&two));
    assert!(findings(&one).1.as_array().unwrap().is_empty());
    let again = run();
    assert_eq!(findings(&again), findings(&one));
}

#[test]
fn cache_clean_empties_it() {
    let cache = tempfile::tempdir().unwrap();
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("stage.py"), DROPPER).unwrap();
    scan(cache.path(), &[tree.path().to_str().unwrap()]);
    assert!(database(cache.path()).is_file());
    let out = common::hiss()
        .env("HISS_CACHE_DIR", cache.path())
        .args(["cache", "clean"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!database(cache.path()).exists());
}
