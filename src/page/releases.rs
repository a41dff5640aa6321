//! The release history page (`/releases/` of `serve --releases` and of `site --releases`): the
//! view of [`crate::diff::history`]'s entries that `releases.html` renders.

use crate::diff::history::Entry;
use crate::export::release::{CHANGES_JSON, CHANGES_MD, CHANGES_RU, CHECKSUMS};
use serde::Serialize;

/// The history page's data.
#[derive(Debug, Clone, Serialize)]
pub struct ReleasesView {
    /// The releases, newest first.
    pub releases: Vec<ReleaseView>,
}

/// One release on the page.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseView {
    /// Its version, or "(no version)".
    pub version: String,
    /// Its version IRI.
    pub version_iri: String,
    /// Its issue date.
    pub issued: Option<String>,
    /// The previous version's dataset IRI.
    pub previous: Option<String>,
    /// The previous version's version, when it is on the page too.
    pub previous_version: Option<String>,
    /// What changed since the previous version, in one line.
    pub changes: Option<String>,
    /// The version notes.
    pub notes: Option<String>,
    /// The files.
    pub downloads: Vec<Download>,
}

/// One file of a release.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// Where it is (a local path when `local` maps its URL).
    pub href: String,
    /// What it holds.
    pub title: String,
    /// Its size.
    pub bytes: Option<u64>,
}

/// The page's view of `history`; `local` turns a download URL into the link shown (the server
/// maps its base IRI to its own paths; the static site keeps the published URLs).
pub fn view(history: &[Entry], local: &dyn Fn(&str) -> String) -> ReleasesView {
    let version_of = |iri: &str| {
        history
            .iter()
            .find(|e| e.description.version_iri().as_str() == iri)
            .and_then(|e| e.description.version.clone())
    };
    let releases = history
        .iter()
        .map(|entry| {
            let d = &entry.description;
            let mut downloads: Vec<Download> = d
                .distributions
                .iter()
                .map(|dist| Download {
                    href: local(&dist.url),
                    title: if dist.title.is_empty() {
                        dist.url.clone()
                    } else {
                        dist.title.clone()
                    },
                    bytes: dist.bytes,
                })
                .collect();
            // The change files and the checksums sit beside the downloads.
            let folder = d
                .distributions
                .first()
                .and_then(|f| f.url.rsplit_once('/'))
                .map(|(folder, _)| folder.to_owned());
            if let Some(folder) = folder {
                let mut extra = vec![(CHECKSUMS, "SHA-256 digests of the files")];
                if entry.changes.is_some() {
                    extra.extend([
                        (CHANGES_MD, "What changed (Markdown)"),
                        (CHANGES_JSON, "What changed (JSON)"),
                        (CHANGES_RU, "What changed, as a SPARQL 1.1 Update"),
                    ]);
                }
                downloads.extend(extra.into_iter().map(|(name, title)| Download {
                    href: local(&format!("{folder}/{name}")),
                    title: format!("{title}: {name}"),
                    bytes: None,
                }));
            }
            ReleaseView {
                version: d.version.clone().unwrap_or_else(|| "(no version)".into()),
                version_iri: d.version_iri().as_str().to_owned(),
                issued: d.issued.map(|date| date.to_string()),
                previous: d.previous.as_ref().map(|p| p.as_str().to_owned()),
                previous_version: d.previous.as_ref().and_then(|p| version_of(p.as_str())),
                changes: entry.changes.as_ref().map(|(c, class)| {
                    format!(
                        "{} added, {} removed, {} renamed, {} changed ({})",
                        c.added,
                        c.removed,
                        c.renamed,
                        c.changed,
                        class.as_deref().unwrap_or("no change")
                    )
                }),
                notes: d.notes.clone(),
                downloads,
            }
        })
        .collect();
    ReleasesView { releases }
}
