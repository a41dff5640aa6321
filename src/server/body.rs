//! Reading a request body under a size limit, so that a client whose body is too large still
//! receives the 413.
//!
//! A server that answers before reading the whole body and then closes the connection leaves
//! unread bytes in its socket; the kernel answers them with a reset, and a client still writing
//! sees "broken pipe" or "connection reset" instead of the status line (reqwest did, in this
//! project's tests). So the rest of an oversized body is read and thrown away, up to
//! [`DRAIN_LIMIT`] bytes and [`DRAIN_TIME`]: a client that sends a few megabytes by mistake gets
//! a clear 413; one that sends far more is cut off rather than served.

use super::error::ApiError;
use axum::body::{Body, Bytes};
use futures::StreamExt;
use std::time::Duration;

/// The most bytes of an oversized body read (and discarded) before the 413 is sent.
pub const DRAIN_LIMIT: usize = 64 * 1024 * 1024;
/// The longest time spent discarding an oversized body.
pub const DRAIN_TIME: Duration = Duration::from_secs(5);

/// The body, if it has at most `limit` bytes; otherwise [`ApiError::PayloadTooLarge`], after
/// discarding the rest of the body within [`DRAIN_LIMIT`] and [`DRAIN_TIME`].
///
/// `declared` is the request's `Content-Length`: a body declared larger than [`DRAIN_LIMIT`] is
/// refused without reading any of it.
pub async fn read_limited(
    body: Body,
    declared: Option<usize>,
    limit: usize,
) -> Result<Bytes, ApiError> {
    let too_large = || ApiError::PayloadTooLarge(limit);
    if declared.is_some_and(|n| n > DRAIN_LIMIT) {
        return Err(too_large());
    }
    let mut stream = body.into_data_stream();
    let mut kept = Vec::new();
    let mut over = declared.is_some_and(|n| n > limit);
    while !over {
        let Some(chunk) = stream.next().await else {
            return Ok(Bytes::from(kept));
        };
        let chunk = chunk.map_err(|e| {
            ApiError::BadRequest(format!("the request body could not be read: {e}"))
        })?;
        if kept.len() + chunk.len() > limit {
            over = true;
        } else {
            kept.extend_from_slice(&chunk);
        }
    }
    drop(kept);
    let mut discarded = 0_usize;
    let drain = async {
        while let Some(Ok(chunk)) = stream.next().await {
            discarded += chunk.len();
            if discarded > DRAIN_LIMIT {
                break;
            }
        }
    };
    // Whether the drain ends, overflows or times out, the answer is the same 413.
    let _ = tokio::time::timeout(DRAIN_TIME, drain).await;
    Err(too_large())
}
