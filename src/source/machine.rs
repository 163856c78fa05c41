//! Where Python packages sit on this machine, for `hiss sweep`: the caches
//! of pip, uv, poetry, pipenv, pipx and conda, the site-packages of every
//! interpreter found (pyenv, uv-managed, system, Homebrew, python.org
//! frameworks, the Windows `py` launcher's folders, the user site), and the
//! virtual environments under home folders (every user's when run as root).
//!
//! Discovery only lists folders; the scan reads them with the same engine as
//! `hiss scan`. A place that exists but cannot be read is an error.

use crate::report::ScanError;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a found folder is, for the report and for `--list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    PipCache,
    UvCache,
    PoetryCache,
    PipenvCache,
    Pipx,
    Conda,
    SitePackages,
    Venv,
    Extra,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PipCache => "pip cache",
            Kind::UvCache => "uv cache",
            Kind::PoetryCache => "poetry cache",
            Kind::PipenvCache => "pipenv",
            Kind::Pipx => "pipx",
            Kind::Conda => "conda",
            Kind::SitePackages => "site-packages",
            Kind::Venv => "virtual environment",
            Kind::Extra => "extra root",
        }
    }
}

/// One folder to sweep.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub path: PathBuf,
    pub kind: Kind,
}

/// The environment variables that move the places sweep looks in.
pub const PLACE_VARS: &[&str] = &[
    "PIP_CACHE_DIR",
    "UV_CACHE_DIR",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "POETRY_CACHE_DIR",
    "PIPENV_CACHE_DIR",
    "WORKON_HOME",
    "PIPX_HOME",
    "CONDA_PKGS_DIRS",
    "CONDA_PREFIX",
    "PYENV_ROOT",
    "VIRTUAL_ENV",
    "LOCALAPPDATA",
    "APPDATA",
];

/// What discovery looks at: the environment, so that tests can fake it.
#[derive(Debug, Clone, Default)]
pub struct Machine {
    /// The current user's home (`HOME`, or `USERPROFILE` on Windows).
    pub home: Option<PathBuf>,
    /// Environment variables that move caches (`PIP_CACHE_DIR`, ...).
    pub vars: Vec<(String, String)>,
    /// Also every other user's home (run as root) and system interpreters.
    pub system: bool,
    /// Folders given with `--extra`.
    pub extra: Vec<PathBuf>,
}

impl Machine {
    /// This process's view: `HOME` decides the current user's home; system
    /// places and other homes are added unless `user_only`.
    pub fn current(user_only: bool, extra: Vec<PathBuf>) -> Machine {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(PathBuf::from);
        let vars = PLACE_VARS
            .iter()
            .filter_map(|k| std::env::var(k).ok().map(|v| (k.to_string(), v)))
            .collect();
        Machine {
            home,
            vars,
            system: !user_only,
            extra,
        }
    }

    fn var(&self, key: &str) -> Option<PathBuf> {
        self.vars
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| PathBuf::from(v))
            .filter(|p| !p.as_os_str().is_empty())
    }
}

/// The folders to sweep, nested ones folded into their parents, and the
/// places that exist but could not be read.
pub fn discover(m: &Machine) -> (Vec<Place>, Vec<ScanError>) {
    let mut found = Found::default();
    if let Some(home) = &m.home {
        found.user_places(m, home, true);
    }
    if m.system {
        for home in other_homes() {
            if Some(&home) != m.home.as_ref() {
                found.user_places(m, &home, false);
            }
        }
        found.system_places();
    }
    for extra in &m.extra {
        if extra.exists() {
            found.add(extra.clone(), Kind::Extra);
        } else {
            found.errors.push(ScanError {
                path: extra.display().to_string(),
                message: "no such file or directory (--extra)".to_string(),
            });
        }
    }
    (fold_nested(found.places), found.errors)
}

#[derive(Default)]
struct Found {
    places: BTreeSet<Place>,
    errors: Vec<ScanError>,
}

impl Found {
    fn add(&mut self, path: PathBuf, kind: Kind) {
        if path.is_dir() || (kind == Kind::Extra && path.exists()) {
            self.places.insert(Place { path, kind });
        }
    }

    /// Each of `paths` that exists (an unset variable is `None`).
    fn add_all(&mut self, paths: impl IntoIterator<Item = Option<PathBuf>>, kind: Kind) {
        for p in paths.into_iter().flatten() {
            self.add(p, kind);
        }
    }

    fn add_glob(&mut self, base: &Path, pattern: &str, kind: Kind) {
        for p in glob(base, pattern) {
            self.add(p, kind);
        }
    }

    /// The places in one home. `current`: environment variables apply.
    fn user_places(&mut self, m: &Machine, home: &Path, current: bool) {
        let var = |k: &str| if current { m.var(k) } else { None };
        let cache = var("XDG_CACHE_HOME").unwrap_or_else(|| home.join(".cache"));
        let data = var("XDG_DATA_HOME").unwrap_or_else(|| home.join(".local/share"));
        let local_appdata = var("LOCALAPPDATA").unwrap_or_else(|| home.join("AppData/Local"));
        let appdata = var("APPDATA").unwrap_or_else(|| home.join("AppData/Roaming"));

        // pip: downloads (extension-less bodies under http-v2/) and built wheels.
        self.add_all(
            [
                var("PIP_CACHE_DIR"),
                Some(cache.join("pip")),
                Some(home.join("Library/Caches/pip")),
                Some(local_appdata.join("pip/Cache")),
            ],
            Kind::PipCache,
        );
        self.add_all(
            [
                var("UV_CACHE_DIR"),
                Some(cache.join("uv")),
                Some(local_appdata.join("uv/cache")),
            ],
            Kind::UvCache,
        );
        // uv's tools are venvs; its managed interpreters have site-packages.
        self.add(data.join("uv/tools"), Kind::Venv);
        self.add_glob(
            &data.join("uv/python"),
            "*/lib/python*/site-packages",
            Kind::SitePackages,
        );
        self.add_all(
            [
                var("POETRY_CACHE_DIR"),
                Some(cache.join("pypoetry")),
                Some(home.join("Library/Caches/pypoetry")),
                Some(local_appdata.join("pypoetry/Cache")),
            ],
            Kind::PoetryCache,
        );
        self.add_all(
            [
                var("PIPENV_CACHE_DIR"),
                Some(cache.join("pipenv")),
                Some(home.join("Library/Caches/pipenv")),
                var("WORKON_HOME"),
                Some(data.join("virtualenvs")),
                Some(home.join(".virtualenvs")),
            ],
            Kind::PipenvCache,
        );
        self.add_all(
            [
                var("PIPX_HOME"),
                Some(data.join("pipx")),
                Some(home.join(".local/pipx")),
                Some(local_appdata.join("pipx")),
            ],
            Kind::Pipx,
        );
        // conda: package caches and environments.
        if let Some(dirs) = var("CONDA_PKGS_DIRS") {
            for d in std::env::split_paths(&dirs.into_os_string()) {
                self.add(d, Kind::Conda);
            }
        }
        if let Some(prefix) = var("CONDA_PREFIX") {
            self.conda_root(&prefix);
        }
        self.add(home.join(".conda/pkgs"), Kind::Conda);
        self.add(home.join(".conda/envs"), Kind::Conda);
        for name in [
            "miniconda3",
            "anaconda3",
            "miniforge3",
            "mambaforge",
            "micromamba",
            "miniconda",
            "anaconda",
        ] {
            self.conda_root(&home.join(name));
        }
        // Interpreters: pyenv, the user site, the Windows launcher's folders.
        let pyenv = var("PYENV_ROOT").unwrap_or_else(|| home.join(".pyenv"));
        self.add_glob(
            &pyenv,
            "versions/*/lib/python*/site-packages",
            Kind::SitePackages,
        );
        self.add_glob(
            &pyenv,
            "versions/*/envs/*/lib/python*/site-packages",
            Kind::SitePackages,
        );
        self.add_glob(home, ".local/lib/python*/site-packages", Kind::SitePackages);
        self.add_glob(
            home,
            "Library/Python/*/lib/python/site-packages",
            Kind::SitePackages,
        );
        self.add_glob(&appdata, "Python/Python*/site-packages", Kind::SitePackages);
        self.add_glob(
            &local_appdata,
            "Programs/Python/Python*/Lib/site-packages",
            Kind::SitePackages,
        );
        if let Some(venv) = var("VIRTUAL_ENV") {
            self.add(venv, Kind::Venv);
        }
        // Virtual environments anywhere under the home: a pyvenv.cfg marks one.
        match find_venvs(home, 7) {
            Ok(venvs) => {
                for v in venvs {
                    self.add(v, Kind::Venv);
                }
            }
            Err(e) => self.errors.push(e),
        }
    }

    fn conda_root(&mut self, root: &Path) {
        if !root.is_dir() {
            return;
        }
        self.add(root.join("pkgs"), Kind::Conda);
        self.add_glob(root, "lib/python*/site-packages", Kind::SitePackages);
        self.add_glob(root, "Lib/site-packages", Kind::SitePackages);
        self.add_glob(root, "envs/*/lib/python*/site-packages", Kind::SitePackages);
        self.add_glob(root, "envs/*/Lib/site-packages", Kind::SitePackages);
    }

    fn system_places(&mut self) {
        let root = Path::new("/");
        for pattern in [
            "usr/lib/python3*/site-packages",
            "usr/lib/python3*/dist-packages",
            "usr/lib/python3/dist-packages",
            "usr/lib64/python3*/site-packages",
            "usr/local/lib/python3*/site-packages",
            "usr/local/lib/python3*/dist-packages",
            "opt/homebrew/lib/python3*/site-packages",
            "opt/homebrew/Cellar/python@*/*/Frameworks/Python.framework/Versions/*/lib/python*/site-packages",
            "usr/local/Cellar/python@*/*/Frameworks/Python.framework/Versions/*/lib/python*/site-packages",
            "Library/Frameworks/Python.framework/Versions/*/lib/python*/site-packages",
            "opt/python*/lib/python*/site-packages",
        ] {
            self.add_glob(root, pattern, Kind::SitePackages);
        }
        for conda in [
            "/opt/conda",
            "/opt/miniconda3",
            "/opt/anaconda3",
            "/opt/miniforge3",
            "/usr/local/miniconda3",
            "/usr/local/anaconda3",
        ] {
            self.conda_root(Path::new(conda));
        }
        if cfg!(windows) {
            for base in ["C:/Program Files", "C:/Program Files (x86)", "C:/"] {
                self.add_glob(
                    Path::new(base),
                    "Python*/Lib/site-packages",
                    Kind::SitePackages,
                );
            }
            self.conda_root(Path::new("C:/ProgramData/Anaconda3"));
            self.conda_root(Path::new("C:/ProgramData/miniconda3"));
        }
    }
}

/// Every home folder but the current user's: from `/etc/passwd`, and the
/// folders under `/home` and `/Users` (directory services keep some users
/// out of passwd).
fn other_homes() -> Vec<PathBuf> {
    let mut homes = BTreeSet::new();
    if let Ok(passwd) = std::fs::read_to_string("/etc/passwd") {
        for line in passwd.lines() {
            let fields: Vec<&str> = line.split(':').collect();
            if let Some(home) = fields.get(5)
                && home.len() > 1
                && !["/nonexistent", "/bin", "/sbin", "/dev/null", "/var/empty"].contains(home)
            {
                homes.insert(PathBuf::from(home));
            }
        }
    }
    for base in ["/home", "/Users", "C:/Users"] {
        if let Ok(rd) = std::fs::read_dir(base) {
            homes.extend(rd.flatten().map(|e| e.path()));
        }
    }
    homes.into_iter().filter(|h| h.is_dir()).collect()
}

/// Folders below `home` (down to `depth`) holding a `pyvenv.cfg`.
fn find_venvs(home: &Path, depth: usize) -> Result<Vec<PathBuf>, ScanError> {
    let mut out = Vec::new();
    let mut walk = walkdir::WalkDir::new(home)
        .max_depth(depth)
        .follow_links(false)
        .into_iter();
    let mut first_error = None;
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                // The home itself unreadable is an error; a private folder
                // inside it is not where environments are looked for.
                if e.depth() == 0 && first_error.is_none() {
                    first_error = Some(ScanError {
                        path: home.display().to_string(),
                        message: format!("cannot look for virtual environments: {e}"),
                    });
                }
                continue;
            }
        };
        if !entry.file_type().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && matches!(name.as_ref(), "node_modules" | ".git" | "proc") {
            walk.skip_current_dir();
            continue;
        }
        if entry.path().join("pyvenv.cfg").is_file() {
            out.push(entry.path().to_path_buf());
            walk.skip_current_dir();
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// `base` joined with `pattern`, whose components may hold one `*`.
fn glob(base: &Path, pattern: &str) -> Vec<PathBuf> {
    let mut current = vec![base.to_path_buf()];
    for part in pattern.split('/').filter(|p| !p.is_empty()) {
        let mut next = Vec::new();
        for dir in &current {
            match part.split_once('*') {
                None => {
                    let p = dir.join(part);
                    if p.exists() {
                        next.push(p);
                    }
                }
                Some((prefix, suffix)) => {
                    let Ok(rd) = std::fs::read_dir(dir) else {
                        continue;
                    };
                    let mut matched: Vec<PathBuf> = rd
                        .flatten()
                        .filter(|e| {
                            let n = e.file_name().to_string_lossy().into_owned();
                            n.len() >= prefix.len() + suffix.len()
                                && n.starts_with(prefix)
                                && n.ends_with(suffix)
                        })
                        .map(|e| e.path())
                        .collect();
                    matched.sort();
                    next.extend(matched);
                }
            }
        }
        current = next;
    }
    current
}

/// Drops places inside other places (a poetry venv inside the poetry
/// cache, the same folder reached twice), so no file is scanned twice.
fn fold_nested(places: BTreeSet<Place>) -> Vec<Place> {
    let mut by_path: Vec<(PathBuf, Place)> = places
        .into_iter()
        .map(|p| (p.path.canonicalize().unwrap_or_else(|_| p.path.clone()), p))
        .collect();
    by_path.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(PathBuf, Place)> = Vec::new();
    for (canon, place) in by_path {
        if out.iter().any(|(kept, _)| canon.starts_with(kept)) {
            continue;
        }
        out.push((canon, place));
    }
    out.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fake_home_yields_its_caches_interpreters_and_venvs() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        for d in [
            ".cache/pip/http-v2",
            ".cache/uv/archive-v0",
            ".cache/pypoetry/virtualenvs/app-py3.11/lib",
            ".pyenv/versions/3.12.1/lib/python3.12/site-packages",
            "code/project/.venv/lib/python3.12/site-packages",
            "code/node_modules/x/.venv",
        ] {
            std::fs::create_dir_all(h.join(d)).unwrap();
        }
        std::fs::write(h.join("code/project/.venv/pyvenv.cfg"), "home = /usr\n").unwrap();
        std::fs::write(h.join("code/node_modules/x/.venv/pyvenv.cfg"), "").unwrap();
        std::fs::write(
            h.join(".cache/pypoetry/virtualenvs/app-py3.11/pyvenv.cfg"),
            "",
        )
        .unwrap();
        let m = Machine {
            home: Some(h.to_path_buf()),
            ..Machine::default()
        };
        let (places, errors) = discover(&m);
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<(String, Kind)> = places
            .iter()
            .map(|p| {
                (
                    p.path.strip_prefix(h).unwrap().display().to_string(),
                    p.kind,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (".cache/pip".to_string(), Kind::PipCache),
                // The poetry venv is inside the poetry cache: swept once.
                (".cache/pypoetry".to_string(), Kind::PoetryCache),
                (".cache/uv".to_string(), Kind::UvCache),
                (
                    ".pyenv/versions/3.12.1/lib/python3.12/site-packages".to_string(),
                    Kind::SitePackages
                ),
                ("code/project/.venv".to_string(), Kind::Venv),
            ]
        );
    }

    #[test]
    fn globs_match_one_star_per_component() {
        let d = tempfile::tempdir().unwrap();
        for p in [
            "lib/python3.11/site-packages",
            "lib/python3.12/site-packages",
            "lib/other",
        ] {
            std::fs::create_dir_all(d.path().join(p)).unwrap();
        }
        let got = glob(d.path(), "lib/python*/site-packages");
        assert_eq!(got.len(), 2);
        assert!(got[0].ends_with("python3.11/site-packages"));
    }
}
