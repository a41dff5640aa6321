//! Writes the curated SDG links of a store as an SSSOM mapping set: the SSSOM/TSV format of the
//! Simple Standard for Sharing Ontological Mappings (<https://mapping-commons.github.io/sssom/>),
//! a YAML metadata block (each line behind `#`) followed by one tab-separated row per mapping.
//!
//! The rows are read back from the mapping records of the graph ([`crate::rdf`] writes them),
//! so the export works on a persistent store as well as on one built from `data/`. Identifiers
//! are CURIEs declared in the `curie_map`; rows are sorted, so the file is byte-identical across
//! runs on the same data.
//!
//! Besides the identifiers, labels, justification, author, date and rationale, each row carries
//! what SSSOM users filter on: `reviewer_label` (empty for a link not yet reviewed), `confidence`
//! (derived from the predicate and the review, see [`crate::model::Confidence`]) and
//! `subject_type` / `object_type` (`skos concept`, or `rdfs resource` for an end that is not a
//! concept: the declaration and the SDG concept scheme, whose links use `dcterms:relation`,
//! never a SKOS mapping property).

use crate::iri::{self, Kind};
use crate::model::{Confidence, LinkPredicate};
use crate::query::{self, QueryError};
use crate::vocab::{dct, semapv, skos};
use oxigraph::model::Term;
use oxigraph::model::vocab::xsd;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The identifier of the mapping set.
pub const MAPPING_SET_ID: &str = "https://w3id.org/kyoto-kg/mappings/kyoto-sdg.sssom.tsv";
/// The licence of the mapping set (that of the kyoto-kg ontology and data).
pub const LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";
/// The columns written, in order (SSSOM slot names, in the order of the SSSOM schema).
pub const COLUMNS: [&str; 13] = [
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "author_label",
    "reviewer_label",
    "subject_type",
    "object_type",
    "mapping_date",
    "confidence",
    "comment",
];

/// The SSSOM entity type of a `skos:Concept`.
pub const SKOS_CONCEPT_TYPE: &str = "skos concept";

/// The SSSOM entity type of anything else (a document, a concept scheme).
pub const RESOURCE_TYPE: &str = "rdfs resource";

/// The mapping records of the graph, one row of values per mapping, in the order of
/// [`COLUMNS`].
const QUERY: &str = r#"
SELECT ?subject (MIN(STR(?sl)) AS ?subjectLabel) ?predicate ?object (MIN(STR(?ol)) AS ?objectLabel)
       ?justification ?author ?reviewer ?subjectType ?objectType ?date ?confidence ?comment
WHERE {
  ?record a kyoto:EditorialMapping ;
          owl:annotatedSource ?subject ;
          owl:annotatedProperty ?predicate ;
          owl:annotatedTarget ?object ;
          sssom:mapping_justification ?justification .
  OPTIONAL { ?record sssom:author_label ?author }
  OPTIONAL { ?record sssom:reviewer_label ?reviewer }
  OPTIONAL { ?record dct:created ?date }
  OPTIONAL { ?record sssom:confidence ?confidence }
  OPTIONAL { ?record rdfs:comment ?comment }
  OPTIONAL { ?subject rdfs:label ?sl }
  OPTIONAL { ?object skos:prefLabel ?ol FILTER(LANGMATCHES(LANG(?ol), "en")) }
  BIND(EXISTS { ?subject rdf:type/rdfs:subClassOf* skos:Concept } AS ?subjectType)
  BIND(EXISTS { ?object rdf:type/rdfs:subClassOf* skos:Concept } AS ?objectType)
}
GROUP BY ?subject ?predicate ?object ?justification ?author ?reviewer ?subjectType ?objectType
         ?date ?confidence ?comment
"#;

/// Why the SSSOM export failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SssomError {
    /// Reading the mappings from the store failed.
    #[error("cannot read the mappings from the store: {0}")]
    Query(#[from] QueryError),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The prefixes an SSSOM file may use, by name.
pub fn curie_map() -> BTreeMap<&'static str, String> {
    let mut map = BTreeMap::from([
        ("dcterms", dct::NAMESPACE.to_owned()),
        ("sdg", super::NAMESPACE.to_owned()),
        ("semapv", semapv::NAMESPACE.to_owned()),
        ("skos", skos::NAMESPACE.to_owned()),
        // The SDG concept scheme (http://metadata.un.org/sdg) has no CURIE under `sdg:`.
        ("unmetadata", crate::vocab::UN_METADATA_NAMESPACE.to_owned()),
    ]);
    for kind in Kind::ALL {
        map.insert(kind.segment(), kind.namespace());
    }
    map
}

/// `iri` as a CURIE of `map` (longest namespace first), or the IRI itself when none applies.
fn compact(
    iri: &str,
    map: &BTreeMap<&'static str, String>,
    used: &mut Vec<&'static str>,
) -> String {
    let best = map
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns.as_str()) && iri.len() > ns.len())
        .max_by_key(|(_, ns)| ns.len());
    match best {
        Some((prefix, ns)) => {
            if !used.contains(prefix) {
                used.push(prefix);
            }
            format!("{prefix}:{}", &iri[ns.len()..])
        }
        None => iri.to_owned(),
    }
}

/// The confidence rule in words: "skos:closeMatch 0.95 reviewed, 0.85 not; ...".
fn confidence_rule() -> String {
    let grade = |p: LinkPredicate| {
        format!(
            "{} reviewed, {} not",
            Confidence::of(p, true),
            Confidence::of(p, false)
        )
    };
    format!(
        "{} {}; {} and {} {}",
        LinkPredicate::CloseMatch.curie(),
        grade(LinkPredicate::CloseMatch),
        LinkPredicate::RelatedMatch.curie(),
        LinkPredicate::Relation.curie(),
        grade(LinkPredicate::RelatedMatch)
    )
}

/// A TSV cell: tabs and line breaks become spaces.
fn cell(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// A double-quoted YAML scalar.
fn yaml(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes the mappings of `store` as SSSOM/TSV to `out`; returns `out` and the number of rows.
pub fn write<W: Write>(store: &Store, mut out: W) -> Result<(W, usize), SssomError> {
    let prepared = query::prepare(QUERY, &[])?;
    let QueryResults::Solutions(solutions) = query::run(store, prepared)? else {
        return Ok((out, 0));
    };
    let map = curie_map();
    let mut used = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(QueryError::Evaluation)?;
        let value = |name: &str, used: &mut Vec<&'static str>| match solution.get(name) {
            // Whether an end is a concept (`subjectType`, `objectType`).
            Some(Term::Literal(l)) if l.datatype() == xsd::BOOLEAN => {
                let concept = l.value() == "true";
                (if concept {
                    SKOS_CONCEPT_TYPE
                } else {
                    RESOURCE_TYPE
                })
                .to_owned()
            }
            Some(Term::NamedNode(n)) => compact(n.as_str(), &map, used),
            Some(Term::Literal(l)) => cell(l.value()),
            Some(other) => cell(&other.to_string()),
            None => String::new(),
        };
        rows.push(
            [
                "subject",
                "subjectLabel",
                "predicate",
                "object",
                "objectLabel",
                "justification",
                "author",
                "reviewer",
                "subjectType",
                "objectType",
                "date",
                "confidence",
                "comment",
            ]
            .into_iter()
            .map(|name| value(name, &mut used))
            .collect(),
        );
    }
    rows.sort();
    used.sort_unstable();

    writeln!(out, "#curie_map:")?;
    for prefix in &used {
        writeln!(out, "#  {prefix}: {}", yaml(&map[prefix]))?;
    }
    writeln!(out, "#mapping_set_id: {}", yaml(MAPPING_SET_ID))?;
    writeln!(
        out,
        "#mapping_set_title: {}",
        yaml("Kyoto Declaration follow-up to the UN Sustainable Development Goals")
    )?;
    writeln!(
        out,
        "#mapping_set_description: {}",
        yaml(&format!(
            "Editorial links from the Kyoto Declaration, its pillars and the topics of the CCPCJ thematic sessions (kyoto-kg, {}) to the goals and targets of the UN SDG Knowledge Organization System (http://metadata.un.org/sdg). Each link is a judgement of the kyoto-kg curators, with a one-line rationale in the comment column; reviewer_label names who reviewed it, if anyone has, and confidence follows from the predicate and the review ({}). The declaration (a document) and the SDG concept scheme are not SKOS concepts: their rows use dcterms:relation and the type {RESOURCE_TYPE}.",
            iri::BASE,
            confidence_rule()
        ))
    )?;
    writeln!(out, "#license: {}", yaml(LICENSE))?;
    writeln!(out, "{}", COLUMNS.join("\t"))?;
    for row in &rows {
        writeln!(out, "{}", row.join("\t"))?;
    }
    Ok((out, rows.len()))
}
