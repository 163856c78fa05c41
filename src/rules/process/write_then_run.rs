//! # HS107 write-then-run
//!
//! ## What it does
//!
//! Flags a dropper: bytes that come from the network or from a decoder are
//! written to a file, and that same file is then started (`subprocess`,
//! `os.system`, `os.startfile`, `os.exec*`, `os.spawn*`), loaded as a library
//! (`ctypes.CDLL`, `LoadLibrary`), executed (`exec(open(p).read())`,
//! `runpy.run_path`, `importlib.util.spec_from_file_location`), made
//! executable (`os.chmod`) or imported. A download to a file (`urlretrieve`,
//! `wget.download`, a shell `curl -o x.exe`) that is then run counts the
//! same, and so does a downloaded archive extracted (`zipfile`, `tarfile`,
//! `shutil.unpack_archive`) with a file from the extraction folder run.
//!
//! The write and the run may sit in different functions of the file: they
//! are matched through a module-level path variable, the arguments the
//! callers pass to a download helper and a launch helper (also through
//! `threading.Thread(target=f, args=...)`), the path a helper returns, a
//! `self.` attribute, or the same constant path. Wrappers that name the same
//! file are looked through: `str(p)`, `Path(p)`, `os.path.abspath(p)`,
//! `p.resolve()`, `f.name` of `open(p)` or `NamedTemporaryFile()`, and a
//! command line that names the path (`f"python {p}"`, `"start " + p`). A
//! document opened with its viewer (`os.startfile("report.pdf")`, `start
//! page.html`) and a file handed to a tool that does not run it (`attrib`,
//! `tar`, `git`, `taskkill`) are not runs.
//!
//! ## Why it matters
//!
//! Fetch, write, run (and often delete) is the classic stage loader:
//! KANDYKORN's `Watcher.py` wrote `_log/testSpeed.py` from Google Drive and
//! imported it; the Code of Conduct backdoor wrote `rebase.tmp` and started it
//! detached; Slow Pisces wrote `~/Public/__init__.py`, `init.dll` and
//! `dockerd` and ran them. Commodity PyPI droppers split the steps into
//! `download()` and `execute()` helpers around a module-level path.
//!
//! ## Example
//!
//! ```python
//! import base64, subprocess, tempfile, os
//! path = os.path.join(tempfile.gettempdir(), "rebase.tmp")
//! with open(path, "wb") as f:
//!     f.write(base64.b64decode(BLOB))
//! subprocess.Popen(["python", path])
//! ```
//!
//! ## False positives
//!
//! Self-updaters and tool installers that download and start a helper; they
//! rarely decode it first. When the function that downloads (or the one that
//! runs) compares the file's digest with a pinned one, the finding is medium.
//!
//! ## References
//!
//! - THREATS.md H8, H11; MITRE ATT&CK T1105, T1204
//! - Elastic, "Elastic catches DPRK passing out KANDYKORN" (2023)

use crate::python::Syntax;
use crate::python::paths::{self, PathKey};
use crate::python::tree::Node;
use crate::python::{Call, Module, ScopeId, Taint, fold, taint::taint};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};
use std::collections::{HashMap, HashSet};

pub struct WriteThenRun;

static META: Meta = crate::rule_meta!("HS107", "write-then-run", Critical, High);

/// A file (or an extraction folder) written with hostile content.
struct Written<'t> {
    /// The expression naming the file or folder.
    path: Node<'t>,
    /// The call that writes it.
    at: Node<'t>,
    unit: ScopeId,
    what: &'static str,
    chain: Vec<&'static str>,
    /// An archive extracted into a folder: what runs is under it.
    dir: bool,
    /// A shell download's output file name (`curl -o dark.exe`).
    shell_name: Option<String>,
    keys: HashSet<PathKey>,
}

impl Rule for WriteThenRun {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        let mut written: Vec<Written<'_>> = m.calls.iter().filter_map(|c| written(m, c)).collect();
        if written.is_empty() && !m.calls.iter().any(|c| is_extraction(c)) {
            return;
        }
        for w in &mut written {
            if w.shell_name.is_none() {
                w.keys = paths::keys(m, w.path, false);
                add_returned(m, w);
            }
        }
        // Archives downloaded (or written from a download) and extracted.
        let mut extracted = Vec::new();
        for c in &m.calls {
            if let Some(x) = extraction(m, c, &written) {
                extracted.push(x);
            }
        }
        written.extend(extracted);
        if written.is_empty() {
            return;
        }
        let mut verified_units: HashMap<ScopeId, bool> = HashMap::new();
        let mut verified = |unit: ScopeId| {
            *verified_units.entry(unit).or_insert_with(|| {
                let calls: Vec<&Call<'_>> = m.calls_in_unit(unit).collect();
                verifies_checksum(m, &calls)
            })
        };
        let mut ran = vec![false; written.len()];
        for call in &m.calls {
            let Some(run) = run_targets(m, call) else {
                continue;
            };
            let unit = m.unit(call.scope);
            let Some(i) = written
                .iter()
                .position(|w| w.at.id() != call.node.id() && runs_written(m, w, &run, call, unit))
            else {
                continue;
            };
            ran[i] = true;
            let w = &written[i];
            let checked = verified(w.unit) || verified(unit);
            // A maintainer's script or a test that fetches a tool and runs it
            // (get-pip, a dataset script, a downstream build) runs only when
            // a developer starts it; installing or importing the package
            // never does. Run-context drops there are reported at medium.
            let checked = checked
                || (matches!(m.context(call.scope), Context::Run | Context::Unknown)
                    && in_developer_folder(&m.path));
            let how = call
                .qname
                .as_deref()
                .unwrap_or("?")
                .trim_start_matches("builtins.");
            let elsewhere = if w.unit != unit && w.unit != 0 {
                format!(" in {}()", m.scopes[w.unit].name)
            } else {
                String::new()
            };
            checker
                .report(
                    &META,
                    call.node,
                    if checked {
                        Severity::Medium
                    } else {
                        Severity::Critical
                    },
                    m.context(call.scope),
                    format!(
                        "a {} written with {}{elsewhere} is then run with {}(){}",
                        if w.dir { "folder" } else { "file" },
                        w.what,
                        how.trim_end_matches("()"),
                        if checked && in_developer_folder(&m.path) {
                            " (in a test, script or benchmark folder, when someone runs it)"
                        } else if checked {
                            " (its checksum is compared with a digest first)"
                        } else {
                            ""
                        }
                    ),
                )
                .with_chain(&w.chain);
        }
        // `import testSpeed` after writing `_log/testSpeed.py`
        for (stmt, scope) in &m.import_statements {
            let unit = m.unit(*scope);
            let Some(i) = written.iter().position(|w| {
                w.unit == unit
                    && !w.dir
                    && w.at.start_byte() < stmt.start_byte()
                    && imports_written(m, *stmt, w.path)
            }) else {
                continue;
            };
            ran[i] = true;
            let w = &written[i];
            checker
                .report(
                    &META,
                    *stmt,
                    Severity::Critical,
                    m.context(*scope),
                    format!("a module written with {} is then imported", w.what),
                )
                .with_chain(&w.chain);
        }
        // Dropping a decoded or downloaded file while pip installs the
        // package (or Python starts) is itself the stage, run or not.
        for (w, ran) in written.iter().zip(ran) {
            let context = m.context(m.scope_at(w.path));
            if !ran
                && w.shell_name.is_none()
                && !w.dir
                && matches!(context, Context::Install | Context::Startup)
            {
                checker
                    .report(
                        &META,
                        w.path,
                        Severity::High,
                        context,
                        format!("a file is written with {} at install time", w.what),
                    )
                    .with_chain(&w.chain);
            }
        }
    }
}

/// Whether the file lies in a folder of tests, test data, maintainer
/// scripts, benchmarks, examples or docs (inside a package or an archive).
fn in_developer_folder(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split(['/', '\\', '!']).collect();
    parts.pop(); // the file name itself
    parts.iter().any(|p| {
        matches!(
            p.to_ascii_lowercase().as_str(),
            "test"
                | "tests"
                | "testing"
                | "testdata"
                | "test_data"
                | "scripts"
                | "benchmark"
                | "benchmarks"
                | "examples"
                | "example"
                | "docs"
                | "doc"
        )
    })
}

/// What a run call starts: the expressions that may name the file, and the
/// command line as a whole.
struct RunTarget<'t> {
    /// Expressions that name the program or the script it runs.
    targets: Vec<Node<'t>>,
    /// The whole command (a string or the argument list), for text matches.
    command: Option<Node<'t>>,
    /// The command's first word, lowercase, without folder or `.exe`.
    program: String,
}

/// Whether `run` starts the file (or something in the folder) `w` wrote.
fn runs_written(
    m: &Module<'_>,
    w: &Written<'_>,
    run: &RunTarget<'_>,
    call: &Call<'_>,
    unit: ScopeId,
) -> bool {
    let same_unit = w.unit == unit;
    if same_unit && w.at.start_byte() > call.node.start_byte() {
        return false;
    }
    let command_text = run.command.map(|c| paths::shape(m, c)).unwrap_or_default();
    if let Some(name) = &w.shell_name {
        // `curl -o dark.exe` … `Popen(["C:/dark.exe"])`
        return names_file(&command_text, name);
    }
    if opens_document(m, w, run, call) {
        return false;
    }
    if w.dir {
        // what runs is under the folder: `os.path.join(d, "run.exe")`,
        // `f"py {base}\\here\\mod.py"` after extracting to `base + "\\here"`
        let dir = paths::shape(m, w.path);
        if paths::literal_len(&dir) >= 4
            && run
                .targets
                .iter()
                .map(|t| paths::shape(m, *t))
                .chain(std::iter::once(command_text.clone()))
                .any(|s| s.contains(&dir))
        {
            return true;
        }
        return run
            .targets
            .iter()
            .chain(run.command.iter())
            .any(|t| !paths::keys(m, *t, true).is_disjoint(&w.keys));
    }
    for t in &run.targets {
        if same_unit && same_path(m, w.path, *t) {
            return true;
        }
        if !paths::keys(m, *t, false).is_disjoint(&w.keys) {
            return true;
        }
    }
    // The written path named inside a command line: `f"python {p}"`,
    // `"start " + p`, `os.system("start C:/x/server.exe")`.
    if let Some(c) = run.command
        && command_text.contains(' ')
    {
        if !paths::keys(m, c, true).is_disjoint(&w.keys) {
            return true;
        }
        let wa = paths::shape(m, w.path);
        if paths::literal_len(&wa) >= 6 && command_text.contains(&wa) {
            return true;
        }
    }
    false
}

/// `os.startfile(report.pdf)`, `start page.html`: a document opened with
/// its viewer is not a program run.
fn opens_document(m: &Module<'_>, w: &Written<'_>, run: &RunTarget<'_>, call: &Call<'_>) -> bool {
    const DOCUMENTS: &[&str] = &[
        ".pdf", ".html", ".htm", ".txt", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".csv", ".json",
        ".md", ".mp3", ".mp4", ".wav", ".xml", ".log", ".xlsx", ".docx", ".webp", ".ipynb",
    ];
    let text = fold::template(m, w.path).to_ascii_lowercase();
    let document = DOCUMENTS.iter().any(|d| text.ends_with(d));
    document
        && (call.is("os.startfile")
            || matches!(
                run.program.as_str(),
                "start" | "open" | "xdg-open" | "explorer" | "gio" | "see"
            ))
}

/// Whether a command line names a file `name` (as a whole path component).
fn names_file(command: &str, name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    command.match_indices(&name).any(|(i, _)| {
        let before = command[..i].chars().next_back();
        let after = command[i + name.len()..].chars().next();
        before.is_none_or(|c| matches!(c, '/' | ' ' | '"' | '\'' | '\\'))
            && after.is_none_or(|c| matches!(c, ' ' | '"' | '\'' | '&' | ';'))
    })
}

/// If the function around a write returns the written path, its callers
/// hold that path: `p = download(); Popen(p)`.
fn add_returned(m: &Module<'_>, w: &mut Written<'_>) {
    let scope = m.scope_at(w.at);
    let def = m.scopes[scope].node;
    if def.kind_name() != "function_definition" {
        return;
    }
    for ret in returns(def) {
        if !paths::keys(m, ret, false).is_disjoint(&w.keys) {
            w.keys.insert(PathKey::Ret(def.id()));
            return;
        }
    }
}

/// The `return` values of a function, not of functions nested in it.
fn returns(def: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let Some(body) = def.field("body") else {
        return out;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if out.len() > 16 {
            break;
        }
        for child in n.named_children() {
            match child.kind_name() {
                "function_definition" | "class_definition" | "lambda" => {}
                "return_statement" => {
                    if let Some(v) = child.named_child(0) {
                        out.push(v);
                    }
                }
                _ => stack.push(child),
            }
        }
    }
    out
}

/// `zipfile.ZipFile(p).extractall(d)`, `tarfile.open(p).extractall(d)`,
/// `shutil.unpack_archive(p, d)`.
fn is_extraction(call: &Call<'_>) -> bool {
    call.qname.as_deref().is_some_and(|q| {
        q == "shutil.unpack_archive"
            || ((q.starts_with("zipfile.") || q.starts_with("tarfile."))
                && (q.ends_with(".extractall") || q.ends_with(".extract")))
    })
}

/// An archive from the network (or a file written from it) extracted into
/// a folder: the folder holds downloaded files.
fn extraction<'t>(m: &Module<'t>, call: &Call<'t>, written: &[Written<'t>]) -> Option<Written<'t>> {
    if !is_extraction(call) {
        return None;
    }
    let (archive, dest) = if call.is("shutil.unpack_archive") {
        (
            call.arg(0).or_else(|| call.kwarg("filename"))?,
            call.arg(1).or_else(|| call.kwarg("extract_dir"))?,
        )
    } else {
        let receiver = call.func.field("object")?;
        let opener = match receiver.kind_name() {
            "call" => receiver,
            "identifier" => m.value_at(receiver).filter(|v| v.kind_name() == "call")?,
            _ => return None,
        };
        let args = opener.field("arguments")?;
        let archive = args.named_child(0)?;
        let archive = if archive.kind_name() == "keyword_argument" {
            archive.field("value")?
        } else {
            archive
        };
        let dest = if call.qname.as_deref()?.ends_with(".extract") {
            call.arg(1).or_else(|| call.kwarg("path"))?
        } else {
            call.arg(0).or_else(|| call.kwarg("path"))?
        };
        (archive, dest)
    };
    let t = taint(m, archive, call.scope);
    let (what, chain) = if t.has(Taint::Network) || t.has(Taint::Socket) {
        ("a downloaded archive", t.layers())
    } else {
        let keys = paths::keys(m, archive, false);
        let unit = m.unit(call.scope);
        let source = written.iter().find(|w| {
            w.shell_name.is_none()
                && !w.dir
                && (w.unit != unit || w.at.start_byte() < call.node.start_byte())
                && (!w.keys.is_disjoint(&keys) || same_path(m, w.path, archive))
        })?;
        let what = if source.what == "decoded bytes" {
            "a decoded archive"
        } else {
            "a downloaded archive"
        };
        (what, source.chain.clone())
    };
    Some(Written {
        path: dest,
        at: call.node,
        unit: m.unit(call.scope),
        what,
        chain,
        dir: true,
        shell_name: None,
        keys: paths::keys(m, dest, false),
    })
}

/// Whether the unit checks what it downloaded against a known digest
/// (`hashlib.sha256(...).hexdigest() != EXPECTED`): tool installers pin
/// their downloads; droppers run whatever their server sends.
fn verifies_checksum(m: &Module<'_>, calls: &[&Call<'_>]) -> bool {
    let hashes = calls.iter().any(|c| {
        c.qname
            .as_deref()
            .is_some_and(|q| q.starts_with("hashlib."))
    });
    hashes
        && calls.iter().any(|c| {
            let mut node = c.node;
            while let Some(parent) = node.parent() {
                if parent.kind_name() == "comparison_operator" {
                    let text = m.text(parent).to_ascii_lowercase();
                    return ["digest", "hash", "sha", "checksum"]
                        .iter()
                        .any(|w| text.contains(w));
                }
                if parent.kind_name().ends_with("statement") || parent.kind_name() == "block" {
                    break;
                }
                node = parent;
            }
            false
        })
        || calls.iter().any(|c| {
            // the digest compared through a variable: `if digest != want:`
            c.qname
                .as_deref()
                .is_some_and(|q| q.starts_with("hashlib."))
                && compared_later(m, c)
        })
}

/// `h = hashlib.sha256(data).hexdigest()` whose name is then compared.
fn compared_later(m: &Module<'_>, call: &Call<'_>) -> bool {
    let mut node = call.node;
    while let Some(parent) = node.parent() {
        if parent.kind_name() == "assignment" {
            let Some(left) = parent.field("left") else {
                return false;
            };
            let name = m.text(left);
            let Some(block) = parent.parent().and_then(|s| s.parent()) else {
                return false;
            };
            let text = m.text(block);
            let after = text
                .get(parent.end_byte().saturating_sub(block.start_byte())..)
                .unwrap_or("");
            return after.contains(&format!("{name} !=")) || after.contains(&format!("{name} =="));
        }
        if parent.kind_name().ends_with("statement") || parent.kind_name() == "block" {
            return false;
        }
        node = parent;
    }
    false
}

/// If `call` writes hostile bytes to a file, the path expression.
fn written<'t>(m: &Module<'t>, call: &Call<'t>) -> Option<Written<'t>> {
    let q = call.qname.as_deref()?;
    let unit = m.unit(call.scope);
    let plain = |path: Node<'t>, what: &'static str, chain: Vec<&'static str>| Written {
        path,
        at: call.node,
        unit,
        what,
        chain,
        dir: false,
        shell_name: None,
        keys: HashSet::new(),
    };
    // `urllib.urlrequest.urlretrieve(...)`: a misspelt module is still a download
    if q.ends_with(".urlretrieve") || q == "wget.download" {
        // urlretrieve(url) alone saves to a temporary file it returns
        let path = call
            .arg(1)
            .or_else(|| call.kwarg("filename"))
            .or_else(|| call.kwarg("out"))
            .unwrap_or(call.node);
        return Some(plain(path, "downloaded bytes", Vec::new()));
    }
    if crate::python::names::is_spawn(q) {
        let name = shell_download_output(m, call)?;
        return Some(Written {
            shell_name: Some(name),
            ..plain(call.node, "a shell download", Vec::new())
        });
    }
    // f.write(data) where f = open(path, 'w…') ; Path(p).write_bytes(data)
    let method = q.rsplit('.').next()?;
    let (path, data) = if matches!(method, "write" | "writelines") && q != "os.write" {
        let receiver = call.func.field("object")?;
        (open_path(m, receiver, call.scope)?, call.arg(0)?)
    } else if q == "os.write" {
        // os.write(fd, data) with fd from os.open / mkstemp
        (call.arg(0)?, call.arg(1)?)
    } else if q == "shutil.copyfileobj" {
        (open_path(m, call.arg(1)?, call.scope)?, call.arg(0)?)
    } else if matches!(method, "write_bytes" | "write_text") {
        let receiver = call.func.field("object")?;
        let path = if receiver.kind_name() == "call" {
            receiver.field("arguments")?.named_child(0)?
        } else {
            receiver
        };
        (path, call.arg(0)?)
    } else {
        return None;
    };
    let t = taint(m, data, call.scope);
    let what = if t.has(Taint::Network) || t.has(Taint::Socket) {
        "bytes from the network"
    } else if t.has(Taint::Decoded) {
        "decoded bytes"
    } else {
        return None;
    };
    Some(plain(path, what, t.layers()))
}

/// The file a spawned shell download saves to (see
/// [`super::shell_download_exec::download_output`]).
fn shell_download_output(m: &Module<'_>, call: &Call<'_>) -> Option<String> {
    super::shell_download_exec::download_output(&fold::template(m, call.arg(0)?))
}

/// The path of the file that `receiver` writes to: `open(path, 'w…')`,
/// `Path(p).open('wb')`, `os.fdopen(fd)`, `NamedTemporaryFile()` (the call
/// itself names the file), directly or through a variable.
fn open_path<'t>(m: &Module<'t>, receiver: Node<'t>, scope: usize) -> Option<Node<'t>> {
    let call = match receiver.kind_name() {
        "call" => receiver,
        "identifier" => {
            let (_, bindings) = m.lookup(m.text(receiver), scope)?;
            // The `open(...)` bound last before this write: a name reused for
            // several files means the one in force here.
            bindings.iter().rev().find_map(|b| match b {
                crate::python::Binding::Value(v)
                    if v.kind_name() == "call" && v.start_byte() < receiver.start_byte() =>
                {
                    Some(*v)
                }
                _ => None,
            })?
        }
        _ => return None,
    };
    let c = m.calls.iter().find(|c| c.node.id() == call.id())?;
    let q = c.qname.as_deref()?;
    if matches!(
        q,
        "tempfile.NamedTemporaryFile" | "tempfile.mkstemp" | "tempfile.TemporaryFile"
    ) {
        return (q != "tempfile.TemporaryFile").then_some(call);
    }
    let (path, mode) = if c.is_any(&["builtins.open", "io.open", "codecs.open", "os.fdopen"]) {
        (
            c.arg(0).or_else(|| c.kwarg("file"))?,
            c.arg(1).or_else(|| c.kwarg("mode")),
        )
    } else if q.ends_with(".open") && q.starts_with("pathlib.") {
        // Path(p).open("wb") / p.open("wb")
        let object = c.func.field("object")?;
        let path = if object.kind_name() == "call" {
            object.field("arguments")?.named_child(0)?
        } else {
            object
        };
        (path, c.arg(0).or_else(|| c.kwarg("mode")))
    } else {
        return None;
    };
    if q == "os.fdopen" {
        return Some(path);
    }
    // The mode may be held in a variable or a list; only a mode known to
    // read rules a write out.
    match fold::fold_str(m, mode?) {
        Some(mode) if !mode.contains(['w', 'a', 'x', '+']) => None,
        _ => Some(path),
    }
}

/// Programs that, given a file, run it (or make it runnable).
const LAUNCHERS: &[&str] = &[
    "python",
    "python3",
    "python2",
    "py",
    "pythonw",
    "sh",
    "bash",
    "zsh",
    "dash",
    "cmd",
    "start",
    "powershell",
    "pwsh",
    "wscript",
    "cscript",
    "mshta",
    "rundll32",
    "regsvr32",
    "msiexec",
    "node",
    "java",
    "javaw",
    "osascript",
    "open",
    "nohup",
    "setsid",
    "sudo",
    "wine",
    "mono",
    "chmod",
    "perl",
    "ruby",
    "php",
    "schtasks",
    "installutil",
    "env",
    "exec",
    "bun",
    "deno",
];

/// Programs that take a file without running it.
const NON_RUNNERS: &[&str] = &[
    "attrib",
    "icacls",
    "takeown",
    "del",
    "erase",
    "rm",
    "copy",
    "xcopy",
    "move",
    "mv",
    "cp",
    "echo",
    "type",
    "cat",
    "tar",
    "unzip",
    "7z",
    "7za",
    "gzip",
    "gunzip",
    "curl",
    "wget",
    "ls",
    "dir",
    "chattr",
    "file",
    "strings",
    "md5sum",
    "sha256sum",
    "shasum",
    "certutil",
    "xattr",
    "codesign",
    "git",
    "hg",
    "svn",
    "bzr",
    "pip",
    "explorer",
    "xdg-open",
    "notepad",
    "less",
    "head",
    "tail",
    "grep",
    "ffmpeg",
    "ffprobe",
    "convert",
    "lpr",
    "zip",
    "hdiutil",
    "ditto",
    "touch",
    "ln",
    "mkdir",
    "stat",
    "du",
    "wc",
    "diff",
    "rsync",
    "scp",
    "tee",
    "sed",
    "awk",
    "taskkill",
    "tasklist",
    "pkill",
    "kill",
    "killall",
    "pgrep",
    "where",
    "which",
];

/// The first word of a command, lowercase, without its folder or `.exe`.
fn program_name(text: &str) -> String {
    let word = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c| c == '"' || c == '\'');
    let base = word.rsplit(['/', '\\']).next().unwrap_or(word);
    base.to_ascii_lowercase()
        .trim_end_matches(".exe")
        .to_string()
}

/// If `call` runs a file, what names it.
fn run_targets<'t>(m: &Module<'t>, call: &Call<'t>) -> Option<RunTarget<'t>> {
    let q = call.qname.as_deref()?;
    let base = q.trim_end_matches("()");
    let single = |target: Node<'t>| RunTarget {
        targets: vec![target],
        command: None,
        program: String::new(),
    };
    match base {
        // Making a file executable prepares to run it; copying another
        // file's mode (`os.chmod(new, os.stat(old).st_mode)`) does not.
        "os.chmod" => {
            let mode = call.arg(1).or_else(|| call.kwarg("mode"))?;
            let executable = match fold::fold(m, mode) {
                Some(fold::Value::Int(bits)) => bits & 0o111 != 0,
                _ => {
                    let text = m.text(mode);
                    [
                        "S_IX", "S_IRWX", "S_IEXEC", "0o7", "0o5", "0o1", "0755", "0777", "0700",
                    ]
                    .iter()
                    .any(|p| text.contains(p))
                }
            };
            return executable.then_some(single(call.arg(0)?));
        }
        "builtins.exec" => {
            // exec(open(p).read())
            let arg = call.arg(0)?;
            let inner = find_open_call(m, arg)?;
            return Some(single(inner.arg(0)?));
        }
        "ctypes.CDLL"
        | "ctypes.WinDLL"
        | "ctypes.cdll.LoadLibrary"
        | "ctypes.windll.LoadLibrary"
        | "ctypes.windll.kernel32.LoadLibraryA"
        | "ctypes.windll.kernel32.LoadLibraryW"
        | "runpy.run_path"
        | "builtins.__import__"
        | "importlib.import_module" => return Some(single(call.arg(0)?)),
        // loading a module from a file runs it
        "importlib.util.spec_from_file_location"
        | "importlib.machinery.SourceFileLoader"
        | "importlib.machinery.SourcelessFileLoader"
        | "importlib.machinery.ExtensionFileLoader"
        | "imp.load_source"
        | "imp.load_compiled"
        | "imp.load_dynamic" => {
            return Some(single(call.arg(1).or_else(|| call.kwarg("location"))?));
        }
        _ => {}
    }
    if !crate::python::names::is_spawn(base) {
        return None;
    }
    let first = if base.starts_with("os.spawn") {
        call.arg(1)?
    } else {
        call.arg(0)?
    };
    let list = match first.kind_name() {
        "list" | "tuple" => Some(first),
        "identifier" => m
            .value_at(first)
            .filter(|v| matches!(v.kind_name(), "list" | "tuple")),
        _ => None,
    };
    let (targets, program) = if let Some(list) = list {
        let items: Vec<Node<'t>> = list
            .named_children()
            .filter(|n| n.kind_name() != "comment")
            .collect();
        let head = *items.first()?;
        let program = program_name(&fold::template(m, head));
        let targets = if program.contains("{}") || LAUNCHERS.contains(&program.as_str()) {
            items.clone()
        } else {
            let mut t = vec![head];
            t.extend(items.last().copied().filter(|l| l.id() != head.id()));
            t
        };
        (targets, program)
    } else {
        (vec![first], program_name(&fold::template(m, first)))
    };
    // A command of one word is the file itself (`explorer.exe` dropped in
    // AppData); of more, a non-runner's arguments are data.
    let words = if let Some(list) = list {
        list.named_child_count()
    } else {
        fold::template(m, first).split_whitespace().count()
    };
    if words > 1 && NON_RUNNERS.contains(&program.as_str()) {
        return None;
    }
    Some(RunTarget {
        targets,
        command: Some(first),
        program,
    })
}

fn find_open_call<'a, 't>(m: &'a Module<'t>, node: Node<'t>) -> Option<&'a Call<'t>> {
    m.calls.iter().find(|c| {
        c.node.start_byte() >= node.start_byte()
            && c.node.end_byte() <= node.end_byte()
            && c.is_any(&["builtins.open", "io.open", "codecs.open"])
    })
}

/// Whether two path expressions name the same file: the same variable, the
/// same constant, the same text, or a module name matching a written `X.py`.
fn same_path(m: &Module<'_>, written: Node<'_>, run: Node<'_>) -> bool {
    let (a, b) = (m.text(written), m.text(run));
    if a == b {
        return true;
    }
    // `[sys.executable, path]` lists end in the path; f-strings embed it.
    if run.kind_name() == "string"
        && written.kind_name() == "identifier"
        && b.contains(&format!("{{{a}}}"))
    {
        return true;
    }
    // The written path named inside the command that runs it:
    // open("C:/x/server.exe", "wb") … os.system("start C:/x/server.exe")
    let wa = fold::template(m, written);
    if wa.len() >= 6 && !wa.contains("{}") && fold::template(m, run).contains(&wa) {
        return true;
    }
    let (fa, fb) = (fold::fold_str(m, written), fold::fold_str(m, run));
    if let (Some(fa), Some(fb)) = (&fa, &fb) {
        if fa == fb {
            return true;
        }
        // import of a written module: "_log/testSpeed.py" and "testSpeed"
        let stem = fa.rsplit(['/', '\\']).next().unwrap_or(fa);
        if stem.strip_suffix(".py") == Some(fb.as_str()) {
            return true;
        }
    }
    false
}

/// Whether an import statement imports the module a written path holds.
fn imports_written(m: &Module<'_>, stmt: Node<'_>, written: Node<'_>) -> bool {
    let path = fold::template(m, written).replace('\\', "/");
    let Some(stem) = path
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".py"))
        .filter(|s| !s.is_empty() && !s.contains("{}"))
    else {
        return false;
    };
    let text = m.text(stmt);
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| word == stem)
}
