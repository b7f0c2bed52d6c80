//! The `sitrep` command-line tool: argument parsing, progress, exit codes.
//!
//! Holds no domain logic: every command opens the store, builds the engine and
//! sequences their calls. Data goes to stdout, diagnostics to stderr. Exit codes:
//! 0 success, 1 some inputs failed or a runtime error, 2 usage errors.

mod args;
mod commands;
mod progress;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = args::Cli::parse();
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`sitrep export | head`) is not an error.
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            let _ = std::io::stdout().flush();
            eprintln!("sitrep: error: {err:#}");
            ExitCode::from(1)
        }
    }
}
