//! Baselines: accepted findings stay accepted when code moves, new ones fail.

mod common;

use common::hiss;
use serde_json::Value;
use std::fs;
use std::path::Path;

const DROPPER: &str = "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n";

fn scan_in(cwd: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--isolated"];
    all.extend_from_slice(args);
    let (code, report, stderr) = common::scan_in(cwd, &all);
    assert!(!report.is_null(), "no JSON report; stderr: {stderr}");
    (code, report)
}

#[test]
fn a_baseline_round_trips_survives_moves_and_fails_on_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir_all(repo.join("src")).unwrap();
    fs::write(repo.join("src/legacy.py"), DROPPER).unwrap();

    // Writing the baseline accepts what is there: exit 0.
    let (code, r) = scan_in(&repo, &["--write-baseline", "hiss-baseline.json", "."]);
    assert_eq!(code, 0, "{r}");
    let written: Value =
        serde_json::from_str(&fs::read_to_string(repo.join("hiss-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(written["findings"][0]["rule"], "HS101");
    assert_eq!(written["findings"][0]["path"], "src/legacy.py");

    let (code, r) = scan_in(&repo, &["--baseline", "hiss-baseline.json", "."]);
    assert_eq!(code, 0, "{r}");
    assert!(common::finding_lines(&r).is_empty());
    assert_eq!(r["summary"]["baselined"], 1);

    // Lines moved down and an edit elsewhere in the file: still accepted,
    // also from another folder with an absolute path.
    fs::write(
        repo.join("src/legacy.py"),
        format!("# a header\n\n\ndef unrelated():\n    return 42\n\n{DROPPER}"),
    )
    .unwrap();
    let (code, r) = scan_in(&repo, &["--baseline", "hiss-baseline.json", "."]);
    assert_eq!(code, 0, "{:?}", common::finding_lines(&r));
    let baseline = repo.join("hiss-baseline.json");
    let (code, r) = scan_in(
        dir.path(),
        &[
            "--baseline",
            baseline.to_str().unwrap(),
            repo.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{:?}", common::finding_lines(&r));

    // A new finding fails and is the only one reported; so is a second
    // copy of the accepted line.
    fs::write(repo.join("src/new.py"), DROPPER).unwrap();
    fs::write(
        repo.join("src/legacy.py"),
        format!("{DROPPER}exec(base64.b64decode(blob))\n"),
    )
    .unwrap();
    let (code, r) = scan_in(&repo, &["--baseline", "hiss-baseline.json", "."]);
    assert_eq!(code, 1);
    let found = common::finding_lines(&r);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.contains(&"./src/new.py HS101 3".to_string()),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.starts_with("./src/legacy.py HS101")),
        "{found:?}"
    );
    assert_eq!(r["summary"]["baselined"], 1);
}

#[test]
fn a_bad_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("x.py"), DROPPER).unwrap();
    fs::write(
        dir.path().join("b.json"),
        "{\"version\": 1,\n \"tool\": \"hiss\"}",
    )
    .unwrap();
    let out = hiss()
        .current_dir(dir.path())
        .args(["scan", "--no-cache", "--baseline", "b.json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("b.json:2: not a hiss baseline"), "{stderr}");
}
