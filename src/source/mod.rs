//! Reads the curated source data (`data/*.toml`) into a checked [`Dataset`].
//!
//! Every `*.toml` file directly in the data directory is read, in name order, and the records
//! of all files are checked together (so a curator may split the data as they like). The
//! format is [TOML 1.0](https://toml.io/en/v1.0.0); see `data/declaration.toml` and
//! `data/sessions.toml` for the tables and keys. Problems come back as [`Diagnostic`]s that
//! name file, line, column, the offending value and a fix.

mod check;
mod error;
pub(crate) mod publisher;
mod raw;
mod render;
mod sdg_snapshot;
pub(crate) mod sdg_vocabulary;

pub use error::{Diagnostic, LineIndex, Location, SourceError};
pub use render::render as render_diagnostic;

use crate::model::{Dataset, SdgVocabulary};
use check::ParsedFile;
use std::fs;
use std::path::{Path, PathBuf};

/// Loads and checks every `*.toml` file of `dir`, resolving SDG links against the snapshot
/// `dir/sdg/sdg-snapshot.ttl` when there is one.
pub fn load(dir: &Path) -> Result<Dataset, SourceError> {
    let files = parsed_files(dir)?;
    let sdg = sdg_snapshot::read(dir)?;
    finish(&files, sdg)
}

/// Loads and checks every `*.toml` file of `dir`, resolving SDG links against `sdg` instead of
/// the data directory's snapshot (`kyoto-kg sdg import` checks the links against the UN's
/// files this way before it writes a new snapshot).
pub fn load_with_sdg(dir: &Path, sdg: SdgVocabulary) -> Result<Dataset, SourceError> {
    let files = parsed_files(dir)?;
    finish(&files, Some(sdg))
}

fn finish(files: &[ParsedFile], sdg: Option<SdgVocabulary>) -> Result<Dataset, SourceError> {
    let mut dataset = check::check(files, sdg.as_ref()).map_err(SourceError::Invalid)?;
    dataset.sdg = sdg;
    Ok(dataset)
}

/// Reads and parses every `*.toml` file of `dir`.
fn parsed_files(dir: &Path) -> Result<Vec<ParsedFile>, SourceError> {
    if !dir.is_dir() {
        return Err(SourceError::MissingDirectory(dir.to_path_buf()));
    }
    let paths = toml_files(dir)?;
    if paths.is_empty() {
        return Err(SourceError::EmptyDirectory(dir.to_path_buf()));
    }
    let mut files = Vec::with_capacity(paths.len());
    let mut diagnostics = Vec::new();
    for outcome in in_parallel(&paths, read_and_parse) {
        match outcome? {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    if !diagnostics.is_empty() {
        return Err(SourceError::Invalid(diagnostics));
    }
    Ok(files)
}

/// Reads and parses one file: an I/O error stops the load, a syntax error is a diagnostic.
fn read_and_parse(path: &PathBuf) -> Result<Result<ParsedFile, Diagnostic>, SourceError> {
    let text = fs::read_to_string(path).map_err(|source| SourceError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(parse(path, &text).map(|raw| ParsedFile {
        lines: LineIndex::new(&text),
        path: path.clone(),
        text,
        raw,
    }))
}

/// `f` of each item, in order, spread over the machine's cores in contiguous runs (a generated
/// data directory at 10^6 triples has a hundred files of similar size).
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = crate::threads::cores().min(items.len()).max(1);
    let mut runs: Vec<&[T]> = items.chunks(items.len().div_ceil(threads).max(1)).collect();
    crate::threads::map(&mut runs, |run| run.iter().map(&f).collect::<Vec<R>>())
        .into_iter()
        .flatten()
        .collect()
}

/// Loads one TOML document given as text, as if it were the only file of a data directory.
///
/// `path` is only used in messages. Fuzzers and tests use this to reach the checks without
/// touching the file system.
pub fn load_str(path: &Path, text: &str) -> Result<Dataset, SourceError> {
    let raw = parse(path, text).map_err(|d| SourceError::Invalid(vec![d]))?;
    let files = [ParsedFile {
        path: path.to_path_buf(),
        text: text.to_owned(),
        raw,
        lines: LineIndex::new(text),
    }];
    check::check(&files, None).map_err(SourceError::Invalid)
}

/// The `*.toml` files directly in `dir` but `publisher.toml`, sorted by name: the files
/// [`load`] reads.
pub fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let io = |source| SourceError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        // The publisher file is configuration, not facts (see [`publisher`]).
        if path.is_file()
            && path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_none_or(|n| n != publisher::FILE)
        {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

fn parse(path: &Path, text: &str) -> Result<raw::RawFile, Diagnostic> {
    toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_owned();
        Diagnostic {
            location: Location::in_text(path, text, span),
            hint: hint_for(&message),
            message,
        }
    })
}

/// A fix-it line for the commonest TOML mistakes.
fn hint_for(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some("remove or rename the key; the valid keys are listed above".into())
    } else if message.contains("missing field") {
        Some("add the missing key to this table".into())
    } else if message.contains("invalid date") && message.contains("day") {
        Some("that month has no such day; check the day and month (YYYY-MM-DD)".into())
    } else if message.contains("datetime") || message.contains("date") {
        Some("write dates as bare TOML dates, YYYY-MM-DD, without quotes".into())
    } else if message.contains("invalid type") {
        Some("check the value's type: text in quotes, numbers and dates without".into())
    } else {
        Some("check the TOML syntax at this position (https://toml.io)".into())
    }
}
