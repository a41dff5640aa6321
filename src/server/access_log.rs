//! One access-log line per request, written when its response has been sent (or abandoned):
//! method, path, status, duration, bytes sent and client, at `info` level under the target
//! `kyoto_kg::access` (`RUST_LOG=kyoto_kg::access=off` silences it). The same place counts
//! responses by status for `/metrics`.

use super::connection::ClientAddr;
use super::metrics::Metrics;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

/// The longest path logged, in bytes; longer paths are cut (a request line may be 256 KiB).
const PATH_BYTES: usize = 200;

/// The middleware: passes the request on and wraps the response body to log it at its end.
pub async fn log(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let mut path = request.uri().path().to_owned();
    if path.len() > PATH_BYTES {
        path.truncate(path.floor_char_boundary(PATH_BYTES));
        path.push('…');
    }
    let client = request
        .extensions()
        .get::<ClientAddr>()
        .map_or_else(|| "-".to_owned(), |c| c.0.to_string());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    metrics
        .requests
        .get_or_create(&vec![("status", status.to_string())])
        .inc();
    response.map(|body| {
        Body::new(Logged {
            body,
            line: Some(Line {
                method: method.to_string(),
                path,
                status,
                client,
                started,
            }),
            bytes: 0,
        })
    })
}

/// What the line says besides the bytes.
struct Line {
    method: String,
    path: String,
    status: u16,
    client: String,
    started: Instant,
}

/// A response body that counts what it yields and logs the line when it ends or is dropped.
struct Logged {
    body: Body,
    line: Option<Line>,
    bytes: u64,
}

impl Logged {
    fn write_line(&mut self, complete: bool) {
        if let Some(line) = self.line.take() {
            tracing::info!(
                target: "kyoto_kg::access",
                "{} {} {} {} ms {} bytes{} client {}",
                line.method,
                line.path,
                line.status,
                line.started.elapsed().as_millis(),
                self.bytes,
                if complete { "" } else { " (incomplete)" },
                line.client
            );
        }
    }
}

impl http_body::Body for Logged {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let poll = Pin::new(&mut self.body).poll_frame(cx);
        match &poll {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    self.bytes += data.len() as u64;
                }
            }
            Poll::Ready(None) => self.write_line(true),
            Poll::Ready(Some(Err(_))) => self.write_line(false),
            Poll::Pending => {}
        }
        poll
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

impl Drop for Logged {
    fn drop(&mut self) {
        // An empty body may end without being polled to its end (HEAD, 304).
        let complete = http_body::Body::is_end_stream(&self.body);
        self.write_line(complete);
    }
}
