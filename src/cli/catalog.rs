//! `hiss rules` and `hiss explain`: generated from the rule files' doc
//! comments and the signatures' metadata.

use super::{EXIT_CLEAN, EXIT_TROUBLE, RulesArgs};
use crate::rules::REGISTRY;
use crate::signatures::Signatures;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Entry {
    id: String,
    name: String,
    kind: &'static str,
    severity: String,
    family: Option<String>,
    summary: String,
}

fn entries() -> Result<Vec<Entry>, String> {
    let sigs = Signatures::load(&[]).map_err(|e| e.to_string())?;
    Ok(rule_docs(&sigs)
        .into_iter()
        .map(|d| Entry {
            id: d.id,
            name: d.name,
            kind: d.kind,
            severity: d.severity.to_string(),
            family: d.family,
            summary: d.summary,
        })
        .collect())
}

/// Every rule and signature of `sigs` with its documentation, sorted by
/// id: `hiss rules` lists them, SARIF describes them.
pub fn rule_docs(sigs: &Signatures) -> Vec<crate::report::sarif::RuleDoc> {
    use crate::report::sarif::RuleDoc;
    let mut out: Vec<RuleDoc> = REGISTRY
        .iter()
        .map(|r| {
            let m = r.meta();
            RuleDoc {
                id: m.id.to_string(),
                name: m.name.to_string(),
                severity: m.severity,
                kind: "rule",
                summary: m.summary(),
                doc: m.doc(),
                family: None,
            }
        })
        .collect();
    out.extend(sigs.list.iter().map(|s| RuleDoc {
        id: s.id.clone(),
        name: s.name.clone(),
        severity: s.severity,
        kind: "signature",
        summary: s.description.clone(),
        doc: format!(
            "# {} {}\n\nSignature (YARA-X) in `signatures/{}`.\n\n## What it does\n\n{}\n\n## References\n\n- {}\n",
            s.id, s.name, s.origin, s.description, s.reference
        ),
        family: s.family.clone(),
    }));
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

pub fn rules(args: &RulesArgs) -> u8 {
    let list = match entries() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("hiss: {e}");
            return EXIT_TROUBLE;
        }
    };
    let mut out = std::io::stdout().lock();
    let result = if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&list).expect("serialisable")
        )
    } else {
        list.iter().try_for_each(|e| {
            writeln!(
                out,
                "{:6} {:9} {:34} {:8} {:16} {}",
                e.id,
                e.kind,
                e.name,
                e.severity,
                e.family.as_deref().unwrap_or("-"),
                e.summary
            )
        })
    };
    match result {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            eprintln!("hiss: {e}");
            EXIT_TROUBLE
        }
    }
}

pub fn explain(id: &str) -> u8 {
    let id_upper = id.to_ascii_uppercase();
    if let Some(rule) = REGISTRY
        .iter()
        .find(|r| r.meta().id == id_upper || r.meta().name == id)
    {
        let m = rule.meta();
        return emit(&format!(
            "{}\n\nid: {}  name: {}  default severity: {}  confidence: {}\n",
            m.doc(),
            m.id,
            m.name,
            m.severity,
            m.confidence.as_str()
        ));
    }
    let sigs = match Signatures::load(&[]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hiss: {e}");
            return EXIT_TROUBLE;
        }
    };
    if let Some(s) = sigs.list.iter().find(|s| s.id == id_upper || s.name == id) {
        let mut text = format!("# {} {}\n\n", s.id, s.name);
        text.push_str(&format!(
            "Signature (YARA-X) in signatures/{}.\n\n",
            s.origin
        ));
        text.push_str(&format!("## What it does\n\n{}\n\n", s.description));
        if let Some(f) = &s.family {
            text.push_str(&format!("Family: {f}\n\n"));
        }
        text.push_str(&format!("## References\n\n- {}\n\n", s.reference));
        text.push_str(&format!(
            "id: {}  name: {}  severity: {}\n",
            s.id, s.name, s.severity
        ));
        return emit(&text);
    }
    eprintln!("hiss: no rule or signature has the id {id} (see `hiss rules`)");
    EXIT_TROUBLE
}

/// Writes `text` to stdout; a reader that went away (`| head`) is not an
/// error.
fn emit(text: &str) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            eprintln!("hiss: {e}");
            EXIT_TROUBLE
        }
    }
}

/// Every call or string whose value folds to a constant, outermost first.
pub fn constants(file: &std::path::Path) -> u8 {
    use crate::python::{self, FileRole, Module, fold};
    let Ok(data) = std::fs::read(file) else {
        eprintln!("hiss: cannot read {}", file.display());
        return EXIT_TROUBLE;
    };
    let mut parser = python::parser();
    let Some(tree) = python::parse(&mut parser, &data) else {
        return EXIT_TROUBLE;
    };
    let m = Module::build(&data, &tree, FileRole::of_path(&file.to_string_lossy()));
    let mut covered = 0;
    let mut nodes: Vec<_> = m
        .calls
        .iter()
        .map(|c| c.node)
        .chain(m.strings.iter().copied())
        .collect();
    nodes.sort_by_key(|n| (n.start_byte(), std::cmp::Reverse(n.end_byte())));
    for n in nodes {
        if n.start_byte() < covered {
            continue;
        }
        if let Some(v) = fold::fold(&m, n) {
            covered = n.end_byte();
            println!(
                "{}:{}: {:?}",
                n.start_position().row + 1,
                n.start_position().column + 1,
                v
            );
        }
    }
    for c in &m.calls {
        if let Some(q) = &c.qname {
            println!("{}: call {q}", c.node.start_position().row + 1);
        }
    }
    EXIT_CLEAN
}
