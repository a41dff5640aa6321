//! The worker side of query evaluation: a loop that reads [`Job`]s from standard input,
//! evaluates each against the worker's own store and writes the whole serialized response back.
//!
//! This code runs in a separate process (`kyoto-kg __worker`, started by [`super::workers`]), so
//! the server can kill it when a query runs out of time, and a stack overflow or an allocation
//! failure ends this process and not the server. Inside the worker, a [`CancellationToken`]
//! fired by a watchdog thread at the deadline stops the queries Oxigraph can cancel (most of
//! them) cleanly, so the worker survives and is reused; the ones it cannot cancel are ended by
//! the server with `SIGKILL`. The loop is meant to run on a thread with a large stack
//! ([`crate::query::complexity::on_query_stack`]): parsing, planning, evaluating and dropping a
//! query within the server's depth limits then never overflows it.

use super::negotiate::Output;
use super::wire::{self, Failure, INLINE_BYTES, Job, MAX_BODY_BYTES, Reply};
use crate::query::{self, QueryError};
use crate::serialize;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults};
use oxigraph::store::Store;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Serves jobs from `input` until it closes: the worker's main loop.
pub fn serve_jobs(store: &Store, mut input: impl Read, mut output: impl Write) -> io::Result<()> {
    wire::write_frame(&mut output, &wire::encode(&Reply::Ready)?)?;
    output.flush()?;
    while let Some(frame) = wire::read_frame(&mut input)? {
        let job: Job = wire::decode(&frame)?;
        let (reply, inline) = match evaluate(store, &job) {
            Ok((results, truncated, body)) => {
                let inline = body.into_inline();
                let spooled = inline.is_none();
                (
                    Reply::Done {
                        results,
                        truncated,
                        spooled,
                    },
                    inline,
                )
            }
            Err((kind, message)) => (Reply::Failed { kind, message }, None),
        };
        wire::write_frame(&mut output, &wire::encode(&reply)?)?;
        if let Some(body) = inline {
            wire::write_frame(&mut output, &body)?;
        }
        output.flush()?;
    }
    Ok(())
}

/// A response body being written: in memory up to [`INLINE_BYTES`], then in the job's spool
/// file. Dropped unfinished (the query failed), it removes the file.
#[derive(Debug)]
pub struct Body {
    memory: Vec<u8>,
    spool: Option<PathBuf>,
    file: Option<BufWriter<File>>,
    written: u64,
    finished: bool,
}

impl Body {
    fn new(spool: Option<&Path>) -> Self {
        Self {
            memory: Vec::new(),
            spool: spool.map(Path::to_path_buf),
            file: None,
            written: 0,
            finished: false,
        }
    }

    /// Completes the body: `Some(bytes)` when it stayed in memory, `None` when it is in the
    /// spool file (flushed).
    fn finish(mut self) -> io::Result<Self> {
        if let Some(file) = self.file.as_mut() {
            file.flush()?;
        }
        self.finished = true;
        Ok(self)
    }

    fn into_inline(mut self) -> Option<Vec<u8>> {
        if self.file.is_some() {
            None
        } else {
            Some(std::mem::take(&mut self.memory))
        }
    }

    /// The body as text, for tests.
    #[cfg(test)]
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.memory).into_owned()
    }
}

impl Write for Body {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.written += buf.len() as u64;
        if self.written > MAX_BODY_BYTES {
            return Err(io::Error::other(format!(
                "the answer is larger than {} MiB; ask for fewer results (LIMIT)",
                MAX_BODY_BYTES >> 20
            )));
        }
        if let Some(file) = self.file.as_mut() {
            return file.write_all(buf).map(|()| buf.len());
        }
        if self.memory.len() + buf.len() > INLINE_BYTES
            && let Some(path) = &self.spool
        {
            let mut file = BufWriter::with_capacity(
                INLINE_BYTES,
                File::options().write(true).create_new(true).open(path)?,
            );
            file.write_all(&self.memory)?;
            file.write_all(buf)?;
            self.memory = Vec::new();
            self.file = Some(file);
            return Ok(buf.len());
        }
        self.memory.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

impl Drop for Body {
    fn drop(&mut self) {
        if !self.finished
            && self.file.take().is_some()
            && let Some(path) = &self.spool
        {
            let _ = std::fs::remove_file(path);
        }
    }
}

type Evaluated = Result<(usize, bool, Body), (Failure, String)>;

/// Evaluates one job: `(results written, truncated, body)` or a failure.
pub fn evaluate(store: &Store, job: &Job) -> Evaluated {
    let token = CancellationToken::new();
    let watchdog = start_watchdog(token.clone(), Duration::from_millis(job.timeout_ms));
    let evaluator = query::evaluator().with_cancellation_token(token.clone());
    let outcome = (|| {
        let evaluator = evaluator
            .with_base_iri(job.base_iri.as_str())
            .map_err(|e| {
                (
                    Failure::BadRequest,
                    format!("invalid base IRI {}: {e}", job.base_iri),
                )
            })?;
        let mut prepared = query::prepare_with(evaluator, &job.query).map_err(|e| {
            if query::is_update(&job.query) {
                return (
                    Failure::Refused,
                    "this endpoint is read-only: SPARQL Update requests are refused".to_owned(),
                );
            }
            match e {
                QueryError::Syntax { message, .. } => (
                    Failure::BadRequest,
                    format!("the query is not valid SPARQL: {message}"),
                ),
                other => (Failure::BadRequest, other.to_string()),
            }
        })?;
        if !job.default_graphs.is_empty() || !job.named_graphs.is_empty() {
            let dataset = prepared.dataset_mut();
            dataset.set_default_graph(
                iris(&job.default_graphs)?
                    .into_iter()
                    .map(GraphName::from)
                    .collect(),
            );
            dataset.set_available_named_graphs(
                iris(&job.named_graphs)?
                    .into_iter()
                    .map(NamedOrBlankNode::from)
                    .collect(),
            );
        }
        let results = query::run(store, prepared).map_err(evaluation_failure)?;
        write(results, job)
    })();
    drop(watchdog);
    // A cancelled evaluation may end its iterator early instead of failing (e.g. under a huge
    // OFFSET, the skipped errors are dropped): whatever was written is then incomplete.
    if token.is_cancelled() {
        return Err(evaluation_error(QueryEvaluationError::Cancelled));
    }
    outcome
}

/// Cancels `token` once `timeout` has passed, unless the returned sender is dropped first.
fn start_watchdog(token: CancellationToken, timeout: Duration) -> mpsc::Sender<()> {
    let (done, wait) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
            token.cancel();
        }
    });
    done
}

fn iris(values: &[String]) -> Result<Vec<NamedNode>, (Failure, String)> {
    values
        .iter()
        .map(|v| {
            NamedNode::new(v.as_str()).map_err(|e| {
                (
                    Failure::BadRequest,
                    format!("the graph IRI <{v}> is not valid: {e}"),
                )
            })
        })
        .collect()
}

fn evaluation_failure(error: QueryError) -> (Failure, String) {
    match error {
        QueryError::Evaluation(e) => evaluation_error(e),
        other => (Failure::BadRequest, other.to_string()),
    }
}

fn evaluation_error(error: QueryEvaluationError) -> (Failure, String) {
    match error {
        QueryEvaluationError::Cancelled => (
            Failure::Timeout,
            "the query ran out of time and was stopped".to_owned(),
        ),
        QueryEvaluationError::Service(_)
        | QueryEvaluationError::UnboundService
        | QueryEvaluationError::InvalidServiceName(_)
        | QueryEvaluationError::UnsupportedService(_) => (
            Failure::Refused,
            format!("{error}: SERVICE is refused, federated queries are disabled on this endpoint"),
        ),
        QueryEvaluationError::UnsupportedCustomFunction(_)
        | QueryEvaluationError::UnsupportedCustomFunctionArity { .. }
        | QueryEvaluationError::NotExistingSubstitutedVariable(_) => {
            (Failure::BadRequest, error.to_string())
        }
        other => (Failure::Evaluation, other.to_string()),
    }
}

fn io_failure(error: &io::Error) -> (Failure, String) {
    (
        Failure::Evaluation,
        format!("cannot serialize the results: {error}"),
    )
}

/// Serializes `results` as `job.output`, writing at most `job.max_results` of them.
fn write(results: QueryResults<'_>, job: &Job) -> Evaluated {
    let mismatch = |what: &str, offered: &[Output]| {
        (
            Failure::NotAcceptable,
            format!(
                "{} cannot be written as {}; supported for {what}: {}",
                what,
                job.output.media_type(),
                offered
                    .iter()
                    .map(|o| o.media_type())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    };
    match results {
        QueryResults::Boolean(value) => {
            let format = job
                .output
                .results_format()
                .ok_or_else(|| mismatch("an ASK result", &Output::RESULTS))?;
            let body = QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(Body::new(job.spool.as_deref()), value)
                .and_then(Body::finish)
                .map_err(|e| io_failure(&e))?;
            Ok((1, false, body))
        }
        QueryResults::Solutions(solutions) => {
            let format = job
                .output
                .results_format()
                .ok_or_else(|| mismatch("SELECT results", &Output::RESULTS))?;
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(
                    Body::new(job.spool.as_deref()),
                    solutions.variables().to_vec(),
                )
                .map_err(|e| io_failure(&e))?;
            let mut count = 0;
            let mut truncated = false;
            for solution in solutions {
                let solution = solution.map_err(evaluation_error)?;
                if count == job.max_results {
                    truncated = true;
                    break;
                }
                writer.serialize(&solution).map_err(|e| io_failure(&e))?;
                count += 1;
            }
            let body = writer
                .finish()
                .and_then(Body::finish)
                .map_err(|e| io_failure(&e))?;
            Ok((count, truncated, body))
        }
        QueryResults::Graph(triples) => {
            let format = job
                .output
                .rdf_format()
                .ok_or_else(|| mismatch("CONSTRUCT and DESCRIBE results", &Output::RDF))?;
            let mut quads = Vec::new();
            let mut truncated = false;
            for triple in triples {
                let triple = triple.map_err(evaluation_error)?;
                if quads.len() == job.max_results {
                    truncated = true;
                    break;
                }
                quads.push(triple.in_graph(GraphName::DefaultGraph));
            }
            let count = quads.len();
            let body = serialize::write_quads(quads, format, Body::new(job.spool.as_deref()))
                .and_then(Body::finish)
                .map_err(|e| io_failure(&e))?;
            Ok((count, truncated, body))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(query: &str, output: Output) -> Job {
        Job {
            query: query.into(),
            base_iri: "https://w3id.org/kyoto-kg/".into(),
            default_graphs: Vec::new(),
            named_graphs: Vec::new(),
            output,
            max_results: 2,
            timeout_ms: 10_000,
            spool: None,
        }
    }

    #[test]
    fn results_beyond_the_cap_are_left_out_and_flagged() -> Result<(), Box<dyn std::error::Error>> {
        let store = Store::new()?;
        let query = "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }";
        let outcome = evaluate(&store, &job(query, Output::Csv));
        let Ok((count, truncated, body)) = outcome else {
            return Err(format!("{outcome:?}").into());
        };
        assert_eq!((count, truncated), (2, true));
        assert_eq!(body.text().lines().count(), 3, "header + 2 rows");
        Ok(())
    }

    #[test]
    fn a_large_body_goes_to_the_spool_file_and_a_small_one_stays_inline()
    -> Result<(), Box<dyn std::error::Error>> {
        let store = Store::new()?;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("body");
        let mut big = job("SELECT ?s WHERE { VALUES ?s { <urn:x> } } ", Output::Csv);
        big.spool = Some(path.clone());
        let Ok((_, _, body)) = evaluate(&store, &big) else {
            return Err("the small query failed".into());
        };
        assert!(body.into_inline().is_some(), "small: inline");
        assert!(!path.exists());
        let long_iri = format!("<urn:{}>", "x".repeat(INLINE_BYTES));
        big.query = format!("SELECT ?s WHERE {{ VALUES ?s {{ {long_iri} }} }}");
        let Ok((_, _, body)) = evaluate(&store, &big) else {
            return Err("the large query failed".into());
        };
        assert!(body.into_inline().is_none(), "large: spooled");
        assert!(std::fs::metadata(&path)?.len() > INLINE_BYTES as u64);
        Ok(())
    }

    #[test]
    fn service_calls_and_unknown_functions_are_client_errors()
    -> Result<(), Box<dyn std::error::Error>> {
        let store = Store::new()?;
        for (query, kind) in [
            ("SELECT * { SERVICE ?x { ?s ?p ?o } }", Failure::Refused),
            (
                "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                Failure::Refused,
            ),
            ("SELECT (<urn:f>(1) AS ?x) {}", Failure::BadRequest),
            ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", Failure::Refused),
        ] {
            let outcome = evaluate(&store, &job(query, Output::ResultsJson));
            assert!(
                matches!(&outcome, Err((k, _)) if *k == kind),
                "{query}: {outcome:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn a_format_that_does_not_fit_the_query_is_not_acceptable()
    -> Result<(), Box<dyn std::error::Error>> {
        let store = Store::new()?;
        let outcome = evaluate(&store, &job("ASK {}", Output::Turtle));
        assert!(
            matches!(outcome, Err((Failure::NotAcceptable, _))),
            "{outcome:?}"
        );
        Ok(())
    }
}
