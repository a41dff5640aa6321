//! `kyoto-kg site`: the graph as a static linked-data publication that any static host (GitHub
//! Pages, S3, nginx, a plain directory) can serve, with the pages `kyoto-kg serve` renders.
//!
//! Every IRI under the base that the graph knows gets a directory with an `index.html` (so the
//! extensionless address, as linked from other pages, works on every host) and, beside it, its
//! description as `.ttl`, `.jsonld`, `.nt` and `.rdf`. The home page, the dataset page with the
//! downloads, the ontology page, the stylesheet, the JSON-LD context and a `404.html` complete
//! it. Pages come from [`crate::page`], the module the server renders with: same templates, same
//! look, only without the SPARQL endpoint and its query editor. The dataset's description
//! (`dataset.ttl`) is the one a release and the server publish ([`crate::export::void`]), with
//! each download's size and SHA-256 and no SPARQL endpoint, since a static host has none.
//!
//! Links are absolute paths under `root` (`/` by default; `/kyoto-kg/` for a site served from a
//! sub-path). The output is deterministic and written atomically ([`crate::files`]).

use crate::export::canonical::sha256_hex;
use crate::export::void::Digest;
use crate::export::{self, GraphSelection};
use crate::files::{self, StagingError};
use crate::iri;
use crate::jsonld;
use crate::page::{self, DATASET_FORMATS, Describer, Linker, PageError, Pages, Published, Site};
use crate::serialize::{self, Format};
use crate::source::publisher::Publisher;
use crate::w3id;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::server::ui::{FAVICON_ICO, FAVICON_SVG, STYLE_CSS};

/// The file that marks a directory as a kyoto-kg site (so a rebuild may replace it).
pub const MARKER: &str = ".kyoto-kg-site";

/// The RDF files written beside each page: extension and format.
pub const ENTITY_FORMATS: [(&str, Format); 4] = [
    ("ttl", Format::Turtle),
    ("jsonld", Format::JsonLd),
    ("nt", Format::NTriples),
    ("rdf", Format::RdfXml),
];

/// Why a site could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SiteError {
    /// The root is not an absolute path ending with `/`.
    #[error("the site root {0:?} must start and end with '/' (e.g. / or /kyoto-kg/)")]
    Root(String),
    /// The address the site is published at cannot be the target of the w3id.org rules.
    #[error(transparent)]
    SiteUrl(#[from] w3id::SiteUrlError),
    /// The target exists and is not a site.
    #[error(
        "{0} exists and is not a kyoto-kg site (it has no {MARKER}); choose another --out or remove it"
    )]
    NotASite(PathBuf),
    /// Reading the store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A page could not be rendered.
    #[error(transparent)]
    Page(#[from] PageError),
    /// A download could not be written.
    #[error(transparent)]
    Export(#[from] export::ExportError),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteSummary {
    /// Entity pages written (each with its RDF files).
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// IRIs under the base that could not be made into a safe path, skipped.
    pub skipped: Vec<String>,
}

/// What a site says besides the graph.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The address the site will be published at, where the w3id.org redirect rules
    /// ([`w3id`], in `w3id.org/kyoto-kg/`) send the IRIs (by default [`w3id::LOCAL_SITE`] +
    /// `root`, for trying them out).
    pub site_url: Option<&'a str>,
    /// Who publishes the data, named in the dataset description.
    pub publisher: Option<&'a Publisher>,
    /// The releases, for a release history page (`releases/index.html`,
    /// [`crate::diff::history`]).
    pub history: Option<&'a [crate::diff::history::Entry]>,
}

/// Writes the static site of `store` to `dir`, its links under `root`, as `options` say;
/// `progress` is called with each page's path as it is written.
pub fn write_site(
    store: &Store,
    dir: &Path,
    root: &str,
    options: &Options<'_>,
    mut progress: impl FnMut(&str),
) -> Result<SiteSummary, SiteError> {
    if !root.starts_with('/') || !root.ends_with('/') {
        return Err(SiteError::Root(root.to_owned()));
    }
    let target = options
        .site_url
        .map_or_else(|| format!("{}{root}", w3id::LOCAL_SITE), str::to_owned);
    w3id::check_site_url(&target, root)?;
    files::build_dir(
        dir,
        "a kyoto-kg site",
        |d| d.join(MARKER).is_file(),
        |staging| fill(store, staging, root, &target, options, &mut progress),
    )
    .map_err(|e| match e {
        StagingError::Fill(e) => e,
        StagingError::Occupied { path, .. } => SiteError::NotASite(path),
        StagingError::Io { path, source } => SiteError::Io { path, source },
    })
}

/// The local paths (IRI minus the base, fragment dropped) of every IRI under the base that the
/// store mentions, sorted; and the IRIs that make no safe path.
pub fn entity_paths(
    store: &Store,
    base: &str,
) -> Result<(BTreeSet<String>, Vec<String>), StorageError> {
    let mut paths = BTreeSet::new();
    let mut skipped = BTreeSet::new();
    let mut consider = |iri: &str| {
        let Some(rest) = iri.strip_prefix(base) else {
            return;
        };
        let path = rest.split('#').next().unwrap_or_default();
        if path.is_empty() {
            return;
        }
        if is_safe_path(path) {
            paths.insert(path.to_owned());
        } else {
            skipped.insert(iri.to_owned());
        }
    };
    for quad in store.iter() {
        let quad = quad?;
        if let NamedOrBlankNode::NamedNode(s) = &quad.subject {
            consider(s.as_str());
        }
        if let Term::NamedNode(o) = &quad.object {
            consider(o.as_str());
        }
        if let GraphName::NamedNode(g) = &quad.graph_name {
            consider(g.as_str());
        }
    }
    Ok((paths, skipped.into_iter().collect()))
}

/// Whether `path` can be a relative file path as it is: segments of letters, digits and `-._~`,
/// none empty, none `.` or `..`, and no clash with the site's own files.
fn is_safe_path(path: &str) -> bool {
    !matches!(
        path,
        "assets"
            | "index.html"
            | "404.html"
            | "context.jsonld"
            | "favicon.ico"
            | "w3id.org"
            | "prefixes.json"
    ) && path.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    })
}

/// The files written so far.
struct Files<'a> {
    dir: &'a Path,
    count: usize,
}

impl Files<'_> {
    fn save(&mut self, path: &str, bytes: &[u8]) -> Result<(), SiteError> {
        let target = self.dir.join(path);
        let io = |source| SiteError::Io {
            path: PathBuf::from(path),
            source,
        };
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(&target, bytes).map_err(io)?;
        self.count += 1;
        Ok(())
    }

    /// Writes `quads` as one graph (a description is a graph, whatever graphs it comes from),
    /// in every format of [`ENTITY_FORMATS`], as `PATH.EXT`.
    fn rdf(&mut self, path: &str, quads: Vec<Quad>) -> Result<(), SiteError> {
        self.rdf_with_prefixes(path, quads, &crate::vocab::prefixes())
    }

    /// [`Self::rdf`] with these prefixes.
    fn rdf_with_prefixes(
        &mut self,
        path: &str,
        mut quads: Vec<Quad>,
        prefixes: &[(String, String)],
    ) -> Result<(), SiteError> {
        for quad in &mut quads {
            quad.graph_name = GraphName::DefaultGraph;
        }
        for (ext, format) in ENTITY_FORMATS {
            let bytes =
                serialize::write_quads_with_prefixes(quads.clone(), format, prefixes, Vec::new())
                    .map_err(|source| SiteError::Io {
                    path: PathBuf::from(format!("{path}.{ext}")),
                    source,
                })?;
            self.save(&format!("{path}.{ext}"), &bytes)?;
        }
        Ok(())
    }
}

/// Renders every page of `store` into `dir`.
fn fill(
    store: &Store,
    dir: &Path,
    root: &str,
    site_url: &str,
    options: &Options<'_>,
    progress: &mut impl FnMut(&str),
) -> Result<SiteSummary, SiteError> {
    let publisher = options.publisher;
    let pages = Pages::new(Site {
        root: root.to_owned(),
        base: iri::BASE.to_owned(),
        endpoint: false,
        releases: options.history.is_some(),
    })?;
    let linker = Linker::new(iri::BASE, root);
    let describer = Describer::new(store, &linker);
    let mut files = Files { dir, count: 0 };

    progress("index.html");
    let home = page::home(store, &describer)?;
    files.save("index.html", pages.home(&home)?.as_bytes())?;
    files.save("assets/style.css", STYLE_CSS.as_bytes())?;
    files.save("assets/favicon.svg", FAVICON_SVG.as_bytes())?;
    files.save("favicon.ico", FAVICON_ICO)?;
    files.save("context.jsonld", jsonld::CONTEXT.as_bytes())?;
    files.save("prefixes.json", crate::vocab::prefix_map_json().as_bytes())?;
    files.save("404.html", pages.not_found(iri::BASE)?.as_bytes())?;
    if let Some(history) = options.history {
        progress("releases/index.html");
        let view = page::releases::view(history, &str::to_owned);
        files.save("releases/index.html", pages.releases(&view)?.as_bytes())?;
    }
    files.save(
        &format!("{}/.htaccess", w3id::DIRECTORY),
        w3id::htaccess(site_url).as_bytes(),
    )?;
    files.save(
        &format!("{}/README.md", w3id::DIRECTORY),
        w3id::readme(site_url).as_bytes(),
    )?;

    progress("dataset");
    let view = page::dataset_view(store, &describer, iri::BASE)?;
    files.save("dataset/index.html", pages.dataset(&view)?.as_bytes())?;
    let mut digests = BTreeMap::new();
    for ext in DATASET_FORMATS.map(|f| f.file_extension()) {
        let name = format!("dataset/kyoto.{ext}");
        let format: Format = ext.parse().map_err(|e: String| SiteError::Io {
            path: PathBuf::from(&name),
            source: io::Error::other(e),
        })?;
        let bytes = export::export(store, GraphSelection::All, format, Vec::new())?;
        files.save(&name, &bytes)?;
        digests.insert(
            ext.to_owned(),
            Digest {
                bytes: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            },
        );
    }
    // A static host has no SPARQL endpoint: the description claims none.
    let published = Published {
        sparql_endpoint: None,
        download_base: format!("{}dataset/", iri::BASE),
        digests,
        publisher: publisher.cloned(),
        // The site's home page, once published at the base IRI.
        landing_page: NamedNode::new(iri::BASE).ok(),
    };
    files.rdf_with_prefixes(
        "dataset",
        page::dataset_quads(store, iri::BASE, published)?,
        &export::void::prefixes(),
    )?;

    let (paths, skipped) = entity_paths(store, iri::BASE)?;
    let mut written = 0;
    for path in paths.iter().filter(|p| *p != "dataset") {
        let Some(iri) = linker.iri(path) else {
            continue;
        };
        let Some(description) = describer.describe(&iri)? else {
            continue;
        };
        progress(path);
        files.save(
            &format!("{path}/index.html"),
            pages.entity(&description)?.as_bytes(),
        )?;
        files.rdf(path, describer.quads(&iri)?)?;
        written += 1;
    }
    files.save(
        MARKER,
        format!("kyoto-kg {}\n", env!("CARGO_PKG_VERSION")).as_bytes(),
    )?;
    Ok(SiteSummary {
        pages: written,
        files: files.count,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_become_files() {
        for good in [
            "id/session/2022-2",
            "ontology",
            "graph/data",
            "id/topic/a_b.c~d",
        ] {
            assert!(is_safe_path(good), "{good}");
        }
        for bad in [
            "", "a//b", "../etc", "a/./b", "a b", "a%2Fb", "assets", "404.html", "é",
        ] {
            assert!(!is_safe_path(bad), "{bad}");
        }
    }
}
