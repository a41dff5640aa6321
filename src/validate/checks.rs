//! Quality checks: SPARQL queries in `queries/checks/*-violation.rq`, embedded at build time,
//! each returning zero rows on good data.
//!
//! A check opens with a `# Guards: ...` comment saying what it guards. It selects `?focus`
//! (the offending node) and may select `?path`, `?value` and `?message`; every row is a
//! [`Finding`]. Adding a file is enough to add a check.

use super::ValidateError;
use super::finding::{Finding, Rule};
use crate::query;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;

include!(concat!(env!("OUT_DIR"), "/quality_checks.rs"));

/// A quality check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Its name: the file stem (`label-whitespace-violation`).
    pub name: &'static str,
    /// What it guards (the first header line, without `Guards:`).
    pub guards: String,
    /// The SPARQL text.
    pub text: &'static str,
}

/// Every check, sorted by name.
pub fn all() -> Vec<Check> {
    SOURCES
        .iter()
        .map(|(name, text)| Check {
            name,
            guards: guards(text),
            text,
        })
        .collect()
}

fn guards(text: &str) -> String {
    text.lines()
        .next()
        .and_then(|l| l.trim().strip_prefix('#'))
        .map(|l| l.trim().trim_start_matches("Guards:").trim().to_owned())
        .unwrap_or_default()
}

/// Runs every check on `store`.
pub fn run_all(store: &Store) -> Result<Vec<Finding>, ValidateError> {
    let mut out = Vec::new();
    for check in all() {
        out.extend(run(store, &check)?);
    }
    Ok(out)
}

/// Runs one check on `store`.
pub fn run(store: &Store, check: &Check) -> Result<Vec<Finding>, ValidateError> {
    let failed = |message: String| ValidateError::Check {
        name: check.name.to_owned(),
        message,
    };
    let prepared = query::prepare(check.text, &[]).map_err(|e| failed(e.to_string()))?;
    let QueryResults::Solutions(solutions) =
        query::run(store, prepared).map_err(|e| failed(e.to_string()))?
    else {
        return Err(failed("a check must be a SELECT query".into()));
    };
    let mut out = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| failed(e.to_string()))?;
        let Some(focus) = solution.get("focus") else {
            return Err(failed("a check must select ?focus".into()));
        };
        out.push(Finding {
            origin: None,
            focus: node_text(focus),
            rule: Rule::Check(check.name.to_owned()),
            path: solution.get("path").map(node_text),
            value: solution.get("value").map(ToString::to_string),
            message: match solution.get("message") {
                Some(Term::Literal(l)) => l.value().to_owned(),
                _ => check.guards.clone(),
            },
        });
    }
    Ok(out)
}

/// An IRI bare, anything else in N-Triples form.
fn node_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_says_what_it_guards_and_is_named_as_a_violation() {
        let checks = all();
        assert!(checks.len() >= 5, "{checks:?}");
        for check in checks {
            assert!(check.name.ends_with("-violation"), "{}", check.name);
            assert!(
                check.text.starts_with("# Guards: ") && check.guards.len() > 20,
                "{}",
                check.name
            );
        }
    }

    #[test]
    fn every_check_is_valid_sparql_that_selects_focus() -> Result<(), Box<dyn std::error::Error>> {
        let store = Store::new()?;
        for check in all() {
            assert!(check.text.contains("?focus"), "{}", check.name);
            assert!(run(&store, &check)?.is_empty(), "{}", check.name);
        }
        Ok(())
    }
}
