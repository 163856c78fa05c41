//! Hostile input: what an attacker feeds a scanner to crash it, hang it or
//! slip past it. Every case is built here (nothing large is committed) and
//! must finish within a bound, report a clear error where it could not
//! scan, scan everything else, exit with the contract's code, and never
//! crash.

mod common;

use common::hiss;
use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// A dropper every test plants beside the hostile input: it must still be
/// found (HS101 at line 3).
const DROPPER: &str = "import base64\nblob = 'cHJpbnQoJ2hpJyk='\nexec(base64.b64decode(blob))\n";

/// Runs `hiss scan --format json ARGS` under a wall-clock bound; a hang is a
/// failure, and so is any exit that is not the contract's 0, 1 or 2.
fn scan_within(secs: u64, args: &[&str]) -> (i32, Value) {
    let out = hiss()
        .arg("scan")
        .arg("--format")
        .arg("json")
        .arg("--no-cache")
        .args(args)
        .timeout(Duration::from_secs(secs))
        .output()
        .expect("hiss runs");
    let code = out.status.code().unwrap_or_else(|| {
        panic!(
            "hiss did not exit by itself (killed, crashed or over {secs} s)\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        matches!(code, 0..=2),
        "exit {code} is not in the contract\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e})\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, report)
}

fn scan_dir(secs: u64, dir: &Path) -> (i32, Value) {
    scan_within(secs, &[dir.to_str().expect("utf-8 temp path")])
}

/// `path rule line` of every finding.
fn findings(r: &Value) -> Vec<String> {
    common::finding_lines(r)
}

/// `path: message` of every error.
fn errors(r: &Value) -> Vec<String> {
    r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["path"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn has_finding(r: &Value, suffix: &str) -> bool {
    findings(r).iter().any(|f| f.ends_with(suffix))
}

fn has_error(r: &Value, path_part: &str, message_part: &str) -> bool {
    errors(r)
        .iter()
        .any(|e| e.contains(path_part) && e.to_lowercase().contains(message_part))
}

fn with_dropper() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("dropper.py"), DROPPER).unwrap();
    dir
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn tar_gz(build: impl FnOnce(&mut tar::Builder<Vec<u8>>)) -> Vec<u8> {
    let mut t = tar::Builder::new(Vec::new());
    build(&mut t);
    let raw = t.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&raw).unwrap();
    gz.finish().unwrap()
}

fn b64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

// ---- archives ---------------------------------------------------------

#[test]
fn a_flat_zip_bomb_is_an_error_and_the_rest_is_scanned() {
    let dir = with_dropper();
    // 512 MB of zeros in one member, about 500 KB compressed.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("zeros.py", opts).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..512 {
        w.write_all(&chunk).unwrap();
    }
    fs::write(
        dir.path().join("flat.zip"),
        w.finish().unwrap().into_inner(),
    )
    .unwrap();
    let (code, r) = scan_dir(120, dir.path());
    assert_eq!(code, 1, "the dropper beside the bomb decides the exit");
    assert!(
        has_error(&r, "flat.zip", "bomb") || has_error(&r, "flat.zip", "limit"),
        "{:?}",
        errors(&r)
    );
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
}

#[test]
fn a_nested_zip_bomb_stops_at_the_depth_limit() {
    let dir = with_dropper();
    // Each level holds two copies of the one below: 2^12 leaves of 4 MB of
    // zeros, 16 GB if all were opened.
    let mut level = zip_of(&[("zeros.bin", &vec![0u8; 4 << 20])]);
    for _ in 0..12 {
        level = zip_of(&[("a.zip", &level), ("b.zip", &level)]);
    }
    fs::write(dir.path().join("nested.zip"), &level).unwrap();
    let (code, r) = scan_dir(120, dir.path());
    assert_eq!(code, 1);
    assert!(
        has_error(&r, "nested.zip", ""),
        "a limit is reported: {:?}",
        errors(&r)
    );
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
}

#[test]
fn tar_members_that_climb_out_or_link_are_read_in_place_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let escape = format!(
        "../../../../../../..{}/planted.py",
        outside.path().display()
    );
    let data = tar_gz(|t| {
        for name in ["../../evil.py", escape.as_str()] {
            let mut h = tar::Header::new_gnu();
            h.set_size(DROPPER.len() as u64);
            h.set_mode(0o644);
            // `set_path` refuses `..`: write the raw name, as an attacker would.
            let bytes = name.as_bytes();
            h.as_gnu_mut().unwrap().name[..bytes.len()].copy_from_slice(bytes);
            h.set_cksum();
            t.append(&h, DROPPER.as_bytes()).unwrap();
        }
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_size(0);
        t.append_link(&mut h, "link.py", "/etc/passwd").unwrap();
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Link);
        h.set_size(0);
        t.append_link(&mut h, "hard.py", "/etc/shadow").unwrap();
    });
    fs::write(dir.path().join("climb-1.0.tar.gz"), data).unwrap();
    let (code, r) = scan_dir(60, dir.path());
    assert_eq!(code, 1, "{:?} {:?}", findings(&r), errors(&r));
    let found = findings(&r);
    assert!(
        found
            .iter()
            .any(|f| f.ends_with("climb-1.0.tar.gz!/evil.py HS101 3")),
        "a climbing name is read where it is, its path normalised: {found:?}"
    );
    assert!(
        found.iter().all(|f| !f.contains("..")),
        "no reported path climbs: {found:?}"
    );
    assert!(
        !outside.path().join("planted.py").exists(),
        "nothing is extracted"
    );
    assert!(
        fs::read_dir(dir.path()).unwrap().count() == 1,
        "nothing is written beside the archive"
    );
}

#[test]
fn truncated_and_corrupt_archives_are_errors_and_the_rest_is_scanned() {
    let dir = with_dropper();
    let whl = zip_of(&[("pkg/__init__.py", DROPPER.as_bytes())]);
    fs::write(
        dir.path().join("cut-1.0-py3-none-any.whl"),
        &whl[..whl.len() / 2],
    )
    .unwrap();
    let sdist = tar_gz(|t| {
        let mut h = tar::Header::new_gnu();
        h.set_path("pkg-1.0/setup.py").unwrap();
        h.set_size(DROPPER.len() as u64);
        h.set_cksum();
        t.append(&h, DROPPER.as_bytes()).unwrap();
    });
    let mut corrupt = sdist.clone();
    for b in corrupt.iter_mut().skip(20).step_by(7) {
        *b ^= 0x5a;
    }
    fs::write(dir.path().join("corrupt-1.0.tar.gz"), corrupt).unwrap();
    fs::write(
        dir.path().join("cut-1.0.tar.gz"),
        &sdist[..sdist.len() - 30],
    )
    .unwrap();
    let (code, r) = scan_dir(60, dir.path());
    assert_eq!(code, 1);
    for name in [
        "cut-1.0-py3-none-any.whl",
        "corrupt-1.0.tar.gz",
        "cut-1.0.tar.gz",
    ] {
        assert!(has_error(&r, name, ""), "{name}: {:?}", errors(&r));
    }
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
}

// ---- files that are hard to parse --------------------------------------

#[test]
fn a_100_mb_single_line_file_finishes() {
    let dir = with_dropper();
    let mut line = Vec::with_capacity(100 << 20);
    line.extend_from_slice(b"x = '");
    line.resize((100 << 20) - 2, b'A');
    line.extend_from_slice(b"'\n");
    fs::write(dir.path().join("long.py"), &line).unwrap();
    let mut code_line = Vec::with_capacity(100 << 20);
    while code_line.len() < 100 << 20 {
        code_line.extend_from_slice(b"a=b+c(d,[e]);");
    }
    fs::write(dir.path().join("dense.py"), &code_line).unwrap();
    let (code, r) = scan_dir(300, dir.path());
    assert_eq!(code, 1);
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
    // Either analysed or reported as not analysed: never silently dropped.
    for name in ["long.py", "dense.py"] {
        let scanned = r["summary"]["files"].as_u64().unwrap() >= 3;
        assert!(
            scanned || has_error(&r, name, ""),
            "{name}: {:?}",
            errors(&r)
        );
    }
}

/// Dense code: more than one syntax node a byte, the most a parser holds
/// and the slowest it goes; `n` bytes of it, then a token-grabber regex
/// (HS222) on the last line for the raw signature pass to find.
fn dense_code_then_signature(n: usize) -> Vec<u8> {
    let mut text = Vec::with_capacity(n + 100);
    while text.len() < n {
        text.extend_from_slice(b"a=b+c(d,[e]);");
    }
    text.extend_from_slice(b"\nTOKEN = r\"[\\w-]{24}\\.[\\w-]{6}\\.[\\w-]{27}\"\n");
    text
}

#[test]
fn a_file_over_its_time_limit_is_cut_short_reported_and_still_signature_scanned() {
    let dir = with_dropper();
    // About 4 s of parsing on one core; the limit is 1 s.
    fs::write(
        dir.path().join("slow.py"),
        dense_code_then_signature(4 << 20),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let (code, r) = scan_within(120, &["--file-timeout", "1", dir.path().to_str().unwrap()]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the 1 s limit bounds the file: {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "the dropper decides the exit");
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
    assert!(
        has_error(&r, "slow.py", "time limit of 1 s reached while"),
        "{:?}",
        errors(&r)
    );
    let last_line = 2;
    assert!(
        has_finding(&r, &format!("slow.py HS222 {last_line}")),
        "the raw bytes still get the signatures: {:?}",
        findings(&r)
    );
    // With no limit the same file is analysed to the end, without error.
    let (_, r) = scan_within(
        300,
        &[
            "--file-timeout",
            "0",
            "--max-parse-memory",
            "0",
            dir.path().join("slow.py").to_str().unwrap(),
        ],
    );
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
}

#[test]
fn a_syntax_tree_over_the_memory_cap_stops_the_parse_and_says_so() {
    let dir = with_dropper();
    // 2 MB of dense code makes a tree of about 350 MB; the cap is 64 MB.
    fs::write(
        dir.path().join("wide.py"),
        dense_code_then_signature(2 << 20),
    )
    .unwrap();
    let (code, r) = scan_within(
        120,
        &[
            "--max-parse-memory",
            "67108864",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
    assert!(
        has_error(&r, "wide.py", "syntax tree passed 64 mb"),
        "{:?}",
        errors(&r)
    );
    assert!(has_finding(&r, "wide.py HS222 2"), "{:?}", findings(&r));
    // The default cap (512 MB) lets the same file through whole.
    let (_, r) = scan_within(120, &[dir.path().join("wide.py").to_str().unwrap()]);
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
    assert!(has_finding(&r, "wide.py HS222 2"), "{:?}", findings(&r));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let dir = with_dropper();
    let n = 100_000;
    let parens = format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n));
    let lists = format!("x = {}1{}\n", "[".repeat(n), "]".repeat(n));
    let lambdas = format!("f = {}0\n", "lambda: ".repeat(n));
    let calls = format!("exec({}'1'{})\n", "str(".repeat(n), ")".repeat(n));
    let attrs = format!("x = a{}\n", ".b".repeat(n));
    let binops = format!("x = 'a'{}\n", " + 'a'".repeat(n));
    let nots = format!("x = {}1\n", "not ".repeat(n));
    let ifs: String = (0..2000)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .collect::<String>()
        + &" ".repeat(2000)
        + "pass\n";
    for (name, text) in [
        ("parens.py", parens),
        ("lists.py", lists),
        ("lambdas.py", lambdas),
        ("calls.py", calls),
        ("attrs.py", attrs),
        ("binops.py", binops),
        ("nots.py", nots),
        ("ifs.py", ifs),
    ] {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let (code, r) = scan_dir(120, dir.path());
    assert_eq!(code, 1, "{:?}", errors(&r));
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
    assert_eq!(r["summary"]["files"], 9, "{:?}", errors(&r));
}

#[test]
fn a_thousand_layer_decode_chain_is_undone_to_its_limit_and_says_so() {
    let dir = with_dropper();
    // One literal compressed 1,000 times under 1,000 nested calls: every
    // layer adds a few bytes (an encoding that expands, base64 say, would
    // grow the file by a third a layer).
    let mut data = b"print('innermost')\n".to_vec();
    for _ in 0..1000 {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&data).unwrap();
        data = z.finish().unwrap();
    }
    let literal: String = data.iter().map(|b| format!("\\x{b:02x}")).collect();
    let code = format!(
        "import zlib\nexec({}b'{literal}'{})\n",
        "zlib.decompress(".repeat(1000),
        ")".repeat(1000)
    );
    fs::write(dir.path().join("chain.py"), &code).unwrap();
    let (code, r) = scan_dir(120, dir.path());
    assert_eq!(code, 1);
    assert!(has_finding(&r, "chain.py HS101 2"), "{:?}", findings(&r));
    assert!(
        has_error(&r, "chain.py", "layer"),
        "where decoding stopped is reported: {:?}",
        errors(&r)
    );
}

#[test]
fn a_decode_that_expands_a_thousandfold_is_bounded() {
    let dir = with_dropper();
    // 64 MB of Python that decompresses from about 64 KB.
    let body = "x = 1\n".repeat((64 << 20) / 6);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(body.as_bytes()).unwrap();
    let packed = b64(&z.finish().unwrap());
    fs::write(
        dir.path().join("expand.py"),
        format!("import base64, zlib\nexec(zlib.decompress(base64.b64decode('{packed}')))\n"),
    )
    .unwrap();
    let (code, r) = scan_dir(120, dir.path());
    assert_eq!(code, 1);
    assert!(has_finding(&r, "expand.py HS101 2"), "{:?}", findings(&r));
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
}

// ---- encodings and line ends -------------------------------------------

#[test]
fn odd_encodings_and_line_ends_are_still_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let mut invalid = b"# \xff\xfe\xc3\x28 not UTF-8\n".to_vec();
    invalid.extend_from_slice(DROPPER.as_bytes());
    fs::write(dir.path().join("invalid.py"), invalid).unwrap();
    let mut latin = b"# -*- coding: latin-1 -*-\n# caf\xe9\n".to_vec();
    latin.extend_from_slice(DROPPER.as_bytes());
    fs::write(dir.path().join("latin1.py"), latin).unwrap();
    let mut nul = DROPPER.as_bytes().to_vec();
    nul.extend_from_slice(b"# \0\0\0\n");
    fs::write(dir.path().join("nul.py"), nul).unwrap();
    fs::write(dir.path().join("cr.py"), DROPPER.replace('\n', "\r")).unwrap();
    fs::write(dir.path().join("crlf.py"), DROPPER.replace('\n', "\r\n")).unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    for u in DROPPER.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    fs::write(dir.path().join("utf16.py"), utf16).unwrap();
    let mut utf16be = vec![0xfe, 0xff];
    for u in format!("# caf\u{e9} \u{1F40D}\n{DROPPER}").encode_utf16() {
        utf16be.extend_from_slice(&u.to_be_bytes());
    }
    fs::write(dir.path().join("utf16be.py"), utf16be).unwrap();
    // CPython cannot run UTF-16 source itself, but a loader can exec it
    // once decoded: the rules read it as text.
    let (code, r) = scan_dir(60, dir.path());
    assert_eq!(code, 1, "{:?}", errors(&r));
    let found = findings(&r);
    for expect in [
        "invalid.py HS101 4",
        "latin1.py HS101 5",
        "nul.py HS101 3",
        "cr.py HS101 3",
        "crlf.py HS101 3",
        "utf16.py HS101 3",
        "utf16be.py HS101 4",
    ] {
        assert!(
            found.iter().any(|f| f.ends_with(expect)),
            "{expect}: {found:?}"
        );
    }
    // Columns count the bytes as stored: two a UTF-16 unit.
    let column = |name: &str| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name) && f["rule"] == "HS101")
            .map(|f| (f["column"].as_u64().unwrap(), f["snippet"].clone()))
            .unwrap()
    };
    let (plain, snippet) = column("crlf.py");
    let (wide, wide_snippet) = column("utf16.py");
    assert_eq!(wide, 2 * (plain - 1) + 1);
    assert_eq!(wide_snippet, snippet, "snippets are shown as text");
}

// ---- the file system ---------------------------------------------------

#[test]
fn special_files_links_and_unreadable_files_are_reported_not_followed() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = with_dropper();
    let d = dir.path();
    let fifo = d.join("pipe.py");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    symlink(d.join("loop-a"), d.join("loop-b")).unwrap();
    symlink(d.join("loop-b"), d.join("loop-a")).unwrap();
    symlink(d, d.join("self")).unwrap();
    symlink("/dev/zero", d.join("zero.py")).unwrap();
    let secret = d.join("unreadable.py");
    fs::write(&secret, DROPPER).unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let root = nix_is_root();
    let (code, r) = scan_dir(60, d);
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o644)).unwrap();
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
    if made_fifo {
        assert!(has_error(&r, "pipe.py", "fifo"), "{:?}", errors(&r));
    }
    if !root {
        assert!(
            has_error(&r, "unreadable.py", "permission"),
            "{:?}",
            errors(&r)
        );
    }
    assert_eq!(code, 1, "findings win over errors");
    // A FIFO or a device given as the argument itself is an error, not a hang.
    if made_fifo {
        let (code, r) = scan_within(30, &[fifo.to_str().unwrap()]);
        assert_eq!(code, 2);
        assert!(has_error(&r, "pipe.py", "fifo"), "{:?}", errors(&r));
    }
    let (code, r) = scan_within(30, &["/dev/zero"]);
    assert_eq!(code, 2);
    assert!(has_error(&r, "/dev/zero", "device"), "{:?}", errors(&r));
}

/// Root reads files whatever their mode.
fn nix_is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

#[test]
fn files_deleted_while_the_scan_runs_are_errors_or_scanned_never_a_crash() {
    let dir = with_dropper();
    let many = dir.path().join("many");
    fs::create_dir(&many).unwrap();
    let names: Vec<_> = (0..4000)
        .map(|i| many.join(format!("m{i:05}.py")))
        .collect();
    for n in &names {
        fs::write(n, "import os\nx = os.getcwd()\n".repeat(200)).unwrap();
    }
    let victims = names.clone();
    let deleter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(30));
        for n in victims.iter().rev() {
            let _ = fs::remove_file(n);
        }
    });
    let (code, r) = scan_dir(120, dir.path());
    deleter.join().unwrap();
    assert!(has_finding(&r, "dropper.py HS101 3"), "{:?}", findings(&r));
    assert_eq!(code, 1);
    for e in errors(&r) {
        assert!(
            e.contains("no such file") || e.contains("cannot read"),
            "{e}"
        );
    }
}

#[test]
fn names_that_are_not_utf8_or_hold_newlines_are_scanned_and_shown_safely() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"bad\xffname.py");
    fs::write(dir.path().join(odd), DROPPER).unwrap();
    fs::write(dir.path().join("two\nlines.py"), DROPPER).unwrap();
    let (code, r) = scan_dir(60, dir.path());
    assert_eq!(code, 1);
    assert_eq!(findings(&r).len(), 2, "{:?}", findings(&r));
    // The human report must not let a file name forge a line of its own.
    let out = hiss()
        .env("NO_COLOR", "1")
        .args(["scan", "--no-cache", dir.path().to_str().unwrap()])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.lines().any(|l| l.starts_with("lines.py")),
        "a newline in a name is escaped:\n{text}"
    );
    assert!(text.contains("two\\nlines.py"), "{text}");
}

#[test]
fn a_folder_of_100000_empty_files_is_walked_quickly() {
    let dir = with_dropper();
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    for i in 0..100_000 {
        fs::File::create(empty.join(format!("{i}.py"))).unwrap();
    }
    let (code, r) = scan_dir(120, dir.path());
    assert_eq!(code, 1);
    assert_eq!(r["summary"]["files"], 100_001);
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
}
