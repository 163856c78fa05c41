//! What a scan produces: findings, errors and the summary around them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is. `High` and above mean "treat as malicious".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// One step up, saturating at `Critical`.
    pub fn raised(self) -> Severity {
        match self {
            Severity::Info => Severity::Low,
            Severity::Low => Severity::Medium,
            Severity::Medium => Severity::High,
            Severity::High | Severity::Critical => Severity::Critical,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How sure the rule is that the finding means what its message says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// When the code holding a finding would run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Context {
    /// `setup.py` and the hooks it installs: runs on `pip install`.
    Install,
    /// Module top level: runs on `import`.
    Import,
    /// `.pth` files and `sitecustomize.py`: run at every interpreter start.
    Startup,
    /// Inside a function or a `__main__` block: runs when called.
    Run,
    /// Not Python, or not known.
    Unknown,
}

/// A distribution a finding belongs to, when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub name: String,
    pub version: String,
}

/// One thing a rule or a signature found, in the shape of CONTRACT.md.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub name: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub snippet: String,
    pub context: Context,
    pub chain: Vec<String>,
    pub sha256: String,
    pub fingerprint: String,
    pub package: Option<Package>,
    pub family: Option<String>,
    /// In a notebook: the cell (1-based among all cells) and the line within
    /// it. `line`/`column` point into the `.ipynb` file as stored.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "cell_json")]
    pub cell: Option<(usize, usize)>,
    /// The whole source line, for human output; not part of the contract.
    #[serde(skip)]
    pub line_text: String,
}

/// An input that could not be scanned (or not completely).
#[derive(Debug, Clone, Serialize)]
pub struct ScanError {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: u64,
    pub bytes: u64,
    pub findings: u64,
    pub errors: u64,
    /// Findings the settings file's `disable` or allowlist removed.
    pub suppressed: u64,
    /// Findings already in the `--baseline` file: not reported, not counted.
    pub baselined: u64,
    pub duration_ms: u64,
    /// The settings file the scan used, when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
}

/// `"cell": {"index": 3, "line": 2}`.
fn cell_json<S: serde::Serializer>(cell: &Option<(usize, usize)>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let Some((index, line)) = cell else {
        return s.serialize_none();
    };
    let mut m = s.serialize_map(Some(2))?;
    m.serialize_entry("index", index)?;
    m.serialize_entry("line", line)?;
    m.end()
}
