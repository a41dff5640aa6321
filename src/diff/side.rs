//! The two sides of a diff: where a state of the graph comes from.
//!
//! A side is, in the order it is recognised:
//! - `git:REV`: the data directory (`--data`) as it was at the git revision REV ([`super::git`]);
//! - a directory with `SHA256SUMS`: a release (its `kyoto-kg.nq`, checked against the sums);
//! - a directory with RocksDB's `CURRENT` file: a persistent store (needs the `rocksdb` feature);
//! - any other directory: a data directory, converted as `build` converts it (the ontology built
//!   into this kyoto-kg, the data, the SDG snapshot);
//! - a file: an RDF dataset, its format from its extension (`.nq`, `.trig`; `.nt`, `.ttl`,
//!   `.rdf`, `.jsonld` put their triples in the default graph).

use super::{DiffError, git, release_dir};
use crate::model::Dataset;
use crate::{rdf, source, store};
use oxigraph::model::Quad;
use std::path::Path;

/// What kind of thing a side is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SideKind {
    /// A release directory.
    Release,
    /// A data directory.
    Data,
    /// An RDF dataset file.
    File,
    /// A persistent store.
    Store,
    /// A data directory at a git revision.
    Git,
}

impl SideKind {
    /// Its name in reports (`release`, `data directory`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Release => "release",
            Self::Data => "data directory",
            Self::File => "RDF file",
            Self::Store => "persistent store",
            Self::Git => "git revision",
        }
    }

    /// Its name in JSON (`release`, `data`, `file`, `store`, `git`).
    pub const fn key(self) -> &'static str {
        match self {
            Self::Release => "release",
            Self::Data => "data",
            Self::File => "file",
            Self::Store => "store",
            Self::Git => "git",
        }
    }
}

/// What a side is, for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideSummary {
    /// The side as given (a path, `git:REV`), or a name such as `release 0.1.0`.
    pub name: String,
    /// What kind of thing it is.
    pub kind: SideKind,
    /// A release's version.
    pub version: Option<String>,
    /// Its quads.
    pub quads: usize,
}

impl SideSummary {
    /// `NAME (KIND VERSION, N quads)`.
    pub fn describe(&self) -> String {
        let version = self
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        format!(
            "{} ({}{version}, {} quads)",
            self.name,
            self.kind.name(),
            self.quads
        )
    }
}

/// A state of the graph, read.
#[derive(Debug, Clone)]
pub struct Side {
    /// What it is.
    pub summary: SideSummary,
    /// Its quads (duplicates possible).
    pub quads: Vec<Quad>,
}

impl Side {
    /// A side of `quads` called `name`.
    pub fn new(
        name: impl Into<String>,
        kind: SideKind,
        version: Option<String>,
        quads: Vec<Quad>,
    ) -> Self {
        Self {
            summary: SideSummary {
                name: name.into(),
                kind,
                version,
                quads: quads.len(),
            },
            quads,
        }
    }
}

/// The quads `build` would load for `dataset`, with the ontology `ontology`.
pub fn dataset_quads(dataset: &Dataset, ontology: Vec<Quad>) -> Vec<Quad> {
    let mut quads = ontology;
    quads.extend(rdf::to_unsorted_quads(dataset));
    if let Some(sdg) = &dataset.sdg {
        quads.extend(store::sdg_quads(sdg));
    }
    quads
}

/// Reads the side `arg`; `data_dir` is the data directory `git:REV` reads at REV.
pub fn load(arg: &str, data_dir: &Path) -> Result<Side, DiffError> {
    if let Some(rev) = arg.strip_prefix("git:") {
        return git::load(rev, data_dir);
    }
    let path = Path::new(arg);
    let side_error = |reason: String| DiffError::Side {
        side: arg.to_owned(),
        reason,
    };
    let metadata = std::fs::metadata(path).map_err(|e| {
        side_error(format!(
            "cannot read it ({e}); give a release directory, a data directory, an N-Quads or TriG file, a persistent store, or git:REV"
        ))
    })?;
    if metadata.is_dir() {
        if release_dir::is_release(path) {
            let quads = release_dir::quads(path)?;
            let version = release_dir::read(path)
                .ok()
                .and_then(|description| description.version);
            return Ok(Side::new(arg, SideKind::Release, version, quads));
        }
        if store::is_on_disk_store(path) {
            let store = store::open_on_disk(path)?;
            let quads = store
                .iter()
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| side_error(format!("cannot read the store: {e}")))?;
            return Ok(Side::new(arg, SideKind::Store, None, quads));
        }
        if !has_toml(path) {
            return Err(side_error(
                "this directory is neither a release (it has no SHA256SUMS), a persistent store (no CURRENT file) nor a data directory (no *.toml files)".to_owned(),
            ));
        }
        let dataset = source::load(path)?;
        let quads = dataset_quads(&dataset, store::ontology_quads()?);
        return Ok(Side::new(arg, SideKind::Data, None, quads));
    }
    let quads = read_file(path)?;
    Ok(Side::new(arg, SideKind::File, None, quads))
}

fn has_toml(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
    })
}

/// The quads of an RDF file, read as `--load` reads it (format from the extension, JSON-LD
/// nesting bounded, errors with line and column).
pub fn read_file(path: &Path) -> Result<Vec<Quad>, DiffError> {
    let store = oxigraph::store::Store::new().map_err(store::StoreError::from)?;
    store::load_file(
        &store,
        &store::LoadSpec {
            path: path.to_path_buf(),
            graph: None,
        },
    )?;
    Ok(store
        .iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(store::StoreError::from)?)
}
