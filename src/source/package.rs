//! Which distribution a file belongs to, from the metadata that ships with
//! it: `*.dist-info/METADATA` (wheels, installed packages), `PKG-INFO`
//! (sdists) and `*.egg-info/PKG-INFO` / `EGG-INFO/PKG-INFO` (eggs).

use crate::report::Package;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Whether a member or file name is a distribution's metadata file.
pub fn is_metadata(name: &str) -> bool {
    let mut parts = name.rsplit('/');
    let file = parts.next().unwrap_or("");
    let dir = parts.next().unwrap_or("");
    (file == "METADATA" && dir.ends_with(".dist-info"))
        || (file == "PKG-INFO"
            && (name.matches('/').count() <= 1 || dir.ends_with(".egg-info") || dir == "EGG-INFO"))
}

/// `Name:` and `Version:` from the headers of a metadata file.
pub fn parse(metadata: &[u8]) -> Option<Package> {
    let text = String::from_utf8_lossy(&metadata[..metadata.len().min(64 << 10)]);
    let mut name = None;
    let mut version = None;
    for line in text.lines() {
        if line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Name:") {
            name.get_or_insert_with(|| v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("Version:") {
            version.get_or_insert_with(|| v.trim().to_string());
        }
    }
    Some(Package {
        name: name.filter(|n| !n.is_empty())?,
        version: version.unwrap_or_default(),
    })
}

/// The package of files on disk: the nearest folder above them that holds
/// one distribution's metadata (an unpacked sdist or wheel). Folders holding
/// several (a `site-packages`) name none. Shared by all workers.
#[derive(Default)]
pub struct Packages {
    by_dir: Mutex<HashMap<PathBuf, Option<Package>>>,
}

impl Packages {
    pub fn of_file(&self, file: &Path) -> Option<Package> {
        let mut dir = file.parent();
        while let Some(d) = dir {
            if let Some(p) = self.of_dir(d) {
                return Some(p);
            }
            dir = d.parent();
        }
        None
    }

    fn of_dir(&self, dir: &Path) -> Option<Package> {
        if let Some(known) = self.by_dir.lock().ok()?.get(dir) {
            return known.clone();
        }
        let found = read_dir_metadata(dir);
        if let Ok(mut cache) = self.by_dir.lock() {
            cache.insert(dir.to_path_buf(), found.clone());
        }
        found
    }
}

fn read_dir_metadata(dir: &Path) -> Option<Package> {
    if let Ok(data) = std::fs::read(dir.join("PKG-INFO")) {
        return parse(&data);
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let file = if name.ends_with(".dist-info") {
            "METADATA"
        } else if name.ends_with(".egg-info") {
            "PKG-INFO"
        } else {
            continue;
        };
        if let Ok(data) = std::fs::read(entry.path().join(file)) {
            found.extend(parse(&data));
        }
        if found.len() > 1 {
            return None;
        }
    }
    found.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_headers() {
        let p =
            parse(b"Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n\nName: not-this\n").unwrap();
        assert_eq!((p.name.as_str(), p.version.as_str()), ("evil", "1.0"));
        assert!(is_metadata("evil-1.0.dist-info/METADATA"));
        assert!(is_metadata("evil-1.0/PKG-INFO"));
        assert!(is_metadata("evil.egg-info/PKG-INFO"));
        assert!(!is_metadata("docs/METADATA"));
    }
}
