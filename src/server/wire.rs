//! The messages between the server and its query workers, and how they are framed on the pipes.
//!
//! Every message is one frame: a 4-byte big-endian length, then that many bytes. A job is one
//! JSON frame; the answer is one JSON frame ([`Reply`]). When the query succeeded, the body
//! follows in one more frame if it is small ([`INLINE_BYTES`] at most); a larger body is written
//! by the worker to the spool file the job names, so that the server streams it from disk to
//! the client instead of holding it in memory. Either way the body is complete before the
//! server sends a status line. A worker announces it is ready (store loaded) with a first
//! [`Reply::Ready`] frame.

use super::negotiate::Output;
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The largest frame either side accepts.
pub const MAX_FRAME_BYTES: usize = 512 * 1024 * 1024;
/// The largest response body (inline or spooled).
pub const MAX_BODY_BYTES: u64 = 512 * 1024 * 1024;
/// The largest body sent inline through the pipe; larger bodies go to the spool file.
pub const INLINE_BYTES: usize = 256 * 1024;

/// A query for a worker to evaluate and serialize.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// The SPARQL query text.
    pub query: String,
    /// The base IRI relative IRIs in the query resolve against.
    pub base_iri: String,
    /// `default-graph-uri` values of the request: when this or `named_graphs` is non-empty,
    /// they replace the query's dataset (SPARQL 1.1 Protocol §2.1.4).
    pub default_graphs: Vec<String>,
    /// `named-graph-uri` values of the request.
    pub named_graphs: Vec<String>,
    /// How to serialize the results.
    pub output: Output,
    /// At most this many solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) are written.
    pub max_results: usize,
    /// The worker cancels the evaluation cooperatively after this many milliseconds.
    pub timeout_ms: u64,
    /// Where to write a body larger than [`INLINE_BYTES`] (a new file); without it, larger
    /// bodies are sent inline too.
    pub spool: Option<std::path::PathBuf>,
}

/// A worker's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has loaded its store and waits for jobs.
    Ready,
    /// The query succeeded; the body follows in the next frame, or is in the spool file.
    Done {
        /// Solutions or triples written.
        results: usize,
        /// Whether results were left out because of `max_results`.
        truncated: bool,
        /// Whether the body is in the job's spool file rather than in the next frame.
        spooled: bool,
    },
    /// The query failed before any result was sent.
    Failed {
        /// What kind of failure.
        kind: Failure,
        /// The message for the client.
        message: String,
    },
}

/// Why a worker could not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    /// The query (or a graph IRI of the request) is invalid.
    BadRequest,
    /// The query asks for something the endpoint refuses: an update, or `SERVICE`.
    Refused,
    /// Evaluation failed.
    Evaluation,
    /// The cooperative cancellation fired: the query ran out of time.
    Timeout,
    /// The requested output does not fit the kind of query.
    NotAcceptable,
}

/// Writes one frame.
pub fn write_frame(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    let len = u32::try_from(bytes.len())
        .ok()
        .filter(|n| *n as usize <= MAX_FRAME_BYTES)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "frame too large"))?;
    out.write_all(&len.to_be_bytes())?;
    out.write_all(bytes)
}

/// Reads one frame; `None` at a clean end of input.
pub fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = checked_len(len)?;
    let mut bytes = vec![0; len];
    input.read_exact(&mut bytes)?;
    Ok(Some(bytes))
}

/// Writes one frame (async side).
pub async fn write_frame_async(
    out: &mut (impl AsyncWrite + Unpin),
    bytes: &[u8],
) -> io::Result<()> {
    let len = u32::try_from(bytes.len())
        .ok()
        .filter(|n| *n as usize <= MAX_FRAME_BYTES)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "frame too large"))?;
    out.write_all(&len.to_be_bytes()).await?;
    out.write_all(bytes).await?;
    out.flush().await
}

/// Reads one frame (async side); an end of input is an error (the worker died).
pub async fn read_frame_async(input: &mut (impl AsyncRead + Unpin)) -> io::Result<Vec<u8>> {
    let mut len = [0; 4];
    input.read_exact(&mut len).await?;
    let len = checked_len(len)?;
    let mut bytes = vec![0; len];
    input.read_exact(&mut bytes).await?;
    Ok(bytes)
}

fn checked_len(len: [u8; 4]) -> io::Result<usize> {
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("frame of {len} bytes exceeds the limit of {MAX_FRAME_BYTES}"),
        ));
    }
    Ok(len)
}

/// Encodes a message as JSON.
pub fn encode<T: Serialize>(message: &T) -> io::Result<Vec<u8>> {
    serde_json::to_vec(message).map_err(io::Error::other)
}

/// Decodes a JSON message.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> io::Result<T> {
    serde_json::from_slice(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() -> io::Result<()> {
        let job = Job {
            query: "ASK {}".into(),
            base_iri: "https://w3id.org/kyoto-kg/".into(),
            default_graphs: vec!["http://example.org/g".into()],
            named_graphs: Vec::new(),
            output: Output::ResultsJson,
            max_results: 10,
            timeout_ms: 1000,
            spool: None,
        };
        let mut buffer = Vec::new();
        write_frame(&mut buffer, &encode(&job)?)?;
        let mut input = buffer.as_slice();
        let frame = read_frame(&mut input)?.unwrap_or_default();
        assert_eq!(decode::<Job>(&frame)?, job);
        assert_eq!(read_frame(&mut input)?, None);
        Ok(())
    }
}
