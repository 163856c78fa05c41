//! # HS110 hidden-spawn
//!
//! ## What it does
//!
//! Flags processes started so that nobody sees them: `creationflags` with
//! `DETACHED_PROCESS` or `CREATE_NO_WINDOW`, `start_new_session=True`,
//! `preexec_fn=os.setsid`/`os.setpgrp`, `pythonw`, `start /b`, `nohup ... &`
//! or PowerShell's `-WindowStyle Hidden`. The flags are followed through
//! the names that hold them (`flags = CREATE_NO_WINDOW | DETACHED_PROCESS`,
//! a module constant `NO_WINDOW = 0x08000000`). Medium alone; high when it
//! happens at install or start-up time or when the package is imported, or
//! when what is started comes from the network or a decoder.
//!
//! ## Why it matters
//!
//! A dropper wants its stage to outlive the script and leave no console
//! window: the Code of Conduct backdoor used `DETACHED_PROCESS` on Windows and
//! `preexec_fn=os.setpgrp` elsewhere, Slow Pisces `start_new_session=True`
//! with output to `DEVNULL`, W4SP `start pythonw`. On its own it is also what
//! daemon launchers do, so it only raises other evidence.
//!
//! ## Example
//!
//! ```python
//! subprocess.Popen([sys.executable, path], creationflags=subprocess.DETACHED_PROCESS)
//! ```
//!
//! ## False positives
//!
//! Daemon launchers, IDE and Jupyter helpers, background updaters.
//!
//! ## References
//!
//! - THREATS.md H14; MITRE ATT&CK T1564.003 (Hidden Window)
//! - Elastic, "Code of Conduct" (2024)

use crate::python::Syntax;
use crate::python::tree::Node;
use crate::python::{Module, Taint, fold, names, taint::taint};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};

pub struct HiddenSpawn;

static META: Meta = crate::rule_meta!("HS110", "hidden-spawn", High, Medium);

const HIDDEN_FLAGS: &[&str] = &[
    "DETACHED_PROCESS",
    "CREATE_NO_WINDOW",
    "0x08000000",
    "0x8000000",
    "134217728",
    "0x00000008",
];
const HIDDEN_COMMANDS: &[&str] = &[
    "pythonw",
    "start /b",
    "start /min",
    "nohup ",
    "-windowstyle hidden",
    "-w hidden",
    "-window hidden",
];

impl Rule for HiddenSpawn {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        for call in &m.calls {
            let Some(q) = call.qname.as_deref() else {
                continue;
            };
            if !names::is_spawn(q) {
                continue;
            }
            let mut how = None;
            if let Some(flags) = call.kwarg("creationflags")
                && let Some(f) = hidden_flag(m, flags, 0)
            {
                how = Some(format!("creationflags {f}"));
            }
            if call
                .kwarg("start_new_session")
                .is_some_and(|v| m.text(v) == "True")
            {
                how = Some("start_new_session=True".into());
            }
            if let Some(p) = call.kwarg("preexec_fn") {
                let t = m.text(p);
                if t.contains("setsid") || t.contains("setpgrp") {
                    how = Some(format!("preexec_fn={t}"));
                }
            }
            let command = call
                .arg(0)
                .map(|a| fold::template(m, a).to_ascii_lowercase());
            if let Some(c) = &command
                && let Some(h) = HIDDEN_COMMANDS.iter().find(|h| c.contains(*h))
            {
                how = Some(format!("`{}`", h.trim()));
            }
            let Some(how) = how else { continue };
            let context = m.context(call.scope);
            // What is started: a program fetched from the network, or any
            // argument decoded from a blob (the stage a dropper just wrote).
            let program = names::spawned_command(call)
                .map(|a| taint(m, a, call.scope))
                .unwrap_or_default();
            let decoded_arg = call
                .args
                .iter()
                .any(|a| taint(m, *a, call.scope).has(Taint::Decoded));
            // Started as the package is imported: no library hides a
            // process from the user on `import`.
            let severity = if matches!(
                context,
                Context::Install | Context::Startup | Context::Import
            ) || program.has(Taint::Network)
                || program.has(Taint::Decoded)
                || decoded_arg
            {
                Severity::High
            } else {
                Severity::Medium
            };
            let shown = q.trim_end_matches("()");
            checker.report(
                &META,
                call.node,
                severity,
                context,
                format!("{shown}() starts a hidden or detached process ({how})"),
            );
        }
    }
}

/// The hiding flag `creationflags` carries, directly, through names that
/// hold it (`flags = CREATE_NO_WINDOW | DETACHED_PROCESS`, a module constant
/// `CREATE_NO_WINDOW = 0x08000000`) or as a folded number with the bit set.
fn hidden_flag(m: &Module<'_>, node: Node<'_>, depth: usize) -> Option<String> {
    if depth > 6 {
        return None;
    }
    let text = m.text(node);
    if let Some(f) = HIDDEN_FLAGS.iter().find(|f| text.contains(*f)) {
        return Some((*f).to_string());
    }
    if let Some(fold::Value::Int(v)) = fold::fold(m, node) {
        if v & 0x0800_0000 != 0 {
            return Some("CREATE_NO_WINDOW".into());
        }
        if v & 0x8 != 0 {
            return Some("DETACHED_PROCESS".into());
        }
    }
    match node.kind_name() {
        "identifier" => {
            let value = m.value_at(node)?;
            hidden_flag(m, value, depth + 1)
        }
        "binary_operator" => ["left", "right"].iter().find_map(|f| {
            node.field(f)
                .and_then(|side| hidden_flag(m, side, depth + 1))
        }),
        "parenthesized_expression" => hidden_flag(m, node.named_child(0)?, depth + 1),
        "attribute" => {
            // `subprocess.SW_HIDE` passed as a creation flag: the intent is plain
            let attr = m.text(node.field("attribute")?);
            (attr == "SW_HIDE").then(|| attr.to_string())
        }
        _ => None,
    }
}
