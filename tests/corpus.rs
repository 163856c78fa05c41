//! The labelled fixtures in `corpus/`: every finding hiss reports on a
//! fixture must be announced on its line by a marker, and every marker must be
//! met.
//!
//! A marker is a trailing comment `# expect: HS101 critical` (several are
//! separated by commas). Malicious fixtures must expect at least one finding
//! at high or above; benign near-misses may only expect medium or below.

mod common;

use common::{files_under, root, scan_json, scan_path};
use std::collections::BTreeSet;
use std::path::Path;

type Expected = BTreeSet<(String, u64, String)>;

fn markers(path: &Path) -> Expected {
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let mut out = Expected::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("# expect:") else {
            continue;
        };
        for item in line[at + "# expect:".len()..].split(',') {
            let mut words = item.split_whitespace();
            if let (Some(rule), Some(sev)) = (words.next(), words.next()) {
                // In a notebook the marker sits in a JSON string: `critical\n",`
                let sev: String = sev.chars().take_while(char::is_ascii_alphabetic).collect();
                out.insert((rule.to_string(), i as u64 + 1, sev));
            }
        }
    }
    out
}

fn found(path: &Path) -> Expected {
    let (_, report) = scan_path(path);
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A project file (pyproject.toml, setup.cfg, a clean setup.py, an empty
/// `__init__.py`) that makes a marked file beside it or below it a build
/// hook: it needs no marker.
fn supports(file: &Path) -> bool {
    let name = file.file_name().unwrap().to_string_lossy();
    let empty = std::fs::metadata(file).is_ok_and(|m| m.len() == 0);
    (["pyproject.toml", "setup.cfg", "setup.py"].contains(&name.as_ref()) || empty)
        && files_under(file.parent().unwrap())
            .iter()
            .any(|f| f != file && markers(f).iter().any(|(_, _, s)| is_high(s)))
}

fn is_high(sev: &str) -> bool {
    sev == "high" || sev == "critical"
}

fn check_tree(kind: &str) -> Vec<String> {
    let dir = root().join("corpus").join(kind);
    let files = files_under(&dir);
    assert!(!files.is_empty(), "no fixtures under {}", dir.display());
    let mut problems = Vec::new();
    for file in files {
        let want = markers(&file);
        let got = found(&file);
        let rel = file.strip_prefix(root()).unwrap().display().to_string();
        for missing in want.difference(&got) {
            problems.push(format!(
                "{rel}: expected {} at line {} ({}), not reported",
                missing.0, missing.1, missing.2
            ));
        }
        for extra in got.difference(&want) {
            problems.push(format!(
                "{rel}: reported {} at line {} ({}), not expected",
                extra.0, extra.1, extra.2
            ));
        }
        if kind == "malicious" && !want.iter().any(|(_, _, s)| is_high(s)) && !supports(&file) {
            problems.push(format!(
                "{rel}: a malicious fixture must expect a high or critical finding"
            ));
        }
        if kind == "benign" && want.iter().any(|(_, _, s)| is_high(s)) {
            problems.push(format!(
                "{rel}: a benign near-miss must not expect high or critical"
            ));
        }
    }
    problems
}

#[test]
fn malicious_fixtures_are_flagged_exactly_as_marked() {
    let problems = check_tree("malicious");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn benign_near_misses_are_not_flagged_beyond_their_markers() {
    let problems = check_tree("benign");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_rule_and_signature_has_a_malicious_and_a_benign_fixture() {
    let rules = common::hiss().args(["rules", "--json"]).output().unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&rules.stdout).unwrap();
    let mut missing = Vec::new();
    for kind in ["malicious", "benign"] {
        let all: BTreeSet<String> = files_under(&root().join("corpus").join(kind))
            .iter()
            .flat_map(|f| {
                let rel = f.strip_prefix(root()).unwrap().display().to_string();
                let mut ids: Vec<String> = markers(f).into_iter().map(|m| m.0).collect();
                // A benign near-miss is named after the rule it must not trip.
                ids.extend(
                    rel.split(['/', '-'])
                        .filter(|p| p.starts_with("HS"))
                        .map(String::from),
                );
                ids
            })
            .collect();
        for r in rules.as_array().unwrap() {
            let id = r["id"].as_str().unwrap();
            if !all.contains(id) {
                missing.push(format!("{id} has no {kind} fixture"));
            }
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn scanning_the_malicious_corpus_fails_and_the_benign_corpus_passes() {
    let (code, report) = scan_json(&[
        "--fail-on",
        "high",
        root().join("corpus/malicious").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "malicious corpus must exit 1");
    assert!(report["summary"]["findings"].as_u64().unwrap() > 0);
    let (code, report) = scan_json(&[root().join("corpus/benign").to_str().unwrap()]);
    assert_eq!(
        code, 0,
        "benign corpus must exit 0: {:#}",
        report["findings"]
    );
}
