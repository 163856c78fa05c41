//! # HS109 ctypes-shellcode
//!
//! ## What it does
//!
//! Flags native code injection from Python: two or more of the Windows
//! memory and thread APIs used to run shellcode (`VirtualAlloc(Ex)`,
//! `VirtualProtect`, `RtlMoveMemory`, `WriteProcessMemory`, `CreateThread`,
//! `CreateRemoteThread`, `NtCreateThreadEx`, `QueueUserAPC`,
//! `ctypes.memmove`, a `CFUNCTYPE` made from the buffer) called through
//! `ctypes`, or an executable `mmap` turned into a function with
//! `ctypes.CFUNCTYPE`/`cast`.
//!
//! ## Why it matters
//!
//! Allocating executable memory, copying bytes into it and starting a thread
//! there runs machine code that never touches the disk as a file, out of
//! reach of most antivirus scans. GuardDog's shellcode rule and many PyPI
//! loaders key on the same API pairs.
//!
//! ## Example
//!
//! ```python
//! import ctypes
//! k = ctypes.windll.kernel32
//! p = k.VirtualAlloc(0, len(sc), 0x3000, 0x40)
//! k.RtlMoveMemory(p, sc, len(sc))
//! k.CreateThread(0, 0, p, 0, 0, 0)
//! ```
//!
//! ## False positives
//!
//! Debuggers, game trainers, JIT experiments and red-team libraries.
//!
//! ## References
//!
//! - THREATS.md H13; MITRE ATT&CK T1055 (Process Injection), T1620
//! - GuardDog `shady-links`/`code-execution` rule notes

use crate::python::Module;
use crate::python::{Taint, taint::taint};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};

pub struct CtypesShellcode;

static META: Meta = crate::rule_meta!("HS109", "ctypes-shellcode", Critical, High);

const INJECTION: &[&str] = &[
    "VirtualAlloc",
    "VirtualAllocEx",
    "VirtualProtect",
    "VirtualProtectEx",
    "RtlMoveMemory",
    "RtlCopyMemory",
    "WriteProcessMemory",
    "CreateThread",
    "CreateRemoteThread",
    "NtCreateThreadEx",
    "QueueUserAPC",
    "NtAllocateVirtualMemory",
    "NtWriteVirtualMemory",
    "memmove",
    "CFUNCTYPE",
];

impl Rule for CtypesShellcode {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        let native = m.imports("ctypes") || m.imports("cffi");
        if !native {
            return;
        }
        let mut apis: Vec<&str> = Vec::new();
        let mut first = None;
        for call in &m.calls {
            let spelled = call.qname.as_deref().unwrap_or_else(|| m.text(call.func));
            let last = spelled
                .trim_end_matches("()")
                .rsplit('.')
                .next()
                .unwrap_or("");
            let last = last.trim_end_matches(['A', 'W']).trim_end_matches("Ex");
            let last = INJECTION
                .iter()
                .find(|api| api.trim_end_matches("Ex") == last)
                .copied();
            if let Some(api) = last {
                if !apis.contains(&api) {
                    apis.push(api);
                }
                first.get_or_insert(call);
            }
        }
        let alloc_then_run = apis.len() >= 2
            && apis
                .iter()
                .any(|a| a.contains("Alloc") || a.contains("Protect") || a.contains("Write"))
            && apis.iter().any(|a| {
                a.contains("Thread")
                    || a.contains("APC")
                    || a.contains("Move")
                    || a.contains("move")
                    || a.contains("Copy")
                    || a.contains("Write")
                    || *a == "CFUNCTYPE"
            });
        // A thread started in another process on memory written there is
        // injection whatever the bytes are; local runs depend on them.
        let remote = apis.contains(&"WriteProcessMemory")
            && apis.iter().any(|a| {
                matches!(
                    *a,
                    "CreateRemoteThread" | "NtCreateThreadEx" | "QueueUserAPC"
                )
            });
        let origin = payload_origin(m).or(remote.then_some("memory written into another process"));
        let severity = if origin.is_some() {
            Severity::Critical
        } else {
            Severity::Medium
        };
        let from = origin
            .filter(|_| !remote)
            .map(|o| format!(" from {o}"))
            .unwrap_or_default();
        if alloc_then_run {
            if let Some(call) = first {
                checker.report(
                    &META,
                    call.node,
                    severity,
                    m.context(call.scope),
                    format!(
                        "native code{from} is injected through ctypes ({})",
                        apis.join(", ")
                    ),
                );
            }
            return;
        }
        // mmap(..., PROT_EXEC) + CFUNCTYPE/cast: the Unix shellcode runner.
        let exec_map = m.calls.iter().find(|c| {
            c.qname.as_deref().is_some_and(|q| q == "mmap.mmap")
                && m.text(c.node).contains("PROT_EXEC")
        });
        let as_function = m.calls.iter().any(|c| {
            c.qname
                .as_deref()
                .is_some_and(|q| q.starts_with("ctypes.CFUNCTYPE") || q == "ctypes.cast")
        });
        if let (Some(call), true) = (exec_map, as_function) {
            checker.report(
                &META,
                call.node,
                severity,
                m.context(call.scope),
                format!(
                    "executable memory is mapped and called as a function through ctypes{from}"
                ),
            );
        }
    }
}

/// Where the code copied into executable memory comes from, when it is
/// something a loader would carry: a decoded or downloaded buffer, a file, or
/// a shellcode-sized literal (128 `\x` escapes or more). Debuggers, UI
/// automation and CPU-feature probes write a few bytes, or bytes their
/// callers pass in; they stay medium.
fn payload_origin(m: &Module<'_>) -> Option<&'static str> {
    for call in &m.calls {
        let spelled = call.qname.as_deref().unwrap_or_else(|| m.text(call.func));
        let last = spelled
            .trim_end_matches("()")
            .rsplit('.')
            .next()
            .unwrap_or("");
        if !matches!(
            last,
            "memmove"
                | "RtlMoveMemory"
                | "RtlCopyMemory"
                | "WriteProcessMemory"
                | "NtWriteVirtualMemory"
                | "write"
                | "from_buffer"
                | "from_buffer_copy"
                | "create_string_buffer"
        ) {
            continue;
        }
        for arg in &call.args {
            let t = taint(m, *arg, call.scope);
            if t.has(Taint::Network) || t.has(Taint::Socket) {
                return Some("the network");
            }
            if t.has(Taint::Decoded) {
                return Some("a decoded literal");
            }
            if t.has(Taint::FileRead) {
                return Some("a file");
            }
        }
    }
    m.strings
        .iter()
        .any(|s| {
            let text = m.text(*s);
            text.starts_with(['b', 'B']) && text.matches("\\x").count() >= 128
        })
        .then_some("a shellcode-sized literal")
}
