//! `--format human`: rustc-style diagnostics and a one-line summary.
//!
//! Styles are written as ANSI sequences; the caller writes through
//! `anstream`, which strips them when stdout is not a terminal or `NO_COLOR`
//! is set.

use super::{Finding, Package, Report, ScanError, Severity};
use anstyle::{AnsiColor, Color, Style};
use std::io::{self, Write};

fn severity_style(s: Severity) -> Style {
    let color = match s {
        Severity::Critical => AnsiColor::BrightRed,
        Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low => AnsiColor::Cyan,
        Severity::Info => AnsiColor::Blue,
    };
    Style::new().fg_color(Some(Color::Ansi(color))).bold()
}

const BOLD: Style = Style::new().bold();
const GUTTER: Style = Style::new()
    .fg_color(Some(Color::Ansi(AnsiColor::BrightBlue)))
    .bold();

/// Writes one finding as a diagnostic.
pub fn write_finding(out: &mut dyn Write, f: &Finding) -> io::Result<()> {
    let sev = severity_style(f.severity);
    writeln!(
        out,
        "{sev}{}[{}]{sev:#} {BOLD}{}{BOLD:#}: {}",
        f.severity,
        f.rule,
        f.name,
        safe(&f.message)
    )?;
    let width = f.line.to_string().len();
    let pad = " ".repeat(width);
    let cell = f
        .cell
        .map(|(index, line)| format!(" (cell {index}, line {line})"))
        .unwrap_or_default();
    writeln!(
        out,
        "{pad}{GUTTER}-->{GUTTER:#} {}:{}:{}{cell}",
        safe(&f.path),
        f.line,
        f.column
    )?;
    if !f.line_text.is_empty() {
        let (shown, col) = clip(&f.line_text, f.column);
        let caret_len = if f.end_line == f.line {
            f.end_column.saturating_sub(f.column).max(1)
        } else {
            shown.chars().count().saturating_sub(col).max(1)
        }
        .min(shown.chars().count().saturating_sub(col).max(1));
        writeln!(out, "{pad} {GUTTER}|{GUTTER:#}")?;
        writeln!(out, "{GUTTER}{} |{GUTTER:#} {shown}", f.line)?;
        writeln!(
            out,
            "{pad} {GUTTER}|{GUTTER:#} {}{sev}{}{sev:#}",
            " ".repeat(col),
            "^".repeat(caret_len)
        )?;
    }
    let mut notes = vec![format!("context: {}", context_name(f))];
    if !f.chain.is_empty() {
        notes.push(format!("decoded: {}", f.chain.join(" → ")));
    }
    notes.push(format!("confidence: {}", f.confidence.as_str()));
    if let Some(family) = &f.family {
        notes.push(format!("family: {family}"));
    }
    writeln!(out, "{pad} {GUTTER}={GUTTER:#} {}", notes.join(", "))?;
    writeln!(out)
}

fn context_name(f: &Finding) -> &'static str {
    match f.context {
        super::Context::Install => "install",
        super::Context::Import => "import",
        super::Context::Startup => "startup",
        super::Context::Run => "run",
        super::Context::Unknown => "unknown",
    }
}

/// The part of a long line around the finding, and the caret's column in it.
fn clip(line: &str, column: usize) -> (String, usize) {
    const WIDTH: usize = 120;
    let chars: Vec<char> = line
        .chars()
        // One column each, so the caret still lines up; escapes and
        // carriage returns in a scanned line never reach the terminal.
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect();
    let col = column.saturating_sub(1).min(chars.len());
    if chars.len() <= WIDTH {
        return (chars.iter().collect(), col);
    }
    let start = col.saturating_sub(20);
    let end = (start + WIDTH).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    let mut shift = col - start;
    if start > 0 {
        s = format!("…{s}");
        shift += 1;
    }
    if end < chars.len() {
        s.push('…');
    }
    (s, shift)
}

pub fn write_error(out: &mut dyn Write, e: &ScanError) -> io::Result<()> {
    let style = Style::new()
        .fg_color(Some(Color::Ansi(AnsiColor::Magenta)))
        .bold();
    writeln!(
        out,
        "{style}error{style:#}: {}: {}",
        safe(&e.path),
        safe(&e.message)
    )
}

/// Text from the scanned files (names, messages quoting them) with control
/// characters escaped: a file named `x\ncritical[…]` or a line holding
/// terminal escapes must not forge or restyle the report.
fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// The closing line: counts by severity, files, errors and time.
pub fn write_summary(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    let mut counts = Vec::new();
    for s in Severity::ALL.iter().rev() {
        let n = r.findings.iter().filter(|f| f.severity == *s).count();
        if n > 0 {
            counts.push(format!(
                "{}{n} {s}{:#}",
                severity_style(*s),
                severity_style(*s)
            ));
        }
    }
    let found = if counts.is_empty() {
        "no findings".to_string()
    } else {
        format!(
            "{} finding{} ({})",
            r.findings.len(),
            if r.findings.len() == 1 { "" } else { "s" },
            counts.join(", ")
        )
    };
    let found = match (r.summary.suppressed, &r.summary.config) {
        (0, _) => found,
        (n, Some(file)) => format!("{found} ({n} suppressed by {file})"),
        (n, None) => format!("{found} ({n} suppressed)"),
    };
    let found = match r.summary.baselined {
        0 => found,
        n => format!("{found} ({n} more in the baseline)"),
    };
    writeln!(
        out,
        "{BOLD}hiss{BOLD:#}: {found} in {} file{} ({}), {} error{}, {:.2}s",
        r.summary.files,
        if r.summary.files == 1 { "" } else { "s" },
        human_bytes(r.summary.bytes),
        r.errors.len(),
        if r.errors.len() == 1 { "" } else { "s" },
        r.summary.duration_ms as f64 / 1000.0
    )?;
    write_package_verdicts(out, r)
}

/// `packages: 1 malicious, 2 suspicious` when findings know their package.
fn write_package_verdicts(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    let mut worst: Vec<(&Package, Severity)> = Vec::new();
    for f in &r.findings {
        if let Some(p) = &f.package {
            match worst.iter_mut().find(|(q, _)| *q == p) {
                Some((_, s)) => *s = (*s).max(f.severity),
                None => worst.push((p, f.severity)),
            }
        }
    }
    if worst.is_empty() {
        return Ok(());
    }
    let count = |pred: &dyn Fn(Severity) -> bool| worst.iter().filter(|(_, s)| pred(*s)).count();
    let parts = [
        (count(&|s| s >= Severity::High), "malicious"),
        (count(&|s| s == Severity::Medium), "suspicious"),
        (count(&|s| s < Severity::Medium), "informational"),
    ];
    let parts: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
    writeln!(out, "{BOLD}packages{BOLD:#}: {}", parts.join(", "))
}

fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = b as f64;
    let mut i = 0;
    while v >= 1000.0 && i < UNITS.len() - 1 {
        v /= 1000.0;
        i += 1;
    }
    if i == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}

/// What a reviewer should conclude from a group of findings.
fn verdict(findings: &[&Finding]) -> (&'static str, Severity) {
    let worst = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Info);
    let word = match worst {
        Severity::Critical | Severity::High => "malicious",
        Severity::Medium => "suspicious",
        Severity::Low | Severity::Info => "informational",
    };
    (word, worst)
}

/// `package evil 1.0: malicious (2 critical, 1 high)`, above its findings.
fn write_package_header(
    out: &mut dyn Write,
    package: Option<&Package>,
    findings: &[&Finding],
) -> io::Result<()> {
    let (word, worst) = verdict(findings);
    let style = severity_style(worst);
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let n = findings.iter().filter(|f| f.severity == *s).count();
            (n > 0).then(|| format!("{n} {s}"))
        })
        .collect();
    let name = match package {
        Some(p) if p.version.is_empty() => format!("package {}", safe(&p.name)),
        Some(p) => format!("package {} {}", safe(&p.name), safe(&p.version)),
        None => "files outside any package".to_string(),
    };
    writeln!(
        out,
        "{BOLD}{name}{BOLD:#}: {style}{word}{style:#} ({})",
        counts.join(", ")
    )?;
    writeln!(out)
}

/// The whole report, as the default output prints it: findings grouped by
/// the distribution they belong to, each group under its verdict, when any
/// finding knows its distribution.
pub fn render(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    if r.findings.iter().any(|f| f.package.is_some()) {
        // Groups in the order their first finding comes (findings are
        // sorted by path), so the output is the same from run to run.
        let mut groups: Vec<(Option<&Package>, Vec<&Finding>)> = Vec::new();
        for f in &r.findings {
            match groups.iter_mut().find(|(p, _)| *p == f.package.as_ref()) {
                Some((_, list)) => list.push(f),
                None => groups.push((f.package.as_ref(), vec![f])),
            }
        }
        for (package, findings) in &groups {
            write_package_header(out, *package, findings)?;
            for f in findings {
                write_finding(out, f)?;
            }
        }
    } else {
        for f in &r.findings {
            write_finding(out, f)?;
        }
    }
    for e in &r.errors {
        write_error(out, e)?;
    }
    write_summary(out, r)
}
