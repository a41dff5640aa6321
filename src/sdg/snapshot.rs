//! What kyoto-kg keeps of the SDG vocabulary, and the snapshot file `data/sdg/sdg-snapshot.ttl`.
//!
//! The snapshot holds every goal; Goal 16 with all its targets and indicators; every concept a
//! curated link points at, with the indicators of linked targets; and, upwards, the broader
//! concepts of everything kept (so an indicator shared with another goal's target brings that
//! target along) and the concept scheme. Of each it keeps the types, `skos:prefLabel` and
//! `skos:altLabel` in every language the source has, `skos:notation`, `skos:broader` /
//! `skos:narrower` / `skos:inScheme` / top-concept links between kept entries, and the source's
//! `skos:exactMatch` links (SDGIO, Wikidata).
//!
//! The file is Turtle written through [`crate::serialize`] (sorted, with a fixed prefix list) under
//! a fixed header, so the same input always gives the same bytes; it is replaced atomically.

use super::{NAMESPACE, SdgError};
use crate::model::{SdgKind, SdgVocabulary};
use crate::serialize::{self, Format};
use crate::vocab::{sdgo, skos};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple};
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

/// The comment at the top of every snapshot file.
pub const HEADER: &str = "\
# A snapshot of the UN SDG Knowledge Organization System (http://metadata.un.org/sdg/), as used by kyoto-kg.
#
# Written by `kyoto-kg sdg import` (from the UN's published SDG KOS files) or `kyoto-kg sdg fetch`
# (from the UN's service); do not edit by hand. It holds every goal, Goal 16 with its targets and
# indicators, the concepts that data/sdg-links.toml links to (with the indicators of linked targets)
# and their broader concepts. Source and licence: data/sdg/README.md.

";

/// The predicates kept.
const KEPT: [NamedNodeRef<'static>; 10] = [
    rdf::TYPE,
    skos::PREF_LABEL,
    skos::ALT_LABEL,
    skos::NOTATION,
    skos::BROADER,
    skos::NARROWER,
    skos::IN_SCHEME,
    skos::TOP_CONCEPT_OF,
    skos::HAS_TOP_CONCEPT,
    skos::EXACT_MATCH,
];

/// The predicates whose object is another SDG entry: kept only when that entry is kept too.
const INTERNAL: [NamedNodeRef<'static>; 5] = [
    skos::BROADER,
    skos::NARROWER,
    skos::IN_SCHEME,
    skos::TOP_CONCEPT_OF,
    skos::HAS_TOP_CONCEPT,
];

/// The classes kept as `rdf:type` values.
const TYPES: [NamedNodeRef<'static>; 5] = [
    skos::CONCEPT,
    skos::CONCEPT_SCHEME,
    sdgo::GOAL,
    sdgo::TARGET,
    sdgo::INDICATOR,
];

/// The prefixes of the snapshot file: fixed, so that new project prefixes do not change it.
pub fn prefixes() -> Vec<(String, String)> {
    [
        ("rdf", crate::vocab::RDF_NAMESPACE),
        ("sdg", NAMESPACE),
        ("sdgo", sdgo::NAMESPACE),
        ("skos", skos::NAMESPACE),
    ]
    .into_iter()
    .map(|(p, n)| (p.to_owned(), n.to_owned()))
    .collect()
}

/// Why a selection could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SelectionError {
    /// The input has no Goal 16.
    #[error(
        "the SDG data ({0}) has no goal with notation 16; is it the SDG KOS goals, targets and indicators file?"
    )]
    NoGoal16(String),
    /// A curated link points at an IRI the input does not describe.
    #[error("the curated links use {0}, which the SDG data ({1}) does not describe")]
    MissingLinked(String, String),
}

/// The IRIs to keep of `vocabulary`, given the IRIs the curated links point at.
pub fn select(
    vocabulary: &SdgVocabulary,
    linked: &[&str],
) -> Result<BTreeSet<String>, SelectionError> {
    let origins = || vocabulary.origins.join(", ");
    let mut wanted: BTreeSet<String> = vocabulary
        .concepts
        .values()
        .filter(|c| c.kind == SdgKind::Goal)
        .map(|c| c.iri.clone())
        .collect();
    let goal16 = vocabulary
        .goal("16")
        .ok_or_else(|| SelectionError::NoGoal16(origins()))?;
    let mut below = vec![goal16.iri.clone()];
    while let Some(iri) = below.pop() {
        for child in vocabulary.narrower(&iri) {
            if wanted.insert(child.iri.clone()) {
                below.push(child.iri.clone());
            }
        }
    }
    for iri in linked {
        let concept = vocabulary
            .by_iri(iri)
            .ok_or_else(|| SelectionError::MissingLinked((*iri).to_owned(), origins()))?;
        wanted.insert(concept.iri.clone());
        if concept.kind == SdgKind::Target {
            wanted.extend(vocabulary.narrower(iri).map(|c| c.iri.clone()));
        }
    }
    let mut above: Vec<String> = wanted.iter().cloned().collect();
    while let Some(iri) = above.pop() {
        let Some(concept) = vocabulary.by_iri(&iri) else {
            continue;
        };
        for parent in &concept.broader {
            if vocabulary.by_iri(parent).is_some() && wanted.insert(parent.clone()) {
                above.push(parent.clone());
            }
        }
    }
    let schemes: Vec<String> = vocabulary
        .triples
        .iter()
        .filter(|t| t.predicate == skos::IN_SCHEME && subject_in(t, &wanted))
        .filter_map(|t| match &t.object {
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .filter(|iri| vocabulary.by_iri(iri).is_some())
        .collect();
    wanted.extend(schemes);
    Ok(wanted)
}

fn subject_in(t: &Triple, set: &BTreeSet<String>) -> bool {
    matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if set.contains(n.as_str()))
}

/// The triples of `vocabulary` about the `selected` IRIs that the snapshot keeps.
pub fn triples(vocabulary: &SdgVocabulary, selected: &BTreeSet<String>) -> Vec<Triple> {
    vocabulary
        .triples
        .iter()
        .filter(|t| subject_in(t, selected) && KEPT.contains(&t.predicate.as_ref()))
        .filter(|t| match &t.object {
            Term::NamedNode(o) if t.predicate == rdf::TYPE => TYPES.contains(&o.as_ref()),
            Term::NamedNode(o) if INTERNAL.contains(&t.predicate.as_ref()) => {
                selected.contains(o.as_str())
            }
            Term::NamedNode(_) => true,
            Term::Literal(_) => t.predicate != rdf::TYPE,
            _ => false,
        })
        .cloned()
        .collect()
}

/// Writes the snapshot of `triples` to `out`: the header, then sorted, prefixed Turtle.
pub fn write<W: Write>(triples: Vec<Triple>, mut out: W) -> io::Result<W> {
    out.write_all(HEADER.as_bytes())?;
    let quads = triples
        .into_iter()
        .map(|t| Quad::new(t.subject, t.predicate, t.object, GraphName::DefaultGraph))
        .collect();
    serialize::write_quads_with_prefixes(quads, Format::Turtle, &prefixes(), out)
}

/// Replaces the snapshot file at `path` by the snapshot of `triples`, atomically: the old file
/// stays as it was unless the new one is complete. Creates the parent directory if needed.
pub fn save(path: &Path, triples: Vec<Triple>) -> Result<(), SdgError> {
    let io = |source| SdgError::Io {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    crate::files::write(path, |w| write(triples, w).map(|_| ())).map_err(io)
}

/// How many goals, targets, indicators and schemes `selected` holds.
pub fn census(vocabulary: &SdgVocabulary, selected: &BTreeSet<String>) -> [(SdgKind, usize); 4] {
    let count = |kind| {
        selected
            .iter()
            .filter(|iri| vocabulary.by_iri(iri).is_some_and(|c| c.kind == kind))
            .count()
    };
    [
        (SdgKind::Goal, count(SdgKind::Goal)),
        (SdgKind::Target, count(SdgKind::Target)),
        (SdgKind::Indicator, count(SdgKind::Indicator)),
        (SdgKind::Scheme, count(SdgKind::Scheme)),
    ]
}
