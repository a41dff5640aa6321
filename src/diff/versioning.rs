//! Planning a release as the next version of a previous one: what changed since it, the version
//! the rule proposes, and the ontology version triples when the ontology changed. The version
//! IRIs and the DCAT 3 version description are [`crate::export::version`]'s.

use crate::export::version::ontology_version_quads;
use oxigraph::model::NamedNode;

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
        previous_iri: previous.version_iri(),
        previous_version,
        diff,
        added_quads,
    })
}
