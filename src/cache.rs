//! The result cache: what scanning a file produced, keyed by what decides it.
//!
//! The key is a BLAKE3 hash of the ruleset (the rules version, which digests
//! every rule and signature source with the extra `--rules`, this binary's
//! path, size and modification time, and the archive limits: any rebuild or
//! rule change starts afresh), the file's name (it decides the role: `setup.py`, a
//! `.pth`, a notebook), the build role the project around it gives it, and
//! its content. An archive is one entry: its members' results under the
//! archive's hash. A hit replays the stored events under the file's
//! current path, with fingerprints recomputed for it.
//!
//! Storage is SQLite in WAL mode (bundled, so nothing to install), in the
//! user cache folder (`HISS_CACHE_DIR`, else `$XDG_CACHE_HOME/hiss`,
//! `~/.cache/hiss`, `%LOCALAPPDATA%\hiss`): several hiss processes can share
//! it, a busy database makes a writer wait, and a database that cannot be
//! opened or written turns the cache off for the run instead of failing
//! the scan. Writes are batched; entries not used for longest are dropped
//! when the database grows past its size bound.

use crate::report::{Confidence, Context, Finding, Package, ScanError, Severity};
use crate::scan::Event;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// Database size above which the least recently used entries go.
pub const DEFAULT_MAX_BYTES: u64 = 512 << 20;
/// Entries written per transaction.
const BATCH: usize = 512;

/// A queued write: a key and its new value, or `None` to mark it used.
type Write = (Vec<u8>, Option<Vec<u8>>);

pub struct Cache {
    conn: Mutex<Connection>,
    ruleset: [u8; 32],
    pending: Mutex<Vec<Write>>,
    max_bytes: u64,
}

/// The folder the cache lives in when none is given.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("HISS_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(dir).join("hiss"));
    }
    if cfg!(windows) {
        return std::env::var_os("LOCALAPPDATA").map(|d| PathBuf::from(d).join("hiss"));
    }
    let home = std::env::var_os("HOME")?;
    if cfg!(target_os = "macos") {
        return Some(PathBuf::from(home).join("Library/Caches/hiss"));
    }
    Some(PathBuf::from(home).join(".cache/hiss"))
}

const DB_FILE: &str = "results.sqlite3";

impl Cache {
    /// Opens (or creates) the cache in `dir` for results of `ruleset`.
    pub fn open(dir: &Path, ruleset: [u8; 32], max_bytes: u64) -> Result<Cache, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| e.to_string())?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             PRAGMA synchronous=NORMAL;
             CREATE TABLE IF NOT EXISTS results (
                 key BLOB PRIMARY KEY,
                 value BLOB NOT NULL,
                 size INTEGER NOT NULL,
                 used INTEGER NOT NULL
             ) WITHOUT ROWID;
             CREATE INDEX IF NOT EXISTS results_used ON results(used);",
        )
        .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Cache {
            conn: Mutex::new(conn),
            ruleset,
            pending: Mutex::new(Vec::new()),
            max_bytes,
        })
    }

    /// The key of a file's results.
    pub fn key(&self, name: &str, role: &str, data: &[u8]) -> Vec<u8> {
        let mut h = blake3::Hasher::new();
        h.update(&self.ruleset);
        for part in [name.as_bytes(), role.as_bytes()] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.update(data);
        h.finalize().as_bytes().to_vec()
    }

    /// The events stored under `key`, placed at `display`; `None` on a miss
    /// or an entry that no longer reads.
    pub fn get(&self, key: &[u8], display: &str) -> Option<Vec<Event>> {
        let value: Option<Vec<u8>> = {
            // The statement is compiled once per connection, not per file:
            // the lookup holds the connection's lock for less time.
            let conn = self.conn.lock().ok()?;
            let mut select = conn
                .prepare_cached("SELECT value FROM results WHERE key = ?1")
                .ok()?;
            select
                .query_row([key], |r| r.get(0))
                .optional()
                .ok()
                .flatten()
        };
        let stored: Vec<Stored> = serde_json::from_slice(&value?).ok()?;
        self.queue(key.to_vec(), None);
        Some(stored.into_iter().map(|s| s.place(display)).collect())
    }

    /// Stores the events of the file shown as `display` under `key`.
    pub fn put(&self, key: Vec<u8>, display: &str, events: &[Event]) {
        let stored: Vec<Stored> = events.iter().map(|e| Stored::of(e, display)).collect();
        if let Ok(value) = serde_json::to_vec(&stored) {
            self.queue(key, Some(value));
        }
    }

    /// Queues a write (`Some`) or a touch (`None`), flushing full batches.
    fn queue(&self, key: Vec<u8>, value: Option<Vec<u8>>) {
        let batch = {
            let Ok(mut pending) = self.pending.lock() else {
                return;
            };
            pending.push((key, value));
            if pending.len() < BATCH {
                return;
            }
            std::mem::take(&mut *pending)
        };
        self.write(batch);
    }

    fn write(&self, batch: Vec<Write>) {
        if batch.is_empty() {
            return;
        }
        let now = now();
        let Ok(mut conn) = self.conn.lock() else {
            return;
        };
        // A failed write loses cache entries, never results.
        let _ = (|| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT OR REPLACE INTO results (key, value, size, used) VALUES (?1, ?2, ?3, ?4)",
                )?;
                let mut touch = tx.prepare_cached("UPDATE results SET used = ?2 WHERE key = ?1")?;
                for (key, value) in &batch {
                    match value {
                        Some(v) => {
                            insert.execute(params![key, v, (v.len() + key.len()) as i64, now])?
                        }
                        None => touch.execute(params![key, now])?,
                    };
                }
            }
            tx.commit()
        })();
    }

    /// Writes what is queued and keeps the database under its size bound.
    pub fn flush(&self) {
        let batch = self
            .pending
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default();
        self.write(batch);
        let Ok(conn) = self.conn.lock() else { return };
        let total: i64 = conn
            .query_row("SELECT COALESCE(SUM(size), 0) FROM results", [], |r| {
                r.get(0)
            })
            .unwrap_or(0);
        if (total as u64) <= self.max_bytes {
            return;
        }
        // Down to three quarters of the bound, least recently used first.
        let target = (self.max_bytes / 4 * 3) as i64;
        let _ = conn.execute(
            "DELETE FROM results WHERE key IN (
                 SELECT key FROM (
                     SELECT key, SUM(size) OVER (ORDER BY used DESC, key) AS kept
                     FROM results
                 ) WHERE kept > ?1
             )",
            [target],
        );
        let _ = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Removes the cache in `dir`; returns the bytes freed.
pub fn clean(dir: &Path) -> std::io::Result<u64> {
    let mut freed = 0;
    for suffix in ["", "-wal", "-shm"] {
        let path = dir.join(format!("{DB_FILE}{suffix}"));
        match std::fs::metadata(&path) {
            Ok(meta) => {
                freed += meta.len();
                std::fs::remove_file(&path)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(freed)
}

/// The hash of what decides results besides a file: the rules version
/// (`Signatures::version`, a digest of every rule's and signature's source,
/// extra `--rules` included), this executable, and `extra` (settings such as
/// archive limits).
pub fn ruleset(rules_version: &str, extra: &str) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    h.update(rules_version.as_bytes());
    // The executable by path, size and modification time: the engine
    // around the rules changes with any rebuild or upgrade, and reading
    // tens of megabytes at every start would cost more than a small scan.
    if let Ok(exe) = std::env::current_exe()
        && let Ok(meta) = std::fs::metadata(&exe)
    {
        h.update(exe.to_string_lossy().as_bytes());
        h.update(&meta.len().to_le_bytes());
        if let Ok(modified) = meta.modified()
            && let Ok(since) = modified.duration_since(UNIX_EPOCH)
        {
            h.update(&since.as_nanos().to_le_bytes());
        }
    }
    h.update(extra.as_bytes());
    *h.finalize().as_bytes()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// An event as stored: paths relative to the scanned file (`""` for the
/// file itself, `!/member` inside an archive), no fingerprint.
#[derive(Serialize, Deserialize)]
enum Stored {
    Finding(Box<StoredFinding>),
    Error { path: String, message: String },
    File { bytes: u64 },
}

#[derive(Serialize, Deserialize)]
struct StoredFinding {
    rule: String,
    name: String,
    severity: Severity,
    confidence: Confidence,
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: String,
    snippet: String,
    context: Context,
    chain: Vec<String>,
    sha256: String,
    package: Option<Package>,
    family: Option<String>,
    cell: Option<(usize, usize)>,
    line_text: String,
}

fn relative(path: &str, display: &str) -> String {
    path.strip_prefix(display).unwrap_or(path).to_string()
}

impl Stored {
    fn of(event: &Event, display: &str) -> Stored {
        match event {
            Event::Finding(f) => Stored::Finding(Box::new(StoredFinding {
                rule: f.rule.clone(),
                name: f.name.clone(),
                severity: f.severity,
                confidence: f.confidence,
                path: relative(&f.path, display),
                line: f.line,
                column: f.column,
                end_line: f.end_line,
                end_column: f.end_column,
                message: f.message.clone(),
                snippet: f.snippet.clone(),
                context: f.context,
                chain: f.chain.clone(),
                sha256: f.sha256.clone(),
                package: f.package.clone(),
                family: f.family.clone(),
                cell: f.cell,
                line_text: f.line_text.clone(),
            })),
            Event::Error(e) => Stored::Error {
                path: relative(&e.path, display),
                message: e.message.clone(),
            },
            Event::File { bytes } => Stored::File { bytes: *bytes },
        }
    }

    fn place(self, display: &str) -> Event {
        match self {
            Stored::Finding(f) => {
                let path = format!("{display}{}", f.path);
                Event::Finding(Box::new(Finding {
                    fingerprint: crate::analysis::fingerprint(&f.rule, &path, &f.snippet),
                    rule: f.rule,
                    name: f.name,
                    severity: f.severity,
                    confidence: f.confidence,
                    path,
                    line: f.line,
                    column: f.column,
                    end_line: f.end_line,
                    end_column: f.end_column,
                    message: f.message,
                    snippet: f.snippet,
                    context: f.context,
                    chain: f.chain,
                    sha256: f.sha256,
                    package: f.package,
                    family: f.family,
                    cell: f.cell,
                    line_text: f.line_text,
                }))
            }
            Stored::Error { path, message } => Event::Error(ScanError {
                path: format!("{display}{path}"),
                message,
            }),
            Stored::File { bytes } => Event::File { bytes },
        }
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}
