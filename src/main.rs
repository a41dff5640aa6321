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
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if report::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            if let Some(report::ExitStatus(code)) = error.downcast_ref::<report::ExitStatus>() {
                return ExitCode::from(*code);
            }
            if let Some(violations) = error.downcast_ref::<report::Violations>() {
                report::violations(violations);
                return ExitCode::from(1);
            }
            report::error(&error);
            ExitCode::from(2)
        }
    }
}
