//! Mutation suite: every malicious fixture, rewritten the ways obfuscators
//! rewrite code, must still be flagged at its original severity; benign
//! near-misses under the rewrites that keep them benign must stay below high.
//!
//! The rewrites only produce text (nothing is run): the whole file wrapped in
//! base64, 1 to 50 InvisibleFerret layers, ROT13, reversal, a `chr` join,
//! `compile`, `getattr` on builtins, a lambda, a mix of encodings; and in the
//! source itself, aliased imports, split string literals, renamed variables
//! and all three together.

mod common;

use base64::Engine;
use common::{files_under, root, scan_path};
use hiss::python::Syntax;
use std::io::Write;
use std::path::Path;

const SEVERITIES: [&str; 5] = ["info", "low", "medium", "high", "critical"];

fn rank(s: &str) -> usize {
    SEVERITIES.iter().position(|x| *x == s).unwrap_or(0)
}

fn b64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

/// A Python string literal for any text.
fn py_str(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                out.push_str(&format!("\\U{:08x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn rot13(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a'..='z' => (((c as u8 - b'a' + 13) % 26) + b'a') as char,
            'A'..='Z' => (((c as u8 - b'A' + 13) % 26) + b'A') as char,
            c => c,
        })
        .collect()
}

fn ferret_layers(src: &str, rounds: usize) -> String {
    let mut code = src.to_string();
    for _ in 0..rounds {
        let reversed: String = b64(&zlib(code.as_bytes())).chars().rev().collect();
        code = format!(
            "_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1]));exec((_)(b'{reversed}'))\n"
        );
    }
    code
}

/// Whole-file rewrites that keep what the file does.
fn wrappers(src: &str) -> Vec<(&'static str, String)> {
    let enc = b64(src.as_bytes());
    let chr_list: Vec<String> = src.chars().map(|c| (c as u32).to_string()).collect();
    let reversed: String = src.chars().rev().collect();
    vec![
        (
            "base64",
            format!("import base64\nexec(base64.b64decode('{enc}'))\n"),
        ),
        ("ferret-1", ferret_layers(src, 1)),
        ("ferret-7", ferret_layers(src, 7)),
        ("ferret-50", ferret_layers(src, 50)),
        (
            "rot13",
            format!(
                "import codecs\nexec(codecs.decode({}, 'rot13'))\n",
                py_str(&rot13(src))
            ),
        ),
        ("reversal", format!("exec({}[::-1])\n", py_str(&reversed))),
        (
            "chr-join",
            format!("exec(''.join(map(chr, [{}])))\n", chr_list.join(",")),
        ),
        (
            "compile",
            format!(
                "import base64\nexec(compile(base64.b64decode('{enc}'), '<string>', 'exec'))\n"
            ),
        ),
        (
            "getattr-builtins",
            format!(
                "import base64\ngetattr(__import__('bui' + 'ltins'), 'ex' + 'ec')(base64.b64decode('{enc}'))\n"
            ),
        ),
        (
            "lambda",
            format!("import base64\nexec((lambda s: base64.b64decode(s))('{enc}'))\n"),
        ),
        (
            "mixed",
            format!(
                "import base64, codecs, zlib\nexec(codecs.decode(zlib.decompress(base64.b64decode('{}'[::-1])).decode(), 'rot13'))\n",
                b64(&zlib(rot13(src).as_bytes()))
                    .chars()
                    .rev()
                    .collect::<String>()
            ),
        ),
    ]
}

/// Aliased imports: `import base64` → `import base64 as _m0`, uses renamed.
fn alias_imports(src: &str) -> String {
    let mut out = src.to_string();
    for (i, module) in [
        "base64",
        "subprocess",
        "socket",
        "zlib",
        "codecs",
        "requests",
        "ctypes",
    ]
    .iter()
    .enumerate()
    {
        let plain = format!("import {module}\n");
        if !out.contains(&plain) {
            continue;
        }
        let alias = format!("_m{i}");
        let mut renamed = String::new();
        for line in out.lines() {
            if line.trim_start().starts_with('#') {
                renamed.push_str(line);
            } else {
                renamed.push_str(&replace_word(
                    line,
                    &format!("{module}."),
                    &format!("{alias}."),
                ));
            }
            renamed.push('\n');
        }
        out = renamed.replace(&plain, &format!("import {module} as {alias}\n"));
    }
    out
}

fn replace_word(line: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().last();
        out.push_str(&rest[..i]);
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

/// Renames the variables the file assigns (`x = ...`, `for x in`, `with ...
/// as x`, parameters) to `_v0`, `_v1`, …, everywhere they are used.
fn rename_variables(src: &str) -> String {
    let mut parser = hiss::python::parser();
    let Some(tree) = hiss::python::parse(&mut parser, src.as_bytes()) else {
        return src.to_string();
    };
    let text = |n: hiss::python::tree::Node<'_>| &src[n.byte_range()];
    let mut bound: Vec<String> = Vec::new();
    let mut all: Vec<hiss::python::tree::Node<'_>> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind_name() == "identifier" {
            all.push(n);
            let parent = n.parent();
            let binds = parent.is_some_and(|p| {
                (p.kind_name() == "assignment" && p.field("left") == Some(n))
                    || (p.kind_name() == "for_statement" && p.field("left") == Some(n))
                    || p.kind_name() == "parameters"
                    || p.kind_name() == "as_pattern_target"
            });
            let name = text(n).to_string();
            if binds && !name.starts_with("__") && !bound.contains(&name) {
                bound.push(name);
            }
        }
        stack.extend(n.children());
    }
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for n in all {
        let Some(i) = bound.iter().position(|b| b == text(n)) else {
            continue;
        };
        // Not `obj.name` (an attribute) nor `f(name=...)` (a keyword).
        let skip = n.parent().is_some_and(|p| {
            (p.kind_name() == "attribute" && p.field("attribute") == Some(n))
                || (p.kind_name() == "keyword_argument" && p.field("name") == Some(n))
        });
        if !skip {
            edits.push((n.byte_range(), format!("_v{i}")));
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = src.to_string();
    for (r, t) in edits {
        out.replace_range(r, &t);
    }
    out
}

/// Split plain string literals in two: `'abcdef'` → `('abc' 'def')`.
fn split_strings(src: &str) -> String {
    let mut parser = hiss::python::parser();
    let Some(tree) = hiss::python::parse(&mut parser, src.as_bytes()) else {
        return src.to_string();
    };
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind_name() == "string" {
            let text = &src[n.byte_range()];
            let plain = (text.starts_with('\'') || text.starts_with('"'))
                && !text.starts_with("'''")
                && !text.starts_with("\"\"\"")
                && !text.contains('\\')
                && !text.contains('\n')
                && text.len() >= 10
                && n.parent()
                    .is_some_and(|p| p.kind_name() != "concatenated_string");
            if plain {
                let q = &text[..1];
                let body = &text[1..text.len() - 1];
                let mid = body
                    .char_indices()
                    .nth(body.chars().count() / 2)
                    .map(|(i, _)| i)
                    .unwrap_or(0);
                edits.push((
                    n.byte_range(),
                    format!("({q}{}{q} {q}{}{q})", &body[..mid], &body[mid..]),
                ));
            }
            continue;
        }
        stack.extend(n.children());
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = src.to_string();
    for (r, text) in edits {
        out.replace_range(r, &text);
    }
    out
}

fn worst(path: &Path) -> usize {
    let (_, r) = scan_path(path);
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| rank(f["severity"].as_str().unwrap()))
        .max()
        .unwrap_or(0)
}

fn python_fixtures(kind: &str) -> Vec<std::path::PathBuf> {
    files_under(&root().join("corpus").join(kind))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect()
}

/// Writes `text` under the fixture's own file name (the name decides the
/// context: `setup.py` runs at install time), beside copies of the project
/// files that make it a build hook, when a project folder holds it.
fn variant(dir: &Path, original: &Path, label: &str, text: &str) -> std::path::PathBuf {
    const PROJECT: [&str; 3] = ["pyproject.toml", "setup.cfg", "setup.py"];
    let sub = dir.join(label);
    let corpus = root().join("corpus");
    let project = original
        .ancestors()
        .skip(1)
        .take_while(|a| *a != corpus)
        .find(|a| {
            PROJECT
                .iter()
                .any(|f| a.join(f).is_file() && a.join(f) != original)
        });
    let rel = match project {
        Some(project) => {
            for f in PROJECT {
                if project.join(f).is_file() && project.join(f) != original {
                    std::fs::create_dir_all(&sub).unwrap();
                    std::fs::copy(project.join(f), sub.join(f)).unwrap();
                }
            }
            original.strip_prefix(project).unwrap().to_path_buf()
        }
        None => original.file_name().unwrap().into(),
    };
    let path = sub.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn malicious_fixtures_survive_every_rewrite_at_their_severity() {
    // `HISS_MUTATIONS_ONLY=part` narrows the run to fixtures whose path holds
    // `part`, and `HISS_MUTATIONS_KEEP=DIR` keeps the variants there, to debug
    // one failure without the whole suite.
    let only = std::env::var("HISS_MUTATIONS_ONLY").unwrap_or_default();
    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("HISS_MUTATIONS_KEEP").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    let mut total = 0;
    let mut failures = Vec::new();
    for (i, fixture) in python_fixtures("malicious").into_iter().enumerate() {
        if !fixture.to_string_lossy().contains(&only) {
            continue;
        }
        let src = std::fs::read_to_string(&fixture).unwrap();
        let want = worst(&fixture);
        let mut variants = wrappers(&src);
        variants.push(("alias-imports", alias_imports(&src)));
        variants.push(("split-strings", split_strings(&src)));
        variants.push(("rename-variables", rename_variables(&src)));
        variants.push((
            "all-source-rewrites",
            split_strings(&rename_variables(&alias_imports(&src))),
        ));
        for (label, text) in variants {
            total += 1;
            let path = variant(dir, &fixture, &format!("{i}-{label}"), &text);
            let got = worst(&path);
            if got < want {
                failures.push(format!(
                    "{} [{label}]: {} instead of {}",
                    fixture.strip_prefix(root()).unwrap().display(),
                    SEVERITIES[got],
                    SEVERITIES[want]
                ));
            }
        }
    }
    let passed = total - failures.len();
    println!(
        "mutation suite: {passed}/{total} malicious variants flagged at their original severity"
    );
    assert!(
        failures.is_empty(),
        "{passed}/{total} passed; failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn benign_near_misses_stay_benign_under_renames_and_split_strings() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, fixture) in python_fixtures("benign").into_iter().enumerate() {
        let src = std::fs::read_to_string(&fixture).unwrap();
        for (label, text) in [
            ("alias-imports", alias_imports(&src)),
            ("split-strings", split_strings(&src)),
            ("rename-variables", rename_variables(&src)),
        ] {
            let path = variant(dir.path(), &fixture, &format!("{i}-{label}"), &text);
            if worst(&path) >= rank("high") {
                failures.push(format!(
                    "{} [{label}]",
                    fixture.strip_prefix(root()).unwrap().display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "benign variants flagged high:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_rewrites_change_the_text() {
    let src = "import base64\nx = 'hello world'\nbase64.b64decode(x)\n";
    assert!(alias_imports(src).contains("import base64 as _m0"));
    assert!(alias_imports(src).contains("_m0.b64decode"));
    assert!(split_strings(src).contains("('hello' ' world')"));
    assert_eq!(
        rename_variables(src),
        "import base64\n_v0 = 'hello world'\nbase64.b64decode(_v0)\n"
    );
}
