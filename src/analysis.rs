//! Analysis of one file: signatures on its bytes, AST rules on its Python.
//!
//! A [`Worker`] owns one tree-sitter parser and one YARA-X scanner and is
//! reused for every file a rayon thread handles.

use crate::budget;
use crate::python::Syntax;
use crate::python::decode::{self, Content};
use crate::python::model::BuildRole;
use crate::python::nfkc;
use crate::python::notebook::Notebook;
use crate::python::tree::Node;
use crate::python::{self, FileRole, Module};
use crate::report::{Confidence, Context, Finding, ScanError};
use crate::rules::exec::decoded_binary_payload;
use crate::rules::{self, Checker, RawFinding};
use crate::signatures::{self, Signatures};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// What kind of text a file is, by name and first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Python source: `.py`, `.pyw`, or no extension with a python shebang.
    Python,
    /// A `.pth` path-configuration file: only its `import` lines are code.
    Pth,
    /// A Jupyter notebook: its code cells are Python.
    Notebook,
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
        if lower.ends_with(".ipynb") {
            return Language::Notebook;
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

/// What one file may cost: the budgets that keep a sweep moving past a file
/// built to stall it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLimits {
    /// Wall time for the Python analysis of one file (`None`: unlimited).
    /// The signature pass on its raw bytes gets the same again, so that a
    /// file too slow to analyse still gets the cheap, decisive check.
    pub time: Option<Duration>,
    /// Bytes of decoded payloads one file may produce in all.
    pub max_decoded: usize,
    /// Bytes the syntax trees of one file may hold (`None`: unlimited).
    pub parse_memory: Option<usize>,
}

impl Default for FileLimits {
    fn default() -> Self {
        FileLimits {
            time: Some(Duration::from_secs(30)),
            max_decoded: 64 << 20,
            parse_memory: Some(512 << 20),
        }
    }
}

/// Per-thread analysis state.
pub struct Worker<'s> {
    parser: tree_sitter::Parser,
    sigs: &'s Signatures,
    scanner: yara_x::Scanner<'s>,
    limits: FileLimits,
    /// Problems met inside layers (a signature scan that failed), reported
    /// with the file.
    problems: Vec<String>,
    /// Files whose analysis ran out of time so far: their results depend
    /// on the machine's load, so they are not cached.
    pub timeouts: usize,
}

impl<'s> Worker<'s> {
    pub fn new(sigs: &'s Signatures) -> Worker<'s> {
        Worker::with_limits(sigs, FileLimits::default())
    }

    pub fn with_limits(sigs: &'s Signatures, limits: FileLimits) -> Worker<'s> {
        Worker {
            parser: python::parser(),
            sigs,
            scanner: sigs.scanner(),
            limits,
            problems: Vec::new(),
            timeouts: 0,
        }
    }

    /// Analyses the bytes of one file reached as `path`.
    pub fn analyze(&mut self, path: &str, data: &[u8]) -> FileResult {
        self.analyze_as(path, data, None)
    }

    /// Analyses one file; `build` overrides what its name says (a module a
    /// build runs, known from the project's files).
    pub fn analyze_as(&mut self, path: &str, data: &[u8], build: Option<&BuildRole>) -> FileResult {
        // An evaluation that turns heavy takes the workers' heavy turn.
        let _turn = crate::python::memory::TurnScope::begin();
        let mut result = FileResult::default();
        let language = Language::detect(path, &data[..data.len().min(256)]);
        let role = build.map_or_else(|| FileRole::of_path(path), |b| b.role);
        let entries: &[String] = build.map_or(&[], |b| &b.entries);
        let mut raw: Vec<RawFinding> = Vec::new();
        let lines = LineIndex::new(data);
        let context = match role {
            FileRole::Setup
            | FileRole::InstallHook
            | FileRole::SetupImport
            | FileRole::InstallScript => Context::Install,
            FileRole::Pth | FileRole::Startup => Context::Startup,
            FileRole::Module if language != Language::Other => Context::Import,
            FileRole::Module => Context::Unknown,
        };

        // A Python file's signatures run inside its layer (once, with the
        // strings it joins); everything else, and a `.pth` file's own bytes,
        // gets the plain pass.
        let mut signed = false;
        let notebook = match language {
            // A file Jupyter cannot open runs no code: its text still gets
            // the signatures, and it is not an error of the scan.
            Language::Notebook => Notebook::extract(data).ok(),
            _ => None,
        };
        // CPython cannot run UTF-16 source, but a two-line loader can
        // `exec(open(f, encoding='utf-16').read())` it: the rules read it
        // as text, and findings point at the bytes as stored.
        let utf16 = match language {
            Language::Python => Utf16::transcode(data),
            _ => None,
        };
        let code = match (language, &notebook) {
            (Language::Pth, _) => Some(pth_code(data)),
            (Language::Python, _) => Some(match &utf16 {
                Some(u) => u.text.clone(),
                None => lone_cr_to_lf(data),
            }),
            (Language::Notebook, Some(nb)) => Some(nb.code.clone()),
            _ => None,
        };
        if let Some(code) = &code {
            let mut decoded = DecodeBudget {
                left: self.limits.max_decoded,
            };
            let file = Layer {
                path,
                role,
                entries,
            };
            let _budget = budget::start(self.limits.time, self.limits.parse_memory);
            match self.python_layer(code, &file, context, 0, &mut decoded, &mut raw) {
                Ok(()) => signed = language != Language::Pth,
                Err(message) => result.errors.push(ScanError {
                    path: path.to_string(),
                    message,
                }),
            }
            if let Some(miss) = budget::missed() {
                // Findings made within budget stand; the raw bytes still get
                // the signatures below.
                signed = false;
                let over = match miss {
                    budget::Miss::Time(stage) => {
                        self.timeouts += 1;
                        format!(
                            "time limit of {} s reached while {stage} (--file-timeout)",
                            self.limits.time.map_or(0.0, |t| t.as_secs_f64())
                        )
                    }
                    budget::Miss::ParseMemory(held) => format!(
                        "its syntax tree passed {} MB of memory ({} MB held; --max-parse-memory)",
                        self.limits.parse_memory.unwrap_or(0) >> 20,
                        held >> 20
                    ),
                };
                result.errors.push(ScanError {
                    path: path.to_string(),
                    message: format!(
                        "{over}: findings so far are reported, the rest of the Python analysis is not done"
                    ),
                });
            }
        }
        result
            .errors
            .extend(self.problems.drain(..).map(|message| ScanError {
                path: path.to_string(),
                message,
            }));
        if !signed {
            // Behaviour signatures describe Python; a JavaScript bundle or a
            // binary that kills browsers or hooks keys is not what they mean.
            let python = language != Language::Other;
            match self.signature_findings(data, context, &lines, python) {
                Ok(found) => raw.extend(found),
                Err(message) => result.errors.push(ScanError {
                    path: path.to_string(),
                    message,
                }),
            }
        }

        // A whole file published as an indicator (its bytes are not what a
        // Python file's signature pass scans, so the hash is checked here).
        let sha256 = hex::encode(Sha256::digest(data));
        if let Some(id) = signatures::known_file(&sha256)
            && let Some(sig) = self.sigs.list.iter().find(|s| s.id == id)
        {
            let first_line = memchr::memchr(b'\n', data).unwrap_or(data.len());
            raw.push(RawFinding {
                id: sig.id.clone(),
                name: sig.name.clone(),
                family: sig.family.clone(),
                severity: sig.severity,
                confidence: Confidence::High,
                start: (1, 1),
                end: lines.position(first_line),
                byte_range: 0..first_line,
                message: format!("{} (the whole file is a published sample)", sig.description),
                context,
                chain: Vec::new(),
            });
        }
        if raw.is_empty() {
            return result;
        }
        rules::dedup(&mut raw);
        // Positions are in the analysed text: the file itself, or for a
        // notebook the text of its cells, mapped back to the stored file.
        let (text, text_lines) = match (&notebook, &utf16) {
            (Some(nb), _) => (nb.code.as_slice(), LineIndex::new(&nb.code)),
            (None, Some(u)) => (u.text.as_slice(), LineIndex::new(&u.text)),
            (None, None) => (data, lines.clone()),
        };
        for mut r in raw {
            let end = r.byte_range.end.min(text.len());
            let snippet = snippet(&text[r.byte_range.start.min(end)..end]);
            let mut cell = None;
            let line_text = match &notebook {
                Some(nb) => {
                    cell = nb.origin(r.start.0).map(|o| (o.cell, o.line));
                    r.start = stored_position(nb, r.start);
                    r.end = stored_position(nb, r.end);
                    lines.line_text(data, r.start.0)
                }
                None => {
                    if let Some(u) = &utf16 {
                        r.start = u.stored_position(&text_lines, r.start);
                        r.end = u.stored_position(&text_lines, r.end);
                    }
                    text_lines.line_text(text, r.start.0)
                }
            };
            result.findings.push(Finding {
                fingerprint: fingerprint(&r.id, path, &snippet),
                rule: r.id,
                name: r.name,
                severity: r.severity,
                confidence: r.confidence,
                path: path.to_string(),
                line: r.start.0,
                column: r.start.1,
                end_line: r.end.0,
                end_column: r.end.1,
                message: r.message,
                snippet,
                context: r.context,
                chain: r.chain,
                sha256: sha256.clone(),
                package: None,
                family: r.family,
                cell,
                line_text,
            });
        }
        result
    }

    /// Rules on one text of Python, then the same again on every payload it
    /// decodes from literals (findings there point at the encoded expression).
    fn python_layer(
        &mut self,
        code: &[u8],
        file: &Layer<'_>,
        context: Context,
        depth: usize,
        budget: &mut DecodeBudget,
        out: &mut Vec<RawFinding>,
    ) -> Result<(), String> {
        let Some(tree) = python::parse(&mut self.parser, code) else {
            return parse_failure();
        };
        let Some(normal) = nfkc::normalize_identifiers(code, &tree) else {
            return self.python_tree(code, &tree, file, context, depth, budget, out);
        };
        // Rules read the names Python reads; findings point at the text as
        // written.
        let Some(tree) = python::parse(&mut self.parser, &normal.source) else {
            return parse_failure();
        };
        let from = out.len();
        let done = self.python_tree(&normal.source, &tree, file, context, depth, budget, out);
        for f in &mut out[from..] {
            if f.byte_range.end > normal.source.len() {
                continue;
            }
            let start = normal.original(f.byte_range.start, false);
            let end = normal.original(f.byte_range.end, true).max(start);
            f.byte_range = start..end;
            f.start = line_and_column(code, start);
            f.end = line_and_column(code, end);
        }
        done
    }

    /// [`Self::python_layer`] on a parsed text.
    #[allow(clippy::too_many_arguments)]
    fn python_tree(
        &mut self,
        code: &[u8],
        tree: &crate::python::tree::Tree,
        file: &Layer<'_>,
        context: Context,
        depth: usize,
        budget: &mut DecodeBudget,
        out: &mut Vec<RawFinding>,
    ) -> Result<(), String> {
        if budget::expired("building the model") {
            return Ok(());
        }
        let mut module = Module::build_with(code, tree, file.role, file.entries);
        module.path = file.path.to_string();
        // Code a setup.py decodes or hands to `python -c` while pip runs it
        // is install-time code, though it never calls setup() itself.
        if depth > 0 && file.role == FileRole::Setup && context == Context::Install {
            module.role = FileRole::Setup;
        }
        let mut checker = Checker::new();
        rules::check_all(&module, &mut checker);
        out.extend(checker.into_findings());
        if budget::expired("running the rules") {
            return Ok(());
        }
        self.text_signatures(&module, code, context, out);
        if depth >= MAX_LAYER_DEPTH {
            self.problems.push(format!(
                "decoded layers nest deeper than {MAX_LAYER_DEPTH}: what lies below is not analysed"
            ));
            return Ok(());
        }
        decode::take_limit_hit();
        let found = payloads(&module);
        if decode::take_limit_hit() {
            self.problems.push(
                "a decoding chain goes past the decoder's limits (layers or steps): what lies below is not analysed"
                    .to_string(),
            );
        }
        for (node, payload) in found {
            if budget::expired("analysing decoded layers") || !budget.take(payload.bytes.len()) {
                break;
            }
            let at = Anchor::of(&module, node);
            let mut inner: Vec<RawFinding> = Vec::new();
            match decode::classify(&payload) {
                Content::Python => {
                    // A layer that does not parse is data, not an error of the
                    // file: its bytes still get the signatures.
                    let layer = self.python_layer(
                        &payload.bytes,
                        file,
                        at.context,
                        depth + 1,
                        budget,
                        &mut inner,
                    );
                    if layer.is_err() {
                        let lines = LineIndex::new(&payload.bytes);
                        if let Ok(found) =
                            self.signature_findings(&payload.bytes, at.context, &lines, true)
                        {
                            inner.extend(found);
                        }
                    }
                }
                Content::Native(what) => {
                    inner.push(decoded_binary_payload::finding(
                        what,
                        false,
                        &payload.layers,
                    ));
                }
                Content::Serialized(what) => {
                    inner.push(decoded_binary_payload::finding(what, true, &payload.layers));
                }
                Content::Other => {
                    let lines = LineIndex::new(&payload.bytes);
                    if let Ok(found) =
                        self.signature_findings(&payload.bytes, at.context, &lines, true)
                    {
                        inner.extend(found);
                    }
                }
            }
            let layers: Vec<String> = payload.layers.iter().map(|l| l.to_string()).collect();
            for mut f in inner {
                at.apply(&mut f, &layers);
                out.push(f);
            }
        }
        Ok(())
    }

    /// Signatures on a Python text and on the strings it builds from pieces
    /// (`'ab' 'cd'`, `'ab' + 'cd'`, `''.join(...)`): a split IOC is still the
    /// IOC. One scan: the text first, then the joined strings, each quoted;
    /// matches in a joined string point at the expression that builds it.
    fn text_signatures(
        &mut self,
        m: &Module<'_>,
        code: &[u8],
        context: Context,
        out: &mut Vec<RawFinding>,
    ) {
        // The text itself comes first, so that a rule needing one string
        // from the text and one joined from pieces still matches.
        let mut buffer: Vec<u8> = code.to_vec();
        buffer.push(b'\n');
        let own = buffer.len();
        let mut spans: Vec<(std::ops::Range<usize>, Node<'_>)> = Vec::new();
        let built = m
            .strings
            .iter()
            .filter(|n| n.kind_name() == "concatenated_string")
            .chain(m.concatenations.iter())
            .chain(m.calls.iter().map(|c| &c.node));
        for node in built {
            if buffer.len() > 16 << 20 {
                break;
            }
            let Some(value) = python::fold::fold(m, *node).and_then(|v| v.to_bytes()) else {
                continue;
            };
            if value.len() < 4 {
                continue;
            }
            // Quoted, as the literal would have been written whole.
            let start = buffer.len();
            buffer.push(b'"');
            buffer.extend_from_slice(&value);
            buffer.push(b'"');
            spans.push((start..buffer.len(), *node));
            buffer.push(b'\n');
        }
        let lines = LineIndex::new(&buffer);
        let found = match self.signature_findings(&buffer, context, &lines, true) {
            Ok(found) => found,
            Err(message) => {
                self.problems.push(message);
                return;
            }
        };
        for mut f in found {
            if f.byte_range.start < own {
                // Matched in the text as written.
                f.byte_range.end = f.byte_range.end.min(code.len());
                out.push(f);
                continue;
            }
            let Some((_, node)) = spans.iter().find(|(r, _)| r.contains(&f.byte_range.start))
            else {
                continue;
            };
            let at = Anchor::of(m, *node);
            f.context = at.context;
            at.apply(&mut f, &["join".to_string()]);
            out.push(f);
        }
    }

    /// Signature matches in `data`, positioned in it.
    fn signature_findings(
        &mut self,
        data: &[u8],
        context: Context,
        lines: &LineIndex<'_>,
        python: bool,
    ) -> Result<Vec<RawFinding>, String> {
        // YARA-X stops at the file's remaining time; with no deadline
        // running (the raw pass after the Python analysis) it gets the whole
        // allowance again. Its clock is a shared tick once a second, so a
        // timeout of n seconds can fire after n - 1: one more second keeps
        // the allowance whole.
        let allowance = budget::remaining()
            .or(self.limits.time)
            .unwrap_or(Duration::MAX)
            .saturating_add(Duration::from_secs(1));
        self.scanner.set_timeout(allowance);
        let matches = signatures::scan(self.sigs, &mut self.scanner, data)?;
        Ok(matches
            .into_iter()
            .filter(|m| python || !self.sigs.list[m.index].python_only)
            .map(|m| {
                let sig = &self.sigs.list[m.index];
                let severity = match (context, sig.install_severity) {
                    (Context::Install | Context::Startup, Some(raised)) => raised.max(sig.severity),
                    _ => sig.severity,
                };
                RawFinding {
                    id: sig.id.clone(),
                    name: sig.name.clone(),
                    family: sig.family.clone(),
                    severity,
                    confidence: Confidence::High,
                    start: lines.position(m.offset),
                    end: lines.position(m.offset + m.len),
                    byte_range: m.offset..m.offset + m.len,
                    message: sig.description.clone(),
                    context,
                    chain: Vec::new(),
                }
            })
            .collect())
    }
}

/// 1-based line and byte column of `offset` in `text`.
fn line_and_column(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.len()
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
    (line, column + 1)
}

/// Why tree-sitter returned no tree: it recovers from syntax errors, so
/// either the file's time ran out (reported with the file) or it gave up.
fn parse_failure() -> Result<(), String> {
    if budget::missed().is_some() {
        Ok(())
    } else {
        Err("cannot parse as Python (the parser gave up)".to_string())
    }
}

/// What every layer of one file shares: how the file is run.
struct Layer<'e> {
    path: &'e str,
    role: FileRole,
    entries: &'e [String],
}

/// How deep decoded layers are analysed again (InvisibleFerret nests ~50).
const MAX_LAYER_DEPTH: usize = 64;

/// Bytes of decoded payloads one file may produce in all.
#[derive(Debug)]
struct DecodeBudget {
    left: usize,
}

impl DecodeBudget {
    fn take(&mut self, n: usize) -> bool {
        match self.left.checked_sub(n) {
            Some(rest) => {
                self.left = rest;
                true
            }
            None => false,
        }
    }
}

/// The expression in the analysed text that holds an encoded payload: where
/// findings inside the payload are reported.
struct Anchor {
    start: (usize, usize),
    end: (usize, usize),
    byte_range: std::ops::Range<usize>,
    context: Context,
}

impl Anchor {
    fn of(m: &Module<'_>, node: Node<'_>) -> Anchor {
        let (s, e) = (node.start_position(), node.end_position());
        Anchor {
            start: (s.row + 1, s.column + 1),
            end: (e.row + 1, e.column + 1),
            byte_range: node.byte_range(),
            context: m.context(m.scope_at(node)),
        }
    }

    fn apply(&self, f: &mut RawFinding, layers: &[String]) {
        f.start = self.start;
        f.end = self.end;
        f.byte_range = self.byte_range.clone();
        let mut chain = layers.to_vec();
        chain.append(&mut f.chain);
        f.chain = chain;
        // Decoded top-level code runs when the expression holding it runs.
        if matches!(f.context, Context::Import | Context::Unknown) {
            f.context = self.context;
        }
        let note = if layers == ["join"] {
            "(in a string joined from pieces)"
        } else {
            "(in a decoded layer)"
        };
        if f.id != decoded_binary_payload::META.id && !f.message.contains("(in a ") {
            f.message = format!("{} {note}", f.message);
        }
    }
}

/// Expressions that decode literal data, outermost first, with what they
/// decode to: decoder calls and the arguments of exec/eval/compile.
fn payloads<'t>(m: &Module<'t>) -> Vec<(Node<'t>, decode::Payload)> {
    let mut candidates: Vec<(Node<'t>, usize, bool)> = Vec::new();
    for c in &m.calls {
        let Some(q) = c.qname.as_deref() else {
            continue;
        };
        if python::names::decoder(q).is_some() || q.ends_with(".decrypt") {
            candidates.push((c.node, c.scope, false));
        } else if python::names::is_code_exec(q)
            && let Some(a) = c.arg(0)
        {
            candidates.push((a, c.scope, true));
        }
    }
    // Hand-written decoders: bytes([b ^ k for b in data]),
    // ''.join(chr(ord(c) ^ ord(k[i % n])) ...), ''.join(chr(ord(c) - 3) ...),
    // substitution tables, s.translate(str.maketrans(a, b)).
    for c in &m.calls {
        let comprehension = c.arg(0).is_some_and(|a| {
            matches!(a.kind_name(), "generator_expression" | "list_comprehension")
        });
        let joins = c.is_any(&["builtins.bytes", "builtins.bytearray"])
            || m.text(c.func).ends_with(".join");
        let translates = c.func.kind_name() == "attribute"
            && c.func
                .field("attribute")
                .is_some_and(|a| m.text(a) == "translate");
        if (comprehension && joins) || translates {
            candidates.push((c.node, c.scope, false));
        }
    }
    // Calls to local helpers given a long literal: `b64(code)` with
    // `def b64(s): return b64decode(s).decode()`.
    for c in &m.calls {
        if c.qname.is_none()
            && c.args
                .iter()
                .any(|a| a.kind_name() == "string" && a.byte_range().len() >= 64)
        {
            candidates.push((c.node, c.scope, false));
        }
    }
    candidates.sort_by_key(|(n, _, _)| (n.start_byte(), std::cmp::Reverse(n.end_byte())));
    // Code handed to a new interpreter comes first: its layer says so.
    let mut out = interpreter_code(m);
    out.extend(written_code(m));
    out.extend(whitespace_bits(m));
    let handed: Vec<std::ops::Range<usize>> = out.iter().map(|(n, _)| n.byte_range()).collect();
    let mut covered_until = 0;
    for (node, scope, executed) in candidates {
        if node.start_byte() < covered_until
            || handed.iter().any(|r| r.contains(&node.start_byte()))
        {
            continue;
        }
        let payload = decode::evaluate(m, node, scope)
            .or_else(|| executed.then(|| decode::constant_code(m, node)).flatten());
        if let Some(p) = payload {
            covered_until = node.end_byte();
            out.push((node, p));
        }
    }
    out
}

/// Code a spawn hands a new Python interpreter: `[sys.executable, "-c",
/// CODE]` (CODE folded or decoded), and `python3 -c "..."` or
/// `echo … | base64 -d | python3` in a shell command line. Each is a layer
/// of Python run where the spawn runs (like `exec` of a constant).
fn interpreter_code<'t>(m: &Module<'t>) -> Vec<(Node<'t>, decode::Payload)> {
    let mut out: Vec<(Node<'t>, decode::Payload)> = Vec::new();
    for c in &m.calls {
        if out.len() >= 64 {
            break;
        }
        let Some(q) = c.qname.as_deref() else {
            continue;
        };
        if !python::names::is_spawn(q) {
            continue;
        }
        if let Some(code) = python::names::python_c_code(m, c) {
            let payload = decode::evaluate(m, code, c.scope)
                .or_else(|| decode::constant_code(m, code))
                .map(|mut p| {
                    p.layers.retain(|l| *l != "constant");
                    p.layers.push("python -c");
                    p
                });
            if let Some(p) = payload.filter(|p| p.serialized.is_none()) {
                out.push((code, p));
            }
            continue;
        }
        // A command line (or the strings of an argument vector).
        let Some(first) = c.arg(0) else {
            continue;
        };
        let parts: Vec<Node<'t>> = match first.kind_name() {
            "list" | "tuple" => first.named_children().collect(),
            _ => vec![first],
        };
        for part in parts {
            let Some(cmd) = python::fold::fold(m, part).and_then(|v| v.to_bytes()) else {
                continue;
            };
            let Ok(cmd) = std::str::from_utf8(&cmd) else {
                continue;
            };
            if !cmd.contains("python") && !cmd.contains("base64") && !cmd.contains("py ") {
                continue;
            }
            for p in decode::shell_code(cmd) {
                out.push((part, p));
            }
        }
    }
    out
}

/// Python source a file writes out as a constant: `f.write("""import os
/// …""")`. A dropper keeps its second stage as text and writes it to a `.py`
/// it starts later; the text is analysed as a layer where the write runs.
fn written_code<'t>(m: &Module<'t>) -> Vec<(Node<'t>, decode::Payload)> {
    let mut out = Vec::new();
    for c in &m.calls {
        if out.len() >= 16 {
            break;
        }
        let writes = c.func.kind_name() == "attribute"
            && c.func
                .field("attribute")
                .is_some_and(|a| matches!(m.text(a), "write" | "write_text"));
        let Some(arg) = c.arg(0).filter(|_| writes) else {
            continue;
        };
        if !matches!(
            arg.kind_name(),
            "string" | "concatenated_string" | "identifier"
        ) {
            continue;
        }
        let Some(mut p) = decode::constant_code(m, arg) else {
            continue;
        };
        let text = String::from_utf8_lossy(&p.bytes);
        let code_like = text.contains('\n')
            && (text.contains("import ") || text.contains("exec(") || text.contains("eval("));
        if code_like && p.bytes.len() <= 1 << 20 {
            p.layers = vec!["written source"];
            out.push((arg, p));
        }
    }
    out
}

/// Code spelled in bits by a literal of nothing but spaces and tabs (one
/// byte per eight characters, either way round): invisible in an editor, and
/// no text has a reason to be written so.
fn whitespace_bits<'t>(m: &Module<'t>) -> Vec<(Node<'t>, decode::Payload)> {
    let mut out = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for s in &m.strings {
        // A literal cut in pieces (`"  \t" "\t "`) is read whole.
        let whole = s
            .parent()
            .filter(|p| p.kind_name() == "concatenated_string")
            .unwrap_or(*s);
        // The body is never longer than the literal's text: a short one
        // cannot hold the 64 blanks of a hidden byte.
        if whole.byte_range().len() < 64 || !seen.insert(whole.id()) {
            continue;
        }
        let s = &whole;
        let parts: Vec<Node<'t>> = if whole.kind_name() == "concatenated_string" {
            whole.named_children().collect()
        } else {
            vec![whole]
        };
        let pieces: Vec<&str> = parts
            .iter()
            .flat_map(|part| {
                part.named_children()
                    .filter(|piece| piece.kind_name() == "string_content")
                    .map(|piece| m.text(piece))
                    .collect::<Vec<_>>()
            })
            .collect();
        // Only blanks and escaped tabs can make a body of blanks, and
        // escapes only shorten it: most strings stop here, unread.
        let blank_only = pieces
            .iter()
            .all(|p| p.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\\' | b't')));
        if !blank_only || pieces.iter().map(|p| p.len()).sum::<usize>() < 64 {
            continue;
        }
        let mut body = String::new();
        for piece in pieces {
            // Escaped tabs (`\t`) are tabs too.
            body.push_str(&piece.replace("\\t", "\t"));
        }
        let bits: Vec<bool> = body
            .bytes()
            .filter(|b| matches!(b, b' ' | b'\t'))
            .map(|b| b == b'\t')
            .collect();
        // Nothing but blanks.
        if bits.len() < 64 || !bits.len().is_multiple_of(8) || body.len() != bits.len() {
            continue;
        }
        for tab_is_one in [true, false] {
            let bytes: Vec<u8> = bits
                .chunks(8)
                .map(|c| {
                    c.iter()
                        .fold(0u8, |acc, b| (acc << 1) | u8::from(*b == tab_is_one))
                })
                .collect();
            let printable = bytes
                .iter()
                .all(|b| b.is_ascii_graphic() || matches!(b, b' ' | b'\n' | b'\r' | b'\t'));
            if printable {
                out.push((
                    *s,
                    decode::Payload {
                        bytes,
                        layers: vec!["whitespace bits"],
                        serialized: None,
                    },
                ));
                break;
            }
        }
        if out.len() >= 8 {
            break;
        }
    }
    out
}

/// The code of a `.pth` file as Python: `site.py` executes the lines that
/// start with `import` and treats the others as paths, so every other line is
/// blanked with spaces (lines and byte offsets stay as they are).
fn pth_code(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for line in data.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b"import ") || line.starts_with(b"import\t") {
            out.extend_from_slice(line);
        } else {
            out.extend(line.iter().map(|&b| if b == b'\n' { b'\n' } else { b' ' }));
        }
    }
    out
}

/// A (line, column) of a notebook's cell text → where it is stored in the
/// `.ipynb` file (the nearest line found before it, when its own was not).
fn stored_position(nb: &Notebook, (line, column): (usize, usize)) -> (usize, usize) {
    match nb.origin(line).and_then(|o| o.stored) {
        Some((l, c)) => (l, c + column - 1),
        None => {
            let before = (1..line)
                .rev()
                .find_map(|l| nb.origin(l).and_then(|o| o.stored));
            before.map_or((1, 1), |(l, _)| (l, 1))
        }
    }
}

/// A Python file stored as UTF-16 (it starts with a byte-order mark), as
/// the UTF-8 text the rules read.
struct Utf16 {
    /// Line ends as Python reads them (see [`lone_cr_to_lf`]).
    text: Vec<u8>,
}

impl Utf16 {
    fn transcode(data: &[u8]) -> Option<Utf16> {
        let big_endian = match data {
            [0xff, 0xfe, ..] => false,
            [0xfe, 0xff, ..] => true,
            _ => return None,
        };
        let units = data[2..].chunks_exact(2).map(|p| {
            let pair = [p[0], p[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        Some(Utf16 {
            text: lone_cr_to_lf(text.as_bytes()),
        })
    }

    /// A (line, UTF-8 byte column) of the text as the (line, byte column)
    /// of the stored file: lines are the same; a column counts two bytes a
    /// UTF-16 unit, after the two-byte mark on the first line.
    fn stored_position(
        &self,
        lines: &LineIndex<'_>,
        (line, column): (usize, usize),
    ) -> (usize, usize) {
        let start = lines.line_start(line);
        let upto = (start + column - 1).min(self.text.len());
        let before = String::from_utf8_lossy(&self.text[start.min(upto)..upto]);
        let units: usize = before.chars().map(char::len_utf16).sum();
        let mark = if line == 1 { 2 } else { 0 };
        (line, mark + 2 * units + 1)
    }
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
pub fn fingerprint(rule: &str, path: &str, snippet: &str) -> String {
    let normal: String = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(normal.as_bytes());
    hex::encode(&h.finalize()[..16])
}

/// Byte offsets of line starts, for offset → line/column, found the first
/// time a position is asked: most files have no finding to place, and a
/// binary's index is megabytes (672,326 lines in a 45 MB static library).
#[derive(Clone)]
struct LineIndex<'d> {
    data: &'d [u8],
    starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'d> LineIndex<'d> {
    fn new(data: &'d [u8]) -> LineIndex<'d> {
        LineIndex {
            data,
            starts: std::cell::OnceCell::new(),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.data).map(|i| i + 1));
            starts
        })
    }

    /// 1-based line and column (columns count bytes, as tree-sitter does).
    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts().partition_point(|&s| s <= offset);
        let start = self.starts()[line.saturating_sub(1)];
        (line.max(1), offset - start + 1)
    }

    /// The offset where 1-based `line` starts (the end for a line past it).
    fn line_start(&self, line: usize) -> usize {
        self.starts()
            .get(line.saturating_sub(1))
            .or(self.starts().last())
            .copied()
            .unwrap_or(0)
    }

    fn line_text(&self, data: &[u8], line: usize) -> String {
        let Some(&start) = self.starts().get(line.saturating_sub(1)) else {
            return String::new();
        };
        let end = self.starts().get(line).map(|e| e - 1).unwrap_or(data.len());
        let bytes = &data[start..end.max(start)];
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        const MAX: usize = 4096;
        String::from_utf8_lossy(&bytes[..bytes.len().min(MAX)]).into_owned()
    }
}

/// Python ends a line at `\r` alone too (old Mac line ends); tree-sitter
/// does not. Same length, so every offset still points into the file.
fn lone_cr_to_lf(data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    for i in memchr::memchr_iter(b'\r', data) {
        if data.get(i + 1) != Some(&b'\n') {
            out[i] = b'\n';
        }
    }
    out
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
        assert_eq!(code, b"        \nimport os; os.getcwd()\n         \n");
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new(b"ab\ncd\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(4), (2, 2));
        assert_eq!(idx.line_text(b"ab\ncd\n", 2), "cd");
    }
}
