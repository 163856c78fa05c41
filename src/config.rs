//! Settings from `hiss.toml` (or `.hiss.toml`), or `[tool.hiss]` in
//! `pyproject.toml`: found from the scanned folder upward, as ruff finds its
//! own, or given with `--config`.
//!
//! ```toml
//! fail-on = "medium"
//! exclude = ["tests/fixtures/**"]
//! disable = ["HS214"]
//! signatures = ["security/yara"]
//!
//! [severity]
//! HS238 = "low"
//!
//! [limits]
//! file-timeout = 60
//!
//! [[allow]]
//! rule = "HS101"
//! path = "vendor/legacy/**"
//! reason = "reviewed 2026-11: the decoded payload is a licence check"
//! expires = 2027-06-30
//! ```
//!
//! Suppression lives here, in the user's own file, and nowhere else: no
//! comment in a scanned file is honoured, because malware would write them.
//! Unknown keys and bad values are errors naming the file and line, never
//! ignored: a typo in an allowlist must not silently allow nothing, or
//! everything.

use crate::report::{Finding, Severity};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// File names searched in each folder, in order, before `pyproject.toml`.
pub const FILE_NAMES: [&str; 2] = ["hiss.toml", ".hiss.toml"];

/// The settings as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// Exit with 1 from this severity up (`never`: exit 1 never).
    pub fail_on: Option<Spanned<String>>,
    /// Only files matching one of these globs are scanned (default: all).
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Files and folders matching these globs are not scanned.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Rules and signatures whose findings are dropped.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// Extra YARA-X rule folders (like `--rules`).
    #[serde(default)]
    pub signatures: Vec<PathBuf>,
    /// A severity per rule id.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub limits: Limits,
    /// Findings reviewed and accepted.
    #[serde(default)]
    pub allow: Vec<Spanned<AllowEntry>>,
}

/// The per-file and per-archive budgets (the `--max-*` and `--file-timeout`
/// flags); a flag given on the command line wins.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Limits {
    pub file_timeout: Option<f64>,
    pub max_file_size: Option<u64>,
    pub max_member_size: Option<u64>,
    pub max_archive_size: Option<u64>,
    pub max_members: Option<usize>,
    pub max_ratio: Option<u64>,
    pub max_depth: Option<usize>,
    pub max_decoded_size: Option<usize>,
    pub max_parse_memory: Option<usize>,
}

/// One accepted finding, or family of findings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AllowEntry {
    /// The rule or signature id.
    pub rule: Spanned<String>,
    /// A glob over the path, relative to the folder of the settings file.
    pub path: Option<Spanned<String>>,
    /// SHA-256 of the file (or archive member) the finding is in, or of its
    /// snippet.
    pub sha256: Option<Spanned<String>>,
    /// Why it is accepted: required, so that the next reviewer knows.
    pub reason: String,
    /// After this day the entry suppresses nothing and is reported.
    pub expires: Option<Spanned<toml::value::Datetime>>,
}

/// A settings file that cannot be used: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Settings read and checked, ready to apply.
#[derive(Debug, Default)]
pub struct Config {
    /// The file they came from (`None`: no file, the defaults).
    pub file: Option<PathBuf>,
    /// Relative paths in the file are relative to this folder.
    pub root: PathBuf,
    /// The working folder paths given on the command line start from.
    cwd: PathBuf,
    /// The day allowlist expiry is judged on (year, month, day).
    pub today: (u16, u8, u8),
    pub fail_on: Option<Option<Severity>>,
    pub limits: Limits,
    pub signatures: Vec<PathBuf>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    disable: Vec<String>,
    severity: BTreeMap<String, Severity>,
    allow: Vec<Allow>,
    /// Rule ids the file names, with their lines, to check once the
    /// signatures are loaded.
    named_rules: Vec<(String, usize)>,
}

#[derive(Debug)]
struct Allow {
    line: usize,
    rule: String,
    path: Option<globset::GlobMatcher>,
    sha256: Option<String>,
    expires: Option<(u16, u8, u8)>,
}

impl Config {
    /// The settings for a scan of `paths`: `explicit` when given, else the
    /// first settings file found from the first path's folder upward.
    pub fn discover(explicit: Option<&Path>, paths: &[PathBuf]) -> Result<Config, ConfigError> {
        if let Some(file) = explicit {
            return Config::load(file);
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        let start = paths.first().map_or(cwd.clone(), |p| absolute(&cwd, p));
        let mut dir = if start.is_dir() {
            Some(start.as_path())
        } else {
            start.parent()
        };
        while let Some(d) = dir {
            for name in FILE_NAMES {
                let candidate = d.join(name);
                if candidate.is_file() {
                    return Config::load(&candidate);
                }
            }
            let pyproject = d.join("pyproject.toml");
            if pyproject.is_file() && mentions_hiss(&pyproject) {
                return Config::load(&pyproject);
            }
            dir = d.parent();
        }
        Ok(Config {
            root: cwd.clone(),
            cwd,
            today: today(),
            ..Config::default()
        })
    }

    /// Reads one settings file (`pyproject.toml`: its `[tool.hiss]` table).
    pub fn load(file: &Path) -> Result<Config, ConfigError> {
        let error = |line: Option<usize>, message: String| ConfigError {
            path: file.to_path_buf(),
            line,
            message,
        };
        let text =
            std::fs::read_to_string(file).map_err(|e| error(None, format!("cannot read: {e}")))?;
        let pyproject = file.file_name().is_some_and(|n| n == "pyproject.toml");
        let root = file
            .parent()
            .map(|p| absolute(&std::env::current_dir().unwrap_or_default(), p))
            .unwrap_or_default();
        let mut config = Config::parse(&text, pyproject, root)
            .map_err(|(line, message)| error(line, message))?;
        config.file = Some(file.to_path_buf());
        Ok(config)
    }

    /// Parses settings text; errors carry the 1-based line when known.
    pub fn parse(
        text: &str,
        pyproject: bool,
        root: PathBuf,
    ) -> Result<Config, (Option<usize>, String)> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let from_toml = |e: toml::de::Error| {
            (
                e.span().map(|s| line_of(s.start)),
                e.message().trim().to_string(),
            )
        };
        let settings: Settings = if pyproject {
            #[derive(Deserialize)]
            struct Pyproject {
                tool: Option<Tool>,
            }
            #[derive(Deserialize)]
            struct Tool {
                hiss: Option<Settings>,
            }
            let p: Pyproject = toml::from_str(text).map_err(from_toml)?;
            p.tool.and_then(|t| t.hiss).unwrap_or_default()
        } else {
            toml::from_str(text).map_err(from_toml)?
        };
        let at = |span: std::ops::Range<usize>| Some(line_of(span.start));

        let mut config = Config {
            root,
            cwd: std::env::current_dir().unwrap_or_default(),
            today: today(),
            limits: settings.limits,
            ..Config::default()
        };
        if let Some(f) = &settings.fail_on {
            config.fail_on = Some(match f.get_ref().as_str() {
                "never" => None,
                s => Some(severity(s).ok_or_else(|| {
                    (
                        at(f.span()),
                        format!("fail-on: `{s}` is not critical, high, medium, low or never"),
                    )
                })?),
            });
        }
        if let Some(t) = config.limits.file_timeout
            && !(t.is_finite() && (0.0..=1e9).contains(&t))
        {
            return Err((
                None,
                format!("limits.file-timeout: {t} is not a number of seconds from 0 to 1e9"),
            ));
        }
        config.signatures = settings
            .signatures
            .iter()
            .map(|p| config.root.join(p))
            .collect();
        config.include = glob_set(&settings.include, "include", &at)?;
        config.exclude = glob_set(&settings.exclude, "exclude", &at)?;
        for d in &settings.disable {
            config
                .named_rules
                .push((d.get_ref().clone(), line_of(d.span().start)));
            config.disable.push(d.get_ref().clone());
        }
        for (rule, level) in &settings.severity {
            let s = severity(level.get_ref()).ok_or_else(|| {
                (
                    at(level.span()),
                    format!(
                        "severity.{}: `{}` is not critical, high, medium, low or info",
                        rule.get_ref(),
                        level.get_ref()
                    ),
                )
            })?;
            config
                .named_rules
                .push((rule.get_ref().clone(), line_of(rule.span().start)));
            config.severity.insert(rule.get_ref().clone(), s);
        }
        for entry in &settings.allow {
            let line = line_of(entry.span().start);
            let e = entry.get_ref();
            if e.path.is_none() && e.sha256.is_none() {
                return Err((
                    Some(line),
                    format!(
                        "allow: an entry for {} needs `path` or `sha256` (to drop a rule everywhere, `disable` it)",
                        e.rule.get_ref()
                    ),
                ));
            }
            if e.reason.trim().is_empty() {
                return Err((Some(line), "allow: `reason` is empty".to_string()));
            }
            let path = match &e.path {
                Some(p) => Some(
                    glob(p.get_ref())
                        .map_err(|m| (at(p.span()), format!("allow: path: {m}")))?
                        .compile_matcher(),
                ),
                None => None,
            };
            let sha256 = match &e.sha256 {
                Some(h) => {
                    let h = h.get_ref().trim().to_ascii_lowercase();
                    if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Err((
                            at(e.sha256.as_ref().unwrap().span()),
                            "allow: sha256 is not 64 hex digits".to_string(),
                        ));
                    }
                    Some(h)
                }
                None => None,
            };
            let expires = match &e.expires {
                Some(d) => match (d.get_ref().date, d.get_ref().time) {
                    (Some(date), None) => Some((date.year, date.month, date.day)),
                    _ => {
                        return Err((
                            at(d.span()),
                            "allow: expires is a date, written 2027-06-30".to_string(),
                        ));
                    }
                },
                None => None,
            };
            config
                .named_rules
                .push((e.rule.get_ref().clone(), line_of(e.rule.span().start)));
            config.allow.push(Allow {
                line,
                rule: e.rule.get_ref().clone(),
                path,
                sha256,
                expires,
            });
        }
        Ok(config)
    }

    /// Errors for rule ids the file names that no rule or signature has.
    pub fn unknown_rules(&self, known: &dyn Fn(&str) -> bool) -> Vec<ConfigError> {
        let Some(file) = &self.file else {
            return Vec::new();
        };
        self.named_rules
            .iter()
            .filter(|(id, _)| !known(id))
            .map(|(id, line)| ConfigError {
                path: file.clone(),
                line: Some(*line),
                message: format!("`{id}` is not a rule or signature id (see `hiss rules`)"),
            })
            .collect()
    }

    /// Whether a file reached as `display` is scanned at all.
    pub fn admits(&self, display: &str) -> bool {
        let rel = self.relative(display);
        if let Some(include) = &self.include
            && !matches_path(include, &rel)
        {
            return false;
        }
        !self
            .exclude
            .as_ref()
            .is_some_and(|ex| matches_path(ex, &rel))
    }

    /// Whether a folder is pruned from the walk.
    pub fn prunes(&self, display: &str) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|ex| ex.is_match(self.relative(display)))
    }

    /// Applies `disable`, the allowlist and severity overrides to one
    /// finding: `false` when it is suppressed.
    pub fn keep(&self, f: &mut Finding) -> bool {
        if self.disable.contains(&f.rule)
            || self
                .allow
                .iter()
                .any(|a| a.expires.is_none_or(|e| e >= self.today) && self.allows(a, f))
        {
            return false;
        }
        if let Some(s) = self.severity.get(&f.rule) {
            f.severity = *s;
        }
        true
    }

    /// Allowlist entries past their date: errors of the settings file.
    pub fn expired(&self) -> Vec<ConfigError> {
        let Some(file) = &self.file else {
            return Vec::new();
        };
        self.allow
            .iter()
            .filter_map(|a| {
                let (y, m, d) = a.expires.filter(|e| *e < self.today)?;
                Some(ConfigError {
                    path: file.clone(),
                    line: Some(a.line),
                    message: format!(
                        "the allowlist entry for {} expired on {y:04}-{m:02}-{d:02}: it suppresses nothing until it is renewed or removed",
                        a.rule
                    ),
                })
            })
            .collect()
    }

    fn allows(&self, a: &Allow, f: &Finding) -> bool {
        if a.rule != f.rule {
            return false;
        }
        if let Some(path) = &a.path
            && !path.is_match(self.relative(&f.path).replace("!/", "/"))
        {
            return false;
        }
        if let Some(hash) = &a.sha256 {
            use sha2::{Digest, Sha256};
            let snippet = hex::encode(Sha256::digest(f.snippet.as_bytes()));
            if *hash != f.sha256 && *hash != snippet {
                return false;
            }
        }
        true
    }

    /// `display` relative to the settings' folder when inside it.
    fn relative(&self, display: &str) -> String {
        relative_to(&self.root, &self.cwd, display)
    }
}

/// `display` (a path as reached from an argument given in `cwd`, maybe with
/// archive members after `!/`) relative to `root` when inside it, else as
/// given.
pub fn relative_to(root: &Path, cwd: &Path, display: &str) -> String {
    let (fs, member) = match display.split_once("!/") {
        Some((fs, m)) => (fs, Some(m)),
        None => (display, None),
    };
    let abs = absolute(cwd, Path::new(fs));
    let rel = abs
        .strip_prefix(root)
        .map(|r| r.to_string_lossy().into_owned())
        .unwrap_or_else(|_| fs.to_string());
    match member {
        Some(m) => format!("{rel}!/{m}"),
        None => rel,
    }
}

/// Whether `pyproject` has a `[tool.hiss]` table (a cheap look before a parse).
fn mentions_hiss(pyproject: &Path) -> bool {
    std::fs::read_to_string(pyproject).is_ok_and(|t| {
        t.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("[tool.hiss]")
                || l.starts_with("[tool.hiss.")
                || l.starts_with("[[tool.hiss.")
        })
    })
}

fn severity(s: &str) -> Option<Severity> {
    Severity::ALL.into_iter().find(|v| v.as_str() == s)
}

/// A glob as gitignore reads one: `*` stays within a folder, a pattern
/// without `/` matches a name at any depth, and a folder's pattern covers
/// what is under it.
fn glob(pattern: &str) -> Result<Glob, String> {
    let p = pattern.trim_start_matches("./");
    let p = if p.contains('/') {
        p.trim_start_matches('/').to_string()
    } else {
        format!("**/{p}")
    };
    GlobBuilder::new(p.trim_end_matches('/'))
        .literal_separator(true)
        .build()
        .map_err(|e| format!("`{pattern}` is not a glob: {}", e.kind()))
}

fn glob_set(
    patterns: &[Spanned<String>],
    key: &str,
    at: &dyn Fn(std::ops::Range<usize>) -> Option<usize>,
) -> Result<Option<GlobSet>, (Option<usize>, String)> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = GlobSetBuilder::new();
    for p in patterns {
        let g = glob(p.get_ref()).map_err(|m| (at(p.span()), format!("{key}: {m}")))?;
        set.add(g);
    }
    set.build()
        .map(Some)
        .map_err(|e| (None, format!("{key}: {e}")))
}

/// A path or any folder above it matches (so `vendor` covers `vendor/x.py`);
/// archive members count as path components.
fn matches_path(set: &GlobSet, rel: &str) -> bool {
    let rel = rel.replace("!/", "/");
    let mut at = rel.as_str();
    loop {
        if set.is_match(at) {
            return true;
        }
        match at.rfind('/') {
            Some(i) => at = &at[..i],
            None => return false,
        }
    }
}

/// `p` made absolute against `cwd`, with `.` and `..` resolved by name (not
/// through links: the walk does not follow them either).
pub fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Today's date (UTC), for allowlist expiry.
pub fn today() -> (u16, u8, u8) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (u16, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    ((y + i64::from(m <= 2)) as u16, m as u8, d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_the_epoch_are_civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_790), (2026, 12, 3));
    }

    #[test]
    fn globs_read_as_gitignore_does() {
        let name = glob("*.ipynb").unwrap().compile_matcher();
        assert!(name.is_match("a/b/c.ipynb"));
        let anchored = glob("vendor/*.py").unwrap().compile_matcher();
        assert!(anchored.is_match("vendor/x.py"));
        assert!(
            !anchored.is_match("vendor/sub/x.py"),
            "`*` stays in a folder"
        );
        let mut set = GlobSetBuilder::new();
        set.add(glob("vendor").unwrap());
        let set = set.build().unwrap();
        assert!(
            matches_path(&set, "vendor/sub/x.py"),
            "a folder covers its files"
        );
        assert!(matches_path(&set, "dl/vendor/a.whl!/m.py"));
        assert!(!matches_path(&set, "src/vendored.py"));
    }
}
