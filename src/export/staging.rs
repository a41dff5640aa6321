//! Writes a whole directory (a release, a static site) atomically: it is filled beside its
//! target under a hidden name and swapped in only once complete, so an interrupted run never
//! leaves a half-written directory, and a failed one leaves the old directory as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why a directory could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StagingError<E: std::error::Error + 'static> {
    /// The target exists and `replaceable` refused it.
    #[error("{path} exists and is not {what}; choose another --out or remove it")]
    Occupied {
        /// The target.
        path: PathBuf,
        /// What the target should have been to be replaced ("a kyoto-kg release").
        what: &'static str,
    },
    /// A directory operation failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// Filling the directory failed.
    #[error(transparent)]
    Fill(E),
}

/// Builds `dir` by calling `fill` on an empty staging directory, then swaps it in.
///
/// An existing `dir` is replaced only if it is empty or `replaceable(dir)` says so; otherwise
/// [`StagingError::Occupied`] names it as not being `what`.
pub fn build_dir<T, E: std::error::Error + 'static>(
    dir: &Path,
    what: &'static str,
    replaceable: impl Fn(&Path) -> bool,
    fill: impl FnOnce(&Path) -> Result<T, E>,
) -> Result<T, StagingError<E>> {
    let io_at = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StagingError::Io { path, source }
    };
    if dir.file_name().is_none() {
        return Err(StagingError::Io {
            path: dir.to_path_buf(),
            source: io::Error::new(
                io::ErrorKind::InvalidInput,
                "name the directory to write (not `.`, `..` or `/`)",
            ),
        });
    }
    if dir.exists() && !(is_empty_dir(dir) || dir.is_dir() && replaceable(dir)) {
        return Err(StagingError::Occupied {
            path: dir.to_path_buf(),
            what,
        });
    }
    let staging = sibling(dir, "new");
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_at(&staging))?;
    }
    if let Some(parent) = staging.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io_at(parent))?;
    }
    fs::create_dir(&staging).map_err(io_at(&staging))?;
    let value = match fill(&staging) {
        Ok(value) => value,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(StagingError::Fill(e));
        }
    };
    let retired = sibling(dir, "old");
    if dir.exists() {
        fs::rename(dir, &retired).map_err(io_at(dir))?;
    }
    fs::rename(&staging, dir).map_err(io_at(dir))?;
    if retired.exists() {
        fs::remove_dir_all(&retired).map_err(io_at(&retired))?;
    }
    Ok(value)
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// A hidden sibling of `dir` for this process: `.NAME.WHAT-PID`.
fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}
