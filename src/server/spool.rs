//! Large answers wait on disk, not in the server's memory.
//!
//! A query worker writes an answer larger than [`super::wire::INLINE_BYTES`] to a file in the
//! server's spool directory (the file is complete before the server sends a status line, so no
//! `200` is ever followed by a failure); the server opens it, unlinks it at once, and streams it
//! to the client in [`CHUNK_BYTES`] chunks as fast as the client reads. A client that does not
//! read costs the server one open file and a chunk, not the answer (issue 14: 4 clients that
//! did not read a 40 MB answer grew the server by 153 MiB). Dataset downloads are written the
//! same way.
//!
//! The directory is private (mode 700), named after the server's process id, and removed when
//! the server stops; directories left by a server that was killed are removed at the next
//! start. The bytes held in spool files at once are capped ([`Spool::budget`]); beyond it, new
//! queries get 503 until answers have been sent.

use axum::body::{Body, Bytes};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::AsyncReadExt;

/// The size of the chunks a spooled answer is sent in.
pub const CHUNK_BYTES: usize = 64 * 1024;
/// The prefix of spool directory names, followed by the server's process id.
const PREFIX: &str = "kyoto-kg-spool-";

/// The spool directory and the bytes held in it.
#[derive(Debug)]
pub struct Spool {
    dir: tempfile::TempDir,
    next: AtomicU64,
    held: Arc<AtomicU64>,
    budget: u64,
}

impl Spool {
    /// Creates a private spool directory in the system's temporary directory, after removing
    /// those of servers that are no longer running.
    pub fn create(budget: u64) -> io::Result<Self> {
        let parent = std::env::temp_dir();
        remove_stale(&parent);
        let dir = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .tempdir_in(parent)?;
        Ok(Self {
            dir,
            next: AtomicU64::new(0),
            held: Arc::new(AtomicU64::new(0)),
            budget,
        })
    }

    /// The directory.
    #[cfg(test)]
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The most bytes held at once.
    pub const fn budget(&self) -> u64 {
        self.budget
    }

    /// Whether the spool is full (new large answers must wait).
    pub fn is_full(&self) -> bool {
        self.held.load(Ordering::Relaxed) >= self.budget
    }

    /// A fresh path for one answer.
    pub fn path(&self) -> PathBuf {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        self.dir.path().join(format!("{n}.body"))
    }

    /// Opens the answer at `path`, unlinks it, and returns a body that streams it; its bytes
    /// count against the budget until the body is dropped.
    pub async fn stream(&self, path: &Path) -> io::Result<(Body, u64)> {
        let file = tokio::fs::File::open(path).await?;
        let removed = tokio::fs::remove_file(path).await;
        let length = file.metadata().await?.len();
        removed?;
        self.held.fetch_add(length, Ordering::Relaxed);
        let held = Held {
            bytes: length,
            held: Arc::clone(&self.held),
        };
        Ok((chunks(file, held), length))
    }

    /// Writes `fill`'s output to a new spool file (on a blocking thread) and streams it.
    pub async fn write_and_stream<E: From<io::Error> + Send + 'static>(
        &self,
        fill: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<(), E> + Send + 'static,
    ) -> Result<(Body, u64), E> {
        let path = self.path();
        let target = path.clone();
        let written = tokio::task::spawn_blocking(move || {
            let file = std::fs::File::options()
                .write(true)
                .create_new(true)
                .open(&target)?;
            let mut out = std::io::BufWriter::with_capacity(CHUNK_BYTES, file);
            let filled =
                fill(&mut out).and_then(|()| std::io::Write::flush(&mut out).map_err(E::from));
            if filled.is_err() {
                let _ = std::fs::remove_file(&target);
            }
            filled
        })
        .await
        .map_err(|e| E::from(io::Error::other(e)))?;
        written?;
        Ok(self.stream(&path).await?)
    }
}

/// Bytes of one answer counted against the budget while its body lives.
#[derive(Debug)]
struct Held {
    bytes: u64,
    held: Arc<AtomicU64>,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.held.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

/// Removes the spool directories of kyoto-kg servers that are no longer running.
fn remove_stale(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if !process_is_running(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process with this id exists (Linux: `/proc`; elsewhere assumed).
fn process_is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// A body that streams `file` in [`CHUNK_BYTES`] chunks, keeping `guard` until it is dropped.
fn chunks<G: Send + 'static>(file: tokio::fs::File, guard: G) -> Body {
    let chunks = futures::stream::unfold((file, guard), |(mut file, guard)| async move {
        let mut chunk = vec![0; CHUNK_BYTES];
        match file.read(&mut chunk).await {
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                Some((Ok::<_, io::Error>(Bytes::from(chunk)), (file, guard)))
            }
            Err(e) => Some((Err(e), (file, guard))),
        }
    });
    Body::from_stream(chunks)
}

/// Opens the file at `path` (which stays) and returns a body that streams it, and its length.
pub async fn stream_file(path: &Path) -> io::Result<(Body, u64)> {
    let file = tokio::fs::File::open(path).await?;
    let length = file.metadata().await?.len();
    Ok((chunks(file, ()), length))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    #[tokio::test]
    async fn a_spooled_answer_is_unlinked_streamed_whole_and_counted_until_sent()
    -> Result<(), Box<dyn std::error::Error>> {
        let spool = Spool::create(1)?;
        let content: Vec<u8> = (0..200_000_u32).map(|i| (i % 251) as u8).collect();
        let expected = content.clone();
        let (body, length) = spool
            .write_and_stream(move |out| std::io::Write::write_all(out, &content))
            .await?;
        assert_eq!(length, 200_000);
        assert!(spool.is_full(), "held while the body lives");
        assert_eq!(std::fs::read_dir(spool.dir())?.count(), 0, "unlinked");
        let mut stream = body.into_data_stream();
        let mut received = Vec::new();
        while let Some(chunk) = stream.next().await {
            received.extend_from_slice(&chunk?);
        }
        assert_eq!(received, expected);
        drop(stream);
        assert!(!spool.is_full(), "released once sent");
        Ok(())
    }

    #[test]
    fn spool_directories_of_dead_servers_are_removed_and_live_ones_kept()
    -> Result<(), Box<dyn std::error::Error>> {
        let parent = tempfile::tempdir()?;
        // Process ids above the kernel's pid_max (4194304 at most) never run.
        let dead = parent.path().join(format!("{PREFIX}4194305-abc"));
        let live = parent
            .path()
            .join(format!("{PREFIX}{}-abc", std::process::id()));
        let other = parent.path().join("unrelated");
        for dir in [&dead, &live, &other] {
            std::fs::create_dir(dir)?;
        }
        remove_stale(parent.path());
        assert!(!dead.exists());
        assert!(live.exists() && other.exists());
        Ok(())
    }
}
