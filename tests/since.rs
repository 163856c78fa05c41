//! `--since REV`: a pull-request check scans what changed, and the build
//! files that decide how it runs.

mod common;

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Command;

const DROPPER: &str = "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n";

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn scan(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["--isolated"];
    all.extend_from_slice(args);
    common::scan_in(dir, &all)
}

/// `path rule` of every finding.
fn paths(r: &Value) -> Vec<String> {
    common::finding_lines(r)
        .into_iter()
        .map(|l| l.rsplit_once(' ').unwrap().0.to_string())
        .collect()
}

#[test]
fn only_changed_files_and_their_build_files_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    if !git(repo, &["init", "-q", "-b", "main"]) {
        eprintln!("skipped: git is not available");
        return;
    }
    // Already on main: an old dropper (reviewed elsewhere) and a project
    // whose setup.py imports its helper at install time.
    write(repo, "old/legacy.py", DROPPER);
    write(
        repo,
        "pkg/setup.py",
        "from setuptools import setup\nimport helper\nsetup(name='pkg')\n",
    );
    write(repo, "pkg/helper.py", "VERSION = '1'\n");
    write(repo, "pkg/other.py", "print('untouched')\n");
    assert!(git(repo, &["add", "-A"]) && git(repo, &["commit", "-qm", "base"]));
    assert!(git(repo, &["checkout", "-qb", "feature"]));
    // The pull request turns the helper into a dropper.
    write(repo, "pkg/helper.py", DROPPER);
    write(repo, "docs/notes.txt", "notes\n");
    assert!(git(repo, &["add", "-A"]) && git(repo, &["commit", "-qm", "change"]));

    let (code, r, stderr) = scan(repo, &["--since", "main", "."]);
    assert_eq!(code, 1, "{stderr}");
    // The helper is found, at install time: the project's setup.py, not
    // changed, is scanned with it; old/legacy.py is not scanned at all.
    let found = paths(&r);
    assert!(
        found.contains(&"./pkg/helper.py HS101".to_string()),
        "{found:?}"
    );
    assert!(found.iter().all(|f| !f.contains("legacy")), "{found:?}");
    let context: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "./pkg/helper.py")
        .map(|f| f["context"].as_str().unwrap())
        .collect();
    assert!(context.contains(&"install"), "{context:?}");
    assert_eq!(
        r["summary"]["files"], 3,
        "helper.py, setup.py, notes.txt: {r}"
    );

    // Nothing changed since HEAD: nothing scanned, exit 0.
    let (code, r, _) = scan(repo, &["--since", "HEAD", "."]);
    assert_eq!(code, 0);
    assert_eq!(r["summary"]["files"], 0);

    // A revision that does not exist, or that looks like an option, is an
    // error, not a scan of everything.
    let (code, _, stderr) = scan(repo, &["--since", "no-such-branch", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--since no-such-branch"), "{stderr}");
    let (code, _, _) = scan(repo, &["--since=--output=/tmp/x", "."]);
    assert_eq!(code, 2);
}
