//! Writing a whole directory (a release, a site, generated data, a persistent store)
//! atomically: it is filled beside its target under a hidden name and swapped in only once
//! complete, so an interrupted run never leaves a half-written directory, and a failed one
//! leaves the old directory as it was.

use super::cleanup;
use super::target::{self, Target};
use super::temp::{self, TempPath};
use std::fs::{self, Metadata};
use std::io;
use std::path::{Path, PathBuf};

/// A staging directory for a target directory: filled through [`Staging::path`], put in
/// place by [`Staging::swap_in`], removed if dropped before.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: TempPath,
    /// The target, its symbolic links followed.
    target: PathBuf,
    /// What is at the target now, if anything.
    existing: Option<Metadata>,
}

impl Staging {
    /// A new empty staging directory beside `target` (a directory or nothing yet; symbolic
    /// links are followed), creating the parent directories it needs. Staging directories of
    /// killed runs beside it are removed first.
    pub(crate) fn beside(target: &Path) -> io::Result<Self> {
        let (target, existing) = match target::resolve(target)? {
            Target::New(path) => (path, None),
            Target::Directory(path, metadata) => (path, Some(metadata)),
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    "it is not a directory; name a directory to write",
                ));
            }
        };
        fs::create_dir_all(temp::parent(&target))?;
        temp::remove_stale(temp::parent(&target));
        let dir = temp::dir_beside(&target, ".new")?;
        if let Some(existing) = &existing {
            keep_owner_and_mode(dir.path(), existing);
        }
        Ok(Self {
            dir,
            target,
            existing,
        })
    }

    /// The staging directory, to fill.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Puts the filled staging directory at the target in one step, and removes the old one.
    pub(crate) fn swap_in(self) -> io::Result<()> {
        let Self {
            dir,
            target,
            existing,
        } = self;
        if existing.is_none() {
            return dir.rename_to(&target);
        }
        match cleanup::critical(|_| exchange(dir.path(), &target)) {
            // The staging name now holds the old directory: dropping it removes that.
            Ok(()) => {
                drop(dir);
                Ok(())
            }
            // No atomic exchange here (another OS, or a file system without it): two renames.
            Err(_) => {
                let retired = temp::name_beside(&target, ".old")?;
                cleanup::critical(|_| {
                    fs::rename(&target, retired.path())?;
                    if let Err(e) = fs::rename(dir.path(), &target) {
                        let _ = fs::rename(retired.path(), &target);
                        return Err(e);
                    }
                    Ok(())
                })?;
                drop(retired);
                dir.forget();
                Ok(())
            }
        }
    }
}

/// Gives the new directory the owner and mode of the one it replaces (best effort: a
/// directory that cannot be given them is still written, with the defaults).
fn keep_owner_and_mode(dir: &Path, existing: &Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::chown(dir, Some(existing.uid()), Some(existing.gid()));
    }
    let _ = fs::set_permissions(dir, existing.permissions());
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether `dir` is a directory with nothing in it.
pub(crate) fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Why a directory could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum StagingError<E: std::error::Error + 'static> {
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
pub(crate) fn build_dir<T, E: std::error::Error + 'static>(
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
    let staging = Staging::beside(dir).map_err(io_at(dir))?;
    let value = fill(staging.path()).map_err(StagingError::Fill)?;
    staging.swap_in().map_err(io_at(dir))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_swapped_in_whole_and_nothing_is_left_beside_it() -> io::Result<()> {
        let parent = tempfile::tempdir()?;
        let out = parent.path().join("out");
        for round in ["first", "second"] {
            build_dir(
                &out,
                "an output",
                |_| true,
                |dir| fs::write(dir.join("file"), round),
            )
            .map_err(io::Error::other)?;
            assert_eq!(fs::read_to_string(out.join("file"))?, round);
        }
        let names: Vec<_> = fs::read_dir(parent.path())?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()?;
        assert_eq!(names, ["out"]);
        Ok(())
    }

    #[test]
    fn a_failed_fill_leaves_the_old_directory_and_no_staging() -> io::Result<()> {
        let parent = tempfile::tempdir()?;
        let out = parent.path().join("out");
        fs::create_dir(&out)?;
        fs::write(out.join("file"), "old")?;
        let failed = build_dir(
            &out,
            "an output",
            |_| true,
            |dir| {
                fs::write(dir.join("file"), "half")?;
                Err::<(), _>(io::Error::other("stop"))
            },
        );
        assert!(matches!(failed, Err(StagingError::Fill(_))));
        assert_eq!(fs::read_to_string(out.join("file"))?, "old");
        assert_eq!(fs::read_dir(parent.path())?.count(), 1);
        Ok(())
    }
}
