//! The sink rules report into.

use super::Meta;
use crate::python::tree::Node;
use crate::report::{Confidence, Context, Severity};

/// A finding before it knows its file: positions are within the analysed text.
#[derive(Debug, Clone)]
pub struct RawFinding {
    /// Rule or signature id, name and family.
    pub id: String,
    pub name: String,
    pub family: Option<String>,
    pub severity: Severity,
    pub confidence: Confidence,
    pub start: (usize, usize),
    pub end: (usize, usize),
    pub byte_range: std::ops::Range<usize>,
    pub message: String,
    pub context: Context,
    pub chain: Vec<String>,
}

/// Collects what the rules find in one analysed text.
#[derive(Default)]
pub struct Checker<'a> {
    findings: Vec<RawFinding>,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl Checker<'_> {
    pub fn new() -> Self {
        Checker::default()
    }

    /// Reports `node` under `meta`, at `severity`.
    pub fn report(
        &mut self,
        meta: &'static Meta,
        node: Node<'_>,
        severity: Severity,
        context: Context,
        message: impl Into<String>,
    ) -> &mut RawFinding {
        let s = node.start_position();
        let e = node.end_position();
        self.findings.push(RawFinding {
            id: meta.id.to_string(),
            name: meta.name.to_string(),
            family: None,
            severity,
            confidence: meta.confidence,
            start: (s.row + 1, s.column + 1),
            end: (e.row + 1, e.column + 1),
            byte_range: node.byte_range(),
            message: message.into(),
            context,
            chain: Vec::new(),
        });
        self.findings.last_mut().expect("just pushed")
    }

    /// The findings, unsorted; see [`dedup`].
    pub fn into_findings(self) -> Vec<RawFinding> {
        self.findings
    }
}

impl RawFinding {
    pub fn with_chain(&mut self, chain: &[&str]) -> &mut Self {
        self.chain = chain.iter().map(|s| s.to_string()).collect();
        self
    }

    pub fn with_confidence(&mut self, c: Confidence) -> &mut Self {
        self.confidence = c;
        self
    }
}

/// One finding per rule and line: the strongest, and of equals the one that
/// saw through the most layers.
pub fn dedup(findings: &mut Vec<RawFinding>) {
    findings.sort_by(|a, b| {
        (a.start.0, &a.id)
            .cmp(&(b.start.0, &b.id))
            .then(b.severity.cmp(&a.severity))
            .then(b.chain.len().cmp(&a.chain.len()))
    });
    findings.dedup_by(|later, first| later.start.0 == first.start.0 && later.id == first.id);
}
