//! `kyoto-kg export`: write the graph as an RDF file (plain, compacted or framed JSON-LD, or
//! canonical N-Quads), or the curated SDG links as SSSOM.

use super::{load_data, open_store};
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::{self, Converted, ExportError};
use crate::files;
use crate::jsonld::{ContextRef, Shape};
use crate::progress::{Progress, Triples};
use crate::sdg::sssom;
use crate::serialize::Format;
use anyhow::{Context, Result, bail};
use oxigraph::store::Store;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// What the arguments ask for.
enum Output {
    /// A plain format of [`crate::serialize`].
    Rdf(Format),
    /// Compacted JSON-LD in a shape.
    JsonLd(Shape, ContextRef),
    /// RDFC-1.0 canonical N-Quads.
    Canonical,
    /// The curated SDG links as SSSOM/TSV.
    Sssom,
}

fn plan(args: &ExportArgs) -> Result<Output> {
    let format = match args.format {
        Some(ExportFormat::Sssom) => {
            if args.frame || args.canonical || args.context_url.is_some() {
                bail!(
                    "--format sssom writes a mapping table; --frame, --canonical and --context-url do not apply to it"
                );
            }
            return Ok(Output::Sssom);
        }
        Some(ExportFormat::Rdf(format)) => Some(format),
        None => None,
    };
    let explicit = format;
    let format = format.unwrap_or(Format::Turtle);
    if args.canonical {
        if explicit.is_some_and(|f| f != Format::NQuads) {
            bail!("--canonical writes N-Quads; leave out --format {format}");
        }
        if args.context_url.is_some() {
            bail!("--context-url applies to JSON-LD only, not to --canonical");
        }
        return Ok(Output::Canonical);
    }
    let context = args
        .context_url
        .clone()
        .map_or(ContextRef::Embedded, ContextRef::Url);
    if args.frame {
        if explicit.is_some_and(|f| f != Format::JsonLd) {
            bail!("--frame writes JSON-LD; leave out --format {format} or use --format jsonld");
        }
        return Ok(Output::JsonLd(Shape::Framed, context));
    }
    match format {
        Format::JsonLd => Ok(Output::JsonLd(Shape::Flat, context)),
        other if args.context_url.is_some() => {
            bail!("--context-url applies to --format jsonld only, not to {other}")
        }
        other => Ok(Output::Rdf(other)),
    }
}

/// Where the quads come from.
enum Source {
    /// A store: `--store`, or `--data` with `--load` files (parsed and merged by the store).
    Store(Store),
    /// `--data` alone: the converted quads, without a store.
    Converted(Converted),
}

impl Source {
    fn open(data: &Path, args: &ExportArgs, output: &Output, progress: &Progress) -> Result<Self> {
        // SSSOM is written by SPARQL queries over a store.
        if args.store.store.is_some()
            || !args.store.load.is_empty()
            || matches!(output, Output::Sssom)
        {
            return Ok(Self::Store(open_store(data, &args.store, progress)?));
        }
        progress.task(format!("reading {}", data.display()), None, "");
        let dataset = load_data(data)?;
        Ok(Self::Converted(Converted::of(&dataset)?))
    }
}

/// Runs `export`.
pub(crate) fn run(data: &Path, args: &ExportArgs) -> Result<()> {
    let output = plan(args)?;
    let progress = Progress::start("opening the store");
    let source = Source::open(data, args, &output, &progress)?;
    let (name, format) = match &output {
        Output::Canonical => {
            progress.clear();
            return canonical(source, args);
        }
        Output::Sssom => {
            progress.clear();
            let Source::Store(store) = source else {
                bail!("SSSOM is written from a store");
            };
            return sssom(&store, args);
        }
        Output::Rdf(format) => (format.name(), *format),
        Output::JsonLd(Shape::Framed, _) => ("framed JSON-LD", Format::JsonLd),
        Output::JsonLd(Shape::Flat, _) => ("JSON-LD", Format::JsonLd),
    };
    let observer = |step| progress.observe(step, &[]);
    // Writes the export to `w`; returns how many quads it wrote.
    let write = |w: &mut dyn Write| -> Result<u64, ExportError> {
        let graph = args.graph;
        Ok(match (&output, source) {
            (Output::JsonLd(shape, context), Source::Store(s)) => {
                export::export_jsonld(&s, graph, *shape, context, w)?.quads
            }
            (Output::JsonLd(shape, context), Source::Converted(c)) => {
                export::export_jsonld(c, graph, *shape, context, w)?.quads
            }
            (_, Source::Store(s)) => {
                export::export_observed(&s, graph, format, w, &observer)?.quads
            }
            (_, Source::Converted(c)) => {
                export::export_observed(c, graph, format, w, &observer)?.quads
            }
        })
    };
    let (quads, bytes, place) = match &args.output {
        Some(path) => {
            let (quads, bytes) = files::write(path, |w| {
                let mut counted = Counted::new(w);
                let quads = write(&mut counted)?;
                Ok::<_, ExportError>((quads, counted.bytes))
            })
            .with_context(|| format!("cannot export to {}", path.display()))?;
            (quads, bytes, path.display().to_string())
        }
        None => {
            let mut counted = Counted::new(BufWriter::new(io::stdout().lock()));
            let quads = write(&mut counted)?;
            counted.flush()?;
            (quads, counted.bytes, "standard output".to_owned())
        }
    };
    let seconds = progress.elapsed().as_secs_f64().max(1e-9);
    progress.finish(
        "export",
        Triples::Exactly(quads),
        &format!(
            "{:.1} MB of {name} to {place} ({:.1} MB/s)",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / seconds
        ),
    );
    Ok(())
}

/// Writes canonical N-Quads and reports their SHA-256 on stderr, as `sha256sum` would.
fn canonical(source: Source, args: &ExportArgs) -> Result<()> {
    let canonical = match source {
        Source::Store(store) => export::export_canonical(&store, args.graph)?,
        Source::Converted(quads) => export::export_canonical(quads, args.graph)?,
    };
    let name = match &args.output {
        Some(path) => {
            files::write(path, |w| w.write_all(canonical.nquads.as_bytes()))
                .with_context(|| format!("cannot export to {}", path.display()))?;
            path.display().to_string()
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(canonical.nquads.as_bytes())?;
            out.flush()?;
            "-".to_owned()
        }
    };
    writeln!(io::stderr().lock(), "{}  {name}", canonical.sha256)?;
    Ok(())
}

/// Writes the curated SDG links as SSSOM/TSV.
fn sssom(store: &Store, args: &ExportArgs) -> Result<()> {
    match &args.output {
        Some(path) => files::write(path, |w| sssom::write(store, w).map(|_| ()))
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
