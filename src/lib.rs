//! kyoto-kg: a knowledge graph of the follow-up to the Kyoto Declaration on Advancing Crime
//! Prevention, Criminal Justice and the Rule of Law.
//!
//! Data flows one way through the modules, and nothing imports from a module further down:
//!
//! 1. [`source`] reads and checks the curated TOML in `data/` into a [`model::Dataset`], resolving
//!    the curated SDG links against the SDG vocabulary snapshot that [`sdg`] reads;
//! 2. [`rdf`] maps the dataset to quads under the ontology ([`vocab`], [`iri`]);
//! 3. [`store`] loads ontology, data, the SDG snapshot and extra files into an Oxigraph store, one
//!    named graph each;
//! 4. [`query`] answers SPARQL (and the named queries of `queries/`), [`export`] writes RDF files,
//!    both through [`serialize`] for deterministic output; [`sdg`] also writes the snapshot
//!    (`sdg import`, `sdg fetch`) and the SSSOM export of the links;
//! 5. [`validate`] checks a graph against the SHACL shapes and the quality checks, and
//!    [`import`] merges a UN web listing of thematic sessions into `data/`;
//! 6. [`page`] describes IRIs and renders HTML pages, [`server`] serves the SPARQL endpoint,
//!    the linked-data pages and the browser UI over HTTP.
//!
//! Beside the pipeline, [`generate`] writes synthetic source data of the real shape at any
//! scale, for benchmarks.
//!
//! At the bottom, used by every module that writes a file or a directory: [`files`] (atomic
//! replacement, staging directories, symbolic links, FIFOs, devices and descriptors written
//! through, temporary files removed on errors and signals); and `label`, the rule every label,
//! name and title obeys.

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
