//! The UN's SDG vocabulary, the [SDG Knowledge Organization System](http://metadata.un.org/sdg/)
//! (SDG KOS): goals, targets and indicators as SKOS concepts.
//!
//! - [`vocabulary`] reads SDG KOS Turtle (the UN's files, pages of its service, or the project's
//!   snapshot) into an indexed [`SdgVocabulary`](crate::model::SdgVocabulary);
//! - [`snapshot`] selects what kyoto-kg keeps of it and writes `data/sdg/sdg-snapshot.ttl`
//!   deterministically (`kyoto-kg sdg import`);
//! - [`fetch`] refreshes the snapshot from the UN's service by content negotiation
//!   (`kyoto-kg sdg fetch`);
//! - [`sssom`] writes the curated links as an SSSOM mapping set (`kyoto-kg export --format sssom`).
//!
//! The UN's IRIs are kept exactly as published (`http://`, indicators as `C160301`): they are
//! looked up in the data, never computed from a notation.

pub mod fetch;
pub mod snapshot;
pub mod sssom;
pub mod vocabulary;

pub use vocabulary::SdgError;

use std::path::{Path, PathBuf};

/// The IRI of the SDG KOS concept scheme (no trailing slash, as the UN publishes it).
pub const SCHEME_IRI: &str = "http://metadata.un.org/sdg";

/// The namespace of the SDG KOS goals, targets and indicators.
pub const NAMESPACE: &str = crate::serialize::SDG_NAMESPACE;

/// Where the snapshot lives, relative to the data directory.
pub const SNAPSHOT_FILE: &str = "sdg/sdg-snapshot.ttl";

/// The snapshot file of the data directory `data_dir`.
pub fn snapshot_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SNAPSHOT_FILE)
}
