//! The directory of a persistent store, and how a rebuild replaces it safely.
//!
//! A build never writes into the store directory that readers use. It:
//! 1. takes an exclusive lock on the store directory (`flock`, creating the directory empty on
//!    a first build), so that a second build of the same store fails at once with
//!    [`StoreError::Busy`] instead of racing the first;
//! 2. writes the new store into a staging directory beside it ([`crate::files::Staging`]:
//!    `.NAME.kyoto-kg-PID-RANDOM.new`, removed if the build fails or is interrupted by SIGINT
//!    or SIGTERM), after removing the staging directories of earlier builds that were killed;
//! 3. swaps the staging directory with the store directory in one atomic step (Linux
//!    `renameat2(RENAME_EXCHANGE)`, else two renames), then deletes the old store.
//!
//! So at every moment the store path holds a complete store (or, before the first build
//! completes, an empty directory, which [`check_openable`] reports clearly), and a reader
//! opening it read-only never sees a half-written store. A reader that opened the old store
//! keeps the files it holds open; restart long-running readers (`serve --store`) after a
//! rebuild to see the new data.
//!
//! A build refuses to replace a directory that is neither empty nor a store, so a mistyped
//! `--store data` cannot delete the source data.

use super::StoreError;
use super::disk::STORE_MARKER;
use crate::files::is_empty_dir;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// An exclusive build lock on a store directory, released when dropped.
#[derive(Debug)]
pub(crate) struct BuildLock {
    _file: File,
    /// The store directory, if this build created it (empty) to lock it.
    created: Option<PathBuf>,
}

impl BuildLock {
    /// Removes the directory this build created, if the build failed before filling it.
    pub(crate) fn abandon(self) {
        if let Some(dir) = &self.created {
            let _ = fs::remove_dir(dir);
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> StoreError + use<> {
    let path = path.to_path_buf();
    move |source| StoreError::Io { path, source }
}

/// Locks `dir` for a build, creating it if needed; fails if another build holds the lock, or
/// if `dir` is something other than a store.
pub(crate) fn lock_for_build(dir: &Path) -> Result<BuildLock, StoreError> {
    let created = match fs::create_dir(dir) {
        Ok(()) => Some(dir.to_path_buf()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => None,
        Err(e) => return Err(io_error(dir)(e)),
    };
    if created.is_none() && !(is_empty_dir(dir) || is_store(dir)) {
        return Err(StoreError::NotAStore(dir.to_path_buf()));
    }
    let file = File::open(dir).map_err(io_error(dir))?;
    match file.try_lock() {
        Ok(()) => Ok(BuildLock {
            _file: file,
            created,
        }),
        Err(fs::TryLockError::WouldBlock) => Err(StoreError::Busy(dir.to_path_buf())),
        Err(fs::TryLockError::Error(e)) => Err(io_error(dir)(e)),
    }
}

/// Whether a reader can open `dir`: it must exist and hold a store.
pub(crate) fn check_openable(dir: &Path) -> Result<(), StoreError> {
    if !dir.exists() {
        return Err(StoreError::MissingStore(dir.to_path_buf()));
    }
    if is_empty_dir(dir) {
        return Err(StoreError::EmptyStore(dir.to_path_buf()));
    }
    if !is_store(dir) {
        return Err(StoreError::NotAStore(dir.to_path_buf()));
    }
    Ok(())
}

fn is_store(dir: &Path) -> bool {
    dir.join(STORE_MARKER).is_file()
}
