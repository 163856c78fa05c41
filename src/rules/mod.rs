//! AST rules: one file per rule, registered in [`REGISTRY`].
//!
//! A rule reads the [`Module`] model of a file (calls with resolved names,
//! bindings, strings, scopes) and reports findings through a [`Checker`].
//! Its documentation is the `//!` comment at the top of its file, included
//! in the binary: `hiss explain`, `hiss rules` and the README table all read
//! it from there.

mod checker;
pub mod exec;
pub mod install;
pub mod network;
pub mod process;
pub mod stealer;
pub mod supply;

pub use checker::{Checker, RawFinding, dedup};

use crate::python::Module;
use crate::report::{Confidence, Severity};

/// What a rule declares about itself.
#[derive(Debug)]
pub struct Meta {
    /// Stable id, `HS###`.
    pub id: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    /// The severity of the rule's strongest chain; each finding may be lower.
    pub severity: Severity,
    pub confidence: Confidence,
    /// The rule file's source; its leading `//!` block is the documentation.
    pub source: &'static str,
}

impl Meta {
    /// The rule's documentation (the `//!` block of its file).
    pub fn doc(&self) -> String {
        doc_comment(self.source)
    }

    /// The first sentence under "What it does", for one-line listings.
    pub fn summary(&self) -> String {
        summary_of(&self.doc())
    }
}

/// One rule.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static Meta;
    fn check(&self, module: &Module<'_>, checker: &mut Checker<'_>);
}

/// Declares a rule's [`Meta`], taking its documentation from the file.
#[macro_export]
macro_rules! rule_meta {
    ($id:literal, $name:literal, $severity:ident, $confidence:ident) => {
        $crate::rules::Meta {
            id: $id,
            name: $name,
            severity: $crate::report::Severity::$severity,
            confidence: $crate::report::Confidence::$confidence,
            source: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", file!())),
        }
    };
}

/// Every rule, in id order.
pub static REGISTRY: &[&dyn Rule] = &[
    &exec::decoded_payload_exec::DecodedPayloadExec,
    &exec::remote_code_exec::RemoteCodeExec,
    &exec::indirect_builtin_exec::IndirectBuiltinExec,
    &exec::whitespace_hidden_code::WhitespaceHiddenCode,
    &install::setup_install_hook::SetupInstallHook,
    &install::pth_code_exec::PthCodeExec,
    &process::write_then_run::WriteThenRun,
    &process::reverse_shell::ReverseShell,
    &process::ctypes_shellcode::CtypesShellcode,
    &process::hidden_spawn::HiddenSpawn,
    &stealer::secrets_exfiltration::SecretsExfiltration,
    &exec::unsafe_deserialization::UnsafeDeserialization,
    &process::shell_download_exec::ShellDownloadExec,
    &stealer::host_beacon::HostBeacon,
    &stealer::browser_extension_sideload::BrowserExtensionSideload,
    &exec::decoded_binary_payload::DecodedBinaryPayload,
    &supply::vendored_tampering::VendoredTampering,
    &network::exfil_endpoint::ExfilEndpoint,
    &stealer::key_material_exfiltration::KeyMaterialExfiltration,
    &exec::disguised_code_load::DisguisedCodeLoad,
];

/// Runs every rule on one module.
pub fn check_all(module: &Module<'_>, checker: &mut Checker<'_>) {
    for rule in REGISTRY {
        if crate::budget::expired("running the rules") {
            return;
        }
        rule.check(module, checker);
    }
}

/// The leading `//!` lines of a Rust source file, without the markers.
pub fn doc_comment(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let Some(rest) = line.strip_prefix("//!") else {
            break;
        };
        out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// The first paragraph under `## What it does`, on one line.
pub fn summary_of(doc: &str) -> String {
    let mut lines = doc
        .lines()
        .skip_while(|l| !l.starts_with("## What it does"));
    lines.next();
    let para: Vec<&str> = lines
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    para.join(" ")
}
