//! kyoto-kg: a knowledge graph of the follow-up to the Kyoto Declaration on Advancing Crime
//! Prevention, Criminal Justice and the Rule of Law.
//!
//! # The public surface
//!
//! What someone embedding kyoto-kg uses is public and documented here (see "Using the library"
//! below for the four calls that matter): [`source`] reads and checks a data directory into a
//! [`model::Dataset`]; [`rdf`] maps it to quads under the IRIs of [`iri`] and the terms of
//! [`vocab`]; [`store`] loads it (with the ontology and the SDG snapshot, one named graph each)
//! into an Oxigraph store, in memory or on disk; [`query`] runs SPARQL and the named queries;
//! [`validate`] checks a graph against the SHACL shapes and the quality checks; [`export`],
//! [`serialize`] and [`jsonld`] write deterministic RDF; [`import`] reads a UN web listing;
//! [`generate`] writes synthetic data of the real shape. [`main`] is the whole command line.
//!
//! Everything else exists for the command line (the server, pages, the static site, releases,
//! diffs, push, the SDG import, progress bars, error reports) and is private to the crate: it may
//! change at any time.
//!
//! # The module order
//!
//! Data flows one way through the modules. They are listed here bottom first, and each uses only
//! modules listed before it: a test (`src/layering.rs`) reads every `use` of `src/` and fails on
//! any import of a later module, so there is no import cycle. docs/architecture.md has the
//! module map and the flow of `build`, `serve` and `export`.
//!
//! 1. Foundations. `threads` (work spread over threads, done on the caller's when none can
//!    start), `iri` (the IRIs kyoto-kg mints), `vocab` (every vocabulary term and the
//!    prefix table), `label` (the rule every label obeys), `observe` (progress events), `files`
//!    (every file and directory written: atomic replacement, staging, links, FIFOs and devices
//!    written through, cleanup on signals), `http_client` (outgoing HTTP), `jsonld` and
//!    `serialize` (deterministic RDF output).
//! 2. Input. `model` (the typed records) and `source`, which reads and checks `data/` into a
//!    `model::Dataset`, SDG vocabulary snapshot included.
//! 3. The pipeline. `rdf` maps the dataset to quads; `store` loads ontology, data, the SDG
//!    snapshot and extra files into an Oxigraph store; `query` answers SPARQL and the named
//!    queries; `validate` checks a graph against the shapes and the quality checks.
//! 4. Output. `sdg` imports, fetches and writes the SDG snapshot and the SSSOM export of the
//!    links; `export` writes RDF files, the VoID/DCAT description and releases; `diff` compares
//!    two states of the graph entity by entity; `import` merges a UN web listing into `data/`;
//!    `generate` writes synthetic data of the real shape; `push` sends graphs to another
//!    triplestore.
//! 5. Presentation. `page` renders HTML pages, `w3id` writes the redirect rules of the IRIs,
//!    `server` serves the endpoint, pages and UI over HTTP, `site` writes the static site.
//! 6. The command line. `progress` (progress bars), `report` (errors and findings as the user
//!    reads them), `cli` (the arguments) and `commands` (one module per command).

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

// The library's public surface: what someone embedding kyoto-kg uses to read the data, map it to
// RDF, build a store, query, validate and export it (see "Using the library" above).
pub mod export;
pub mod generate;
pub mod import;
pub mod iri;
pub mod jsonld;
pub mod model;
pub mod query;
pub mod rdf;
pub mod serialize;
pub mod source;
pub mod store;
pub mod validate;
pub mod vocab;

// The rest serves the `kyoto-kg` command line (reached through [`main`]): internal, free to change.
mod cli;
mod commands;
mod diff;
mod files;
mod http_client;
mod label;
mod observe;
mod page;
mod progress;
mod push;
mod report;
mod sdg;
mod server;
mod site;
mod threads;
mod w3id;

#[cfg(test)]
mod layering;

/// The `kyoto-kg` command line, all that `src/main.rs` runs: parses the arguments, runs the
/// command and reports any error on standard error. Exit codes: 0 success, 1 findings
/// (validation violations), 2 error (bad input, I/O, query errors).
pub fn main() -> std::process::ExitCode {
    use clap::Parser;
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            if report::is_broken_pipe(&error) {
                return std::process::ExitCode::SUCCESS;
            }
            report::error(&error);
            std::process::ExitCode::from(2)
        }
    }
}
