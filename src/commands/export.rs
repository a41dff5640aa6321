//! `kyoto-kg export`: write the graph as an RDF file.

use super::open_store;
use crate::cli::ExportArgs;
use anyhow::{Context, Result};
use kyoto_kg::export;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Runs `export`.
pub(crate) fn run(data: &Path, args: &ExportArgs) -> Result<()> {
    let store = open_store(data, &args.store)?;
    match &args.output {
        Some(path) => export::write_atomically(path, |w| {
            export::export(&store, args.graph, args.format, w).map(|_| ())
        })
        .with_context(|| format!("cannot export to {}", path.display()))?,
        None => {
            let out = BufWriter::new(io::stdout().lock());
            export::export(&store, args.graph, args.format, out)?.flush()?;
        }
    }
    Ok(())
}
