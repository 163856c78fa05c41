//! # HS112 unsafe-deserialization
//!
//! ## What it does
//!
//! Flags `yaml.load` without a safe loader, `yaml.unsafe_load`,
//! `yaml.full_load`, `pickle.loads`/`load`, `dill.loads`, `marshal.loads` and
//! `jsonpickle.decode` when the data comes from an HTTP response, a download
//! or a DNS answer.
//!
//! ## Why it matters
//!
//! Deserialising attacker-controlled bytes with these loaders runs code. In
//! the Safe{Wallet} / Bybit compromise (2025) a forked stock-trading project's
//! `data_fetcher.py` fed its server's answer to PyYAML's unsafe `yaml.load`;
//! the server could answer with a YAML document that built objects, wrote a
//! loader to `~/Public/__init__.py` and started it. The code looks like a
//! legacy API call, which is the point.
//!
//! ## Example
//!
//! ```python
//! import requests, yaml
//! cfg = yaml.load(requests.get("https://example.invalid/cfg").text, Loader=yaml.Loader)
//! ```
//!
//! ## False positives
//!
//! Loading data from a server the code's author runs and trusts. Local files
//! (config, ML checkpoints) are not flagged, and neither are pickles read
//! from raw sockets: distributed frameworks (ZeroMQ, torch) exchange them
//! between their own processes.
//!
//! ## References
//!
//! - THREATS.md H10; CVE-2017-18342 (PyYAML `load`)
//! - Elastic Security Labs, "Bit ByBit" (2025)

use crate::python::Syntax;
use crate::python::tree::Node;
use crate::python::{Module, Taint, taint::taint};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};

pub struct UnsafeDeserialization;

static META: Meta = crate::rule_meta!("HS112", "unsafe-deserialization", Critical, High);

const SAFE_LOADERS: &[&str] = &["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"];

impl Rule for UnsafeDeserialization {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        for call in &m.calls {
            let Some(q) = call.qname.as_deref() else {
                continue;
            };
            let unsafe_loader = match q {
                "yaml.load" | "yaml.load_all" => {
                    let loader = call.kwarg("Loader").or_else(|| call.arg(1));
                    match loader {
                        Some(l) => !is_safe_loader(m, l, call.scope),
                        None => true,
                    }
                }
                "yaml.unsafe_load" | "yaml.unsafe_load_all" | "yaml.full_load" => true,
                "pickle.loads" | "pickle.load" | "dill.loads" | "dill.load" | "marshal.loads"
                | "jsonpickle.decode" | "shelve.open" => true,
                _ => false,
            };
            if !unsafe_loader {
                continue;
            }
            let Some(arg) = call.arg(0) else { continue };
            let t = taint(m, arg, call.scope);
            if !t.has(Taint::Network) {
                continue;
            }
            checker.report(
                &META,
                call.node,
                Severity::Critical,
                m.context(call.scope),
                format!(
                    "data read from the network is deserialised with {q}(), which can run code"
                ),
            );
        }
    }
}

/// A safe loader however it is named: `yaml.SafeLoader`, `Loader=Loader` with
/// `Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)`.
fn is_safe_loader(m: &Module<'_>, loader: Node<'_>, scope: usize) -> bool {
    let safe = |t: &str| SAFE_LOADERS.iter().any(|s| t.ends_with(s));
    if safe(m.text(loader)) {
        return true;
    }
    if crate::python::names::resolve(m, loader, scope).is_some_and(|q| safe(&q)) {
        return true;
    }
    loader.kind_name() == "identifier"
        && m.lookup(m.text(loader), scope)
            .is_some_and(|(_, bindings)| {
                bindings.iter().all(|b| match b {
                    crate::python::Binding::Value(v) => {
                        SAFE_LOADERS.iter().any(|s| m.text(*v).contains(s))
                    }
                    crate::python::Binding::Import {
                        member: Some(name), ..
                    } => safe(name),
                    _ => false,
                })
            })
}
