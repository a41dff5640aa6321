//! Builds the embedded Oxigraph store: the ontology, the data and any extra RDF files, each in
//! its own named graph.
//!
//! Graphs live under `https://w3id.org/kyoto-kg/graph/` (see [`crate::iri::graph`]); queries see
//! their union as the default graph ([`crate::query`]). The store is in memory unless a
//! directory is given, in which case Oxigraph's RocksDB backend is used (cargo feature
//! `rocksdb`). A rebuild of an on-disk store is written to a fresh directory beside the target
//! and swapped into place only once complete, so a failed build never leaves a half-written
//! store, and a second build of the same store fails clearly (`persist`).

//!
//! - `load`: the `--load` files (format from the extension, JSON-LD depth checked first);
//! - `memory`: filling a store with the ontology, the data, the SDG snapshot and the files;
//! - `disk`: building, compacting and opening a store on disk, with `persist` (the
//!   build-beside-then-swap of its directory, and the lock against a second build);
//! - [`counts`]: what a store holds, per graph and per class.

mod counts;
mod disk;
mod load;
mod memory;
#[cfg(feature = "rocksdb")]
pub(crate) mod persist;

pub use counts::{Counts, counts};
pub(crate) use disk::build_on_disk_checked;
pub use disk::{Finish, STORE_MARKER, build_on_disk, is_on_disk_store, open_on_disk};
pub use load::{LoadSpec, MAX_JSON_DEPTH, load_file};
pub(crate) use memory::in_memory_observed;
pub use memory::{converted_quads, fill, in_memory, ontology_quads, sdg_quads};

use oxigraph::store::{LoaderError, StorageError};
use std::path::PathBuf;

/// The ontology, as shipped in `ontology/kyoto.ttl`.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/kyoto.ttl");

/// Why a store could not be built or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The underlying storage failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The shipped ontology does not parse (a bug in the release).
    #[error("the built-in ontology is not valid Turtle: {0}")]
    Ontology(String),
    /// An extra RDF file could not be loaded.
    #[error("cannot load {path}: {source}")]
    Load {
        /// The file.
        path: PathBuf,
        /// What went wrong (syntax errors carry line and column).
        #[source]
        source: LoaderError,
    },
    /// A JSON-LD file nests deeper than [`MAX_JSON_DEPTH`].
    #[error(
        "cannot load {path}: at line {line}, column {column} its JSON nests arrays and objects deeper than {limit} levels; flatten the document (no JSON-LD needs such depth, and parsing it could exhaust the stack)"
    )]
    TooDeep {
        /// The file.
        path: PathBuf,
        /// 1-based line where the limit was passed.
        line: usize,
        /// 1-based column (in bytes).
        column: usize,
        /// The limit.
        limit: usize,
    },
    /// An extra RDF file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The extension of an extra RDF file names no known format.
    #[error(
        "cannot tell the RDF format of {0} from its extension; use one of .ttl, .nt, .nq, .trig, .rdf, .jsonld"
    )]
    UnknownFormat(PathBuf),
    /// `--store` was given but this binary has no persistent storage.
    #[error(
        "this kyoto-kg was built without persistent stores; rebuild it with `cargo build --release --features rocksdb` (needs libclang-dev), or leave out --store to work in memory"
    )]
    NoPersistence,
    /// The on-disk store does not exist.
    #[error("no store at {0}; create it with `kyoto-kg build --store {0}`")]
    MissingStore(PathBuf),
    /// The store directory exists but is empty: its first build is running or was interrupted.
    #[error(
        "the store at {0} is empty: its first build is still running or was interrupted; wait for it, or run `kyoto-kg build --store {0}`"
    )]
    EmptyStore(PathBuf),
    /// The directory is neither empty nor a store, so a build will not replace it.
    #[error(
        "{0} is not a kyoto-kg store (a build replaces the whole directory, so it only replaces an empty directory or an earlier store); choose another --store directory"
    )]
    NotAStore(PathBuf),
    /// Another process is building this store.
    #[error(
        "the store at {0} is being built by another kyoto-kg process; wait for it to finish (readers keep using the previous store meanwhile)"
    )]
    Busy(PathBuf),
    /// The on-disk store is damaged or not readable.
    #[error("cannot open the store at {path}: {source}")]
    Open {
        /// The store directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: StorageError,
    },
}
