//! `--since REV`: only the files a pull request changed, for fast checks in
//! big repositories.
//!
//! The changed set is the tree diff `REV..HEAD` (what was committed since
//! REV), plus the project files that decide how a changed module runs
//! (`setup.py`, `setup.cfg`, `pyproject.toml` of each project folder above
//! it): a module is install-time code when its project's build imports it,
//! and a changed `setup.py` is scanned with what it imports. Uncommitted
//! changes are not in the set; CI checks out a commit.
//!
//! git is run, never the repository's code. A repository's own
//! `.git/config` can name commands git runs (fsmonitor, filter drivers,
//! external diff, textconv), so only a tree-to-tree diff is asked for (no
//! working-tree comparison, so no clean filter runs), with fsmonitor,
//! external diff and textconv off, and the revision after
//! `--end-of-options` so it is never read as an option.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Files that decide how a folder's Python is built and installed.
const PROJECT_FILES: [&str; 3] = ["setup.py", "setup.cfg", "pyproject.toml"];

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.untrackedCache=false",
        ])
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.first().unwrap_or(&""),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// The files under `arg` changed since `rev`, as the walk would reach them
/// from `arg` (`./src/x.py` for `.`), with their projects' build files.
pub fn since(arg: &Path, rev: &str) -> Result<Vec<PathBuf>, String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let abs_arg = crate::config::absolute(&cwd, arg);
    let dir = if abs_arg.is_dir() {
        abs_arg.clone()
    } else {
        abs_arg.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(
        String::from_utf8_lossy(&top)
            .trim_end_matches(['\n', '\r'])
            .to_string(),
    );
    // The toplevel git prints is resolved through links; the argument may
    // not be: compare both resolved.
    let real_arg = abs_arg.canonicalize().unwrap_or(abs_arg.clone());
    let names = git(
        &top,
        &[
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--diff-filter=d",
            "--end-of-options",
            rev,
            "HEAD",
        ],
    )?;
    let mut out: Vec<PathBuf> = Vec::new();
    let mut add = |p: PathBuf| {
        if let Ok(rel) = p.strip_prefix(&real_arg) {
            let shown = if rel.as_os_str().is_empty() {
                arg.to_path_buf()
            } else {
                arg.join(rel)
            };
            if p.is_file() && !out.contains(&shown) {
                out.push(shown);
            }
        }
    };
    for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let file = top.join(String::from_utf8_lossy(name).as_ref());
        add(file.clone());
        // The build files of every project folder above it, up to the top.
        let mut dir = file.parent();
        while let Some(d) = dir {
            for f in PROJECT_FILES {
                add(d.join(f));
            }
            if d == top {
                break;
            }
            dir = d.parent();
        }
    }
    out.sort();
    Ok(out)
}
