//! Which distribution a file belongs to, from the metadata that ships with
//! it: `*.dist-info/METADATA` (wheels, installed packages), `PKG-INFO`
//! (sdists) and `*.egg-info/PKG-INFO` / `EGG-INFO/PKG-INFO` (eggs).

use crate::report::Package;
use crate::source::folders::FolderMemo;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
/// one distribution's metadata (an unpacked sdist or wheel), or, in a folder
/// that holds several (a `site-packages`), the distribution whose `RECORD`
/// or `top_level.txt` claims the file's top-level module, else whose
/// normalised name is that module's. Shared by all workers.
#[derive(Default)]
pub struct Packages {
    by_dir: FolderMemo<std::sync::Arc<DirPackages>>,
}

/// What one folder's metadata says.
#[derive(Debug, Default)]
struct DirPackages {
    /// The folder is one distribution.
    single: Option<Package>,
    /// Several: which distribution owns each top-level name under it.
    by_top: HashMap<String, Package>,
}

impl Packages {
    pub fn of_file(&self, file: &Path) -> Option<Package> {
        let mut child = file;
        let mut dir = file.parent();
        while let Some(d) = dir {
            let info = self.of_dir(d);
            if let Some(p) = &info.single {
                return Some(p.clone());
            }
            if !info.by_top.is_empty() {
                let top = child.file_name()?.to_string_lossy();
                let module = top.strip_suffix(".py").unwrap_or(&top);
                return info.by_top.get(module).cloned();
            }
            child = d;
            dir = d.parent();
        }
        None
    }

    fn of_dir(&self, dir: &Path) -> std::sync::Arc<DirPackages> {
        self.by_dir
            .get_or_insert_with(dir, || std::sync::Arc::new(read_dir_metadata(dir)))
    }
}

fn read_dir_metadata(dir: &Path) -> DirPackages {
    let mut out = DirPackages::default();
    if let Ok(data) = std::fs::read(dir.join("PKG-INFO")) {
        out.single = parse(&data);
        return out;
    }
    let mut found: Vec<(PathBuf, Package)> = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let file = if name.ends_with(".dist-info") {
            "METADATA"
        } else if name.ends_with(".egg-info") {
            "PKG-INFO"
        } else {
            continue;
        };
        if let Ok(data) = std::fs::read(entry.path().join(file))
            && let Some(p) = parse(&data)
        {
            found.push((entry.path(), p));
        }
    }
    if found.len() == 1 {
        out.single = found.pop().map(|(_, p)| p);
        return out;
    }
    for (meta_dir, package) in found {
        // The distribution's own name, as pip and importers normalise it.
        let own = package.name.to_ascii_lowercase().replace(['-', '.'], "_");
        out.by_top.entry(own).or_insert_with(|| package.clone());
        // RECORD (installed wheels) lists every file; top_level.txt names
        // the import packages.
        let record = std::fs::read(meta_dir.join("RECORD")).unwrap_or_default();
        let record = String::from_utf8_lossy(&record[..record.len().min(8 << 20)]).into_owned();
        let tops = record
            .lines()
            .filter_map(|l| l.split(',').next())
            .filter_map(|path| path.split('/').next())
            .map(|top| top.strip_suffix(".py").unwrap_or(top).to_string());
        let top_level = std::fs::read_to_string(meta_dir.join("top_level.txt")).unwrap_or_default();
        for top in tops.chain(top_level.lines().map(|l| l.trim().to_string())) {
            if top.is_empty()
                || top == ".."
                || top.ends_with(".dist-info")
                || top.ends_with(".egg-info")
            {
                continue;
            }
            // A RECORD claim wins over a name match.
            out.by_top.insert(top, package.clone());
        }
    }
    out
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

    #[test]
    fn a_site_packages_file_belongs_to_the_distribution_that_claims_it() {
        let site = tempfile::tempdir().unwrap();
        let put = |path: &str, text: &str| {
            let p = site.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        put(
            "colorsx-0.3.dist-info/METADATA",
            "Name: colorsx\nVersion: 0.3\n",
        );
        put(
            "Py_Thing-1.0.dist-info/METADATA",
            "Name: Py-Thing\nVersion: 1.0\n",
        );
        put(
            "Py_Thing-1.0.dist-info/RECORD",
            "thing/__init__.py,sha256=x,1\nthing_helper.py,sha256=y,2\nPy_Thing-1.0.dist-info/METADATA,,\n",
        );
        let packages = Packages::default();
        let of = |rel: &str| packages.of_file(&site.path().join(rel)).map(|p| p.name);
        assert_eq!(
            of("colorsx/__init__.py").as_deref(),
            Some("colorsx"),
            "by name"
        );
        assert_eq!(
            of("thing/sub/x.py").as_deref(),
            Some("Py-Thing"),
            "by RECORD"
        );
        assert_eq!(of("thing_helper.py").as_deref(), Some("Py-Thing"));
        assert_eq!(
            of("py_thing/x.py").as_deref(),
            Some("Py-Thing"),
            "normalised name"
        );
        assert_eq!(of("unknown/x.py"), None, "no claim, no guess");
    }
}
