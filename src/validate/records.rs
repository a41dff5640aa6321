//! Validation of a build from `data/` alone: the records are proven, the rest is validated.
//!
//! A graph converted from [`Dataset`] records satisfies every shape and every quality check by
//! construction: [`crate::source`] refuses, with the file and line, each record a shape or a
//! check would refuse (a missing or empty label, a date outside its discussion's year, a
//! session number used twice, a topic under no session, an SDG link to a concept the snapshot
//! lacks, a label with control or invisible characters…), and [`crate::rdf`] maps each field
//! to the term, datatype and language tag the shapes require. Running the SHACL engine over
//! the records' graph again would only repeat those checks, at about six times the cost of the
//! load itself. What the records cannot vouch for is what they do not produce: the ontology
//! and the SDG vocabulary snapshot (`data/sdg/sdg-snapshot.ttl`, which anyone can refresh).
//! Those are validated here, with the same shapes, checks and engine as [`super::validate`].
//!
//! The claim is tested, not assumed: `tests/records_imply_shapes.rs` changes copies of the
//! data the way people change it and requires that whatever the source checks accept, the full
//! validation accepts too. Files added with `build --load` are not records: a build with them
//! validates the whole store, as does `build --full-validation` and the `validate` command.

use super::{Outcome, ValidateError, shapes};
use crate::iri;
use crate::model::Dataset;
use crate::store::{self, StoreError};
use oxigraph::model::{Term, Triple};
use oxigraph::store::Store;

/// Validates the graphs of a build from `dataset` that its records do not produce: the
/// ontology and the SDG vocabulary snapshot, against every shape and every check.
pub fn validate_beyond_records(dataset: &Dataset) -> Result<Outcome, ValidateError> {
    let fixed = Store::new()?;
    let ontology = store::ontology_quads().map_err(|e| match e {
        StoreError::Ontology(message) => ValidateError::Ontology(message),
        other => ValidateError::Engine(other.to_string()),
    })?;
    let sdg = dataset
        .sdg
        .as_ref()
        .map(store::sdg_quads)
        .unwrap_or_default();
    fixed.extend(ontology.into_iter().chain(sdg))?;
    super::validate_against(
        &fixed,
        &super::Origins::default(),
        &shapes_beyond_records()?,
    )
}

/// The shapes without their `sh:targetNode`s that name a record's node (such as the topics'
/// concept scheme): a target node is a focus node whether or not the graph mentions it, and
/// the records' nodes are proven by the source checks, not looked for in the ontology or the
/// SDG snapshot.
fn shapes_beyond_records() -> Result<Vec<Triple>, ValidateError> {
    let mut triples = shapes::triples()?;
    triples.retain(|t| {
        !(t.predicate.as_str() == SH_TARGET_NODE
            && matches!(&t.object, Term::NamedNode(n) if n.as_str().starts_with(iri::ID_BASE)))
    });
    Ok(triples)
}

const SH_TARGET_NODE: &str = crate::vocab::sh::TARGET_NODE.as_str();
