//! `hiss scan`: run the pipeline with one printer thread.

use super::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE, Format, ScanArgs};
use crate::report::{Report, human, json};
use crate::scan::{self, Collector, Event, Options};
use crate::signatures::Signatures;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(args: &ScanArgs) -> u8 {
    let extra: Vec<&Path> = args.rules.iter().map(|p| p.as_path()).collect();
    let sigs = match Signatures::load(&extra) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hiss: {e}");
            return EXIT_TROUBLE;
        }
    };
    if let Some(config) = &args.config
        && !config.is_file()
    {
        eprintln!("hiss: --config {}: no such file", config.display());
        return EXIT_TROUBLE;
    }
    let opts = Options {
        threads: args.threads,
        max_file_size: args.max_file_size,
        ..Options::default()
    };

    let (tx, rx) = crossbeam_channel::bounded::<Event>(4096);
    let show_progress =
        !args.quiet && args.format == Format::Human && std::io::stderr().is_terminal();
    let report = std::thread::scope(|s| {
        // The one printer thread: collects (and shows progress) while workers run.
        let printer = s.spawn(move || {
            let bar = show_progress.then(|| {
                let bar = ProgressBar::new_spinner();
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {pos} files scanned, {msg}")
                        .expect("a valid template"),
                );
                bar
            });
            let mut collector = Collector::default();
            for event in rx {
                collector.add(event);
                if let Some(bar) = &bar {
                    let s = collector.summary();
                    bar.set_position(s.files);
                    bar.set_message(format!("{} findings", s.findings));
                }
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            collector.finish()
        });
        if let Err(e) = scan::run(&args.paths, &sigs, &opts, &tx) {
            eprintln!("hiss: cannot start worker threads: {e}");
        }
        drop(tx);
        printer.join().expect("the printer thread does not panic")
    });

    if let Err(e) = print(&report, args.format)
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("hiss: cannot write the report: {e}");
        return EXIT_TROUBLE;
    }
    exit_code(&report, args.fail_on.threshold())
}

fn print(report: &Report, format: Format) -> std::io::Result<()> {
    match format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            out.write_all(json::render(report).as_bytes())?;
            out.flush()
        }
        Format::Human => {
            let mut out = anstream::stdout().lock();
            human::render(&mut out, report)?;
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
