//! `kyoto-kg release`: write every format, the description and the checksums to a directory.

use super::open_store;
use crate::cli::ReleaseArgs;
use crate::diff::{self, Diff, versioning};
use crate::export::release::{
    self, CHANGES_JSON, CHANGES_MD, CHANGES_RU, ExtraFile, ReleaseOptions,
};
use anyhow::{Context, Result};
use oxigraph::store::Store;
use std::io::{self, Write};
use std::path::Path;

/// Runs `release`.
pub(crate) fn run(data: &Path, args: &ReleaseArgs) -> Result<()> {
    let progress = crate::progress::Progress::start("opening the store");
    let mut store = open_store(data, &args.store, &progress)?;
    progress.clear();
    let mut options = ReleaseOptions {
        issued: args.issued,
        base_url: args.base_url.clone(),
        publisher: crate::source::publisher::read(data)?,
        ..ReleaseOptions::default()
    };
    if let Some(version) = &args.release_version {
        options.version.clone_from(version);
    }
    let mut changes = None;
    if let Some(previous) = &args.previous {
        let quads = store.iter().collect::<Result<Vec<_>, _>>()?;
        let plan = versioning::plan(
            previous,
            quads.clone(),
            args.release_version.as_deref(),
            args.force_version,
        )
        .with_context(|| format!("cannot make this release follow {}", previous.display()))?;
        if !plan.added_quads.is_empty() {
            // The store may be a persistent one, opened read-only: release a copy.
            let copy = Store::new()?;
            copy.bulk_loader()
                .load_quads(quads.into_iter().chain(plan.added_quads.iter().cloned()))?;
            store = copy;
        }
        options.version = plan.version.to_string();
        options.previous = Some(plan.previous_iri.clone());
        options.notes = Some(format!(
            "Changes since {}: {}",
            plan.previous_version,
            diff::text::summary(&plan.diff)
        ));
        options.extra_files = change_files(&plan.diff)?;
        changes = Some(plan);
    }
    let mut err = io::stderr().lock();
    let summary = release::write_release(&store, &args.out, &options, |name| {
        let _ = writeln!(err, "writing {name}");
    })
    .with_context(|| format!("cannot write the release to {}", args.out.display()))?;

    let mut out = io::stdout().lock();
    writeln!(
        out,
        "Release {} (issued {}), {} quads, licence <{}>, in {}:",
        summary.info.version,
        summary.info.issued,
        summary.quads,
        summary.info.license.as_str(),
        summary.dir.display()
    )?;
    let width = summary
        .files
        .iter()
        .map(|f| f.name.len())
        .max()
        .unwrap_or(0);
    for file in &summary.files {
        writeln!(
            out,
            "  {:<width$}  {:>9} bytes  sha256 {}",
            file.name, file.bytes, file.sha256
        )?;
    }
    if let Some(plan) = &changes {
        writeln!(
            out,
            "Changes since {}: {}\nThe version rule proposes {}; released as {}.",
            plan.previous_version,
            diff::text::summary(&plan.diff),
            plan.proposed,
            plan.version
        )?;
    }
    writeln!(
        out,
        "Verify with: (cd {} && sha256sum -c {})",
        summary.dir.display(),
        release::CHECKSUMS
    )?;
    Ok(())
}

/// CHANGES.md, changes.json and changes.ru of `diff`.
fn change_files(diff: &Diff) -> Result<Vec<ExtraFile>> {
    let render = |write: &dyn Fn(&mut Vec<u8>) -> io::Result<()>| -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        Ok(bytes)
    };
    Ok(vec![
        ExtraFile {
            name: CHANGES_MD.to_owned(),
            bytes: render(&|w| diff::text::write_markdown(diff, 1, w))?,
            title: "What changed since the previous release, entity by entity".to_owned(),
            media_type: "text/markdown".to_owned(),
        },
        ExtraFile {
            name: CHANGES_JSON.to_owned(),
            bytes: render(&|w| diff::json::write(diff, w))?,
            title: format!(
                "What changed since the previous release, as JSON ({})",
                diff::json::SCHEMA
            ),
            media_type: "application/json".to_owned(),
        },
        ExtraFile {
            name: CHANGES_RU.to_owned(),
            bytes: render(&|w| diff::sparql::write(diff, w))?,
            title: "The SPARQL 1.1 Update that turns the previous release into this one".to_owned(),
            media_type: diff::sparql::MEDIA_TYPE.to_owned(),
        },
    ])
}
