//! The query form of the home page, rendered by the server: the query in the editor and its
//! results (a table, a yes/no answer, a graph in Turtle) or the error, so that the form works
//! with JavaScript off (`/?query=...`, `/?q=NAME`). With JavaScript, the page's editor runs
//! queries itself and shows the results in place of these.
//!
//! The results come as SPARQL 1.1 Query Results JSON
//! (<https://www.w3.org/TR/sparql11-results-json/>) from the query workers, the same bytes the
//! endpoint sends.

use super::Linker;
use serde::Serialize;
use serde_json::Value as Json;

/// The query form's content: the text in the editor and, when a query ran, its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryForm {
    /// The named query selected in the question list, if the text is one.
    pub name: Option<String>,
    /// The SPARQL text in the editor.
    pub text: String,
    /// What running it gave; `None` when nothing ran.
    pub outcome: Option<Outcome>,
}

/// What running the form's query gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Outcome {
    /// The solutions of a SELECT query.
    Table {
        /// The variables, in order.
        vars: Vec<String>,
        /// One row per solution, one cell per variable.
        rows: Vec<Vec<ResultCell>>,
        /// How many solutions were sent.
        count: usize,
        /// The result cap, when the results were cut at it.
        truncated: Option<u64>,
        /// How long the query took, in milliseconds.
        millis: u128,
    },
    /// The answer of an ASK query.
    Boolean {
        /// The answer.
        value: bool,
        /// How long the query took, in milliseconds.
        millis: u128,
    },
    /// The graph of a CONSTRUCT or DESCRIBE query, in Turtle.
    Graph {
        /// The Turtle text.
        turtle: String,
        /// How many triples.
        count: usize,
        /// The result cap, when the graph was cut at it.
        truncated: Option<u64>,
        /// How long the query took, in milliseconds.
        millis: u128,
    },
    /// The query was refused or failed.
    Error {
        /// The HTTP status the endpoint gives for it (`400 Bad Request`, ...).
        status: String,
        /// What went wrong and what to change.
        message: String,
    },
}

/// One value in a results table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultCell {
    /// The text shown: an abbreviated IRI, a literal's lexical form, `_:b0`; empty when unbound.
    pub text: String,
    /// Where a link goes: a local page for IRIs the site serves, else the IRI itself.
    pub href: Option<String>,
    /// What a tooltip says: the full IRI, or a literal's datatype or language.
    pub title: Option<String>,
}

/// Why a results document could not be read (a fault of the server: the workers write them).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResultsError {
    /// The bytes are not JSON.
    #[error("the query results are not JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The JSON is not SPARQL results.
    #[error("the query results lack {0}")]
    Shape(&'static str),
}

/// Reads SPARQL JSON results (SELECT or ASK) into an outcome; IRIs under the linker's base
/// link to their pages, others are abbreviated with `prefixes` (`(name, namespace)`).
pub fn from_json(
    bytes: &[u8],
    linker: &Linker,
    prefixes: &[(String, String)],
    truncated: Option<u64>,
    millis: u128,
) -> Result<Outcome, ResultsError> {
    let json: Json = serde_json::from_slice(bytes)?;
    if let Some(value) = json.get("boolean").and_then(Json::as_bool) {
        return Ok(Outcome::Boolean { value, millis });
    }
    let vars: Vec<String> = json
        .pointer("/head/vars")
        .and_then(Json::as_array)
        .ok_or(ResultsError::Shape("head.vars"))?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let bindings = json
        .pointer("/results/bindings")
        .and_then(Json::as_array)
        .ok_or(ResultsError::Shape("results.bindings"))?;
    let rows: Vec<Vec<ResultCell>> = bindings
        .iter()
        .map(|binding| {
            vars.iter()
                .map(|var| cell(binding.get(var), linker, prefixes))
                .collect()
        })
        .collect();
    Ok(Outcome::Table {
        count: rows.len(),
        vars,
        rows,
        truncated,
        millis,
    })
}

/// One RDF term of a JSON binding as a table cell.
fn cell(term: Option<&Json>, linker: &Linker, prefixes: &[(String, String)]) -> ResultCell {
    let field = |name: &str| term.and_then(|t| t.get(name)).and_then(Json::as_str);
    let value = field("value").unwrap_or_default().to_owned();
    match field("type") {
        Some("uri") => ResultCell {
            text: abbreviate(&value, prefixes),
            href: Some(linker.href(&value)),
            title: Some(value),
        },
        Some("bnode") => ResultCell {
            text: format!("_:{value}"),
            href: None,
            title: None,
        },
        Some(_) => ResultCell {
            title: field("xml:lang")
                .map(|lang| format!("@{lang}"))
                .or_else(|| field("datatype").map(|dt| abbreviate(dt, prefixes))),
            text: value,
            href: None,
        },
        None => ResultCell {
            text: String::new(),
            href: None,
            title: None,
        },
    }
}

/// `prefix:local` with the longest matching namespace, else the IRI itself.
pub fn abbreviate(iri: &str, prefixes: &[(String, String)]) -> String {
    prefixes
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns.as_str()))
        .max_by_key(|(_, ns)| ns.len())
        .map_or_else(
            || iri.to_owned(),
            |(name, ns)| format!("{name}:{}", &iri[ns.len()..]),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixes() -> Vec<(String, String)> {
        vec![
            ("xsd".into(), "http://www.w3.org/2001/XMLSchema#".into()),
            ("kyoto".into(), "https://w3id.org/kyoto-kg/ontology#".into()),
            (
                "session".into(),
                "https://w3id.org/kyoto-kg/id/session/".into(),
            ),
        ]
    }

    #[test]
    fn select_results_become_rows_of_linked_and_typed_cells() -> Result<(), ResultsError> {
        let json = br#"{"head":{"vars":["s","date","label","none"]},"results":{"bindings":[
            {"s":{"type":"uri","value":"https://w3id.org/kyoto-kg/id/session/2022-2"},
             "date":{"type":"literal","value":"2022-12-06","datatype":"http://www.w3.org/2001/XMLSchema#date"},
             "label":{"type":"literal","value":"Session","xml:lang":"en"}},
            {"s":{"type":"bnode","value":"b0"},"label":{"type":"literal","value":"x"}}]}}"#;
        let linker = Linker::new("https://w3id.org/kyoto-kg/", "/");
        let Outcome::Table {
            vars, rows, count, ..
        } = from_json(json, &linker, &prefixes(), None, 3)?
        else {
            return Err(ResultsError::Shape("a table of solutions"));
        };
        assert_eq!(vars, ["s", "date", "label", "none"]);
        assert_eq!(count, 2);
        assert_eq!(rows[0][0].text, "session:2022-2");
        assert_eq!(rows[0][0].href.as_deref(), Some("/id/session/2022-2"));
        assert_eq!(rows[0][1].title.as_deref(), Some("xsd:date"));
        assert_eq!(rows[0][2].title.as_deref(), Some("@en"));
        assert_eq!(rows[0][3].text, "", "unbound");
        assert_eq!(rows[1][0].text, "_:b0");
        assert_eq!(rows[1][2].title, None, "a plain string");
        Ok(())
    }

    #[test]
    fn an_ask_answer_is_a_boolean_and_a_broken_document_an_error() {
        let linker = Linker::new("https://w3id.org/kyoto-kg/", "/");
        assert!(matches!(
            from_json(br#"{"head":{},"boolean":true}"#, &linker, &[], None, 1),
            Ok(Outcome::Boolean { value: true, .. })
        ));
        assert!(from_json(b"{}", &linker, &[], None, 1).is_err());
        assert!(from_json(b"<html>", &linker, &[], None, 1).is_err());
    }

    #[test]
    fn the_longest_namespace_wins_and_unknown_iris_stay_whole() {
        let p = prefixes();
        assert_eq!(
            abbreviate("https://w3id.org/kyoto-kg/ontology#Topic", &p),
            "kyoto:Topic"
        );
        assert_eq!(
            abbreviate("http://example.org/x", &p),
            "http://example.org/x"
        );
    }
}
