//! `kyoto-kg export`: write the graph as an RDF file (plain, compacted or framed JSON-LD, or
//! canonical N-Quads).

use super::open_store;
use crate::cli::ExportArgs;
use anyhow::{Context, Result, bail};
use kyoto_kg::export::{self, ExportError};
use kyoto_kg::jsonld::{ContextRef, Shape};
use kyoto_kg::serialize::Format;
use oxigraph::store::Store;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// What the arguments ask for.
enum Output {
    /// A plain format of [`kyoto_kg::serialize`].
    Rdf(Format),
    /// Compacted JSON-LD in a shape.
    JsonLd(Shape, ContextRef),
    /// RDFC-1.0 canonical N-Quads.
    Canonical,
}

fn plan(args: &ExportArgs) -> Result<Output> {
    let format = args.format.unwrap_or(Format::Turtle);
    if args.canonical {
        if args.format.is_some_and(|f| f != Format::NQuads) {
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
        if args.format.is_some_and(|f| f != Format::JsonLd) {
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

/// Runs `export`.
pub(crate) fn run(data: &Path, args: &ExportArgs) -> Result<()> {
    let output = plan(args)?;
    let store = open_store(data, &args.store)?;
    if let Output::Canonical = output {
        return canonical(&store, args);
    }
    let write = |w: &mut dyn Write| -> Result<(), ExportError> {
        match &output {
            Output::Rdf(format) => export::export(&store, args.graph, *format, w).map(|_| ()),
            Output::JsonLd(shape, context) => {
                export::export_jsonld(&store, args.graph, *shape, context, w).map(|_| ())
            }
            Output::Canonical => Ok(()),
        }
    };
    match &args.output {
        Some(path) => export::write_atomically(path, |w| write(w))
            .with_context(|| format!("cannot export to {}", path.display()))?,
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Writes canonical N-Quads and reports their SHA-256 on stderr, as `sha256sum` would.
fn canonical(store: &Store, args: &ExportArgs) -> Result<()> {
    let canonical = export::export_canonical(store, args.graph)?;
    let name = match &args.output {
        Some(path) => {
            export::write_atomically(path, |w| w.write_all(canonical.nquads.as_bytes()))
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
