//! Settings files: where they are found, what they may say, and that a
//! mistake in one is an error with its file and line, never a silent no-op.

mod common;

use serde_json::Value;
use std::fs;

/// HS101 (critical) at line 3.
const DROPPER: &str = "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n";

use common::scan_in;

/// `path rule line severity` of every finding, paths relative to the scan.
fn findings(r: &Value) -> Vec<String> {
    r["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    format!(
                        "{} {} {} {}",
                        f["path"].as_str().unwrap(),
                        f["rule"].as_str().unwrap(),
                        f["line"],
                        f["severity"].as_str().unwrap()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A project: `src/app.py` and `vendor/lib/old.py`, both droppers, and a
/// clean `src/ok.py`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in [
        ("src/app.py", DROPPER),
        ("src/ok.py", "print('hello')\n"),
        ("vendor/lib/old.py", DROPPER),
    ] {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

#[test]
fn no_settings_file_means_the_defaults() {
    let dir = project();
    let (code, r, _) = scan_in(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(findings(&r).len(), 2, "{:?}", findings(&r));
    assert!(r["summary"].get("config").is_none());
    assert_eq!(r["summary"]["suppressed"], 0);
}

#[test]
fn hiss_toml_is_found_from_the_scanned_folder_upward() {
    let dir = project();
    fs::write(
        dir.path().join("hiss.toml"),
        "[[allow]]\nrule = \"HS101\"\npath = \"vendor/**\"\nreason = \"reviewed: a licence check\"\n",
    )
    .unwrap();
    // Scanned from a sub-folder, and from elsewhere with an absolute path:
    // the same file applies, its globs relative to its own folder.
    for (cwd, arg) in [
        (dir.path().join("vendor"), ".".to_string()),
        (std::env::temp_dir(), dir.path().display().to_string()),
    ] {
        let (code, r, stderr) = scan_in(&cwd, &[&arg]);
        assert!(
            r["summary"]["config"]
                .as_str()
                .unwrap()
                .ends_with("hiss.toml"),
            "{stderr}"
        );
        let found = findings(&r);
        assert!(found.iter().all(|f| !f.contains("vendor")), "{found:?}");
        if arg != "." {
            assert_eq!(code, 1, "src/app.py is not allowed");
            assert!(
                found
                    .iter()
                    .any(|f| f.ends_with("src/app.py HS101 3 critical")),
                "{found:?}"
            );
        } else {
            assert_eq!(code, 0, "{found:?} {stderr}");
        }
        assert_eq!(r["summary"]["suppressed"], 1);
    }
}

#[test]
fn tool_hiss_in_pyproject_counts_and_a_pyproject_without_it_does_not() {
    let dir = project();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"app\"\n\n[tool.hiss]\ndisable = [\"HS101\"]\n",
    )
    .unwrap();
    // A nearer pyproject.toml without [tool.hiss] is passed over.
    fs::write(
        dir.path().join("src/pyproject.toml"),
        "[project]\nname = \"inner\"\n",
    )
    .unwrap();
    let (code, r, stderr) = scan_in(&dir.path().join("src"), &["."]);
    assert_eq!(code, 0, "{:?} {stderr}", findings(&r));
    assert!(
        r["summary"]["config"]
            .as_str()
            .unwrap()
            .ends_with("pyproject.toml")
    );
    assert!(!r["summary"]["config"].as_str().unwrap().contains("src"));
    assert_eq!(r["summary"]["suppressed"], 1);
}

#[test]
fn severity_overrides_and_fail_on_decide_the_exit_and_the_flag_wins() {
    let dir = project();
    fs::write(
        dir.path().join("hiss.toml"),
        "fail-on = \"medium\"\n\n[severity]\nHS101 = \"low\"\n",
    )
    .unwrap();
    let (code, r, _) = scan_in(dir.path(), &["src"]);
    assert_eq!(code, 0, "low is under the file's fail-on medium");
    assert_eq!(findings(&r), vec!["src/app.py HS101 3 low"]);
    let (code, _, _) = scan_in(dir.path(), &["--fail-on", "low", "src"]);
    assert_eq!(code, 1, "--fail-on on the command line wins over the file");
}

#[test]
fn allowlist_entries_match_by_rule_path_and_hash_and_expire() {
    let dir = project();
    let sha = {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(DROPPER.as_bytes()))
    };
    fs::write(
        dir.path().join("hiss.toml"),
        format!(
            r#"# reviewed findings
[[allow]]
rule = "HS101"
sha256 = "{sha}"
reason = "the same bytes everywhere"
expires = 2020-01-31

[[allow]]
rule = "HS105"
path = "src/app.py"
reason = "another rule: does not cover HS101"
"#
        ),
    )
    .unwrap();
    let (code, r, _) = scan_in(dir.path(), &["."]);
    assert_eq!(code, 1, "an expired entry suppresses nothing");
    assert_eq!(findings(&r).len(), 2, "{:?}", findings(&r));
    let errors = r["errors"].to_string();
    assert!(
        errors.contains("hiss.toml")
            && errors.contains("line 2")
            && errors.contains("expired on 2020-01-31"),
        "{errors}"
    );
    // Renewed: both files hold the same bytes, so both are allowed.
    let text = fs::read_to_string(dir.path().join("hiss.toml")).unwrap();
    fs::write(
        dir.path().join("hiss.toml"),
        text.replace("2020-01-31", "2999-12-31"),
    )
    .unwrap();
    let (code, r, _) = scan_in(dir.path(), &["."]);
    assert_eq!(code, 0, "{:?} {}", findings(&r), r["errors"]);
    assert_eq!(r["summary"]["suppressed"], 2);
}

#[test]
fn exclude_prunes_folders_and_include_narrows_files() {
    let dir = project();
    fs::write(dir.path().join("hiss.toml"), "exclude = [\"vendor\"]\n").unwrap();
    let (_, r, _) = scan_in(dir.path(), &["."]);
    assert_eq!(findings(&r), vec!["./src/app.py HS101 3 critical"]);
    assert_eq!(r["summary"]["files"], 3, "vendor/ is not walked: {r}");
    fs::write(dir.path().join("hiss.toml"), "include = [\"ok.py\"]\n").unwrap();
    let (code, r, _) = scan_in(dir.path(), &["."]);
    assert_eq!(code, 0);
    assert_eq!(r["summary"]["files"], 1, "only ok.py: {r}");
    // A file named on the command line is scanned whatever the globs say.
    let (code, _, _) = scan_in(dir.path(), &["src/app.py"]);
    assert_eq!(code, 1);
}

#[test]
fn limits_come_from_the_file_unless_a_flag_is_given() {
    let dir = project();
    fs::write(
        dir.path().join("hiss.toml"),
        "[limits]\nmax-file-size = 10\n",
    )
    .unwrap();
    let (code, r, _) = scan_in(dir.path(), &["src"]);
    assert_eq!(code, 2, "both files are over 10 bytes: {r}");
    assert!(
        r["errors"].to_string().contains("over the 10-byte limit"),
        "{}",
        r["errors"]
    );
    let (code, _, _) = scan_in(dir.path(), &["--max-file-size", "1000", "src"]);
    assert_eq!(code, 1);
}

#[test]
fn isolated_reads_no_settings_file() {
    let dir = project();
    fs::write(dir.path().join("hiss.toml"), "disable = [\"HS101\"]\n").unwrap();
    let (code, r, _) = scan_in(dir.path(), &["--isolated", "."]);
    assert_eq!(code, 1);
    assert_eq!(findings(&r).len(), 2);
    assert!(r["summary"].get("config").is_none());
}

#[test]
fn mistakes_are_errors_with_file_and_line() {
    let dir = project();
    for (text, want) in [
        (
            "fail-on = \"high\"\nfail_on = \"low\"\n",
            "hiss.toml:2: unknown field `fail_on`",
        ),
        ("[limits]\nfile-timeout = \"soon\"\n", "hiss.toml:2:"),
        (
            "[severity]\nHS101 = \"severe\"\n",
            "hiss.toml:2: severity.HS101: `severe` is not",
        ),
        (
            "disable = [\n  \"HS101\",\n  \"HS999\",\n]\n",
            "hiss.toml:3: `HS999` is not a rule or signature id",
        ),
        (
            "[[allow]]\nrule = \"HS101\"\nreason = \"everywhere\"\n",
            "hiss.toml:1: allow: an entry for HS101 needs `path` or `sha256`",
        ),
        (
            "[[allow]]\nrule = \"HS101\"\npath = \"a/**\"\nreason = \"x\"\nexpires = \"soon\"\n",
            "hiss.toml:5:",
        ),
        (
            "[[allow]]\nrule = \"HS101\"\npath = \"a/[\"\nreason = \"x\"\n",
            "hiss.toml:3: allow: path: `a/[` is not a glob",
        ),
        ("exclude = [\"vendor\"\n", "hiss.toml:1:"),
    ] {
        fs::write(dir.path().join("hiss.toml"), text).unwrap();
        let (code, r, stderr) = scan_in(dir.path(), &["."]);
        assert_eq!(code, 2, "{text:?}: {stderr}");
        assert_eq!(r, Value::Null, "nothing is scanned with bad settings");
        assert!(stderr.contains(want), "{text:?}: want {want:?} in {stderr}");
    }
    let (code, _, stderr) = scan_in(dir.path(), &["--config", "missing.toml", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.toml: cannot read"), "{stderr}");
}

#[test]
fn comments_in_scanned_files_never_suppress() {
    let dir = tempfile::tempdir().unwrap();
    let text = DROPPER.replace(
        "exec(base64.b64decode(blob))",
        "exec(base64.b64decode(blob))  # noqa  # nosec  # hiss: ignore[HS101]",
    );
    fs::write(
        dir.path().join("x.py"),
        format!("# hiss: disable-file\n{text}"),
    )
    .unwrap();
    let (code, r, _) = scan_in(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(findings(&r), vec!["./x.py HS101 4 critical"]);
}
