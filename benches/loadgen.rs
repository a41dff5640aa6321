//! A closed-loop load generator for the endpoint comparison of `bench/run.sh` (issue 7).
//!
//! Sends a **fixed set** of SPARQL requests to an endpoint over `--connections` keep-alive
//! connections and reports throughput and latency as one JSON object on standard output:
//!
//! ```sh
//! cargo bench --bench loadgen -- --url http://127.0.0.1:7878/sparql \
//!     --queries list.txt --connections 16 --requests 26
//! ```
//!
//! `list.txt` names one query file per line. Request `i` (from 0) posts query `i mod q`, so the
//! set is the same for every server; each connection takes the next request as soon as its
//! previous answer has been read in full. Throughput is requests divided by the wall time from
//! the first request to the last answer.
//!
//! Why not `wrk` for a fixed duration: at 10^6 triples the named queries take from milliseconds
//! to about 18 s, so a timed window mostly measures which short queries a server's scheduling let
//! through before the window closed (a server that runs every request at once finishes the short
//! ones first; one that runs two at a time finishes them in order). A fixed set of work finishes
//! the same requests on every server, so the ratio compares the work done, not the scheduling.

use clap::Parser;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A closed-loop SPARQL load generator (fixed request set; JSON report on stdout).
#[derive(Debug, Parser)]
struct Args {
    /// The SPARQL endpoint, e.g. http://127.0.0.1:7878/sparql.
    #[arg(long)]
    url: String,
    /// A file listing the query files to send, one path per line.
    #[arg(long)]
    queries: PathBuf,
    /// Concurrent keep-alive connections (one thread each).
    #[arg(long, default_value_t = 1)]
    connections: usize,
    /// Requests in all; request i sends query i mod (number of queries).
    #[arg(long)]
    requests: usize,
    /// Seconds a single request may take before it counts as an error.
    #[arg(long, default_value_t = 900)]
    timeout: u64,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// One answered (or failed) request.
struct Sample {
    seconds: f64,
    /// Why the request failed (an HTTP status or a transport error); `None` for a 2xx answer.
    failure: Option<String>,
    bytes: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let listing = std::fs::read_to_string(&args.queries)?;
    let mut queries = Vec::new();
    for path in listing.lines().map(str::trim).filter(|l| !l.is_empty()) {
        queries.push(
            std::fs::read_to_string(path).map_err(|e| format!("cannot read query {path}: {e}"))?,
        );
    }
    if queries.is_empty() {
        return Err(format!("{} lists no query", args.queries.display()).into());
    }
    let queries = Arc::new(queries);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..args.connections.max(1))
        .map(|_| {
            let (queries, next, url) = (Arc::clone(&queries), Arc::clone(&next), args.url.clone());
            let (total, timeout) = (args.requests, Duration::from_secs(args.timeout));
            std::thread::spawn(move || -> Result<Vec<Sample>, String> {
                let client = {
                    // reqwest is built without a crypto provider; installing one twice is harmless.
                    let _ = rustls::crypto::ring::default_provider().install_default();
                    reqwest::blocking::Client::builder().user_agent("kyoto-kg load generator")
                }
                .timeout(timeout)
                .pool_max_idle_per_host(1)
                .build()
                .map_err(|e| e.to_string())?;
                let mut samples = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= total {
                        return Ok(samples);
                    }
                    let t = Instant::now();
                    let answer = client
                        .post(&url)
                        .header("Content-Type", "application/sparql-query")
                        .header(
                            "Accept",
                            "application/sparql-results+json, application/n-triples;q=0.9",
                        )
                        .body(queries[i % queries.len()].clone())
                        .send()
                        .and_then(|r| {
                            let status = r.status();
                            let failure = (!status.is_success()).then(|| status.to_string());
                            r.bytes().map(|b| (failure, b.len()))
                        });
                    let (failure, bytes) = answer.unwrap_or_else(|e| (Some(e.to_string()), 0));
                    samples.push(Sample {
                        seconds: t.elapsed().as_secs_f64(),
                        failure,
                        bytes,
                    });
                }
            })
        })
        .collect();
    let mut samples = Vec::new();
    for thread in threads {
        samples.extend(
            thread
                .join()
                .map_err(|_| "a connection thread panicked")??,
        );
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut latencies: Vec<f64> = samples.iter().map(|s| s.seconds).collect();
    latencies.sort_by(f64::total_cmp);
    let report = serde_json::json!({
        "connections": args.connections,
        "requests": samples.len(),
        "failed": samples.iter().filter(|s| s.failure.is_some()).count(),
        "first_failure": samples.iter().find_map(|s| s.failure.clone()),
        "bytes": samples.iter().map(|s| s.bytes).sum::<usize>(),
        "seconds": seconds,
        "requests_per_s": samples.len() as f64 / seconds,
        "p50_s": percentile(&latencies, 0.50),
        "p99_s": percentile(&latencies, 0.99),
    });
    #[expect(clippy::print_stdout, reason = "the report")]
    {
        println!("{report}");
    }
    Ok(())
}

/// The nearest-rank percentile of sorted values (0 for none).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
