//! Versions of the dataset and of the ontology: the IRIs a release gets
//! (`https://w3id.org/kyoto-kg/dataset/0.2.0`, `https://w3id.org/kyoto-kg/ontology/0.2.0`).

use crate::export::void::DATASET;
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
    /// The version.
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
        format!(
            "{}, version {}",
            crate::export::void::TITLE,
            release.version
        ),
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
                crate::export::void::DESCRIPTION
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

/// Why a release could not be made the next version of a previous one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VersioningError {
    /// The previous release or the comparison failed.
    #[error(transparent)]
    Diff(#[from] super::DiffError),
    /// The previous release has no semantic version.
    #[error("the previous release in {dir} has no semantic version in its description: {reason}")]
    PreviousVersion {
        /// The previous release.
        dir: std::path::PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The version asked for is not a semantic version.
    #[error("--release-version: {0}")]
    Version(#[from] super::VersionError),
    /// The version asked for is lower than the version rule's proposal.
    #[error(
        "--release-version {requested} is lower than {proposed}, which the version rule proposes after {previous} for these changes ({class}); use {proposed} or higher, or pass --force-version to release {requested} anyway"
    )]
    Lower {
        /// The version asked for.
        requested: String,
        /// The proposal.
        proposed: String,
        /// The previous release's version.
        previous: String,
        /// The class of the most important change.
        class: String,
    },
}

/// A release planned as the next version of a previous one.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The version the release gets.
    pub version: super::Version,
    /// The version the rule proposes.
    pub proposed: super::Version,
    /// The previous release's version.
    pub previous_version: super::Version,
    /// The previous release's dataset IRI.
    pub previous_iri: NamedNode,
    /// What changed, from the previous release to this one as released (ontology version
    /// triples included).
    pub diff: super::Diff,
    /// Quads to add to the release: the ontology's `owl:versionIRI`/`owl:priorVersion`, when the
    /// ontology changed.
    pub added_quads: Vec<oxigraph::model::Quad>,
}

/// Plans the release of `quads` as the version after the release in `previous_dir`:
/// `requested` (else the rule's proposal), refused when lower than the proposal unless `force`.
pub fn plan(
    previous_dir: &std::path::Path,
    quads: Vec<oxigraph::model::Quad>,
    requested: Option<&str>,
    force: bool,
) -> Result<Plan, VersioningError> {
    use super::{Section, Side, SideKind};
    let previous = super::release_dir::read(previous_dir)?;
    let previous_text =
        previous
            .description
            .version
            .clone()
            .ok_or_else(|| VersioningError::PreviousVersion {
                dir: previous_dir.to_path_buf(),
                reason: "it states no dcat:version".to_owned(),
            })?;
    let previous_version: super::Version =
        previous_text.parse().map_err(|e: super::VersionError| {
            VersioningError::PreviousVersion {
                dir: previous_dir.to_path_buf(),
                reason: e.to_string(),
            }
        })?;
    let old_quads = super::release_dir::quads(previous_dir)?;
    let old_side = || {
        Side::new(
            format!("release {previous_text}"),
            SideKind::Release,
            Some(previous_text.clone()),
            old_quads.clone(),
        )
    };
    let first = super::compare(
        old_side(),
        Side::new("this release", SideKind::Release, None, quads.clone()),
    )?;
    let proposed = previous_version.next(first.class());
    let version = match requested {
        Some(text) => {
            let version: super::Version = text.parse()?;
            if version < proposed && !force {
                return Err(VersioningError::Lower {
                    requested: version.to_string(),
                    proposed: proposed.to_string(),
                    previous: previous_version.to_string(),
                    class: first
                        .class()
                        .map_or("no change", super::Class::name)
                        .to_owned(),
                });
            }
            version
        }
        None => proposed.clone(),
    };
    let added_quads = if first.section(Section::Ontology).next().is_some() {
        ontology_version_quads(&version.to_string(), Some(&previous_version.to_string()))
    } else {
        Vec::new()
    };
    let mut released = quads;
    released.extend(added_quads.iter().cloned());
    let diff = super::compare(
        old_side(),
        Side::new(
            format!("release {version}"),
            SideKind::Release,
            Some(version.to_string()),
            released,
        ),
    )?;
    Ok(Plan {
        version,
        proposed,
        previous_iri: previous.description.version_iri(),
        previous_version,
        diff,
        added_quads,
    })
}
