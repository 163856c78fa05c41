//! # HS106 pth-code-exec
//!
//! ## What it does
//!
//! Flags `.pth` files whose `import` lines run code beyond importing a module:
//! `exec`/`eval`/`compile`, decoders (base64, zlib, ...), process spawns or
//! network access. A `.pth` carrying more than 1 KB of executable lines is
//! reported at medium.
//!
//! ## Why it matters
//!
//! `site.py` executes every line of a `site-packages/*.pth` file that starts
//! with `import`, at every interpreter start, before any user code. LiteLLM
//! 1.82.8 (March 2026) shipped `litellm_init.pth`, 34 KB of nested base64 that
//! stole SSH, cloud and Kubernetes secrets on every `python` run. Legitimate
//! `.pth` hooks (`distutils-precedence.pth`, `_virtualenv.pth`, coverage,
//! editable-install finders) import a module and call one function.
//!
//! ## Example
//!
//! ```text
//! import base64; exec(base64.b64decode("cHJpbnQoMSk="))
//! ```
//!
//! ## False positives
//!
//! Start-up hooks that deliberately spawn a helper process; none of the
//! common ones do.
//!
//! ## References
//!
//! - THREATS.md H6; MITRE ATT&CK T1546.018 (Python Startup Hooks)
//! - CPython issue #113659 (executable `.pth` lines)

use crate::python::{FileRole, Module, fold, names};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};

pub struct PthCodeExec;

static META: Meta = crate::rule_meta!("HS106", "pth-code-exec", Critical, High);

/// Executable lines beyond this size are unusual for a start-up hook.
const LARGE: usize = 1024;

impl Rule for PthCodeExec {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        if m.role != FileRole::Pth {
            return;
        }
        let mut reported = false;
        for call in &m.calls {
            let Some(q) = call.qname.as_deref() else {
                continue;
            };
            let what = if names::is_code_exec(q) {
                // Code given as a constant is visible in the file itself (as
                // coverage's start-up hook does); hidden code is what matters.
                if call.arg(0).is_some_and(|a| fold::fold(m, a).is_some()) {
                    continue;
                }
                "runs code with"
            } else if names::decoder(q).is_some() {
                "decodes data with"
            } else if names::is_spawn(q) {
                "starts a process with"
            } else if names::is_network(q) {
                "reaches the network with"
            } else {
                continue;
            };
            let shown = q.trim_start_matches("builtins.").trim_end_matches("()");
            checker.report(
                &META,
                call.node,
                Severity::Critical,
                Context::Startup,
                format!("a .pth line {what} {shown}() at every interpreter start"),
            );
            reported = true;
        }
        let code_bytes = m.source.iter().filter(|b| !b.is_ascii_whitespace()).count();
        if !reported && code_bytes > LARGE {
            let root = m.tree.root_node();
            let first = root.named_child(0).unwrap_or(root);
            checker.report(
                &META,
                first,
                Severity::Medium,
                Context::Startup,
                format!(
                    "a .pth file carries {code_bytes} bytes of code run at every interpreter start"
                ),
            );
        }
    }
}
