//! The release history in the server (`serve --releases DIR`, issue 17): `/releases/`, the page
//! of every release in DIR (the same page as `site --releases` writes), and
//! `/release/VERSION/FILE`, the files of each release, so that the page's download links work
//! when the base IRI is the one the releases were made for.
//!
//! Everything is read once, at start: the page is rendered and the servable files are fixed to
//! the names each release's `SHA256SUMS` lists. A request can only pick among those names; it
//! never names a path.

use super::error::ApiError;
use crate::diff::history::{self, Entry};
use crate::diff::release_dir;
use crate::page::{Pages, releases::view};
use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The path of the history page.
pub const PAGE_PATH: &str = "/releases/";

/// The release history, ready to serve.
#[derive(Debug, Clone)]
pub struct Releases {
    /// The page, rendered (shared by every response).
    page: Bytes,
    /// The files, by (version, file name).
    files: BTreeMap<(String, String), PathBuf>,
}

/// Why the releases could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot serve the releases in {dir}: {reason}")]
pub struct ReleasesError {
    /// The directory of releases.
    pub dir: PathBuf,
    /// What is wrong.
    pub reason: String,
}

impl Releases {
    /// Reads the releases in `dir` (each subdirectory with a `SHA256SUMS`) and renders their
    /// page with `pages`. Download links under `base_iri` become links to this server's
    /// `/release/...`.
    pub fn read(dir: &Path, base_iri: &str, pages: &Pages) -> Result<Self, ReleasesError> {
        let error = |reason: String| ReleasesError {
            dir: dir.to_path_buf(),
            reason,
        };
        if !dir.is_dir() {
            return Err(error(
                "it is not a directory (give the directory that holds one subdirectory per release)"
                    .into(),
            ));
        }
        let entries = history::read(dir).map_err(|e| error(e.to_string()))?;
        let mut files = BTreeMap::new();
        for entry in &entries {
            let Some(version) = entry.description.version.clone() else {
                continue;
            };
            for name in listed_files(entry).map_err(|e| error(e.to_string()))? {
                files.insert((version.clone(), name.clone()), entry.dir.join(name));
            }
        }
        let local = |url: &str| {
            url.strip_prefix(base_iri)
                .map_or_else(|| url.to_owned(), |path| format!("/{path}"))
        };
        let page = pages
            .releases(&view(&entries, &local))
            .map_err(|e| error(e.to_string()))?;
        Ok(Self {
            page: Bytes::from(page),
            files,
        })
    }

    /// The history page.
    pub fn page(&self) -> Response {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            self.page.clone(),
        )
            .into_response()
    }

    /// The file `name` of release `version`, streamed; 404 for anything `SHA256SUMS` does not
    /// list.
    pub async fn file(&self, version: &str, name: &str) -> Result<Response, ApiError> {
        let path = self
            .files
            .get(&(version.to_owned(), name.to_owned()))
            .ok_or_else(|| {
                ApiError::NotFound(format!(
                    "no file {name} in release {version}; the releases are listed at {PAGE_PATH}"
                ))
            })?;
        let (body, length) = super::spool::stream_file(path).await.map_err(|e| {
            ApiError::Internal(format!("cannot read {name} of release {version}: {e}"))
        })?;
        Ok((
            [
                (header::CONTENT_TYPE, media_type(name)),
                (header::CONTENT_LENGTH, HeaderValue::from(length)),
            ],
            body,
        )
            .into_response())
    }
}

/// The names `SHA256SUMS` lists for a release, each a plain file name that exists.
fn listed_files(entry: &Entry) -> Result<Vec<String>, crate::diff::DiffError> {
    let mut names: Vec<String> = release_dir::checksums(&entry.dir)?
        .into_keys()
        .filter(|name| is_plain_name(name) && entry.dir.join(name).is_file())
        .collect();
    names.push(crate::export::release::CHECKSUMS.to_owned());
    Ok(names)
}

/// A file name without a directory part that is not hidden.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', '\0'])
}

/// The media type of a release file, from its name.
fn media_type(name: &str) -> HeaderValue {
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    let media = match extension {
        "jsonld" => "application/ld+json",
        "json" => "application/json",
        "md" => "text/markdown; charset=utf-8",
        "ru" => "application/sparql-update",
        "tsv" => "text/tab-separated-values; charset=utf-8",
        _ => match oxigraph::io::RdfFormat::from_extension(extension) {
            Some(format) => format.media_type(),
            None => "text/plain; charset=utf-8",
        },
    };
    HeaderValue::from_static(media)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_are_served() {
        for bad in ["", ".hidden", "../void.ttl", "a/b", "a\\b", "a\0b"] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
        assert!(is_plain_name("kyoto-kg.canonical.nq"));
    }

    #[test]
    fn release_files_get_their_media_types() {
        let of = |name| {
            media_type(name)
                .to_str()
                .map(str::to_owned)
                .unwrap_or_default()
        };
        assert_eq!(of("kyoto-kg.ttl"), "text/turtle");
        assert_eq!(of("kyoto-kg.nq"), "application/n-quads");
        assert_eq!(of("kyoto-kg.rdf"), "application/rdf+xml");
        assert_eq!(of("context.jsonld"), "application/ld+json");
        assert_eq!(of("changes.ru"), "application/sparql-update");
        assert_eq!(of("SHA256SUMS"), "text/plain; charset=utf-8");
    }
}
