//! SPARQL 1.1 queries over a kyoto-kg store: preparation, evaluation and named queries.
//!
//! Queries see the union of all named graphs as their default graph (unless they name graphs
//! with `FROM`), may use the project's prefixes without declaring them, and cannot call
//! `SERVICE`: federation is refused explicitly so that neither the CLI nor the server makes
//! outgoing requests on a query's behalf, whatever Oxigraph features are enabled.
//! See <https://www.w3.org/TR/sparql11-query/>.

pub mod complexity;
mod named;
mod params;
mod render;

pub use named::{NamedQuery, Param, catalog, find};
pub use render::{RenderError, ResultFormat, abbreviate, display_term, graph_quads, render};

use oxigraph::model::NamedNode;
use oxigraph::sparql::{
    DefaultServiceHandler, PreparedSparqlQuery, QueryEvaluationError, QueryResults,
    QuerySolutionIter, SparqlEvaluator,
};
use oxigraph::store::Store;
use spargebra::SparqlParser;
use spargebra::algebra::GraphPattern;

/// Why a query could not be run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The query text is not valid SPARQL.
    #[error("{message}")]
    Syntax {
        /// The parser's message, with the position ("error at LINE:COLUMN: expected ...").
        message: String,
        /// 1-based line and column of the error, when the parser gives them.
        position: Option<(usize, usize)>,
    },
    /// A `--param` names a variable the query does not use.
    #[error("--param {name}: the query does not select ?{name}, so it cannot be set (a parameter must appear in the SELECT clause){}", hint_params(.known))]
    UnknownParam {
        /// The parameter given.
        name: String,
        /// The parameters the query declares.
        known: Vec<String>,
    },
    /// A `--param` is not of the form `name=value`.
    #[error("--param {0:?} is not of the form NAME=VALUE")]
    MalformedParam(String),
    /// Evaluation failed.
    #[error(transparent)]
    Evaluation(#[from] QueryEvaluationError),
}

fn hint_params(known: &[String]) -> String {
    if known.is_empty() {
        String::new()
    } else {
        format!("; this query's parameters: {}", known.join(", "))
    }
}

/// Refuses every `SERVICE` call: see the module documentation.
struct NoFederation;

/// The error of a refused `SERVICE` call.
#[derive(Debug, thiserror::Error)]
#[error("SERVICE {0} refused: federated queries are disabled in kyoto-kg")]
pub struct FederationDisabled(String);

impl DefaultServiceHandler for NoFederation {
    type Error = FederationDisabled;

    fn handle(
        &self,
        service_name: &NamedNode,
        _pattern: &GraphPattern,
        _base_iri: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, Self::Error> {
        Err(FederationDisabled(service_name.to_string()))
    }
}

/// A SPARQL evaluator with the project's prefixes and federation disabled.
pub fn evaluator() -> SparqlEvaluator {
    let mut evaluator = SparqlEvaluator::new().with_default_service_handler(NoFederation);
    for (name, iri) in crate::vocab::prefixes() {
        // The prefixes are constants of this crate; a failure here is a bug caught by tests.
        if let Ok(with) = evaluator.clone().with_prefix(name, iri) {
            evaluator = with;
        }
    }
    evaluator
}

/// Parses `text` and binds `params` (`name=value`: `<iri>` for an IRI, anything else a string;
/// see `params`).
pub fn prepare(text: &str, params: &[String]) -> Result<PreparedSparqlQuery, QueryError> {
    if params.is_empty() {
        return prepare_with(evaluator(), text);
    }
    let query = parser()
        .parse_query(text)
        .map_err(|e| syntax_error(&e.to_string()))?;
    Ok(union_default_graph(
        evaluator().for_query(params::bind(query, params)?),
    ))
}

/// Parses `text` with an evaluator derived from [`evaluator`] (e.g. one given a cancellation
/// token and a base IRI by the server's query workers).
pub fn prepare_with(
    evaluator: SparqlEvaluator,
    text: &str,
) -> Result<PreparedSparqlQuery, QueryError> {
    let prepared = evaluator
        .parse_query(text)
        .map_err(|e| syntax_error(&e.to_string()))?;
    Ok(union_default_graph(prepared))
}

/// Whether `text` is a SPARQL update (which a read-only endpoint refuses rather than calling it
/// a syntax error).
pub fn is_update(text: &str) -> bool {
    parser().parse_update(text).is_ok()
}

/// A SPARQL parser with the project's prefixes, like [`evaluator`]'s.
fn parser() -> SparqlParser {
    let mut parser = SparqlParser::new();
    for (name, iri) in crate::vocab::prefixes() {
        // As in `evaluator`: the prefixes are constants of this crate.
        if let Ok(with) = parser.clone().with_prefix(name, iri) {
            parser = with;
        }
    }
    parser
}

/// Makes the default graph the union of all graphs unless the query names its dataset.
fn union_default_graph(mut prepared: PreparedSparqlQuery) -> PreparedSparqlQuery {
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    prepared
}

/// Runs `prepared` against `store`.
pub fn run(
    store: &Store,
    prepared: PreparedSparqlQuery,
) -> Result<QueryResults<'static>, QueryError> {
    Ok(prepared.on_store(store).execute()?)
}

/// Builds a [`QueryError::Syntax`] from the parser's message, extracting "at LINE:COLUMN".
pub fn syntax_error(message: &str) -> QueryError {
    let position = message.split_once("at ").and_then(|(_, rest)| {
        let pos = rest
            .split(|c: char| c != ':' && !c.is_ascii_digit())
            .next()?;
        let (line, column) = pos.trim_end_matches(':').split_once(':')?;
        Some((line.parse().ok()?, column.parse().ok()?))
    });
    QueryError::Syntax {
        message: message.to_owned(),
        position,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_carry_their_position() {
        let Err(QueryError::Syntax { position, message }) =
            prepare("SELECT * WHERE { ?s ?p }", &[])
        else {
            unreachable!("the query is invalid")
        };
        assert_eq!(position.map(|p| p.0), Some(1), "{message}");
    }

    #[test]
    fn service_calls_are_refused() -> Result<(), Box<dyn std::error::Error>> {
        let store = Store::new()?;
        let prepared = prepare(
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            &[],
        )?;
        let outcome = match run(&store, prepared) {
            Ok(QueryResults::Solutions(mut s)) => s.next().map(|r| r.map(|_| ())),
            Ok(_) => None,
            Err(e) => Some(Err(match e {
                QueryError::Evaluation(e) => e,
                other => return Err(other.into()),
            })),
        };
        let message = match outcome {
            Some(Err(e)) => e.to_string(),
            other => format!("{other:?}"),
        };
        assert!(
            message.contains("federated queries are disabled"),
            "{message}"
        );
        Ok(())
    }

    #[test]
    fn service_calls_make_no_connection_even_with_oxigraphs_http_client_compiled_in()
    -> Result<(), Box<dyn std::error::Error>> {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        // The SHACL engine switches on Oxigraph's `http-client` feature (issue 6): the default
        // service handler would then fetch SERVICE endpoints. Ours must not even connect. A
        // loopback listener counts connections and closes them at once (so a regression fails
        // fast instead of waiting for an HTTP answer).
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let done = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let watcher = {
            let (done, connections) = (Arc::clone(&done), Arc::clone(&connections));
            std::thread::spawn(move || {
                while !done.load(Ordering::SeqCst) {
                    if listener.accept().is_ok() {
                        connections.fetch_add(1, Ordering::SeqCst);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                if listener.accept().is_ok() {
                    connections.fetch_add(1, Ordering::SeqCst);
                }
            })
        };
        let store = Store::new()?;
        let prepared = prepare(
            &format!(
                "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
            ),
            &[],
        )?;
        if let Ok(QueryResults::Solutions(solutions)) = run(&store, prepared) {
            for solution in solutions {
                assert!(solution.is_err(), "SERVICE returned a solution");
            }
        }
        done.store(true, Ordering::SeqCst);
        watcher.join().map_err(|_| "the watcher thread failed")?;
        assert_eq!(connections.load(Ordering::SeqCst), 0, "SERVICE connected");
        Ok(())
    }
}
