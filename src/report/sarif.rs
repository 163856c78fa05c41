//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! What GitHub needs and this file makes sure of:
//! - every rule in `tool.driver.rules`, with its full documentation as
//!   `help.markdown`, and a numeric `security-severity` so alerts get
//!   GitHub's critical/high/medium/low;
//! - URIs relative to `%SRCROOT%` (the working folder) and percent-encoded;
//! - a location GitHub can show: a finding inside an archive member points
//!   at the archive file itself (GitHub only knows files in the repository),
//!   and names the member and its line in the message and in a logical
//!   location;
//! - `partialFingerprints` from hiss's own fingerprint, stable across line
//!   moves, so alerts are not reopened by edits elsewhere in a file;
//! - at most 25,000 results a run (GitHub's limit), most severe first, with
//!   a notification saying how many were left out.

use super::{Finding, Report, Severity};
use serde_json::{Value, json};
use std::path::Path;

/// GitHub code scanning's result limit per run.
pub const MAX_RESULTS: usize = 25_000;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// What SARIF says about one rule or signature.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    /// `rule` (an AST rule) or `signature` (YARA-X).
    pub kind: &'static str,
    /// One line.
    pub summary: String,
    /// The whole documentation, Markdown.
    pub doc: String,
    pub family: Option<String>,
}

/// GitHub's scale: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium,
/// 0.1 to 3.9 low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// Renders `report` for the run that produced it in `cwd`.
pub fn render(report: &Report, rules: &[RuleDoc], cwd: &Path) -> String {
    let index = |id: &str| rules.iter().position(|r| r.id == id);
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    // The most severe first when GitHub's limit cuts the list; the report's
    // own order otherwise.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let left_out = findings.len().saturating_sub(MAX_RESULTS);
    findings.truncate(MAX_RESULTS);
    findings.sort_by(|a, b| {
        (a.path.as_str(), a.line, a.rule.as_str()).cmp(&(b.path.as_str(), b.line, b.rule.as_str()))
    });

    let results: Vec<Value> = findings
        .iter()
        .map(|f| result(f, index(&f.rule), cwd))
        .collect();
    let mut notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": {"text": format!("{}: {}", e.path, e.message)},
                "locations": [{"physicalLocation": {"artifactLocation": artifact(&e.path, cwd)}}],
            })
        })
        .collect();
    if left_out > 0 {
        notifications.push(json!({
            "level": "warning",
            "message": {"text": format!(
                "{left_out} findings of the least severity are left out: GitHub code scanning takes {MAX_RESULTS} results a run (use --format json for all)"
            )},
        }));
    }
    let root = format!(
        "file://{}/",
        uri_path(&cwd.to_string_lossy()).trim_end_matches('/')
    );
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "hiss",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(rule).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("a JSON value serialises");
    text.push('\n');
    text
}

fn rule(r: &RuleDoc) -> Value {
    let mut tags = vec!["security".to_string(), "malicious-code".to_string()];
    if let Some(f) = &r.family {
        tags.push(f.clone());
    }
    json!({
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.summary},
        "help": {"text": r.doc, "markdown": r.doc},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {
            "security-severity": security_severity(r.severity),
            "precision": "high",
            "tags": tags,
        },
    })
}

fn result(f: &Finding, rule_index: Option<usize>, cwd: &Path) -> Value {
    let (file, member) = match f.path.split_once("!/") {
        Some((file, member)) => (file, Some(member)),
        None => (f.path.as_str(), None),
    };
    let mut message = f.message.clone();
    if !f.chain.is_empty() {
        message.push_str(&format!(" (decoded: {})", f.chain.join(" → ")));
    }
    let region = match member {
        // GitHub shows the archive; its line 1 is where the alert sits.
        Some(m) => {
            message = format!("In archive member {m}, line {}: {message}", f.line);
            json!({"startLine": 1})
        }
        None => json!({
            "startLine": f.line.max(1),
            "startColumn": f.column.max(1),
            "endLine": f.end_line.max(f.line).max(1),
            "endColumn": if f.end_line > f.line { f.end_column.max(1) } else { f.end_column.max(f.column).max(1) },
            "snippet": {"text": f.snippet},
        }),
    };
    let mut out = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(file, cwd),
                "region": region,
            },
            "logicalLocations": [{"fullyQualifiedName": f.path, "kind": "module"}],
        }],
        "partialFingerprints": {"hiss/v1": f.fingerprint},
        "properties": {
            "severity": f.severity.as_str(),
            "security-severity": security_severity(f.severity),
            "confidence": f.confidence.as_str(),
            "context": f.context,
            "chain": f.chain,
            "sha256": f.sha256,
            "family": f.family,
            "package": f.package,
        },
    });
    if let Some(i) = rule_index {
        out["ruleIndex"] = json!(i);
    }
    out
}

/// An artifact location: relative to `%SRCROOT%` when the path lies under
/// the working folder, else an absolute `file://` URI.
fn artifact(path: &str, cwd: &Path) -> Value {
    let mut abs = std::path::PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                abs.pop();
            }
            other => abs.push(other),
        }
    }
    match abs.strip_prefix(cwd) {
        Ok(r) => json!({"uri": uri_path(&r.to_string_lossy()), "uriBaseId": "%SRCROOT%"}),
        Err(_) => json!({"uri": format!("file://{}", uri_path(&abs.to_string_lossy()))}),
    }
}

/// Percent-encodes a path for a URI, keeping `/` and RFC 3986's unreserved
/// characters.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_escaped() {
        let cwd = Path::new("/work/repo");
        assert_eq!(
            artifact("./src/my app.py", cwd),
            json!({"uri": "src/my%20app.py", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact("/work/repo/a#b.py", cwd),
            json!({"uri": "a%23b.py", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact("/elsewhere/x.py", cwd),
            json!({"uri": "file:///elsewhere/x.py"})
        );
        assert_eq!(
            artifact("../up.py", cwd),
            json!({"uri": "file:///work/up.py"})
        );
    }
}
