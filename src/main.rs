//! The `hiss` binary: parse arguments, run the command, map to an exit code.

fn main() -> std::process::ExitCode {
    hiss::cli::main()
}
