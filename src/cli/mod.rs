//! The command line: clap definitions and the commands behind them. The only
//! part of the crate that prints.

mod catalog;
mod priority;
mod scan;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes of CONTRACT.md.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_TROUBLE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "hiss",
    version,
    about = "Finds malicious Python (droppers, loaders, backdoors, stealers) before it runs",
    long_about = "Finds malicious Python (droppers, loaders, backdoors, stealers) before it runs.\n\
                  It reads code; it never runs, imports or installs it."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan files, folders and archives (default: the current folder).
    Scan(ScanArgs),
    /// Find this machine's Python package caches, site-packages and virtual
    /// environments, and scan them.
    Sweep(SweepArgs),
    /// List every rule and signature: id, name, severity, summary.
    Rules(RulesArgs),
    /// Show one rule's or signature's full documentation.
    Explain {
        /// A rule or signature id, e.g. HS101.
        id: String,
    },
    /// Manage the result cache.
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `hiss man > hiss.1`.
    Man,
    /// Print the constants hiss folds out of a Python file (for rule authors).
    #[command(hide = true)]
    Constants { file: PathBuf },
}

#[derive(clap::Subcommand, Debug)]
pub enum CacheCommand {
    /// Delete every cached result.
    Clean,
    /// Print where the cache is.
    Dir,
}

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Files, folders and archives to scan.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Only files changed between this git revision and HEAD (with their
    /// projects' setup.py, setup.cfg and pyproject.toml), for pull requests.
    #[arg(long, value_name = "GIT_REV")]
    pub since: Option<String>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(clap::Args, Debug)]
pub struct SweepArgs {
    /// Also sweep this folder (repeatable).
    #[arg(long, value_name = "DIR")]
    pub extra: Vec<PathBuf>,
    /// Only the current user's places (the home in HOME): no system
    /// interpreters and, as root, no other users' homes.
    #[arg(long)]
    pub user_only: bool,
    /// Print the places found, one per line, and scan nothing.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub settings: Settings,
}

/// What every scan understands (CONTRACT.md), `scan` and `sweep` alike.
#[derive(clap::Args, Debug)]
pub struct Settings {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 when a finding is at or above this severity [default:
    /// high, or `fail-on` in the settings file].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Extra YARA-X rule files (.yar, .yara) under this folder, added to the
    /// embedded signatures.
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Files larger than this many bytes are reported as errors, not read
    /// [default: 256 MiB].
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Archives: largest member read, uncompressed [default: 64 MiB].
    #[arg(long, value_name = "BYTES")]
    pub max_member_size: Option<u64>,
    /// Archives: all members of one archive together, uncompressed
    /// [default: 1 GiB].
    #[arg(long, value_name = "BYTES")]
    pub max_archive_size: Option<u64>,
    /// Archives: members read from one archive [default: 100000].
    #[arg(long, value_name = "N")]
    pub max_members: Option<usize>,
    /// Archives: uncompressed/compressed ratio taken for a bomb [default:
    /// 250].
    #[arg(long, value_name = "N")]
    pub max_ratio: Option<u64>,
    /// Archives: how deep archives inside archives are opened [default: 4].
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
    /// Seconds the Python analysis of one file may take (0: no limit); a
    /// file over it is reported with the findings made so far, and its raw
    /// bytes still get the signatures [default: 30].
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    pub file_timeout: Option<f64>,
    /// Bytes of payloads decoded from one file's literals, all layers
    /// together; what lies past it is not decoded [default: 64 MiB].
    #[arg(long, value_name = "BYTES")]
    pub max_decoded_size: Option<usize>,
    /// Bytes the syntax tree of one file may hold (0: no limit); the largest
    /// files of popular packages need under 30 MB [default: 512 MiB].
    #[arg(long, value_name = "BYTES")]
    pub max_parse_memory: Option<usize>,
    /// Settings file; without it, `hiss.toml`, `.hiss.toml` or `[tool.hiss]`
    /// in `pyproject.toml` is looked for from the first path's folder upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write the report to this file instead of stdout (JSONL is streamed
    /// into it as found).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report (and fail on) only findings not in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Write every finding to this baseline file (they are accepted: the
    /// exit code is 0 unless an input could not be scanned).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Lowest CPU priority and, on Linux, idle I/O priority: for sweeps on
    /// machines people are working on.
    #[arg(long)]
    pub nice: bool,
    /// Stop starting new files after this many seconds (files in progress
    /// finish); what was not reached is reported as an error.
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    pub max_time: Option<f64>,
    /// Read no settings file at all (for code you do not trust: a
    /// repository's own `hiss.toml` could allowlist what it hides).
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Neither read nor write the result cache (results of unchanged files
    /// are kept in the user cache folder; `hiss cache clean` empties it).
    #[arg(long)]
    pub no_cache: bool,
    /// No progress bar on a terminal.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    /// One JSON object a line, streamed as found.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<crate::report::Severity> {
        use crate::report::Severity;
        match self {
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::Never => None,
        }
    }
}

/// Runs the command line; the binary's whole `main`.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_CLEAN
            });
        }
    };
    let code = match cli.command {
        Command::Scan(args) => match &args.since {
            Some(rev) => scan::run_since(&args.paths, rev, &args.settings),
            None => scan::run(&args.paths, &args.settings, None),
        },
        Command::Sweep(args) => scan::sweep(&args),
        Command::Rules(args) => catalog::rules(&args),
        Command::Explain { id } => catalog::explain(&id),
        Command::Cache(command) => cache_command(&command),
        Command::Constants { file } => catalog::constants(&file),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "hiss", &mut std::io::stdout());
            EXIT_CLEAN
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut out = std::io::stdout().lock();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => EXIT_CLEAN,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
                Err(e) => {
                    eprintln!("hiss: {e}");
                    EXIT_TROUBLE
                }
            }
        }
    };
    ExitCode::from(code)
}

fn cache_command(command: &CacheCommand) -> u8 {
    let Some(dir) = crate::cache::default_dir() else {
        eprintln!("hiss: no cache folder (set HISS_CACHE_DIR or HOME)");
        return EXIT_TROUBLE;
    };
    match command {
        CacheCommand::Dir => {
            println!("{}", dir.display());
            EXIT_CLEAN
        }
        CacheCommand::Clean => match crate::cache::clean(&dir) {
            Ok(freed) => {
                println!(
                    "removed the result cache in {} ({freed} bytes)",
                    dir.display()
                );
                EXIT_CLEAN
            }
            Err(e) => {
                eprintln!("hiss: {}: {e}", dir.display());
                EXIT_TROUBLE
            }
        },
    }
}

/// A number of seconds a [`std::time::Duration`] can hold.
fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=1e9).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a number of seconds from 0 to 1e9")),
    }
}
