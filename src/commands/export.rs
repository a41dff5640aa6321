//! `kyoto-kg export`: write the graph as an RDF file.

use super::open_store;
use crate::cli::{ExportArgs, ExportFormat};
use anyhow::{Context, Result};
use kyoto_kg::export;
use kyoto_kg::sdg::sssom;
use oxigraph::store::Store;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Runs `export`.
pub(crate) fn run(data: &Path, args: &ExportArgs) -> Result<()> {
    let store = open_store(data, &args.store)?;
    let format = match args.format {
        ExportFormat::Rdf(format) => format,
        ExportFormat::Sssom => return sssom(&store, args),
    };
    match &args.output {
        Some(path) => export::write_atomically(path, |w| {
            export::export(&store, args.graph, format, w).map(|_| ())
        })
        .with_context(|| format!("cannot export to {}", path.display()))?,
        None => {
            let out = BufWriter::new(io::stdout().lock());
            export::export(&store, args.graph, format, out)?.flush()?;
        }
    }
    Ok(())
}

/// Writes the curated SDG links as SSSOM/TSV.
fn sssom(store: &Store, args: &ExportArgs) -> Result<()> {
    match &args.output {
        Some(path) => export::write_atomically(path, |w| sssom::write(store, w).map(|_| ()))
            .with_context(|| format!("cannot export to {}", path.display()))?,
        None => {
            let out = BufWriter::new(io::stdout().lock());
            // Unwrap I/O errors so that a closed pipe (`| head`) is recognised as such.
            let (mut out, _) = sssom::write(store, out).map_err(|e| match e {
                sssom::SssomError::Io(io) => anyhow::Error::from(io),
                other => anyhow::Error::from(other),
            })?;
            out.flush()?;
        }
    }
    Ok(())
}
