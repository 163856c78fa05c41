//! Proof that scanning never runs what it scans: every sample here would
//! create a marker file if it were executed, imported, installed, unpickled
//! or opened by Jupyter. After scanning them in every mode (each output
//! format, archives, `sweep` over a home that holds them) the markers do
//! not exist.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;

/// Python that creates `marker` when run.
fn touch(marker: &Path) -> String {
    format!(
        "open({:?}, 'w').write('executed')\n",
        marker.to_str().expect("utf-8 temp path")
    )
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn tar_gz_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut t = tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut h = tar::Header::new_gnu();
        h.set_path(name).unwrap();
        h.set_size(data.len() as u64);
        h.set_mode(0o755);
        h.set_cksum();
        t.append(&h, *data).unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&t.into_inner().unwrap()).unwrap();
    gz.finish().unwrap()
}

/// Plants one sample of every way Python code gets run, each with its own
/// marker, under `root`; returns the markers.
fn plant(root: &Path, markers: &Path) -> Vec<std::path::PathBuf> {
    let mut all = Vec::new();
    let mut next = |name: &str| {
        let m = markers.join(name);
        all.push(m.clone());
        m
    };
    let put = |rel: &str, data: &[u8]| {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, data).unwrap();
    };
    put(
        "proj/setup.py",
        format!(
            "from setuptools import setup\n{}setup(name='x')\n",
            touch(&next("setup"))
        )
        .as_bytes(),
    );
    put("proj/pkg/__init__.py", touch(&next("import")).as_bytes());
    put(
        "proj/run.sh",
        format!("#!/bin/sh\ntouch {}\n", next("shell").display()).as_bytes(),
    );
    put(
        "proj/tool",
        format!("#!/usr/bin/env python3\n{}", touch(&next("shebang"))).as_bytes(),
    );
    put("proj/conftest.py", touch(&next("conftest")).as_bytes());
    put(
        "site-packages/evil.pth",
        format!("import os; {}", touch(&next("pth")).trim_end()).as_bytes(),
    );
    put(
        "site-packages/sitecustomize.py",
        touch(&next("sitecustomize")).as_bytes(),
    );
    put(
        "site-packages/usercustomize.py",
        touch(&next("usercustomize")).as_bytes(),
    );
    let nb = serde_json::json!({
        "cells": [{"cell_type": "code", "source": [touch(&next("notebook"))], "metadata": {}, "outputs": [], "execution_count": null}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5
    });
    put("proj/analysis.ipynb", nb.to_string().as_bytes());
    // A pickle whose loading runs os.system("touch MARKER") (protocol 0).
    let pickled = format!("cos\nsystem\n(S'touch {}'\ntR.", next("pickle").display());
    put("proj/model.pkl", pickled.as_bytes());
    let whl_pth = format!("import os; {}", touch(&next("wheel-pth")).trim_end());
    let whl_init = touch(&next("wheel-import"));
    put(
        "cache/evil-1.0-py3-none-any.whl",
        &zip_of(&[
            ("evil-init.pth", whl_pth.as_bytes()),
            ("evil/__init__.py", whl_init.as_bytes()),
            ("evil-1.0.dist-info/METADATA", b"Name: evil\nVersion: 1.0\n"),
        ]),
    );
    let sdist_setup = format!(
        "from setuptools import setup\n{}setup(name='evil')\n",
        touch(&next("sdist-setup"))
    );
    put(
        "cache/evil-1.0.tar.gz",
        &tar_gz_of(&[
            ("evil-1.0/setup.py", sdist_setup.as_bytes()),
            ("evil-1.0/PKG-INFO", b"Name: evil\nVersion: 1.0\n"),
        ]),
    );
    all
}

#[test]
fn nothing_scanned_is_ever_executed() {
    let home = tempfile::tempdir().unwrap();
    let markers = tempfile::tempdir().unwrap();
    let root = home.path().join("work");
    let all = plant(&root, markers.path());
    // The same samples where a sweep looks: a user site-packages and pip's cache.
    let site = home.path().join(".local/lib/python3.12/site-packages");
    fs::create_dir_all(&site).unwrap();
    fs::copy(root.join("site-packages/evil.pth"), site.join("evil.pth")).unwrap();
    fs::copy(
        root.join("site-packages/sitecustomize.py"),
        site.join("sitecustomize.py"),
    )
    .unwrap();
    let wheels = home.path().join(".cache/pip/wheels/ab");
    fs::create_dir_all(&wheels).unwrap();
    fs::copy(
        root.join("cache/evil-1.0-py3-none-any.whl"),
        wheels.join("evil-1.0-py3-none-any.whl"),
    )
    .unwrap();

    let target = root.to_str().unwrap();
    let mut found_any = false;
    for format in ["human", "json", "jsonl"] {
        for cache in [&["--no-cache"][..], &[][..]] {
            let out = common::hiss()
                .args(["scan", "--format", format])
                .args(cache)
                .arg(target)
                .output()
                .unwrap();
            // Writing a file is not malware: what matters is that every
            // sample was read (and none of them run).
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{format}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            if format == "json" {
                let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                assert!(r["summary"]["files"].as_u64().unwrap() >= 12, "{r:#}");
                found_any = true;
            }
        }
    }
    let mut sweep = common::hiss();
    sweep
        .args(["sweep", "--user-only", "--format", "json", "--no-cache"])
        .env("HOME", home.path());
    for var in hiss::source::machine::PLACE_VARS {
        sweep.env_remove(var);
    }
    let out = sweep.output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        r["summary"]["files"].as_u64().unwrap() >= 3,
        "the sweep read the home: {r:#}"
    );
    assert!(found_any);
    for m in &all {
        assert!(!m.exists(), "{} was created: something ran", m.display());
    }
    assert_eq!(fs::read_dir(markers.path()).unwrap().count(), 0);
}
