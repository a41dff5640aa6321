//! The server's accept loop: how many connections it holds, and how long it waits for them.
//!
//! `axum::serve` keeps every connection for as long as the client likes: connections that send
//! nothing, or half a request head, stayed open for good, and 300 of them made a server with
//! 256 file descriptors unreachable (issue 14). This loop serves the same axum router through
//! hyper's HTTP/1.1 connection builder, with:
//! - **a read timeout** ([`ConnectionLimits::read_timeout`]): a connection that has not sent a
//!   complete request head within it is closed, whether it sent part of one or nothing; a
//!   keep-alive connection waiting for its next request is closed after the same time (hyper
//!   starts the timer when it starts reading a head). Request bodies have the same deadline
//!   (see `routes`);
//! - **a write timeout** ([`Timed`]): a response write that makes no progress for
//!   [`ConnectionLimits::write_timeout`] (a client that does not read) ends the connection;
//! - **a connection cap** ([`ConnectionLimits::max_connections`]), derived from the file
//!   descriptor limit, whose soft value is raised to the hard one at start ([`fd_budget`]):
//!   beyond the cap a connection gets a short `503` with `Retry-After` and is closed;
//! - **a head size cap** ([`MAX_HEAD_BYTES`]) and hyper's limit of 100 header fields: larger
//!   heads get `431`/`400` from hyper;
//! - the client's address in each request's extensions ([`ClientAddr`]), for the access log.
//!
//! On shutdown the listener closes at once and in-flight requests may finish within
//! [`ConnectionLimits::drain`].

use super::metrics::Metrics;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Sleep;
use tower::ServiceExt;

/// The largest request head (request line and header fields) read, in bytes. A SPARQL query
/// sent by GET must fit in it; larger queries are sent by POST (up to the body limit).
pub const MAX_HEAD_BYTES: usize = 256 * 1024;
/// File descriptors kept back from the connection budget for the store, the workers' pipes,
/// spool files and logs.
pub const RESERVED_FDS: u64 = 64;
/// File descriptors a worker process costs the server (stdin, stdout, stderr pipes, and a
/// spool file being streamed).
pub const FDS_PER_WORKER: u64 = 4;
/// Connections being refused at once; beyond this, excess connections are closed without a
/// word.
const MAX_REFUSING: usize = 64;

/// How connections are bounded.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// The most open connections.
    pub max_connections: usize,
    /// The time a client has to send a complete request head (and body), and the longest a
    /// keep-alive connection may stay idle.
    pub read_timeout: Duration,
    /// The longest a response write may make no progress.
    pub write_timeout: Duration,
    /// How long in-flight requests may take to finish after a shutdown signal.
    pub drain: Duration,
}

/// The address a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub SocketAddr);

/// Raises the soft limit of open files to the hard limit and returns it (Unix; elsewhere a
/// conservative guess).
pub fn fd_budget() -> u64 {
    #[cfg(unix)]
    {
        rlimit::increase_nofile_limit(u64::MAX).unwrap_or(256)
    }
    #[cfg(not(unix))]
    {
        512
    }
}

/// The connection and worker caps that fit in `fds` file descriptors: `(connections,
/// workers)`, each at most what was asked. Each connection may hold its socket and a spool
/// file.
pub const fn fit_to_fds(fds: u64, connections: usize, workers: usize) -> (usize, usize) {
    let spare = fds.saturating_sub(RESERVED_FDS);
    // Workers get at most half of what is spare, connections the rest.
    let worker_cap = (spare / 2 / FDS_PER_WORKER) as usize;
    let workers = if workers < worker_cap {
        workers
    } else {
        worker_cap
    };
    let left = spare.saturating_sub(workers as u64 * FDS_PER_WORKER);
    let connection_cap = (left / 2) as usize;
    let connections = if connections < connection_cap {
        connections
    } else {
        connection_cap
    };
    (connections, workers)
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.read_timeout)
        .keep_alive(true)
        .max_buf_size(MAX_HEAD_BYTES);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors (or a connection reset while queued): the
                    // connection stays in the backlog; try again shortly instead of spinning.
                    tracing::warn!(target: "kyoto_kg::server", "cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            metrics.connections_refused.inc();
            if let Ok(refusal) = Arc::clone(&refusing).try_acquire_owned() {
                tokio::spawn(async move {
                    refuse(stream).await;
                    drop(refusal);
                });
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(Timed::new(stream, limits.write_timeout));
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<_>| {
            request.extensions_mut().insert(ClientAddr(peer));
            app.clone().oneshot(request.map(axum::body::Body::new))
        });
        let connection = graceful.watch(builder.serve_connection(io, service));
        let metrics = Arc::clone(&metrics);
        metrics.connections.inc();
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                let timed_out = e.is_timeout()
                    || std::error::Error::source(&e)
                        .and_then(|s| s.downcast_ref::<io::Error>())
                        .is_some_and(|e| e.kind() == io::ErrorKind::TimedOut);
                if timed_out {
                    metrics.connections_timed_out.inc();
                }
                tracing::debug!(target: "kyoto_kg::server", %peer, "connection closed: {e}");
            }
            metrics.connections.dec();
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(target: "kyoto_kg::server", "in-flight requests did not finish within {} s of the shutdown signal; stopping anyway", limits.drain.as_secs());
    }
    Ok(())
}

/// Answers a connection beyond the cap with a short 503 and closes it. The request is read
/// (briefly) first, so that closing does not reset the connection before the client has read
/// the answer.
async fn refuse(mut stream: TcpStream) {
    const BODY: &str =
        "503 Service Unavailable: the server has too many open connections; retry shortly\n";
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\nretry-after: {}\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{BODY}",
        super::error::RETRY_AFTER_SECONDS,
        BODY.len()
    );
    let exchange = async {
        let mut head = [0_u8; 4096];
        let _ = tokio::time::timeout(Duration::from_millis(200), stream.readable()).await;
        let _ = stream.try_read(&mut head);
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), exchange).await;
}

/// A stream whose writes fail with [`io::ErrorKind::TimedOut`] when they make no progress for
/// a while (a client that stopped reading), instead of waiting forever.
#[derive(Debug)]
pub struct Timed<S> {
    inner: S,
    timeout: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> Timed<S> {
    /// Wraps `inner` with a write timeout.
    pub const fn new(inner: S, timeout: Duration) -> Self {
        Self {
            inner,
            timeout,
            stalled: None,
        }
    }

    /// Records the outcome of a write-side poll: progress resets the clock; a pending poll
    /// starts it, and fails once it has run out.
    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let timeout = self.timeout;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        if stalled.as_mut().poll(cx).is_ready() {
            self.stalled = None;
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client did not read the response within the write timeout",
            )));
        }
        Poll::Pending
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Timed<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Timed<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.watch(cx, poll)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_shrink_to_the_file_descriptors_and_keep_what_fits() {
        // Plenty: what was asked.
        assert_eq!(fit_to_fds(1 << 20, 1024, 64), (1024, 64));
        // 256 descriptors, as in issue 14: 192 spare, workers at most 24, connections 48.
        let (connections, workers) = fit_to_fds(256, 1024, 64);
        assert_eq!((connections, workers), (48, 24));
        assert!(connections as u64 * 2 + workers as u64 * FDS_PER_WORKER + RESERVED_FDS <= 256);
        assert_eq!(fit_to_fds(10, 1024, 64), (0, 0));
    }

    #[tokio::test]
    async fn a_write_that_makes_no_progress_times_out() {
        let (client, server) = tokio::io::duplex(16);
        let mut timed = Timed::new(server, Duration::from_millis(50));
        // The peer never reads: the 16-byte pipe fills, then the write stalls.
        let outcome = timed.write_all(&[0; 1024]).await;
        assert_eq!(outcome.map_err(|e| e.kind()), Err(io::ErrorKind::TimedOut));
        drop(client);
    }
}
