//! `kyoto-kg site`: write the static linked-data site.

use super::open_store;
use crate::cli::SiteArgs;
use crate::site;
use anyhow::{Context, Result};
use std::io::{self, Write};
use std::path::Path;

/// Runs `site`.
pub(crate) fn run(data: &Path, args: &SiteArgs) -> Result<()> {
    let progress = crate::progress::Progress::start("opening the store");
    let store = open_store(data, &args.store, &progress)?;
    progress.clear();
    let mut err = io::stderr().lock();
    let mut written = 0_usize;
    let history = match &args.releases {
        Some(dir) => Some(
            crate::diff::history::read(dir)
                .with_context(|| format!("cannot read the releases in {}", dir.display()))?,
        ),
        None => None,
    };
    let publisher = crate::source::publisher::read(data)?;
    let summary = site::write_site(
        &store,
        &args.out,
        &args.root,
        &site::Options {
            site_url: args.site_url.as_deref(),
            publisher: publisher.as_ref(),
            history: history.as_deref(),
        },
        |path| {
            written += 1;
            let _ = writeln!(err, "[{written}] {path}");
        },
    )
    .with_context(|| format!("cannot write the site to {}", args.out.display()))?;
    let mut out = io::stdout().lock();
    for iri in &summary.skipped {
        writeln!(
            out,
            "skipped <{iri}>: its path cannot be a file name (letters, digits and -._~ only)"
        )?;
    }
    writeln!(
        out,
        "Wrote {} entity pages ({} files) to {}, links under {}",
        summary.pages,
        summary.files,
        args.out.display(),
        args.root
    )?;
    writeln!(
        out,
        "Look at it with: python3 -m http.server -d {} 8000",
        args.out.display()
    )?;
    let rules = args.out.join(crate::w3id::DIRECTORY);
    match &args.site_url {
        Some(url) => writeln!(
            out,
            "The w3id.org redirect rules to {url} are in {}: register them as its README.md says",
            rules.display()
        )?,
        None => writeln!(
            out,
            "The w3id.org redirect rules in {} point to {}{} for trying them; give --site-url to register them",
            rules.display(),
            crate::w3id::LOCAL_SITE,
            args.root
        )?,
    }
    Ok(())
}
