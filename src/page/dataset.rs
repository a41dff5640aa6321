//! The VoID / DCAT description of the whole dataset: size, classes, vocabularies, SPARQL
//! endpoint and one download (distribution) per RDF format.
//!
//! See <https://www.w3.org/TR/void/> and <https://www.w3.org/TR/vocab-dcat-3/>.

use super::{Describer, Link};
use crate::iri::ID_BASE;
use crate::store;
use crate::vocab::{dct, kyoto, prov, schema, skos};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use oxigraph::store::{StorageError, Store};
use serde::Serialize;

const VOID: &str = "http://rdfs.org/ns/void#";
const TITLE: &str = "kyoto-kg: the follow-up to the Kyoto Declaration as a knowledge graph";
const DESCRIPTION: &str = "The Kyoto Declaration, the resolutions that approved and endorsed it, its four pillars, and the intersessional thematic discussions, sessions and topics through which the Commission on Crime Prevention and Criminal Justice follows it up.";
const DCAT: &str = "http://www.w3.org/ns/dcat#";

/// The downloads of the full graph: file extension, media type, name.
pub const DATASET_FORMATS: [(&str, &str, &str); 6] = [
    ("ttl", "text/turtle", "Turtle"),
    ("nt", "application/n-triples", "N-Triples"),
    ("nq", "application/n-quads", "N-Quads"),
    ("trig", "application/trig", "TriG"),
    ("rdf", "application/rdf+xml", "RDF/XML"),
    ("jsonld", "application/ld+json", "JSON-LD"),
];

/// The IRI of the dataset description under `base`.
pub fn dataset_iri(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}dataset"))
}

fn term(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// The quads describing the dataset held by `store`, its IRIs under `base`.
pub fn dataset_quads(store: &Store, base: &str) -> Result<Vec<Quad>, StorageError> {
    let counts = store::counts(store)?;
    let dataset = dataset_iri(base);
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNode, o: Term| {
        quads.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    };
    let iri = |s: &str| Term::from(NamedNode::new_unchecked(s));
    let text = |s: &str| Term::from(Literal::new_language_tagged_literal_unchecked(s, "en"));
    let integer = |n: usize| Term::from(Literal::new_typed_literal(n.to_string(), xsd::INTEGER));
    let named = |n: NamedNodeRef<'_>| Term::from(n.into_owned());
    add(&dataset, rdf::TYPE.into(), iri(&format!("{VOID}Dataset")));
    add(&dataset, rdf::TYPE.into(), iri(&format!("{DCAT}Dataset")));
    add(&dataset, dct::TITLE.into(), text(TITLE));
    add(&dataset, dct::DESCRIPTION.into(), text(DESCRIPTION));
    add(
        &dataset,
        term(VOID, "sparqlEndpoint"),
        iri(&format!("{base}sparql")),
    );
    add(
        &dataset,
        term(VOID, "uriSpace"),
        Literal::from(ID_BASE).into(),
    );
    add(&dataset, term(VOID, "triples"), integer(counts.total));
    for namespace in [
        kyoto::NAMESPACE,
        skos::NAMESPACE,
        schema::NAMESPACE,
        dct::NAMESPACE,
        prov::NAMESPACE,
    ] {
        add(&dataset, term(VOID, "vocabulary"), iri(namespace));
    }
    for (class, n) in &counts.classes {
        let partition = NamedNode::new_unchecked(format!(
            "{base}dataset#class-{}",
            crate::query::abbreviate(class).replace(':', "-")
        ));
        add(
            &dataset,
            term(VOID, "classPartition"),
            partition.clone().into(),
        );
        add(&partition, term(VOID, "class"), iri(class));
        add(&partition, term(VOID, "entities"), integer(*n));
    }
    for (ext, media, name) in DATASET_FORMATS {
        let file = NamedNode::new_unchecked(format!("{base}dataset/kyoto.{ext}"));
        let distribution = NamedNode::new_unchecked(format!("{base}dataset#{ext}"));
        add(&dataset, term(VOID, "dataDump"), file.clone().into());
        add(
            &dataset,
            term(DCAT, "distribution"),
            distribution.clone().into(),
        );
        add(
            &distribution,
            rdf::TYPE.into(),
            iri(&format!("{DCAT}Distribution")),
        );
        add(
            &distribution,
            dct::TITLE.into(),
            text(&format!("The whole graph as {name}")),
        );
        add(&distribution, term(DCAT, "downloadURL"), file.into());
        add(
            &distribution,
            term(DCAT, "mediaType"),
            iri(&format!(
                "https://www.iana.org/assignments/media-types/{media}"
            )),
        );
    }
    add(
        &dataset,
        prov::WAS_DERIVED_FROM.into(),
        named(NamedNodeRef::new_unchecked(
            "https://w3id.org/kyoto-kg/id/source/un-follow-up-listing",
        )),
    );
    Ok(quads)
}

/// One download of the whole graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Download {
    /// File extension.
    pub ext: &'static str,
    /// Media type.
    pub media: &'static str,
    /// Format name.
    pub name: &'static str,
}

/// What the dataset page shows: the same facts as [`dataset_quads`], for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetView {
    /// The dataset's IRI.
    pub iri: String,
    /// Its title.
    pub title: &'static str,
    /// What it holds.
    pub description: &'static str,
    /// Triples in all graphs.
    pub triples: usize,
    /// Instances per class, by class label.
    pub classes: Vec<(Link, usize)>,
    /// Triples per named graph.
    pub graphs: Vec<(Link, usize)>,
    /// The downloads.
    pub formats: Vec<Download>,
}

/// The dataset page's content for `store`, IRIs under `base`.
pub fn dataset_view(
    store: &Store,
    describer: &Describer<'_>,
    base: &str,
) -> Result<DatasetView, StorageError> {
    let counts = store::counts(store)?;
    let mut classes = Vec::new();
    for (class, n) in &counts.classes {
        if let Ok(class) = NamedNode::new(class.as_str()) {
            classes.push((describer.link(class.as_ref())?, *n));
        }
    }
    classes.sort();
    let mut graphs = Vec::new();
    for (graph, n) in &counts.graphs {
        if let Ok(graph) = NamedNode::new(graph.as_str()) {
            graphs.push((describer.link(graph.as_ref())?, *n));
        }
    }
    graphs.sort();
    Ok(DatasetView {
        iri: dataset_iri(base).into_string(),
        title: TITLE,
        description: DESCRIPTION,
        triples: counts.total,
        classes,
        graphs,
        formats: DATASET_FORMATS
            .iter()
            .map(|&(ext, media, name)| Download { ext, media, name })
            .collect(),
    })
}
