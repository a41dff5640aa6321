//! `kyoto-kg release`: write every format, the description and the checksums to a directory.

use super::open_store;
use crate::cli::ReleaseArgs;
use anyhow::{Context, Result};
use kyoto_kg::export::release::{self, ReleaseOptions};
use std::io::{self, Write};
use std::path::Path;

/// Runs `release`.
pub(crate) fn run(data: &Path, args: &ReleaseArgs) -> Result<()> {
    let progress = crate::progress::Progress::start("opening the store");
    let store = open_store(data, &args.store, &progress)?;
    progress.clear();
    let mut options = ReleaseOptions {
        issued: args.issued,
        base_url: args.base_url.clone(),
        publisher: kyoto_kg::source::publisher::read(data)?,
        ..ReleaseOptions::default()
    };
    if let Some(version) = &args.release_version {
        options.version.clone_from(version);
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
    writeln!(
        out,
        "Verify with: (cd {} && sha256sum -c {})",
        summary.dir.display(),
        release::CHECKSUMS
    )?;
    Ok(())
}
