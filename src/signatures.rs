//! Signatures: YARA-X rules on the raw bytes of every file.
//!
//! The `signatures/` folder is embedded at build time; `--rules DIR` adds more.
//! Rules are compiled once per scan and shared by every worker, each of which
//! keeps its own `yara_x::Scanner`.

use crate::report::Severity;
use std::path::Path;
use std::time::Duration;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/signatures.rs"));
}

/// What a signature declares in its `meta:` block.
#[derive(Debug, Clone)]
pub struct Signature {
    pub id: String,
    /// The rule identifier in kebab case.
    pub name: String,
    pub severity: Severity,
    pub description: String,
    pub reference: String,
    pub family: Option<String>,
    /// The file the rule came from (`invisibleferret.yar`).
    pub origin: String,
    /// `scope = "python"`: the rule describes Python code, and is not
    /// reported on other files (a JavaScript bundle, a binary).
    pub python_only: bool,
    /// `install_severity`: the severity when the match is in code that runs
    /// at install or interpreter start (a packer that is unremarkable in a
    /// module is not in a `setup.py`).
    pub install_severity: Option<Severity>,
}

/// Compiled signatures and their metadata.
pub struct Signatures {
    pub rules: yara_x::Rules,
    pub list: Vec<Signature>,
    /// Identifies this rule set (AST rules and every signature source), so a
    /// fleet can tell which sweeps ran with which rules.
    pub version: String,
}

#[derive(Debug)]
pub struct SignatureError(pub String);

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SignatureError {}

/// One match of a signature in a buffer.
#[derive(Debug, Clone)]
pub struct SignatureMatch {
    pub index: usize,
    pub offset: usize,
    pub len: usize,
}

/// The signature id of a whole published file (an IOC table `sha256:`
/// line), by its lowercase hex SHA-256.
pub fn known_file(sha256: &str) -> Option<&'static str> {
    embedded::KNOWN_FILES
        .iter()
        .find(|(h, _)| *h == sha256)
        .map(|(_, id)| *id)
}

/// `0.1.0+3f2a9c1d7e4b`: the crate version and a digest of the AST rules'
/// sources and the signature texts.
fn rules_version(sources: &[(String, String)]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for rule in crate::rules::REGISTRY {
        h.update(rule.meta().source.as_bytes());
    }
    for (_, text) in sources {
        h.update(text.as_bytes());
    }
    format!(
        "{}+{}",
        env!("CARGO_PKG_VERSION"),
        hex::encode(&h.finalize()[..6])
    )
}

impl Signatures {
    /// The embedded signatures plus every `.yar`/`.yara` file under `extra`.
    pub fn load(extra: &[&Path]) -> Result<Signatures, SignatureError> {
        let mut sources: Vec<(String, String)> = embedded::EMBEDDED
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        for dir in extra {
            let entries = walkdir::WalkDir::new(dir).sort_by_file_name();
            for e in entries {
                let e = e.map_err(|e| SignatureError(format!("--rules {}: {e}", dir.display())))?;
                let p = e.path();
                if e.file_type().is_file()
                    && p.extension().is_some_and(|x| x == "yar" || x == "yara")
                {
                    let text = std::fs::read_to_string(p)
                        .map_err(|err| SignatureError(format!("{}: {err}", p.display())))?;
                    sources.push((p.display().to_string(), text));
                }
            }
        }
        Self::compile(&sources)
    }

    /// Compiles `(origin, text)` pairs; every rule must carry the metadata
    /// hiss reports (`id`, `severity`, `description`, `reference`).
    pub fn compile(sources: &[(String, String)]) -> Result<Signatures, SignatureError> {
        let mut compiler = yara_x::Compiler::new();
        for (origin, text) in sources {
            compiler.new_namespace(origin);
            compiler
                .add_source(yara_x::SourceCode::from(text.as_str()).with_origin(origin.as_str()))
                .map_err(|e| SignatureError(format!("{origin}: {e}")))?;
        }
        let rules = compiler.build();
        let mut list = Vec::new();
        for rule in rules.iter() {
            let origin = rule.namespace().to_string();
            let mut id = None;
            let mut severity = None;
            let mut description = None;
            let mut reference = None;
            let mut family = None;
            let mut python_only = false;
            let mut install_severity = None;
            for (key, value) in rule.metadata() {
                let v = match value {
                    yara_x::MetaValue::String(v) => v.to_string(),
                    // A value with escapes YARA-X could not keep as UTF-8.
                    yara_x::MetaValue::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                    _ => continue,
                };
                let v = v.as_str();
                match key {
                    "id" => id = Some(v.to_string()),
                    "severity" => severity = Severity::parse(v),
                    "description" => description = Some(v.to_string()),
                    "reference" => reference = Some(v.to_string()),
                    "family" => family = Some(v.to_string()),
                    "scope" => python_only = v == "python",
                    "install_severity" => install_severity = Severity::parse(v),
                    _ => {}
                }
            }
            let missing = |what: &str| {
                SignatureError(format!(
                    "{origin}: rule {} has no valid `{what}` in its meta",
                    rule.identifier()
                ))
            };
            list.push(Signature {
                id: id.ok_or_else(|| missing("id"))?,
                name: rule.identifier().replace('_', "-").to_ascii_lowercase(),
                severity: severity.ok_or_else(|| missing("severity"))?,
                description: description.ok_or_else(|| missing("description"))?,
                reference: reference.ok_or_else(|| missing("reference"))?,
                family,
                origin,
                python_only,
                install_severity,
            });
        }
        Ok(Signatures {
            rules,
            list,
            version: rules_version(sources),
        })
    }

    /// A scanner for one worker thread.
    pub fn scanner(&self) -> yara_x::Scanner<'_> {
        let mut s = yara_x::Scanner::new(&self.rules);
        s.set_timeout(Duration::from_secs(10));
        s.max_matches_per_pattern(16);
        s
    }
}

/// Runs the signatures over `data`; returns the matching rules with the first
/// match of each (rules with no string match point at offset 0).
pub fn scan(
    sigs: &Signatures,
    scanner: &mut yara_x::Scanner<'_>,
    data: &[u8],
) -> Result<Vec<SignatureMatch>, String> {
    let results = scanner
        .scan(data)
        .map_err(|e| format!("signature scan failed: {e}"))?;
    let mut out = Vec::new();
    for rule in results.matching_rules() {
        let Some(index) = sigs.list.iter().position(|s| {
            s.origin == rule.namespace()
                && s.name == rule.identifier().replace('_', "-").to_ascii_lowercase()
        }) else {
            continue;
        };
        let first = rule
            .patterns()
            .flat_map(|p| p.matches())
            .map(|m| m.range())
            .min_by_key(|r| r.start);
        let (offset, len) = first.map(|r| (r.start, r.len())).unwrap_or((0, 0));
        out.push(SignatureMatch { index, offset, len });
    }
    Ok(out)
}

#[cfg(test)]
mod known_file_tests {
    #[test]
    fn published_files_are_known_by_hash_and_name_their_signature() {
        assert_eq!(
            super::known_file("927b3564c1cf884d2a05e1d7bd24362ce8563a1e9b85be776190ab7f8af192f6"),
            Some("HS228")
        );
        assert_eq!(
            super::known_file("937c533bddb8bbcd908b62f2bf48e5bc11160505df20fea91d9600d999eafa79"),
            Some("HS226")
        );
        // sha256("") is nobody's sample.
        assert_eq!(
            super::known_file("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            None
        );
    }
}
