//! The settings-file parser (`hiss.toml`, `[tool.hiss]` in `pyproject.toml`)
//! on arbitrary bytes, then what a scan asks of the settings: which paths are
//! walked, and what happens to a finding (suppressed, or its severity
//! changed).
//!
//! The first byte picks the form (bit 0: pyproject), the rest is the text.
//! Asserts: a parse error names a line inside the text; a kept finding keeps
//! its rule and path.
#![no_main]

use hiss::config::Config;
use hiss::report::{Confidence, Context, Finding, Severity};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

const PATHS: [&str; 6] = [
    "src/app.py",
    "vendor/lib/old.py",
    "./a/b/c.py",
    "/abs/out/of/root.py",
    "dl/evil-1.0.tar.gz!/evil-1.0/setup.py",
    "a.zip!/b.whl!/c.py",
];

fn finding(path: &str, rule: &str) -> Finding {
    Finding {
        rule: rule.to_string(),
        name: "decoded-payload-exec".to_string(),
        severity: Severity::Critical,
        confidence: Confidence::High,
        path: path.to_string(),
        line: 3,
        column: 1,
        end_line: 3,
        end_column: 10,
        message: String::new(),
        snippet: "exec(base64.b64decode(blob))".to_string(),
        context: Context::Import,
        chain: Vec::new(),
        sha256: "0".repeat(64),
        fingerprint: String::new(),
        package: None,
        family: None,
        cell: None,
        line_text: String::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&form, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let pyproject = form & 1 == 1;
    match Config::parse(text, pyproject, PathBuf::from("/root/project")) {
        Err((line, _message)) => {
            if let Some(line) = line {
                assert!(line >= 1 && line <= text.lines().count().max(1) + 1);
            }
        }
        Ok(config) => {
            std::hint::black_box(config.unknown_rules(&|id| id.starts_with("HS")));
            std::hint::black_box(config.expired());
            for p in PATHS {
                std::hint::black_box(config.admits(p));
                std::hint::black_box(config.prunes(p));
                for rule in ["HS101", "HS214"] {
                    let mut f = finding(p, rule);
                    if config.keep(&mut f) {
                        assert_eq!(f.rule, rule);
                        assert_eq!(f.path, p);
                    }
                }
            }
        }
    }
});
