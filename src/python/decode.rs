//! Static decoding of literal payloads: undo base64 (every alphabet), hex,
//! zlib, gzip, bz2, lzma, ROT13, reversal and Fernet with a literal key,
//! layer after layer, without running anything. Hand-written decoders (XOR
//! with a repeating key, `str.translate`, Atbash and alphabet-index
//! substitutions, character shifts, Opy-style string decoders) are
//! evaluated by the bounded interpreter in [`super::interp`]. Code handed to
//! a new interpreter (`python -c CODE`, `echo … | base64 -d | python3`) is
//! read out of shell command lines by [`shell_code`].
//!
//! [`evaluate`] reads an expression such as
//! `zlib.decompress(base64.b64decode(blob[::-1]))`, or `(_)(b'…')` with `_`
//! a local lambda doing the same, and returns the bytes it would produce and
//! the layers undone on the way. `marshal.loads` and `pickle.loads` are never
//! performed: their input is returned as the last layer, marked so.
//! Everything is bounded: nesting, output size per layer and in total.

use super::Syntax;
use super::fold::{self, Value};
use super::interp;
use super::model::{Binding, Module, ScopeId};
use super::names;
use crate::python::tree::Node;
use std::collections::HashMap;
use std::io::Read;

/// Most layers undone in one expression (50 rounds of reverse+base64+zlib is 150).
const MAX_LAYERS: usize = 400;
/// Most bytes one decoding step may produce (decompression bombs stop here).
const MAX_OUTPUT: u64 = 16 << 20;
const MAX_DEPTH: usize = 600;

thread_local! {
    /// Set when a decoding gave up at [`MAX_LAYERS`] or [`MAX_DEPTH`]: the
    /// report says what was not looked into.
    static LIMIT_HIT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a decoding on this thread stopped at a limit since the last call.
pub fn take_limit_hit() -> bool {
    LIMIT_HIT.with(|c| c.replace(false))
}

fn limit_hit() {
    LIMIT_HIT.with(|c| c.set(true));
}

/// Decoded bytes and the layers undone to get them, in the order undone.
#[derive(Debug, Clone)]
pub struct Payload {
    pub bytes: Vec<u8>,
    pub layers: Vec<&'static str>,
    /// The data would be handed to `marshal.loads`/`pickle.loads`: a code
    /// object or pickle, never Python text.
    pub serialized: Option<&'static str>,
}

/// Code given to exec/eval/compile as a constant built in the file (a
/// literal, `''.join(map(chr, …))`, concatenation): the layer `constant`.
pub fn constant_code(m: &Module<'_>, node: Node<'_>) -> Option<Payload> {
    let v = fold::fold(m, node)?;
    let bytes = v.to_bytes()?;
    (!bytes.is_empty()).then(|| Payload {
        bytes,
        layers: vec!["constant"],
        serialized: None,
    })
}

/// Evaluates `node` statically when it decodes literal data; `None` when it
/// is not a decoding of constants or undoes no layer.
pub fn evaluate(m: &Module<'_>, node: Node<'_>, scope: ScopeId) -> Option<Payload> {
    let mut ev = Evaluator {
        m,
        env: Vec::new(),
        steps: 0,
    };
    let p = ev.eval(node, scope, 0)?;
    (!p.layers.is_empty()).then_some(p)
}

struct Evaluator<'a, 't> {
    m: &'a Module<'t>,
    /// Lambda and function parameters bound while evaluating a local call.
    env: Vec<HashMap<String, Payload>>,
    steps: usize,
}

impl Evaluator<'_, '_> {
    fn eval(&mut self, node: Node<'_>, scope: ScopeId, depth: usize) -> Option<Payload> {
        self.steps += 1;
        if depth > MAX_DEPTH || self.steps > 100_000 {
            limit_hit();
            return None;
        }
        let m = self.m;
        match node.kind_name() {
            "parenthesized_expression" => self.eval(node.named_child(0)?, scope, depth + 1),
            "identifier" => {
                let name = m.text(node);
                if let Some(v) = self.env.iter().rev().find_map(|e| e.get(name)) {
                    return Some(v.clone());
                }
                let (holder, bindings) = m.lookup(name, scope)?;
                // One value: a name assigned once (the usual `blob = "..."`).
                let values: Vec<Node<'_>> = bindings
                    .iter()
                    .filter_map(|b| match b {
                        Binding::Value(v) => Some(*v),
                        _ => None,
                    })
                    .collect();
                match values.as_slice() {
                    [v] if !v.byte_range().contains(&node.start_byte()) => {
                        self.eval(*v, holder, depth + 1)
                    }
                    // Built by statements (`out = ""`, a loop of `out += ...`).
                    _ if depth < MAX_DEPTH / 4 => from_decoded(interp::value_before(m, node)?),
                    _ => None,
                }
            }
            "subscript" => {
                let value = node.field("value")?;
                let sub = node.field("subscript")?;
                let mut p = self.eval(value, scope, depth + 1)?;
                let s = m.text(sub).replace(' ', "");
                if s == "::-1" {
                    // A str reverses by characters, bytes by bytes.
                    let bytes_literal = m
                        .text(value)
                        .trim_start_matches(['r', 'R'])
                        .starts_with(['b', 'B']);
                    match std::str::from_utf8(&p.bytes) {
                        Ok(text) if !text.is_ascii() && !bytes_literal => {
                            p.bytes = text.chars().rev().collect::<String>().into_bytes();
                        }
                        _ => p.bytes.reverse(),
                    }
                    p.layers.push("reverse");
                    Some(p)
                } else if let Some((a, b)) = slice_bounds(&s, p.bytes.len()) {
                    // r[10:] strips a protocol marker before decoding
                    p.bytes = p.bytes[a..b].to_vec();
                    Some(p)
                } else {
                    None
                }
            }
            "call" => self.call(node, scope, depth),
            _ => {
                let v = fold::fold(m, node)?;
                Some(Payload {
                    bytes: v.to_bytes()?,
                    layers: Vec::new(),
                    serialized: None,
                })
            }
        }
    }

    fn call(&mut self, node: Node<'_>, scope: ScopeId, depth: usize) -> Option<Payload> {
        let m = self.m;
        let func = node.field("function")?;
        let args = node.field("arguments")?;
        let argv: Vec<Node<'_>> = if args.kind_name() == "generator_expression" {
            vec![args]
        } else {
            args.named_children()
                .filter(|a| a.kind_name() != "comment")
                .collect()
        };
        let q = names::resolve(m, func, scope);
        // ''.join(chr(ord(c) ^ k) for c in data)
        if func.kind_name() == "attribute"
            && m.text(func.field("attribute")?) == "join"
            && let Some(first) = argv.first()
            && matches!(
                first.kind_name(),
                "generator_expression" | "list_comprehension"
            )
            && let Some(p) = self.xor(*first, scope, depth)
        {
            return Some(p);
        }

        // Text/bytes conversions pass data through unchanged.
        if func.kind_name() == "attribute" {
            let method = m.text(func.field("attribute")?);
            let object = func.field("object")?;
            if matches!(method, "decode" | "encode" | "strip" | "rstrip" | "lstrip") {
                let inner = self.eval(object, scope, depth + 1);
                if let Some(p) = inner {
                    return Some(p);
                }
            }
            if method == "decrypt" {
                return self.fernet(object, argv.first().copied()?, scope, depth);
            }
        }
        if let Some(q) = q.as_deref() {
            if matches!(
                q,
                "builtins.bytes" | "builtins.str" | "builtins.bytearray" | "builtins.compile"
            ) && !argv.is_empty()
            {
                if matches!(
                    argv[0].kind_name(),
                    "generator_expression" | "list_comprehension"
                ) {
                    return self.xor(argv[0], scope, depth);
                }
                return self.eval(argv[0], scope, depth + 1);
            }
            if let Some(layer) = decoder_layer(q) {
                let data = self.eval(*argv.first()?, scope, depth + 1)?;
                return self.apply(q, layer, data, &argv, scope);
            }
        }
        // A local lambda or one-expression function: `(_)(b'...')`.
        let target = match func.kind_name() {
            "parenthesized_expression" => func.named_child(0)?,
            _ => func,
        };
        if target.kind_name() == "identifier"
            && let Some(p) = self.local_call(target, &argv, scope, depth)
        {
            return Some(p);
        }
        if target.kind_name() == "lambda"
            && let Some(p) = self.apply_lambda(target, &argv, scope, depth)
        {
            return Some(p);
        }
        // A hand-written decoder: a local function with loops, a join over
        // a comprehension, translate tables.
        if depth < MAX_DEPTH / 4
            && let Some(d) = interp::eval_node(m, node)
        {
            return from_decoded(d);
        }
        // Anything else that folds (join, chr arithmetic) is plain data.
        let v = fold::fold(m, node)?;
        Some(Payload {
            bytes: v.to_bytes()?,
            layers: Vec::new(),
            serialized: None,
        })
    }

    fn local_call(
        &mut self,
        ident: Node<'_>,
        argv: &[Node<'_>],
        scope: ScopeId,
        depth: usize,
    ) -> Option<Payload> {
        let m = self.m;
        let (_, bindings) = m.lookup(m.text(ident), scope)?;
        match bindings.as_slice() {
            [Binding::Value(v)] if v.kind_name() == "lambda" => {
                self.apply_lambda(*v, argv, scope, depth)
            }
            [Binding::Def(def)] if def.kind_name() == "function_definition" => {
                let params = def.field("parameters")?;
                let body = def.field("body")?;
                // Only `def f(x): return <expr>`.
                let stmt = body.named_child(0)?;
                if body.named_child_count() != 1 || stmt.kind_name() != "return_statement" {
                    return None;
                }
                let expr = stmt.named_child(0)?;
                let inner = m.scope_at(expr);
                self.with_params(params, argv, scope, depth, |ev| {
                    ev.eval(expr, inner, depth + 1)
                })
            }
            _ => None,
        }
    }

    fn apply_lambda(
        &mut self,
        lambda: Node<'_>,
        argv: &[Node<'_>],
        scope: ScopeId,
        depth: usize,
    ) -> Option<Payload> {
        let body = lambda.field("body")?;
        let inner = self.m.scope_at(body);
        match lambda.field("parameters") {
            Some(params) => self.with_params(params, argv, scope, depth, |ev| {
                ev.eval(body, inner, depth + 1)
            }),
            None => self.eval(body, inner, depth + 1),
        }
    }

    fn with_params(
        &mut self,
        params: Node<'_>,
        argv: &[Node<'_>],
        scope: ScopeId,
        depth: usize,
        body: impl FnOnce(&mut Self) -> Option<Payload>,
    ) -> Option<Payload> {
        let m = self.m;
        let names: Vec<String> = params
            .named_children()
            .filter_map(|p| match p.kind_name() {
                "identifier" => Some(m.text(p).to_string()),
                "default_parameter" | "typed_default_parameter" => {
                    p.field("name").map(|n| m.text(n).to_string())
                }
                "typed_parameter" => p
                    .named_child(0)
                    .filter(|n| n.kind_name() == "identifier")
                    .map(|n| m.text(n).to_string()),
                _ => None,
            })
            .collect();
        let mut frame = HashMap::new();
        for (name, arg) in names.iter().zip(argv) {
            if let Some(v) = self.eval(*arg, scope, depth + 1) {
                frame.insert(name.clone(), v);
            }
        }
        self.env.push(frame);
        let out = body(self);
        self.env.pop();
        out
    }

    fn apply(
        &mut self,
        q: &str,
        layer: &'static str,
        mut data: Payload,
        argv: &[Node<'_>],
        scope: ScopeId,
    ) -> Option<Payload> {
        if data.layers.len() >= MAX_LAYERS {
            limit_hit();
            return None;
        }
        if data.serialized.is_some() {
            return None;
        }
        let out = match layer {
            "marshal" | "pickle" => {
                data.serialized = Some(layer);
                data.layers.push(layer);
                return Some(data);
            }
            "codecs" => {
                let codec = argv
                    .get(1)
                    .and_then(|c| fold::fold_str(self.m, *c))
                    .unwrap_or_default()
                    .to_ascii_lowercase()
                    .replace(['-', '_'], "");
                let (name, out) = match codec.as_str() {
                    "rot13" => ("rot13", Some(rot13(&data.bytes))),
                    "base64" | "base64codec" => ("base64", base64_any(&data.bytes)),
                    "hex" | "hexcodec" => ("hex", hex_lenient(&data.bytes)),
                    "zlib" | "zlibcodec" => ("zlib", inflate(&data.bytes, Kind::Zlib)),
                    "bz2" | "bz2codec" => ("bz2", inflate(&data.bytes, Kind::Bz2)),
                    _ => return Some(data),
                };
                data.layers.push(name);
                data.bytes = out?;
                return Some(data);
            }
            other => undo(q, other, &data.bytes),
        };
        let _ = scope;
        data.layers.push(layer);
        data.bytes = out?;
        Some(data)
    }

    /// XOR with a literal key, in the comprehension shapes droppers use:
    /// `[b ^ 0x5a for b in data]`, `(chr(ord(c) ^ k) for c in s)`,
    /// `(d ^ key[i % len(key)] for i, d in enumerate(data))` and
    /// `(a ^ b for a, b in zip(data, cycle(key)))`.
    fn xor(&mut self, comp: Node<'_>, scope: ScopeId, depth: usize) -> Option<Payload> {
        let m = self.m;
        let mut body = comp.field("body")?;
        let clause = comp
            .named_children()
            .find(|n| n.kind_name() == "for_in_clause")?;
        let left = clause.field("left")?;
        let right = clause.field("right")?;
        // chr(ord(c) ^ k): look inside chr(...) and ord(...)
        let mut as_text = false;
        if body.kind_name() == "call" && m.text(body.field("function")?) == "chr" {
            body = body.field("arguments")?.named_child(0)?;
            as_text = true;
        }
        if body.kind_name() != "binary_operator" || body.field("operator")?.kind_name() != "^" {
            return None;
        }
        let (a, b) = (body.field("left")?, body.field("right")?);
        let (a, b) = (strip_ord(m, a), strip_ord(m, b));
        // The data and the key stream.
        let (data, key): (Payload, Vec<u8>) = match left.kind_name() {
            "identifier" => {
                let var = m.text(left);
                let other = if m.text(a) == var {
                    b
                } else if m.text(b) == var {
                    a
                } else {
                    return None;
                };
                let Value::Int(k) = fold::fold(m, other)? else {
                    return None;
                };
                (
                    self.eval(right, scope, depth + 1)?,
                    vec![u8::try_from(k & 0xff).ok()?],
                )
            }
            "pattern_list" | "tuple_pattern" => {
                let f = right.field("function")?;
                let args = right.field("arguments")?;
                match m.text(f) {
                    "zip" => {
                        let data = self.eval(args.named_child(0)?, scope, depth + 1)?;
                        let cyc = args.named_child(1)?;
                        let key_node = if cyc.kind_name() == "call" {
                            cyc.field("arguments")?.named_child(0)?
                        } else {
                            cyc
                        };
                        (data, self.eval(key_node, scope, depth + 1)?.bytes)
                    }
                    "enumerate" => {
                        let data = self.eval(args.named_child(0)?, scope, depth + 1)?;
                        // d ^ key[i % len(key)]
                        let key_sub = if a.kind_name() == "subscript" { a } else { b };
                        let key_node = key_sub.field("value")?;
                        (data, self.eval(key_node, scope, depth + 1)?.bytes)
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        if key.is_empty() {
            return None;
        }
        let mut out = data;
        out.bytes = out
            .bytes
            .iter()
            .zip(key.iter().cycle())
            .map(|(d, k)| d ^ k)
            .collect();
        if as_text {
            // chr() of each byte: Latin-1 text, as UTF-8.
            out.bytes = out
                .bytes
                .iter()
                .map(|&b| char::from(b))
                .collect::<String>()
                .into_bytes();
        }
        out.layers.push("xor");
        Some(out)
    }

    /// `Fernet(key).decrypt(token)` with both literal.
    fn fernet(
        &mut self,
        object: Node<'_>,
        token: Node<'_>,
        scope: ScopeId,
        depth: usize,
    ) -> Option<Payload> {
        let m = self.m;
        let ctor = match object.kind_name() {
            "call" => object,
            "identifier" => {
                let (_, b) = m.lookup(m.text(object), scope)?;
                match b.as_slice() {
                    [Binding::Value(v)] if v.kind_name() == "call" => *v,
                    _ => return None,
                }
            }
            _ => return None,
        };
        let q = names::resolve(m, ctor.field("function")?, scope)?;
        if !q.ends_with("Fernet") {
            return None;
        }
        let key_node = ctor.field("arguments")?.named_child(0)?;
        let key = self.eval(key_node, scope, depth + 1)?;
        let mut tok = self.eval(token, scope, depth + 1)?;
        let key = std::str::from_utf8(&key.bytes).ok()?;
        let f = fernet::Fernet::new(key.trim())?;
        let plain = f
            .decrypt(std::str::from_utf8(&tok.bytes).ok()?.trim())
            .ok()?;
        tok.layers.push("fernet");
        tok.bytes = plain;
        Some(tok)
    }
}

/// One standard decoding step: what the callee `q` (whose layer is
/// `layer`) gives for `data`.
pub(crate) fn undo(q: &str, layer: &str, data: &[u8]) -> Option<Vec<u8>> {
    match layer {
        "base64" => {
            if q.contains("urlsafe") {
                base64_with(data, &base64::engine::general_purpose::URL_SAFE)
            } else {
                base64_any(data)
            }
        }
        "base32" => {
            let clean: Vec<u8> = data
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            data_encoding::BASE32.decode(&clean).ok()
        }
        "hex" => hex_lenient(data),
        "base85" => {
            if q.ends_with("a85decode") {
                ascii85(data)
            } else {
                base85(data)
            }
        }
        "zlib" => inflate(data, Kind::Zlib),
        "gzip" => inflate(data, Kind::Gzip),
        "bz2" => inflate(data, Kind::Bz2),
        "lzma" => inflate(data, Kind::Lzma),
        _ => None,
    }
}

fn from_decoded(d: interp::Decoded) -> Option<Payload> {
    Some(Payload {
        bytes: d.value.to_bytes()?,
        layers: d.layers,
        serialized: None,
    })
}

/// `ord(x)` → `x`; anything else as it is.
fn strip_ord<'n>(m: &Module<'_>, n: Node<'n>) -> Node<'n> {
    if n.kind_name() == "call" && n.field("function").is_some_and(|f| m.text(f) == "ord") {
        n.field("arguments")
            .and_then(|a| a.named_child(0))
            .unwrap_or(n)
    } else {
        n
    }
}

fn slice_bounds(s: &str, len: usize) -> Option<(usize, usize)> {
    let (a, b) = s.split_once(':')?;
    if b.contains(':') {
        return None;
    }
    let idx = |t: &str, default: usize| -> Option<usize> {
        if t.is_empty() {
            return Some(default);
        }
        let v: i64 = t.parse().ok()?;
        let v = if v < 0 { len as i64 + v } else { v };
        Some(v.clamp(0, len as i64) as usize)
    };
    let (a, b) = (idx(a, 0)?, idx(b, len)?);
    (a <= b).then_some((a, b))
}

/// The layer a decoder callee undoes, for the decoders [`evaluate`] performs.
fn decoder_layer(q: &str) -> Option<&'static str> {
    match q.trim_end_matches("()") {
        "pickle.loads" | "dill.loads" => Some("pickle"),
        other => names::decoder(other),
    }
}

fn rot13(b: &[u8]) -> Vec<u8> {
    b.iter()
        .map(|&c| match c {
            b'a'..=b'z' => (c - b'a' + 13) % 26 + b'a',
            b'A'..=b'Z' => (c - b'A' + 13) % 26 + b'A',
            _ => c,
        })
        .collect()
}

fn base64_with(b: &[u8], engine: &base64::engine::GeneralPurpose) -> Option<Vec<u8>> {
    use base64::Engine;
    let mut clean: Vec<u8> = b
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    while !clean.len().is_multiple_of(4) {
        clean.push(b'=');
    }
    engine.decode(&clean).ok()
}

/// Python's `b64decode` is lenient: missing padding and either alphabet.
pub(crate) fn base64_any(b: &[u8]) -> Option<Vec<u8>> {
    let padded = base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let std = base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, padded);
    let url = base64::engine::GeneralPurpose::new(&base64::alphabet::URL_SAFE, padded);
    use base64::Engine;
    let clean: Vec<u8> = b
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    std.decode(&clean).ok().or_else(|| url.decode(&clean).ok())
}

pub(crate) fn hex_lenient(b: &[u8]) -> Option<Vec<u8>> {
    let clean: Vec<u8> = b
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    hex::decode(clean).ok()
}

/// RFC 1924 base85, as `base64.b85decode`.
fn base85(b: &[u8]) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] =
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
    let mut table = [255u8; 256];
    for (i, &c) in ALPHABET.iter().enumerate() {
        table[c as usize] = i as u8;
    }
    decode85(
        b,
        |c| (table[c as usize] != 255).then(|| table[c as usize]),
        false,
    )
}

/// Adobe ascii85, as `base64.a85decode` (with `z` for four zero bytes).
fn ascii85(b: &[u8]) -> Option<Vec<u8>> {
    let b = b.strip_prefix(b"<~").unwrap_or(b);
    let b = b.strip_suffix(b"~>").unwrap_or(b);
    decode85(b, |c| (b'!'..=b'u').contains(&c).then(|| c - b'!'), true)
}

fn decode85(b: &[u8], digit: impl Fn(u8) -> Option<u8>, z: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len() * 4 / 5);
    let mut group: Vec<u8> = Vec::with_capacity(5);
    for &c in b.iter().filter(|c| !c.is_ascii_whitespace()) {
        if z && c == b'z' && group.is_empty() {
            out.extend_from_slice(&[0; 4]);
            continue;
        }
        group.push(digit(c)?);
        if group.len() == 5 {
            let v = group.iter().try_fold(0u32, |acc, &d| {
                acc.checked_mul(85)?.checked_add(u32::from(d))
            })?;
            out.extend_from_slice(&v.to_be_bytes());
            group.clear();
        }
    }
    if !group.is_empty() {
        let n = group.len();
        while group.len() < 5 {
            group.push(84);
        }
        let v = group.iter().try_fold(0u32, |acc, &d| {
            acc.checked_mul(85)?.checked_add(u32::from(d))
        })?;
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    Some(out)
}

#[derive(Clone, Copy)]
enum Kind {
    Zlib,
    Gzip,
    Bz2,
    Lzma,
}

/// Decompresses at most [`MAX_OUTPUT`] bytes; a bomb is cut there, and a
/// truncated stream gives what it holds.
fn inflate(b: &[u8], kind: Kind) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let ok = match kind {
        Kind::Zlib => flate2::read::ZlibDecoder::new(b)
            .take(MAX_OUTPUT)
            .read_to_end(&mut out)
            .is_ok(),
        Kind::Gzip => flate2::read::MultiGzDecoder::new(b)
            .take(MAX_OUTPUT)
            .read_to_end(&mut out)
            .is_ok(),
        Kind::Bz2 => bzip2::read::BzDecoder::new(b)
            .take(MAX_OUTPUT)
            .read_to_end(&mut out)
            .is_ok(),
        Kind::Lzma => {
            // lzma.decompress takes .xz and legacy .lzma streams alike.
            let mut sink = Bounded(Vec::new());
            let xz = lzma_rs::xz_decompress(&mut std::io::BufReader::new(b), &mut sink).is_ok();
            if xz || !sink.0.is_empty() {
                out = sink.0;
                true
            } else {
                let mut sink = Bounded(Vec::new());
                let ok =
                    lzma_rs::lzma_decompress(&mut std::io::BufReader::new(b), &mut sink).is_ok();
                out = sink.0;
                ok
            }
        }
    };
    (ok || !out.is_empty()).then_some(out)
}

/// A writer that refuses to grow past [`MAX_OUTPUT`].
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() as u64 + buf.len() as u64 > MAX_OUTPUT {
            return Err(std::io::Error::other("decoded output over the limit"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Python code a shell command line hands a new interpreter, with the layers
/// undone to reach it: `python3 -c "import os; ..."` gives the code (layer
/// `python -c`); `echo <base64> | base64 -d | python3` gives the decoded
/// text (`base64`, `python`), and piped into `sh` the decoded command line is
/// read again the same way.
pub fn shell_code(cmd: &str) -> Vec<Payload> {
    let mut out = Vec::new();
    shell_code_into(cmd, Vec::new(), 0, &mut out);
    out
}

fn shell_code_into(cmd: &str, layers: Vec<&'static str>, depth: usize, out: &mut Vec<Payload>) {
    if depth > 4 || cmd.len() > MAX_OUTPUT as usize || out.len() > 16 {
        return;
    }
    let words = shell_words(cmd);
    let is_word = |i: usize| words.get(i).is_some_and(|w| !w.op);
    for (i, w) in words.iter().enumerate() {
        if w.op || !super::names::is_python_program(&w.text) {
            continue;
        }
        // the interpreter in command position
        if i > 0
            && !words[i - 1].op
            && !matches!(
                words[i - 1].text.as_str(),
                "exec" | "nohup" | "sudo" | "env" | "timeout" | "command"
            )
        {
            continue;
        }
        let mut j = i + 1;
        while is_word(j)
            && words[j].text.starts_with('-')
            && words[j].text != "-c"
            && words[j].text.len() <= 3
        {
            j += 1;
        }
        if is_word(j) && words[j].text == "-c" && is_word(j + 1) {
            let mut l = layers.clone();
            l.push("python -c");
            out.push(Payload {
                bytes: words[j + 1].text.clone().into_bytes(),
                layers: l,
                serialized: None,
            });
        }
    }
    // echo <data> | base64 -d [| interpreter]
    for (i, w) in words.iter().enumerate() {
        if w.op || !matches!(w.text.as_str(), "echo" | "printf") || (i > 0 && !words[i - 1].op) {
            continue;
        }
        let mut j = i + 1;
        while is_word(j) && words[j].text.starts_with('-') {
            j += 1;
        }
        if !is_word(j) || is_word(j + 1) {
            continue;
        }
        let data = &words[j].text;
        let pipe = |k: usize| words.get(k).is_some_and(|w| w.op && w.text == "|");
        if !pipe(j + 1) || words.get(j + 2).is_none_or(|w| w.op || w.text != "base64") {
            continue;
        }
        let mut k = j + 3;
        let mut decode = false;
        while is_word(k) {
            decode |= matches!(
                words[k].text.as_str(),
                "-d" | "--decode" | "-D" | "-di" | "-id"
            );
            k += 1;
        }
        let Some(plain) = decode.then(|| base64_any(data.as_bytes())).flatten() else {
            continue;
        };
        let Ok(text) = String::from_utf8(plain) else {
            continue;
        };
        let mut l = layers.clone();
        l.push("base64");
        let target = pipe(k).then(|| words.get(k + 1)).flatten();
        match target {
            Some(t) if !t.op && super::names::is_python_program(&t.text) => {
                l.push("python");
                out.push(Payload {
                    bytes: text.into_bytes(),
                    layers: l,
                    serialized: None,
                });
            }
            Some(t)
                if !t.op
                    && matches!(
                        t.text.rsplit('/').next(),
                        Some("sh" | "bash" | "zsh" | "dash")
                    ) =>
            {
                shell_code_into(&text, l, depth + 1, out);
            }
            _ => {}
        }
    }
}

struct Word {
    text: String,
    /// A control operator (`|`, `;`, `&&`, ...), not a word.
    op: bool,
}

/// Words and control operators of a POSIX shell command line, quotes
/// removed as the shell removes them (no expansion).
fn shell_words(s: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    let flush = |cur: &mut String, in_word: &mut bool, out: &mut Vec<Word>| {
        if *in_word {
            out.push(Word {
                text: std::mem::take(cur),
                op: false,
            });
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    cur.push(d);
                }
            }
            '"' => {
                in_word = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' => match chars.peek() {
                            Some(&e @ ('"' | '\\' | '$' | '`')) => {
                                cur.push(e);
                                chars.next();
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => cur.push('\\'),
                        },
                        d => cur.push(d),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') | None => {}
                    Some(e) => cur.push(e),
                }
            }
            '|' | '&' | ';' | '(' | ')' | '\n' => {
                flush(&mut cur, &mut in_word, &mut out);
                let mut op = c.to_string();
                if matches!(c, '|' | '&') && chars.peek() == Some(&c) {
                    op.push(c);
                    chars.next();
                }
                out.push(Word { text: op, op: true });
            }
            c if c.is_whitespace() => flush(&mut cur, &mut in_word, &mut out),
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    flush(&mut cur, &mut in_word, &mut out);
    out
}

/// What decoded bytes are, for reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Text that parses as Python: analysed again.
    Python,
    /// A Windows, Linux or macOS executable or library.
    Native(&'static str),
    /// A marshalled code object or a pickle.
    Serialized(&'static str),
    /// Anything else (text, images, data).
    Other,
}

pub fn classify(p: &Payload) -> Content {
    if let Some(s) = p.serialized {
        return Content::Serialized(s);
    }
    let b = &p.bytes;
    if b.starts_with(b"MZ") && b.len() > 64 {
        return Content::Native("a Windows executable (MZ)");
    }
    if b.starts_with(b"\x7fELF") {
        return Content::Native("a Linux executable (ELF)");
    }
    if b.starts_with(&[0xcf, 0xfa, 0xed, 0xfe]) || b.starts_with(&[0xca, 0xfe, 0xba, 0xbe]) {
        return Content::Native("a macOS executable (Mach-O)");
    }
    match std::str::from_utf8(b) {
        Ok(t) if looks_like_python(t) => Content::Python,
        _ => Content::Other,
    }
}

/// Cheap test before parsing: Python statements, not prose or data.
fn looks_like_python(t: &str) -> bool {
    const WORDS: &[&str] = &[
        "import ",
        "exec(",
        "eval(",
        "def ",
        "print(",
        "lambda",
        "__import__",
        "os.",
        "subprocess",
        "=",
    ];
    !t.trim().is_empty() && WORDS.iter().any(|w| t.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::with_module;

    fn eval_last_call(src: &str) -> Option<Payload> {
        with_module(src, |m| {
            let call = m
                .calls
                .iter()
                .find(|c| c.qname.as_deref() == Some("builtins.exec"))?;
            evaluate(m, call.arg(0)?, call.scope)
        })
    }

    #[test]
    fn undoes_reverse_base64_zlib_through_a_lambda() {
        // print('hi') compressed, base64'd and reversed
        let src = "_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1]))\n\
                   exec((_)(b'==gnDEKGAQw1Uh8zQF9KMrMKrwJe'))\n";
        let p = eval_last_call(src);
        let p = p.expect("decoded");
        assert_eq!(p.layers, vec!["reverse", "base64", "zlib"]);
        assert_eq!(p.bytes, b"print('hi')");
    }

    #[test]
    fn rot13_and_hex() {
        let p =
            eval_last_call("import codecs\nexec(codecs.decode('cevag(1)', 'rot13'))\n").unwrap();
        assert_eq!(p.bytes, b"print(1)");
        let p = eval_last_call("exec(bytes.fromhex('7072696e74283129').decode())\n").unwrap();
        assert_eq!(p.bytes, b"print(1)");
        assert_eq!(p.layers, vec!["hex"]);
    }

    #[test]
    fn fernet_with_a_literal_key() {
        let key = fernet::Fernet::generate_key();
        let token = fernet::Fernet::new(&key).unwrap().encrypt(b"print(1)");
        let src = format!(
            "from cryptography.fernet import Fernet\nexec(Fernet(b'{key}').decrypt(b'{token}'))\n"
        );
        let p = eval_last_call(&src).unwrap();
        assert_eq!(p.bytes, b"print(1)");
        assert_eq!(p.layers, vec!["fernet"]);
    }

    #[test]
    fn xor_with_a_literal_key() {
        // "print(1)" XOR 0x20 and XOR b"k"
        let p = eval_last_call("d = b'PRINT\\x08\\x11\\x09'\nexec(bytes([c ^ 0x20 for c in d]))\n")
            .unwrap();
        assert_eq!(p.bytes, b"print(1)");
        assert_eq!(p.layers, vec!["xor"]);
        let p = eval_last_call(
            "import itertools\nd = bytes.fromhex('1b1902051f435a42')\nexec(bytes(a ^ b for a, b in zip(d, itertools.cycle(b'k'))))\n",
        )
        .unwrap();
        assert_eq!(p.bytes, b"print(1)");
    }

    #[test]
    fn base85_round_trip() {
        assert_eq!(base85(b"Xk~0{Z)jx").unwrap(), b"hellohe");
        assert_eq!(ascii85(b"87cURD]i,\"Ebo7").unwrap(), b"Hello World");
    }
}
