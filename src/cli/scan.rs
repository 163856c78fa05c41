//! `hiss scan` and `hiss sweep`: run the pipeline with one printer thread.

use super::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE, FailOn, Format, Settings, SweepArgs};
use crate::analysis::FileLimits;
use crate::baseline::Baseline;
use crate::cache;
use crate::config::Config;
use crate::report::jsonl::{self, Host};
use crate::report::{Report, ScanError, github, human, json, sarif};
use crate::scan::{self, Collector, Event, Options};
use crate::signatures::Signatures;
use crate::source::archive;
use crate::source::machine::{self, Machine};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `hiss scan PATHS`; `host` opens a JSONL stream (sweeps).
pub fn run(paths: &[PathBuf], settings: &Settings, host: Option<Host>) -> u8 {
    run_with(paths, settings, Vec::new(), |_| host, true, None)
}

/// `hiss scan --since REV PATHS`: the files of PATHS changed since REV.
pub fn run_since(paths: &[PathBuf], rev: &str, settings: &Settings) -> u8 {
    let mut changed = Vec::new();
    for p in paths {
        match crate::source::changed::since(p, rev) {
            Ok(files) => changed.extend(files),
            Err(e) => {
                eprintln!("hiss: --since {rev}: {}: {e}", p.display());
                return EXIT_TROUBLE;
            }
        }
    }
    // Settings are looked for from the folders given, not the files found.
    run_with(paths, settings, Vec::new(), |_| None, true, Some(changed))
}

/// `hiss sweep`: discover this machine's places, then scan them.
pub fn sweep(args: &SweepArgs) -> u8 {
    let m = Machine::current(args.user_only, args.extra.clone());
    let (places, errors) = machine::discover(&m);
    if args.list {
        let mut out = std::io::stdout().lock();
        for p in &places {
            let _ = writeln!(out, "{}\t{}", p.kind.as_str(), p.path.display());
        }
        for e in &errors {
            eprintln!("hiss: {}: {}", e.path, e.message);
        }
        return if errors.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_TROUBLE
        };
    }
    let settings = &args.settings;
    if !settings.quiet && settings.format == Format::Human && std::io::stderr().is_terminal() {
        eprintln!("hiss: sweeping {} places", places.len());
        for p in &places {
            eprintln!("  {:<20} {}", p.kind.as_str(), p.path.display());
        }
    }
    let paths: Vec<PathBuf> = places.into_iter().map(|p| p.path).collect();
    // A sweep reads no settings file from the places it sweeps: a package
    // could carry one that allowlists itself.
    run_with(
        &paths,
        settings,
        errors,
        |sigs| Some(Host::current(&sigs.version)),
        false,
        None,
    )
}

/// The result cache for this run, or `None` (with a warning) when its
/// database cannot be opened: the scan goes on without it.
fn open_cache(
    settings: &Settings,
    sigs: &Signatures,
    opts: &Options,
) -> Option<std::sync::Arc<cache::Cache>> {
    let dir = cache::default_dir()?;
    let extra = format!(
        "{:?} {} {} {:?}",
        opts.archive_limits,
        opts.max_file_size,
        opts.file_limits.max_decoded,
        opts.file_limits.parse_memory
    );
    match cache::Cache::open(
        &dir,
        cache::ruleset(&sigs.version, &extra),
        cache::DEFAULT_MAX_BYTES,
    ) {
        Ok(c) => Some(std::sync::Arc::new(c)),
        Err(e) => {
            if !settings.quiet {
                eprintln!("hiss: result cache off for this run: {e}");
            }
            None
        }
    }
}

fn run_with(
    paths: &[PathBuf],
    settings: &Settings,
    mut early_errors: Vec<ScanError>,
    host: impl FnOnce(&Signatures) -> Option<Host>,
    discover: bool,
    only: Option<Vec<PathBuf>>,
) -> u8 {
    let started = std::time::Instant::now();
    if settings.nice {
        for problem in super::priority::lower() {
            eprintln!("hiss: --nice: cannot lower the {problem}");
        }
    }
    let config = if settings.isolated {
        Ok(Config::default())
    } else if discover {
        Config::discover(settings.config.as_deref(), paths)
    } else {
        match &settings.config {
            Some(file) => Config::load(file),
            None => Ok(Config::default()),
        }
    };
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            eprintln!("hiss: {e}");
            return EXIT_TROUBLE;
        }
    };
    let extra: Vec<&Path> = settings
        .rules
        .iter()
        .chain(&config.signatures)
        .map(|p| p.as_path())
        .collect();
    let sigs = match Signatures::load(&extra) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hiss: {e}");
            return EXIT_TROUBLE;
        }
    };
    let unknown = config.unknown_rules(&|id| {
        sigs.list.iter().any(|s| s.id == id)
            || crate::rules::REGISTRY.iter().any(|r| r.meta().id == id)
    });
    if !unknown.is_empty() {
        for e in unknown {
            eprintln!("hiss: {e}");
        }
        return EXIT_TROUBLE;
    }
    early_errors.extend(config.expired().into_iter().map(|e| ScanError {
        path: e.path.display().to_string(),
        message: match e.line {
            Some(line) => format!("line {line}: {}", e.message),
            None => e.message,
        },
    }));
    let limits = &config.limits;
    let archive_defaults = archive::Limits::default();
    let file_defaults = FileLimits::default();
    let file_timeout = settings.file_timeout.or(limits.file_timeout);
    let mut opts = Options {
        threads: settings.threads,
        max_file_size: settings
            .max_file_size
            .or(limits.max_file_size)
            .unwrap_or(Options::default().max_file_size),
        archive_limits: archive::Limits {
            max_member: settings
                .max_member_size
                .or(limits.max_member_size)
                .unwrap_or(archive_defaults.max_member),
            max_total: settings
                .max_archive_size
                .or(limits.max_archive_size)
                .unwrap_or(archive_defaults.max_total),
            max_members: settings
                .max_members
                .or(limits.max_members)
                .unwrap_or(archive_defaults.max_members),
            max_ratio: settings
                .max_ratio
                .or(limits.max_ratio)
                .unwrap_or(archive_defaults.max_ratio),
            max_depth: settings
                .max_depth
                .or(limits.max_depth)
                .unwrap_or(archive_defaults.max_depth),
        },
        file_limits: FileLimits {
            time: match file_timeout {
                Some(t) if t > 0.0 => Some(Duration::from_secs_f64(t)),
                Some(_) => None,
                None => file_defaults.time,
            },
            max_decoded: settings
                .max_decoded_size
                .or(limits.max_decoded_size)
                .unwrap_or(file_defaults.max_decoded),
            parse_memory: match settings.max_parse_memory.or(limits.max_parse_memory) {
                Some(0) => None,
                Some(n) => Some(n),
                None => file_defaults.parse_memory,
            },
        },
        config: std::sync::Arc::new(config),
        cache: None,
        deadline: settings
            .max_time
            .and_then(|t| started.checked_add(Duration::from_secs_f64(t))),
    };
    if !settings.no_cache {
        opts.cache = open_cache(settings, &sigs, &opts);
    }
    let mut baseline = match settings.baseline.as_deref().map(Baseline::load) {
        None => None,
        Some(Ok(b)) => Some(b),
        Some(Err(e)) => {
            eprintln!("hiss: {e}");
            return EXIT_TROUBLE;
        }
    };
    let fail_on = settings
        .fail_on
        .map(FailOn::threshold)
        .or(opts.config.fail_on)
        .unwrap_or(Some(crate::report::Severity::High));
    let host = host(&sigs);
    let format = settings.format;
    // `--output FILE`: created before the scan, so a bad path costs nothing.
    let output = match &settings.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("hiss: --output {}: {e}", path.display());
                return EXIT_TROUBLE;
            }
        },
        None => None,
    };
    let (stream_file, document_file) = if format == Format::Jsonl {
        (output, None)
    } else {
        (None, output)
    };

    let (tx, rx) = crossbeam_channel::bounded::<Event>(4096);
    let show_progress = !settings.quiet && std::io::stderr().is_terminal();
    let report = std::thread::scope(|s| {
        // The one printer thread: collects, streams JSONL and shows progress
        // while the workers run.
        let config = &opts.config;
        let printer = s.spawn(move || {
            let bar = show_progress.then(|| {
                let bar = ProgressBar::new_spinner();
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {elapsed} {pos} files, {msg}")
                        .expect("a valid template"),
                );
                bar.enable_steady_tick(std::time::Duration::from_millis(120));
                bar
            });
            let mut stream: Option<Box<dyn Write>> =
                (format == Format::Jsonl).then(|| match stream_file {
                    Some(f) => Box::new(std::io::BufWriter::new(f)) as Box<dyn Write>,
                    None => Box::new(std::io::stdout().lock()),
                });
            let mut write = |line: String| {
                if let Some(out) = stream.as_mut() {
                    // A closed pipe ends the output, not the scan.
                    let _ = out.write_all(line.as_bytes());
                }
            };
            if let Some(h) = &host {
                write(jsonl::host(h));
            }
            let mut collector = Collector::default();
            for e in early_errors {
                write(jsonl::error(&e));
                collector.add(Event::Error(e));
            }
            for mut event in rx {
                // Suppression happens here, before anything is printed.
                if let Event::Finding(f) = &mut event
                    && !config.keep(f)
                {
                    collector.suppressed();
                    continue;
                }
                if let (Event::Finding(f), Some(b)) = (&event, baseline.as_mut())
                    && b.take(f)
                {
                    collector.baselined();
                    continue;
                }
                match &event {
                    Event::Finding(f) => write(jsonl::finding(f)),
                    Event::Error(e) => write(jsonl::error(e)),
                    Event::File { .. } => {}
                }
                collector.add(event);
                if let Some(bar) = &bar {
                    let (files, bytes, findings, errors) = collector.progress();
                    let mb = bytes as f64 / 1e6;
                    let rate = mb / bar.elapsed().as_secs_f64().max(0.001);
                    bar.set_position(files);
                    bar.set_message(format!(
                        "{mb:.1} MB ({rate:.1} MB/s), {findings} findings, {errors} errors"
                    ));
                }
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            let mut report = collector.finish();
            report.summary.config = config.file.as_ref().map(|f| f.display().to_string());
            write(jsonl::summary(&report.summary));
            if let Some(mut out) = stream {
                let _ = out.flush();
            }
            report
        });
        // Changed files are found, not named: the settings' globs apply.
        let targets: Vec<PathBuf> = match &only {
            Some(files) => files
                .iter()
                .filter(|f| opts.config.admits(&f.to_string_lossy()))
                .cloned()
                .collect(),
            None => paths.to_vec(),
        };
        if let Err(e) = scan::run(&targets, &sigs, &opts, &tx) {
            eprintln!("hiss: cannot start worker threads: {e}");
        }
        drop(tx);
        printer.join().expect("the printer thread does not panic")
    });

    let docs = if format == Format::Sarif {
        super::catalog::rule_docs(&sigs)
    } else {
        Vec::new()
    };
    if let Err(e) = print(&report, format, &docs, document_file)
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("hiss: cannot write the report: {e}");
        return EXIT_TROUBLE;
    }
    if let Some(path) = &settings.write_baseline {
        if let Err(e) = crate::baseline::write(path, &report.findings) {
            eprintln!("hiss: cannot write the baseline {}: {e}", path.display());
            return EXIT_TROUBLE;
        }
        // Everything found is now accepted.
        return exit_code(&report, None);
    }
    exit_code(&report, fail_on)
}

fn print(
    report: &Report,
    format: Format,
    docs: &[sarif::RuleDoc],
    file: Option<std::fs::File>,
) -> std::io::Result<()> {
    let text = match format {
        Format::Sarif => {
            let cwd = std::env::current_dir().unwrap_or_default();
            sarif::render(report, docs, &cwd)
        }
        Format::Github => github::render(report),
        Format::Json => json::render(report),
        Format::Human => {
            // Colour only on a terminal: a file gets plain text.
            return match file {
                Some(f) => {
                    let mut out = anstream::AutoStream::never(f);
                    human::render(&mut out, report)?;
                    out.flush()
                }
                None => {
                    let mut out = anstream::stdout().lock();
                    human::render(&mut out, report)?;
                    out.flush()
                }
            };
        }
        // Already streamed.
        Format::Jsonl => return Ok(()),
    };
    match file {
        Some(mut f) => {
            f.write_all(text.as_bytes())?;
            f.flush()
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()
        }
    }
}

/// 1 when a finding reaches the threshold (wins over 2), 2 when an input could
/// not be scanned, else 0.
pub fn exit_code(report: &Report, threshold: Option<crate::report::Severity>) -> u8 {
    let failed = threshold.is_some_and(|t| report.findings.iter().any(|f| f.severity >= t));
    if failed {
        EXIT_FINDINGS
    } else if !report.errors.is_empty() {
        EXIT_TROUBLE
    } else {
        EXIT_CLEAN
    }
}
