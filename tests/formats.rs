//! `--format sarif` and `--format github`: what GitHub code scanning and the
//! Actions runner read. The SARIF output of the malicious fixtures is
//! validated against the official SARIF 2.1.0 schema in `../shared/schemas`.

mod common;

use common::{hiss, root};
use serde_json::Value;
use std::fs;
use std::io::Write;

const DROPPER: &str = "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n";

fn run(cwd: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = hiss()
        .current_dir(cwd)
        .args(["scan", "--no-cache", "--isolated"])
        .args(args)
        .output()
        .expect("hiss runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 output"),
    )
}

/// The official schema, or `None` (with a note) where `../shared` is absent.
fn sarif_schema() -> Option<Value> {
    let path = root().join("../shared/schemas/sarif-schema-2.1.0.json");
    match fs::read(&path) {
        Ok(bytes) => Some(serde_json::from_slice(&bytes).expect("the schema is JSON")),
        Err(_) => {
            eprintln!(
                "skipped: {} is absent (../shared is not beside this clone); SARIF is not validated against the schema",
                path.display()
            );
            None
        }
    }
}

fn validate(doc: &Value, schema: Value) {
    if let Err(e) = check(doc, schema) {
        panic!("SARIF output is not valid against the 2.1.0 schema:\n{e}");
    }
}

fn check(doc: &Value, schema: Value) -> Result<(), String> {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler
        .add_resource("file:///sarif-schema-2.1.0.json", schema)
        .expect("the schema loads");
    let index = compiler
        .compile("file:///sarif-schema-2.1.0.json", &mut schemas)
        .expect("the schema compiles");
    schemas.validate(doc, index).map_err(|e| format!("{e:#}"))
}

#[test]
fn sarif_of_the_malicious_fixtures_is_valid_and_complete() {
    let (code, text) = run(&root(), &["--format", "sarif", "corpus/malicious"]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&text).expect("one JSON document");
    if let Some(schema) = sarif_schema() {
        validate(&doc, schema.clone());
        // The validator does reject what breaks the schema.
        let mut broken = doc.clone();
        broken["runs"][0]["results"][0]["level"] = "fatal".into();
        assert!(check(&broken, schema).is_err());
    }
    let (_, json) = run(&root(), &["--format", "json", "corpus/malicious"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let run0 = &doc["runs"][0];
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), json["findings"].as_array().unwrap().len());
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        // ruleIndex points at the rule; the rule carries what GitHub shows.
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        let severity: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.1..=10.0).contains(&severity));
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("corpus/malicious/"), "relative: {uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert_eq!(
            r["partialFingerprints"]["hiss/v1"].as_str().unwrap().len(),
            32
        );
    }
    let hs101 = rules.iter().find(|r| r["id"] == "HS101").unwrap();
    assert!(
        hs101["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## What it does")
    );
    assert_eq!(hs101["properties"]["security-severity"], "9.5");
    assert_eq!(hs101["defaultConfiguration"]["level"], "error");
}

#[test]
fn sarif_points_archive_findings_at_the_archive_and_escapes_uris() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("evil/__init__.py", zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(DROPPER.as_bytes()).unwrap();
    let wheel = w.finish().unwrap().into_inner();
    fs::create_dir(dir.path().join("dl dir")).unwrap();
    fs::write(dir.path().join("dl dir/evil-1.0-py3-none-any.whl"), wheel).unwrap();
    fs::write(dir.path().join("dl dir/a#b.py"), DROPPER).unwrap();
    let (code, text) = run(dir.path(), &["--format", "sarif", "."]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&text).unwrap();
    if let Some(schema) = sarif_schema() {
        validate(&doc, schema);
    }
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let uris: Vec<(&str, u64, &str)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                loc["artifactLocation"]["uri"].as_str().unwrap(),
                loc["region"]["startLine"].as_u64().unwrap(),
                r["message"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        uris.iter()
            .any(|(u, line, _)| *u == "dl%20dir/a%23b.py" && *line == 3),
        "{uris:?}"
    );
    assert!(
        uris.iter()
            .any(|(u, line, m)| *u == "dl%20dir/evil-1.0-py3-none-any.whl"
                && *line == 1
                && m.starts_with("In archive member evil/__init__.py, line 3:")),
        "{uris:?}"
    );
    let root_uri = doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root_uri.starts_with("file:///") && root_uri.ends_with('/'),
        "{root_uri}"
    );
}

#[test]
fn github_annotations_sit_on_the_line_and_cannot_be_forged() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("drop.py"), DROPPER).unwrap();
    // A file name that tries to end the command and start another.
    fs::write(dir.path().join("x,line=1::y.py"), DROPPER).unwrap();
    fs::write(dir.path().join("ok.py"), "print('hi')\n").unwrap();
    let (code, text) = run(dir.path(), &["--format", "github", "."]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::error file=drop.py,line=3,endLine=3,col=1,title=HS101 decoded-payload-exec (critical)::"
        )),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::error file=x%2Cline=1%3A%3Ay.py,line=3,")),
        "{text}"
    );
    assert!(
        lines.iter().all(|l| l.starts_with("::")),
        "one command a line: {text}"
    );
    assert_eq!(
        lines.last().unwrap(),
        &"::notice title=hiss::2 findings, 0 errors, 0 suppressed, in 3 files"
    );
    let (code, text) = run(dir.path(), &["--format", "github", "ok.py"]);
    assert_eq!(code, 0);
    assert_eq!(text.lines().count(), 1, "only the summary: {text}");
}
