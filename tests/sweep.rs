//! `hiss sweep` finds the places packages land under a home (pip and uv
//! caches, virtual environments) and flags what was planted there. `HOME`
//! points it at a fake home; `--user-only` keeps it off the real machine.

mod common;

use std::io::Write;
use std::path::Path;

const DROPPER: &str = "import base64\nexec(base64.b64decode('cHJpbnQoJ2hpJyk='))\n";

fn wheel(name: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file(format!("{name}/__init__.py"), opts).unwrap();
    w.write_all(DROPPER.as_bytes()).unwrap();
    w.start_file(format!("{name}-1.0.dist-info/METADATA"), opts)
        .unwrap();
    write!(w, "Name: {name}\nVersion: 1.0\n").unwrap();
    w.finish().unwrap().into_inner()
}

fn put(root: &Path, rel: &str, data: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, data).unwrap();
}

fn sweep(home: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = common::hiss();
    cmd.arg("sweep")
        .arg("--user-only")
        .args(args)
        .env("HOME", home);
    // Nothing from the real environment may move a cache elsewhere.
    for var in hiss::source::machine::PLACE_VARS {
        cmd.env_remove(var);
    }
    cmd.output().unwrap()
}

fn fake_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // pip keeps HTTP bodies without an extension, named by a hash.
    put(
        h,
        ".cache/pip/http-v2/a/b/c/d/e/4f0c1e2d3b",
        &wheel("pipevil"),
    );
    put(
        h,
        ".cache/pip/http-v2/a/b/c/d/e/4f0c1e2d3b.meta",
        b"\x00\x01meta",
    );
    // uv unpacks wheels into archive-v0/<id>/ and keeps built wheels.
    put(
        h,
        ".cache/uv/archive-v0/Xq1/uvevil/__init__.py",
        DROPPER.as_bytes(),
    );
    put(
        h,
        ".cache/uv/wheels-v5/pypi/uvwhl/uvwhl-1.0-py3-none-any.whl",
        &wheel("uvwhl"),
    );
    // A project's venv with an installed package.
    let venv = "work/interview-task/.venv";
    put(
        h,
        &format!("{venv}/pyvenv.cfg"),
        b"home = /usr/bin\nversion = 3.12.1\n",
    );
    put(
        h,
        &format!("{venv}/lib/python3.12/site-packages/venvevil/__init__.py"),
        DROPPER.as_bytes(),
    );
    put(
        h,
        &format!("{venv}/lib/python3.12/site-packages/venvevil-1.0.dist-info/METADATA"),
        b"Name: venvevil\nVersion: 1.0\n",
    );
    // Something harmless that must not be flagged.
    put(h, "work/interview-task/main.py", b"print('hello')\n");
    home
}

#[test]
fn sweep_lists_the_places_of_a_home() {
    let home = fake_home();
    let out = sweep(home.path(), &["--list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let h = home.path().display();
    for want in [
        format!("pip cache\t{h}/.cache/pip"),
        format!("uv cache\t{h}/.cache/uv"),
        format!("virtual environment\t{h}/work/interview-task/.venv"),
    ] {
        assert!(text.lines().any(|l| l == want), "{want} not in\n{text}");
    }
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn sweep_flags_a_planted_package_in_each_place_and_streams_jsonl() {
    let home = fake_home();
    let out = sweep(home.path(), &["--format", "jsonl"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is one JSON object"))
        .collect();
    let host = &lines[0];
    assert_eq!(host["type"], "host");
    for key in [
        "hostname",
        "os",
        "user",
        "started",
        "hiss_version",
        "rules_version",
    ] {
        assert!(host[key].is_string(), "host line lacks {key}: {host}");
    }
    assert_eq!(lines.last().unwrap()["type"], "summary");
    let h = home.path().display().to_string();
    let flagged: Vec<(String, String)> = lines
        .iter()
        .filter(|l| l["type"] == "finding")
        .map(|l| {
            (
                l["path"]
                    .as_str()
                    .unwrap()
                    .strip_prefix(&h)
                    .unwrap()
                    .to_string(),
                format!("{} {} {}", l["rule"], l["severity"], l["line"]),
            )
        })
        .collect();
    for want in [
        "/.cache/pip/http-v2/a/b/c/d/e/4f0c1e2d3b!/pipevil/__init__.py",
        "/.cache/uv/archive-v0/Xq1/uvevil/__init__.py",
        "/.cache/uv/wheels-v5/pypi/uvwhl/uvwhl-1.0-py3-none-any.whl!/uvwhl/__init__.py",
        "/work/interview-task/.venv/lib/python3.12/site-packages/venvevil/__init__.py",
    ] {
        assert!(
            flagged
                .iter()
                .any(|(p, r)| p == want && r == "\"HS101\" \"critical\" 2"),
            "{want} not flagged: {flagged:?}"
        );
    }
    assert_eq!(flagged.len(), 4, "{flagged:?}");
    let venv = lines
        .iter()
        .find(|l| {
            l["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("venvevil/__init__.py"))
        })
        .unwrap();
    assert_eq!(
        venv["package"],
        serde_json::json!({"name": "venvevil", "version": "1.0"})
    );
}

#[test]
fn an_unreadable_extra_root_is_an_error_not_silence() {
    let home = fake_home();
    let missing = home.path().join("no-such-folder");
    let out = sweep(
        home.path(),
        &[
            "--format",
            "json",
            "--fail-on",
            "never",
            "--extra",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = r["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["path"].as_str().unwrap().ends_with("no-such-folder")),
        "{r}"
    );
}
