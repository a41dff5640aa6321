//! Stores on disk (cargo feature `rocksdb`): built beside the target and swapped in, compacted
//! when the loader wrote many runs, opened for reading.

use super::StoreError;
use super::counts::Counts;
use super::load::LoadSpec;
#[cfg(feature = "rocksdb")]
use super::load::load_extra;
use super::memory::MAX_BATCH;
#[cfg(feature = "rocksdb")]
use super::memory::{bulk_load, converted_quads};
#[cfg(feature = "rocksdb")]
use super::persist;
use crate::model::Dataset;
#[cfg(feature = "rocksdb")]
use crate::observe::Step;
use crate::observe::{self, Observer};
use crate::threads::cores;
use oxigraph::store::Store;
use std::path::Path;

/// What a build does with an on-disk store once everything is loaded.
///
/// Oxigraph's bulk loader writes one set of sorted files per batch, and a build loads one batch
/// per core (of at most `MAX_BATCH` quads), so that every core sorts. The batches' files
/// overlap, and every lookup then has to search each of them; compacting (Oxigraph's
/// `optimize`) merges them into one sorted run per index. With one batch per core there are as
/// many runs as cores, which `oxigraph load` leaves as they are too (it suggests `oxigraph
/// optimize` for read-heavy use); beyond that the runs multiply with the size of the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// Compact when the loader wrote more than one batch per core (what `build --store` does
    /// unless told otherwise).
    Auto,
    /// Always compact: queries over fewer runs, for a store built once and queried often.
    Compact,
    /// Leave the files as loaded: the fastest rebuild.
    AsLoaded,
}

impl Finish {
    /// Whether a store of `quads` quads built on this machine is compacted.
    pub fn compacts(self, quads: usize) -> bool {
        match self {
            Self::Compact => true,
            Self::AsLoaded => false,
            Self::Auto => quads > MAX_BATCH.saturating_mul(cores()),
        }
    }
}

/// Builds an on-disk store at `dir` (compacted as [`Finish::Auto`] says), replacing any store there only once the new one
/// is complete.
pub fn build_on_disk(dir: &Path, dataset: &Dataset, extra: &[LoadSpec]) -> Result<(), StoreError> {
    build_on_disk_checked(dir, dataset, extra, Finish::Auto, &observe::ignore, |_| {
        Ok(())
    })
    .map(|_| ())
}

/// [`build_on_disk`], reporting progress to `observer` and running `check` on the complete new
/// store before it replaces the old one: if `check` fails, the new store is deleted and the old
/// one stays in place. The source data and the `extra` files are read once. A store that passes
/// `check` is then compacted or not, as `finish` says.
///
/// Returns what the new store holds, counted from the quads loaded into it, when there are no
/// `extra` files (whose quads only the store knows): reading a RocksDB store back to count it
/// took a sixth of such a build.
///
/// Fails at once with [`StoreError::Busy`] if another process is building the same store; see
/// [`super::persist`] for how the new store replaces the old one.
#[cfg(feature = "rocksdb")]
pub(crate) fn build_on_disk_checked<E: From<StoreError>>(
    dir: &Path,
    dataset: &Dataset,
    extra: &[LoadSpec],
    finish: Finish,
    observer: Observer<'_>,
    check: impl FnOnce(&Store) -> Result<(), E>,
) -> Result<Option<Counts>, E> {
    let lock = persist::lock_for_build(dir)?;
    let io = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let built = (|| {
        // Dropped on any error before the swap, the staging directory is removed.
        let staging = crate::files::Staging::beside(dir).map_err(io)?;
        let store = Store::open(staging.path()).map_err(|source| StoreError::Open {
            path: staging.path().to_path_buf(),
            source,
        })?;
        observer(Step::Converting);
        let quads = converted_quads(dataset)?;
        let counts = extra.is_empty().then(|| Counts::of_quads(&quads));
        let loaded = bulk_load(&store, quads, observer)?;
        load_extra(&store, extra, observer)?;
        store.flush().map_err(StoreError::from)?;
        check(&store)?;
        if finish.compacts(usize::try_from(loaded).unwrap_or(usize::MAX)) {
            observer(Step::Compacting);
            store.optimize().map_err(StoreError::from)?;
        }
        drop(store);
        staging.swap_in().map_err(io)?;
        Ok(counts)
    })();
    built.inspect_err(|_| lock.abandon())
}

/// Without the `rocksdb` feature there is no on-disk store.
#[cfg(not(feature = "rocksdb"))]
pub(crate) fn build_on_disk_checked<E: From<StoreError>>(
    _dir: &Path,
    _dataset: &Dataset,
    _extra: &[LoadSpec],
    _finish: Finish,
    _observer: Observer<'_>,
    _check: impl FnOnce(&Store) -> Result<(), E>,
) -> Result<Option<Counts>, E> {
    Err(StoreError::NoPersistence.into())
}

/// A file RocksDB keeps in every database directory.
pub const STORE_MARKER: &str = "CURRENT";

/// Whether `dir` holds an on-disk store, whether or not this kyoto-kg can open one.
pub fn is_on_disk_store(dir: &Path) -> bool {
    dir.join(STORE_MARKER).is_file()
}

/// Opens the on-disk store at `dir` read-only (several readers may share it, also while a
/// rebuild of it is running: they read the previous store).
#[cfg(feature = "rocksdb")]
pub fn open_on_disk(dir: &Path) -> Result<Store, StoreError> {
    persist::check_openable(dir)?;
    Store::open_read_only(dir).map_err(|source| StoreError::Open {
        path: dir.to_path_buf(),
        source,
    })
}

/// Without the `rocksdb` feature there is no on-disk store.
#[cfg(not(feature = "rocksdb"))]
pub fn open_on_disk(_dir: &Path) -> Result<Store, StoreError> {
    Err(StoreError::NoPersistence)
}
