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
use crate::progress::Progress;
use anyhow::{Result, bail};
use kyoto_kg::model::Dataset;
use kyoto_kg::{source, store};
use oxigraph::store::Store;
use std::path::Path;

/// Runs the command of `cli`.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build(args) => build::run(&cli.data, &args),
        Command::Query(args) => query::run(&cli.data, &args),
        Command::Queries => query::list(),
        Command::Export(args) => export::run(&cli.data, &args),
        Command::Release(args) => release::run(&cli.data, &args),
        Command::Diff(args) => diff::run(&cli.data, &args),
        Command::Push(args) => push::run(&cli.data, &args),
        Command::Site(args) => site::run(&cli.data, &args),
        Command::Generate(args) => generate::run(&args),
        Command::Sdg(args) => sdg::run(&cli.data, &args),
        Command::Serve(args) => serve::run(&cli.data, &args),
        Command::Worker(args) => serve::worker(&cli.data, &args),
        Command::Validate(args) => validate::run(&cli.data, &args),
        Command::Import(args) => import::run(&cli.data, &args),
    }
}

pub(crate) fn load_data(dir: &Path) -> Result<Dataset> {
    Ok(source::load(dir)?)
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
