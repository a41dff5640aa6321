//! What each subcommand does: glue between the command line and the library.

mod build;
mod build_summary;
mod diff;
mod export;
mod generate;
mod import;
mod push;
mod query;
mod release;
mod sdg;
mod serve;
mod site;
mod validate;

use crate::cli::{Cli, Command, StoreArgs};
use crate::model::Dataset;
use crate::progress::Progress;
use crate::{source, store};
use anyhow::{Context, Result, bail};
use oxigraph::store::Store;
use std::path::Path;

/// How a command that did its work ended: the exit status is a value, not an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Exit 0.
    Success,
    /// Exit 1: the command found something (violations, differences) and said so.
    Findings,
    /// Another status, decided elsewhere (a child process that already printed its report).
    Status(u8),
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        match exit {
            Exit::Success => Self::SUCCESS,
            Exit::Findings => Self::from(1),
            Exit::Status(code) => Self::from(code),
        }
    }
}

/// Runs the command of `cli`. Errors exit 2 (see `main`).
pub fn run(cli: Cli) -> Result<Exit> {
    let done = |result: Result<()>| result.map(|()| Exit::Success);
    match cli.command {
        Command::Build(args) => build::run(&cli.data, &args),
        Command::Query(args) => query::run(&cli.data, &args),
        Command::Queries => done(query::list()),
        Command::Export(args) => done(export::run(&cli.data, &args)),
        Command::Release(args) => done(release::run(&cli.data, &args)),
        Command::Diff(args) => diff::run(&cli.data, &args),
        Command::Push(args) => done(push::run(&cli.data, &args)),
        Command::Site(args) => done(site::run(&cli.data, &args)),
        Command::Generate(args) => done(generate::run(&args)),
        Command::Sdg(args) => done(sdg::run(&cli.data, &args)),
        Command::Serve(args) => done(serve::run(&cli.data, &args)),
        Command::Worker(args) => done(serve::worker(&cli.data, &args)),
        Command::Validate(args) => validate::run(&cli.data, &args),
        Command::Import(args) => done(import::run(&cli.data, &args)),
    }
}

pub(crate) fn load_data(dir: &Path) -> Result<Dataset> {
    Ok(source::load(dir)?)
}

/// Limits this process's address space to `mib` MiB (`flag` names the option that asked for
/// it). Called once the store is loaded and the query thread started: the limit is for the
/// queries. A limit below what the process already uses is refused with both figures, instead of
/// failing the first allocation that needs new room.
pub(crate) fn limit_address_space(flag: &str, mib: u64) -> Result<()> {
    let bytes = mib.saturating_mul(1 << 20);
    if let Some(used) = address_space_in_use()
        && used >= bytes
    {
        let used = used >> 20;
        bail!(
            "{flag} {mib} is less than the {used} MiB of address space this process already \
             uses before any query (the program, the store, the query thread's stack, the \
             allocator's arenas); give more than {used}, with room for the queries"
        );
    }
    rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes)
        .with_context(|| format!("cannot limit the memory to {flag} {mib}"))
}

/// This process's address space in bytes (`VmSize` in `/proc/self/status`), where the system
/// tells it.
fn address_space_in_use() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmSize:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    Some(kib.saturating_mul(1024))
}

/// The store the command works on: the persistent one, or one built in memory from `data`,
/// showing progress while it is built.
pub(crate) fn open_store(data: &Path, args: &StoreArgs, progress: &Progress) -> Result<Store> {
    match &args.store {
        Some(dir) => {
            let store = store::open_on_disk(dir)?;
            if !args.load.is_empty() {
                bail!(
                    "--load cannot add files to the persistent store {} when reading it; rebuild it with `kyoto-kg build --store {} --load ...`",
                    dir.display(),
                    dir.display()
                );
            }
            Ok(store)
        }
        None => {
            progress.task(format!("reading {}", data.display()), None, "");
            let dataset = load_data(data)?;
            let observer = |step| progress.observe(step, &args.load);
            Ok(store::in_memory_observed(&dataset, &args.load, &observer)?)
        }
    }
}
