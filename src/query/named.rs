//! The named queries of `queries/*.rq`, embedded at build time, and their header comments.
//!
//! A named query is standalone SPARQL 1.1: it declares its prefixes (`PREFIX` lines) and the
//! default of each parameter (a `VALUES ?NAME { DEFAULT }` line at the head of its `WHERE`
//! group), so any engine runs its text unchanged. It opens with comment lines: the first is the
//! question it answers, the next ones (until the query) describe it, and `@param NAME
//! DESCRIPTION` lines say what each parameter means; `--param NAME=VALUE` replaces the value
//! of the parameter's `VALUES` line (see [`super::params`]).

use super::params;
use spargebra::SparqlParser;
use spargebra::term::GroundTerm;
use std::sync::LazyLock;

include!(concat!(env!("OUT_DIR"), "/named_queries.rs"));

/// A query parameter declared in a named query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The variable name, without `?`.
    pub name: String,
    /// The value of the query's `VALUES` line for it, used when the user gives none: `<iri>`
    /// for an IRI, else the text of the literal.
    pub default: String,
    /// What it means.
    pub description: String,
}

/// A named query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    /// Its name: the file stem (`timeline` for `queries/timeline.rq`).
    pub name: &'static str,
    /// The question it answers (first header line).
    pub question: String,
    /// Further explanation from the header.
    pub description: String,
    /// Its parameters.
    pub params: Vec<Param>,
    /// The SPARQL text, header, `PREFIX` lines and parameter defaults included: what any
    /// SPARQL 1.1 engine runs as it is.
    pub text: &'static str,
}

impl NamedQuery {
    fn parse(name: &'static str, text: &'static str) -> Self {
        let mut question = String::new();
        let mut description: Vec<&str> = Vec::new();
        let mut declared: Vec<(String, String)> = Vec::new();
        for line in text.lines() {
            let Some(comment) = line.trim_start().strip_prefix('#') else {
                break;
            };
            let comment = comment.trim();
            if let Some(decl) = comment.strip_prefix("@param") {
                let decl = decl.trim();
                let (name, meaning) = decl.split_once(char::is_whitespace).unwrap_or((decl, ""));
                declared.push((name.to_owned(), meaning.trim().to_owned()));
            } else if question.is_empty() {
                question = comment.to_owned();
            } else {
                description.push(comment);
            }
        }
        // The queries are constants of this crate, parsed without the project's prefixes
        // (a test checks that each parses and declares a VALUES line per parameter).
        let values = SparqlParser::new()
            .parse_query(text)
            .map(params::declared_values)
            .unwrap_or_default();
        let params = declared
            .into_iter()
            .map(|(name, description)| Param {
                default: values
                    .iter()
                    .find(|(v, _)| v.as_str() == name)
                    .map(|(_, value)| default_text(value))
                    .unwrap_or_default(),
                name,
                description,
            })
            .collect();
        Self {
            name,
            question,
            description: description.join(" ").trim().to_owned(),
            params,
            text,
        }
    }
}

/// A parameter value as `--param` takes it: `<iri>` for an IRI, the text of a literal.
fn default_text(value: &GroundTerm) -> String {
    match value {
        GroundTerm::NamedNode(iri) => iri.to_string(),
        GroundTerm::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

/// The named queries, parsed once.
static CATALOG: LazyLock<Vec<NamedQuery>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(name, text)| NamedQuery::parse(name, text))
        .collect()
});

/// Every named query, sorted by name.
pub fn catalog() -> Vec<NamedQuery> {
    CATALOG.clone()
}

/// The named query called `name`, or the list of valid names.
pub fn find(name: &str) -> Result<NamedQuery, String> {
    CATALOG
        .iter()
        .find(|q| q.name == name)
        .cloned()
        .ok_or_else(|| {
            let names: Vec<&str> = SOURCES.iter().map(|(n, _)| *n).collect();
            format!(
                "there is no named query {name:?}; choose from: {} (see `kyoto-kg queries`)",
                names.join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_query_says_what_question_it_answers() {
        let catalog = catalog();
        assert!(catalog.len() >= 8, "{} named queries", catalog.len());
        for query in catalog {
            assert!(
                query.question.ends_with('?'),
                "{}: the first header line should be a question, got {:?}",
                query.name,
                query.question
            );
        }
    }

    #[test]
    fn params_take_their_defaults_from_the_values_lines() {
        let find = |name: &str, param: &str| {
            find(name)
                .ok()
                .and_then(|q| q.params.into_iter().find(|p| p.name == param))
                .map(|p| (p.default, p.description.is_empty()))
        };
        assert_eq!(
            find("sessions-on-keyword", "keyword"),
            Some(("justice".to_owned(), false))
        );
        assert_eq!(
            find("session-neighbourhood", "session"),
            Some((
                "<https://w3id.org/kyoto-kg/id/session/2022-2>".to_owned(),
                false
            ))
        );
        assert_eq!(
            find("topics-by-sdg-target", "target"),
            Some((String::new(), false))
        );
    }

    #[test]
    fn every_query_and_check_is_standalone_sparql_with_a_values_line_per_parameter() {
        // issue 16: no prefix may be left to the engine, and each @param has its VALUES line.
        let checks: Vec<(&str, &str)> = crate::validate::checks::all()
            .into_iter()
            .map(|c| (c.name, c.text))
            .collect();
        for (name, text) in SOURCES.iter().chain(&checks) {
            let query = SparqlParser::new().parse_query(text);
            assert!(query.is_ok(), "{name}: {:?}", query.err());
            let declared: Vec<String> = query
                .map(params::declared_values)
                .unwrap_or_default()
                .into_iter()
                .map(|(v, _)| v.into_string())
                .collect();
            let documented: Vec<String> = CATALOG
                .iter()
                .find(|q| q.name == *name)
                .map(|q| q.params.iter().map(|p| p.name.clone()).collect())
                .unwrap_or_default();
            assert_eq!(declared, documented, "{name}: VALUES lines against @param");
        }
    }
}
