//! Constant folding of string, bytes and integer expressions.
//!
//! Only what can be known from the text is folded: literals, concatenation,
//! reversal by `[::-1]`, `''.join` over literal lists, `chr(int)` and
//! `bytes.fromhex`. Anything else is `None`. Folding is bounded in depth and
//! size, so hostile input cannot make it recurse or allocate without limit.

use super::Syntax;
use super::model::Module;
use crate::python::tree::Node;
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// The most a folded value may hold; past that folding gives up.
const MAX_LEN: usize = 16 << 20;
const MAX_DEPTH: usize = 48;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Bytes(Vec<u8>),
    Int(i64),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as bytes (text as UTF-8), for decoders and signatures.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        match self {
            Value::Str(s) => Some(s.as_bytes().to_vec()),
            Value::Bytes(b) => Some(b.clone()),
            Value::Int(_) => None,
        }
    }

    fn len(&self) -> usize {
        match self {
            Value::Str(s) => s.len(),
            Value::Bytes(b) => b.len(),
            Value::Int(_) => 8,
        }
    }
}

/// Values past this size are folded again rather than kept: the memo must
/// not hold a file's worth of 16 MB strings.
const MEMO_MAX_LEN: usize = 64 << 10;

/// What [`fold`] found for each node of one module, by node id.
#[derive(Default)]
pub struct Memo(RefCell<FxHashMap<usize, Option<Value>>>);

/// Folds `node` to a constant, if it is one.
pub fn fold(module: &Module<'_>, node: Node<'_>) -> Option<Value> {
    // A plain literal is its own value, cheaper to read again than to keep:
    // the memo would hold a copy of every string of the file.
    if node.kind_name() == "string"
        && let Some(v) = string_literal(&module.source[node.byte_range()])
    {
        return (v.len() <= MAX_LEN).then_some(v);
    }
    if let Some(known) = module.folded.0.borrow().get(&node.id()) {
        return known.clone();
    }
    let v = fold_at(module, node, 0);
    if v.as_ref().is_none_or(|v| v.len() <= MEMO_MAX_LEN) {
        module.folded.0.borrow_mut().insert(node.id(), v.clone());
    }
    v
}

/// Folds `node` to a string, if it is a constant string.
pub fn fold_str(module: &Module<'_>, node: Node<'_>) -> Option<String> {
    match fold(module, node)? {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn fold_at(m: &Module<'_>, node: Node<'_>, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let v = match node.kind_name() {
        "string" => match string_literal(&m.source[node.byte_range()]) {
            Some(v) => v,
            None => fstring(m, node, depth)?,
        },
        "concatenated_string" => {
            let mut acc: Option<Value> = None;
            for part in node.named_children() {
                let v = fold_at(m, part, depth + 1)?;
                acc = Some(match acc {
                    None => v,
                    Some(a) => concat(a, v)?,
                });
            }
            acc?
        }
        "integer" => Value::Int(parse_int(&super::text(node, m.source))?),
        "parenthesized_expression" => fold_at(m, node.named_child(0)?, depth + 1)?,
        "unary_operator" => {
            let arg = fold_at(m, node.field("argument")?, depth + 1)?;
            let Value::Int(i) = arg else { return None };
            match node.field("operator")?.kind_name() {
                "-" => Value::Int(i.checked_neg()?),
                "+" => Value::Int(i),
                "~" => Value::Int(!i),
                _ => return None,
            }
        }
        "binary_operator" => {
            let left = fold_at(m, node.field("left")?, depth + 1)?;
            let right_node = node.field("right")?;
            let op = node.field("operator")?.kind_name();
            if let (Value::Str(template), "%", "tuple") = (&left, op, right_node.kind_name()) {
                let values: Option<Vec<Value>> = right_node
                    .named_children()
                    .map(|v| fold_at(m, v, depth + 1))
                    .collect();
                percent_format(template, &values?)?
            } else {
                let right = fold_at(m, right_node, depth + 1)?;
                binary(op, left, right)?
            }
        }
        "subscript" => {
            // `x[::-1]`: the only slice malware uses to hide a literal.
            let value = fold_at(m, node.field("value")?, depth + 1)?;
            let sub = node.field("subscript")?;
            if sub.kind_name() == "slice" {
                if super::text(sub, m.source).replace(' ', "") == "::-1" {
                    reverse(value)
                } else {
                    return None;
                }
            } else {
                let Value::Int(i) = fold_at(m, sub, depth + 1)? else {
                    return None;
                };
                index(value, i)?
            }
        }
        "identifier" => {
            // A name bound to a constant where it is read.
            let value = m.value_at(node)?;
            fold_at(m, value, depth + 1)?
        }
        "call" => match fold_call(m, node, depth) {
            Some(v) => v,
            None if interpreted(m, node) => super::interp::eval_node(m, node)?.value,
            None => return None,
        },
        _ => return None,
    };
    (v.len() <= MAX_LEN).then_some(v)
}

fn fold_call(m: &Module<'_>, node: Node<'_>, depth: usize) -> Option<Value> {
    let func = node.field("function")?;
    let args = node.field("arguments")?;
    // `f(x for x in y)`: the generator is the arguments node itself. Read
    // only once a name below matches: most calls fold to nothing.
    let argv = std::cell::LazyCell::new(|| -> Vec<Node<'_>> {
        if args.kind_name() == "generator_expression" {
            vec![args]
        } else {
            args.named_children().collect()
        }
    });
    match func.kind_name() {
        "identifier" => match &*super::text(func, m.source) {
            "chr" if argv.len() == 1 => match fold_at(m, argv[0], depth + 1)? {
                Value::Int(i) => {
                    char::from_u32(u32::try_from(i).ok()?).map(|c| Value::Str(c.into()))
                }
                _ => None,
            },
            "str" | "repr" if argv.len() == 1 => {
                if let Some(t) = unbound_builtin(m, argv[0]).and_then(builtin_text) {
                    return Some(Value::Str(t));
                }
                match fold_at(m, argv[0], depth + 1)? {
                    Value::Str(s) if super::text(func, m.source) == "str" => Some(Value::Str(s)),
                    Value::Str(s) => Some(Value::Str(format!("'{s}'"))),
                    Value::Int(i) => Some(Value::Str(i.to_string())),
                    Value::Bytes(_) => None,
                }
            }
            "bytes" | "bytearray" if argv.len() == 1 => {
                let items = sequence(m, argv[0], depth + 1)?;
                let bytes: Option<Vec<u8>> = items
                    .into_iter()
                    .map(|v| match v {
                        Value::Int(i) => u8::try_from(i).ok(),
                        _ => None,
                    })
                    .collect();
                bytes.map(Value::Bytes)
            }
            "ord" if argv.len() == 1 => match fold_at(m, argv[0], depth + 1)? {
                Value::Str(s) if s.chars().count() == 1 => {
                    Some(Value::Int(i64::from(u32::from(s.chars().next()?))))
                }
                _ => None,
            },
            _ => None,
        },
        "attribute" => {
            let object = func.field("object")?;
            let method = super::text(func.field("attribute")?, m.source);
            if matches!(&*method, "__str__" | "__repr__")
                && argv.is_empty()
                && let Some(t) = unbound_builtin(m, object).and_then(builtin_text)
            {
                return Some(Value::Str(t));
            }
            match &*method {
                "join" if argv.len() == 1 => {
                    let sep = fold_at(m, object, depth + 1)?;
                    let items = sequence(m, argv[0], depth + 1)?;
                    let mut acc = match sep {
                        Value::Str(_) => Value::Str(String::new()),
                        Value::Bytes(_) => Value::Bytes(Vec::new()),
                        Value::Int(_) => return None,
                    };
                    for (i, item) in items.into_iter().enumerate() {
                        if i > 0 {
                            acc = concat(acc, sep.clone())?;
                        }
                        acc = concat(acc, item)?;
                        if acc.len() > MAX_LEN {
                            return None;
                        }
                    }
                    Some(acc)
                }
                "fromhex" if argv.len() == 1 && super::text(object, m.source) == "bytes" => {
                    let s = fold_at(m, argv[0], depth + 1)?;
                    let s: String = s.as_str()?.chars().filter(|c| !c.is_whitespace()).collect();
                    hex::decode(s).ok().map(Value::Bytes)
                }
                "replace" if argv.len() == 2 => {
                    match (
                        fold_at(m, object, depth + 1)?,
                        fold_at(m, argv[0], depth + 1)?,
                        fold_at(m, argv[1], depth + 1)?,
                    ) {
                        (Value::Str(s), Value::Str(a), Value::Str(b)) if !a.is_empty() => {
                            let out = s.replace(&a, &b);
                            (out.len() <= MAX_LEN).then_some(Value::Str(out))
                        }
                        _ => None,
                    }
                }
                "format" => {
                    let Value::Str(template) = fold_at(m, object, depth + 1)? else {
                        return None;
                    };
                    let values: Option<Vec<String>> = argv
                        .iter()
                        .map(|a| fold_at(m, *a, depth + 1).and_then(|v| display(&v)))
                        .collect();
                    format_braces(&template, &values?)
                }
                "upper" | "lower" if argv.is_empty() => match fold_at(m, object, depth + 1)? {
                    Value::Str(s) if method == "upper" => Some(Value::Str(s.to_uppercase())),
                    Value::Str(s) => Some(Value::Str(s.to_lowercase())),
                    _ => None,
                },
                "decode" if argv.len() <= 1 => match fold_at(m, object, depth + 1)? {
                    Value::Bytes(b) => String::from_utf8(b).ok().map(Value::Str),
                    _ => None,
                },
                "encode" if argv.len() <= 1 => match fold_at(m, object, depth + 1)? {
                    Value::Str(s) => Some(Value::Bytes(s.into_bytes())),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

/// Calls folding hands to the interpreter: a local function or lambda
/// called with constants (`decrypt("…", "key")`), a join or translate over
/// a computation (`"".join(chr(ord(c) - 3) for c in s)`), a base64 encoding.
fn interpreted(m: &Module<'_>, node: Node<'_>) -> bool {
    let Some(func) = node.field("function") else {
        return false;
    };
    match func.kind_name() {
        "identifier" => {
            let scope = m.scope_at(node);
            match m.lookup(m.text(func), scope) {
                Some((_, b)) => {
                    matches!(
                        b.last(),
                        Some(super::model::Binding::Def(d)) if d.kind_name() == "function_definition"
                    ) || matches!(
                        b.as_slice(),
                        [super::model::Binding::Value(v)] if v.kind_name() == "lambda"
                    )
                }
                None => false,
            }
        }
        "attribute" => {
            let method = func.field("attribute").map(|a| m.text(a)).unwrap_or("");
            let arg = node.field("arguments").and_then(|a| {
                if a.kind_name() == "generator_expression" {
                    Some(a)
                } else {
                    a.named_child(0)
                }
            });
            match method {
                "join" => arg.is_some_and(|a| {
                    matches!(
                        a.kind_name(),
                        "generator_expression" | "list_comprehension" | "call"
                    )
                }),
                "translate" => true,
                // keyword fields: `'{host}:{port}'.format(host=H, port=P)`
                "format" => node.field("arguments").is_some_and(|a| {
                    a.named_children()
                        .any(|x| x.kind_name() == "keyword_argument")
                }),
                "b64encode" | "urlsafe_b64encode" | "encodebytes" => {
                    super::names::resolve(m, func, m.scope_at(node))
                        .is_some_and(|q| q.starts_with("base64."))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// The folded items of a literal list or tuple, of `map(chr, [...])`, or
/// of `(chr(x) for x in [...])`.
fn sequence(m: &Module<'_>, node: Node<'_>, depth: usize) -> Option<Vec<Value>> {
    if depth > MAX_DEPTH {
        return None;
    }
    match node.kind_name() {
        "list" | "tuple" => {
            let items: Vec<Node<'_>> = node.named_children().collect();
            if items.len() > 1 << 20 {
                return None;
            }
            items
                .into_iter()
                .map(|i| fold_at(m, i, depth + 1))
                .collect()
        }
        "parenthesized_expression" => sequence(m, node.named_child(0)?, depth + 1),
        "identifier" => {
            // parts = ["power", "shell", ...]; "".join(parts): a module-level
            // name bound once to a list or tuple of pieces.
            let value = m.value_at(node)?;
            if !matches!(value.kind_name(), "list" | "tuple") {
                return None;
            }
            sequence(m, value, depth + 1)
        }
        "call" => {
            // map(chr, [...]) with chr spelled any way names::resolve knows
            let func = node.field("function")?;
            if super::text(func, m.source) != "map" {
                return None;
            }
            let args = node.field("arguments")?;
            let argv: Vec<Node<'_>> = args.named_children().collect();
            let [f, list] = argv.as_slice() else {
                return None;
            };
            let scope = m.scope_at(node);
            let callee = super::names::resolve(m, *f, scope)?;
            let items = sequence(m, *list, depth + 1)?;
            items.into_iter().map(|v| apply(&callee, v)).collect()
        }
        "generator_expression" | "list_comprehension" => {
            // (chr(x) for x in [...])
            let body = node.field("body")?;
            let clause = node
                .named_children()
                .find(|n| n.kind_name() == "for_in_clause")?;
            let var = clause.field("left")?;
            let list = clause.field("right")?;
            if body.kind_name() != "call" || var.kind_name() != "identifier" {
                return None;
            }
            let f = body.field("function")?;
            let args = body.field("arguments")?;
            if args.named_child_count() != 1
                || super::text(args.named_child(0)?, m.source) != super::text(var, m.source)
            {
                return None;
            }
            let callee = super::names::resolve(m, f, m.scope_at(node))?;
            let items = sequence(m, list, depth + 1)?;
            items.into_iter().map(|v| apply(&callee, v)).collect()
        }
        _ => None,
    }
}

/// Applies a one-argument builtin to a folded value.
fn apply(callee: &str, v: Value) -> Option<Value> {
    match (callee, v) {
        ("builtins.chr", Value::Int(i)) => {
            char::from_u32(u32::try_from(i).ok()?).map(|c| Value::Str(c.into()))
        }
        ("builtins.str", Value::Str(s)) => Some(Value::Str(s)),
        ("builtins.str", Value::Int(i)) => Some(Value::Str(i.to_string())),
        _ => None,
    }
}

/// The builtin an identifier names, when the file does not rebind it.
fn unbound_builtin<'s>(m: &Module<'s>, node: Node<'_>) -> Option<&'s str> {
    if node.kind_name() != "identifier" {
        return None;
    }
    let name = m.text(node);
    m.lookup(name, m.scope_at(node)).is_none().then_some(name)
}

fn concat(a: Value, b: Value) -> Option<Value> {
    match (a, b) {
        (Value::Str(mut a), Value::Str(b)) => {
            a.push_str(&b);
            Some(Value::Str(a))
        }
        (Value::Bytes(mut a), Value::Bytes(b)) => {
            a.extend_from_slice(&b);
            Some(Value::Bytes(a))
        }
        _ => None,
    }
}

fn binary(op: &str, a: Value, b: Value) -> Option<Value> {
    match (op, a, b) {
        ("+", Value::Int(a), Value::Int(b)) => a.checked_add(b).map(Value::Int),
        ("-", Value::Int(a), Value::Int(b)) => a.checked_sub(b).map(Value::Int),
        ("*", Value::Int(a), Value::Int(b)) => a.checked_mul(b).map(Value::Int),
        ("^", Value::Int(a), Value::Int(b)) => Some(Value::Int(a ^ b)),
        ("|", Value::Int(a), Value::Int(b)) => Some(Value::Int(a | b)),
        ("&", Value::Int(a), Value::Int(b)) => Some(Value::Int(a & b)),
        ("<<", Value::Int(a), Value::Int(b)) if (0..63).contains(&b) => {
            a.checked_mul(1i64 << b).map(Value::Int)
        }
        (">>", Value::Int(a), Value::Int(b)) if b >= 0 => Some(Value::Int(a >> b.min(63))),
        ("//", Value::Int(a), Value::Int(b)) if b != 0 => Some(Value::Int(a.div_euclid(b))),
        ("%", Value::Int(a), Value::Int(b)) if b != 0 => Some(Value::Int(a.rem_euclid(b))),
        ("+", a, b) => concat(a, b),
        ("%", Value::Str(template), v) => percent_format(&template, &[v]),
        ("*", Value::Str(s), Value::Int(n)) | ("*", Value::Int(n), Value::Str(s))
            if n >= 0 && s.len().saturating_mul(n as usize) <= MAX_LEN =>
        {
            Some(Value::Str(s.repeat(n as usize)))
        }
        _ => None,
    }
}

/// How `str()` shows a folded value inside a format.
fn display(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Bytes(_) => None,
    }
}

/// `'%s-%d' % (a, b)` with `%s`, `%d`, `%i`, `%r`-free templates.
pub(crate) fn percent_format(template: &str, values: &[Value]) -> Option<Value> {
    let mut out = String::new();
    let mut it = values.iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' | 'd' | 'i' => out.push_str(&display(it.next()?)?),
            'c' => match it.next()? {
                Value::Int(i) => out.push(char::from_u32(u32::try_from(*i).ok()?)?),
                Value::Str(s) => out.push_str(s),
                Value::Bytes(_) => return None,
            },
            _ => return None,
        }
    }
    (it.next().is_none() && out.len() <= MAX_LEN).then_some(Value::Str(out))
}

/// `'{}-{}'.format(a, b)` and `'{0}'` positional fields.
fn format_braces(template: &str, values: &[String]) -> Option<Value> {
    let mut out = String::new();
    let mut next = 0;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for f in chars.by_ref() {
                    if f == '}' {
                        break;
                    }
                    field.push(f);
                }
                let index = if field.is_empty() {
                    next += 1;
                    next - 1
                } else {
                    field.parse().ok()?
                };
                out.push_str(values.get(index)?);
            }
            c => out.push(c),
        }
    }
    (out.len() <= MAX_LEN).then_some(Value::Str(out))
}

/// An f-string whose fields all fold: `f"{host}.example"` with `host` a
/// module constant.
fn fstring(m: &Module<'_>, node: Node<'_>, depth: usize) -> Option<Value> {
    let raw = super::text(node, m.source);
    let prefix_end = raw.find(['\'', '"'])?;
    if !raw[..prefix_end].to_ascii_lowercase().contains('f')
        || raw[..prefix_end].to_ascii_lowercase().contains('b')
    {
        return None;
    }
    let mut out = String::new();
    for part in node.named_children() {
        match part.kind_name() {
            "string_start" | "string_end" => {}
            "string_content" => {
                let text = super::text(part, m.source);
                let lit = format!("'{}'", text.replace('\'', "\\'"));
                match string_literal(lit.as_bytes())? {
                    Value::Str(s) => out.push_str(&s.replace("{{", "{").replace("}}", "}")),
                    _ => return None,
                }
            }
            "interpolation" => {
                let expr = part.named_child(0)?;
                if part.named_child_count() != 1 {
                    return None;
                }
                out.push_str(&display(&fold_at(m, expr, depth + 1)?)?);
            }
            _ => return None,
        }
        if out.len() > MAX_LEN {
            return None;
        }
    }
    Some(Value::Str(out))
}

/// `s[i]` with Python's negative indices.
fn index(v: Value, i: i64) -> Option<Value> {
    match v {
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let n = chars.len() as i64;
            let at = if i < 0 { n + i } else { i };
            (0..n)
                .contains(&at)
                .then(|| Value::Str(chars[at as usize].to_string()))
        }
        Value::Bytes(b) => {
            let n = b.len() as i64;
            let at = if i < 0 { n + i } else { i };
            (0..n)
                .contains(&at)
                .then(|| Value::Int(i64::from(b[at as usize])))
        }
        Value::Int(_) => None,
    }
}

/// The text `str()` gives for a builtin, as CPython prints it. Obfuscators
/// index into these (`oct.__str__()[-3]` is `c`) to spell names without
/// writing them.
fn builtin_text(name: &str) -> Option<String> {
    const FUNCTIONS: &[&str] = &[
        "abs",
        "all",
        "any",
        "ascii",
        "bin",
        "callable",
        "chr",
        "compile",
        "delattr",
        "dir",
        "divmod",
        "eval",
        "exec",
        "format",
        "getattr",
        "globals",
        "hasattr",
        "hash",
        "hex",
        "id",
        "input",
        "isinstance",
        "issubclass",
        "iter",
        "len",
        "locals",
        "max",
        "min",
        "next",
        "oct",
        "ord",
        "pow",
        "print",
        "repr",
        "round",
        "setattr",
        "sorted",
        "sum",
        "vars",
        "open",
        "__import__",
        "__build_class__",
        "breakpoint",
        "aiter",
        "anext",
    ];
    const TYPES: &[&str] = &[
        "bool",
        "bytearray",
        "bytes",
        "classmethod",
        "complex",
        "dict",
        "enumerate",
        "filter",
        "float",
        "frozenset",
        "int",
        "list",
        "map",
        "memoryview",
        "object",
        "property",
        "range",
        "reversed",
        "set",
        "slice",
        "staticmethod",
        "str",
        "super",
        "tuple",
        "type",
        "zip",
    ];
    if FUNCTIONS.contains(&name) {
        return Some(format!("<built-in function {name}>"));
    }
    if TYPES.contains(&name) {
        return Some(format!("<class '{name}'>"));
    }
    match name {
        "copyright" => Some(
            "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.".to_string(),
        ),
        "credits" => Some(
            "    Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of thousands\n    for supporting Python development.  See www.python.org for more information.".to_string(),
        ),
        "license" => Some("Type license() to see the full license text".to_string()),
        "exit" => Some("Use exit() or Ctrl-D (i.e. EOF) to exit".to_string()),
        "quit" => Some("Use quit() or Ctrl-D (i.e. EOF) to exit".to_string()),
        "True" => Some("True".to_string()),
        "False" => Some("False".to_string()),
        "None" => Some("None".to_string()),
        _ => None,
    }
}

fn reverse(v: Value) -> Value {
    match v {
        Value::Str(s) => Value::Str(s.chars().rev().collect()),
        Value::Bytes(mut b) => {
            b.reverse();
            Value::Bytes(b)
        }
        Value::Int(i) => Value::Int(i),
    }
}

fn parse_int(text: &str) -> Option<i64> {
    let t = text.replace('_', "").to_ascii_lowercase();
    if let Some(h) = t.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(o) = t.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if let Some(b) = t.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()
    } else {
        t.parse().ok()
    }
}

/// Decodes one Python string or bytes literal, prefix and quotes included.
/// f-strings with replacement fields are not constants.
pub fn string_literal(raw: &[u8]) -> Option<Value> {
    let raw = std::str::from_utf8(raw).ok()?;
    let quote_at = raw.find(['\'', '"'])?;
    let prefix = &raw.as_bytes()[..quote_at];
    let has = |c: u8| prefix.iter().any(|p| p.eq_ignore_ascii_case(&c));
    let (is_bytes, is_raw, is_f) = (has(b'b'), has(b'r'), has(b'f'));
    let rest = &raw[quote_at..];
    let q = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        &rest[..3]
    } else {
        &rest[..1]
    };
    if rest.len() < 2 * q.len() || !rest.ends_with(q) {
        return None;
    }
    let body = &rest[q.len()..rest.len() - q.len()];
    if is_f && body.replace("{{", "").replace("}}", "").contains('{') {
        return None;
    }
    let unbraced;
    let body = if is_f {
        unbraced = body.replace("{{", "{").replace("}}", "}");
        unbraced.as_str()
    } else {
        body
    };
    let bytes = if is_raw {
        body.as_bytes().to_vec()
    } else {
        unescape(body, is_bytes)?
    };
    if is_bytes {
        Some(Value::Bytes(bytes))
    } else {
        String::from_utf8(bytes).ok().map(Value::Str)
    }
}

fn unescape(body: &str, is_bytes: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut buf = [0u8; 4];
    let mut rest = body;
    // Text between escapes is copied as it is, a run at a time: most
    // strings hold no escape at all.
    while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.extend_from_slice(&rest.as_bytes()[..at]);
        let mut chars = rest[at + 1..].chars();
        let Some(e) = chars.next() else {
            out.push(b'\\');
            return Some(out);
        };
        match e {
            '\n' => {}
            '\\' => out.push(b'\\'),
            '\'' => out.push(b'\''),
            '"' => out.push(b'"'),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'v' => out.push(11),
            'x' => {
                let h: String = (0..2).filter_map(|_| chars.next()).collect();
                let v = u8::from_str_radix(&h, 16).ok()?;
                if is_bytes {
                    out.push(v);
                } else {
                    out.extend_from_slice(char::from(v).encode_utf8(&mut buf).as_bytes());
                }
            }
            '0'..='7' => {
                let mut v = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.clone().next().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                if is_bytes {
                    out.push(v as u8);
                } else {
                    out.extend_from_slice(char::from_u32(v)?.encode_utf8(&mut buf).as_bytes());
                }
            }
            'u' | 'U' if !is_bytes => {
                let n = if e == 'u' { 4 } else { 8 };
                let h: String = (0..n).filter_map(|_| chars.next()).collect();
                let v = u32::from_str_radix(&h, 16).ok()?;
                out.extend_from_slice(char::from_u32(v)?.encode_utf8(&mut buf).as_bytes());
            }
            other => {
                out.push(b'\\');
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
        }
        rest = chars.as_str();
    }
    out.extend_from_slice(rest.as_bytes());
    Some(out)
}

/// A best-effort text of a command or path expression, for pattern checks:
/// constant parts folded, unknown parts as `{}`. `f"curl {u} | sh"` gives
/// `curl {} | sh`; `['wget', url]` gives `wget {}`. Never used as a value.
pub fn template(m: &Module<'_>, node: Node<'_>) -> String {
    let mut out = String::new();
    template_into(m, node, 0, &mut out);
    out
}

fn template_into(m: &Module<'_>, node: Node<'_>, depth: usize, out: &mut String) {
    if depth > 16 || out.len() > 64 << 10 {
        return;
    }
    if let Some(v) = fold(m, node) {
        match v {
            Value::Str(s) => out.push_str(&s),
            Value::Bytes(b) => out.push_str(&String::from_utf8_lossy(&b)),
            Value::Int(i) => out.push_str(&i.to_string()),
        }
        return;
    }
    match node.kind_name() {
        "string" => {
            for part in node.named_children() {
                match part.kind_name() {
                    "string_content" => out.push_str(m.text(part)),
                    "interpolation" => out.push_str("{}"),
                    _ => {}
                }
            }
        }
        "list" | "tuple" | "concatenated_string" => {
            let sep = if node.kind_name() == "concatenated_string" {
                ""
            } else {
                " "
            };
            for (i, part) in node.named_children().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                template_into(m, part, depth + 1, out);
            }
        }
        "binary_operator" => {
            if let (Some(l), Some(r)) = (node.field("left"), node.field("right")) {
                template_into(m, l, depth + 1, out);
                template_into(m, r, depth + 1, out);
            }
        }
        "parenthesized_expression" => {
            if let Some(inner) = node.named_child(0) {
                template_into(m, inner, depth + 1, out);
            }
        }
        "call" => {
            // os.path.join(a, "b.py") reads as a/b.py
            let func = node.field("function");
            let is_join = func.is_some_and(|f| {
                let t = m.text(f);
                t == "os.path.join" || t == "join" || t == "path.join"
            });
            // "{}.{}".format(a, b): the pattern with each field filled in.
            let pattern = func
                .filter(|f| f.kind_name() == "attribute")
                .filter(|f| f.field("attribute").is_some_and(|a| m.text(a) == "format"))
                .and_then(|f| f.field("object"))
                .and_then(|o| fold_str(m, o));
            match (is_join, node.field("arguments")) {
                (true, Some(args)) => {
                    for (i, part) in args.named_children().enumerate() {
                        if i > 0 {
                            out.push('/');
                        }
                        template_into(m, part, depth + 1, out);
                    }
                }
                (false, Some(args)) if pattern.is_some() => {
                    let values: Vec<Node<'_>> = args
                        .named_children()
                        .filter(|a| a.kind_name() != "keyword_argument")
                        .collect();
                    let pattern = pattern.unwrap_or_default();
                    let mut next = 0;
                    let mut rest = pattern.as_str();
                    while let Some(open) = rest.find('{') {
                        out.push_str(&rest[..open]);
                        let Some(close) = rest[open..].find('}') else {
                            rest = &rest[open..];
                            break;
                        };
                        let field = &rest[open + 1..open + close];
                        let index = field.parse::<usize>().ok().or_else(|| {
                            field.is_empty().then(|| {
                                next += 1;
                                next - 1
                            })
                        });
                        match index.and_then(|i| values.get(i)) {
                            Some(v) => template_into(m, *v, depth + 1, out),
                            None => out.push_str("{}"),
                        }
                        rest = &rest[open + close + 1..];
                    }
                    out.push_str(rest);
                }
                _ => out.push_str("{}"),
            }
        }
        "identifier" => {
            // A name stands for the value it holds where it is read.
            match m.value_at(node) {
                Some(v) => template_into(m, v, depth + 1, out),
                None => out.push_str("{}"),
            }
        }
        _ => out.push_str("{}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::with_module;

    /// Folds the value assigned to the last `x = ...` of `src`.
    fn fold_x(src: &str) -> Option<Value> {
        with_module(src, |m| fold(m, m.single_module_binding("x")?))
    }

    #[test]
    fn folds_what_obfuscators_build() {
        let s = |v: &str| Some(Value::Str(v.to_string()));
        assert_eq!(fold_x("x = 'ex' + 'ec'"), s("exec"));
        assert_eq!(fold_x("x = 'cexe'[::-1]"), s("exec"));
        assert_eq!(
            fold_x("x = ''.join(map(chr, [101, 120, 101, 99]))"),
            s("exec")
        );
        assert_eq!(
            fold_x("x = ''.join(chr(c) for c in [101, (15 << 3), 101, 99])"),
            s("exec")
        );
        assert_eq!(
            fold_x(
                "x = oct.__str__()[-3 << 0] + hex.__str__()[-1 << 2] + copyright.__str__()[4 << 0]"
            ),
            s("chr")
        );
        assert_eq!(fold_x("x = '%s://%s' % ('https', 'c2')"), s("https://c2"));
        assert_eq!(fold_x("x = '{}/{}'.format('a', 1)"), s("a/1"));
        assert_eq!(fold_x("H = 'h'\nx = f'{H}.invalid'"), s("h.invalid"));
        assert_eq!(fold_x("x = 'cXurl'.replace('X', '')"), s("curl"));
        assert_eq!(
            fold_x("x = bytes([104, 105])"),
            Some(Value::Bytes(b"hi".to_vec()))
        );
        assert_eq!(fold_x("x = bytes.fromhex('6869').decode()"), s("hi"));
        assert_eq!(fold_x("x = unknown + 'a'"), None);
    }

    #[test]
    fn literals() {
        assert_eq!(
            string_literal(br#"'a\x41\n'"#),
            Some(Value::Str("aA\n".into()))
        );
        assert_eq!(
            string_literal(br#"b"\xff\x00""#),
            Some(Value::Bytes(vec![255, 0]))
        );
        assert_eq!(
            string_literal(br#"r'\x41'"#),
            Some(Value::Str("\\x41".into()))
        );
        assert_eq!(string_literal(br#"'''x'''"#), Some(Value::Str("x".into())));
        assert_eq!(string_literal(br#"f'{x}'"#), None);
        assert_eq!(
            string_literal(br#"f'{{x}}'"#),
            Some(Value::Str("{x}".into()))
        );
    }
}
