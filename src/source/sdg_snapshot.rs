//! Reads the data directory's SDG vocabulary snapshot (`sdg/sdg-snapshot.ttl`), reporting a
//! damaged snapshot like any other bad source file: file, line, column and a fix.

use super::error::{Diagnostic, Location, SourceError};
use super::sdg_vocabulary::{self as sdg, SdgError};
use crate::model::SdgVocabulary;
use std::path::Path;

/// How to get a sound snapshot back.
const FIX: &str = "restore it with `git checkout data/sdg/sdg-snapshot.ttl`, or re-create it with `kyoto-kg sdg import FILE...` from the UN's SDG KOS files";

/// The snapshot of `dir`, or `None` when there is none.
pub(super) fn read(dir: &Path) -> Result<Option<SdgVocabulary>, SourceError> {
    let path = sdg::snapshot_path(dir);
    if !path.is_file() {
        return Ok(None);
    }
    match sdg::read_files(std::slice::from_ref(&path)) {
        Ok(vocabulary) => Ok(Some(vocabulary)),
        Err(SdgError::Io { path, source }) => Err(SourceError::Io { path, source }),
        Err(SdgError::Syntax {
            message, offset, ..
        }) => {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let at = offset.unwrap_or(0);
            Err(SourceError::Invalid(vec![Diagnostic {
                location: Location::in_text(&path, &text, at..at + 1),
                message: format!("the SDG vocabulary snapshot is not valid Turtle: {message}"),
                hint: Some(FIX.into()),
            }]))
        }
        Err(other) => Err(SourceError::Invalid(vec![Diagnostic {
            location: Location::in_text(&path, "", 0..0),
            message: other.to_string(),
            hint: Some(FIX.into()),
        }])),
    }
}
