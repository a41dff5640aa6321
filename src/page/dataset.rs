//! The dataset page and the VoID / DCAT description served beside it (`/dataset`, and a static
//! site's `dataset.ttl`): the description is [`crate::export::void`]'s, the one a release
//! carries, published here with the downloads of the whole graph (`dataset/kyoto.{ext}`) and,
//! on a server only, the SPARQL endpoint.
//!
//! See <https://www.w3.org/TR/void/> and <https://www.w3.org/TR/vocab-dcat-3/>.

use super::{Describer, Link};
use crate::export::void::{self, Digest, Publication};
use crate::source::publisher::Publisher;
use crate::store;
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, Quad};
use oxigraph::store::{StorageError, Store};
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::export::void::dataset_iri;

/// The downloads of the full graph, in the order they are listed; each of Oxigraph's formats
/// carries its file extension, media type and name.
pub const DATASET_FORMATS: [RdfFormat; 6] = [
    RdfFormat::Turtle,
    RdfFormat::NTriples,
    RdfFormat::NQuads,
    RdfFormat::TriG,
    RdfFormat::RdfXml,
    RdfFormat::JsonLd {
        profile: oxigraph::io::JsonLdProfileSet::empty(),
    },
];

/// How a server or a static site publishes the dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Published {
    /// The SPARQL endpoint: a server's; `None` on a static host, which has none.
    pub sparql_endpoint: Option<NamedNode>,
    /// The URL the downloads `kyoto.{ext}` are under, ending with `/`.
    pub download_base: String,
    /// The size and SHA-256 of each download, by extension, when its bytes are at hand.
    pub digests: BTreeMap<String, Digest>,
    /// Who publishes the data (`data/publisher.toml`), if configured.
    pub publisher: Option<Publisher>,
    /// The home page that gives access to the dataset.
    pub landing_page: Option<NamedNode>,
}

/// The VoID/DCAT description of the dataset held by `store`, its IRIs under `base`, as
/// `published`.
pub fn dataset_quads(
    store: &Store,
    base: &str,
    published: Published,
) -> Result<Vec<Quad>, StorageError> {
    let quads: Vec<Quad> = store.iter().collect::<Result<_, _>>()?;
    let Published {
        sparql_endpoint,
        download_base,
        mut digests,
        publisher,
        landing_page,
    } = published;
    let publication = Publication {
        dataset: dataset_iri(base),
        version: None,
        issued: None,
        license: void::declared_license(&quads),
        sparql_endpoint,
        download_base,
        publisher,
        landing_page,
        downloads: DATASET_FORMATS
            .iter()
            .map(|format| void::Download {
                name: format!("kyoto.{}", format.file_extension()),
                title: format!("The whole dataset as {}", format.name()),
                media_type: format.media_type().to_owned(),
                conforms_to: None,
                digest: digests.remove(format.file_extension()),
            })
            .collect(),
    };
    Ok(void::describe(&quads, &publication))
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
    /// The licence the ontology document declares for the dataset (`dct:license`), the same
    /// the VoID/DCAT description gives.
    pub license: Option<String>,
}

/// The dataset page's content for `store`, IRIs under `base`.
pub fn dataset_view(
    store: &Store,
    describer: &Describer<'_>,
    base: &str,
) -> Result<DatasetView, StorageError> {
    dataset_view_of(store, &store::counts(store)?, describer, base)
}

/// The dataset page's content for `store`, from its `counts` (taken once), IRIs under `base`.
pub fn dataset_view_of(
    store: &Store,
    counts: &store::Counts,
    describer: &Describer<'_>,
    base: &str,
) -> Result<DatasetView, StorageError> {
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
    let ontology: Vec<Quad> = store
        .quads_for_pattern(Some(crate::iri::ONTOLOGY.into()), None, None, None)
        .collect::<Result<_, _>>()?;
    Ok(DatasetView {
        iri: dataset_iri(base).into_string(),
        title: void::TITLE,
        description: void::DESCRIPTION,
        triples: counts.total,
        classes,
        graphs,
        formats: DATASET_FORMATS
            .iter()
            .map(|format| Download {
                ext: format.file_extension(),
                media: format.media_type(),
                name: format.name(),
            })
            .collect(),
        license: void::declared_license(&ontology).map(NamedNode::into_string),
    })
}
