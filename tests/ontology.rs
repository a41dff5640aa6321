//! The ontology documents every term the code uses, and the code names every term it declares.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use kyoto_kg::store::ontology_quads;
use kyoto_kg::vocab::kyoto;
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use std::collections::BTreeSet;

fn declared(quads: &[Quad], predicate: &str) -> BTreeSet<String> {
    quads
        .iter()
        .filter(|q| q.predicate.as_str() == predicate)
        .filter_map(|q| match &q.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_vocabulary_constant_is_declared_in_the_ontology_with_a_label_and_a_comment() {
    let quads = ontology_quads().unwrap();
    let typed = declared(&quads, rdf::TYPE.as_str());
    let labelled = declared(&quads, rdfs::LABEL.as_str());
    let commented = declared(&quads, rdfs::COMMENT.as_str());
    for term in kyoto::ALL {
        let iri = term.as_str().to_owned();
        assert!(
            typed.contains(&iri),
            "{iri} has no rdf:type in ontology/kyoto.ttl"
        );
        assert!(labelled.contains(&iri), "{iri} has no rdfs:label");
        assert!(commented.contains(&iri), "{iri} has no rdfs:comment");
    }
}

#[test]
fn every_term_the_ontology_declares_has_a_constant() {
    let quads = ontology_quads().unwrap();
    let constants: BTreeSet<String> = kyoto::ALL.iter().map(|t| t.as_str().to_owned()).collect();
    for iri in declared(&quads, rdf::TYPE.as_str()) {
        if iri.starts_with(kyoto::NAMESPACE) {
            assert!(
                constants.contains(&iri),
                "{iri} is declared but src/vocab.rs has no constant for it"
            );
        }
    }
}

#[test]
fn the_data_graph_uses_only_declared_kyoto_terms() {
    let store = support::rdf::shipped_store();
    let constants: BTreeSet<String> = kyoto::ALL.iter().map(|t| t.as_str().to_owned()).collect();
    for quad in support::rdf::all_quads(&store) {
        let mut used = vec![quad.predicate.as_str().to_owned()];
        if let Term::NamedNode(o) = &quad.object {
            used.push(o.as_str().to_owned());
        }
        for iri in used {
            if iri.starts_with(kyoto::NAMESPACE) {
                assert!(constants.contains(&iri), "{iri} is used but not declared");
            }
        }
    }
}
