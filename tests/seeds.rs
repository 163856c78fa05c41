//! `seeds/` says why every detector exists: one note per campaign mapping its
//! behaviours to rule and signature ids, a map of THREATS.md's 38 heuristics,
//! and a list of generic detectors. The notes must name only ids that exist,
//! and every id must be accounted for by a note or the generic list.

mod common;

use std::collections::{BTreeMap, BTreeSet};

fn ids_in(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut out = BTreeSet::new();
    for i in 0..bytes.len().saturating_sub(4) {
        if &bytes[i..i + 2] == b"HS"
            && bytes[i + 2..i + 5].iter().all(u8::is_ascii_digit)
            && bytes.get(i + 5).is_none_or(|b| !b.is_ascii_digit())
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
        {
            out.insert(text[i..i + 5].to_string());
        }
    }
    out
}

fn notes() -> BTreeMap<String, String> {
    let dir = common::root().join("seeds");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

fn rule_ids() -> BTreeSet<String> {
    let out = common::hiss().args(["rules", "--json"]).output().unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn seeds_name_only_ids_that_exist() {
    let known = rule_ids();
    let mut unknown = Vec::new();
    for (file, text) in notes() {
        for id in ids_in(&text).difference(&known) {
            unknown.push(format!(
                "seeds/{file} names {id}, which is no rule or signature"
            ));
        }
    }
    assert!(unknown.is_empty(), "\n{}", unknown.join("\n"));
}

#[test]
fn every_detector_is_explained_by_a_campaign_note_or_marked_generic() {
    let notes = notes();
    let campaigns: BTreeSet<String> = notes
        .iter()
        .filter(|(f, _)| !["README.md", "heuristics.md", "generic.md"].contains(&f.as_str()))
        .flat_map(|(_, t)| ids_in(t))
        .collect();
    let generic = ids_in(notes.get("generic.md").map(String::as_str).unwrap_or(""));
    let missing: Vec<String> = rule_ids()
        .into_iter()
        .filter(|id| !campaigns.contains(id) && !generic.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "named by no campaign note in seeds/ and not listed in seeds/generic.md: {missing:?}"
    );
    assert!(campaigns.len() >= 10, "campaign notes name too few ids");
}

#[test]
fn every_campaign_note_has_its_sections() {
    for (file, text) in notes() {
        if ["README.md", "heuristics.md", "generic.md"].contains(&file.as_str()) {
            continue;
        }
        for section in [
            "Family:",
            "## What happened",
            "## References",
            "## Behaviours",
        ] {
            assert!(text.contains(section), "seeds/{file} lacks {section}");
        }
    }
}

#[test]
fn all_38_heuristics_are_accounted_for() {
    let notes = notes();
    let map = notes.get("heuristics.md").expect("seeds/heuristics.md");
    let mut problems = Vec::new();
    for h in 1..=38 {
        let key = format!("| H{h} |");
        let Some(row) = map.lines().find(|l| l.starts_with(&key)) else {
            problems.push(format!("H{h} has no row"));
            continue;
        };
        let covered = row.split('|').nth(3).unwrap_or("");
        if ids_in(covered).is_empty() && !covered.contains("seeds only:") {
            problems.push(format!(
                "H{h} names no detector and no `seeds only:` reason"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// `Family: A, B` and the replica paths of a campaign note.
fn family_and_replicas(text: &str) -> (Vec<String>, Vec<String>) {
    let families = text
        .lines()
        .find_map(|l| l.strip_prefix("Family:"))
        .map(|f| {
            f.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && s != "none")
                .collect()
        })
        .unwrap_or_default();
    let replicas = text
        .split("## Replica")
        .nth(1)
        .unwrap_or("")
        .split([',', '\n', ' ', '`'])
        .map(str::trim)
        .filter(|p| p.starts_with("corpus/malicious/"))
        .map(String::from)
        .collect();
    (families, replicas)
}

#[test]
fn family_replicas_are_flagged_high_and_name_their_family() {
    let mut problems = Vec::new();
    for (file, text) in notes() {
        let (families, replicas) = family_and_replicas(&text);
        if families.is_empty() || replicas.is_empty() {
            continue;
        }
        let mut named = false;
        for replica in &replicas {
            let (_, report) = common::scan_path(&common::root().join(replica));
            let findings = report["findings"].as_array().unwrap();
            let high: Vec<&serde_json::Value> = findings
                .iter()
                .filter(|f| matches!(f["severity"].as_str(), Some("high" | "critical")))
                .collect();
            if high.is_empty() {
                problems.push(format!(
                    "seeds/{file}: replica {replica} is not flagged high"
                ));
            }
            named |= high.iter().any(|f| {
                f["family"]
                    .as_str()
                    .is_some_and(|x| families.iter().any(|y| y == x))
            });
        }
        if !named {
            problems.push(format!(
                "seeds/{file}: no replica has a high finding naming {families:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
