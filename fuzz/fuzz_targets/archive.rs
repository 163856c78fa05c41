//! Arbitrary bytes as an archive: the kind the magic bytes say, and then
//! every kind regardless, with small limits. Members that are archives are
//! opened again (up to `max_depth`), as `hiss scan` does; metadata members
//! go through the PKG-INFO/METADATA parser.
#![no_main]

use hiss::source::archive::{self, Kind, Limits};
use hiss::source::package;
use libfuzzer_sys::fuzz_target;

const KINDS: [Kind; 6] = [
    Kind::Zip,
    Kind::Tar,
    Kind::TarGz,
    Kind::TarBz2,
    Kind::TarXz,
    Kind::TarZst,
];

fn limits() -> Limits {
    Limits {
        max_member: 1 << 20,
        max_total: 4 << 20,
        max_members: 1000,
        max_ratio: 250,
        max_depth: 2,
    }
}

fn open(data: &[u8], kind: Kind, limits: &Limits, depth: usize) {
    let problems = archive::read(data, kind, limits, &mut |member| {
        // Touch every byte of the member.
        let sum = member
            .data
            .iter()
            .fold(0u64, |a, &b| a.wrapping_mul(31).wrapping_add(b as u64));
        std::hint::black_box(sum);
        assert!(
            member.data.len() as u64 <= limits.max_member,
            "member {} has {} bytes, over max_member",
            member.name,
            member.data.len()
        );
        // normalize() promises no `..`, no leading `/`, no `\`.
        assert!(!member.name.starts_with('/'), "{:?}", member.name);
        assert!(!member.name.contains('\\'), "{:?}", member.name);
        assert!(
            !member.name.split('/').any(|p| p == ".." || p == "."),
            "{:?}",
            member.name
        );
        if package::is_metadata(&member.name) {
            std::hint::black_box(package::parse(&member.data));
        }
        if depth + 1 < limits.max_depth
            && let Some(inner) = archive::detect(&member.data)
        {
            open(&member.data, inner, limits, depth + 1);
        }
    });
    std::hint::black_box(problems);
}

fuzz_target!(|data: &[u8]| {
    let limits = limits();
    let detected = archive::detect(data);
    if let Some(kind) = detected {
        open(data, kind, &limits, 0);
    }
    for kind in KINDS {
        if Some(kind) != detected {
            open(data, kind, &limits, 0);
        }
    }
});
