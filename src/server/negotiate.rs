//! Content negotiation: which representation to send, from the `Accept` header (with q-values,
//! RFC 9110 §12.5.1), a `format` parameter, or a file suffix.
//!
//! Parsing and ranking of the `Accept` header is done by the `headers-accept` crate; this module
//! lists what each resource offers, maps the usual aliases clients send (`application/json`
//! for SPARQL JSON results, `text/xml`, `application/x-turtle`, ...) to our formats, and
//! drops media-type parameters other than `q` (`;charset=utf-8`) before matching.

use crate::serialize::Format;
use headers_accept::Accept;
use mediatype::MediaType;
use oxigraph::sparql::results::QueryResultsFormat;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A representation the server can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Output {
    /// SPARQL 1.1 Query Results JSON.
    ResultsJson,
    /// SPARQL Query Results XML.
    ResultsXml,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// Turtle.
    Turtle,
    /// N-Triples.
    NTriples,
    /// RDF/XML.
    RdfXml,
    /// JSON-LD.
    JsonLd,
    /// An HTML page for people.
    Html,
}

impl Output {
    /// The formats of SELECT and ASK results, in order of preference when the client has none.
    pub const RESULTS: [Self; 4] = [Self::ResultsJson, Self::ResultsXml, Self::Csv, Self::Tsv];
    /// The RDF formats of CONSTRUCT and DESCRIBE results, Turtle first.
    pub const RDF: [Self; 4] = [Self::Turtle, Self::JsonLd, Self::NTriples, Self::RdfXml];

    /// The media type sent in `Content-Type`.
    pub const fn media_type(self) -> &'static str {
        match self {
            Self::ResultsJson => "application/sparql-results+json",
            Self::ResultsXml => "application/sparql-results+xml",
            Self::Csv => "text/csv",
            Self::Tsv => "text/tab-separated-values",
            Self::Turtle => "text/turtle",
            Self::NTriples => "application/n-triples",
            Self::RdfXml => "application/rdf+xml",
            Self::JsonLd => "application/ld+json",
            Self::Html => "text/html",
        }
    }

    /// The `Content-Type` header value (text formats are UTF-8).
    pub fn content_type(self) -> String {
        format!("{}; charset=utf-8", self.media_type())
    }

    /// Other media types clients use for the same format.
    const fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::ResultsJson => &["application/json"],
            Self::ResultsXml => &["application/xml", "text/xml"],
            Self::Turtle => &["application/x-turtle"],
            Self::NTriples => &["text/plain"],
            Self::Html => &["application/xhtml+xml"],
            Self::Csv | Self::Tsv | Self::RdfXml | Self::JsonLd => &[],
        }
    }

    /// The short names accepted by the `format` parameter and as file suffixes.
    const fn names(self) -> &'static [&'static str] {
        match self {
            Self::ResultsJson => &["json", "srj"],
            Self::ResultsXml => &["xml", "srx"],
            Self::Csv => &["csv"],
            Self::Tsv => &["tsv"],
            Self::Turtle => &["turtle", "ttl"],
            Self::NTriples => &["ntriples", "nt"],
            Self::RdfXml => &["rdfxml", "rdf"],
            Self::JsonLd => &["jsonld", "json-ld"],
            Self::Html => &["html"],
        }
    }

    /// The SPARQL results format, for SELECT and ASK outputs.
    pub const fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::ResultsJson => Some(QueryResultsFormat::Json),
            Self::ResultsXml => Some(QueryResultsFormat::Xml),
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            _ => None,
        }
    }

    /// The RDF format, for graph outputs.
    pub const fn rdf_format(self) -> Option<Format> {
        match self {
            Self::Turtle => Some(Format::Turtle),
            Self::NTriples => Some(Format::NTriples),
            Self::RdfXml => Some(Format::RdfXml),
            Self::JsonLd => Some(Format::JsonLd),
            _ => None,
        }
    }

    /// The output a `format` parameter or file suffix names: a short name or a media type.
    pub fn from_name(name: &str) -> Option<Self> {
        let wanted = name.trim().to_ascii_lowercase();
        ALL.into_iter().find(|o| {
            o.names().contains(&wanted.as_str())
                || o.media_type() == wanted
                || o.aliases().contains(&wanted.as_str())
        })
    }
}

const ALL: [Output; 9] = [
    Output::ResultsJson,
    Output::ResultsXml,
    Output::Csv,
    Output::Tsv,
    Output::Turtle,
    Output::NTriples,
    Output::RdfXml,
    Output::JsonLd,
    Output::Html,
];

/// Nothing the client accepts is offered; carries what is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("none of the requested media types is available here; supported: {}", .0.join(", "))]
pub struct NotAcceptable(pub Vec<&'static str>);

/// Picks the output for a request: the `format` parameter if given (it must be one of
/// `offered`), else the best match of the `Accept` header, else the first of `offered`.
pub fn choose(
    accept: Option<&str>,
    format: Option<&str>,
    offered: &[Output],
) -> Result<Output, NotAcceptable> {
    let not_acceptable = || NotAcceptable(offered.iter().map(|o| o.media_type()).collect());
    if let Some(name) = format {
        return Output::from_name(name)
            .filter(|o| offered.contains(o))
            .ok_or_else(not_acceptable);
    }
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return offered.first().copied().ok_or_else(not_acceptable);
    };
    // An unparsable header is treated as absent rather than refused (RFC 9110 allows either);
    // so is one whose every range has an invalid q-value.
    let accept = strip_params(accept);
    if accept.is_empty() {
        return offered.first().copied().ok_or_else(not_acceptable);
    }
    let Ok(parsed) = Accept::from_str(&accept) else {
        return offered.first().copied().ok_or_else(not_acceptable);
    };
    // Every media type we offer, all canonical types before any alias (a tie goes to the
    // earlier), each tagged with its output.
    let candidates: Vec<(String, Output)> = offered
        .iter()
        .map(|o| (o.media_type().to_owned(), *o))
        .chain(
            offered
                .iter()
                .flat_map(|o| o.aliases().iter().map(|m| ((*m).to_owned(), *o))),
        )
        .collect();
    let parsed_candidates: Vec<(MediaType<'_>, Output)> = candidates
        .iter()
        .filter_map(|(m, o)| MediaType::parse(m).ok().map(|mt| (mt, *o)))
        .collect();
    let best = parsed.negotiate(parsed_candidates.iter().map(|(mt, _)| mt));
    best.and_then(|best| {
        parsed_candidates
            .iter()
            .find(|(mt, _)| mt == best)
            .map(|(_, o)| *o)
    })
    .ok_or_else(not_acceptable)
}

/// Drops every media-type parameter but `q` (`text/csv; charset=utf-8; q=0.5` ->
/// `text/csv;q=0.5`), so that parameters we ignore do not prevent a match, and ignores every
/// range whose q-value is not one RFC 9110 allows (`text/csv;q=-1`, `q=2`, `q=0.5x`): such a
/// range says nothing a server can rely on.
fn strip_params(accept: &str) -> String {
    accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';').map(str::trim);
            let media = parts.next().filter(|m| !m.is_empty())?;
            let q = parts.find_map(|p| {
                p.split_once('=')
                    .filter(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
                    .map(|(_, v)| v.trim())
            });
            Some(match q {
                Some(q) if is_qvalue(q) => format!("{media};q={q}"),
                Some(_) => return None,
                None => media.to_owned(),
            })
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether `value` is a `qvalue` (RFC 9110 §12.4.2): `0` to `1` with at most three decimals.
fn is_qvalue(value: &str) -> bool {
    let (whole, decimals) = value.split_once('.').unwrap_or((value, ""));
    decimals.len() <= 3
        && match whole {
            "0" => decimals.bytes().all(|b| b.is_ascii_digit()),
            "1" => decimals.bytes().all(|b| b == b'0'),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_values_rank_the_offered_types() {
        let accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1";
        assert_eq!(
            choose(Some(accept), None, &Output::RESULTS),
            Ok(Output::ResultsXml)
        );
    }

    #[test]
    fn aliases_and_parameters_are_understood() {
        let sparqlwrapper = "application/sparql-results+json,application/json,text/javascript";
        assert_eq!(
            choose(Some(sparqlwrapper), None, &Output::RESULTS),
            Ok(Output::ResultsJson)
        );
        assert_eq!(
            choose(Some("text/turtle; charset=utf-8"), None, &Output::RDF),
            Ok(Output::Turtle)
        );
        assert_eq!(
            choose(Some("application/json"), None, &Output::RESULTS),
            Ok(Output::ResultsJson)
        );
    }

    #[test]
    fn a_zero_q_value_excludes_a_type() {
        assert_eq!(
            choose(Some("text/csv;q=0, text/*"), None, &Output::RESULTS),
            Ok(Output::Tsv)
        );
    }

    #[test]
    fn ranges_with_invalid_q_values_are_ignored() {
        // issue 14: `text/csv;q=-1` was served CSV.
        for accept in [
            "text/csv;q=-1",
            "text/csv;q=2",
            "text/csv;q=0.5x",
            "text/csv;q=1.5",
        ] {
            assert_eq!(
                choose(Some(accept), None, &Output::RESULTS),
                Ok(Output::ResultsJson),
                "{accept}: ignored, so the default"
            );
        }
        assert_eq!(
            choose(
                Some("text/csv;q=-1, text/tab-separated-values;q=0.2"),
                None,
                &Output::RESULTS
            ),
            Ok(Output::Tsv)
        );
        assert!(is_qvalue("0.125") && is_qvalue("1.000") && is_qvalue("0") && !is_qvalue("0.1234"));
    }

    #[test]
    fn nothing_acceptable_lists_what_is_offered() {
        let err = choose(Some("image/png"), None, &Output::RESULTS).err();
        assert!(
            err.is_some_and(|e| e.to_string().contains("text/tab-separated-values")),
            "expected a 406 listing the supported types"
        );
    }

    #[test]
    fn the_format_parameter_wins_over_accept() {
        assert_eq!(
            choose(Some("text/csv"), Some("json"), &Output::RESULTS),
            Ok(Output::ResultsJson)
        );
        assert!(choose(None, Some("turtle"), &Output::RESULTS).is_err());
    }

    #[test]
    fn browsers_get_html_where_it_is_offered() {
        let chrome = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(
            choose(
                Some(chrome),
                None,
                &[Output::Html, Output::Turtle, Output::JsonLd]
            ),
            Ok(Output::Html)
        );
    }
}
