//! `--format github`: GitHub Actions workflow commands, one annotation a
//! finding (`::error file=…,line=…::message`), shown on the pull request's
//! diff and in the job summary.
//!
//! Critical and high findings are errors, medium warnings, low and info
//! notices. A finding in an archive member is annotated on the archive,
//! naming the member. Files that could not be scanned are warnings. Values
//! are escaped as the runner unescapes them, so a file name or snippet
//! cannot end the command early or forge another one.

use super::{Report, Severity};
use std::fmt::Write;

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// The message part: `%`, CR and LF escaped.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which end a property.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders every finding and error as a workflow command, then a summary
/// notice.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let (file, member) = match f.path.split_once("!/") {
            Some((file, member)) => (file, Some(member)),
            None => (f.path.as_str(), None),
        };
        let file = file.trim_start_matches("./");
        let title = format!("{} {} ({})", f.rule, f.name, f.severity.as_str());
        let mut message = f.message.clone();
        if !f.chain.is_empty() {
            message.push_str(&format!(" (decoded: {})", f.chain.join(" → ")));
        }
        match member {
            Some(m) => {
                message = format!("In archive member {m}, line {}: {message}", f.line);
                let _ = writeln!(
                    out,
                    "::{} file={},title={}::{}",
                    command(f.severity),
                    property(file),
                    property(&title),
                    data(&message)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "::{} file={},line={},endLine={},col={},title={}::{}",
                    command(f.severity),
                    property(file),
                    f.line,
                    f.end_line.max(f.line),
                    f.column,
                    property(&title),
                    data(&message)
                );
            }
        }
    }
    for e in &report.errors {
        let file = e.path.split_once("!/").map_or(e.path.as_str(), |(f, _)| f);
        let _ = writeln!(
            out,
            "::warning file={},title=hiss could not scan this::{}",
            property(file.trim_start_matches("./")),
            data(&format!("{}: {}", e.path, e.message))
        );
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "::notice title=hiss::{}",
        data(&format!(
            "{} findings, {} errors, {} suppressed, in {} files",
            s.findings, s.errors, s.suppressed, s.files
        ))
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_break_out_of_the_command() {
        assert_eq!(data("50%\n::error::x"), "50%25%0A::error::x");
        assert_eq!(property("a,b:c\r"), "a%2Cb%3Ac%0D");
    }
}
