//! Pushes graphs into any triplestore that speaks the standard protocols, replacing each graph
//! whole:
//!
//! - [SPARQL 1.1 Graph Store HTTP Protocol](https://www.w3.org/TR/sparql11-http-rdf-update/):
//!   one `PUT <endpoint>?graph=<iri>` per graph, the Turtle body streamed from a temporary file
//!   ([`gsp`]);
//! - [SPARQL 1.1 Update](https://www.w3.org/TR/sparql11-update/) as a fallback, for stores
//!   without the Graph Store Protocol: `DROP SILENT GRAPH` then `INSERT DATA` in batches
//!   ([`update`]). When both endpoints are given and the store answers the first `PUT` with
//!   404, 405 or 501, the push falls back to SPARQL Update.
//!
//! Transient failures are retried with backoff ([`http`]); anything else stops the push with the
//! store's own message. Credentials go as HTTP Basic or Bearer authentication.

pub mod changes;
mod gsp;
mod http;
mod update;

use crate::serialize;
use oxigraph::model::{GraphName, NamedNode, Quad};
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

pub use reqwest::Url;

/// A graph of the target store.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GraphTarget {
    /// The default graph.
    Default,
    /// A named graph.
    Named(NamedNode),
}

impl fmt::Display for GraphTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("the default graph"),
            Self::Named(n) => write!(f, "{n}"),
        }
    }
}

impl From<&GraphName> for GraphTarget {
    fn from(name: &GraphName) -> Self {
        match name {
            GraphName::NamedNode(n) => Self::Named(n.clone()),
            // A blank-node graph name has no identity outside its store: it can only become
            // the default graph of the target.
            GraphName::BlankNode(_) | GraphName::DefaultGraph => Self::Default,
        }
    }
}

/// How to authenticate to the store.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    #[default]
    None,
    /// HTTP Basic authentication.
    Basic { user: String, password: String },
    /// A bearer token (`Authorization: Bearer ...`).
    Bearer(String),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("None"),
            Self::Basic { user, .. } => write!(f, "Basic({user}, ***)"),
            Self::Bearer(_) => f.write_str("Bearer(***)"),
        }
    }
}

/// Where to push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The Graph Store Protocol endpoint (e.g. Oxigraph's `http://host:7878/store`).
    pub graph_store: Option<Url>,
    /// The SPARQL Update endpoint (e.g. Oxigraph's `http://host:7878/update`).
    pub update: Option<Url>,
    /// The credentials.
    pub auth: Auth,
}

/// How to push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushOptions {
    /// How many times a transient failure is retried.
    pub retries: u32,
    /// The wait before the first retry; it doubles with each retry.
    pub backoff: Duration,
    /// The timeout of one request.
    pub timeout: Duration,
    /// The timeout of establishing a connection.
    pub connect_timeout: Duration,
    /// Triples per `INSERT DATA` request (SPARQL Update only).
    pub batch_size: usize,
}

impl Default for PushOptions {
    fn default() -> Self {
        Self {
            retries: 3,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(300),
            connect_timeout: Duration::from_secs(10),
            batch_size: 5000,
        }
    }
}

/// The protocol a graph was pushed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// SPARQL 1.1 Graph Store HTTP Protocol.
    GraphStore,
    /// SPARQL 1.1 Update.
    Update,
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::GraphStore => "Graph Store Protocol",
            Self::Update => "SPARQL Update",
        })
    }
}

/// What happens during a push, for progress reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A graph starts.
    Start {
        graph: GraphTarget,
        /// Its triples.
        triples: usize,
        /// How it is sent.
        protocol: Protocol,
    },
    /// A request failed transiently and is retried.
    Retry {
        graph: GraphTarget,
        /// The attempt that failed (1-based).
        attempt: u32,
        /// Why.
        reason: String,
    },
    /// The store has no Graph Store Protocol: SPARQL Update is used from now on.
    Fallback {
        /// What the store answered.
        reason: String,
    },
    /// A graph is done.
    Done(Pushed),
}

/// A graph that was pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub graph: GraphTarget,
    /// Its triples.
    pub triples: usize,
    /// The protocol used.
    pub protocol: Protocol,
    /// The requests it took (retries included).
    pub requests: usize,
    /// The bytes of RDF sent (each request counted once).
    pub bytes: u64,
    /// The HTTP status of the last answer (e.g. 201 Created, 204 No Content).
    pub status: u16,
}

/// Why a push failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    /// Neither endpoint was given.
    #[error(
        "no endpoint: give --endpoint (Graph Store Protocol) or --update-endpoint (SPARQL Update)"
    )]
    NoEndpoint,
    /// The HTTP client could not be set up.
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
    /// The store could not be reached, even after retries.
    #[error("cannot reach {url} (after {attempts} attempts): {message}")]
    Unreachable {
        /// The URL.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// What went wrong.
        message: String,
    },
    /// The store refused the credentials.
    #[error(
        "{url} refused the credentials ({status}): {message}\nhint: pass --user and --password (HTTP Basic) or --token (Bearer)"
    )]
    Unauthorized {
        /// The URL.
        url: String,
        status: u16,
        /// The store's message.
        message: String,
    },
    /// The store refused a request.
    #[error("{url} refused to replace {graph} ({status}): {message}")]
    Refused {
        /// The URL.
        url: String,
        graph: GraphTarget,
        status: u16,
        /// The store's message.
        message: String,
    },
    /// The Graph Store Protocol endpoint does not exist or does not accept `PUT`.
    #[error(
        "{url} does not speak the Graph Store Protocol ({status}): {message}\nhint: check the endpoint (Oxigraph: /store, Fuseki: /DATASET/data, Virtuoso: /sparql-graph-crud), or give --update-endpoint to use SPARQL Update"
    )]
    NoGraphStore {
        /// The URL.
        url: String,
        status: u16,
        /// The store's message.
        message: String,
    },
    /// A graph pushed with SPARQL Update in several batches stopped part way.
    #[error(
        "{graph} is only partly written ({done} of {total} batches) on the store: {source}\nhint: run the push again to replace it whole"
    )]
    Partial {
        graph: GraphTarget,
        /// Batches written.
        done: usize,
        /// Batches in all.
        total: usize,
        /// Why the next one failed.
        #[source]
        source: Box<PushError>,
    },
    /// `--changes` needs a SPARQL Update endpoint.
    #[error("--changes applies a SPARQL Update: give --update-endpoint")]
    NoUpdateEndpoint,
    /// The store refused a changeset.
    #[error(
        "{url} refused the changes ({status}): {message}\nhint: a changeset applies to the release it was made from; check that the store holds it, or push the whole release"
    )]
    ChangesRefused {
        /// The URL.
        url: String,
        status: u16,
        /// The store's message.
        message: String,
    },
    /// The graph could not be serialized.
    #[error("cannot prepare {graph}: {source}")]
    Io {
        graph: GraphTarget,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Groups `quads` by graph, as the target will receive them.
pub fn graphs_of(quads: Vec<Quad>) -> BTreeMap<GraphTarget, Vec<Quad>> {
    let mut out: BTreeMap<GraphTarget, Vec<Quad>> = BTreeMap::new();
    for mut quad in quads {
        let target = GraphTarget::from(&quad.graph_name);
        quad.graph_name = GraphName::DefaultGraph;
        out.entry(target).or_default().push(quad);
    }
    for triples in out.values_mut() {
        serialize::sort_quads(triples);
    }
    out
}

/// Replaces each graph of `graphs` (triples in the default graph of each `Vec`) on `target`,
/// reporting progress through `progress`.
pub fn push(
    graphs: &BTreeMap<GraphTarget, Vec<Quad>>,
    target: &Target,
    options: &PushOptions,
    progress: &mut dyn FnMut(Event),
) -> Result<Vec<Pushed>, PushError> {
    if target.graph_store.is_none() && target.update.is_none() {
        return Err(PushError::NoEndpoint);
    }
    let http = http::Http::new(target.auth.clone(), options.clone())?;
    let mut use_graph_store = target.graph_store.is_some();
    let mut done = Vec::new();
    for (graph, triples) in graphs {
        let start = |protocol| Event::Start {
            graph: graph.clone(),
            triples: triples.len(),
            protocol,
        };
        let mut pushed = None;
        if let (Some(endpoint), true) = (&target.graph_store, use_graph_store) {
            progress(start(Protocol::GraphStore));
            let result = gsp::put(&http, endpoint, graph, triples, &mut |attempt, reason| {
                progress(retry_event(graph, attempt, reason));
            });
            match result {
                Err(PushError::NoGraphStore {
                    status, message, ..
                }) if target.update.is_some() => {
                    use_graph_store = false;
                    progress(Event::Fallback {
                        reason: format!("{status}: {message}"),
                    });
                }
                result => pushed = Some(result?),
            }
        }
        let pushed = match pushed {
            Some(pushed) => pushed,
            None => {
                let endpoint = target.update.as_ref().ok_or(PushError::NoEndpoint)?;
                progress(start(Protocol::Update));
                update::replace(
                    &http,
                    endpoint,
                    graph,
                    triples,
                    options.batch_size,
                    &mut |attempt, reason| progress(retry_event(graph, attempt, reason)),
                )?
            }
        };
        progress(Event::Done(pushed.clone()));
        done.push(pushed);
    }
    Ok(done)
}

fn retry_event(graph: &GraphTarget, attempt: u32, reason: &str) -> Event {
    Event::Retry {
        graph: graph.clone(),
        attempt,
        reason: reason.to_owned(),
    }
}
