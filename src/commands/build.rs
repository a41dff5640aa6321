//! `kyoto-kg build`: check the data, load a store, validate it, report what it holds.

use super::Exit;
use super::build_summary::Summary;
use super::{load_data, validate};
use crate::cli::BuildArgs;
use crate::progress::{Progress, Triples};
use crate::report::Refusal;
use crate::store;
use crate::validate::Origins;
use anyhow::{Context, Result};
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

/// Runs `build`: exit status 1 when validation refuses the graph (its findings and the refusal
/// printed on stderr).
pub(crate) fn run(data: &Path, args: &BuildArgs) -> Result<Exit> {
    match build(data, args) {
        Ok(()) => Ok(Exit::Success),
        Err(error) => match error.downcast_ref::<Refusal>() {
            Some(refusal) => {
                crate::report::refusal(refusal);
                Ok(Exit::Findings)
            }
            None => Err(error),
        },
    }
}

/// Checks, converts, validates and loads the data, and prints what the store holds.
fn build(data: &Path, args: &BuildArgs) -> Result<()> {
    let started = Instant::now();
    let progress = Progress::start(format!("reading {}", data.display()));
    let dataset = load_data(data)?;
    let extra = &args.store.load;
    let observer = |step| progress.observe(step, extra);
    // What a build must validate itself (see `crate::validate::validate_beyond_records`):
    // from `data/` alone, the records passed the source checks and only the ontology and the
    // SDG snapshot are left, validated while the records load; files added with --load are
    // not records, so with them (or --full-validation) the whole store is validated once built.
    let whole_store = !args.no_validate && (args.full_validation || !extra.is_empty());
    let (store, known) = std::thread::scope(|scope| -> Result<_> {
        // The ontology and the SDG snapshot do not depend on the store: they are validated on a
        // thread of their own while the records are converted and loaded, and a refusal stops
        // the build before an on-disk store replaces the old one.
        let beyond_records = (!args.no_validate && !whole_store)
            .then(|| scope.spawn(|| validate::beyond_records(&dataset)));
        let validated = |store: &oxigraph::store::Store| -> Result<()> {
            if let Some(thread) = beyond_records {
                progress.task("validating the ontology and the SDG snapshot", None, "");
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            }
            if whole_store {
                // Most of such a build at scale (docs/scale.md).
                progress.task("validating: SHACL shapes and quality checks", None, "");
                validate::before_build(store, &Origins::of(&dataset))?;
            }
            Ok(())
        };
        load_store(args, &dataset, &observer, validated)
    })?;
    let counts = match known {
        Some(counts) => counts,
        None => {
            progress.task("counting", None, "");
            store::counts(&store)?
        }
    };
    progress.clear();
    let place = match &args.store.store {
        Some(dir) => format!("in {}", dir.display()),
        None => "in memory".to_owned(),
    };
    let summary = Summary::new(data, &dataset, &counts, place, started.elapsed());
    let mut out = BufWriter::new(io::stdout().lock());
    write!(out, "{summary}")?;
    out.flush()?;
    progress.finish(
        "build",
        Triples::Exactly(counts.total as u64),
        &summary.place,
    );
    // The process ends with this command: freeing the source data and an in-memory store one
    // allocation at a time would take another sixth of the build at 10^6 triples, and nothing
    // outlives the process anyway. On-disk stores are closed properly.
    std::mem::forget(dataset);
    if args.store.store.is_none() {
        std::mem::forget(store);
    }
    Ok(())
}

/// Builds the store `args` asks for from `dataset` and the `--load` files: in memory, or on disk,
/// where the new store replaces the old one only once it is complete and `validated` accepts it.
/// Also returns what the store holds when the build knows it without counting the store.
fn load_store(
    args: &BuildArgs,
    dataset: &crate::model::Dataset,
    observer: crate::observe::Observer<'_>,
    validated: impl FnOnce(&oxigraph::store::Store) -> Result<()>,
) -> Result<(oxigraph::store::Store, Option<store::Counts>)> {
    let extra = &args.store.load;
    Ok(match &args.store.store {
        Some(dir) => {
            // The new store replaces the old one only once it is complete and valid.
            let finish = match (args.compact, args.no_compact) {
                (true, _) => store::Finish::Compact,
                (_, true) => store::Finish::AsLoaded,
                _ => store::Finish::Auto,
            };
            let counts =
                store::build_on_disk_checked(dir, dataset, extra, finish, observer, validated)
                    .with_context(|| format!("cannot build the store at {}", dir.display()))?;
            (store::open_on_disk(dir)?, counts)
        }
        None => {
            let store = store::in_memory_observed(dataset, extra, observer)?;
            validated(&store)?;
            (store, None)
        }
    })
}
