//! What a path to be written names, once its symbolic links are followed.

use std::fs::{self, Metadata};
use std::io;
use std::path::{Path, PathBuf};

/// The most links followed, as Linux's own limit (`ELOOP`).
const MAX_LINKS: usize = 40;

/// What a path names.
#[derive(Debug)]
pub(super) enum Target {
    /// Nothing yet: a regular file is created at this path.
    New(PathBuf),
    /// A regular file.
    Regular(PathBuf, Metadata),
    /// A directory.
    Directory(PathBuf, Metadata),
    /// A FIFO or a device: written through.
    Special(PathBuf),
    /// A socket.
    Socket,
    /// A descriptor of this process (`/dev/stdout`, `/dev/fd/N`, ...).
    Descriptor(u32),
}

/// Follows `path` through symbolic links (relative ones from the link's directory) to what it
/// finally names.
pub(super) fn resolve(path: &Path) -> io::Result<Target> {
    let mut current = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        if let Some(fd) = descriptor(&current) {
            return Ok(Target::Descriptor(fd));
        }
        let metadata = match fs::symlink_metadata(&current) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::New(current)),
            Err(e) => return Err(e),
        };
        let kind = metadata.file_type();
        if kind.is_symlink() {
            let link = fs::read_link(&current)?;
            current = match current.parent() {
                Some(dir) => dir.join(link),
                None => link,
            };
            continue;
        }
        return Ok(if kind.is_file() {
            Target::Regular(current, metadata)
        } else if kind.is_dir() {
            Target::Directory(current, metadata)
        } else if is_socket(&metadata) {
            Target::Socket
        } else {
            Target::Special(current)
        });
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("more than {MAX_LINKS} symbolic links to follow (a loop?)"),
    ))
}

#[cfg(unix)]
fn is_socket(metadata: &Metadata) -> bool {
    std::os::unix::fs::FileTypeExt::is_socket(&metadata.file_type())
}

#[cfg(not(unix))]
fn is_socket(_metadata: &Metadata) -> bool {
    false
}

/// The descriptor a path names: `/dev/stdin`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
/// `/proc/self/fd/N`, `/proc/thread-self/fd/N` or `/proc/PID/fd/N` of this process.
fn descriptor(path: &Path) -> Option<u32> {
    if !cfg!(unix) {
        return None;
    }
    let path = path.to_str()?;
    match path {
        "/dev/stdin" => return Some(0),
        "/dev/stdout" => return Some(1),
        "/dev/stderr" => return Some(2),
        _ => {}
    }
    let own = format!("/proc/{}/fd/", std::process::id());
    let number = ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", &own]
        .iter()
        .find_map(|prefix| path.strip_prefix(prefix))?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptor_paths_are_recognised_by_name() {
        for (path, fd) in [
            ("/dev/stdout", Some(1)),
            ("/dev/stderr", Some(2)),
            ("/dev/fd/7", Some(7)),
            ("/proc/self/fd/3", Some(3)),
            ("/proc/thread-self/fd/12", Some(12)),
            ("/dev/fd/", None),
            ("/dev/fd/x", None),
            ("/dev/null", None),
            ("dev/stdout", None),
        ] {
            assert_eq!(descriptor(Path::new(path)), fd, "{path}");
        }
        let own = format!("/proc/{}/fd/4", std::process::id());
        assert_eq!(descriptor(Path::new(&own)), Some(4));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_the_file_they_finally_name() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("file");
        fs::write(&file, "x")?;
        std::os::unix::fs::symlink("file", dir.path().join("one"))?;
        std::os::unix::fs::symlink(dir.path().join("one"), dir.path().join("two"))?;
        std::os::unix::fs::symlink("missing", dir.path().join("dangling"))?;
        std::os::unix::fs::symlink("loop", dir.path().join("loop"))?;
        let found = resolve(&dir.path().join("two"))?;
        assert!(
            matches!(&found, Target::Regular(p, _) if *p == file),
            "{found:?}"
        );
        let found = resolve(&dir.path().join("dangling"))?;
        assert!(
            matches!(&found, Target::New(p) if *p == dir.path().join("missing")),
            "{found:?}"
        );
        assert!(resolve(&dir.path().join("loop")).is_err());
        Ok(())
    }
}
