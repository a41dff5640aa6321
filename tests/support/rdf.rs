//! The store built from the shipped data, and an oxrdf-to-sophia term adapter so that sophia (an
//! independent RDF implementation) can check what Oxigraph wrote.

use super::project_dir;
use kyoto_kg::{source, store};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use sophia::api::MownStr;
use sophia::api::parser::{QuadParser, TripleParser};
use sophia::api::source::{QuadSource, TripleSource};
use sophia::api::term::{BnodeId, IriRef, LanguageTag, SimpleTerm};
use sophia::jsonld::JsonLdParser;
use sophia::turtle::parser::{nq, nt, trig, turtle};
use sophia::xml::parser::RdfXmlParser;
use std::collections::BTreeMap;

/// The store built from the shipped data through the library.
pub fn shipped_store() -> Store {
    let dataset = source::load(&project_dir().join("data")).unwrap();
    store::in_memory(&dataset, &[]).unwrap()
}

/// Every quad of `store`.
pub fn all_quads(store: &Store) -> Vec<Quad> {
    store.iter().collect::<Result<_, _>>().unwrap()
}

/// A fresh in-memory store holding a Turtle document.
pub fn turtle_store(turtle: &[u8]) -> Store {
    let store = Store::new().unwrap();
    store
        .load_from_slice(RdfParser::from_format(RdfFormat::Turtle), turtle)
        .unwrap();
    store
}

/// Runs a SELECT over `store` and returns the rows as maps from variable to value: an IRI's
/// text, a literal's lexical form, anything else as N-Triples.
pub fn select_rows(store: &Store, query: &str) -> Vec<BTreeMap<String, String>> {
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(query)
        .unwrap()
        .on_store(store)
        .execute()
        .unwrap()
    else {
        panic!("not a SELECT")
    };
    solutions
        .map(|s| {
            s.unwrap()
                .iter()
                .map(|(v, t)| {
                    let value = match t {
                        Term::NamedNode(n) => n.as_str().to_owned(),
                        Term::Literal(l) => l.value().to_owned(),
                        other => other.to_string(),
                    };
                    (v.as_str().to_owned(), value)
                })
                .collect()
        })
        .collect()
}

// --- oxrdf -> sophia ------------------------------------------------------------------------

/// A sophia quad: `([s, p, o], graph)`.
pub type SophiaQuad = ([SimpleTerm<'static>; 3], Option<SimpleTerm<'static>>);
/// A sophia triple.
pub type SophiaTriple = [SimpleTerm<'static>; 3];

/// Converts an Oxigraph term into a sophia term.
pub fn sophia_term(term: &Term) -> SimpleTerm<'static> {
    match term {
        Term::NamedNode(n) => {
            SimpleTerm::Iri(IriRef::new_unchecked(MownStr::from(n.as_str().to_owned())))
        }
        Term::BlankNode(b) => {
            SimpleTerm::BlankNode(BnodeId::new_unchecked(MownStr::from(b.as_str().to_owned())))
        }
        Term::Literal(l) => match l.language() {
            Some(lang) => SimpleTerm::LiteralLanguage(
                MownStr::from(l.value().to_owned()),
                LanguageTag::new_unchecked(MownStr::from(lang.to_owned())),
                None,
            ),
            None => SimpleTerm::LiteralDatatype(
                MownStr::from(l.value().to_owned()),
                IriRef::new_unchecked(MownStr::from(l.datatype().as_str().to_owned())),
            ),
        },
        // Triple terms exist only with RDF 1.2, which the dev-dependencies switch on.
        other => panic!("unsupported term {other}"),
    }
}

fn subject_term(s: &NamedOrBlankNode) -> Term {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.clone().into(),
        NamedOrBlankNode::BlankNode(b) => b.clone().into(),
    }
}

/// Converts Oxigraph quads into sophia quads.
pub fn sophia_quads(quads: &[Quad]) -> Vec<SophiaQuad> {
    quads
        .iter()
        .map(|q| {
            let graph = match &q.graph_name {
                GraphName::NamedNode(n) => Some(sophia_term(&n.clone().into())),
                GraphName::BlankNode(b) => Some(sophia_term(&b.clone().into())),
                GraphName::DefaultGraph => None,
            };
            (
                [
                    sophia_term(&subject_term(&q.subject)),
                    sophia_term(&q.predicate.clone().into()),
                    sophia_term(&q.object),
                ],
                graph,
            )
        })
        .collect()
}

/// The triples of Oxigraph quads, graph names dropped, duplicates removed.
pub fn sophia_triples(quads: &[Quad]) -> Vec<SophiaTriple> {
    let mut triples: Vec<SophiaTriple> = sophia_quads(quads).into_iter().map(|(t, _)| t).collect();
    triples.sort_by_cached_key(|t| format!("{t:?}"));
    triples.dedup();
    triples
}

/// Parses a triple format of `kyoto-kg export` (by its `--format` name) with sophia.
pub fn parse_triples(format: &str, text: &str) -> Vec<SophiaTriple> {
    match format {
        "turtle" => turtle::parse_str(text).collect_triples().unwrap(),
        "ntriples" => nt::parse_str(text).collect_triples().unwrap(),
        "rdfxml" => RdfXmlParser { base: None }
            .parse_str(text)
            .collect_triples()
            .unwrap(),
        other => panic!("{other} is not a triple format"),
    }
}

/// Parses a quad format of `kyoto-kg export` (by its `--format` name) with sophia.
pub fn parse_quads(format: &str, text: &str) -> Vec<SophiaQuad> {
    match format {
        "nquads" => nq::parse_str(text).collect_quads().unwrap(),
        "trig" => trig::parse_str(text).collect_quads().unwrap(),
        "jsonld" => JsonLdParser::new().parse_str(text).collect_quads().unwrap(),
        other => panic!("{other} is not a quad format"),
    }
}
