//! What the server says about its own dataset (the SPARQL service description, the VoID/DCAT
//! description at `/dataset` and the dataset page), computed once when the server starts.
//!
//! Counting the graphs and classes and computing the VoID statistics walks the whole store (more
//! than a second per request at 10^6 triples before issue 18, docs/scale.md), on the server's
//! own threads, for anyone who asked for `/dataset`. The store never changes while the server runs, so it is done
//! once. Only the addresses differ between requests (the endpoint and the downloads are given
//! at the address the client reached): the description is computed with a placeholder root
//! ([`PLACEHOLDER`]) that each answer replaces.

use super::description;
use crate::page::{self, DatasetView, Describer, Published};
use crate::source::publisher::Publisher;
use crate::store::{self, Counts};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::BTreeMap;

/// The root the descriptions are computed at, replaced by the one a client reached (the
/// `.invalid` top-level domain is reserved: it never names a real host, RFC 2606).
pub const PLACEHOLDER: &str = "http://kyoto-kg.invalid/";

/// The descriptions of the dataset a server holds.
#[derive(Debug, Clone)]
pub struct Described {
    counts: Counts,
    /// The dataset the service description names as its default dataset.
    dataset_iri: NamedNode,
    dataset: Vec<Quad>,
    view: DatasetView,
}

impl Described {
    /// Counts and describes the dataset in `store`, IRIs under `base`, published by
    /// `publisher`.
    pub fn compute(
        store: &Store,
        base: &str,
        describer: &Describer<'_>,
        publisher: Option<Publisher>,
    ) -> Result<Self, StorageError> {
        let counts = store::counts(store)?;
        let published = Published {
            sparql_endpoint: Some(NamedNode::new_unchecked(format!("{PLACEHOLDER}sparql"))),
            download_base: format!("{PLACEHOLDER}dataset/"),
            digests: BTreeMap::new(),
            publisher,
            landing_page: Some(NamedNode::new_unchecked(PLACEHOLDER)),
        };
        let dataset = page::dataset_quads(store, base, published)?;
        let view = page::dataset_view_of(store, &counts, describer, base)?;
        Ok(Self {
            counts,
            dataset_iri: page::dataset_iri(base),
            dataset,
            view,
        })
    }

    /// The VoID/DCAT description, with the endpoint and downloads under `root`.
    pub fn dataset_quads(&self, root: &str) -> Vec<Quad> {
        self.dataset.iter().map(|q| at_root(q, root)).collect()
    }

    /// The SPARQL service description of the endpoint `endpoint`.
    pub fn service_description(&self, endpoint: &str) -> Vec<Quad> {
        description::quads(&self.counts, endpoint, &self.dataset_iri)
    }

    /// The dataset page's content.
    pub const fn view(&self) -> &DatasetView {
        &self.view
    }
}

/// `quad` with every IRI under [`PLACEHOLDER`] moved under `root`.
fn at_root(quad: &Quad, root: &str) -> Quad {
    let moved = |iri: &NamedNode| {
        iri.as_str()
            .strip_prefix(PLACEHOLDER)
            .map(|rest| NamedNode::new_unchecked(format!("{root}{rest}")))
    };
    let mut quad = quad.clone();
    if let NamedOrBlankNode::NamedNode(iri) = &quad.subject
        && let Some(iri) = moved(iri)
    {
        quad.subject = iri.into();
    }
    if let Term::NamedNode(iri) = &quad.object
        && let Some(iri) = moved(iri)
    {
        quad.object = iri.into();
    }
    quad
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::GraphName;

    #[test]
    fn iris_under_the_placeholder_move_to_the_root_and_others_stay() {
        let quad = Quad::new(
            NamedNode::new_unchecked(format!("{PLACEHOLDER}sparql")),
            NamedNode::new_unchecked("http://example.org/p"),
            NamedNode::new_unchecked(format!("{PLACEHOLDER}dataset/kyoto.ttl")),
            GraphName::DefaultGraph,
        );
        let moved = at_root(&quad, "http://127.0.0.1:7878/");
        assert_eq!(moved.subject.to_string(), "<http://127.0.0.1:7878/sparql>");
        assert_eq!(
            moved.object.to_string(),
            "<http://127.0.0.1:7878/dataset/kyoto.ttl>"
        );
        assert_eq!(moved.predicate.as_str(), "http://example.org/p");
    }
}
