//! `kyoto-kg sdg import` and `kyoto-kg sdg fetch`: write the SDG vocabulary snapshot.

#![expect(
    clippy::print_stderr,
    reason = "fetch reports its progress on stderr, one line per concept"
)]

use super::load_data;
use crate::cli::{SdgArgs, SdgCommand, SdgFetchArgs, SdgImportArgs};
use crate::model::SdgVocabulary;
use crate::sdg::fetch::{self, Progress};
use crate::sdg::{self, snapshot, vocabulary};
use crate::source;
use anyhow::{Context, Result, bail};
use oxigraph::model::Triple;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Runs `sdg`.
pub(crate) fn run(data: &Path, args: &SdgArgs) -> Result<()> {
    match &args.command {
        SdgCommand::Import(args) => import(data, args),
        SdgCommand::Fetch(args) => fetch(data, args),
    }
}

fn import(data: &Path, args: &SdgImportArgs) -> Result<()> {
    let full = vocabulary::read_files(&args.files)?;
    let read = full.triples.len();
    let dataset = source::load_with_sdg(data, full)?;
    let linked: Vec<&str> = dataset
        .sdg_links
        .iter()
        .map(|l| l.object.as_str())
        .collect();
    let Some(full) = &dataset.sdg else {
        bail!("internal error: the SDG vocabulary was not kept");
    };
    let selected = snapshot::select(full, &linked)?;
    let triples = snapshot::triples(full, &selected);
    let target = output(data, args.output.as_deref());
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "Read {} file{} ({read} triples); {} curated links in {} use {} SDG concepts",
        args.files.len(),
        if args.files.len() == 1 { "" } else { "s" },
        dataset.sdg_links.len(),
        data.display(),
        linked
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
    )?;
    save(&target, full, &selected, triples, &mut out)?;
    out.flush()?;
    Ok(())
}

fn fetch(data: &Path, args: &SdgFetchArgs) -> Result<()> {
    let dataset = load_data(data)?;
    let Some(current) = &dataset.sdg else {
        bail!(
            "there is no SDG snapshot to refresh at {}; create it first with `kyoto-kg sdg import FILE...` from the UN's SDG KOS files",
            sdg::snapshot_path(data).display()
        );
    };
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        bail!(
            "--timeout {} is not a positive number of seconds",
            args.timeout
        );
    }
    let options = fetch::Options {
        from: args.from.clone(),
        timeout: Duration::from_secs_f64(args.timeout),
        retries: args.retries,
        ..fetch::Options::default()
    };
    let linked: Vec<&str> = dataset
        .sdg_links
        .iter()
        .map(|l| l.object.as_str())
        .collect();
    let target = output(data, args.output.as_deref());
    let mut report = |event: Progress<'_>| match event {
        Progress::Fetching { index, total, url } => {
            let width = total.to_string().len();
            eprint!("[{index:>width$}/{total}] {url} ... ");
        }
        Progress::Fetched { triples } => eprintln!("ok ({triples} triples)"),
        Progress::Retrying {
            attempt,
            error,
            wait,
        } => eprint!(
            "failed (attempt {attempt}: {error}); retrying in {:.1} s ... ",
            wait.as_secs_f64()
        ),
    };
    let triples = match fetch::refresh(current, &linked, &options, &mut report) {
        Ok(triples) => triples,
        Err(error) => {
            eprintln!("failed");
            return Err(anyhow::Error::new(error).context(format!(
                "the SDG snapshot was not refreshed; {} is unchanged",
                target.display()
            )));
        }
    };
    let fetched = SdgVocabulary::from_triples(vec![args.from.clone()], triples.clone());
    let selected = snapshot::select(&fetched, &linked)?;
    let before = std::fs::read(&target).ok();
    let mut out = BufWriter::new(io::stdout().lock());
    save(&target, &fetched, &selected, triples, &mut out)?;
    let after = std::fs::read(&target).ok();
    writeln!(
        out,
        "{}",
        if before == after {
            "The snapshot is unchanged: the service agrees with it."
        } else {
            "The snapshot changed: review it with `git diff data/sdg/` before committing."
        }
    )?;
    out.flush()?;
    Ok(())
}

fn output(data: &Path, given: Option<&Path>) -> PathBuf {
    given.map_or_else(|| sdg::snapshot_path(data), Path::to_path_buf)
}

fn save(
    target: &Path,
    vocabulary: &SdgVocabulary,
    selected: &std::collections::BTreeSet<String>,
    triples: Vec<Triple>,
    out: &mut impl Write,
) -> Result<()> {
    let n = triples.len();
    snapshot::save(target, triples)
        .with_context(|| format!("cannot write the SDG snapshot {}", target.display()))?;
    let counts: Vec<String> = snapshot::census(vocabulary, selected)
        .iter()
        .map(|(kind, n)| format!("{n} {kind}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    writeln!(
        out,
        "Wrote {}: {} ({n} triples)",
        target.display(),
        counts.join(", ")
    )?;
    Ok(())
}
