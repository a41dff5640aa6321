//! Progress events of long library operations (building a store, exporting), so that the
//! binary can show a progress bar without the library knowing how it is drawn.
//!
//! An operation calls its observer with a [`Step`] when it starts a new phase, and with
//! [`Step::Done`] from time to time within a phase whose size it knows.

/// A phase of a long operation, or progress within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Converting the source data to RDF (before an on-disk build loads it).
    #[cfg(feature = "rocksdb")]
    Converting,
    /// Converting the source data and loading it into the store at the same time: how many
    /// quads there are is known only at the end ([`Step::Done`] counts the quads loaded).
    ConvertingAndLoading,
    /// Loading `total` quads into the store.
    Loading {
        /// Quads to load.
        total: u64,
    },
    /// Loading extra file number `index` (0-based) of `--load`.
    LoadingFile {
        /// Its position in the list of extra files.
        index: usize,
    },
    /// Compacting an on-disk store: merging the files the bulk loader wrote into one sorted run
    /// per index, so that queries search fewer files.
    #[cfg(feature = "rocksdb")]
    Compacting,
    /// Reading the quads of the selected graphs from the store.
    Reading,
    /// Sorting `total` quads into the output order.
    Sorting {
        /// Quads to sort.
        total: u64,
    },
    /// Writing `total` quads.
    Writing {
        /// Quads to write.
        total: u64,
    },
    /// `done` units of the current phase are complete (counted from the phase's start).
    Done(u64),
}

/// Receives progress events.
pub type Observer<'a> = &'a (dyn Fn(Step) + Sync);

/// An observer that ignores every event.
pub fn ignore(_: Step) {}

/// How many items an operation handles between two [`Step::Done`] events.
pub const REPORT_EVERY: usize = 1 << 16;
