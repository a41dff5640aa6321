//! The `kyoto-kg` command: parses the command line, runs the command, reports errors.
//!
//! Exit codes: 0 success, 1 findings (validation violations), 2 error (bad input, I/O, query
//! errors).

mod cli;
mod commands;
mod progress;
mod report;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            if report::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            report::error(&error);
            ExitCode::from(2)
        }
    }
}
