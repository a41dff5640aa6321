//! Versions of the dataset and of the ontology: the IRIs a release gets
//! (`https://w3id.org/kyoto-kg/dataset/0.2.0`, `https://w3id.org/kyoto-kg/ontology/0.2.0`).

use super::void::DATASET;
use oxigraph::model::NamedNode;

/// The IRI of the ontology, without its `#`.
pub const ONTOLOGY: &str = crate::iri::ONTOLOGY.as_str();

/// The IRI of the release `version` of the dataset.
pub fn dataset_version_iri(version: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DATASET}/{}", iri_safe(version)))
}

/// The IRI of the ontology as released in `version`.
pub fn ontology_version_iri(version: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ONTOLOGY}/{}", iri_safe(version)))
}

/// `version` with anything an IRI path segment cannot hold percent-encoded.
fn iri_safe(version: &str) -> String {
    let mut out = String::with_capacity(version.len());
    for b in version.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~' | b'+') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What a release says about its version, beside the dataset's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseVersion {
    pub version: String,
    /// The issue date.
    pub issued: chrono::NaiveDate,
    /// The previous release's dataset IRI (`release --previous`).
    pub previous: Option<NamedNode>,
    /// What changed since the previous release, for people.
    pub notes: Option<String>,
}

/// The DCAT 3 version of the dataset a release is: `<dataset/VERSION>`, a `dcat:Dataset` that
/// `dcat:isVersionOf` the abstract dataset (which `dcat:hasVersion` it), with its
/// `dcat:version`, issue date, `dcat:previousVersion` and `adms:versionNotes`.
pub fn version_quads(release: &ReleaseVersion) -> Vec<oxigraph::model::Quad> {
    use crate::vocab::{adms, dcat, dct};
    use oxigraph::model::vocab::{rdf, rdfs, xsd};
    use oxigraph::model::{GraphName, Literal, Quad, Term};
    let abstract_dataset = NamedNode::new_unchecked(DATASET);
    let version = dataset_version_iri(&release.version);
    let title = Literal::new_language_tagged_literal_unchecked(
        format!("{}, version {}", super::void::TITLE, release.version),
        "en",
    );
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    };
    add(&abstract_dataset, dcat::HAS_VERSION, version.clone().into());
    add(&version, rdf::TYPE, dcat::DATASET.into());
    add(
        &version,
        dcat::IS_VERSION_OF,
        abstract_dataset.clone().into(),
    );
    add(
        &version,
        dcat::VERSION,
        Literal::from(release.version.as_str()).into(),
    );
    add(&version, dct::TITLE, title.clone().into());
    add(&version, rdfs::LABEL, title.into());
    // DCAT-AP requires a description of every dataset, a version too.
    add(
        &version,
        dct::DESCRIPTION,
        Literal::new_language_tagged_literal_unchecked(
            format!(
                "Version {} of: {}",
                release.version,
                super::void::DESCRIPTION
            ),
            "en",
        )
        .into(),
    );
    add(
        &version,
        dct::ISSUED,
        Literal::new_typed_literal(release.issued.format("%Y-%m-%d").to_string(), xsd::DATE).into(),
    );
    if let Some(previous) = &release.previous {
        add(&version, dcat::PREVIOUS_VERSION, previous.clone().into());
    }
    if let Some(notes) = &release.notes {
        add(
            &version,
            adms::VERSION_NOTES,
            Literal::new_language_tagged_literal_unchecked(notes.as_str(), "en").into(),
        );
    }
    quads
}

/// `owl:versionIRI` (and `owl:priorVersion`) of the ontology released in `version`, in the
/// ontology graph: added when the ontology changed since the previous release.
pub fn ontology_version_quads(version: &str, prior: Option<&str>) -> Vec<oxigraph::model::Quad> {
    use crate::vocab::owl;
    use oxigraph::model::{GraphName, Quad};
    let ontology = NamedNode::new_unchecked(ONTOLOGY);
    let graph = GraphName::NamedNode(crate::iri::graph::ONTOLOGY.into_owned());
    let mut quads = vec![Quad::new(
        ontology.clone(),
        owl::VERSION_IRI,
        ontology_version_iri(version),
        graph.clone(),
    )];
    if let Some(prior) = prior {
        quads.push(Quad::new(
            ontology,
            owl::PRIOR_VERSION,
            ontology_version_iri(prior),
            graph,
        ));
    }
    quads
}
