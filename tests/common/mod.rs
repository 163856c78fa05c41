//! Helpers shared by the integration tests.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, with its result cache in `target/` rather than the user's
/// cache folder.
pub fn hiss() -> Command {
    let mut cmd = Command::cargo_bin("hiss").expect("the hiss binary is built");
    cmd.env("HISS_CACHE_DIR", root().join("target").join("test-cache"));
    cmd
}

/// Runs `hiss scan --format json ARGS…` and returns the exit code and report.
pub fn scan_json(args: &[&str]) -> (i32, Value) {
    let out = hiss()
        .arg("scan")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .expect("hiss runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

pub fn scan_path(path: &Path) -> (i32, Value) {
    scan_json(&[path.to_str().expect("utf-8 test path")])
}

/// Every regular file below `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir(dir);
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else if p.is_file() {
            out.push(p);
        }
    }
    out
}

/// `path rule line` of every finding of a JSON report.
pub fn finding_lines(r: &Value) -> Vec<String> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["path"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["line"]
            )
        })
        .collect()
}

/// Runs `hiss scan --format json --no-cache ARGS…` in `cwd`: the exit code,
/// the report (`Null` when stdout is not JSON) and stderr.
pub fn scan_in(cwd: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = hiss()
        .current_dir(cwd)
        .args(["scan", "--format", "json", "--no-cache"])
        .args(args)
        .output()
        .expect("hiss runs");
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
