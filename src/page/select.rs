//! Running the SELECT queries behind the pages and reading their solutions.

use super::PageError;
use crate::query;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::BTreeMap;

/// One solution: variable name to value.
pub(super) type Row = BTreeMap<String, Term>;

/// The solutions of the SELECT query `text` over `store`, with `params` bound as
/// [`query::prepare`] binds them (`name=<iri>` or `name=text`).
pub(super) fn rows(store: &Store, text: &str, params: &[String]) -> Result<Vec<Row>, PageError> {
    let prepared = query::prepare(text, params).map_err(|e| PageError::Query(e.to_string()))?;
    let QueryResults::Solutions(solutions) =
        query::run(store, prepared).map_err(|e| PageError::Query(e.to_string()))?
    else {
        return Err(PageError::Query("not a SELECT query".into()));
    };
    solutions
        .map(|s| {
            let s = s.map_err(|e| PageError::Query(e.to_string()))?;
            Ok(s.iter()
                .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                .collect())
        })
        .collect()
}

/// The solutions of the named query `name` (`queries/NAME.rq`), its parameters bound to
/// `params` and the defaults of the others.
pub(super) fn named_rows(
    store: &Store,
    name: &str,
    params: &[String],
) -> Result<Vec<Row>, PageError> {
    let named = query::find(name).map_err(PageError::Query)?;
    rows(store, named.text, params)
}

/// The value of `name` as text: a literal's lexical form, else the term in N-Triples.
pub(super) fn text(row: &Row, name: &str) -> String {
    match row.get(name) {
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The value of `name` if it is an IRI.
pub(super) fn node(row: &Row, name: &str) -> Option<NamedNode> {
    match row.get(name) {
        Some(Term::NamedNode(n)) => Some(n.clone()),
        _ => None,
    }
}

/// The value of `name` as a count (0 when unbound or not a number).
pub(super) fn count(row: &Row, name: &str) -> usize {
    text(row, name).parse().unwrap_or(0)
}
