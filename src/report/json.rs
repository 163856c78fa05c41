//! `--format json`: one document, the shape of CONTRACT.md.

use super::Report;
use serde::Serialize;

/// The report format version; bumped only when an existing field changes.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    #[serde(flatten)]
    report: &'a Report,
}

/// Renders the whole report as one pretty-printed JSON document.
pub fn render(report: &Report) -> String {
    let doc = Document {
        version: VERSION,
        tool: Tool {
            name: "hiss",
            version: env!("CARGO_PKG_VERSION"),
        },
        report,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("a report always serialises");
    s.push('\n');
    s
}
