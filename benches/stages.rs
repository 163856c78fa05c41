//! Throughput (MB/s on one core) of each stage of the analysis of a Python
//! file, on real code.
//!
//!     cargo bench --bench stages
//!     HISS_BENCH_TREE=~/.cache/hiss-eval/bench/tree HISS_BENCH_MB=64 cargo bench --bench stages
//!
//! The sample is the `.py` files under `HISS_BENCH_TREE` (default: the
//! CPython standard library of `python3`), read in path order until
//! `HISS_BENCH_MB` megabytes (default 16). Stages, in pipeline order:
//!
//! - `parse`: tree-sitter-python, the floor of every AST rule;
//! - `model`: the module model (scopes, bindings, calls resolved to names)
//!   from trees parsed beforehand;
//! - `model_and_rules`: the model and every rule on it (rules alone are the
//!   difference);
//! - `signatures_raw`: YARA-X over the raw bytes, what a file no rule can
//!   fire on still gets;
//! - `analyze`: all of one file's analysis as a scan runs it (parse, model,
//!   rules, joined-string signatures, decoded layers, hashes).
//!
//! One thread each: multiply by the cores a scan gets.

use divan::counter::BytesCount;
use hiss::analysis::Worker;
use hiss::python::{self, FileRole, Module};
use hiss::rules::{self, Checker};
use hiss::signatures::{self, Signatures};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

fn main() {
    let files = &*SAMPLE;
    let bytes: usize = files.iter().map(|(_, d)| d.len()).sum();
    eprintln!(
        "sample: {} files, {:.1} MB from {}",
        files.len(),
        bytes as f64 / 1e6,
        sample_root().display()
    );
    divan::main();
}

static SAMPLE: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let limit = std::env::var("HISS_BENCH_MB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(16)
        << 20;
    let mut out = Vec::new();
    let mut total = 0;
    for entry in walkdir::WalkDir::new(sample_root()).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "py") {
            continue;
        }
        let Ok(data) = std::fs::read(entry.path()) else {
            continue;
        };
        total += data.len();
        out.push((entry.path().display().to_string(), data));
        if total >= limit {
            break;
        }
    }
    assert!(
        !out.is_empty(),
        "no .py files under {}",
        sample_root().display()
    );
    out
});

fn sample_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("HISS_BENCH_TREE") {
        return PathBuf::from(dir);
    }
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 to locate the standard library (or set HISS_BENCH_TREE)");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// The sample parsed beforehand, for the stages after the parser.
fn parsed_sample() -> Vec<hiss::python::tree::Tree> {
    let mut parser = python::parser();
    SAMPLE
        .iter()
        .map(|(_, d)| python::parse(&mut parser, d).expect("tree-sitter returns a tree"))
        .collect()
}

fn sample_bytes() -> BytesCount {
    BytesCount::new(SAMPLE.iter().map(|(_, d)| d.len()).sum::<usize>())
}

static SIGNATURES: LazyLock<Signatures> =
    LazyLock::new(|| Signatures::load(&[] as &[&Path]).expect("embedded signatures compile"));

#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse(bencher: divan::Bencher) {
    let mut parser = python::parser();
    bencher.counter(sample_bytes()).bench_local(|| {
        for (_, data) in SAMPLE.iter() {
            divan::black_box(python::parse(&mut parser, data));
        }
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn model(bencher: divan::Bencher) {
    let trees = parsed_sample();
    bencher.counter(sample_bytes()).bench_local(|| {
        for ((_, data), tree) in SAMPLE.iter().zip(&trees) {
            divan::black_box(Module::build(data, tree, FileRole::Module).calls.len());
        }
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn model_and_rules(bencher: divan::Bencher) {
    let trees = parsed_sample();
    bencher.counter(sample_bytes()).bench_local(|| {
        for ((_, data), tree) in SAMPLE.iter().zip(&trees) {
            let module = Module::build(data, tree, FileRole::Module);
            let mut checker = Checker::new();
            rules::check_all(&module, &mut checker);
            divan::black_box(checker.into_findings());
        }
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn signatures_raw(bencher: divan::Bencher) {
    let sigs = &*SIGNATURES;
    let mut scanner = sigs.scanner();
    bencher.counter(sample_bytes()).bench_local(|| {
        for (_, data) in SAMPLE.iter() {
            divan::black_box(signatures::scan(sigs, &mut scanner, data).ok());
        }
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn analyze(bencher: divan::Bencher) {
    let mut worker = Worker::new(&SIGNATURES);
    bencher.counter(sample_bytes()).bench_local(|| {
        for (path, data) in SAMPLE.iter() {
            divan::black_box(worker.analyze(path, data));
        }
    });
}

/// Each rule alone on models built beforehand: where the rules' share goes.
#[divan::bench(sample_count = 3, sample_size = 1, args = rule_ids())]
fn rule(bencher: divan::Bencher, id: &str) {
    let rule = rules::REGISTRY
        .iter()
        .find(|r| r.meta().id == id)
        .expect("a registered rule");
    let trees = parsed_sample();
    bencher.counter(sample_bytes()).bench_local(|| {
        for ((_, data), tree) in SAMPLE.iter().zip(&trees) {
            // A fresh model each time: the fold and decoder memos live in it.
            let module = Module::build(data, tree, FileRole::Module);
            let mut checker = Checker::new();
            rule.check(&module, &mut checker);
            divan::black_box(checker.into_findings());
        }
    });
}

fn rule_ids() -> Vec<&'static str> {
    rules::REGISTRY.iter().map(|r| r.meta().id).collect()
}
