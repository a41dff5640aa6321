//! Writing to a descriptor of this process that a path names (`/dev/stdout`, `/dev/fd/N`), so
//! that the shell's redirection of it holds: the same open file, its offset and its `O_APPEND`.
//!
//! Standard input, output and error are duplicated from the standard library's handles. Any
//! other descriptor is duplicated with `pidfd_getfd` on this process (Linux 5.6), the one way
//! to take a descriptor by number without unsafe code; and only if this process inherited it
//! (it has no close-on-exec flag): every file kyoto-kg opens itself is close-on-exec, so a
//! mistyped number never writes into a store's own files. Where `pidfd_getfd` is refused (an
//! older kernel, a seccomp filter), the descriptor is reopened through `/proc/self/fd/N` with
//! its `O_APPEND` flag: the same file, appended to as `>>` asked.

use std::fs::File;
use std::io;

/// A handle to write to descriptor `fd` of this process.
#[cfg(unix)]
pub(super) fn open(fd: u32) -> io::Result<File> {
    use std::os::fd::AsFd;
    let owned = match fd {
        0 => io::stdin().as_fd().try_clone_to_owned()?,
        1 => io::stdout().as_fd().try_clone_to_owned()?,
        2 => io::stderr().as_fd().try_clone_to_owned()?,
        n => return inherited(n),
    };
    Ok(File::from(owned))
}

/// The `flags:` line of `/proc/self/fdinfo/N` holds the open flags in octal.
#[cfg(target_os = "linux")]
const O_CLOEXEC: u32 = 0o2_000_000;
#[cfg(target_os = "linux")]
const O_APPEND: u32 = 0o2_000;

#[cfg(target_os = "linux")]
fn inherited(fd: u32) -> io::Result<File> {
    use rustix::process::{PidfdFlags, PidfdGetfdFlags, getpid, pidfd_getfd, pidfd_open};
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("descriptor {fd} is not open; redirect it in the shell, e.g. {fd}>FILE"),
            )
        } else {
            e
        }
    })?;
    let flags = info
        .lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        .unwrap_or(O_CLOEXEC);
    if flags & O_CLOEXEC != 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "descriptor {fd} is one kyoto-kg opened itself, not one it was given; redirect it in the shell, e.g. {fd}>FILE"
            ),
        ));
    }
    let duplicated = pidfd_open(getpid(), PidfdFlags::empty())
        .and_then(|me| pidfd_getfd(&me, fd as i32, PidfdGetfdFlags::empty()));
    match duplicated {
        Ok(owned) => Ok(File::from(owned)),
        Err(_) => std::fs::OpenOptions::new()
            .write(true)
            .append(flags & O_APPEND != 0)
            .open(format!("/proc/self/fd/{fd}")),
    }
}

#[cfg(not(unix))]
pub(super) fn open(_fd: u32) -> io::Result<File> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(all(unix, not(target_os = "linux")))]
fn inherited(fd: u32) -> io::Result<File> {
    std::fs::OpenOptions::new()
        .write(true)
        .append(true)
        .open(format!("/dev/fd/{fd}"))
}
