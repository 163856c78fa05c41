//! Baselines: the findings a project has already accepted, so that CI fails
//! only on new ones (`--write-baseline FILE`, then `--baseline FILE`).
//!
//! A finding is matched by its rule, its path relative to the baseline's
//! folder, and its snippet with whitespace normalised: not its line, so it
//! survives code moved up or down and edits elsewhere in the file, whichever
//! folder the scan is started from. Each entry matches once: a second copy of
//! an accepted line is a new finding.

use crate::analysis::fingerprint;
use crate::config::{absolute, relative_to};
use crate::report::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The format version of the file.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    tool: String,
    findings: Vec<Entry>,
}

/// One accepted finding; `rule`, `path`, `line` and `snippet` are for the
/// reviewer, `key` is what is matched.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    key: String,
    rule: String,
    path: String,
    line: usize,
    snippet: String,
}

/// A loaded baseline: how many times each key may still match.
#[derive(Debug)]
pub struct Baseline {
    root: PathBuf,
    cwd: PathBuf,
    left: HashMap<String, usize>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
        let file: File = serde_json::from_str(&text)
            .map_err(|e| format!("{}:{}: not a hiss baseline: {e}", path.display(), e.line()))?;
        if file.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not {VERSION}",
                path.display(),
                file.version
            ));
        }
        let mut left = HashMap::new();
        for e in file.findings {
            *left.entry(e.key).or_insert(0) += 1;
        }
        let (root, cwd) = folders(path);
        Ok(Baseline { root, cwd, left })
    }

    /// Whether `f` is accepted (and uses up the entry that accepts it).
    pub fn take(&mut self, f: &Finding) -> bool {
        let key = key(&self.root, &self.cwd, f);
        match self.left.get_mut(&key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
}

/// Writes `findings` as the baseline at `path`.
pub fn write(path: &Path, findings: &[Finding]) -> std::io::Result<()> {
    let (root, cwd) = folders(path);
    let mut entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            key: key(&root, &cwd, f),
            rule: f.rule.clone(),
            path: relative_to(&root, &cwd, &f.path),
            line: f.line,
            snippet: f.snippet.clone(),
        })
        .collect();
    entries.sort_by(|a, b| (&a.path, a.line, &a.rule).cmp(&(&b.path, b.line, &b.rule)));
    let file = File {
        version: VERSION,
        tool: "hiss".to_string(),
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).expect("a baseline serialises");
    text.push('\n');
    std::fs::write(path, text)
}

/// The baseline's folder (paths are relative to it) and the working folder.
fn folders(path: &Path) -> (PathBuf, PathBuf) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = absolute(&cwd, path.parent().unwrap_or(Path::new("")));
    (root, cwd)
}

fn key(root: &Path, cwd: &Path, f: &Finding) -> String {
    fingerprint(&f.rule, &relative_to(root, cwd, &f.path), &f.snippet)
}
