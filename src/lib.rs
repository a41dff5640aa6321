//! kyoto-kg: a knowledge graph of the follow-up to the Kyoto Declaration on Advancing Crime
//! Prevention, Criminal Justice and the Rule of Law.
//!
//! Data flows one way through the modules. They are listed here bottom first, and each uses only
//! modules listed before it: a test (`src/layering.rs`) reads every `use` of `src/` and fails
//! on any import of a later module, so there is no import cycle. docs/architecture.md has the
//! module map and the flow of `build`, `serve` and `export`.
//!
//! 1. Foundations. [`iri`] (the IRIs kyoto-kg mints), [`vocab`] (every vocabulary term and the
//!    prefix table), `label` (the rule every label obeys), [`observe`] (progress events),
//!    [`files`] (every file and directory written: atomic replacement, staging, links, FIFOs
//!    and devices written through, cleanup on signals), [`http_client`] (outgoing HTTP),
//!    [`jsonld`] and [`serialize`] (deterministic RDF output).
//! 2. Input. [`model`] (the typed records) and [`source`], which reads and checks `data/` into
//!    a [`model::Dataset`], SDG vocabulary snapshot included.
//! 3. The pipeline. [`rdf`] maps the dataset to quads; [`store`] loads ontology, data, the SDG
//!    snapshot and extra files into an Oxigraph store, one named graph each, in memory or on
//!    disk; [`query`] answers SPARQL and the named queries; [`validate`] checks a graph against
//!    the SHACL shapes and the quality checks.
//! 4. Output. [`sdg`] imports, fetches and writes the SDG snapshot and the SSSOM export of the
//!    links; [`export`] writes RDF files, the VoID/DCAT description and releases; [`diff`]
//!    compares two states of the graph entity by entity; [`import`] merges a UN web listing into
//!    `data/`; [`generate`] writes synthetic data of the real shape; [`push`] sends graphs to
//!    another triplestore.
//! 5. Presentation. [`page`] renders HTML pages, [`w3id`] writes the redirect rules of the
//!    IRIs, [`server`] serves the endpoint, pages and UI over HTTP, [`site`] writes the static
//!    site.
//!
//! The binary (`src/main.rs`) adds, in the same way, `progress`, `report`, `cli` and
//! `commands` on top.

//! # Using the library
//!
//! What someone embedding kyoto-kg needs is four calls: load a data directory, build a store,
//! run a named query (or any SPARQL), export. (Run from the project folder, so that `data/` is
//! the shipped data.)
//!
//! ```
//! use kyoto_kg::export::{self, GraphSelection};
//! use kyoto_kg::serialize::Format;
//! use kyoto_kg::{query, source, store};
//! use oxigraph::sparql::QueryResults;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Read and check the curated data, then load it (with the ontology and the SDG snapshot).
//! let dataset = source::load(std::path::Path::new("data"))?;
//! let store = store::in_memory(&dataset, &[])?;
//!
//! // A named query of queries/ is standalone SPARQL, its parameters' defaults included.
//! let timeline = query::find("timeline")?;
//! let QueryResults::Solutions(rows) = query::run(&store, query::prepare(timeline.text, &[])?)?
//! else {
//!     unreachable!("the timeline is a SELECT")
//! };
//! let sessions = rows
//!     .map(|row| Ok(row?.get("session").map(ToString::to_string)))
//!     .collect::<Result<std::collections::BTreeSet<_>, query::QueryError>>()?;
//! assert_eq!(sessions.len(), dataset.sessions.len());
//!
//! // Turtle of the data graph, sorted and prefixed: the same bytes on every run.
//! let turtle = export::export(&store, GraphSelection::Data, Format::Turtle, Vec::new())?;
//! assert!(String::from_utf8(turtle)?.contains("kyoto:ThematicSession"));
//! # Ok(())
//! # }
//! ```

pub mod diff;
pub mod export;
pub mod files;
pub mod generate;
pub mod http_client;
pub mod import;
pub mod iri;
pub mod jsonld;
pub(crate) mod label;
pub mod model;
pub mod observe;
pub mod page;
pub mod push;
pub mod query;
pub mod rdf;
pub mod sdg;
pub mod serialize;
pub mod server;
pub mod site;
pub mod source;
pub mod store;
pub mod validate;
pub mod vocab;
pub mod w3id;

#[cfg(test)]
mod layering;
