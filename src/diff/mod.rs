//! `kyoto-kg diff` and versioned releases: what changed between two states of the graph,
//! entity by entity, and the SPARQL Update that turns one into the other.
//!
//! - [`side`] reads a state: a release directory, a data directory, an RDF dataset file, a
//!   persistent store, or the data directory at a git revision ([`git`]); [`release_dir`]
//!   reads what a release says about itself;
//! - [`delta`](self) compares two states as datasets, graph by graph, blank nodes included
//!   (canonicalised structures, not labels);
//! - the changes are grouped by entity ([`EntityChange`]) and classified by the version rule
//!   ([`rule`]);
//! - a [`Diff`] is written as text or Markdown ([`text`]), JSON ([`json`]) or a SPARQL Update
//!   ([`sparql`]);

mod delta;
mod entity;
pub mod git;
pub mod history;
pub mod json;
mod names;
pub mod release_dir;
pub mod rule;
pub mod side;
pub mod sparql;
pub mod text;
pub mod versioning;

pub use delta::GraphDelta;
pub use entity::{Change, EntityChange, EntityKind, PropertyChange, Section, Value};
pub use rule::{Class, Version, VersionError};
pub use side::{Side, SideKind, SideSummary};

use crate::source::SourceError;
use crate::store::StoreError;
use delta::Delta;
use names::Prefixes;
use std::path::PathBuf;

/// Why two states could not be compared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// A side names nothing kyoto-kg can read.
    #[error("{side}: {reason}")]
    Side {
        side: String,
        /// What is wrong, and what would be right.
        reason: String,
    },
    /// A data directory does not load.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A store or an RDF file could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A release's file does not match its `SHA256SUMS`.
    #[error(
        "the release in {dir} is damaged: {file} does not match its SHA-256 in SHA256SUMS; download or write the release again"
    )]
    Damaged { dir: PathBuf, file: String },
    /// A git revision could not be read.
    #[error("git:{rev}: {message}")]
    Git {
        rev: String,
        /// What went wrong.
        message: String,
    },
    /// A graph is named by a blank node, which has no identity outside its dataset.
    #[error(
        "{side} has a graph named by the blank node {graph}, which cannot be matched with the other side's graphs; name the graph with an IRI"
    )]
    BlankGraph {
        side: String,
        /// The blank node.
        graph: String,
    },
    /// A quad holds an RDF 1.2 triple term.
    #[error("{side} holds an RDF 1.2 triple term, which diff does not compare: {quad}")]
    TripleTerm { side: String, quad: String },
}

/// What changed between two states of the graph.
#[derive(Debug, Clone)]
pub struct Diff {
    /// The older state.
    pub old: SideSummary,
    /// The newer state.
    pub new: SideSummary,
    /// The changed entities, by section, kind and id.
    pub entities: Vec<EntityChange>,
    delta: Delta,
    prefixes: Prefixes,
}

/// How many entities changed, by change and by class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    /// Entities added.
    pub added: usize,
    /// Entities removed.
    pub removed: usize,
    /// Entities renamed.
    pub renamed: usize,
    /// Entities changed.
    pub changed: usize,
    /// Changes that are breaking.
    pub breaking: usize,
    /// Changes that are additive.
    pub additive: usize,
    /// Changes that are corrections.
    pub correction: usize,
}

/// Compares `old` with `new`.
pub fn compare(old: Side, new: Side) -> Result<Diff, DiffError> {
    let old_prepared = delta::prepare(&old.summary.name, old.quads)?;
    let new_prepared = delta::prepare(&new.summary.name, new.quads)?;
    let delta = delta::delta(&old_prepared, &new_prepared);
    let prefixes = Prefixes::default();
    let entities = entity::entities(&old_prepared, &new_prepared, &delta, &prefixes);
    Ok(Diff {
        old: old.summary,
        new: new.summary,
        entities,
        delta,
        prefixes,
    })
}

impl Diff {
    /// Whether OLD and NEW are the same dataset (isomorphic).
    pub fn is_same(&self) -> bool {
        self.delta.structures.is_empty()
            && self
                .delta
                .graphs
                .iter()
                .all(|g| g.removed_count == 0 && g.added_count == 0)
    }

    /// What changed in each graph either side has.
    pub fn graphs(&self) -> &[GraphDelta] {
        &self.delta.graphs
    }

    /// The most important change, by the version rule; `None` when nothing changed.
    pub fn class(&self) -> Option<Class> {
        if self.is_same() {
            return None;
        }
        Some(
            self.entities
                .iter()
                .map(|e| e.class)
                .max()
                .unwrap_or(Class::Correction),
        )
    }

    /// How many entities changed, by change and by class.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for e in &self.entities {
            match e.change {
                Change::Added => counts.added += 1,
                Change::Removed => counts.removed += 1,
                Change::Renamed => counts.renamed += 1,
                Change::Changed => counts.changed += 1,
            }
            match e.class {
                Class::Breaking => counts.breaking += 1,
                Class::Additive => counts.additive += 1,
                Class::Correction => counts.correction += 1,
            }
        }
        counts
    }

    /// The entities of `section`.
    pub fn section(&self, section: Section) -> impl Iterator<Item = &EntityChange> {
        self.entities.iter().filter(move |e| e.section == section)
    }

    /// OLD's version and the version the rule proposes for a release following it, when OLD
    /// is a release with a semantic version.
    pub fn next_version(&self) -> Option<(Version, Version)> {
        let old: Version = self.old.version.as_deref()?.parse().ok()?;
        let next = old.next(self.class());
        Some((old, next))
    }
}
