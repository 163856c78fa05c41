//! # HS101 decoded-payload-exec
//!
//! ## What it does
//!
//! Flags `exec`, `eval` or `compile` whose argument derives from a decoder:
//! base64 (any alphabet), hex, zlib, gzip, bz2, lzma, `codecs.decode` (ROT13),
//! `marshal.loads` or `Fernet.decrypt`, directly or through variables, local
//! lambdas and local functions, however the callee is spelled. A decoded
//! command line handed to a shell or a process (`os.system`,
//! `subprocess.run(..., shell=True)`) counts the same.
//!
//! ## Why it matters
//!
//! Decoding a blob and running it is the core of nearly every Python dropper:
//! W4SP's `setup.py` stub, InvisibleFerret's ~50 layers of
//! `exec((_)(b'...'))` with `_ = lambda __: zlib.decompress(b64decode(__[::-1]))`,
//! the Code of Conduct backdoor's `exec(compile(b64decode(r[10:]), '', 'exec'))`
//! and the Lazarus PyPI wave's multi-base64 `os.py`. Legitimate code has no
//! reason to hide the code it runs.
//!
//! ## Example
//!
//! ```python
//! import base64
//! blob = "cHJpbnQoJ2hpJyk="
//! exec(base64.b64decode(blob))
//! ```
//!
//! ## False positives
//!
//! Code generators and packers used by their own authors. `exec` of a file
//! read from disk (`exec(open('version.py').read())`) is not decoded data and
//! is not flagged.
//!
//! ## References
//!
//! - THREATS.md H1, H2; MITRE ATT&CK T1027 (Obfuscated Files or Information)
//! - Elastic, "Code of Conduct: DPRK's Python-fueled intrusions" (2024)

use crate::python::{Module, Taint, decode, names, taint::taint};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};

pub struct DecodedPayloadExec;

static META: Meta = crate::rule_meta!("HS101", "decoded-payload-exec", Critical, High);

impl Rule for DecodedPayloadExec {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        for call in &m.calls {
            let Some((arg, sink)) = names::run_sink(m, call) else {
                continue;
            };
            if names::is_code_exec(call.qname.as_deref().unwrap_or(""))
                && names::is_code_template(m, arg)
            {
                continue;
            }
            let mut t = taint(m, arg, call.scope);
            if !t.has(Taint::Decoded) {
                // A hand-written decoder over literals (XOR with a key,
                // translate tables, character shifts) that the decoding
                // pass undoes.
                match decode::evaluate(m, arg, call.scope) {
                    Some(p)
                        if p.layers
                            .iter()
                            .any(|l| !matches!(*l, "reverse" | "constant"))
                            && reaches_anything(&p.bytes) =>
                    {
                        t.sources.insert(Taint::Decoded);
                        t.chain = p.layers.iter().rev().copied().collect();
                    }
                    _ => continue,
                }
            }
            let context = m.context(call.scope);
            // Only `marshal.loads` of bytes the function is handed, run when
            // someone calls it: the shape of every `.pyc`/zip importer
            // (zipimport, PyInstaller's loader). A code object carried in the
            // file, or run at import or install, stays critical.
            let loader = t.layers().iter().all(|l| *l == "marshal")
                && t.has(Taint::Param)
                && !t.has(Taint::Network)
                && !t.has(Taint::Socket)
                && matches!(context, Context::Run | Context::Unknown);
            let severity = if loader {
                Severity::Medium
            } else {
                Severity::Critical
            };
            checker
                .report(
                    &META,
                    call.node,
                    severity,
                    context,
                    format!(
                        "{}-decoded data is passed to {}",
                        t.layers().join("+"),
                        names::sink_label(sink)
                    ),
                )
                .with_chain(&t.layers());
        }
    }
}

/// Whether code a hand-written decoder produced can do anything beyond
/// computing: import, run, open, connect. Code a test generates from a
/// pattern in a loop (`def i{i}(): return {i}`) is "decoded" by the same
/// machinery but hides nothing.
fn reaches_anything(code: &[u8]) -> bool {
    const WORDS: &[&str] = &[
        "import",
        "exec",
        "eval",
        "compile",
        "system",
        "popen",
        "subprocess",
        "socket",
        "urlopen",
        "requests",
        "open(",
        "getattr",
        "globals",
        "builtins",
        "marshal",
        "base64",
        "ctypes",
        "os.",
        "sys.",
    ];
    let text = String::from_utf8_lossy(code);
    WORDS.iter().any(|w| text.contains(w))
}
