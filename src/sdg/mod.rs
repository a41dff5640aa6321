//! The UN's SDG vocabulary, the [SDG Knowledge Organization System](http://metadata.un.org/sdg/)
//! (SDG KOS): goals, targets and indicators as SKOS concepts.
//!
//! - [`vocabulary`] (which lives in [`crate::source`]: it is input) reads SDG KOS Turtle (the
//!   UN's files, pages of its service, or the project's snapshot) into an indexed
//!   [`SdgVocabulary`](crate::model::SdgVocabulary);
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

/// Reading the vocabulary is input, so it lives beside the source data; it is re-exported here
/// with the rest of the SDG code.
pub(crate) use crate::source::sdg_vocabulary::{
    self as vocabulary, NAMESPACE, SCHEME_IRI, SdgError, snapshot_path,
};
