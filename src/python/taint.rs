//! Where data comes from: a small, bounded, intra-file dataflow.
//!
//! `taint(expr)` answers "does this value derive from the network, from a
//! decoder, from a local file?" by walking the expression and, through
//! variables, the expressions assigned to them (any assignment in the visible
//! scopes), the bodies of lambdas and the `return`s of local functions. It
//! over-approximates on purpose: rules pair it with a sink (exec, spawn,
//! write-then-run) so a broad source alone never makes a finding.

use super::Syntax;
use super::model::{Binding, Module, ScopeId};
use super::names;
use crate::python::tree::Node;
use rustc_hash::FxHashSet;
use std::collections::HashSet;

const MAX_DEPTH: usize = 32;
const MAX_VISITS: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Taint {
    /// Read from an HTTP response, a download or a DNS answer.
    Network,
    /// Read from a raw socket (`recv`): C2 protocols, but also the pickled
    /// messages distributed frameworks exchange between their own processes.
    Socket,
    /// The output of a decoder (base64, zlib, marshal, ...).
    Decoded,
    /// Read from a local file.
    FileRead,
    /// A function parameter: whatever the caller passes.
    Param,
    /// Who and where the host is: host name, user name, working directory,
    /// the whole environment (what beacons and dependency-confusion probes send).
    HostInfo,
    /// The whole process environment: every secret in it.
    Environment,
}

/// The sources an expression derives from, with the decoders on the way.
#[derive(Debug, Clone, Default)]
pub struct TaintSet {
    pub sources: HashSet<Taint>,
    /// Decoding layers in the order they were found (outermost first).
    pub chain: Vec<&'static str>,
}

impl TaintSet {
    /// The decoding layers in the order they are undone (innermost first),
    /// as a finding's `chain` lists them.
    pub fn layers(&self) -> Vec<&'static str> {
        self.chain.iter().rev().copied().collect()
    }

    pub fn has(&self, t: Taint) -> bool {
        self.sources.contains(&t)
    }

    fn add_decoder(&mut self, d: &'static str) {
        self.sources.insert(Taint::Decoded);
        if !self.chain.contains(&d) {
            self.chain.push(d);
        }
    }

    fn merge(&mut self, other: TaintSet) {
        self.sources.extend(other.sources);
        for d in other.chain {
            if !self.chain.contains(&d) {
                self.chain.push(d);
            }
        }
    }
}

/// The sources `node` (seen from `scope`) derives from.
pub fn taint(m: &Module<'_>, node: Node<'_>, scope: ScopeId) -> TaintSet {
    let mut walk = Walk {
        m,
        seen: FxHashSet::default(),
        visits: 0,
        hops: 0,
    };
    walk.expr(node, scope, 0)
}

struct Walk<'a, 't> {
    m: &'a Module<'t>,
    seen: FxHashSet<usize>,
    visits: usize,
    /// Parameters followed back to their callers so far on this path.
    hops: usize,
}

/// How many function boundaries a value is followed across: a decoded value
/// that reaches `exec` two helpers away is found, without every argument of
/// every call chain in a large module looking tainted.
const MAX_HOPS: usize = 2;

impl Walk<'_, '_> {
    fn expr(&mut self, node: Node<'_>, scope: ScopeId, depth: usize) -> TaintSet {
        let mut out = TaintSet::default();
        self.visits += 1;
        if depth > MAX_DEPTH || self.visits > MAX_VISITS {
            return out;
        }
        match node.kind_name() {
            "string" | "concatenated_string" => {
                // f-string fields carry data in.
                for child in node.named_children() {
                    if child.kind_name() == "interpolation" || child.kind_name() == "string" {
                        out.merge(self.children(child, scope, depth));
                    }
                }
            }
            "integer" | "float" | "true" | "false" | "none" | "comment" => {}
            "generator_expression" | "list_comprehension" => {
                // [b ^ k for b in data]: an XOR layer
                out.merge(self.children(node, scope, depth));
                let body = node.field("body");
                if body.is_some_and(|b| {
                    b.kind_name() == "binary_operator"
                        && b.field("operator").is_some_and(|o| o.kind_name() == "^")
                        || (b.kind_name() == "call" && self.m.text(b).contains('^'))
                }) {
                    out.add_decoder("xor");
                }
            }
            "subscript" => {
                // `blob[::-1]` is a layer of its own (reversal)
                let reversed = node
                    .field("subscript")
                    .is_some_and(|s| self.m.text(s).replace(' ', "") == "::-1");
                // A key that picks from a table written in the file selects
                // one of its values; it does not put its own data in them.
                let value = node.field("value");
                let table = value.is_some_and(|v| {
                    let v = match v.kind_name() {
                        "identifier" => self.m.value_at(v).unwrap_or(v),
                        _ => v,
                    };
                    matches!(v.kind_name(), "dictionary" | "list" | "tuple")
                });
                match value {
                    Some(value) if table => out.merge(self.expr(value, scope, depth + 1)),
                    _ => out.merge(self.children(node, scope, depth)),
                }
                if reversed && !out.chain.contains(&"reverse") {
                    out.chain.insert(0, "reverse");
                }
            }
            "identifier" => out.merge(self.name(node, scope, depth)),
            "call" => out.merge(self.call(node, scope, depth)),
            "lambda" => {
                if let Some(body) = node.field("body") {
                    let inner = self.m.scope_at(body);
                    out.merge(self.expr(body, inner, depth + 1));
                }
            }
            "attribute" => {
                let m = self.m;
                if is_chat_message_text(m, node) {
                    // What a chat bot is told: a command channel when it
                    // reaches a shell (Telegram/Discord remote-control RATs).
                    out.sources.insert(Taint::Socket);
                }
                if let Some(q) = names::resolve(m, node, scope) {
                    classify(&q, &mut out);
                    if q == "os.environ" && whole_environment(m, node) {
                        out.sources.insert(Taint::HostInfo);
                        if !is_identity_lookup(m, node) {
                            out.sources.insert(Taint::Environment);
                        }
                    }
                }
                if let Some(object) = node.field("object") {
                    out.merge(self.expr(object, scope, depth + 1));
                }
            }
            _ => out.merge(self.children(node, scope, depth)),
        }
        out
    }

    fn children(&mut self, node: Node<'_>, scope: ScopeId, depth: usize) -> TaintSet {
        let mut out = TaintSet::default();
        for child in node.named_children() {
            out.merge(self.expr(child, scope, depth + 1));
        }
        out
    }

    fn call(&mut self, node: Node<'_>, scope: ScopeId, depth: usize) -> TaintSet {
        let m = self.m;
        let mut out = TaintSet::default();
        let func = node.field("function");
        if let Some(func) = func {
            let resolved = names::resolve(m, func, scope);
            if resolved.is_none() && func.kind_name() == "attribute" {
                // `conn.recv(n)` on a socket passed in as a parameter; not
                // `self.connection`/`self.request` of a socketserver handler,
                // which is what a client sends to a server this process runs
                // (logging.config.listen, debuggers, test servers).
                let server_side = |text: &str| matches!(text, "self.connection" | "self.request");
                let receiver = func.field("object");
                let inbound = receiver.is_some_and(|r| {
                    server_side(m.text(r))
                        || (r.kind_name() == "identifier"
                            && m.lookup(m.text(r), scope).is_some_and(|(_, bindings)| {
                                bindings.iter().any(
                                    |b| matches!(b, Binding::Value(v) if server_side(m.text(*v))),
                                )
                            }))
                });
                if func
                    .field("attribute")
                    .is_some_and(|a| matches!(m.text(a), "recv" | "recvfrom" | "recv_into"))
                    && !inbound
                {
                    out.sources.insert(Taint::Socket);
                }
            }
            if let Some(q) = resolved {
                if q == "codecs.decode" && !is_transform_codec(m, node) {
                    // codecs.decode(data, "utf-8") is text decoding, not hiding
                    return self.args_of(node, scope, depth);
                }
                if is_barrier(&q) {
                    // The result is new data (a digest, a length, a fresh
                    // serialisation), not the input passed through.
                    return out;
                }
                if q == "json.loads" || q == "json.load" {
                    // Parsed JSON is data: a decoded configuration does not
                    // make the commands built from it a payload. What came
                    // from the network still did.
                    let mut inner = self.args_of(node, scope, depth);
                    inner.sources.remove(&Taint::Decoded);
                    inner.chain.clear();
                    return inner;
                }
                classify(&q, &mut out);
                if names::is_spawn(&q) && runs_recon_command(m, node) {
                    // `os.popen("whoami").read()`: the output names the host
                    // or the user like `getpass.getuser()` does.
                    out.sources.insert(Taint::HostInfo);
                }
                if (q == "os.getenv" || q == "os.environ.get")
                    && node
                        .field("arguments")
                        .and_then(|a| a.named_child(0))
                        .is_some_and(|k| is_identity_variable(m, k))
                {
                    out.sources.insert(Taint::HostInfo);
                }
            }
            match func.kind_name() {
                // A method's receiver flows into its result (`data.decode()`).
                "attribute" => {
                    if let Some(object) = func.field("object") {
                        out.merge(self.expr(object, scope, depth + 1));
                    }
                    // A method of a class in this file: what it returns.
                    if let Some(def) = super::paths::local_callee(m, func)
                        && self.seen.insert(def.id())
                    {
                        let inner = m.scope_at(def.field("body").unwrap_or(def));
                        for ret in returns(def) {
                            out.merge(self.expr(ret, inner, depth + 1));
                        }
                    }
                }
                // A local lambda or function: what it returns.
                "identifier" | "parenthesized_expression" => {
                    out.merge(self.local_function(func, scope, depth))
                }
                _ => {}
            }
        }
        if let Some(args) = node.field("arguments") {
            // `env=` hands a child process its environment: it configures
            // the call, it does not flow into what the call returns.
            for arg in args.named_children() {
                let is_env = arg.kind_name() == "keyword_argument"
                    && arg.field("name").is_some_and(|n| m.text(n) == "env");
                if !is_env {
                    out.merge(self.expr(arg, scope, depth + 1));
                }
            }
        }
        out
    }

    fn args_of(&mut self, call: Node<'_>, scope: ScopeId, depth: usize) -> TaintSet {
        match call.field("arguments") {
            Some(args) => self.children(args, scope, depth),
            None => TaintSet::default(),
        }
    }

    /// What the callers in this file pass for parameter `name` of the
    /// function whose scope is `function`: a decoded value handed to a helper
    /// that execs it is still decoded data at the exec.
    fn arguments_for(&mut self, name: &str, function: ScopeId, depth: usize) -> TaintSet {
        let m = self.m;
        let mut out = TaintSet::default();
        let scope = &m.scopes[function];
        if scope.kind != super::model::ScopeKind::Function
            || scope.name.is_empty()
            || self.hops >= MAX_HOPS
        {
            return out;
        }
        // Each function's parameters are followed once per query.
        if !self.seen.insert(scope.node.id() ^ 0x5eed_0000) {
            return out;
        }
        let Some(params) = scope.node.field("parameters") else {
            return out;
        };
        let names = m.param_names(params);
        let Some(index) = names.iter().position(|n| *n == name) else {
            return out;
        };
        let method = names.first().is_some_and(|n| *n == "self" || *n == "cls");
        for call in &m.calls {
            if call.callee_name(m) != Some(scope.name.as_str()) {
                continue;
            }
            if let Some(arg) = call.argument_for(name, index, method) {
                self.hops += 1;
                out.merge(self.expr(arg, call.scope, depth + 1));
                self.hops -= 1;
            }
        }
        out
    }

    fn local_function(&mut self, func: Node<'_>, scope: ScopeId, depth: usize) -> TaintSet {
        let m = self.m;
        let mut out = TaintSet::default();
        let ident = if func.kind_name() == "parenthesized_expression" {
            match func.named_child(0) {
                Some(n) if n.kind_name() == "identifier" => n,
                _ => return out,
            }
        } else {
            func
        };
        let Some((_, bindings)) = m.lookup(m.text(ident), scope) else {
            return out;
        };
        for b in bindings {
            match b {
                Binding::Value(v) if v.kind_name() == "lambda" && self.seen.insert(v.id()) => {
                    out.merge(self.expr(v, scope, depth + 1));
                }
                Binding::Def(def) if def.kind_name() == "function_definition" => {
                    if !self.seen.insert(def.id()) {
                        continue;
                    }
                    let inner = m.scope_at(def.field("body").unwrap_or(def));
                    for ret in returns(def) {
                        out.merge(self.expr(ret, inner, depth + 1));
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn name(&mut self, node: Node<'_>, scope: ScopeId, depth: usize) -> TaintSet {
        let m = self.m;
        let mut out = TaintSet::default();
        let Some((holder, bindings)) = m.lookup(m.text(node), scope) else {
            return out;
        };
        for b in bindings {
            match b {
                Binding::Value(v) | Binding::Element(v) => {
                    if v.byte_range().contains(&node.start_byte()) || !self.seen.insert(v.id()) {
                        continue;
                    }
                    out.merge(self.expr(v, holder, depth + 1));
                }
                Binding::Param => {
                    out.sources.insert(Taint::Param);
                    out.merge(self.arguments_for(m.text(node), holder, depth));
                }
                _ => {}
            }
        }
        out
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
        if out.len() > 64 {
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

/// `codecs.decode(x, codec)` with a codec that transforms bytes (ROT13,
/// base64, hex, zlib, bz2, uu) rather than decoding text.
fn is_transform_codec(m: &Module<'_>, call: Node<'_>) -> bool {
    let Some(args) = call.field("arguments") else {
        return false;
    };
    let codec = args.named_child(1).or_else(|| {
        args.named_children()
            .find(|a| a.kind_name() == "keyword_argument")
            .and_then(|k| k.field("value"))
    });
    let Some(codec) = codec else { return false };
    match super::fold::fold_str(m, codec) {
        Some(name) => {
            let n = name.to_ascii_lowercase().replace(['-', '_'], "");
            matches!(
                n.as_str(),
                "rot13"
                    | "base64"
                    | "hex"
                    | "zlib"
                    | "bz2"
                    | "uu"
                    | "hexcodec"
                    | "base64codec"
                    | "zlibcodec"
                    | "bz2codec"
                    | "uucodec"
            )
        }
        // A codec that is not a constant is itself a way to hide.
        None => true,
    }
}

/// Environment variables that name the host or the user.
fn is_identity_variable(m: &Module<'_>, key: Node<'_>) -> bool {
    super::fold::fold_str(m, key).is_some_and(|k| {
        matches!(
            k.to_ascii_uppercase().as_str(),
            "USER"
                | "USERNAME"
                | "LOGNAME"
                | "COMPUTERNAME"
                | "HOSTNAME"
                | "USERDOMAIN"
                | "HOME"
                | "USERPROFILE"
        )
    })
}

/// `os.environ` used whole (`dict(os.environ)`, `str(os.environ)`), or
/// indexed by a variable that names the host or the user.
fn whole_environment(m: &Module<'_>, environ: Node<'_>) -> bool {
    let Some(parent) = environ.parent() else {
        return true;
    };
    match parent.kind_name() {
        "subscript" => parent
            .field("subscript")
            .is_some_and(|k| is_identity_variable(m, k)),
        // os.environ.get(...) is judged at the call; os.environ.items() is whole
        "attribute" => parent
            .field("attribute")
            .is_some_and(|a| matches!(m.text(a), "items" | "copy" | "keys" | "values")),
        _ => true,
    }
}

/// `os.environ['USER']`: one identity variable, not the whole environment.
fn is_identity_lookup(m: &Module<'_>, environ: Node<'_>) -> bool {
    environ
        .parent()
        .filter(|p| p.kind_name() == "subscript")
        .and_then(|p| p.field("subscript"))
        .is_some_and(|k| is_identity_variable(m, k))
}

/// Calls whose result does not carry their input's origin.
fn is_barrier(q: &str) -> bool {
    matches!(
        q,
        "pickle.dumps"
            | "dill.dumps"
            | "marshal.dumps"
            | "builtins.len"
            | "builtins.isinstance"
            | "builtins.hasattr"
            | "builtins.type"
            | "builtins.id"
            | "builtins.bool"
            | "builtins.int"
            | "builtins.float"
            | "builtins.print"
    ) || q.starts_with("hashlib.")
}

fn classify(q: &str, out: &mut TaintSet) {
    if let Some(d) = names::decoder(q) {
        out.add_decoder(d);
    }
    if names::is_network_read(q) {
        out.sources.insert(if q.starts_with("socket.") {
            Taint::Socket
        } else {
            Taint::Network
        });
    }
    let base = q.trim_end_matches("()");
    // What a web request carries into a Flask/Bottle/Quart handler: input
    // from whoever can reach the port, like a socket's.
    if ["flask.request.", "bottle.request.", "quart.request."]
        .iter()
        .any(|p| base.starts_with(p))
    {
        out.sources.insert(Taint::Socket);
    }
    if matches!(
        base,
        "socket.gethostname"
            | "socket.getfqdn"
            | "platform.node"
            | "platform.uname"
            | "os.uname"
            | "getpass.getuser"
            | "os.getlogin"
            | "os.getcwd"
            | "uuid.getnode"
            | "pwd.getpwuid"
    ) {
        out.sources.insert(Taint::HostInfo);
    }
    if matches!(
        base,
        "builtins.open().read"
            | "io.open().read"
            | "codecs.open().read"
            | "pathlib.Path().read_text"
            | "pathlib.Path().read_bytes"
    ) {
        out.sources.insert(Taint::FileRead);
    }
}

/// A spawn whose command is a host or user reconnaissance tool
/// (`whoami`, `hostname`, `id`, `uname -a`, `ipconfig /all`, `systeminfo`).
fn runs_recon_command(m: &Module<'_>, call: Node<'_>) -> bool {
    let Some(first) = call.field("arguments").and_then(|a| a.named_child(0)) else {
        return false;
    };
    let cmd = super::fold::template(m, first).to_ascii_lowercase();
    let word = cmd
        .trim_start_matches(['[', '(', ' ', '\'', '"'])
        .split(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | ',' | ']'))
        .next()
        .unwrap_or("");
    let tool = word.rsplit(['/', '\\']).next().unwrap_or(word);
    matches!(
        tool.trim_end_matches(".exe"),
        "whoami" | "hostname" | "id" | "uname" | "ipconfig" | "ifconfig" | "systeminfo"
    )
}

/// `message.text`, `message.content`, `event.raw_text` in a file that drives
/// a chat bot (telebot, python-telegram-bot, aiogram, telethon, pyrogram,
/// discord.py): text sent by whoever talks to the bot.
fn is_chat_message_text(m: &Module<'_>, node: Node<'_>) -> bool {
    let Some(attr) = node.field("attribute") else {
        return false;
    };
    let Some(object) = node.field("object") else {
        return false;
    };
    let handler_argument = is_decorated_handler_parameter(m, object);
    let object = m.text(object);
    let last = object.rsplit('.').next().unwrap_or(object);
    matches!(m.text(attr), "text" | "content" | "raw_text" | "caption")
        && (handler_argument || matches!(last, "message" | "msg" | "event" | "update"))
        && [
            "telebot", "telegram", "aiogram", "telethon", "pyrogram", "discord",
        ]
        .iter()
        .any(|lib| m.imports(lib))
}

/// `object` is a plain name bound as a parameter of a decorated function:
/// bot frameworks hand the incoming message to the functions their
/// decorators register, whatever the parameter is called.
fn is_decorated_handler_parameter(m: &Module<'_>, object: Node<'_>) -> bool {
    if object.kind_name() != "identifier" {
        return false;
    }
    let name = m.text(object);
    let mut at = object.parent();
    while let Some(n) = at {
        if n.kind_name() == "function_definition" {
            let decorated = n
                .parent()
                .is_some_and(|p| p.kind_name() == "decorated_definition");
            let Some(params) = n.field("parameters") else {
                return false;
            };
            return decorated && m.param_names(params).contains(&name);
        }
        at = n.parent();
    }
    false
}
