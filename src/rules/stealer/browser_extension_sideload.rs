//! # HS115 browser-extension-sideload
//!
//! ## What it does
//!
//! Flags code that makes a browser load an extension it writes itself:
//! `--load-extension=` put into Windows shortcuts (`.lnk`, `WScript.Shell`
//! `CreateShortcut`) or launch commands, together with writing the
//! extension's `manifest.json` / `background.js`. Critical when the extension
//! asks for clipboard access (a crypto-address clipper).
//!
//! ## Why it matters
//!
//! Rewriting every Chrome, Edge and Brave shortcut to side-load an extension
//! survives reboots and runs in the browser with the user's sessions. A large
//! wave of typosquatted PyPI packages did exactly this from `setup.py`,
//! hiding every string behind `chr` arithmetic, to swap wallet addresses in
//! the clipboard.
//!
//! ## Example
//!
//! ```python
//! shortcut.Arguments = "--load-extension=" + ext_dir
//! open(ext_dir + "\\manifest.json", "w").write('{"permissions": ["clipboardRead"]}')
//! ```
//!
//! ## False positives
//!
//! Browser-automation test harnesses pass `--load-extension` to a browser
//! they start themselves; they neither write shortcuts nor ship clipboard
//! extensions, and are not flagged.
//!
//! ## References
//!
//! - THREATS.md H22, H26; MITRE ATT&CK T1176 (Browser Extensions), T1547.009
//! - Phylum, "Malicious PyPI packages sideload browser extensions" (2023)

use crate::python::{Module, fold};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};

pub struct BrowserExtensionSideload;

static META: Meta = crate::rule_meta!("HS115", "browser-extension-sideload", Critical, High);

impl Rule for BrowserExtensionSideload {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        let mut load = None;
        let mut shortcut = false;
        let mut writes_extension = false;
        let mut clipboard = false;
        for (s, v) in m.strings.iter().zip(m.string_texts()) {
            if load.is_none() && v.contains("--load-extension") {
                load = Some(*s);
            }
            shortcut |=
                v.contains(".lnk") || v.contains("wscript.shell") || v.contains("createshortcut");
            writes_extension |= v.contains("manifest.json") || v.contains("background.js");
            clipboard |= v.contains("clipboardread") || v.contains("clipboardwrite");
        }
        // Strings built by folding (chr arithmetic) are not literals: check calls too.
        for c in &m.calls {
            if let Some(v) = fold::fold_str(m, c.node) {
                let v = v.to_ascii_lowercase();
                if load.is_none() && v.contains("--load-extension") {
                    load = Some(c.node);
                }
                shortcut |= v.contains(".lnk") || v.contains("wscript.shell");
                writes_extension |= v.contains("manifest.json") || v.contains("background.js");
                clipboard |= v.contains("clipboardread") || v.contains("clipboardwrite");
            }
        }
        let Some(node) = load else { return };
        if !(shortcut && writes_extension) {
            return;
        }
        let severity = if clipboard {
            Severity::Critical
        } else {
            Severity::High
        };
        checker.report(
            &META,
            node,
            severity,
            m.context(m.scope_at(node)),
            if clipboard {
                "browser shortcuts are rewritten to side-load a self-written extension with clipboard access"
            } else {
                "browser shortcuts are rewritten to side-load a self-written extension"
            },
        );
    }
}
