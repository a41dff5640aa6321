//! `kyoto-kg export`: write the graph as an RDF file.

use super::open_store;
use crate::cli::ExportArgs;
use crate::progress::{Progress, Triples};
use anyhow::{Context, Result};
use kyoto_kg::export;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Runs `export`.
pub(crate) fn run(data: &Path, args: &ExportArgs) -> Result<()> {
    let progress = Progress::start("opening the store");
    let store = open_store(data, &args.store, &progress)?;
    let observer = |step| progress.observe(step, &[]);
    let (quads, bytes, place) = match &args.output {
        Some(path) => {
            let mut written = (0, 0);
            export::write_atomically(path, |w| {
                let mut counted = Counted::new(w);
                let done = export::export_observed(
                    &store,
                    args.graph,
                    args.format,
                    &mut counted,
                    &observer,
                )?;
                written = (done.quads, counted.bytes);
                Ok::<_, export::ExportError>(())
            })
            .with_context(|| format!("cannot export to {}", path.display()))?;
            (written.0, written.1, path.display().to_string())
        }
        None => {
            let out = Counted::new(BufWriter::new(io::stdout().lock()));
            let done = export::export_observed(&store, args.graph, args.format, out, &observer)?;
            let mut counted = done.writer;
            counted.flush()?;
            (done.quads, counted.bytes, "standard output".to_owned())
        }
    };
    let seconds = progress_seconds(&progress);
    progress.finish(
        "export",
        Triples::Exactly(quads),
        &format!(
            "{:.1} MB of {} to {place} ({:.1} MB/s)",
            bytes as f64 / 1e6,
            args.format,
            bytes as f64 / 1e6 / seconds
        ),
    );
    Ok(())
}

fn progress_seconds(progress: &Progress) -> f64 {
    progress.elapsed().as_secs_f64().max(1e-9)
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
