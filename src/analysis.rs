//! Analysis of one file: signatures on its bytes, AST rules on its Python.
//!
//! A [`Worker`] owns one tree-sitter parser and one YARA-X scanner and is
//! reused for every file a rayon thread handles.

use crate::python::{self, FileRole, Module};
use crate::report::{Context, Finding, ScanError};
use crate::rules::{self, Checker, RawFinding};
use crate::signatures::{self, Signatures};
use sha2::{Digest, Sha256};

/// What kind of text a file is, by name and first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Python source: `.py`, `.pyw`, or no extension with a python shebang.
    Python,
    /// A `.pth` path-configuration file: only its `import` lines are code.
    Pth,
    /// Anything else: signatures only.
    Other,
}

impl Language {
    pub fn detect(path: &str, head: &[u8]) -> Language {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".py") || lower.ends_with(".pyw") {
            return Language::Python;
        }
        if lower.ends_with(".pth") {
            return Language::Pth;
        }
        if !name.contains('.') && head.starts_with(b"#!") {
            let first = head.split(|&b| b == b'\n').next().unwrap_or(head);
            if memchr::memmem::find(first, b"python").is_some() {
                return Language::Python;
            }
        }
        Language::Other
    }
}

/// The result of analysing one file.
#[derive(Debug, Default)]
pub struct FileResult {
    pub findings: Vec<Finding>,
    pub errors: Vec<ScanError>,
}

/// Per-thread analysis state.
pub struct Worker<'s> {
    parser: tree_sitter::Parser,
    sigs: &'s Signatures,
    scanner: yara_x::Scanner<'s>,
}

impl<'s> Worker<'s> {
    pub fn new(sigs: &'s Signatures) -> Worker<'s> {
        Worker {
            parser: python::parser(),
            sigs,
            scanner: sigs.scanner(),
        }
    }

    /// Analyses the bytes of one file reached as `path`.
    pub fn analyze(&mut self, path: &str, data: &[u8]) -> FileResult {
        let mut result = FileResult::default();
        let language = Language::detect(path, &data[..data.len().min(256)]);
        let role = FileRole::of_path(path);
        let mut raw: Vec<RawFinding> = Vec::new();

        if language != Language::Other {
            let code = match language {
                Language::Pth => pth_code(data),
                _ => data.to_vec(),
            };
            match python::parse(&mut self.parser, &code) {
                Some(tree) => {
                    let module = Module::build(&code, &tree, role);
                    let mut checker = Checker::new();
                    rules::check_all(&module, &mut checker);
                    raw = checker.into_findings();
                }
                None => result.errors.push(ScanError {
                    path: path.to_string(),
                    message: "cannot parse as Python (the parser gave up)".to_string(),
                }),
            }
        }

        let matches = match signatures::scan(self.sigs, &mut self.scanner, data) {
            Ok(m) => m,
            Err(message) => {
                result.errors.push(ScanError {
                    path: path.to_string(),
                    message,
                });
                Vec::new()
            }
        };

        if raw.is_empty() && matches.is_empty() {
            return result;
        }
        let sha256 = hex::encode(Sha256::digest(data));
        let lines = LineIndex::new(data);
        for r in raw {
            let line_text = lines.line_text(data, r.start.0);
            let snippet = snippet(&data[r.byte_range.clone()]);
            result.findings.push(Finding {
                rule: r.meta.id.to_string(),
                name: r.meta.name.to_string(),
                severity: r.severity,
                confidence: r.confidence,
                path: path.to_string(),
                line: r.start.0,
                column: r.start.1,
                end_line: r.end.0,
                end_column: r.end.1,
                message: r.message,
                fingerprint: fingerprint(r.meta.id, path, &snippet),
                snippet,
                context: r.context,
                chain: r.chain,
                sha256: sha256.clone(),
                package: None,
                family: None,
                line_text,
            });
        }
        let context = match role {
            FileRole::Setup => Context::Install,
            FileRole::Pth | FileRole::Startup => Context::Startup,
            FileRole::Module if language == Language::Python => Context::Import,
            FileRole::Module => Context::Unknown,
        };
        for m in matches {
            let sig = &self.sigs.list[m.index];
            let (line, column) = lines.position(m.offset);
            let (end_line, end_column) = lines.position(m.offset + m.len);
            let matched = &data[m.offset..(m.offset + m.len).min(data.len())];
            let snippet = snippet(matched);
            result.findings.push(Finding {
                rule: sig.id.clone(),
                name: sig.name.clone(),
                severity: sig.severity,
                confidence: crate::report::Confidence::High,
                path: path.to_string(),
                line,
                column,
                end_line,
                end_column,
                message: sig.description.clone(),
                fingerprint: fingerprint(&sig.id, path, &snippet),
                snippet,
                context,
                chain: Vec::new(),
                sha256: sha256.clone(),
                package: None,
                family: sig.family.clone(),
                line_text: lines.line_text(data, line),
            });
        }
        result
    }
}

/// The code of a `.pth` file as Python: `site.py` executes the lines that
/// start with `import` and treats the others as paths, so every other line is
/// blanked (line numbers stay as they are).
fn pth_code(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for line in data.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b"import ") || line.starts_with(b"import\t") {
            out.extend_from_slice(line);
        } else if line.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}

/// The first line of a matched text, trimmed and bounded, for reports.
fn snippet(bytes: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(bytes);
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if first.chars().count() > MAX {
        let mut s: String = first.chars().take(MAX).collect();
        s.push('…');
        s
    } else {
        first.to_string()
    }
}

/// Stable across line moves: rule, path and the normalised snippet.
fn fingerprint(rule: &str, path: &str, snippet: &str) -> String {
    let normal: String = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(normal.as_bytes());
    hex::encode(&h.finalize()[..16])
}

/// Byte offsets of line starts, for offset → line/column.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(data: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', data).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (columns count bytes, as tree-sitter does).
    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line.saturating_sub(1)];
        (line.max(1), offset - start + 1)
    }

    fn line_text(&self, data: &[u8], line: usize) -> String {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return String::new();
        };
        let end = self.starts.get(line).map(|e| e - 1).unwrap_or(data.len());
        let bytes = &data[start..end.max(start)];
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        const MAX: usize = 4096;
        String::from_utf8_lossy(&bytes[..bytes.len().min(MAX)]).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        assert_eq!(Language::detect("a/b.py", b""), Language::Python);
        assert_eq!(Language::detect("a/x.pth", b""), Language::Pth);
        assert_eq!(
            Language::detect("bin/tool", b"#!/usr/bin/env python3\n"),
            Language::Python
        );
        assert_eq!(
            Language::detect("bin/tool", b"#!/bin/sh\n"),
            Language::Other
        );
        assert_eq!(Language::detect("README.md", b"#!python"), Language::Other);
    }

    #[test]
    fn pth_keeps_only_import_lines() {
        let code = pth_code(b"/opt/lib\nimport os; os.getcwd()\n# comment\n");
        assert_eq!(code, b"\nimport os; os.getcwd()\n\n");
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new(b"ab\ncd\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(4), (2, 2));
        assert_eq!(idx.line_text(b"ab\ncd\n", 2), "cd");
    }
}
