//! The package and project metadata parsers on arbitrary bytes:
//! PKG-INFO/METADATA headers, notebooks (JSON), and the project files that
//! say which modules a build runs (`pyproject.toml`, `setup.cfg`,
//! `setup.py`).
//!
//! `Projects::role_of` (the on-disk entry) only finds the project root and
//! reads the three files into `Hooks::from_files`, which takes bytes, so the
//! parsers are fuzzed through `Hooks::from_files` directly, no disk needed.
//! The settings-file parser (hiss.toml) has its own target, `config`.
#![no_main]

use hiss::python::notebook::Notebook;
use hiss::source::package;
use hiss::source::project::Hooks;
use libfuzzer_sys::fuzz_target;

/// Paths a build commonly reaches, to query the hooks with.
const PROBES: [&str; 6] = [
    "setup.py",
    "_build/backend.py",
    "pkg/__init__.py",
    "pkg/commands.py",
    "tools/build.py",
    "a/b.py",
];

fn query(h: &Hooks) {
    std::hint::black_box(h.is_empty());
    for p in PROBES {
        std::hint::black_box(h.role_of(p));
    }
}

fuzz_target!(|data: &[u8]| {
    std::hint::black_box(package::parse(data));

    if let Ok(nb) = Notebook::extract(data) {
        // Every line of the extracted code maps back to a cell.
        let lines = nb.code.split(|&b| b == b'\n').count();
        for line in 1..=lines + 1 {
            std::hint::black_box(nb.origin(line));
        }
    }

    // The whole input as each project file alone.
    query(&Hooks::from_files(Some(data), None, None));
    query(&Hooks::from_files(None, Some(data), None));
    query(&Hooks::from_files(None, None, Some(data)));

    // And split on NUL into pyproject.toml, setup.cfg and setup.py together.
    let mut parts = data.splitn(3, |&b| b == 0);
    let (a, b, c) = (parts.next(), parts.next(), parts.next());
    if b.is_some() {
        query(&Hooks::from_files(a, b, c));
    }
});
