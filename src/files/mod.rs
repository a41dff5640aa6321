//! Writing files and directories safely: the one mechanism behind every file kyoto-kg writes
//! (`export -o`, `validate --report`, `import`, `sdg import` and `sdg fetch`, `release`,
//! `site`, `generate`, and the rebuild of a persistent store).
//!
//! ## One file: [`write`]
//! What the path names decides how it is written (issue 14):
//! - **nothing, or a regular file**: the content goes to a temporary file beside it,
//!   `.NAME.kyoto-kg-PID-RANDOM.tmp`, which is synced and renamed over the target only once
//!   complete. A command that fails, at any point, leaves the target as it was. A replaced file
//!   keeps its permission bits, and its owner and group (kyoto-kg running as root writes a
//!   user's file and it stays theirs). A new file gets the mode `File::create` gives (0666 less
//!   the umask). A file the user may not write (mode 444, say) is refused, as the shell's `>`
//!   refuses it, rather than replaced behind their back.
//! - **a regular file with other hard links**, or one whose owner cannot be given to a new file
//!   (another user's file kyoto-kg may write but not own): the content is still completed in a
//!   temporary file first, then copied into the file in place, so every link keeps naming the
//!   same file (what Vim's `backupcopy=auto` does). Space for the new content is reserved
//!   before the first byte changes (`fallocate`), so a full disk fails the command without
//!   touching the file, and SIGINT/SIGTERM wait for the copy to finish. Only `kill -9`, a crash
//!   or a power cut during the copy itself can leave such a file partly rewritten: keeping
//!   hard links cannot be had atomically.
//! - **a symbolic link**: followed, through chains of links and relative links, and its target
//!   written as above; the link stays a link. A dangling link creates its target.
//! - **a FIFO, a character or block device**: opened and written through, never replaced (the
//!   reader of a FIFO gets the bytes; `/dev/null` stays a device).
//! - **`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`**: written to that
//!   descriptor of this process itself, so the shell's redirection is honoured as it stands
//!   (`>>` appends, `>` writes at the descriptor's offset). Only descriptors kyoto-kg inherited
//!   are used this way; one it opened itself (a store's file) is refused.
//! - **a directory or a socket**: refused with a message saying so.
//!
//! ## A directory: [`build_dir`]
//! A release, a site, generated data and a persistent store are filled in a staging directory
//! beside their target, `.NAME.kyoto-kg-PID-RANDOM.new`, and swapped in whole once complete
//! (Linux `renameat2(RENAME_EXCHANGE)`, else two renames), keeping the old directory's mode.
//!
//! ## Clean-up
//! Temporary files and staging directories are removed when a command fails, and when it is
//! interrupted by SIGINT or SIGTERM: the first temporary path created installs handlers that
//! remove every registered path, then end the process by the same signal (exit status 130 or
//! 143 in a shell). A signal the process was started with ignored (`nohup`, background jobs of
//! a script) stays ignored. What `kill -9` or a crash leaves behind is removed by the next
//! write into the same directory: the temporary name carries the writer's process id, and
//! names whose process no longer runs are deleted. Process ids are this machine's: do not let
//! two machines or containers write into one shared directory at the same time.

mod cleanup;
mod descriptor;
mod staging;
mod target;
mod temp;

#[cfg(feature = "rocksdb")]
pub(crate) use staging::{Staging, is_empty_dir};
pub(crate) use staging::{StagingError, build_dir};

/// A private scratch directory in the system's temporary directory, removed with everything
/// in it when dropped, and on SIGINT/SIGTERM like every temporary path.
#[derive(Debug)]
pub(crate) struct ScratchDir(temp::TempPath);

impl ScratchDir {
    /// A new empty scratch directory; `what` names it (`import-check`).
    pub(crate) fn new(what: &str) -> io::Result<Self> {
        let dir = std::env::temp_dir();
        temp::remove_stale(&dir);
        temp::dir_beside(&dir.join(what), ".new").map(Self)
    }

    /// Its path.
    pub(crate) fn path(&self) -> &Path {
        self.0.path()
    }
}

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;
use target::Target;

/// Writes `path` with what `fill` writes, in the safest way the kind of file at `path` allows
/// (see the [module documentation](self)): a regular file is replaced atomically and only if
/// `fill` succeeds; a FIFO, a device or a descriptor is written through.
///
/// Returns what `fill` returns. Errors of the mechanism itself are [`io::Error`]s whose
/// message says what is wrong with the target; the caller names the path.
pub fn write<T, E>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<io::Error>,
{
    match target::resolve(path)? {
        Target::Descriptor(fd) => through(descriptor::open(fd)?, fill),
        Target::Special(path) => through(OpenOptions::new().write(true).open(path)?, fill),
        Target::New(path) => replace(&path, None, fill),
        Target::Regular(path, metadata) => replace(&path, Some(&metadata), fill),
        Target::Directory(..) => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a directory; name a file to write",
        )
        .into()),
        Target::Socket => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a socket, which cannot be written as a file",
        )
        .into()),
    }
}

/// Writes to an open FIFO, device or descriptor as `fill` goes.
fn through<T, E: From<io::Error>>(
    file: File,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E> {
    let mut out = BufWriter::new(file);
    let value = fill(&mut out)?;
    out.flush()?;
    Ok(value)
}

/// Writes the regular file `path` (`existing` is what is there now, if anything) through a
/// complete temporary file beside it.
fn replace<T, E: From<io::Error>>(
    path: &Path,
    existing: Option<&std::fs::Metadata>,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E> {
    if existing.is_some() {
        check_writable(path)?;
    }
    let (temp, file) = temp::file_beside(path)?;
    let keeps_owner = match existing {
        Some(metadata) => take_over(&file, metadata)?,
        None => true,
    };
    let mut out = BufWriter::new(file);
    let value = fill(&mut out)?;
    let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    let in_place = existing.is_some_and(|m| links(m) > 1) || !keeps_owner;
    if in_place {
        copy_in_place(&mut file, path)?;
        drop(temp);
    } else {
        temp.rename_to(path)?;
        sync_parent(path);
    }
    Ok(value)
}

/// Gives the new file `file` the permission bits, owner and group of the file it replaces;
/// `false` if the owner or group cannot be given (the file must then be rewritten in place).
#[cfg(unix)]
fn take_over(file: &File, existing: &std::fs::Metadata) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    let mut owned = true;
    if (new.uid(), new.gid()) != (existing.uid(), existing.gid()) {
        // Changing the owner clears set-id bits, so the owner first, then the mode.
        match std::os::unix::fs::fchown(file, Some(existing.uid()), Some(existing.gid())) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => owned = false,
            Err(e) => return Err(e),
        }
    }
    file.set_permissions(existing.permissions())?;
    Ok(owned)
}

#[cfg(not(unix))]
fn take_over(file: &File, existing: &std::fs::Metadata) -> io::Result<bool> {
    file.set_permissions(existing.permissions())?;
    Ok(true)
}

#[cfg(unix)]
fn links(metadata: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(metadata)
}

#[cfg(not(unix))]
fn links(_metadata: &std::fs::Metadata) -> u64 {
    1
}

/// Refuses a file this user may not write, as the shell's `>` would.
#[cfg(unix)]
fn check_writable(path: &Path) -> io::Result<()> {
    use rustix::fs::{Access, access};
    access(path, Access::WRITE_OK).map_err(|e| {
        let e = io::Error::from(e);
        if e.kind() == io::ErrorKind::PermissionDenied {
            io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only for this user; make it writable (chmod u+w) or remove it first",
            )
        } else {
            e
        }
    })
}

#[cfg(not(unix))]
fn check_writable(path: &Path) -> io::Result<()> {
    if std::fs::metadata(path)?.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only; make it writable or remove it first",
        ));
    }
    Ok(())
}

/// Copies the complete content of `temp` into the existing file `path`, keeping its identity
/// (hard links, owner). Space is reserved first, and signals wait for the copy.
fn copy_in_place(temp: &mut File, path: &Path) -> io::Result<()> {
    let len = temp.metadata()?.len();
    let mut out = OpenOptions::new().write(true).open(path)?;
    reserve(&out, len)?;
    temp.seek(SeekFrom::Start(0))?;
    cleanup::critical(|_| {
        io::copy(temp, &mut out)?;
        out.set_len(len)?;
        out.sync_all()
    })
}

/// Reserves `len` bytes for `file` without changing its size or content, so that rewriting it
/// cannot run out of space midway. File systems without `fallocate` are written all the same.
#[cfg(target_os = "linux")]
fn reserve(file: &File, len: u64) -> io::Result<()> {
    use rustix::fs::{FallocateFlags, fallocate};
    use rustix::io::Errno;
    match fallocate(file, FallocateFlags::KEEP_SIZE, 0, len) {
        Ok(()) => Ok(()),
        Err(e) if e == Errno::NOSPC || e == Errno::FBIG || e == Errno::DQUOT => Err(e.into()),
        Err(_) => Ok(()),
    }
}

#[cfg(not(target_os = "linux"))]
fn reserve(_file: &File, _len: u64) -> io::Result<()> {
    Ok(())
}

/// Makes a rename in the directory of `path` durable; a failure here loses nothing written.
fn sync_parent(path: &Path) {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}
