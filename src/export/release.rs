//! `kyoto-kg release`: a directory holding the whole dataset in every format, the curated SDG
//! links as SSSOM, the JSON-LD context, a VoID + DCAT description ([`super::void`]) and a
//! `SHA256SUMS` file that `sha256sum -c` verifies.
//!
//! The directory is built beside its target and moved into place only once complete, so an
//! interrupted release never leaves a half-written directory; an existing release at the target
//! is replaced, anything else there is refused. The same data and options give byte-identical
//! files: the issued date and version come from the data and the options, never from the clock.

use super::canonical::{self, sha256_hex};
use super::version as versioning;
use super::void::{self, FileInfo, ReleaseInfo};
use crate::files::{self, StagingError};
use crate::jsonld::{self, ContextRef, JsonLdError, Shape};
use crate::sdg::sssom::{self, SssomError};
use crate::serialize::{self, Format};
use chrono::NaiveDate;
use oxigraph::model::{NamedNode, Quad};
use oxigraph::store::{StorageError, Store};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The name of the checksum file of a release.
pub const CHECKSUMS: &str = "SHA256SUMS";
/// The name of the description file of a release.
pub const DESCRIPTION: &str = "void.ttl";
/// The file name stem of the dataset files.
pub const STEM: &str = "kyoto-kg";
/// The change report of a release made with `--previous`, for people (Markdown).
pub const CHANGES_MD: &str = "CHANGES.md";
/// The change report of a release made with `--previous`, as JSON (docs/diff.md).
pub const CHANGES_JSON: &str = "changes.json";
/// The SPARQL 1.1 Update from the previous release to this one.
pub const CHANGES_RU: &str = "changes.ru";
/// The name of the SSSOM file of a release.
pub const SSSOM: &str = "kyoto-kg.sssom.tsv";
/// The default URL the files of release `{version}` are published under.
pub const DEFAULT_BASE_URL: &str = "https://w3id.org/kyoto-kg/release/{version}/";

/// Why a release could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReleaseError {
    /// The target exists and is not a kyoto-kg release.
    #[error(
        "{0} exists and is not a kyoto-kg release (it has no {CHECKSUMS}); choose another --out or remove it"
    )]
    NotARelease(PathBuf),
    /// The ontology declares no licence.
    #[error(
        "the ontology declares no licence (`<https://w3id.org/kyoto-kg/ontology> dct:license <...>` in ontology/kyoto.ttl); a release needs one"
    )]
    NoLicense,
    /// The data holds no `xsd:date`, so there is no issued date to take from it.
    #[error("the data holds no date to take the issued date from; pass --issued YYYY-MM-DD")]
    NoDate,
    /// The base URL is not an absolute URL ending with `/`.
    #[error("the base URL {0:?} must be an absolute URL ending with '/'")]
    BaseUrl(String),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// JSON-LD could not be written.
    #[error(transparent)]
    JsonLd(#[from] JsonLdError),
    /// The store could not be read.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The SSSOM mapping set could not be written.
    #[error(transparent)]
    Sssom(#[from] SssomError),
}

/// The options of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseOptions {
    /// The version to write in the description.
    pub version: String,
    /// The issued date; `None` takes the latest date the data holds.
    pub issued: Option<NaiveDate>,
    /// The URL the files will be downloadable under; `{version}` is replaced by the version.
    pub base_url: String,
    /// Who publishes the release (`data/publisher.toml`), if configured.
    pub publisher: Option<crate::source::publisher::Publisher>,
    /// The previous release's dataset IRI (`release --previous`).
    pub previous: Option<NamedNode>,
    /// What changed since the previous release, for the description's version notes.
    pub notes: Option<String>,
    /// More files for the release (`CHANGES.md`, `changes.json`, `changes.ru`), covered by
    /// `SHA256SUMS` like the others.
    pub extra_files: Vec<ExtraFile>,
}

/// A file a release carries besides the dataset, the SSSOM file and the context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraFile {
    /// Its name.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// What it holds, for people.
    pub title: String,
    /// Its media type.
    pub media_type: String,
}

impl Default for ReleaseOptions {
    fn default() -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            issued: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            publisher: None,
            previous: None,
            notes: None,
            extra_files: Vec::new(),
        }
    }
}

/// What was released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseSummary {
    pub dir: PathBuf,
    /// The description of the release.
    pub info: ReleaseInfo,
    /// Every file (the checksum file last).
    pub files: Vec<FileInfo>,
    /// The number of quads released.
    pub quads: usize,
}

/// A file of the dataset: name suffix, title, how to write it.
struct DatasetFile {
    name: String,
    title: &'static str,
    media_type: &'static str,
    conforms_to: Option<&'static str>,
    write: Writer,
}

#[derive(Clone, Copy)]
enum Writer {
    Plain(Format),
    JsonLd(Shape),
    Canonical,
}

fn dataset_files() -> Vec<DatasetFile> {
    let plain = |ext: &str, format, title| DatasetFile {
        name: format!("{STEM}.{ext}"),
        title,
        media_type: Format::rdf_format(format).media_type(),
        conforms_to: None,
        write: Writer::Plain(format),
    };
    vec![
        plain("ttl", Format::Turtle, "Turtle (all graphs merged)"),
        plain("nt", Format::NTriples, "N-Triples (all graphs merged)"),
        plain("nq", Format::NQuads, "N-Quads (with named graphs)"),
        plain("trig", Format::TriG, "TriG (with named graphs)"),
        plain("rdf", Format::RdfXml, "RDF/XML (all graphs merged)"),
        DatasetFile {
            name: format!("{STEM}.jsonld"),
            title: "JSON-LD compacted with the kyoto-kg context (with named graphs)",
            media_type: jsonld::MEDIA_TYPE,
            conforms_to: Some("https://www.w3.org/TR/json-ld11/"),
            write: Writer::JsonLd(Shape::Flat),
        },
        DatasetFile {
            name: format!("{STEM}.framed.jsonld"),
            title: "JSON-LD, nested view: declaration, pillars, discussions, sessions, topics",
            media_type: jsonld::MEDIA_TYPE,
            conforms_to: Some("https://www.w3.org/TR/json-ld11/"),
            write: Writer::JsonLd(Shape::Framed),
        },
        DatasetFile {
            name: format!("{STEM}.canonical.nq"),
            title: "Canonical N-Quads (RDFC-1.0, SHA-256)",
            media_type: canonical::MEDIA_TYPE,
            conforms_to: Some("https://www.w3.org/TR/rdf-canon/"),
            write: Writer::Canonical,
        },
    ]
}

/// Writes a release of `store` (every graph) to `dir`, calling `progress` with the name of
/// each file as it is written.
pub fn write_release(
    store: &Store,
    dir: &Path,
    options: &ReleaseOptions,
    mut progress: impl FnMut(&str),
) -> Result<ReleaseSummary, ReleaseError> {
    let quads: Vec<Quad> = store.iter().collect::<Result<_, _>>()?;
    let quads = &quads[..];
    let info = release_info(quads, options)?;
    let files = files::build_dir(
        dir,
        "a kyoto-kg release (it has no SHA256SUMS)",
        |d| d.join(CHECKSUMS).is_file(),
        |staging| fill(staging, store, quads, &info, options, &mut progress),
    )
    .map_err(|e| match e {
        StagingError::Fill(e) => e,
        StagingError::Occupied { path, .. } => ReleaseError::NotARelease(path),
        StagingError::Io { path, source } => ReleaseError::Io { path, source },
    })?;
    Ok(ReleaseSummary {
        dir: dir.to_path_buf(),
        info,
        files,
        quads: quads.len(),
    })
}

/// The version, issued date, licence and base URL of a release of `quads`.
pub fn release_info(quads: &[Quad], options: &ReleaseOptions) -> Result<ReleaseInfo, ReleaseError> {
    let license = void::declared_license(quads).ok_or(ReleaseError::NoLicense)?;
    let issued = match options.issued {
        Some(day) => day,
        None => void::date_range(quads).ok_or(ReleaseError::NoDate)?.1,
    };
    let base_url = options.base_url.replace("{version}", &options.version);
    if !base_url.ends_with('/') || NamedNode::new(base_url.as_str()).is_err() {
        return Err(ReleaseError::BaseUrl(base_url));
    }
    Ok(ReleaseInfo {
        version: options.version.clone(),
        issued,
        license,
        base_url,
        publisher: options.publisher.clone(),
    })
}

fn fill(
    dir: &Path,
    store: &Store,
    quads: &[Quad],
    info: &ReleaseInfo,
    options: &ReleaseOptions,
    progress: &mut impl FnMut(&str),
) -> Result<Vec<FileInfo>, ReleaseError> {
    let mut files = Vec::new();
    for file in dataset_files() {
        progress(&file.name);
        let bytes = render(quads, file.write)?;
        files.push(save(
            dir,
            &file.name,
            &bytes,
            file.title,
            file.media_type,
            file.conforms_to,
        )?);
    }
    progress(SSSOM);
    let (sssom, _) = sssom::write(store, Vec::new())?;
    let mut supporting = vec![save(
        dir,
        SSSOM,
        &sssom,
        "The curated links to the SDG vocabulary, as an SSSOM mapping set",
        "text/tab-separated-values",
        Some("https://w3id.org/sssom/"),
    )?];
    progress("context.jsonld");
    supporting.push(save(
        dir,
        "context.jsonld",
        jsonld::CONTEXT.as_bytes(),
        "The kyoto-kg JSON-LD context",
        jsonld::MEDIA_TYPE,
        Some("https://www.w3.org/TR/json-ld11/"),
    )?);

    for extra in &options.extra_files {
        progress(&extra.name);
        supporting.push(save(
            dir,
            &extra.name,
            &extra.bytes,
            &extra.title,
            &extra.media_type,
            None,
        )?);
    }

    progress(DESCRIPTION);
    let mut description = void::describe(quads, &void::Publication::release(info, &files));
    description.extend(versioning::version_quads(&versioning::ReleaseVersion {
        version: info.version.clone(),
        issued: info.issued,
        previous: options.previous.clone(),
        notes: options.notes.clone(),
    }));
    let mut turtle = Vec::new();
    serialize::write_quads_with_prefixes(
        description,
        Format::Turtle,
        &void::prefixes(),
        &mut turtle,
    )
    .map_err(|source| ReleaseError::Io {
        path: dir.join(DESCRIPTION),
        source,
    })?;
    supporting.push(save(
        dir,
        DESCRIPTION,
        &turtle,
        "VoID and DCAT description of this release",
        "text/turtle",
        Some("https://www.w3.org/TR/void/"),
    )?);
    files.extend(supporting);

    progress(CHECKSUMS);
    let mut sums: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.name.as_str(), f.sha256.as_str()))
        .collect();
    sums.sort_unstable();
    let text: String = sums
        .iter()
        .map(|(name, hash)| format!("{hash}  {name}\n"))
        .collect();
    let checksums = save(
        dir,
        CHECKSUMS,
        text.as_bytes(),
        "SHA-256 of every file (verify with `sha256sum -c SHA256SUMS`)",
        "text/plain",
        None,
    )?;
    files.push(checksums);
    Ok(files)
}

fn render(quads: &[Quad], writer: Writer) -> Result<Vec<u8>, ReleaseError> {
    let io_error = |source| ReleaseError::Io {
        path: PathBuf::from("<memory>"),
        source,
    };
    Ok(match writer {
        Writer::Plain(format) => {
            serialize::write_quads(quads.to_vec(), format, Vec::new()).map_err(io_error)?
        }
        Writer::JsonLd(shape) => {
            jsonld::write_compacted(quads, shape, &ContextRef::Embedded, Vec::new())?
        }
        Writer::Canonical => canonical::canonicalize(quads.iter().cloned())
            .nquads
            .into_bytes(),
    })
}

fn save(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    title: &str,
    media_type: &str,
    conforms_to: Option<&str>,
) -> Result<FileInfo, ReleaseError> {
    let path = dir.join(name);
    let write = || -> io::Result<()> {
        let mut file = BufWriter::new(fs::File::create(&path)?);
        file.write_all(bytes)?;
        file.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()
    };
    write().map_err(|source| ReleaseError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(FileInfo {
        name: name.to_owned(),
        title: title.to_owned(),
        media_type: media_type.to_owned(),
        conforms_to: conforms_to.map(str::to_owned),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    })
}
