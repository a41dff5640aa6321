//! `kyoto-kg diff OLD NEW`: what changed between two states of the graph.

use super::Exit;
use crate::cli::{ColourChoice, DiffArgs, DiffFormat};
use crate::diff::{self, Diff};
use crate::files;
use anyhow::{Context, Result};
use std::io::{self, IsTerminal, Write};
use std::path::Path;

/// Writes `diff` in `format` to `out`; `colour` for the text format.
pub(crate) fn write_report(
    diff: &Diff,
    format: DiffFormat,
    colour: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        DiffFormat::Text => diff::text::write_text(diff, colour, out),
        DiffFormat::Json => diff::json::write(diff, out),
        DiffFormat::Markdown => diff::text::write_markdown(diff, 1, out),
        DiffFormat::Sparql => diff::sparql::write(diff, out),
    }
}

/// Reads both sides and compares them.
pub(crate) fn compare(data: &Path, old: &str, new: &str) -> Result<Diff> {
    let old_side =
        diff::side::load(old, data).with_context(|| format!("cannot read OLD ({old})"))?;
    let new_side =
        diff::side::load(new, data).with_context(|| format!("cannot read NEW ({new})"))?;
    Ok(diff::compare(old_side, new_side)?)
}

/// Runs `diff`: exit status 0 when the datasets are the same, 1 when they differ.
pub(crate) fn run(data: &Path, args: &DiffArgs) -> Result<Exit> {
    let diff = compare(data, &args.old, &args.new)?;
    match &args.output {
        Some(path) => {
            files::write(path, |w| write_report(&diff, args.format, false, w))
                .with_context(|| format!("cannot write the diff to {}", path.display()))?;
        }
        None => {
            let stdout = io::stdout();
            let colour = match args.color {
                ColourChoice::Always => true,
                ColourChoice::Never => false,
                ColourChoice::Auto => {
                    stdout.is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let mut out = io::BufWriter::new(stdout.lock());
            write_report(&diff, args.format, colour, &mut out)?;
            out.flush()?;
        }
    }
    Ok(if diff.is_same() {
        Exit::Success
    } else {
        Exit::Findings
    })
}
