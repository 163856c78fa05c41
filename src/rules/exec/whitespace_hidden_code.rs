//! # HS104 whitespace-hidden-code
//!
//! ## What it does
//!
//! Flags code pushed off-screen by padding: a line where 100 or more spaces
//! or tabs, outside any string or comment, separate visible code from more
//! code on the same line (`print("ok")` + 300 spaces + `;exec(...)`), and code
//! that starts beyond column 250 after blank padding.
//!
//! ## Why it matters
//!
//! An editor without wrapping, a diff view or a code review page never shows
//! what sits at column 300. W4SP's `setup.py` files and the fake `colorama`
//! of the 2024 fake-PyPI-mirror campaign hid their loader exactly this way.
//! Code formatters never produce such lines.
//!
//! ## Example
//!
//! ```python
//! print("installing")                                                                                                    ;__import__("os").system("id")
//! ```
//!
//! ## False positives
//!
//! Padding inside long string literals and comments is ignored; generated
//! data tables with huge column alignment are the remaining source.
//!
//! ## References
//!
//! - THREATS.md H4
//! - Checkmarx, "Over 170K users affected by attack using fake Python infrastructure" (2024)

use crate::python::Syntax;
use crate::python::tree::Node;
use crate::python::{Module, names};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};

pub struct WhitespaceHiddenCode;

static META: Meta = crate::rule_meta!("HS104", "whitespace-hidden-code", Critical, High);

/// Padding between two pieces of code on one line.
const MIN_GAP: usize = 100;
/// Leading padding before code.
const MIN_INDENT: usize = 250;

impl Rule for WhitespaceHiddenCode {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        let src = m.source;
        let root = m.tree.root_node();
        let mut line_start = 0;
        for line in src.split_inclusive(|&b| b == b'\n') {
            if line.len() > MIN_GAP
                && let Some((run_start, run_end)) = hidden_gap(line)
            {
                let (start, end) = (line_start + run_start, line_start + run_end);
                if !inside_literal(root, start)
                    && let Some(node) = first_node_at(root, end)
                {
                    let severity = if runs_something(m, line_start + line.len(), end) {
                        Severity::Critical
                    } else {
                        Severity::High
                    };
                    let column = run_end + 1;
                    checker.report(
                        &META,
                        node,
                        severity,
                        m.context(m.scope_at(node)),
                        format!(
                            "code is hidden after {} blank columns, at column {column}",
                            run_end - run_start
                        ),
                    );
                }
            }
            line_start += line.len();
        }
    }
}

/// The first blank run on the line that hides code: long padding between
/// code and code, or very long leading padding before code.
fn hidden_gap(line: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    let mut seen_code = false;
    while i < line.len() {
        if line[i] == b' ' || line[i] == b'\t' {
            let start = i;
            while i < line.len() && (line[i] == b' ' || line[i] == b'\t') {
                i += 1;
            }
            let run = i - start;
            let next = line.get(i).copied();
            let more_code =
                matches!(next, Some(c) if c != b'\n' && c != b'\r' && c != b'#' && c != b'\\');
            if more_code && ((seen_code && run >= MIN_GAP) || (!seen_code && run >= MIN_INDENT)) {
                return Some((start, i));
            }
        } else {
            seen_code = true;
            i += 1;
        }
    }
    None
}

fn inside_literal(root: Node<'_>, offset: usize) -> bool {
    let Some(mut node) = root.descendant_for_byte_range(offset, offset + 1) else {
        return false;
    };
    loop {
        if matches!(
            node.kind_name(),
            "string" | "string_content" | "comment" | "concatenated_string"
        ) {
            return true;
        }
        match node.parent() {
            Some(p) => node = p,
            None => return false,
        }
    }
}

fn first_node_at(root: Node<'_>, offset: usize) -> Option<Node<'_>> {
    let mut node = root.descendant_for_byte_range(offset, offset + 1)?;
    // Climb to the statement-level expression that starts here, for a readable span.
    while let Some(p) = node.parent() {
        if p.start_byte() != node.start_byte()
            || p.kind_name() == "module"
            || p.kind_name() == "block"
        {
            break;
        }
        node = p;
    }
    Some(node)
}

/// Whether a call after the padding (and on the same line) runs code, spawns,
/// decodes or reaches the network.
fn runs_something(m: &Module<'_>, line_end: usize, from: usize) -> bool {
    m.calls.iter().any(|c| {
        let s = c.node.start_byte();
        s >= from
            && s < line_end
            && c.qname.as_deref().is_some_and(|q| {
                names::is_code_exec(q)
                    || names::is_spawn(q)
                    || names::is_network(q)
                    || names::decoder(q).is_some()
                    || q == "builtins.__import__"
            })
    })
}
