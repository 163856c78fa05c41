//! Every rule is documented, uniquely named and registered once; every
//! signature carries the metadata hiss reports.

use hiss::rules::REGISTRY;
use hiss::signatures::Signatures;
use std::collections::HashSet;

#[test]
fn rules_have_unique_ids_names_and_full_docs() {
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    for rule in REGISTRY {
        let m = rule.meta();
        assert!(
            m.id.starts_with("HS") && m.id.len() == 5,
            "{}: id must be HS###",
            m.id
        );
        assert!(ids.insert(m.id), "{}: duplicate id", m.id);
        assert!(names.insert(m.name), "{}: duplicate name", m.name);
        assert!(
            m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}: name must be kebab-case",
            m.name
        );
        let doc = m.doc();
        assert!(
            doc.starts_with(&format!("# {} {}", m.id, m.name)),
            "{}: doc must open with '# ID name'",
            m.id
        );
        for section in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## False positives",
            "## References",
        ] {
            assert!(doc.contains(section), "{}: doc lacks {section}", m.id);
        }
        assert!(!m.summary().is_empty(), "{}: empty summary", m.id);
    }
}

#[test]
fn signatures_compile_and_carry_their_metadata() {
    let sigs = Signatures::load(&[]).expect("embedded signatures compile with full metadata");
    assert!(
        sigs.list.len() >= 10,
        "at least 10 signatures, found {}",
        sigs.list.len()
    );
    let rule_ids: HashSet<&str> = REGISTRY.iter().map(|r| r.meta().id).collect();
    let mut ids = HashSet::new();
    for s in &sigs.list {
        assert!(
            s.id.starts_with("HS") && s.id.len() == 5,
            "{}: id must be HS###",
            s.id
        );
        assert!(ids.insert(s.id.clone()), "{}: duplicate signature id", s.id);
        assert!(
            !rule_ids.contains(s.id.as_str()),
            "{}: id used by a rule too",
            s.id
        );
        assert!(
            !s.description.trim().is_empty(),
            "{}: empty description",
            s.id
        );
        assert!(!s.reference.trim().is_empty(), "{}: empty reference", s.id);
    }
}

#[test]
fn a_user_rule_without_metadata_is_refused() {
    let src = vec![(
        "user.yar".to_string(),
        "rule bare { strings: $a = \"x\" condition: $a }".to_string(),
    )];
    let err = Signatures::compile(&src).err().expect("must be refused");
    assert!(err.to_string().contains("has no valid `id`"), "{err}");
}

#[test]
fn the_readme_table_lists_every_rule_and_signature() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut missing: Vec<String> = REGISTRY
        .iter()
        .map(|r| r.meta())
        .filter(|m| !readme.contains(&format!("| {} | `{}` |", m.id, m.name)))
        .map(|m| m.id.to_string())
        .collect();
    let sigs = Signatures::load(&[]).unwrap();
    missing.extend(
        sigs.list
            .iter()
            .filter(|s| !readme.contains(&format!("| {} | `{}` |", s.id, s.name)))
            .map(|s| s.id.clone()),
    );
    assert!(
        missing.is_empty(),
        "README rules table is stale (run scripts/rules-table.py): {missing:?}"
    );
}
