//! Arbitrary bytes analysed as one file: the first byte picks the name the
//! file is reached as (and so its language and role), the rest is its
//! content. Exercises parsing, name resolution, constant folding, the
//! decoders, the signatures and every rule.
#![no_main]

use hiss::analysis::Worker;
use hiss::signatures::Signatures;
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;
use std::sync::LazyLock;

const PATHS: [&str; 6] = [
    "x.py",
    "setup.py",
    "x.pth",
    "x.ipynb",
    "sitecustomize.py",
    "x.txt",
];

static SIGS: LazyLock<Signatures> = LazyLock::new(|| {
    Signatures::load(&[] as &[&std::path::Path]).expect("embedded signatures compile")
});

thread_local! {
    // One worker for the whole run, as one rayon thread reuses it for every
    // file it scans.
    static WORKER: RefCell<Worker<'static>> = RefCell::new(Worker::new(&SIGS));
}

fuzz_target!(|input: &[u8]| {
    let Some((&selector, data)) = input.split_first() else {
        return;
    };
    let path = PATHS[selector as usize % PATHS.len()];
    WORKER.with(|w| {
        let result = w.borrow_mut().analyze(path, data);
        // Touch the results: every finding must render.
        for f in &result.findings {
            std::hint::black_box(format!("{f:?}"));
        }
        std::hint::black_box(result.errors.len());
    });
});
