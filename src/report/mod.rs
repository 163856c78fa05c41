//! Findings and the formats they are printed in.

mod finding;
pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod sarif;

pub use finding::{Confidence, Context, Finding, Package, ScanError, Severity, Summary};

use serde::Serialize;

/// Everything a scan found, in the order CONTRACT.md promises.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub errors: Vec<ScanError>,
    pub summary: Summary,
}

impl Report {
    /// Sorts by path, then line, then rule, so that two runs print the same bytes.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (a.path.as_str(), a.line, a.rule.as_str(), a.column).cmp(&(
                b.path.as_str(),
                b.line,
                b.rule.as_str(),
                b.column,
            ))
        });
        self.errors.sort_by(|a, b| {
            (a.path.as_str(), a.message.as_str()).cmp(&(b.path.as_str(), b.message.as_str()))
        });
        self.summary.findings = self.findings.len() as u64;
        self.summary.errors = self.errors.len() as u64;
    }

    /// The highest severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}
