//! `kyoto-kg import`: merge a UN web listing of thematic sessions into the data directory.

use crate::cli::ImportArgs;
use crate::import::{self, Change, ImportError, ListingError};
use crate::source::{Diagnostic, Location, SourceError};
use anyhow::{Context, Result};
use similar::TextDiff;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

/// Runs `import`.
pub(crate) fn run(data: &Path, args: &ImportArgs) -> Result<()> {
    let text = if args.file.as_os_str() == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the listing from standard input")?;
        text
    } else {
        std::fs::read_to_string(&args.file)
            .with_context(|| format!("cannot read the listing {}", args.file.display()))?
    };
    let plan = match import::plan(data, &text, &args.source) {
        Ok(plan) => plan,
        Err(ImportError::Listing(errors)) => {
            return Err(listing_diagnostics(&args.file, &text, &errors).into());
        }
        Err(ImportError::Source(e)) => return Err(e.into()),
        Err(e) => {
            return Err(
                anyhow::Error::new(e).context(format!("cannot import {}", args.file.display()))
            );
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    if args.dry_run {
        for file in &plan.files {
            let name = file.path.display().to_string();
            let diff = TextDiff::from_lines(&file.before, &file.after);
            write!(
                out,
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
            )?;
        }
    }
    writeln!(
        out,
        "Read {}: {}, {} skipped",
        args.file.display(),
        plural(plan.listing.sessions.len(), "session"),
        plural(plan.listing.skipped, "other line")
    )?;
    for change in &plan.changes {
        writeln!(out, "  {change}")?;
    }
    let count = |f: fn(&Change) -> bool| plan.changes.iter().filter(|c| f(c)).count();
    let summary = format!(
        "{} added, {} changed, {} unchanged, {} left alone",
        count(|c| matches!(c, Change::Added(_))),
        count(|c| matches!(c, Change::Changed(_))),
        count(|c| matches!(c, Change::Unchanged(_))),
        count(|c| matches!(c, Change::LeftAlone(_))),
    );
    if plan.files.is_empty() {
        writeln!(
            out,
            "{summary}. The data already says all the listing says; nothing to write."
        )?;
    } else if args.dry_run {
        writeln!(out, "{summary}. Dry run: nothing was written.")?;
    } else {
        plan.write()?;
        let names: Vec<String> = plan
            .files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        writeln!(out, "{summary}. Wrote {}.", names.join(", "))?;
    }
    out.flush()?;
    Ok(())
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The listing's unreadable lines as diagnostics, rendered like the data's.
fn listing_diagnostics(file: &Path, text: &str, errors: &[ListingError]) -> SourceError {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    SourceError::Invalid(
        errors
            .iter()
            .map(|e| {
                let start = starts.get(e.line.saturating_sub(1)).copied().unwrap_or(0);
                let span = start..start + e.text.len();
                Diagnostic {
                    location: Location::in_text(file, text, span),
                    message: e.message.clone(),
                    hint: Some(e.hint.clone()),
                }
            })
            .collect(),
    )
}
