//! `kyoto-kg export`: write the graph as an RDF file.

use super::open_store;
use crate::cli::{ExportArgs, ExportFormat};
use crate::progress::{Progress, Triples};
use anyhow::{Context, Result};
use kyoto_kg::export;
use kyoto_kg::sdg::sssom;
use oxigraph::store::Store;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Runs `export`.
pub(crate) fn run(data: &Path, args: &ExportArgs) -> Result<()> {
    let progress = Progress::start("opening the store");
    let store = open_store(data, &args.store, &progress)?;
    let format = match args.format {
        ExportFormat::Rdf(format) => format,
        ExportFormat::Sssom => {
            progress.clear();
            return sssom(&store, args);
        }
    };
    let observer = |step| progress.observe(step, &[]);
    let (quads, bytes, place) = match &args.output {
        Some(path) => {
            let mut written = (0, 0);
            export::write_atomically(path, |w| {
                let mut counted = Counted::new(w);
                let done =
                    export::export_observed(&store, args.graph, format, &mut counted, &observer)?;
                written = (done.quads, counted.bytes);
                Ok::<_, export::ExportError>(())
            })
            .with_context(|| format!("cannot export to {}", path.display()))?;
            (written.0, written.1, path.display().to_string())
        }
        None => {
            let out = Counted::new(BufWriter::new(io::stdout().lock()));
            let done = export::export_observed(&store, args.graph, format, out, &observer)?;
            let mut counted = done.writer;
            counted.flush()?;
            (done.quads, counted.bytes, "standard output".to_owned())
        }
    };
    let seconds = progress.elapsed().as_secs_f64().max(1e-9);
    progress.finish(
        "export",
        Triples::Exactly(quads),
        &format!(
            "{:.1} MB of {format} to {place} ({:.1} MB/s)",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / seconds
        ),
    );
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

/// A writer that counts the bytes written through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W> Counted<W> {
    fn new(inner: W) -> Self {
        Self { inner, bytes: 0 }
    }
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
