//! Imports a UN web listing of thematic sessions into the data directory.
//!
//! [`listing`] reads the listing's text; `merge` edits the TOML files; [`plan`] ties them
//! together and checks the result before anything is written: the merged files must load
//! ([`crate::source`]) and the graph built from them must pass validation
//! ([`crate::validate`]). [`Plan::write`] then replaces each changed file atomically.

pub mod listing;
mod merge;

use crate::source::{self, SourceError};
use crate::validate::{self, Finding, Origins};
use crate::{files, store};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use listing::{ListedSession, Listing, ListingError, parse, topic_labels};

/// Why an import cannot be done.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Lines of the listing that look like sessions cannot be read.
    #[error("{} line{} of the listing cannot be read:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, list(.0))]
    Listing(Vec<ListingError>),
    /// The listing holds no session line.
    #[error("the listing holds no \"Thematic session N ... (D Month YYYY)\" line")]
    Empty,
    /// The same session is listed twice with different facts.
    #[error(
        "session {number} of {year} is listed twice, differently (lines {first} and {second}); keep one"
    )]
    Conflict {
        /// Its year.
        year: i32,
        /// Its number.
        number: u32,
        /// The first line.
        first: usize,
        /// The other line.
        second: usize,
    },
    /// A session's year has no discussion in the data.
    #[error("line {line}: session {number} of {year} belongs to the {year} thematic discussion, which the data does not have; add a [[discussion]] with year = {year} and its pillar (from a named source) first. Known years: {}", years(.known))]
    NoDiscussion {
        /// The session's year.
        year: i32,
        /// Its number.
        number: u32,
        /// The listing line.
        line: usize,
        /// The years the data has discussions for.
        known: Vec<i32>,
    },
    /// The source id given is not a `[[source]]` of the data.
    #[error("unknown source {given:?}; choose one of: {}", .known.join(", "))]
    UnknownSource {
        /// The id given.
        given: String,
        /// The ids of the data's sources.
        known: Vec<String>,
    },
    /// The data directory does not load before the import.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A data file is not TOML that can be edited.
    #[error("cannot edit {path}: {message}")]
    Toml {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// The merged data would not load (a bug: nothing was written).
    #[error("the merged data would not load, so nothing was written:\n{0}")]
    WouldBreak(SourceError),
    /// The merged graph would violate the shapes or checks (nothing was written).
    #[error("the merged graph would violate the shapes or quality checks, so nothing was written:\n{}", findings(.0))]
    Violations(Vec<Finding>),
    /// Validation could not run.
    #[error(transparent)]
    Validate(#[from] validate::ValidateError),
    /// Building the store for validation failed.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// Reading or writing a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A bug in the importer.
    #[error("internal error in the importer: {0}")]
    Internal(String),
}

fn list(errors: &[ListingError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn years(known: &[i32]) -> String {
    known
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn findings(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One outcome of the import, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A session or topic that was not in the data.
    Added(String),
    /// A fact of an existing record that the listing corrects.
    Changed(String),
    /// A session the listing confirms as it is.
    Unchanged(String),
    /// Something of the data the listing does not mention, kept as it is.
    LeftAlone(String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Added(what) => write!(f, "added      {what}"),
            Self::Changed(what) => write!(f, "changed    {what}"),
            Self::Unchanged(what) => write!(f, "unchanged  {what}"),
            Self::LeftAlone(what) => write!(f, "left alone {what}"),
        }
    }
}

/// A file the import rewrites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The file.
    pub path: PathBuf,
    /// Its text now (empty if it does not exist yet).
    pub before: String,
    /// Its text after the import.
    pub after: String,
}

/// What an import will do, checked but not yet written.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The listing as read.
    pub listing: Listing,
    /// What is added, changed, confirmed and left alone, in listing order (by year, number).
    pub changes: Vec<Change>,
    /// The files that change.
    pub files: Vec<FileChange>,
}

impl Plan {
    /// Writes every changed file, each atomically (`crate::files::write`).
    pub fn write(&self) -> Result<(), ImportError> {
        for file in &self.files {
            files::write(&file.path, |w| w.write_all(file.after.as_bytes())).map_err(|source| {
                ImportError::Io {
                    path: file.path.clone(),
                    source,
                }
            })?;
        }
        Ok(())
    }
}

/// Reads `text` (a listing) and works out how it merges into the data directory `dir`, naming
/// `source` (a `[[source]]` id) as the sessions' source. Nothing is written.
pub fn plan(dir: &Path, text: &str, source: &str) -> Result<Plan, ImportError> {
    let listing = parse(text).map_err(ImportError::Listing)?;
    if listing.sessions.is_empty() {
        return Err(ImportError::Empty);
    }
    let sessions = sorted_unique(&listing.sessions)?;
    let dataset = source::load(dir)?;
    if !dataset.sources.iter().any(|s| s.id == source) {
        return Err(ImportError::UnknownSource {
            given: source.to_owned(),
            known: dataset.sources.iter().map(|s| s.id.clone()).collect(),
        });
    }
    let paths = source::toml_files(dir)?;
    let mut files = merge::read_files(&paths)?;
    let changes = merge::merge(dir, &mut files, &dataset, &sessions, source)?;
    let files: Vec<FileChange> = files
        .iter()
        .filter(|f| f.changed())
        .map(|f| FileChange {
            path: f.path.clone(),
            before: f.before.clone(),
            after: f.after(),
        })
        .collect();
    check(dir, &paths, &files)?;
    Ok(Plan {
        listing,
        changes,
        files,
    })
}

/// The listed sessions sorted by (year, number), duplicates merged; conflicting ones refused.
fn sorted_unique(sessions: &[ListedSession]) -> Result<Vec<ListedSession>, ImportError> {
    use chrono::Datelike;
    let mut out: Vec<ListedSession> = Vec::new();
    for s in sessions {
        let key = (s.date.year(), s.number);
        match out.iter().find(|o| (o.date.year(), o.number) == key) {
            Some(o) if o.date == s.date && o.topics == s.topics => {}
            Some(o) => {
                return Err(ImportError::Conflict {
                    year: key.0,
                    number: key.1,
                    first: o.line,
                    second: s.line,
                });
            }
            None => out.push(s.clone()),
        }
    }
    out.sort_by_key(|s| (s.date.year(), s.number));
    Ok(out)
}

/// Loads and validates the data as it would be after the import, in a scratch directory.
fn check(dir: &Path, paths: &[PathBuf], changed: &[FileChange]) -> Result<(), ImportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Io { path, source }
    };
    let scratch = files::ScratchDir::new("import-check").map_err(io(dir))?;
    let mut all: Vec<PathBuf> = paths.to_vec();
    all.extend(changed.iter().map(|f| f.path.clone()));
    all.sort();
    all.dedup();
    for path in &all {
        let name = path.file_name().unwrap_or_default();
        let text = match changed.iter().find(|f| &f.path == path) {
            Some(f) => f.after.clone(),
            None => std::fs::read_to_string(path).map_err(io(path))?,
        };
        std::fs::write(scratch.path().join(name), text).map_err(io(path))?;
    }
    // The SDG links in the TOML are checked against the snapshot: take it along.
    let snapshot = crate::sdg::snapshot_path(dir);
    if snapshot.is_file() {
        let copy = crate::sdg::snapshot_path(scratch.path());
        if let Some(parent) = copy.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::copy(&snapshot, &copy).map_err(io(&snapshot))?;
    }
    let dataset = source::load(scratch.path())
        .map_err(|e| ImportError::WouldBreak(e.relocated(scratch.path(), dir)))?;
    let store = store::in_memory(&dataset, &[])?;
    let outcome = validate::validate(&store, &Origins::of(&dataset))?;
    if !outcome.conforms() {
        return Err(ImportError::Violations(
            outcome.findings().cloned().collect(),
        ));
    }
    Ok(())
}
