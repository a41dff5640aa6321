//! `kyoto-kg serve`: a SPARQL 1.1 Protocol endpoint, linked-data pages for every IRI of the
//! graph, and a browser UI, over HTTP with [axum](https://docs.rs/axum).
//!
//! - [`routes`]: what each path serves (`/`, `/sparql`, `/id/...`, `/ontology`, `/graph/...`,
//!   `/dataset`, `/assets/...`); [`ui`]: the home page and its query form, the UI's assets;
//! - [`connection`]: the accept loop (connection cap, read and write timeouts);
//!   [`access_log`]: one log line per request; [`metrics`]: `/metrics`;
//! - [`protocol`]: reading SPARQL protocol requests; [`negotiate`]: content negotiation;
//! - [`workers`]: the pool of killable worker processes that parse and evaluate queries (the
//!   timeout, memory and fairness design is explained there), [`worker_process`] one of them,
//!   [`evaluate`] the worker side, [`wire`] the messages between them, [`spool`] the files
//!   large answers are streamed from;
//! - [`description`]: the SPARQL service description; [`error`]: errors to status codes.
//!
//! Safe by default: binds loopback, read-only (updates get 403), bounded body, head, nesting
//! and length of queries ([`crate::query::complexity`]), query timeout, result cap, bounded
//! connections, workers and memory; the server process never parses a query. Linked-data pages
//! and downloads are served by the server process itself from its own copy of the store: they
//! run fixed, bounded lookups. Ctrl-C or SIGTERM stops accepting connections and lets in-flight
//! requests finish. docs/server.md lists every limit and the threats they answer.

pub mod access_log;
pub mod body;
pub mod connection;
pub mod described;
pub mod description;
pub mod error;
pub mod evaluate;
pub mod metrics;
pub mod negotiate;
pub mod protocol;
pub mod releases;
pub mod routes;
pub mod spool;
pub mod ui;
pub mod wire;
pub mod worker_process;
pub mod workers;

use crate::page::{Linker, Pages, Site};
use crate::query::complexity;
use connection::ConnectionLimits;
use metrics::Metrics;
use oxigraph::store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use workers::{Pool, PoolConfig};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on.
    pub bind: SocketAddr,
    /// The IRI prefix served at `/` (default `https://w3id.org/kyoto-kg/`).
    pub base_iri: String,
    /// How long a query may run.
    pub timeout: Duration,
    /// At most this many results per query response.
    pub max_results: usize,
    /// Origins allowed by CORS (`*` for any); empty disables CORS.
    pub cors: Vec<String>,
    /// The query workers.
    pub pool: PoolConfig,
    /// How deep and long a query may be.
    pub query_limits: complexity::Limits,
    /// How connections are bounded.
    pub connections: ConnectionLimits,
    /// The most bytes of large answers held in spool files at once.
    pub spool_budget: u64,
    /// Who publishes the data (`data/publisher.toml`), named in `/dataset`.
    pub publisher: Option<crate::source::publisher::Publisher>,
    /// The directory of releases whose history is served at `/releases/` (`--releases`).
    pub releases: Option<std::path::PathBuf>,
}

/// Shared state of the request handlers.
pub struct AppState {
    /// The server's own store, for pages and downloads.
    pub store: Store,
    /// The query workers.
    pub pool: Arc<Pool>,
    /// Page templates.
    pub pages: Pages,
    /// IRI <-> path mapping.
    pub linker: Linker,
    pub config: Config,
    pub metrics: Arc<Metrics>,
    /// Where large answers wait to be sent.
    pub spool: spool::Spool,
    /// The descriptions of the dataset, computed at start.
    pub described: described::Described,
    /// The release history, read at start.
    pub releases: Option<releases::Releases>,
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The address could not be bound.
    #[error(
        "cannot listen on {addr}: {source} (is another server using that port? choose another with --bind)"
    )]
    Bind {
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The workers could not start.
    #[error(transparent)]
    Workers(#[from] workers::PoolError),
    /// The page templates are broken.
    #[error(transparent)]
    Page(#[from] crate::page::PageError),
    /// The releases could not be read.
    #[error(transparent)]
    Releases(#[from] releases::ReleasesError),
    /// Serving failed.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// A bound, ready server: its address is known before it starts answering.
pub struct Server {
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
}

impl Server {
    /// Binds the address, creates the spool directory and starts the query workers.
    pub async fn bind(config: Config, store: Store) -> Result<Self, ServerError> {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|source| ServerError::Bind {
                addr: config.bind,
                source,
            })?;
        let pages = Pages::new(Site {
            root: "/".into(),
            base: config.base_iri.clone(),
            endpoint: true,
            releases: config.releases.is_some(),
        })?;
        let linker = Linker::new(config.base_iri.clone(), "/");
        let releases = config
            .releases
            .as_deref()
            .map(|dir| releases::Releases::read(dir, &config.base_iri, &pages))
            .transpose()?;
        let metrics = Arc::new(Metrics::new());
        let spool = spool::Spool::create(config.spool_budget)?;
        let pool = Pool::start(config.pool.clone(), Arc::clone(&metrics)).await?;
        let (store, described) = {
            let base = config.base_iri.clone();
            let publisher = config.publisher.clone();
            let linker = linker.clone();
            tokio::task::spawn_blocking(move || {
                let described = described::Described::compute(
                    &store,
                    &base,
                    &crate::page::Describer::new(&store, &linker),
                    publisher,
                );
                (store, described)
            })
            .await
            .map_err(std::io::Error::other)?
        };
        let described = described.map_err(std::io::Error::other)?;
        Ok(Self {
            listener,
            state: Arc::new(AppState {
                store,
                pool,
                pages,
                linker,
                config,
                metrics,
                spool,
                described,
                releases,
            }),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let app = routes::router(Arc::clone(&self.state));
        connection::serve(
            self.listener,
            app,
            self.state.config.connections,
            Arc::clone(&self.state.metrics),
            shutdown,
        )
        .await?;
        Ok(())
    }
}

/// A future that completes on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed when this
/// function is called (inside the runtime), not when the future is first polled, so a signal
/// that arrives right after the server announced itself is not lost.
#[cfg(unix)]
pub fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
    })
}

/// A future that completes on Ctrl-C.
#[cfg(not(unix))]
pub fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
