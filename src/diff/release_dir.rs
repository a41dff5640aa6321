//! A release directory read back: its dataset (`kyoto-kg.nq`) and what its description
//! (`void.ttl`) says of it (version, issue date, previous version, version notes, downloads),
//! each file checked against `SHA256SUMS` first.

use super::DiffError;
use crate::export::canonical::sha256_hex;
use crate::export::release::{CHECKSUMS, DESCRIPTION, STEM};
use crate::export::void::DATASET;
use crate::vocab::{adms, dcat, dct};
use chrono::NaiveDate;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::BTreeMap;
use std::path::Path;

/// The file of a release that holds its whole dataset with named graphs.
pub fn dataset_file() -> String {
    format!("{STEM}.nq")
}

/// Whether `dir` looks like a release (it has `SHA256SUMS`).
pub fn is_release(dir: &Path) -> bool {
    dir.join(CHECKSUMS).is_file()
}

/// One download of a release, as its description lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    /// Its download URL.
    pub url: String,
    /// What it holds.
    pub title: String,
    /// Its size in bytes, if given.
    pub bytes: Option<u64>,
}

/// What a release's description says about the release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseDescription {
    /// The release's dataset IRI (`https://w3id.org/kyoto-kg/dataset/0.2.0`; releases made
    /// before versioned descriptions described `https://w3id.org/kyoto-kg/dataset` itself).
    pub dataset: NamedNode,
    /// Its version (`dcat:version`).
    pub version: Option<String>,
    /// Its issue date.
    pub issued: Option<NaiveDate>,
    /// The previous release's dataset IRI.
    pub previous: Option<NamedNode>,
    /// Its version notes.
    pub notes: Option<String>,
    /// Its downloads, by URL.
    pub distributions: Vec<Distribution>,
}

impl ReleaseDescription {
    /// The version IRI this release has or, for a release made before versioned descriptions,
    /// would have had.
    pub fn version_iri(&self) -> NamedNode {
        match &self.version {
            Some(version) if self.dataset.as_str() == DATASET => {
                crate::export::version::dataset_version_iri(version)
            }
            _ => self.dataset.clone(),
        }
    }
}

/// The checksums of `SHA256SUMS`, by file name.
pub fn checksums(dir: &Path) -> Result<BTreeMap<String, String>, DiffError> {
    let path = dir.join(CHECKSUMS);
    let text = std::fs::read_to_string(&path).map_err(|source| DiffError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(text
        .lines()
        .filter_map(|line| {
            let (hash, name) = line.split_once("  ")?;
            Some((name.trim_start_matches('*').to_owned(), hash.to_owned()))
        })
        .collect())
}

/// The bytes of the release file `name`, checked against `SHA256SUMS`.
pub fn checked_file(dir: &Path, name: &str) -> Result<Vec<u8>, DiffError> {
    let sums = checksums(dir)?;
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|source| DiffError::Io {
        path: path.clone(),
        source,
    })?;
    if sums.get(name).map(String::as_str) != Some(sha256_hex(&bytes).as_str()) {
        return Err(DiffError::Damaged {
            dir: dir.to_path_buf(),
            file: name.to_owned(),
        });
    }
    Ok(bytes)
}

fn parse(dir: &Path, name: &str, format: RdfFormat) -> Result<Vec<Quad>, DiffError> {
    let bytes = checked_file(dir, name)?;
    RdfParser::from_format(format)
        .for_slice(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| DiffError::Side {
            side: dir.join(name).display().to_string(),
            reason: format!("it is not valid {}: {e}", format.name()),
        })
}

/// The quads of the release in `dir`.
pub fn quads(dir: &Path) -> Result<Vec<Quad>, DiffError> {
    parse(dir, &dataset_file(), RdfFormat::NQuads)
}

/// Reads the description of the release in `dir`.
pub fn read(dir: &Path) -> Result<ReleaseDescription, DiffError> {
    let quads = parse(dir, DESCRIPTION, RdfFormat::Turtle)?;
    describe(&quads).ok_or_else(|| DiffError::Side {
        side: dir.display().to_string(),
        reason: format!(
            "its {DESCRIPTION} describes no version of <{DATASET}>; is it a kyoto-kg release?"
        ),
    })
}

fn objects<'a>(
    quads: &'a [Quad],
    subject: &'a NamedNode,
    predicate: oxigraph::model::NamedNodeRef<'a>,
) -> impl Iterator<Item = &'a Term> {
    quads.iter().filter_map(move |q| match &q.subject {
        NamedOrBlankNode::NamedNode(s) if s == subject && q.predicate == predicate => {
            Some(&q.object)
        }
        _ => None,
    })
}

fn literal(
    quads: &[Quad],
    subject: &NamedNode,
    predicate: oxigraph::model::NamedNodeRef<'_>,
) -> Option<String> {
    objects(quads, subject, predicate).find_map(|o| match o {
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    })
}

fn iri(
    quads: &[Quad],
    subject: &NamedNode,
    predicate: oxigraph::model::NamedNodeRef<'_>,
) -> Option<NamedNode> {
    objects(quads, subject, predicate).find_map(|o| match o {
        Term::NamedNode(n) => Some(n.clone()),
        _ => None,
    })
}

/// What the description `quads` says of the release it describes.
pub fn describe(quads: &[Quad]) -> Option<ReleaseDescription> {
    let abstract_dataset = NamedNode::new_unchecked(DATASET);
    let dataset = quads
        .iter()
        .find_map(|q| match (&q.subject, &q.object) {
            (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o))
                if q.predicate == dcat::IS_VERSION_OF && *o == abstract_dataset =>
            {
                Some(s.clone())
            }
            _ => None,
        })
        .or_else(|| {
            literal(quads, &abstract_dataset, dcat::VERSION).map(|_| abstract_dataset.clone())
        })?;
    // A release hangs its downloads on the abstract dataset, which it describes as it stands
    // at this version.
    let mut distributions: Vec<Distribution> =
        objects(quads, &dataset, dcat::DISTRIBUTION_PROPERTY)
            .chain(objects(
                quads,
                &abstract_dataset,
                dcat::DISTRIBUTION_PROPERTY,
            ))
            .filter_map(|d| match d {
                Term::NamedNode(d) => Some(Distribution {
                    url: iri(quads, d, dcat::DOWNLOAD_URL)
                        .map_or_else(|| d.as_str().to_owned(), NamedNode::into_string),
                    title: literal(quads, d, dct::TITLE).unwrap_or_default(),
                    bytes: literal(quads, d, dcat::BYTE_SIZE).and_then(|b| b.parse().ok()),
                }),
                _ => None,
            })
            .collect();
    distributions.sort_by(|a, b| a.url.cmp(&b.url));
    distributions.dedup();
    Some(ReleaseDescription {
        version: literal(quads, &dataset, dcat::VERSION),
        issued: literal(quads, &dataset, dct::ISSUED).and_then(|d| d.parse().ok()),
        previous: iri(quads, &dataset, dcat::PREVIOUS_VERSION),
        notes: literal(quads, &dataset, adms::VERSION_NOTES),
        distributions,
        dataset,
    })
}
