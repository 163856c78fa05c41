//! # HS116 decoded-binary-payload
//!
//! ## What it does
//!
//! Reported by the decoding pass: a literal in the file decodes (through
//! base64, hex, zlib, ...) to a Windows, Linux or macOS executable, or is
//! handed to `marshal.loads`/`pickle.loads` after decoding (a code object or
//! a pickle that runs code when loaded). hiss never loads either.
//!
//! ## Why it matters
//!
//! A Python package has no reason to carry an executable inside a string. The
//! Lazarus pycryptoenv packages hid a DLL in a `.py` file, Slow Pisces' loader
//! received base64 `init.dll` and `dockerd` binaries, and packers ship
//! `marshal`-ed code objects so that no source is left to read.
//!
//! ## Example
//!
//! ```python
//! import base64, marshal
//! exec(marshal.loads(base64.b64decode("4wAAAAAAAAAA...")))
//! ```
//!
//! ## False positives
//!
//! Test suites that embed small binaries, and bytecode caches built on
//! purpose; both are rare in shipped code.
//!
//! ## References
//!
//! - THREATS.md H11, H12, H35; MITRE ATT&CK T1027.009 (Embedded Payloads)
//! - JPCERT/CC, Lazarus PyPI packages (2024)

use crate::python::Module;
use crate::report::{Confidence, Context, Severity};
use crate::rules::{Checker, Meta, RawFinding, Rule};

pub struct DecodedBinaryPayload;

pub static META: Meta = crate::rule_meta!("HS116", "decoded-binary-payload", High, High);

impl Rule for DecodedBinaryPayload {
    fn meta(&self) -> &'static Meta {
        &META
    }

    /// Nothing to do on the tree: the analysis reports this rule when a
    /// payload it decodes turns out not to be Python (see [`finding`]).
    fn check(&self, _: &Module<'_>, _: &mut Checker<'_>) {}
}

/// The finding for a decoded payload that is `what`, reached through
/// `layers`; positions and chain are filled in by the caller.
///
/// High when a layer hides the bytes (base64, compression, XOR, ...): that is
/// a packer's habit. A binary written out as a hex string or a `b'\x..'`
/// literal, or a raw literal handed to `marshal.loads`, is how test suites,
/// exploit kits and debuggers carry their fixtures, and stays medium.
pub fn finding(what: &str, serialized: bool, layers: &[&str]) -> RawFinding {
    let hidden = layers
        .iter()
        .any(|l| !matches!(*l, "hex" | "marshal" | "pickle" | "constant"));
    RawFinding {
        id: META.id.to_string(),
        name: META.name.to_string(),
        family: None,
        severity: if hidden {
            Severity::High
        } else {
            Severity::Medium
        },
        confidence: Confidence::High,
        start: (1, 1),
        end: (1, 1),
        byte_range: 0..0,
        message: if serialized {
            format!("a decoded payload is loaded with {what}.loads(): a code object or pickle")
        } else {
            format!("a literal decodes to {what}")
        },
        context: Context::Unknown,
        chain: Vec::new(),
    }
}
