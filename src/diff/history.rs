//! The release history: every release in a directory of releases (each subdirectory with a
//! `SHA256SUMS`), read from the releases' own descriptions (`void.ttl`: version, issue date,
//! previous version, version notes, downloads) and change reports (`changes.json`, when made
//! with `release --previous`), newest first. Its page is [`crate::page::releases`], shown by
//! `site --releases` and `serve --releases`.

use super::release_dir::{self, ReleaseDescription};
use super::{DiffError, Version};
use crate::export::release::CHANGES_JSON;
use std::path::{Path, PathBuf};

/// One release of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its directory.
    pub dir: PathBuf,
    /// What its description says.
    pub description: ReleaseDescription,
    /// The counts of its `changes.json` (added, removed, renamed, changed) and its class.
    pub changes: Option<(super::Counts, Option<String>)>,
}

/// The releases of `dir`, newest (highest version) first; releases without a semantic version
/// last, by directory name.
pub fn read(dir: &Path) -> Result<Vec<Entry>, DiffError> {
    let entries = std::fs::read_dir(dir).map_err(|source| DiffError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| release_dir::is_release(p))
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for release in dirs {
        let description = release_dir::read(&release)?;
        let changes = match release_dir::checked_file(&release, CHANGES_JSON) {
            Ok(bytes) => serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|json| {
                    let counts = serde_json::from_value(json.get("counts")?.clone()).ok()?;
                    let class = json.get("class")?.as_str().map(str::to_owned);
                    Some((counts, class))
                }),
            Err(_) => None,
        };
        out.push(Entry {
            dir: release,
            description,
            changes,
        });
    }
    let version = |e: &Entry| {
        e.description
            .version
            .as_deref()
            .and_then(|v| v.parse::<Version>().ok())
    };
    out.sort_by(|a, b| version(b).cmp(&version(a)).then_with(|| a.dir.cmp(&b.dir)));
    Ok(out)
}
