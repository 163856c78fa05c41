//! # HS107 write-then-run
//!
//! ## What it does
//!
//! Flags a dropper: in one function (or the module's top level), bytes that
//! come from the network or from a decoder are written to a file, and that
//! same file is then started (`subprocess`, `os.system`, `os.startfile`),
//! loaded as a library (`ctypes.CDLL`, `LoadLibrary`), executed
//! (`exec(open(p).read())`, `runpy.run_path`) or imported. A download to a
//! file (`urlretrieve`, `wget.download`) that is then run counts the same.
//!
//! ## Why it matters
//!
//! Fetch, write, run (and often delete) is the classic stage loader:
//! KANDYKORN's `Watcher.py` wrote `_log/testSpeed.py` from Google Drive and
//! imported it; the Code of Conduct backdoor wrote `rebase.tmp` and started it
//! detached; Slow Pisces wrote `~/Public/__init__.py`, `init.dll` and
//! `dockerd` and ran them.
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
//! Self-updaters and installers that download and start a helper; they
//! rarely decode it first.
//!
//! ## References
//!
//! - THREATS.md H8, H11; MITRE ATT&CK T1105, T1204
//! - Elastic, "Elastic catches DPRK passing out KANDYKORN" (2023)

use crate::python::{Call, Module, Taint, fold, taint::taint};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};
use tree_sitter::Node;

pub struct WriteThenRun;

static META: Meta = crate::rule_meta!("HS107", "write-then-run", Critical, High);

/// A file written with hostile content, and the expression naming it.
struct Written<'t> {
    path: Node<'t>,
    what: &'static str,
    chain: Vec<&'static str>,
}

impl Rule for WriteThenRun {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        for unit in m.units() {
            let calls: Vec<&Call<'_>> = m.calls_in_unit(unit).collect();
            let written: Vec<Written<'_>> = calls.iter().filter_map(|c| written(m, c)).collect();
            if written.is_empty() {
                continue;
            }
            let mut ran = vec![false; written.len()];
            let verified = verifies_checksum(m, &calls);
            for call in &calls {
                let Some(run_path) = run_target(m, call) else {
                    continue;
                };
                let Some(i) = written.iter().position(|w| {
                    w.path.start_byte() < call.node.start_byte() && same_path(m, w.path, run_path)
                }) else {
                    continue;
                };
                ran[i] = true;
                let w = &written[i];
                let how = call
                    .qname
                    .as_deref()
                    .unwrap_or("?")
                    .trim_start_matches("builtins.");
                checker
                    .report(
                        &META,
                        call.node,
                        if verified {
                            Severity::Medium
                        } else {
                            Severity::Critical
                        },
                        m.context(call.scope),
                        format!(
                            "a file written with {} is then run with {}(){}",
                            w.what,
                            how.trim_end_matches("()"),
                            if verified {
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
                if m.unit(*scope) != unit {
                    continue;
                }
                let Some(i) = written.iter().position(|w| {
                    w.path.start_byte() < stmt.start_byte() && imports_written(m, *stmt, w.path)
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
                if !ran && matches!(context, Context::Install | Context::Startup) {
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
                if parent.kind() == "comparison_operator" {
                    let text = m.text(parent).to_ascii_lowercase();
                    return ["digest", "hash", "sha", "checksum"]
                        .iter()
                        .any(|w| text.contains(w));
                }
                if parent.kind().ends_with("statement") || parent.kind() == "block" {
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
        if parent.kind() == "assignment" {
            let Some(left) = parent.child_by_field_name("left") else {
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
        if parent.kind().ends_with("statement") || parent.kind() == "block" {
            return false;
        }
        node = parent;
    }
    false
}

/// If `call` writes hostile bytes to a file, the path expression.
fn written<'t>(m: &Module<'t>, call: &Call<'t>) -> Option<Written<'t>> {
    let q = call.qname.as_deref()?;
    if matches!(q, "urllib.request.urlretrieve" | "wget.download") {
        return Some(Written {
            path: call
                .arg(1)
                .or_else(|| call.kwarg("filename"))
                .or_else(|| call.kwarg("out"))?,
            what: "downloaded bytes",
            chain: Vec::new(),
        });
    }
    // f.write(data) where f = open(path, 'w…') ; Path(p).write_bytes(data)
    let method = q.rsplit('.').next()?;
    let data = call.arg(0)?;
    let path = if matches!(method, "write" | "writelines") {
        let receiver = call.func.child_by_field_name("object")?;
        open_path(m, receiver, call.scope)?
    } else if matches!(method, "write_bytes" | "write_text") {
        let receiver = call.func.child_by_field_name("object")?;
        if receiver.kind() == "call" {
            receiver.child_by_field_name("arguments")?.named_child(0)?
        } else {
            receiver
        }
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
    Some(Written {
        path,
        what,
        chain: t.layers(),
    })
}

/// The path of `open(path, 'w…')` that `receiver` names (directly or as a variable).
fn open_path<'t>(m: &Module<'t>, receiver: Node<'t>, scope: usize) -> Option<Node<'t>> {
    let call = match receiver.kind() {
        "call" => receiver,
        "identifier" => {
            let (_, bindings) = m.lookup(m.text(receiver), scope)?;
            // The `open(...)` bound last before this write: a name reused for
            // several files means the one in force here.
            bindings.iter().rev().find_map(|b| match b {
                crate::python::Binding::Value(v)
                    if v.kind() == "call" && v.start_byte() < receiver.start_byte() =>
                {
                    Some(*v)
                }
                _ => None,
            })?
        }
        _ => return None,
    };
    let c = m.calls.iter().find(|c| c.node.id() == call.id())?;
    if !c.is_any(&["builtins.open", "io.open", "codecs.open", "os.fdopen"]) {
        return None;
    }
    let mode = c.arg(1).or_else(|| c.kwarg("mode"))?;
    let mode = fold::fold_str(m, mode)?;
    if !mode.contains(['w', 'a', 'x']) {
        return None;
    }
    c.arg(0).or_else(|| c.kwarg("file"))
}

/// If `call` runs a file, the expression naming it.
fn run_target<'t>(m: &Module<'t>, call: &Call<'t>) -> Option<Node<'t>> {
    let q = call.qname.as_deref()?;
    let base = q.trim_end_matches("()");
    let runs_path = crate::python::names::is_spawn(base)
        || matches!(
            base,
            "ctypes.CDLL"
                | "ctypes.WinDLL"
                | "ctypes.cdll.LoadLibrary"
                | "ctypes.windll.LoadLibrary"
                | "ctypes.windll.kernel32.LoadLibraryA"
                | "ctypes.windll.kernel32.LoadLibraryW"
                | "runpy.run_path"
                | "os.chmod"
                | "builtins.__import__"
                | "importlib.import_module"
                | "builtins.exec"
        );
    if !runs_path {
        return None;
    }
    if base == "builtins.exec" {
        // exec(open(p).read())
        let arg = call.arg(0)?;
        let inner = find_open_call(m, arg)?;
        return inner.arg(0);
    }
    let first = call.arg(0)?;
    if first.kind() == "list" || first.kind() == "tuple" {
        // ["python", path]: any element may be the file
        let mut c = first.walk();
        let items: Vec<Node<'t>> = first.named_children(&mut c).collect();
        return items.last().copied();
    }
    Some(first)
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
    if run.kind() == "string" && written.kind() == "identifier" && b.contains(&format!("{{{a}}}")) {
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
