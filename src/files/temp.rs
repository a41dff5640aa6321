//! Temporary files and directories beside a target: `.NAME.kyoto-kg-PID-RANDOM.tmp` (a file),
//! `.new` (a staging directory) or `.old` (a directory being retired).
//!
//! Each is registered with [`cleanup`](super::cleanup) while it exists, so that an error or
//! SIGINT/SIGTERM removes it; the process id in the name lets a later write into the same
//! directory remove what a process killed outright left behind ([`remove_stale`]).

use super::cleanup::{self, Kind};
use std::ffi::OsStr;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// The tag every temporary name carries.
const TAG: &str = ".kyoto-kg-";
/// The random part of a name: enough that concurrent writers never collide.
const RANDOM_LEN: usize = 6;
/// The longest target name kept in a temporary name, in bytes, so that the temporary name
/// stays under the usual 255-byte limit.
const MAX_NAME: usize = 200;

/// A temporary file or directory of this process, removed when dropped unless it was renamed
/// into place.
#[derive(Debug)]
pub(super) struct TempPath {
    path: PathBuf,
    kind: Kind,
    id: u64,
}

impl TempPath {
    /// The path.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Renames this file or directory to `target` (replacing a file there), as one step that
    /// SIGINT/SIGTERM wait for; it is then no longer temporary.
    pub(super) fn rename_to(self, target: &Path) -> io::Result<()> {
        cleanup::critical(|registry| {
            fs::rename(&self.path, target)?;
            registry.remove(self.id);
            Ok::<_, io::Error>(())
        })?;
        std::mem::forget(self);
        Ok(())
    }
}

impl TempPath {
    /// Forgets this path without removing it: it was renamed away by the caller.
    pub(super) fn forget(self) {
        cleanup::critical(|registry| registry.remove(self.id));
        std::mem::forget(self);
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        cleanup::remove(&self.path, self.kind);
        cleanup::critical(|registry| registry.remove(self.id));
    }
}

/// The directory `path` is in (`.` for a bare name).
pub(super) fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `.NAME.kyoto-kg-PID-`: the start of this process's temporary names for `target`.
fn prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), OsStr::to_string_lossy);
    let mut end = name.len().min(MAX_NAME);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}{TAG}{}-", &name[..end], std::process::id())
}

fn builder<'a>(prefix: &'a str, suffix: &'static str) -> tempfile::Builder<'a, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(suffix).rand_bytes(RANDOM_LEN);
    #[cfg(unix)]
    {
        // The mode `File::create` and `create_dir` give (less the umask), not tempfile's
        // private 0600/0700: outputs are meant to be read by others.
        use std::os::unix::fs::PermissionsExt;
        let mode = if suffix == ".tmp" { 0o666 } else { 0o777 };
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    builder
}

/// A new temporary file beside `target`, after removing stale ones there.
pub(super) fn file_beside(target: &Path) -> io::Result<(TempPath, File)> {
    let dir = parent(target);
    remove_stale(dir);
    let prefix = prefix(target);
    let (file, path) = builder(&prefix, ".tmp")
        .tempfile_in(dir)?
        .keep()
        .map_err(|e| e.error)?;
    Ok((register(path, Kind::File), file))
}

/// A new empty directory beside `target` ending in `suffix` (`.new` or `.old`).
pub(super) fn dir_beside(target: &Path, suffix: &'static str) -> io::Result<TempPath> {
    let prefix = prefix(target);
    let path = builder(&prefix, suffix).tempdir_in(parent(target))?.keep();
    Ok(register(path, Kind::Directory))
}

/// A name beside `target` ending in `suffix`, registered but not created (for a directory
/// renamed there).
pub(super) fn name_beside(target: &Path, suffix: &'static str) -> io::Result<TempPath> {
    // Reserve a unique name by creating the directory, then free it for the rename.
    let temp = dir_beside(target, suffix)?;
    fs::remove_dir(temp.path())?;
    Ok(temp)
}

fn register(path: PathBuf, kind: Kind) -> TempPath {
    let id = cleanup::register(&path, kind);
    TempPath { path, kind, id }
}

/// The process id in a temporary name of this module, if `name` is one.
fn writer_of(name: &str) -> Option<u32> {
    let stem = [".tmp", ".new", ".old"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))?;
    if !name.starts_with('.') {
        return None;
    }
    let (_, tail) = stem.rsplit_once(TAG)?;
    let (pid, random) = tail.split_once('-')?;
    let plain = |s: &str, len: Option<usize>| {
        !s.is_empty()
            && len.is_none_or(|n| s.len() == n)
            && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    if !plain(pid, None) || !plain(random, Some(RANDOM_LEN)) {
        return None;
    }
    pid.parse().ok()
}

/// Removes from `dir` the temporary files and directories of writers that no longer run
/// (killed with `kill -9`, or crashed). Best effort: what cannot be removed stays.
pub(crate) fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(writer_of) else {
            continue;
        };
        if pid == me || is_running(pid) {
            continue;
        }
        let kind = match entry.file_type() {
            Ok(t) if t.is_dir() => Kind::Directory,
            Ok(_) => Kind::File,
            Err(_) => continue,
        };
        cleanup::remove(&entry.path(), kind);
    }
}

/// Whether process `pid` exists on this machine.
#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    use rustix::io::Errno;
    use rustix::process::{Pid, test_kill_process};
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return false;
    };
    // EPERM: it runs, under another user.
    test_kill_process(pid) != Err(Errno::SRCH)
}

#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_temporary_names_of_this_module_give_a_writer() {
        assert_eq!(writer_of(".out.ttl.kyoto-kg-1234-aB3xY9.tmp"), Some(1234));
        assert_eq!(writer_of(".site.kyoto-kg-77-abcdef.new"), Some(77));
        assert_eq!(writer_of(".a.kyoto-kg-b.kyoto-kg-5-abcdef.old"), Some(5));
        for other in [
            "out.ttl",
            "out.kyoto-kg-1234-aB3xY9.tmp",
            ".out.ttl.kyoto-kg-1234-aB3.tmp",
            ".out.ttl.kyoto-kg-x1-aB3xY9.tmp",
            ".out.ttl.kyoto-kg-1234-aB3xY9.bak",
            ".kyoto-kg-a1b2c3.tmp",
        ] {
            assert_eq!(writer_of(other), None, "{other}");
        }
    }

    #[test]
    fn stale_temporary_files_of_dead_writers_are_removed_and_others_kept() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        // A process id above the kernel's maximum (4194304) never runs.
        let dead = dir.path().join(".out.ttl.kyoto-kg-99999999-abcdef.tmp");
        let dead_dir = dir.path().join(".site.kyoto-kg-99999999-abcdef.new");
        let mine = dir.path().join(format!(
            ".out.ttl.kyoto-kg-{}-abcdef.tmp",
            std::process::id()
        ));
        let unrelated = dir.path().join(".out.ttl.kyoto-kg-99999999-abc.tmp");
        for file in [&dead, &mine, &unrelated] {
            fs::write(file, "x")?;
        }
        fs::create_dir_all(dead_dir.join("inner"))?;
        remove_stale(dir.path());
        assert!(!dead.exists() && !dead_dir.exists());
        assert!(mine.exists() && unrelated.exists());
        Ok(())
    }

    #[test]
    fn long_target_names_are_cut_to_keep_temporary_names_legal() {
        let long = "é".repeat(200);
        let prefix = prefix(Path::new(&long));
        assert!(prefix.len() < 230, "{}", prefix.len());
    }
}
