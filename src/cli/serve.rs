//! The arguments of `serve` and of its query workers.

use super::*;

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on (loopback by default; use 0.0.0.0:PORT to serve
    /// other machines, and port 0 for any free port).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,

    /// The IRI prefix served at the server's root: <BASE>id/session/2022-2 is served at
    /// /id/session/2022-2.
    #[arg(long, value_name = "IRI", default_value = crate::iri::BASE)]
    pub base_iri: String,

    /// How long a query may run before it is stopped (e.g. 10s, 500ms, 2m).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    pub timeout: std::time::Duration,

    /// The most solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) one response carries.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_results: usize,

    /// Origins allowed to query from a browser (CORS): * for any, a comma-separated list of
    /// origins, or none.
    #[arg(long, value_name = "ORIGINS", default_value = "*")]
    pub cors: String,

    /// Query worker processes kept started and idle, so that a new query does not wait for one
    /// to load the store (default: the number of CPUs, at least 2). Each query runs in a worker
    /// of its own; more are started on demand up to --max-workers.
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,

    /// The most query worker processes at once, i.e. queries evaluated at once; also bounded by
    /// --memory-budget and the file descriptor limit.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_workers: usize,

    /// How many queries may wait when no worker can be had; beyond that the server answers 503
    /// with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 128)]
    pub queue: usize,

    /// A query still running after this long is demoted to the lowest CPU priority, so that
    /// new queries are answered at once however many slow ones run (e.g. 500ms, 2s).
    #[arg(long, value_name = "DURATION", default_value = "500ms", value_parser = humantime::parse_duration)]
    pub slow_after: std::time::Duration,

    /// The address-space limit of each query worker, in MiB (a query that needs more fails
    /// with 503).
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    pub worker_memory: u64,

    /// The most resident memory all query workers may use together, in MiB (default: half of
    /// the machine's memory). No worker is started beyond it, and if running queries grow past
    /// it the largest is stopped (503).
    #[arg(long, value_name = "MIB")]
    pub memory_budget: Option<u64>,

    /// The deepest nesting of brackets ({ } ( ) [ ]) a query may have; deeper queries get 400
    /// before they are parsed.
    #[arg(long, value_name = "N", default_value_t = crate::query::complexity::DEFAULT_MAX_DEPTH)]
    pub max_query_depth: usize,

    /// The most operators, brackets and pattern keywords (OPTIONAL, UNION, FILTER...) a query
    /// may have; longer queries get 400 before they are parsed.
    #[arg(long, value_name = "N", default_value_t = crate::query::complexity::DEFAULT_MAX_OPERATORS)]
    pub max_query_operators: usize,

    /// The most open client connections (lowered to fit the file descriptor limit); beyond it a
    /// connection gets 503 and is closed.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,

    /// A connection must send a complete request head (and a body) within this time, and a
    /// keep-alive connection may stay idle this long, or it is closed.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    pub read_timeout: std::time::Duration,

    /// A client that reads nothing of a response for this long is disconnected.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = humantime::parse_duration)]
    pub write_timeout: std::time::Duration,

    /// The most MiB of large answers held on disk, waiting for clients to read them, at once;
    /// beyond it new queries get 503 until those are sent.
    #[arg(long, value_name = "MIB", default_value_t = 2048)]
    pub spool_budget: u64,

    /// A directory of releases (one subdirectory per release, as `release --out` writes them):
    /// serve their history at /releases/ and their files at /release/VERSION/FILE (the files
    /// each release's SHA256SUMS lists). Read once, at start.
    #[arg(long, value_name = "DIR")]
    pub releases: Option<PathBuf>,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Arguments of the hidden `__worker` command.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// The address-space limit in MiB.
    #[arg(long, value_name = "MIB")]
    pub memory: Option<u64>,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}
