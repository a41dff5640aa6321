//! Exports the graphs of a store as RDF, deterministically (sorted, with prefixes). Files are
//! written through `crate::files`, so an interrupted export never leaves a half-written file
//! behind.
//!
//! Besides the plain formats of [`serialize`], an export can be JSON-LD in the nested view
//! ([`export_jsonld`], through [`crate::jsonld`]) or canonical N-Quads ([`canonical`]); a
//! `release` writes all of them at once, with a VoID + DCAT description (`void`).

pub mod canonical;
pub(crate) mod release;
pub(crate) mod version;
pub(crate) mod void;

use crate::iri::graph;
use crate::jsonld::{self, ContextRef, JsonLdError, Shape};
use crate::model::Dataset;
use crate::observe::{self, Observer, Step};
use crate::serialize::{self, Format};
use crate::store::{self, StoreError};
use oxigraph::model::{GraphNameRef, Quad};
use oxigraph::store::{StorageError, Store};
use rustc_hash::FxHashSet;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// Which graphs to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GraphSelection {
    /// The facts converted from `data/`.
    Data,
    /// The ontology.
    Ontology,
    /// The snapshot of the UN SDG vocabulary.
    Sdg,
    /// Every graph of the store (merged into one graph for triple-only formats).
    #[default]
    All,
}

impl GraphSelection {
    const NAMES: [(&'static str, Self); 4] = [
        ("data", Self::Data),
        ("ontology", Self::Ontology),
        ("sdg", Self::Sdg),
        ("all", Self::All),
    ];
}

impl fmt::Display for GraphSelection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Self::NAMES
            .iter()
            .find(|(_, v)| v == self)
            .map_or("all", |(n, _)| n);
        f.write_str(name)
    }
}

impl FromStr for GraphSelection {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                format!("the graph {s:?} is unknown; choose from: data, ontology, sdg, all")
            })
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Writing failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] io::Error),
    /// JSON-LD could not be written.
    #[error(transparent)]
    JsonLd(#[from] JsonLdError),
}

/// Where an export reads its quads: a store, or the quads converted from `data/` without one
/// ([`Converted`]). Both give the same quads, so the same export, byte for byte.
pub trait QuadSource: Sized {
    /// The quads of the selected graphs, each once, in no particular order.
    fn select(self, selection: GraphSelection) -> Result<Vec<Quad>, StorageError>;

    /// The quads of the selected graphs in no particular order, some maybe twice: for writers
    /// that sort and then drop repeated quads anyway ([`serialize::sort_quads`]).
    fn select_to_sort(self, selection: GraphSelection) -> Result<Vec<Quad>, StorageError> {
        self.select(selection)
    }
}

impl QuadSource for &Store {
    fn select(self, selection: GraphSelection) -> Result<Vec<Quad>, StorageError> {
        let graph = selection.graph();
        self.quads_for_pattern(None, None, None, graph).collect()
    }
}

/// The quads a store built from the same data would hold (the ontology, the records' graph and
/// the SDG snapshot), without building the store: an export from `data/` only sorts and writes
/// them (loading them into a store first was half of such an export).
#[derive(Debug, Clone)]
pub struct Converted(pub Vec<Quad>);

impl Converted {
    /// The quads of the graphs built from `dataset`.
    pub fn of(dataset: &Dataset) -> Result<Self, StoreError> {
        Ok(Self(store::converted_quads(dataset)?))
    }
}

impl QuadSource for Converted {
    fn select_to_sort(self, selection: GraphSelection) -> Result<Vec<Quad>, StorageError> {
        let mut quads = self.0;
        if let Some(graph) = selection.graph() {
            quads.retain(|q| q.graph_name.as_ref() == graph);
        }
        Ok(quads)
    }

    fn select(self, selection: GraphSelection) -> Result<Vec<Quad>, StorageError> {
        let mut quads = self.select_to_sort(selection)?;
        // A store holds each quad once; the conversion may make one twice.
        let keep: Vec<bool> = {
            let mut seen = FxHashSet::default();
            seen.reserve(quads.len());
            quads.iter().map(|q| seen.insert(q.as_ref())).collect()
        };
        let mut keep = keep.into_iter();
        quads.retain(|_| keep.next().unwrap_or(true));
        Ok(quads)
    }
}

impl GraphSelection {
    /// The one graph selected, or `None` for all of them.
    fn graph(self) -> Option<GraphNameRef<'static>> {
        match self {
            Self::Data => Some(GraphNameRef::NamedNode(graph::DATA)),
            Self::Ontology => Some(GraphNameRef::NamedNode(graph::ONTOLOGY)),
            Self::Sdg => Some(GraphNameRef::NamedNode(graph::SDG)),
            Self::All => None,
        }
    }
}

/// The quads of the selected graphs of `store`.
pub fn select(store: &Store, selection: GraphSelection) -> Result<Vec<Quad>, StorageError> {
    QuadSource::select(store, selection)
}

/// Writes the selected graphs of `store` in `format` to `out`.
pub fn export<W: Write>(
    store: impl QuadSource,
    selection: GraphSelection,
    format: Format,
    out: W,
) -> Result<W, ExportError> {
    Ok(export_observed(store, selection, format, out, &observe::ignore)?.writer)
}

/// What `export_observed` wrote.
#[derive(Debug)]
pub struct Exported<W> {
    /// The writer, flushed by the serializer but not closed.
    pub writer: W,
    /// The number of quads (triples for formats without named graphs) written.
    pub quads: u64,
}

/// [`export`], reporting progress to `observer` and counting what was written.
pub(crate) fn export_observed<W: Write>(
    store: impl QuadSource,
    selection: GraphSelection,
    format: Format,
    out: W,
    observer: Observer<'_>,
) -> Result<Exported<W>, ExportError> {
    observer(Step::Reading);
    // The writer sorts the quads and drops repeated ones.
    let quads = store.select_to_sort(selection)?;
    let prefixes = crate::vocab::prefixes();
    let (writer, quads) = serialize::write_quads_observed(quads, format, &prefixes, out, observer)?;
    Ok(Exported { writer, quads })
}

/// Writes the selected graphs of `store` as compacted JSON-LD in `shape`, referring to the
/// context as `context` says.
pub fn export_jsonld<W: Write>(
    store: impl QuadSource,
    selection: GraphSelection,
    shape: Shape,
    context: &ContextRef,
    out: W,
) -> Result<Exported<W>, ExportError> {
    let quads = store.select(selection)?;
    let writer = jsonld::write_compacted(&quads, shape, context, out)?;
    Ok(Exported {
        writer,
        quads: quads.len() as u64,
    })
}

/// The canonical N-Quads (RDFC-1.0) of the selected graphs of `store`, and their SHA-256.
pub fn export_canonical(
    store: impl QuadSource,
    selection: GraphSelection,
) -> Result<canonical::Canonical, ExportError> {
    Ok(canonical::canonicalize(store.select(selection)?))
}
