//! Reads SDG KOS RDF into an indexed [`SdgVocabulary`]: which IRIs are goals, targets,
//! indicators or the scheme, their compact notations (`16.3.1`), English labels and broader
//! concepts; and where the data directory keeps its snapshot. Reading the vocabulary is input,
//! like the rest of [`crate::source`]; importing, fetching and writing it, and the SSSOM export
//! of the links, are output ([`crate::sdg`]).

use crate::model::{SdgConcept, SdgKind, SdgVocabulary};
use crate::vocab::{sdgo, skos};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The IRI of the SDG KOS concept scheme (no trailing slash, as the UN publishes it).
pub const SCHEME_IRI: &str = crate::vocab::SDG_SCHEME;

/// The namespace of the SDG KOS goals, targets and indicators.
pub const NAMESPACE: &str = crate::vocab::SDG_NAMESPACE;

/// Where the snapshot lives, relative to the data directory.
pub const SNAPSHOT_FILE: &str = "sdg/sdg-snapshot.ttl";

/// The snapshot file of the data directory `data_dir`.
pub fn snapshot_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SNAPSHOT_FILE)
}

/// Why SDG vocabulary data could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SdgError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The data is not valid RDF.
    #[error("{origin} is not valid {format}: {message}")]
    Syntax {
        /// The file or address.
        origin: String,
        /// The format it was parsed as.
        format: &'static str,
        /// The parser's message, with line and column.
        message: String,
        /// 1-based line and column of the error, when known.
        position: Option<(usize, usize)>,
        /// The byte offset of the error, when known.
        offset: Option<usize>,
    },
    /// The extension of a file names no RDF format.
    #[error(
        "cannot tell the RDF format of {0} from its extension; use .ttl (Turtle), .nt, .rdf or .jsonld"
    )]
    UnknownFormat(PathBuf),
    /// The data holds no goal, target or indicator.
    #[error(
        "{0} describes no SDG goal, target or indicator; expected SDG KOS data such as sdg-kos-goals-targets-indicators.ttl"
    )]
    NoConcepts(String),
}

/// Parses `bytes` (in `format`) read from `origin`, resolving relative IRIs against `base`.
pub fn parse(
    origin: &str,
    bytes: &[u8],
    format: RdfFormat,
    base: Option<&str>,
) -> Result<Vec<Triple>, SdgError> {
    let mut parser = RdfParser::from_format(format);
    if let Some(base) = base {
        parser = parser
            .with_base_iri(base)
            .map_err(|e| syntax(origin, format, e.to_string(), None))?;
    }
    let mut triples = Vec::new();
    for quad in parser.for_slice(bytes) {
        let quad = quad.map_err(|e| {
            let location = e.location();
            syntax(origin, format, e.to_string(), location)
        })?;
        triples.push(Triple::from(quad));
    }
    Ok(triples)
}

fn syntax(
    origin: &str,
    format: RdfFormat,
    message: String,
    location: Option<std::ops::Range<oxigraph::io::TextPosition>>,
) -> SdgError {
    let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    SdgError::Syntax {
        origin: origin.to_owned(),
        format: format.name(),
        message,
        position: location
            .as_ref()
            .map(|l| (to_usize(l.start.line) + 1, to_usize(l.start.column) + 1)),
        offset: location.map(|l| to_usize(l.start.offset)),
    }
}

/// The RDF format of `path`, from its extension (Turtle when it has none).
pub fn format_of(path: &Path) -> Result<RdfFormat, SdgError> {
    match path.extension().and_then(|e| e.to_str()) {
        None => Ok(RdfFormat::Turtle),
        Some(ext) => {
            RdfFormat::from_extension(ext).ok_or_else(|| SdgError::UnknownFormat(path.to_owned()))
        }
    }
}

/// Reads RDF files (format from their extension) into one vocabulary.
pub fn read_files(paths: &[PathBuf]) -> Result<SdgVocabulary, SdgError> {
    let mut triples = Vec::new();
    let mut origins = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|source| SdgError::Io {
            path: path.clone(),
            source,
        })?;
        let origin = path.display().to_string();
        triples.extend(parse(&origin, &bytes, format_of(path)?, None)?);
        origins.push(origin);
    }
    let vocabulary = SdgVocabulary::from_triples(origins, triples);
    if vocabulary.notations.is_empty() {
        return Err(SdgError::NoConcepts(
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    Ok(vocabulary)
}

impl SdgVocabulary {
    /// Indexes `triples`: every subject typed as a SKOS concept, a concept scheme or an SDG
    /// goal, target or indicator becomes an entry.
    pub fn from_triples(origins: Vec<String>, mut triples: Vec<Triple>) -> Self {
        triples.sort_by_cached_key(|t| t.to_string());
        triples.dedup();
        let mut concepts: BTreeMap<String, SdgConcept> = BTreeMap::new();
        let iri_of = |s: &NamedOrBlankNode| match s {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        };
        for t in &triples {
            let (Some(subject), true, Term::NamedNode(class)) =
                (iri_of(&t.subject), t.predicate == rdf::TYPE, &t.object)
            else {
                continue;
            };
            let kind = if *class == skos::CONCEPT_SCHEME {
                SdgKind::Scheme
            } else if *class == sdgo::GOAL {
                SdgKind::Goal
            } else if *class == sdgo::TARGET {
                SdgKind::Target
            } else if *class == sdgo::INDICATOR {
                SdgKind::Indicator
            } else if *class == skos::CONCEPT {
                SdgKind::Other
            } else {
                continue;
            };
            let entry = concepts.entry(subject.clone()).or_insert(SdgConcept {
                iri: subject,
                kind,
                notation: None,
                label: None,
                broader: Vec::new(),
            });
            // The most specific kind wins: a goal is also typed skos:Concept.
            if entry.kind == SdgKind::Other || kind == SdgKind::Scheme {
                entry.kind = kind;
            }
        }
        for t in &triples {
            let Some(subject) = iri_of(&t.subject) else {
                continue;
            };
            match &t.object {
                Term::Literal(l)
                    if t.predicate == skos::NOTATION && l.datatype() == sdgo::SDG_CODE_COMPACT =>
                {
                    if let Some(c) = concepts.get_mut(&subject) {
                        c.notation.get_or_insert_with(|| l.value().to_owned());
                    }
                }
                Term::Literal(l)
                    if t.predicate == skos::PREF_LABEL && l.language() == Some("en") =>
                {
                    if let Some(c) = concepts.get_mut(&subject) {
                        c.label.get_or_insert_with(|| l.value().to_owned());
                    }
                }
                Term::NamedNode(o) if t.predicate == skos::BROADER => {
                    if let Some(c) = concepts.get_mut(&subject) {
                        c.broader.push(o.as_str().to_owned());
                    }
                }
                Term::NamedNode(o) if t.predicate == skos::NARROWER => {
                    if let Some(c) = concepts.get_mut(o.as_str()) {
                        c.broader.push(subject);
                    }
                }
                _ => {}
            }
        }
        let mut notations = BTreeMap::new();
        for concept in concepts.values_mut() {
            concept.broader.sort();
            concept.broader.dedup();
            if let Some(n) = &concept.notation {
                notations.insert(n.clone(), concept.iri.clone());
            }
        }
        Self {
            origins,
            triples,
            concepts,
            notations,
        }
    }

    /// The concepts whose broader concepts include `iri`, sorted by IRI.
    pub fn narrower(&self, iri: &str) -> impl Iterator<Item = &SdgConcept> {
        self.concepts
            .values()
            .filter(move |c| c.broader.iter().any(|b| b == iri))
    }

    /// The goal with notation `notation` (e.g. `16`), looked up in the data.
    pub fn goal(&self, notation: &str) -> Option<&SdgConcept> {
        self.by_notation(notation)
            .filter(|c| c.kind == SdgKind::Goal)
    }
}
