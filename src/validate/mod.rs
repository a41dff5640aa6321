//! Validates a kyoto-kg graph: SHACL shapes ([`shapes`], `ontology/shapes.ttl`) run by a SHACL
//! engine, plus quality checks ([`checks`], `queries/checks/*-violation.rq`) that must return no
//! rows. Each problem becomes a [`Finding`] that names the focus node, the path, the offending
//! value, a message and, when the graph was built from `data/`, the file and line the fact came
//! from ([`origins`]).
//!
//! Specifications: [SHACL](https://www.w3.org/TR/shacl/) (core and SHACL-SPARQL constraints),
//! [SPARQL 1.1](https://www.w3.org/TR/sparql11-query/) for the checks.
//!
//! Design rationale: the SHACL engine is rudof's `shacl` crate, which validates an `oxrdf` graph
//! directly (no term conversion) and passes the W3C SHACL core test suite. Its SHACL-SPARQL
//! constraints are evaluated by Oxigraph's default evaluator, which could follow `SERVICE`
//! (rudof switches on Oxigraph's HTTP client); the shapes are therefore only ever read from the
//! embedded `ontology/shapes.ttl`, which a test keeps free of `SERVICE`. Each SHACL-SPARQL
//! constraint is first run once over the whole graph (`sparql_constraints`); the engine only
//! evaluates, node by node, those that some node violates.
//!
//! A build from `data/` alone validates only what its records do not vouch for
//! ([`validate_beyond_records`]; see `records.rs` for why that keeps validation's meaning).

pub mod checks;
mod finding;
pub mod origins;
mod records;
mod report;
pub mod shapes;
mod sparql_constraints;

pub use finding::{Finding, Rule};
pub use origins::Origins;
pub use records::validate_beyond_records;
pub use report::write_report;

use oxigraph::model::{GraphName, Quad, Triple};
use oxigraph::store::{StorageError, Store};

/// Why validation could not run (as opposed to the graph being invalid, which is an [`Outcome`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValidateError {
    /// The built-in shapes do not parse or compile (a bug in the release).
    #[error("the built-in SHACL shapes (ontology/shapes.ttl) are invalid: {0}")]
    Shapes(String),
    /// The built-in ontology does not parse (a bug in the release).
    #[error("the built-in ontology (ontology/kyoto.ttl) is invalid: {0}")]
    Ontology(String),
    /// The SHACL engine failed.
    #[error("the SHACL engine failed: {0}")]
    Engine(String),
    /// A quality check could not be run (a bug in the release).
    #[error("the quality check {name} failed: {message}")]
    Check {
        /// The check's name.
        name: String,
        /// What went wrong.
        message: String,
    },
    /// Reading the store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The result of validating a graph.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Violations of the SHACL shapes, sorted.
    pub shape_findings: Vec<Finding>,
    /// Rows returned by the quality checks, sorted.
    pub check_findings: Vec<Finding>,
    /// The SHACL engine's `sh:ValidationReport`, as quads of the default graph, with the
    /// quality-check findings added as further `sh:result`s.
    pub report: Vec<Quad>,
    /// How many triples were validated.
    pub triples: usize,
}

impl Outcome {
    /// Whether the graph satisfies every shape and every check.
    pub fn conforms(&self) -> bool {
        self.shape_findings.is_empty() && self.check_findings.is_empty()
    }

    /// Every finding, shapes first.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.shape_findings.iter().chain(&self.check_findings)
    }
}

/// Validates every graph of `store` (merged into one) against the shapes and the checks.
///
/// `origins` maps the IRIs minted from `data/` back to their source records; pass
/// [`Origins::default()`] when the store was not built from a data directory.
pub fn validate(store: &Store, origins: &Origins) -> Result<Outcome, ValidateError> {
    validate_against(store, origins, &shapes::triples()?)
}

/// [`validate`] against the shapes graph `shape_triples`.
fn validate_against(
    store: &Store,
    origins: &Origins,
    shape_triples: &[Triple],
) -> Result<Outcome, ValidateError> {
    // The SHACL engine spends most of its time on one core (copying the graph into its own,
    // then indexing it), so the quality checks and the whole-graph SPARQL constraints run
    // beside it (they are a tenth of the engine's time).
    let (shape_run, check_findings) = std::thread::scope(|scope| {
        let satisfied = scope.spawn(|| sparql_constraints::satisfied(store, shape_triples));
        let checks = scope.spawn(|| checks::run_all(store));
        let shape_run = all_triples(store)
            .map_err(ValidateError::from)
            .and_then(|data| shapes::run(data, shape_triples, || joined(satisfied)));
        (shape_run, joined(checks))
    });
    let (mut shape_run, mut check_findings) = (shape_run?, check_findings?);
    for finding in shape_run.findings.iter_mut().chain(&mut check_findings) {
        finding.origin = origins.get(&finding.focus).cloned();
    }
    shape_run.findings.sort();
    check_findings.sort();
    let report = report::with_checks(shape_run.report, &check_findings);
    Ok(Outcome {
        shape_findings: shape_run.findings,
        check_findings,
        report,
        triples: shape_run.triples,
    })
}

/// The result of a scoped thread, its panic passed on.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The triples of every graph of `store`, in store order: a triple in several graphs comes
/// several times (the engine's graph keeps one), and the order does not matter (findings are
/// sorted, the report is canonicalised).
fn all_triples(store: &Store) -> Result<Vec<Triple>, StorageError> {
    store
        .iter()
        .map(|q| q.map(|q| Triple::new(q.subject, q.predicate, q.object)))
        .collect()
}

/// Quads of the default graph, for the validation report.
fn in_default_graph(triples: impl IntoIterator<Item = Triple>) -> Vec<Quad> {
    triples
        .into_iter()
        .map(|t| t.in_graph(GraphName::DefaultGraph))
        .collect()
}
