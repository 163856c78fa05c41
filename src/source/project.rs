//! Which files of a source tree run when it is built or installed, besides
//! `setup.py` itself:
//!
//! - an in-tree build backend: `build-backend = "backend"` with
//!   `backend-path = ["_build"]` in `pyproject.toml` runs `_build/backend.py`;
//! - command classes: `[tool.setuptools.cmdclass]` in `pyproject.toml`,
//!   `cmdclass =` under `[options]` in `setup.cfg`, or `setup.py` passing
//!   `cmdclass=` classes it imports from local modules;
//! - local modules `setup.py` imports, anywhere in it (their top level runs
//!   at install, and so do the functions it imports from them by name);
//! - modules `setup.py` runs as scripts (`[sys.executable, "-m", "pkg.mod"]`,
//!   `python tool.py`): their `__main__` block runs at install too.
//!
//! The project is read from its own files only (no TOML or setuptools
//! evaluation): module names become candidate paths, and a file is a hook
//! when its path is one of them.

use crate::python::FileRole;
use crate::python::model::BuildRole;
use crate::source::folders::FolderMemo;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The files that decide what a build runs.
pub const PROJECT_FILES: [&str; 3] = ["pyproject.toml", "setup.cfg", "setup.py"];

/// Install-time files of one project, by path relative to its root (`/`).
#[derive(Debug, Default, Clone)]
pub struct Hooks {
    by_path: HashMap<String, BuildRole>,
}

impl Hooks {
    /// Reads the hooks from the project files' contents (absent ones: None).
    pub fn from_files(
        pyproject: Option<&[u8]>,
        setup_cfg: Option<&[u8]>,
        setup_py: Option<&[u8]>,
    ) -> Hooks {
        let mut hooks = Hooks::default();
        if let Some(text) = pyproject.map(String::from_utf8_lossy) {
            let (backend, dirs, cmdclass) = read_pyproject(&text);
            if let Some(backend) = backend
                && !dirs.is_empty()
            {
                for dir in &dirs {
                    hooks.add_module(dir, &backend, FileRole::InstallHook, &[]);
                }
            }
            for class in cmdclass {
                hooks.add_class(&class, FileRole::InstallHook);
            }
        }
        if let Some(text) = setup_cfg.map(String::from_utf8_lossy) {
            for class in read_setup_cfg_cmdclass(&text) {
                hooks.add_class(&class, FileRole::InstallHook);
            }
        }
        if let Some(text) = setup_py.map(String::from_utf8_lossy)
            && (text.contains("setuptools") || text.contains("distutils"))
        {
            // Code of commands pip never runs (`python setup.py import_cldr`)
            // is not install-time: drop those classes' lines.
            let text = install_time_text(&text);
            // A module that provides command classes runs whole during the
            // build; any other local import runs its top level.
            let role = if text.contains("cmdclass") {
                FileRole::InstallHook
            } else {
                FileRole::SetupImport
            };
            for (module, names) in imports(&text) {
                self_add(&mut hooks, &module, role, &names);
            }
            for module in scripts_run(&text) {
                match module.strip_suffix(".py") {
                    Some(path) => hooks.insert(
                        crate::source::archive::normalize(&format!("{path}.py")),
                        FileRole::InstallScript,
                        &[],
                    ),
                    None => self_add(&mut hooks, &module, FileRole::InstallScript, &[]),
                }
            }
        }
        hooks
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// How the build reaches the file at `rel` (relative to the project
    /// root), if it does.
    pub fn role_of(&self, rel: &str) -> Option<BuildRole> {
        self.by_path.get(rel).cloned()
    }

    /// `pkg.commands.Install` → the module `pkg.commands`.
    fn add_class(&mut self, dotted: &str, role: FileRole) {
        let dotted = dotted.split(':').next().unwrap_or(dotted).trim();
        match dotted.rsplit_once('.') {
            Some((module, _class)) => self.add_class_module(module, role),
            None => self.add_class_module(dotted, role),
        }
    }

    fn add_class_module(&mut self, module: &str, role: FileRole) {
        self_add(self, module, role, &[]);
    }

    /// `a.b` under `dir`: `a/b.py`, `a/b/__init__.py`, and `a/__init__.py`,
    /// which importing `a.b` runs first.
    fn add_module(&mut self, dir: &str, module: &str, role: FileRole, entries: &[String]) {
        let module = module.split(':').next().unwrap_or(module).trim();
        if module.is_empty()
            || !module
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        {
            return;
        }
        let dir = crate::source::archive::normalize(dir);
        let join = |rel: String| {
            if dir.is_empty() {
                rel
            } else {
                format!("{dir}/{rel}")
            }
        };
        let parts: Vec<&str> = module.split('.').collect();
        // Importing `a.b` runs `a/__init__.py` first (its top level only).
        let parent_role = if role == FileRole::InstallHook {
            role
        } else {
            FileRole::SetupImport
        };
        for i in 1..parts.len() {
            let pkg = parts[..i].join("/");
            self.insert(join(format!("{pkg}/__init__.py")), parent_role, &[]);
        }
        let path = parts.join("/");
        self.insert(join(format!("{path}.py")), role, entries);
        self.insert(join(format!("{path}/__init__.py")), role, entries);
    }

    /// Records a file; a file reached several ways keeps the strongest role
    /// and every entry.
    fn insert(&mut self, rel: String, role: FileRole, entries: &[String]) {
        let rank = |r: FileRole| match r {
            FileRole::InstallScript => 3,
            FileRole::InstallHook => 2,
            _ => 1,
        };
        let slot = self.by_path.entry(rel).or_insert(BuildRole {
            role,
            entries: Vec::new(),
        });
        if rank(role) > rank(slot.role) {
            slot.role = role;
        }
        for e in entries {
            if !slot.entries.contains(e) {
                slot.entries.push(e.clone());
            }
        }
    }
}

/// `build-backend`, `backend-path` and the `cmdclass` values of a
/// `pyproject.toml`, read line by line (the keys hiss needs are simple).
fn read_pyproject(text: &str) -> (Option<String>, Vec<String>, Vec<String>) {
    let mut section = String::new();
    let mut backend = None;
    let mut dirs = Vec::new();
    let mut cmdclass = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let line = strip_comment(line).trim();
        if line.starts_with('[') && !line.contains('=') {
            section = line.trim_matches(['[', ']', ' ']).to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, mut value) = (key.trim().trim_matches('"'), value.trim().to_string());
        // A multi-line array: gather until its closing bracket.
        if value.starts_with('[') && !value.contains(']') {
            for more in lines.by_ref() {
                value.push_str(strip_comment(more));
                if more.contains(']') {
                    break;
                }
            }
        }
        match (section.as_str(), key) {
            ("build-system", "build-backend") => backend = quoted(&value).into_iter().next(),
            ("build-system", "backend-path") => dirs = quoted(&value),
            ("tool.setuptools.cmdclass", _) => cmdclass.extend(quoted(&value)),
            ("tool.setuptools", "cmdclass") => cmdclass.extend(
                // An inline table: {install = "x.Install"}; only its values.
                quoted(&value).into_iter().filter(|v| v.contains('.')),
            ),
            _ => {}
        }
    }
    (backend, dirs, cmdclass)
}

/// The `cmdclass` values under `[options]` of a `setup.cfg`.
fn read_setup_cfg_cmdclass(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut in_cmdclass = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).trim().to_string();
            in_cmdclass = false;
            continue;
        }
        if section != "options" {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if !indented {
            in_cmdclass = false;
            if let Some((k, v)) = line.split_once('=')
                && k.trim() == "cmdclass"
            {
                in_cmdclass = true;
                if let Some((_, class)) = v.split_once('=') {
                    out.push(class.trim().to_string());
                }
            }
        } else if in_cmdclass && let Some((_, class)) = line.split_once('=') {
            out.push(class.trim().to_string());
        }
    }
    out
}

/// The setuptools commands a `pip install` (or build) runs.
const INSTALL_COMMANDS: &[&str] = &[
    "install",
    "build",
    "build_py",
    "build_ext",
    "build_clib",
    "build_scripts",
    "develop",
    "egg_info",
    "bdist_wheel",
    "bdist_egg",
    "sdist",
    "install_lib",
    "install_scripts",
    "install_data",
    "install_egg_info",
    "editable_wheel",
    "dist_info",
];

/// `setup.py` without the bodies of command classes registered only under
/// commands an install never runs (`cmdclass={'import_cldr': import_cldr}`).
/// A class registered nowhere visible is kept: it may run.
fn install_time_text(text: &str) -> String {
    // 'key': Class pairs, wherever they are written.
    let mut by_class: HashMap<String, Vec<String>> = HashMap::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(start) = rest.find(['"', '\'']) {
            let q = rest.as_bytes()[start] as char;
            let after = &rest[start + 1..];
            let Some(end) = after.find(q) else { break };
            let key = &after[..end];
            let tail = after[end + 1..].trim_start();
            if let Some(value) = tail.strip_prefix(':') {
                let class: String = value
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !class.is_empty() {
                    by_class.entry(class).or_default().push(key.to_string());
                }
            }
            rest = &after[end + 1..];
        }
    }
    let never_runs = |class: &str| {
        by_class
            .get(class)
            .is_some_and(|keys| keys.iter().all(|k| !INSTALL_COMMANDS.contains(&k.as_str())))
    };
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for line in text.lines() {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            skipping = line
                .strip_prefix("class ")
                .map(|rest| {
                    rest.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect::<String>()
                })
                .is_some_and(|class| never_runs(&class));
        }
        if !skipping {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// A module, at the project root or under `src/`, with the functions the
/// build calls by name.
fn self_add(hooks: &mut Hooks, module: &str, role: FileRole, entries: &[String]) {
    for prefix in ["", "src"] {
        hooks.add_module(prefix, module, role, entries);
    }
}

/// Absolute modules `setup.py` imports anywhere (a command class's `run`
/// often imports the payload), with the names it takes from each:
/// `import a.b` → (`a.b`, []), `from a import b, c as d` → (`a`, [b, c]).
/// Relative imports have no module path and are skipped.
fn imports(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = strip_comment(line).trim();
        for stmt in line.split(';').map(str::trim) {
            if let Some(rest) = stmt.strip_prefix("import ") {
                for part in rest.split(',') {
                    let module = part.split_whitespace().next().unwrap_or("");
                    out.push((module.to_string(), Vec::new()));
                }
            } else if let Some(rest) = stmt.strip_prefix("from ")
                && let Some((module, names)) = rest.split_once(" import ")
            {
                let module = module.trim();
                if module.starts_with('.') {
                    continue;
                }
                let names = names
                    .trim_matches(['(', ')', ' '])
                    .split(',')
                    .filter_map(|n| n.split_whitespace().next())
                    .filter(|n| *n != "*")
                    .map(str::to_string)
                    .collect();
                out.push((module.to_string(), names));
            }
        }
    }
    out.retain(|(m, _)| !m.is_empty());
    out
}

/// Modules and files `setup.py` runs as scripts: `"-m", "pkg.mod"` (an
/// f-string may name the package through a constant of `setup.py`),
/// `python -m pkg.mod` or `python tool.py` in a command line, and `.py`
/// paths handed to a spawn or to `exec(open(...))`.
fn scripts_run(text: &str) -> Vec<String> {
    // NAME = "value" constants, for f"{NAME}.sub" module names.
    let mut constants: HashMap<&str, &str> = HashMap::new();
    for line in text.lines() {
        if let Some((k, v)) = line.split_once('=') {
            let (k, v) = (k.trim(), v.trim());
            let unquoted = v.trim_matches(['"', '\'']);
            if !line.starts_with([' ', '\t'])
                && k.chars().all(|c| c.is_alphanumeric() || c == '_')
                && v.len() >= 2
                && (v.starts_with('"') || v.starts_with('\''))
                && unquoted
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
            {
                constants.insert(k, unquoted);
            }
        }
    }
    // Line by line, comments dropped: an apostrophe in a comment must not
    // pair with a quote further down.
    let strings: Vec<String> = text
        .lines()
        .flat_map(|l| quoted(strip_comment(l)))
        .collect();
    let mut out = Vec::new();
    for (i, s) in strings.iter().enumerate() {
        let mut s = s.clone();
        for (k, v) in &constants {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        if s == "-m"
            && let Some(next) = strings.get(i + 1)
        {
            let mut module = next.clone();
            for (k, v) in &constants {
                module = module.replace(&format!("{{{k}}}"), v);
            }
            out.push(module);
        }
        let words: Vec<&str> = s.split_whitespace().collect();
        for (j, w) in words.iter().enumerate() {
            if *w == "-m"
                && j > 0
                && words[j - 1].contains("python")
                && let Some(m) = words.get(j + 1)
            {
                out.push(m.to_string());
            }
            if w.ends_with(".py") && !w.ends_with("setup.py") && !w.contains('*') {
                out.push(w.to_string());
            }
        }
    }
    out.retain(|m| {
        !m.is_empty()
            && m.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '-'))
    });
    out
}

fn strip_comment(line: &str) -> &str {
    // Good enough for these keys: module names never hold '#'.
    line.split('#').next().unwrap_or(line)
}

/// The double- or single-quoted strings of a TOML value.
fn quoted(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find(['"', '\'']) {
        let q = rest.as_bytes()[start] as char;
        let after = &rest[start + 1..];
        let Some(end) = after.find(q) else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// Install hooks of files on disk: the nearest folder above a file holding
/// a project file decides. Shared by all workers; each project read once.
#[derive(Default)]
pub struct Projects {
    /// Folder → the project root it belongs to (None: no project above).
    root_of: FolderMemo<Option<PathBuf>>,
    hooks: FolderMemo<std::sync::Arc<Hooks>>,
}

impl Projects {
    /// The install-time role of a Python file on disk, if it has one.
    pub fn role_of(&self, file: &Path) -> Option<BuildRole> {
        let root = self.root(file.parent()?)?;
        let rel = file.strip_prefix(&root).ok()?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        let hooks = self.hooks.get_or_insert_with(&root, || {
            let read = |name: &str| std::fs::read(root.join(name)).ok();
            let (pyproject, cfg, setup) =
                (read("pyproject.toml"), read("setup.cfg"), read("setup.py"));
            std::sync::Arc::new(Hooks::from_files(
                pyproject.as_deref(),
                cfg.as_deref(),
                setup.as_deref(),
            ))
        });
        hooks.role_of(&rel)
    }

    fn root(&self, dir: &Path) -> Option<PathBuf> {
        self.root_of.get_or_insert_with(dir, || {
            if PROJECT_FILES.iter().any(|f| dir.join(f).is_file()) {
                Some(dir.to_path_buf())
            } else {
                dir.parent().and_then(|p| self.root(p))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(h: &Hooks, rel: &str) -> Option<FileRole> {
        h.role_of(rel).map(|b| b.role)
    }

    #[test]
    fn an_in_tree_backend_and_its_package_run_at_build() {
        let pyproject = br#"
[build-system]
requires = []
build-backend = "hooks.backend:build"   # the in-tree backend
backend-path = [
    "_custom_build",
]
"#;
        let h = Hooks::from_files(Some(pyproject), None, None);
        assert_eq!(
            role(&h, "_custom_build/hooks/backend.py"),
            Some(FileRole::InstallHook)
        );
        assert_eq!(
            role(&h, "_custom_build/hooks/__init__.py"),
            Some(FileRole::InstallHook)
        );
        assert_eq!(role(&h, "hooks/backend.py"), None);
    }

    #[test]
    fn a_backend_without_backend_path_is_an_installed_package() {
        let h = Hooks::from_files(
            Some(b"[build-system]\nbuild-backend = \"setuptools.build_meta\"\n"),
            None,
            None,
        );
        assert!(h.is_empty());
    }

    #[test]
    fn command_classes_from_pyproject_setup_cfg_and_setup_py() {
        let h = Hooks::from_files(
            Some(b"[tool.setuptools.cmdclass]\ninstall = \"build_tools.cmds.Install\"\n"),
            Some(b"[metadata]\nname = x\n[options]\ncmdclass =\n    develop = devhooks.Develop\n"),
            Some(
                b"from setuptools import setup\nfrom post_install import Post\nimport versioneer\nsetup(cmdclass={'install': Post})\n",
            ),
        );
        assert_eq!(role(&h, "build_tools/cmds.py"), Some(FileRole::InstallHook));
        assert_eq!(
            role(&h, "src/build_tools/cmds.py"),
            Some(FileRole::InstallHook)
        );
        assert_eq!(role(&h, "devhooks.py"), Some(FileRole::InstallHook));
        let post = h.role_of("post_install.py").unwrap();
        assert_eq!(post.role, FileRole::InstallHook);
        assert_eq!(post.entries, vec!["Post".to_string()]);
        assert_eq!(role(&h, "versioneer.py"), Some(FileRole::InstallHook));
        assert_eq!(role(&h, "pkg/core.py"), None);
    }

    #[test]
    fn setup_py_imports_anywhere_and_the_names_it_takes() {
        let h = Hooks::from_files(
            None,
            None,
            Some(b"import os\nfrom setuptools import setup\nfrom helper import version\n\ndef f():\n    from inner.sub import go, stop as s\n    go()\nsetup(version=version)\n"),
        );
        assert_eq!(role(&h, "helper.py"), Some(FileRole::SetupImport));
        let inner = h.role_of("inner/sub.py").unwrap();
        assert_eq!(inner.entries, vec!["go".to_string(), "stop".to_string()]);
        assert_eq!(role(&h, "inner/__init__.py"), Some(FileRole::SetupImport));
    }

    #[test]
    fn modules_setup_py_runs_as_scripts() {
        let h = Hooks::from_files(
            None,
            None,
            Some(
                br#"import subprocess, sys
from setuptools import setup
PACKAGE_NAME = "fmt_pkg"
# the user's analytics (an apostrophe in a comment)
subprocess.call([sys.executable, "-m", f"{PACKAGE_NAME}.utils.analyzer"])
subprocess.call([sys.executable, "-m", "poc.my_module"])
os.system("python3 tools/post.py --quiet")
class import_data(Command):
    def run(self):
        subprocess.check_call([sys.executable, "scripts/refresh.py"])
setup(name=PACKAGE_NAME, package_data={"": ["*.py"]}, cmdclass={"import_data": import_data})
"#,
            ),
        );
        for rel in [
            "fmt_pkg/utils/analyzer.py",
            "poc/my_module.py",
            "tools/post.py",
        ] {
            assert_eq!(role(&h, rel), Some(FileRole::InstallScript), "{rel}");
        }
        assert_eq!(role(&h, "fmt_pkg/__init__.py"), Some(FileRole::SetupImport));
        // `python setup.py import_data` is by hand, not part of an install.
        assert_eq!(role(&h, "scripts/refresh.py"), None);
    }
}
