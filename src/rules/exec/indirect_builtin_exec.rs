//! # HS103 indirect-builtin-exec
//!
//! ## What it does
//!
//! Flags calls to `exec`, `eval`, `compile` or `__import__` reached
//! indirectly: `__import__('builtins').exec`, `getattr(__builtins__, 'ex'+'ec')`,
//! `__builtins__.__dict__['eval']`, `globals()['__builtins__'].compile`,
//! `vars(builtins)['exec']`, or an alias such as `e = exec; e(...)`.
//!
//! ## Why it matters
//!
//! Code that only wants to run code writes `exec(...)`. Reaching the same
//! builtin through `__import__`, `getattr` or the builtins dictionary exists to
//! dodge scanners that grep for `exec(`: W4SP's `setup.py` line is
//! `__import__('builtins').exec(__import__('builtins').compile(...))`, and
//! lambda-storm packers do the same.
//!
//! ## Example
//!
//! ```python
//! getattr(__import__("builtins"), "ex" + "ec")(payload)
//! ```
//!
//! ## False positives
//!
//! REPL bridges and sandboxes that proxy builtins; Python 2/3 compatibility
//! shims (`exec_ = getattr(builtins, "exec")`) are reported at medium when the
//! data they run is not decoded or fetched.
//!
//! ## References
//!
//! - THREATS.md H3; malcontent `py_indirect_builtins`
//! - MITRE ATT&CK T1027.010 (Command Obfuscation)

use crate::python::Syntax;
use crate::python::{Module, Taint, taint::taint};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};

pub struct IndirectBuiltinExec;

static META: Meta = crate::rule_meta!("HS103", "indirect-builtin-exec", High, High);

/// Spellings that only exist to reach a builtin without naming it.
const INDIRECTION: &[&str] = &[
    "__import__",
    "__builtins__",
    "__builtin__",
    "__dict__",
    "globals",
    "vars",
    "locals",
    "import_module",
];

/// Whether a spelling hides the builtin it reaches. `getattr(builtins,
/// "exec")` with the name written out is a Python 2/3 compatibility shim;
/// `getattr(b, "ex" + "ec")` or anything through `__import__`/`__dict__` is not.
fn is_obfuscated(spelling: &str) -> bool {
    if INDIRECTION.iter().any(|w| spelling.contains(w)) {
        return true;
    }
    spelling.contains("getattr")
        && !["exec", "eval", "compile"]
            .iter()
            .any(|n| spelling.contains(&format!("\"{n}\"")) || spelling.contains(&format!("'{n}'")))
}

impl Rule for IndirectBuiltinExec {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        for call in &m.calls {
            let Some(q) = call.qname.as_deref() else {
                continue;
            };
            let Some(builtin) = q.strip_prefix("builtins.") else {
                continue;
            };
            if !matches!(builtin, "exec" | "eval" | "compile" | "__import__") {
                continue;
            }
            let spelled = m.text(call.func);
            if spelled == builtin {
                continue;
            }
            let alias = call.func.kind_name() == "identifier";
            // `_x = getattr(__import__("bu"+"iltins"), "ex"+"ec"); _x(...)`:
            // the alias is as obfuscated as the value it was given.
            let aliased_from = if alias {
                m.lookup(spelled, call.scope)
                    .and_then(|(_, b)| {
                        b.iter().rev().find_map(|b| match b {
                            crate::python::Binding::Value(v) => Some(m.text(*v)),
                            _ => None,
                        })
                    })
                    .unwrap_or("")
            } else {
                ""
            };
            let obfuscated = is_obfuscated(spelled) || is_obfuscated(aliased_from);
            if !obfuscated && !alias {
                // `builtins.exec(...)` after `import builtins`: plain enough.
                continue;
            }
            let data = call
                .arg(0)
                .map(|a| taint(m, a, call.scope))
                .unwrap_or_default();
            let hostile =
                data.has(Taint::Decoded) || data.has(Taint::Network) || data.has(Taint::Socket);
            let severity = if hostile {
                Severity::Critical
            } else if obfuscated && builtin != "__import__" {
                Severity::High
            } else {
                Severity::Medium
            };
            let how = if obfuscated {
                format!("`{}`", truncate(spelled))
            } else {
                format!("the alias `{spelled}`")
            };
            checker
                .report(
                    &META,
                    call.node,
                    severity,
                    m.context(call.scope),
                    format!("{builtin}() is reached indirectly through {how}"),
                )
                .with_chain(&data.layers());
        }
    }
}

fn truncate(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        let mut t: String = one_line.chars().take(60).collect();
        t.push('…');
        t
    } else {
        one_line
    }
}
