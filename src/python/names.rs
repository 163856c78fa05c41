//! Name resolution: any spelling of a callee to one qualified name.
//!
//! `import base64 as b; b.b64decode`, `from os import system as s; s`,
//! `__import__('o' + 's').system`, `importlib.import_module('os').system`,
//! `getattr(os, 'sys' + 'tem')`, `e = exec; e`, `__builtins__.__dict__['exec']`
//! and `globals()['__builtins__'].exec` all resolve to the same names
//! (`os.system`, `builtins.exec`). Rules match on these names, never on the
//! spelling. The result of a call is named with `()`: `requests.get().text`.

use super::Syntax;
use super::fold;
use super::model::{Binding, Module, ScopeId};
use crate::python::tree::Node;

const MAX_DEPTH: usize = 24;

/// Builtins that a bare, unbound name refers to.
const BUILTINS: &[&str] = &[
    "exec",
    "eval",
    "compile",
    "__import__",
    "getattr",
    "setattr",
    "open",
    "globals",
    "locals",
    "vars",
    "bytes",
    "bytearray",
    "str",
    "chr",
    "ord",
    "map",
    "print",
    "input",
    "memoryview",
    "breakpoint",
    "__build_class__",
    "type",
    "dir",
    "hasattr",
    "delattr",
    "iter",
    "next",
    "list",
    "tuple",
    "dict",
    "int",
    "reversed",
    "sorted",
    "zip",
    "filter",
];

/// Resolves the expression `node`, seen from `scope`, to a qualified name.
pub fn resolve(m: &Module<'_>, node: Node<'_>, scope: ScopeId) -> Option<String> {
    resolve_at(m, node, scope, 0)
}

fn resolve_at(m: &Module<'_>, node: Node<'_>, scope: ScopeId, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    match node.kind_name() {
        "identifier" => resolve_name(m, m.text(node), node, scope, depth),
        "attribute" => {
            let object = node.field("object")?;
            let attr = m.text(node.field("attribute")?);
            let base = resolve_at(m, object, scope, depth + 1)?;
            Some(join(&base, attr))
        }
        "parenthesized_expression" => resolve_at(m, node.named_child(0)?, scope, depth + 1),
        "call" => {
            let func = node.field("function")?;
            let callee = resolve_at(m, func, scope, depth + 1)?;
            let args = node.field("arguments")?;
            let argv: Vec<Node<'_>> = args
                .named_children()
                .filter(|a| a.kind_name() != "comment")
                .collect();
            match callee.as_str() {
                "builtins.__import__" | "importlib.import_module" | "importlib.__import__" => {
                    let name = fold::fold_str(m, *argv.first()?)?;
                    Some(normalize(&name))
                }
                "builtins.getattr" if argv.len() >= 2 => {
                    let base = resolve_at(m, argv[0], scope, depth + 1)?;
                    let attr = fold::fold_str(m, argv[1])?;
                    Some(join(&base, &attr))
                }
                "builtins.globals" | "builtins.vars" | "builtins.locals" if argv.is_empty() => {
                    Some(format!("{callee}()"))
                }
                // `eval("os.system")`: a name spelled as a string (often
                // reversed or cut in pieces) is the object it names.
                "builtins.eval" if argv.len() == 1 => {
                    let name = fold::fold_str(m, argv[0])?;
                    let name = name.trim();
                    let dotted = name.len() <= 80
                        && name.split('.').all(|part| {
                            part.chars()
                                .next()
                                .is_some_and(|c| c.is_alphabetic() || c == '_')
                                && part.chars().all(|c| c.is_alphanumeric() || c == '_')
                        });
                    if !dotted {
                        return Some(format!("{callee}()"));
                    }
                    let (first, rest) = name.split_once('.').unwrap_or((name, ""));
                    let base = resolve_name(m, first, node, scope, depth + 1)?;
                    Some(if rest.is_empty() {
                        base
                    } else {
                        join(&base, rest)
                    })
                }
                "builtins.vars" if argv.len() == 1 => {
                    // vars(mod) is mod.__dict__
                    let base = resolve_at(m, argv[0], scope, depth + 1)?;
                    Some(join(&base, "__dict__"))
                }
                _ => Some(format!("{callee}()")),
            }
        }
        "subscript" => {
            let value = node.field("value")?;
            let key = fold::fold_str(m, node.field("subscript")?)?;
            let base = resolve_at(m, value, scope, depth + 1)?;
            if matches!(
                base.as_str(),
                "builtins.globals()" | "builtins.vars()" | "builtins.locals()"
            ) {
                return Some(if key == "__builtins__" {
                    "builtins".to_string()
                } else {
                    resolve_name(m, &key, node, scope, depth + 1)
                        .unwrap_or_else(|| format!("builtins.{key}"))
                });
            }
            if let Some(module) = base.strip_suffix(".__dict__") {
                return Some(join(module, &key));
            }
            if base == "builtins" {
                return Some(join(&base, &key));
            }
            None
        }
        _ => None,
    }
}

fn resolve_name(
    m: &Module<'_>,
    name: &str,
    at: Node<'_>,
    scope: ScopeId,
    depth: usize,
) -> Option<String> {
    if let Some((holder, bindings)) = m.lookup(name, scope) {
        // The last binding wins; what was put into a container does not
        // change what the name is.
        let chosen = bindings
            .iter()
            .rev()
            .find(|b| !matches!(b, Binding::Element(_)))?;
        return match chosen {
            Binding::Import { .. } => chosen.imported_name().map(|q| normalize(&q)),
            Binding::Value(v) => {
                if v.id() == at.id() || v.byte_range().contains(&at.start_byte()) {
                    return None;
                }
                resolve_at(m, *v, holder, depth + 1)
            }
            Binding::Def(_) | Binding::Param | Binding::Element(_) => None,
        };
    }
    match name {
        "__builtins__" | "builtins" => Some("builtins".to_string()),
        _ if BUILTINS.contains(&name) => Some(format!("builtins.{name}")),
        // Never bound in this file, so it arrives by `from helpers import *`
        // (or the file fails): a well-known module name is that module.
        _ if UNBOUND_MODULES.contains(&name) => Some(name.to_string()),
        _ => None,
    }
}

/// Modules whose names stand for themselves when a file uses them unbound.
const UNBOUND_MODULES: &[&str] = &[
    "requests",
    "subprocess",
    "os",
    "base64",
    "zlib",
    "marshal",
    "socket",
    "urllib",
    "httpx",
    "ctypes",
    "shutil",
    "platform",
    "getpass",
];

fn join(base: &str, attr: &str) -> String {
    normalize(&format!("{base}.{attr}"))
}

/// One spelling per module: Python 2 names and private aliases map to the
/// names rules use.
fn normalize(q: &str) -> String {
    for (from, to) in [
        ("__builtin__", "builtins"),
        ("__builtins__", "builtins"),
        ("builtins.__builtins__", "builtins"),
        ("urllib2", "urllib.request"),
        ("urllib.urlopen", "urllib.request.urlopen"),
        ("urllib.urlretrieve", "urllib.request.urlretrieve"),
        ("cPickle", "pickle"),
        ("_pickle", "pickle"),
        ("posix", "os"),
        ("nt", "os"),
        ("httplib", "http.client"),
        ("commands", "subprocess"),
        // A TLS-wrapped socket is still the socket.
        ("ssl.wrap_socket()", "socket.socket()"),
        (
            "ssl.create_default_context().wrap_socket()",
            "socket.socket()",
        ),
        ("ssl.SSLContext().wrap_socket()", "socket.socket()"),
        (
            "ssl._create_unverified_context().wrap_socket()",
            "socket.socket()",
        ),
    ] {
        if q == from {
            return to.to_string();
        }
        if let Some(rest) = q.strip_prefix(from)
            && rest.starts_with('.')
        {
            return format!("{to}{rest}");
        }
    }
    q.to_string()
}

/// Callees that run Python code given as data.
pub fn is_code_exec(q: &str) -> bool {
    matches!(q, "builtins.exec" | "builtins.eval" | "builtins.compile")
}

/// Callees that start a process or hand a command line to a shell.
pub fn is_spawn(q: &str) -> bool {
    matches!(
        q,
        "os.system"
            | "os.popen"
            | "os.startfile"
            | "os.execv"
            | "os.execve"
            | "os.execl"
            | "os.execle"
            | "os.execlp"
            | "os.execvp"
            | "os.execvpe"
            | "os.spawnv"
            | "os.spawnve"
            | "os.spawnl"
            | "os.spawnlp"
            | "os.spawnvp"
            | "os.posix_spawn"
            | "os.posix_spawnp"
            | "subprocess.Popen"
            | "subprocess.run"
            | "subprocess.call"
            | "subprocess.check_call"
            | "subprocess.check_output"
            | "subprocess.getoutput"
            | "subprocess.getstatusoutput"
            | "pty.spawn"
            | "asyncio.create_subprocess_shell"
            | "asyncio.create_subprocess_exec"
    )
}

/// The argument of a spawn call that says what runs: the whole command line
/// when it is a string (or `shell=True`), else the program (first element of
/// the argument list). `subprocess.run(["git", "clone", url])` runs git,
/// whatever the URL is.
pub fn spawned_command<'t>(call: &super::Call<'t>) -> Option<Node<'t>> {
    let first = call.arg(0)?;
    match first.kind_name() {
        "list" | "tuple" => first.named_child(0),
        _ => Some(first),
    }
}

/// If `call` runs code or a command, the argument that says what runs and
/// the sink's short name (`exec`, `os.system`). A new interpreter given code
/// with `-c` runs that code: `[sys.executable, "-c", code]` gives `code`.
pub fn run_sink<'a, 't>(
    m: &super::Module<'t>,
    call: &'a super::Call<'t>,
) -> Option<(Node<'t>, &'a str)> {
    let q = call.qname.as_deref()?;
    let arg = if is_code_exec(q) {
        call.arg(0)?
    } else if is_spawn(q) {
        if let Some(code) = python_c_code(m, call) {
            return Some((code, "python -c"));
        }
        spawned_command(call)?
    } else {
        return None;
    };
    Some((
        arg,
        q.trim_start_matches("builtins.").trim_end_matches("()"),
    ))
}

/// How a finding names a sink: `exec()`, `os.system()`, `python -c`.
pub fn sink_label(sink: &str) -> String {
    if sink.contains(' ') {
        sink.to_string()
    } else {
        format!("{sink}()")
    }
}

/// Whether a program name is a Python interpreter (`python`, `python3.11`,
/// `/usr/bin/python3`, `pythonw.exe`, the `py` launcher).
pub fn is_python_program(program: &str) -> bool {
    let base = program
        .trim()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(program)
        .to_ascii_lowercase();
    let base = base.strip_suffix(".exe").unwrap_or(&base);
    if base == "py" {
        return true;
    }
    let Some(rest) = base
        .strip_prefix("pythonw")
        .or_else(|| base.strip_prefix("python"))
    else {
        return false;
    };
    rest.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The code a spawn call hands a new Python interpreter with `-c`:
/// `subprocess.run([sys.executable, "-c", code])`, `Popen(["python3", "-u",
/// "-c", code])`, `os.execl(sys.executable, "python", "-c", code)`.
pub fn python_c_code<'t>(m: &super::Module<'t>, call: &super::Call<'t>) -> Option<Node<'t>> {
    let q = call.qname.as_deref()?;
    if !is_spawn(q) {
        return None;
    }
    let is_python = |n: Node<'_>| {
        resolve(m, n, call.scope)
            .is_some_and(|q| q == "sys.executable" || q == "sys._base_executable")
            || fold::fold_str(m, n).is_some_and(|s| is_python_program(&s))
    };
    // The argument vector: a list or tuple argument, or the arguments
    // themselves (os.execl and friends).
    let vectors: Vec<Vec<Node<'t>>> = {
        let mut v = Vec::new();
        for a in call.args.iter().take(2) {
            let list = match a.kind_name() {
                "list" | "tuple" => Some(*a),
                "identifier" => m
                    .value_at(*a)
                    .filter(|v| matches!(v.kind_name(), "list" | "tuple")),
                _ => None,
            };
            if let Some(list) = list {
                v.push(list.named_children().collect());
            }
        }
        if q.starts_with("os.exec") || q.starts_with("os.spawn") {
            v.push(call.args.clone());
        }
        v
    };
    for items in vectors {
        // the program, then options, then -c
        let Some(start) = items.iter().position(|n| is_python(*n)) else {
            continue;
        };
        for (i, item) in items.iter().enumerate().skip(start + 1) {
            match fold::fold_str(m, *item) {
                Some(s) if s == "-c" => return items.get(i + 1).copied(),
                Some(s) if s.starts_with('-') && s.len() <= 3 && s != "-m" => continue,
                // a second copy of the program name (os.execl's argv[0])
                Some(s) if is_python_program(&s) => continue,
                _ => break,
            }
        }
    }
    None
}

/// Whether `node` is a code template with a few names filled in
/// (`exec("def %s(self): ..." % name)`, `"...".format(...)`, an f-string):
/// the code is in the file for anyone to read, whatever fills the blanks.
pub fn is_code_template(m: &super::Module<'_>, node: Node<'_>) -> bool {
    const MIN_TEMPLATE: usize = 24;
    let literal_len = |n: Node<'_>| {
        matches!(n.kind_name(), "string" | "concatenated_string").then(|| n.byte_range().len())
    };
    match node.kind_name() {
        "binary_operator" => {
            node.field("left")
                .and_then(literal_len)
                .is_some_and(|l| l >= MIN_TEMPLATE)
                && node.field("operator").is_some_and(|o| o.kind_name() == "%")
        }
        "call" => {
            let Some(func) = node.field("function") else {
                return false;
            };
            func.kind_name() == "attribute"
                && func
                    .field("attribute")
                    .is_some_and(|a| m.text(a) == "format")
                && func
                    .field("object")
                    .and_then(literal_len)
                    .is_some_and(|l| l >= MIN_TEMPLATE)
        }
        "string" => {
            let text = m.text(node);
            text.len() >= MIN_TEMPLATE && text.contains('{') && {
                node.named_children()
                    .any(|p| p.kind_name() == "interpolation")
            }
        }
        _ => false,
    }
}

/// Callees whose result is data read from the network.
pub fn is_network_read(q: &str) -> bool {
    let q = q.trim_end_matches("()");
    const EXACT: &[&str] = &[
        "urllib.request.urlopen",
        "urllib3.request",
        "requests.get",
        "requests.post",
        "requests.put",
        "requests.patch",
        "requests.head",
        "requests.request",
        "httpx.get",
        "httpx.post",
        "httpx.request",
        "httpx.stream",
        "dns.resolver.resolve",
        "dns.resolver.query",
        "pycurl.Curl",
    ];
    if EXACT.contains(&q) {
        return true;
    }
    const METHOD_OF: &[(&str, &[&str])] = &[
        ("requests.Session()", &["get", "post", "request", "put"]),
        ("requests.session()", &["get", "post", "request", "put"]),
        ("httpx.Client()", &["get", "post", "request", "stream"]),
        ("httpx.AsyncClient()", &["get", "post", "request", "stream"]),
        ("urllib3.PoolManager()", &["request", "urlopen"]),
        ("urllib.request.build_opener()", &["open"]),
        (
            "socket.socket()",
            &["recv", "recvfrom", "recv_into", "makefile"],
        ),
        (
            "socket.create_connection()",
            &["recv", "recvfrom", "recv_into", "makefile"],
        ),
        ("http.client.HTTPConnection()", &["getresponse"]),
        ("http.client.HTTPSConnection()", &["getresponse"]),
        ("ftplib.FTP()", &["retrbinary", "retrlines"]),
        ("aiohttp.ClientSession()", &["get", "post", "request"]),
    ];
    METHOD_OF.iter().any(|(object, methods)| {
        q.strip_prefix(object)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|m| methods.contains(&m))
    })
}

/// Callees that send data out over the network (exfiltration channels).
pub fn is_network_send(q: &str) -> bool {
    let q = q.trim_end_matches("()");
    matches!(
        q,
        "requests.post"
            | "requests.put"
            | "requests.request"
            | "httpx.post"
            | "httpx.put"
            | "urllib.request.urlopen"
            | "urllib.request.Request"
            | "urllib3.request"
    ) || q.starts_with("smtplib.SMTP")
        || q.starts_with("smtplib.SMTP_SSL")
        || q.starts_with("ftplib.FTP")
        || q.ends_with(".sendall")
        || (q.starts_with("socket.") && q.ends_with(".send"))
        || q.starts_with("requests.Session().post")
        || q.starts_with("requests.session().post")
        || q.starts_with("urllib3.PoolManager().request")
        || q.starts_with("http.client.HTTPConnection().request")
        || q.starts_with("http.client.HTTPSConnection().request")
        || q.starts_with("aiohttp.ClientSession().post")
}

/// Callees that make any network connection (for install-time checks).
pub fn is_network(q: &str) -> bool {
    if is_network_read(q) || is_network_send(q) {
        return true;
    }
    let q = q.trim_end_matches("()");
    if matches!(
        q,
        "urllib.request.urlretrieve"
            | "socket.create_connection"
            | "socket.gethostbyname"
            | "socket.gethostbyname_ex"
            | "socket.getaddrinfo"
            | "wget.download"
            | "webbrowser.open"
            // a repository cloned from code (GitPython, dulwich)
            | "git.Repo.clone_from"
            | "git.repo.Repo.clone_from"
            | "git.Git().clone"
            | "git.cmd.Git().clone"
            | "dulwich.porcelain.clone"
    ) || (q.starts_with("socket.socket()")
        && (q.ends_with(".connect") || q.ends_with(".sendto")))
    {
        return true;
    }
    const HTTP_MODULES: &[&str] = &["requests", "httpx", "urllib3", "aiohttp", "http.client"];
    const VERBS: &[&str] = &[
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "request",
        "urlopen",
        "stream",
        "getresponse",
    ];
    let last = q.rsplit('.').next().unwrap_or(q);
    HTTP_MODULES
        .iter()
        .any(|m| q.starts_with(m) && q.as_bytes().get(m.len()) == Some(&b'.'))
        && VERBS.contains(&last)
}

/// The decoding layer a callee undoes, as reported in a finding's `chain`.
pub fn decoder(q: &str) -> Option<&'static str> {
    let q = q.trim_end_matches("()");
    Some(match q {
        "base64.b64decode"
        | "base64.standard_b64decode"
        | "base64.urlsafe_b64decode"
        | "base64.decodebytes"
        | "base64.decodestring"
        | "binascii.a2b_base64" => "base64",
        "base64.b32decode" | "base64.b32hexdecode" => "base32",
        "base64.b16decode"
        | "binascii.unhexlify"
        | "binascii.a2b_hex"
        | "bytes.fromhex"
        | "builtins.bytes.fromhex"
        | "builtins.bytearray.fromhex" => "hex",
        "base64.b85decode" | "base64.a85decode" => "base85",
        "zlib.decompress" => "zlib",
        "gzip.decompress" => "gzip",
        "bz2.decompress" => "bz2",
        "lzma.decompress" => "lzma",
        "marshal.loads" => "marshal",
        "codecs.decode" => "codecs",
        "cryptography.fernet.Fernet().decrypt" => "fernet",
        _ if q.ends_with("Fernet().decrypt") => "fernet",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::python::with_module;

    fn qnames(src: &str) -> Vec<String> {
        with_module(src, |m| {
            m.calls.iter().filter_map(|c| c.qname.clone()).collect()
        })
    }

    #[test]
    fn resolves_every_spelling_of_a_callee() {
        let q = qnames(
            "import base64 as b\nfrom os import system as s\nb.b64decode(x)\ns('x')\n\
             __import__('o'+'s').popen('x')\ngetattr(__import__('builtins'), 'ex'+'ec')('x')\n\
             e = exec\ne('x')\n__builtins__.__dict__['eval']('1')\n\
             globals()['__builtins__'].compile('1','','exec')\n\
             import urllib.request\nurllib.request.urlopen(u).read()\n",
        );
        for want in [
            "base64.b64decode",
            "os.system",
            "os.popen",
            "builtins.exec",
            "builtins.eval",
            "builtins.compile",
            "urllib.request.urlopen().read",
        ] {
            assert!(q.iter().any(|x| x == want), "{want} not in {q:?}");
        }
    }

    #[test]
    fn local_definitions_shadow_builtins() {
        let q = qnames("def exec(x):\n    pass\nexec('x')\n");
        assert!(!q.iter().any(|x| x == "builtins.exec"), "{q:?}");
    }
}
