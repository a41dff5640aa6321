//! The temporary paths this process has created, and their removal when SIGINT or SIGTERM
//! ends it.
//!
//! The handlers are installed when the first temporary path is registered, so commands that
//! write nothing (`serve`, `query`) keep the default behaviour. A thread waits for the signal
//! (`signal-hook`), takes the registry's lock, removes every registered path, and ends the
//! process by the same signal, as if it had not been caught. A step that must not be cut in
//! two (renaming a file into place, copying a file in place, swapping directories) runs under
//! the same lock ([`critical`]), so a signal waits for it to finish: the removal never sees a
//! half-done step, and what was renamed into place is no longer registered.
//!
//! A signal that was ignored when the process started (`nohup`, the background jobs of a
//! non-interactive shell) is left ignored: catching it would end a process its parent meant to
//! keep running.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

/// What a registered path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A file.
    File,
    /// A directory, removed with everything in it.
    Directory,
}

/// The registered temporary paths, by registration number.
#[derive(Debug)]
pub(super) struct Registry {
    next: u64,
    paths: BTreeMap<u64, (PathBuf, Kind)>,
}

impl Registry {
    /// Forgets path `id` (it was removed, or renamed into place).
    pub(super) fn remove(&mut self, id: u64) {
        self.paths.remove(&id);
    }
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    next: 0,
    paths: BTreeMap::new(),
});

fn lock() -> MutexGuard<'static, Registry> {
    // A panic while the lock was held leaves the registry as consistent as before it.
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Registers `path` for removal on SIGINT/SIGTERM; returns its number.
pub(super) fn register(path: &Path, kind: Kind) -> u64 {
    install();
    let mut registry = lock();
    let id = registry.next;
    registry.next += 1;
    registry.paths.insert(id, (path.to_path_buf(), kind));
    id
}

/// Runs `step` with the registry locked: a signal arriving meanwhile is acted on after it.
pub(super) fn critical<T>(step: impl FnOnce(&mut Registry) -> T) -> T {
    step(&mut lock())
}

/// Removes `path`, best effort. A directory that another thread of this process is still
/// filling may gain entries while it is removed, so removal is tried a few times.
pub(super) fn remove(path: &Path, kind: Kind) {
    match kind {
        Kind::File => {
            let _ = fs::remove_file(path);
        }
        Kind::Directory => {
            for _ in 0..3 {
                if fs::remove_dir_all(path).is_ok() || fs::symlink_metadata(path).is_err() {
                    break;
                }
            }
        }
    }
}

fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        #[cfg(unix)]
        signals::install();
    });
}

#[cfg(unix)]
mod signals {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    pub(super) fn install() {
        let wanted: Vec<i32> = [SIGINT, SIGTERM]
            .into_iter()
            .filter(|&s| !ignored_at_start(s))
            .collect();
        if wanted.is_empty() {
            return;
        }
        // Without handlers (no thread, no self-pipe), temporary paths are still removed on
        // errors and by the next run: not a reason to refuse to write.
        let Ok(mut signals) = Signals::new(&wanted) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("kyoto-kg-cleanup".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    on_signal(signal);
                }
            });
    }

    /// Removes every registered path, then ends the process by `signal`.
    fn on_signal(signal: i32) {
        let registry = super::lock();
        for (path, kind) in registry.paths.values().rev() {
            super::remove(path, *kind);
        }
        // The lock stays held: no step starts after the removal.
        let _ = signal_hook::low_level::emulate_default_handler(signal);
        std::process::exit(128 + signal);
    }

    /// Whether `signal` was ignored when this process started (Linux: `SigIgn` of
    /// `/proc/self/status`; elsewhere unknown, taken as not ignored).
    fn ignored_at_start(signal: i32) -> bool {
        let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
            return false;
        };
        status
            .lines()
            .find_map(|l| l.strip_prefix("SigIgn:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .is_some_and(|mask| signal > 0 && mask & (1 << (signal - 1)) != 0)
    }
}
