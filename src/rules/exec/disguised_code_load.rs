//! # HS120 disguised-code-load
//!
//! ## What it does
//!
//! Flags code loaded from a file whose name says it is data: a zip archive
//! imported with `zipimport.zipimporter` from a `.crt`, `.pem`, `.png`,
//! `.txt`, `.dat`, … file, or a module loaded with
//! `importlib.util.spec_from_file_location`, `SourceFileLoader`,
//! `SourcelessFileLoader`, `imp.load_source`/`load_compiled` or
//! `runpy.run_path` from such a file.
//!
//! ## Why it matters
//!
//! A reviewer reads `.py` files and skips certificates, images and data
//! files. The trojanised `aiohttp_openssl` copy shipped its loader as a ZIP
//! named `server.crt` and imported it with `zipimporter`, so the package's
//! Python held no suspicious line; other droppers keep a `.pyc` or a script
//! under an image name. Importers exist for `.py`, `.pyc`, `.zip`, `.egg`,
//! `.whl` and `.pyz`; nothing legitimate imports a certificate.
//!
//! ## Example
//!
//! ```python
//! import os, zipimport
//! zipimport.zipimporter(os.path.dirname(__file__) + "/server.crt").load_module("SSLv2")
//! ```
//!
//! ## False positives
//!
//! Plugin loaders that load a user's script by path do not name a data
//! extension; none is known that imports from one. Only constant extensions
//! are judged (a path held in a parameter is not).
//!
//! ## References
//!
//! - MITRE ATT&CK T1036.008 (masquerade file type), T1027.009 (embedded
//!   payloads)

use crate::python::tree::Node;
use crate::python::{Call, Module, fold};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};

pub struct DisguisedCodeLoad;

static META: Meta = crate::rule_meta!("HS120", "disguised-code-load", High, High);

/// Extensions of files that hold data, never code to import.
const DATA_EXTENSIONS: &[&str] = &[
    "crt", "cer", "pem", "der", "key", "p12", "pfx", "png", "jpg", "jpeg", "gif", "bmp", "ico",
    "svg", "webp", "txt", "log", "dat", "bin", "db", "sqlite", "csv", "json", "xml", "yaml", "yml",
    "ini", "cfg", "conf", "md", "rst", "html", "css", "wav", "mp3", "mp4", "ttf", "otf", "woff",
    "woff2", "pdf", "doc", "docx", "xls", "xlsx", "lic", "license",
];

impl Rule for DisguisedCodeLoad {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        for call in &m.calls {
            let Some(path) = loaded_path(call) else {
                continue;
            };
            let Some(ext) = data_extension(m, path) else {
                continue;
            };
            let how = call
                .qname
                .as_deref()
                .unwrap_or("")
                .trim_end_matches("()")
                .to_string();
            checker.report(
                &META,
                call.node,
                Severity::High,
                m.context(call.scope),
                format!(
                    "{how}() loads code from a `.{ext}` file, a data name that hides it from review"
                ),
            );
        }
    }
}

/// The path argument of a call that loads code from a file.
fn loaded_path<'t>(call: &Call<'t>) -> Option<Node<'t>> {
    let q = call.qname.as_deref()?.trim_end_matches("()");
    match q {
        "zipimport.zipimporter" | "runpy.run_path" => call.arg(0).or_else(|| call.kwarg("path")),
        "importlib.util.spec_from_file_location"
        | "importlib.machinery.SourceFileLoader"
        | "importlib.machinery.SourcelessFileLoader"
        | "imp.load_source"
        | "imp.load_compiled" => call.arg(1).or_else(|| call.kwarg("location")),
        _ => None,
    }
}

/// The extension of a path whose end is constant, when it names data.
fn data_extension(m: &Module<'_>, path: Node<'_>) -> Option<String> {
    let text = fold::template(m, path);
    let name = text.rsplit(['/', '\\']).next()?;
    let (stem, ext) = name.rsplit_once('.')?;
    let ext = ext
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    if stem.is_empty() || ext.contains("{}") {
        return None;
    }
    DATA_EXTENSIONS.contains(&ext.as_str()).then_some(ext)
}
