//! The SPARQL 1.1 Service Description returned by `GET /sparql` without a query
//! (<https://www.w3.org/TR/sparql11-service-description/>): the endpoint, the language, the
//! result formats, that the default graph is the union of the named graphs, and the graphs.
//!
//! Its default dataset is the dataset `/dataset` describes (`https://w3id.org/kyoto-kg/dataset`
//! under the default base IRI), and the prefixes queries may use without declaring them are
//! published as SHACL prefix declarations (`sh:declare`), which SPARQL editors and clients read.

use super::negotiate::Output;
use crate::store::Counts;
use crate::vocab::sh;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

const SD: &str = crate::vocab::sd::NAMESPACE;
const VOID: &str = crate::vocab::void::NAMESPACE;
const FORMATS: &str = crate::vocab::FORMATS_NAMESPACE;

fn sd(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SD}{local}"))
}

/// The W3C format IRI (<http://www.w3.org/ns/formats/>) of an output.
fn format_iri(output: Output) -> Option<NamedNode> {
    let local = match output {
        Output::ResultsJson => "SPARQL_Results_JSON",
        Output::ResultsXml => "SPARQL_Results_XML",
        Output::Csv => "SPARQL_Results_CSV",
        Output::Tsv => "SPARQL_Results_TSV",
        Output::Turtle => "Turtle",
        Output::NTriples => "N-Triples",
        Output::RdfXml => "RDF_XML",
        Output::JsonLd => "JSON-LD",
        Output::Html => return None,
    };
    Some(NamedNode::new_unchecked(format!("{FORMATS}{local}")))
}

/// The prefixes of the description, for readable Turtle.
pub fn prefixes() -> Vec<(String, String)> {
    let mut out = crate::vocab::prefixes();
    for (name, ns) in [
        ("sd", SD),
        ("sh", sh::NAMESPACE),
        ("void", VOID),
        ("formats", FORMATS),
    ] {
        out.push((name.to_owned(), ns.to_owned()));
    }
    out.sort();
    out
}

/// The service description of the endpoint at `endpoint` serving a store with `counts` (taken
/// once, when the server starts), the dataset `dataset`.
pub fn quads(counts: &Counts, endpoint: &str, dataset: &NamedNode) -> Vec<Quad> {
    let service = NamedNode::new_unchecked(endpoint);
    let mut quads = Vec::new();
    let mut add = |s: NamedOrBlankNode, p: NamedNode, o: Term| {
        quads.push(Quad::new(s, p, o, GraphName::DefaultGraph));
    };
    let triples = |n: usize| Term::from(Literal::new_typed_literal(n.to_string(), xsd::INTEGER));
    let s: NamedOrBlankNode = service.clone().into();
    add(s.clone(), rdf::TYPE.into(), sd("Service").into());
    add(s.clone(), sd("endpoint"), service.clone().into());
    add(
        s.clone(),
        sd("supportedLanguage"),
        sd("SPARQL11Query").into(),
    );
    add(s.clone(), sd("feature"), sd("UnionDefaultGraph").into());
    for output in Output::RESULTS.into_iter().chain(Output::RDF) {
        if let Some(iri) = format_iri(output) {
            add(s.clone(), sd("resultFormat"), iri.into());
        }
    }
    add(
        s.clone(),
        crate::vocab::dct::TITLE.into_owned(),
        Literal::new_language_tagged_literal_unchecked(
            "kyoto-kg SPARQL endpoint (read-only; SERVICE federation disabled)",
            "en",
        )
        .into(),
    );
    for (i, (prefix, namespace)) in crate::vocab::prefixes().into_iter().enumerate() {
        let declaration: NamedOrBlankNode = BlankNode::new_unchecked(format!("prefix{i}")).into();
        add(
            s.clone(),
            sh::DECLARE.into(),
            Term::from(declaration.clone()),
        );
        add(
            declaration.clone(),
            rdf::TYPE.into(),
            sh::PREFIX_DECLARATION.into(),
        );
        add(
            declaration.clone(),
            sh::PREFIX.into(),
            Literal::from(prefix).into(),
        );
        add(
            declaration,
            sh::NAMESPACE_PROPERTY.into(),
            Literal::new_typed_literal(namespace, xsd::ANY_URI).into(),
        );
    }
    let dataset: NamedOrBlankNode = dataset.clone().into();
    add(s, sd("defaultDataset"), Term::from(dataset.clone()));
    add(dataset.clone(), rdf::TYPE.into(), sd("Dataset").into());
    let default: NamedOrBlankNode = BlankNode::new_unchecked("default").into();
    add(
        dataset.clone(),
        sd("defaultGraph"),
        Term::from(default.clone()),
    );
    add(default.clone(), rdf::TYPE.into(), sd("Graph").into());
    add(
        default,
        NamedNode::new_unchecked(format!("{VOID}triples")),
        triples(counts.total),
    );
    for (i, (name, n)) in counts.graphs.iter().enumerate() {
        let Ok(name) = NamedNode::new(name.as_str()) else {
            continue; // the default graph and blank-node graphs have no name to list
        };
        let named: NamedOrBlankNode = BlankNode::new_unchecked(format!("named{i}")).into();
        let graph: NamedOrBlankNode = BlankNode::new_unchecked(format!("graph{i}")).into();
        add(dataset.clone(), sd("namedGraph"), Term::from(named.clone()));
        add(named.clone(), rdf::TYPE.into(), sd("NamedGraph").into());
        add(named.clone(), sd("name"), name.into());
        add(named, sd("graph"), Term::from(graph.clone()));
        add(graph.clone(), rdf::TYPE.into(), sd("Graph").into());
        add(
            graph,
            NamedNode::new_unchecked(format!("{VOID}triples")),
            triples(*n),
        );
    }
    quads
}
