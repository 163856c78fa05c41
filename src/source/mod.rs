//! Sources: what to scan, found by walking the paths given.
//!
//! Not a search tool's walk: a scanner must look in hidden folders, `.venv`,
//! `site-packages` and git-ignored files, so nothing is filtered. Symlinks are
//! never followed (a link out of the tree or a loop must not redirect the
//! scan), and FIFOs, sockets and devices are never opened.

pub mod archive;
pub mod changed;
pub mod folders;
pub mod machine;
pub mod package;
pub mod project;

use crate::report::ScanError;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One regular file to scan.
#[derive(Debug, Clone)]
pub struct Item {
    pub path: PathBuf,
    /// The path as reached from the argument given, as reports show it.
    pub display: String,
    pub size: u64,
}

/// What the walk yields: a file to scan, or a path it could not enter.
pub type Walked = Result<Item, ScanError>;

/// Every regular file under `roots`, lazily, in directory order.
///
/// `skip` is asked about every entry below a root, as it is reached from the
/// argument (`dir/sub`, `dir/sub/x.py`); a folder it skips is not descended.
/// The roots themselves were asked for by name and are never skipped.
pub fn walk<'a>(
    roots: &'a [PathBuf],
    skip: &'a (dyn Fn(&str, bool) -> bool + Sync),
) -> impl Iterator<Item = Walked> + Send + 'a {
    roots.iter().flat_map(move |root| {
        WalkDir::new(root)
            .follow_links(false)
            .follow_root_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(move |e| {
                e.depth() == 0 || !skip(&display(e.path()), e.file_type().is_dir())
            })
            .filter_map(|entry| match entry {
                Ok(e) => {
                    let ft = e.file_type();
                    if !ft.is_file() {
                        // Directories are descended and links are not
                        // followed; a FIFO, socket or device is never opened
                        // (reading one can block or never end), and says so.
                        return special_kind(&ft).map(|kind| {
                            Err(ScanError {
                                path: display(e.path()),
                                message: format!("not a regular file ({kind}): not read"),
                            })
                        });
                    }
                    let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                    Some(Ok(Item {
                        display: display(e.path()),
                        path: e.into_path(),
                        size,
                    }))
                }
                Err(err) => {
                    let path = err.path().map(display).unwrap_or_else(|| display(root));
                    let message = match err.io_error() {
                        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                            "no such file or directory".to_string()
                        }
                        Some(io) => format!("cannot read: {io}"),
                        None => err.to_string(),
                    };
                    Some(Err(ScanError { path, message }))
                }
            })
    })
}

/// What a file that is neither a regular file, a folder nor a link is.
#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> Option<&'static str> {
    None
}

/// What a file that is neither a regular file, a folder nor a link is.
#[cfg(unix)]
fn special_kind(ft: &std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        Some("a FIFO")
    } else if ft.is_socket() {
        Some("a socket")
    } else if ft.is_char_device() {
        Some("a character device")
    } else if ft.is_block_device() {
        Some("a block device")
    } else {
        None
    }
}

fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
