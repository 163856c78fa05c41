//! Which file an expression names: keys that two path expressions share
//! when they name the same file, across the functions of one module.
//!
//! A dropper splits its steps: `download()` writes to a module-level `PATH`
//! that `execute()` starts; `setup()` returns the path it wrote and the
//! caller hands it to `confirm(path)`; `fetch(url, dest)` and `launch(dest)`
//! are joined by the arguments at their call sites. [`keys`] names a path
//! expression by what it stands for: the expression a variable holds (the
//! same assignment seen from any function), a module variable read from a
//! function, a parameter (and, through the module's call sites of that
//! function, what callers pass), the return value of a local function, a
//! `self.` attribute, and the constant text when the path folds. Wrappers
//! that do not change which file is meant (`str(p)`, `Path(p)`,
//! `os.path.abspath(p)`, `p.resolve()`, `f.name` of `open(p)`) are looked
//! through. Two expressions name the same file when their keys meet.

use super::Syntax;
use super::fold;
use super::model::{Binding, Module, ScopeId, ScopeKind};
use crate::python::tree::Node;
use rustc_hash::FxHashSet;
use std::collections::HashSet;

const MAX_DEPTH: usize = 16;
const MAX_VISITS: usize = 600;
/// Function boundaries crossed through parameters.
const MAX_HOPS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathKey {
    /// An expression node (by id) the path is, or a variable holds.
    Node(usize),
    /// A name read from another scope than the one that binds it.
    Var(ScopeId, String),
    /// A parameter of a function.
    Param(ScopeId, String),
    /// What a local function (by its definition's id) returns.
    Ret(usize),
    /// `self.<name>` in a class (by the class scope).
    Attr(ScopeId, String),
    /// A dotted name (`config.binary_path`).
    Dotted(String),
    /// The folded text of a constant path, `/` for `\`.
    Text(String),
    /// A path built from a constant and named unknowns (see [`shape`]).
    Shape(String),
}

/// The keys of the path `node` names. With `deep`, the keys of the pieces a
/// command line or a path under a folder is built from are included too
/// (`f"python {p}"`, `os.path.join(d, "x.exe")`, `"start " + p`).
pub fn keys(m: &Module<'_>, node: Node<'_>, deep: bool) -> HashSet<PathKey> {
    let mut w = Walk {
        m,
        out: HashSet::new(),
        visits: 0,
        hops: 0,
        deep,
        seen: FxHashSet::default(),
    };
    w.walk(node, 0);
    w.out
}

/// The keys of what a local function returns: `Ret` of each definition a
/// call of `func` (an identifier, or `self.name`) reaches.
pub fn local_callee<'t>(m: &Module<'t>, func: Node<'t>) -> Option<Node<'t>> {
    match func.kind_name() {
        "identifier" => {
            let (_, bindings) = m.lookup(m.text(func), m.scope_at(func))?;
            bindings.iter().rev().find_map(|b| match b {
                Binding::Def(d) if d.kind_name() == "function_definition" => Some(*d),
                _ => None,
            })
        }
        "attribute" => {
            let object = func.field("object")?;
            let name = m.text(func.field("attribute")?);
            let class = if matches!(m.text(object), "self" | "cls") {
                enclosing_class(m, m.scope_at(func))?
            } else {
                instance_class(m, object)?
            };
            method(m, class, name)
        }
        _ => None,
    }
}

/// The class scope of `object` when it names an instance of a class defined
/// in the file: `req = Request()` … `req.get(url)`.
fn instance_class(m: &Module<'_>, object: Node<'_>) -> Option<ScopeId> {
    if object.kind_name() != "identifier" {
        return None;
    }
    let value = m.value_at(object)?;
    let func = value
        .field("function")
        .filter(|_| value.kind_name() == "call")?;
    if func.kind_name() != "identifier" {
        return None;
    }
    let (_, bindings) = m.lookup(m.text(func), m.scope_at(func))?;
    let class = bindings.iter().rev().find_map(|b| match b {
        Binding::Def(d) if d.kind_name() == "class_definition" => Some(*d),
        _ => None,
    })?;
    let first = class.field("body")?.named_child(0)?;
    enclosing_class(m, m.scope_at(first))
}

/// The class scope around a method body.
pub fn enclosing_class(m: &Module<'_>, scope: ScopeId) -> Option<ScopeId> {
    let mut s = Some(scope);
    while let Some(id) = s {
        if m.scopes[id].kind == ScopeKind::Class {
            return Some(id);
        }
        s = m.scopes[id].parent;
    }
    None
}

/// The definition of method `name` directly in class scope `class`.
fn method<'t>(m: &Module<'t>, class: ScopeId, name: &str) -> Option<Node<'t>> {
    let body = m.scopes[class].node.field("body")?;
    body.named_children().find_map(|stmt| {
        let def = if stmt.kind_name() == "decorated_definition" {
            stmt.field("definition")?
        } else {
            stmt
        };
        (def.kind_name() == "function_definition"
            && def.field("name").is_some_and(|n| m.text(n) == name))
        .then_some(def)
    })
}

/// Calls that name the same file as their first argument.
const WRAPPERS: &[&str] = &[
    "builtins.str",
    "builtins.open",
    "io.open",
    "codecs.open",
    "pathlib.Path",
    "pathlib.PurePath",
    "pathlib.PosixPath",
    "pathlib.WindowsPath",
    "os.fspath",
    "os.fsencode",
    "os.fsdecode",
    "os.path.abspath",
    "os.path.realpath",
    "os.path.normpath",
    "os.path.normcase",
    "os.path.expanduser",
    "os.path.expandvars",
];

/// Methods of a path that name the same file.
const SAME_FILE_METHODS: &[&str] = &[
    "resolve",
    "absolute",
    "expanduser",
    "as_posix",
    "__fspath__",
    "__str__",
];

struct Walk<'a, 't> {
    m: &'a Module<'t>,
    out: HashSet<PathKey>,
    visits: usize,
    hops: usize,
    deep: bool,
    seen: FxHashSet<usize>,
}

impl<'t> Walk<'_, 't> {
    fn walk(&mut self, node: Node<'t>, depth: usize) {
        self.visits += 1;
        if depth > MAX_DEPTH || self.visits > MAX_VISITS {
            return;
        }
        let m = self.m;
        match node.kind_name() {
            "parenthesized_expression" => {
                if let Some(inner) = node.named_child(0) {
                    self.walk(inner, depth + 1);
                }
                return;
            }
            "identifier" => {
                self.identifier(node, depth);
                return;
            }
            "attribute" => {
                let (Some(object), Some(attr)) = (node.field("object"), node.field("attribute"))
                else {
                    return;
                };
                let attr = m.text(attr);
                if attr == "name" {
                    // `f.name` of `open(p)` / `NamedTemporaryFile()`
                    self.walk(object, depth + 1);
                    return;
                }
                if matches!(m.text(object), "self" | "cls")
                    && let Some(class) = enclosing_class(m, m.scope_at(node))
                {
                    self.out.insert(PathKey::Attr(class, attr.to_string()));
                    return;
                }
                if is_dotted(node) {
                    self.out.insert(PathKey::Dotted(m.text(node).to_string()));
                }
                return;
            }
            "call" if self.call(node, depth) => {
                return;
            }
            _ => {}
        }
        self.out.insert(PathKey::Node(node.id()));
        if let Some(text) = constant_text(m, node) {
            self.out.insert(PathKey::Text(text));
        } else if matches!(
            node.kind_name(),
            "binary_operator" | "string" | "concatenated_string" | "call"
        ) {
            let s = shape(m, node);
            if literal_len(&s) >= 4 {
                self.out.insert(PathKey::Shape(s));
            }
        }
        if self.deep {
            self.pieces(node, depth);
        }
    }

    /// With `deep`: the pieces a string, a join or a concatenation is built from.
    fn pieces(&mut self, node: Node<'t>, depth: usize) {
        match node.kind_name() {
            "string" | "concatenated_string" => {
                for part in node.named_children() {
                    match part.kind_name() {
                        "interpolation" => {
                            if let Some(e) = part.field("expression") {
                                self.walk(e, depth + 1);
                            }
                        }
                        "string" => self.pieces(part, depth + 1),
                        _ => {}
                    }
                }
            }
            "binary_operator" => {
                for f in ["left", "right"] {
                    if let Some(side) = node.field(f) {
                        self.walk(side, depth + 1);
                    }
                }
            }
            "list" | "tuple" => {
                for item in node.named_children() {
                    self.walk(item, depth + 1);
                }
            }
            "call" => {
                if let Some(args) = node.field("arguments") {
                    for a in args.named_children() {
                        let a = if a.kind_name() == "keyword_argument" {
                            match a.field("value") {
                                Some(v) => v,
                                None => continue,
                            }
                        } else {
                            a
                        };
                        self.walk(a, depth + 1);
                    }
                }
                // "start {}".format(p): the template's receiver is a literal
            }
            _ => {}
        }
    }

    /// A call: returns true when it was looked through (a wrapper).
    fn call(&mut self, node: Node<'t>, depth: usize) -> bool {
        let m = self.m;
        let Some(func) = node.field("function") else {
            return false;
        };
        let args = node.field("arguments");
        let first = args.and_then(|a| {
            a.named_children()
                .find(|x| x.kind_name() != "comment" && x.kind_name() != "keyword_argument")
        });
        let q = super::names::resolve(m, func, m.scope_at(node));
        if let (Some(q), Some(first)) = (&q, first)
            && WRAPPERS.contains(&q.as_str())
        {
            self.walk(first, depth + 1);
            return true;
        }
        if func.kind_name() == "attribute"
            && first.is_none()
            && func
                .field("attribute")
                .is_some_and(|a| SAME_FILE_METHODS.contains(&m.text(a)))
            && let Some(object) = func.field("object")
        {
            self.walk(object, depth + 1);
            return true;
        }
        if let Some(def) = local_callee(m, func) {
            self.out.insert(PathKey::Ret(def.id()));
        }
        false
    }

    fn identifier(&mut self, node: Node<'t>, depth: usize) {
        let m = self.m;
        let name = m.text(node);
        let scope = m.scope_at(node);
        let Some((holder, bindings)) = m.lookup(name, scope) else {
            return;
        };
        let same_scope = holder == scope
            || (m.scopes[scope].kind == ScopeKind::MainBlock && holder == 0)
            || m.scopes[scope].kind == ScopeKind::Lambda;
        if !same_scope {
            self.out.insert(PathKey::Var(holder, name.to_string()));
        }
        let mut values = Vec::new();
        for b in &bindings {
            match b {
                Binding::Value(v) => values.push(*v),
                Binding::Param => {
                    self.out.insert(PathKey::Param(holder, name.to_string()));
                    self.arguments_for(name, holder, depth);
                }
                _ => {}
            }
        }
        // Read in the scope that assigns it: the value in force here.
        let chosen: Vec<Node<'t>> = if same_scope && values.len() > 1 {
            values
                .iter()
                .rev()
                .find(|v| v.end_byte() <= node.start_byte())
                .or(values.last())
                .into_iter()
                .copied()
                .collect()
        } else {
            values
        };
        for v in chosen {
            if v.byte_range().contains(&node.start_byte()) || !self.seen.insert(v.id()) {
                continue;
            }
            self.out.insert(PathKey::Node(v.id()));
            self.walk(v, depth + 1);
        }
    }

    /// What the module's callers pass for parameter `name` of `function`.
    fn arguments_for(&mut self, name: &str, function: ScopeId, depth: usize) {
        let m = self.m;
        let scope = &m.scopes[function];
        if scope.kind != ScopeKind::Function || scope.name.is_empty() || self.hops >= MAX_HOPS {
            return;
        }
        if !self.seen.insert(scope.node.id() ^ 0x5eed_0000) {
            return;
        }
        let Some(params) = scope.node.field("parameters") else {
            return;
        };
        let names = m.param_names(params);
        let Some(index) = names.iter().position(|n| *n == name) else {
            return;
        };
        let method = names.first().is_some_and(|n| *n == "self" || *n == "cls");
        let fname = scope.name.as_str();
        let mut passed: Vec<Node<'t>> = Vec::new();
        for call in &m.calls {
            let Some(callee) = call.callee_name(m) else {
                continue;
            };
            // A module function is called by its name; `json.load(f)` is
            // not a call of a local `def load`. A method through any object.
            if callee == fname && (method || call.func.kind_name() == "identifier") {
                if let Some(arg) = call.argument_for(name, index, method) {
                    passed.push(arg);
                }
                continue;
            }
            // threading.Thread(target=f, args=(p,)), executor.submit(f, p)
            let (target, rest): (Option<Node<'t>>, Vec<Node<'t>>) = match callee {
                "Thread" | "Process" | "Timer" => (
                    call.kwarg("target"),
                    call.kwarg("args")
                        .map(|a| a.named_children().collect())
                        .unwrap_or_default(),
                ),
                "submit" | "run_in_executor" | "start_new_thread" | "apply_async" => {
                    let skip = usize::from(callee == "run_in_executor");
                    (
                        call.arg(skip),
                        call.args.iter().skip(skip + 1).copied().collect(),
                    )
                }
                _ => continue,
            };
            if target.is_some_and(|t| {
                let t = if t.kind_name() == "attribute" {
                    t.field("attribute").unwrap_or(t)
                } else {
                    t
                };
                m.text(t) == fname
            }) && let Some(arg) = index
                .checked_sub(usize::from(method))
                .and_then(|i| rest.get(i))
            {
                passed.push(*arg);
            }
        }
        self.hops += 1;
        for arg in passed {
            self.walk(arg, depth + 1);
        }
        self.hops -= 1;
    }
}

/// `a.b.c` made of names only.
fn is_dotted(node: Node<'_>) -> bool {
    match node.kind_name() {
        "identifier" => true,
        "attribute" => node.field("object").is_some_and(is_dotted),
        _ => false,
    }
}

/// The constant text of a path, when it folds (holes allowed only after a
/// literal of some length: `{}/x.exe` is no name at all).
fn constant_text(m: &Module<'_>, node: Node<'_>) -> Option<String> {
    let t = fold::template(m, node).replace('\\', "/");
    let literal = t.replace("{}", "");
    if t.contains("{}") || literal.len() < 4 {
        return None;
    }
    Some(t)
}

/// The text of a path or command with the unknown parts named by what
/// they are: `base + "\\here.zip"` with `base = os.getenv("LOCALAPPDATA")`
/// gives `{os.getenv("localappdata")}/here.zip`; a name with no single value
/// gives `{name@scope}`. Lowercase, `/` for `\`. Two spellings of one path
/// give one shape; a folder's shape is inside the shape of a file under it.
pub fn shape(m: &Module<'_>, node: Node<'_>) -> String {
    let mut out = String::new();
    shape_into(m, node, 0, &mut out);
    let mut s = out.to_ascii_lowercase().replace('\\', "/");
    while s.contains("//") {
        s = s.replace("//", "/");
    }
    s
}

/// How many characters of a shape are constant text (not `{...}` holes or
/// separators).
pub fn literal_len(shape: &str) -> usize {
    let mut depth = 0usize;
    let mut n = 0;
    for c in shape.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '/' | ' ' | '"' | '\'' => {}
            _ if depth == 0 => n += 1,
            _ => {}
        }
    }
    n
}

fn shape_into(m: &Module<'_>, node: Node<'_>, depth: usize, out: &mut String) {
    if depth > 12 || out.len() > 4096 {
        return;
    }
    if let Some(s) = fold::fold_str(m, node) {
        out.push_str(&s);
        return;
    }
    let hole = |out: &mut String, text: &str| {
        out.push('{');
        out.push_str(&text.split_whitespace().collect::<Vec<_>>().join(" "));
        out.push('}');
    };
    match node.kind_name() {
        "string" | "concatenated_string" => {
            for part in node.named_children() {
                match part.kind_name() {
                    "string_content" => out.push_str(&m.text(part).replace("\\\\", "\\")),
                    "escape_sequence" => {
                        let t = m.text(part);
                        out.push_str(if t == "\\\\" { "\\" } else { t });
                    }
                    "interpolation" => {
                        if let Some(e) = part.field("expression") {
                            shape_into(m, e, depth + 1, out);
                        }
                    }
                    "string" => shape_into(m, part, depth + 1, out),
                    _ => {}
                }
            }
        }
        "binary_operator" => {
            let (Some(l), Some(r), Some(op)) = (
                node.field("left"),
                node.field("right"),
                node.field("operator"),
            ) else {
                return;
            };
            match op.kind_name() {
                "+" => {
                    shape_into(m, l, depth + 1, out);
                    shape_into(m, r, depth + 1, out);
                }
                "/" => {
                    shape_into(m, l, depth + 1, out);
                    out.push('/');
                    shape_into(m, r, depth + 1, out);
                }
                _ => hole(out, m.text(node)),
            }
        }
        "parenthesized_expression" => {
            if let Some(inner) = node.named_child(0) {
                shape_into(m, inner, depth + 1, out);
            }
        }
        "call" => {
            let func = node.field("function");
            let q = func.and_then(|f| super::names::resolve(m, f, m.scope_at(node)));
            let args: Vec<Node<'_>> = node
                .field("arguments")
                .map(|a| {
                    a.named_children()
                        .filter(|x| {
                            x.kind_name() != "comment" && x.kind_name() != "keyword_argument"
                        })
                        .collect()
                })
                .unwrap_or_default();
            match q.as_deref() {
                Some("os.path.join") | Some("posixpath.join") | Some("ntpath.join") => {
                    for (i, a) in args.iter().enumerate() {
                        if i > 0 {
                            out.push('/');
                        }
                        shape_into(m, *a, depth + 1, out);
                    }
                }
                Some(q) if WRAPPERS.contains(&q) && args.len() == 1 => {
                    shape_into(m, args[0], depth + 1, out)
                }
                _ => hole(out, m.text(node)),
            }
        }
        "identifier" => match m.value_at(node) {
            Some(v) => shape_into(m, v, depth + 1, out),
            None => {
                let name = m.text(node);
                let holder = m
                    .lookup(name, m.scope_at(node))
                    .map(|(h, _)| h)
                    .unwrap_or(usize::MAX);
                hole(out, &format!("{name}@{holder}"));
            }
        },
        _ => hole(out, m.text(node)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::with_module;

    /// Whether the first argument of the calls named `a` and `b` share a key.
    fn same(src: &str, a: &str, b: &str) -> bool {
        with_module(src, |m| {
            let arg = |name: &str| {
                m.calls
                    .iter()
                    .find(|c| m.text(c.func) == name)
                    .and_then(|c| c.arg(0))
                    .expect("call present")
            };
            let ka = keys(m, arg(a), false);
            let kb = keys(m, arg(b), false);
            !ka.is_disjoint(&kb)
        })
    }

    #[test]
    fn module_variable_across_functions() {
        assert!(same(
            "import os\nPATH = os.path.join(d, 'x.exe')\n\
             def a():\n    write(PATH)\ndef b():\n    run(str(PATH))\n",
            "write",
            "run"
        ));
    }

    #[test]
    fn parameters_through_call_sites() {
        assert!(same(
            "def a(u, p):\n    write(p)\ndef b(p):\n    run(p)\n\
             path = f'{x}/y.exe'\na(1, path)\nb(path)\n",
            "write",
            "run"
        ));
        assert!(same(
            "import threading\ndef a(p):\n    write(p)\ndef b(q):\n    run(q)\n\
             x = g()\na(x)\nthreading.Thread(target=b, args=(x,)).start()\n",
            "write",
            "run"
        ));
    }

    #[test]
    fn return_values_and_wrappers() {
        with_module(
            "from pathlib import Path\ndef setup():\n    path = Path('a.exe')\n    write(path)\n    return path\n\
             def go():\n    p = setup()\n    run(str(p))\n",
            |m| {
                let arg = |name: &str| {
                    m.calls
                        .iter()
                        .find(|c| m.text(c.func) == name)
                        .and_then(|c| c.arg(0))
                        .unwrap()
                };
                let def = m
                    .single_binding_anywhere("p")
                    .and_then(|v| local_callee(m, v.field("function").unwrap()))
                    .unwrap();
                // the caller's path is what setup() returns ...
                assert!(keys(m, arg("run"), false).contains(&PathKey::Ret(def.id())));
                // ... and setup() returns the path it wrote
                let returned = def
                    .field("body")
                    .and_then(|b| b.named_child(2))
                    .and_then(|r| r.named_child(0))
                    .unwrap();
                assert!(!keys(m, returned, false).is_disjoint(&keys(m, arg("write"), false)));
            },
        );
    }

    #[test]
    fn different_files_do_not_meet() {
        assert!(!same(
            "def a():\n    write('cache.json')\ndef b():\n    run('tool.exe')\n",
            "write",
            "run"
        ));
        assert!(!same(
            "def a(p):\n    write(p)\ndef b(p):\n    run(p)\na(x())\nb(y())\n",
            "write",
            "run"
        ));
    }
}
