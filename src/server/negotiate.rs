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
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
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

    /// The media type sent in `Content-Type`: Oxigraph's for its formats (without the charset
    /// parameter it gives CSV and TSV, which [`Output::content_type`] adds to every output).
    pub fn media_type(self) -> &'static str {
        let results = |format: QueryResultsFormat| {
            let media_type = format.media_type();
            media_type.split(';').next().unwrap_or(media_type).trim()
        };
        match self {
            Self::ResultsJson => results(QueryResultsFormat::Json),
            Self::ResultsXml => results(QueryResultsFormat::Xml),
            Self::Csv => results(QueryResultsFormat::Csv),
            Self::Tsv => results(QueryResultsFormat::Tsv),
            Self::Turtle => RdfFormat::Turtle.media_type(),
            Self::NTriples => RdfFormat::NTriples.media_type(),
            Self::RdfXml => RdfFormat::RdfXml.media_type(),
            Self::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }
            .media_type(),
            Self::Html => "text/html",
        }
    }

    /// The `Content-Type` header value (text formats are UTF-8).
    pub fn content_type(self) -> String {
        format!("{}; charset=utf-8", self.media_type())
    }

    /// Other media types clients use for the same format. `application/json` and
    /// `application/xml` name the results formats of SELECT and ASK, and JSON-LD and RDF/XML
    /// for graphs: [`choose`] only ever matches the outputs offered, which are of one kind.
    const fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::ResultsJson => &[
                "application/json",
                "text/javascript",
                "application/javascript",
            ],
            Self::ResultsXml => &["application/xml", "text/xml"],
            // N3 is a superset of Turtle: a Turtle document is an N3 document.
            Self::Turtle => &[
                "application/x-turtle",
                "application/turtle",
                "text/n3",
                "text/rdf+n3",
                "application/n3",
            ],
            Self::NTriples => &["text/plain"],
            Self::RdfXml => &["application/xml", "text/xml"],
            Self::JsonLd => &["application/json", "application/x-json+ld"],
            Self::Html => &["application/xhtml+xml"],
            Self::Csv | Self::Tsv => &[],
        }
    }

    /// The short names accepted by the `format` parameter and as file suffixes; `json` and
    /// `xml` name a results format or an RDF one, whichever kind is offered.
    const fn names(self) -> &'static [&'static str] {
        match self {
            Self::ResultsJson => &["json", "srj", "sparql-results+json"],
            Self::ResultsXml => &["xml", "srx", "sparql-results+xml"],
            Self::Csv => &["csv"],
            Self::Tsv => &["tsv"],
            Self::Turtle => &["turtle", "ttl", "n3"],
            Self::NTriples => &["ntriples", "nt", "n-triples"],
            Self::RdfXml => &["rdfxml", "rdf", "rdf+xml", "rdf/xml", "xml"],
            Self::JsonLd => &["jsonld", "json-ld", "ld+json", "json"],
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

    /// The output a `format` parameter or file suffix names among `offered`: a short name or
    /// a media type (parameters such as `;charset=utf-8` ignored).
    pub fn from_name(name: &str, offered: &[Self]) -> Option<Self> {
        let wanted = name
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        offered.iter().copied().find(|o| {
            o.names().contains(&wanted.as_str())
                || o.media_type() == wanted
                || o.aliases().contains(&wanted.as_str())
        })
    }
}

/// Nothing the client accepts is offered; carries what is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("none of the requested media types is available here; supported: {}", .0.join(", "))]
pub struct NotAcceptable(pub Vec<&'static str>);

/// Picks the output for a request, as tolerantly as Fuseki and Virtuoso do:
///
/// 1. the `format` parameter, when one of its comma-separated names or media types (the
///    values of repeated `format` parameters are joined with commas) is among `offered`: the
///    first that is wins, over `Accept`;
/// 2. else (no `format`, or none of its names known here) the best match of the `Accept`
///    header;
/// 3. else, for a graph (Turtle offered), Turtle when `Accept` names only SPARQL results types
///    (roqet asks every query for `application/sparql-results+xml`): the client asked for the
///    result of a query and gets the graph in the default RDF format;
/// 4. else the first of `offered` when there is no usable `Accept`, and 406 when there is one
///    that nothing offered matches.
pub fn choose(
    accept: Option<&str>,
    format: Option<&str>,
    offered: &[Output],
) -> Result<Output, NotAcceptable> {
    if let Some(output) = format
        .into_iter()
        .flat_map(|f| f.split(','))
        .find_map(|name| Output::from_name(name, offered))
    {
        return Ok(output);
    }
    by_accept(accept, offered).or_else(|refused| {
        let only_results = accept.is_some_and(|a| {
            strip_params(a).split(',').all(|range| {
                let media = range.split(';').next().unwrap_or_default().trim();
                Output::RESULTS
                    .iter()
                    .any(|o| o.media_type().eq_ignore_ascii_case(media))
            })
        });
        if only_results && offered.contains(&Output::Turtle) {
            Ok(Output::Turtle)
        } else {
            Err(refused)
        }
    })
}

/// The best output of `offered` for the `Accept` header.
fn by_accept(accept: Option<&str>, offered: &[Output]) -> Result<Output, NotAcceptable> {
    let not_acceptable = || NotAcceptable(offered.iter().map(|o| o.media_type()).collect());
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
    fn every_output_has_its_registered_media_type() {
        let registered = [
            (Output::ResultsJson, "application/sparql-results+json"),
            (Output::ResultsXml, "application/sparql-results+xml"),
            (Output::Csv, "text/csv"),
            (Output::Tsv, "text/tab-separated-values"),
            (Output::Turtle, "text/turtle"),
            (Output::NTriples, "application/n-triples"),
            (Output::RdfXml, "application/rdf+xml"),
            (Output::JsonLd, "application/ld+json"),
            (Output::Html, "text/html"),
        ];
        for (output, media_type) in registered {
            assert_eq!(output.media_type(), media_type);
            assert_eq!(
                output.content_type(),
                format!("{media_type}; charset=utf-8")
            );
        }
    }

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
    }

    #[test]
    fn format_names_follow_the_kind_of_result() {
        // issue 16: the short names of Fuseki and Virtuoso, for a table and for a graph.
        for (name, results, graph) in [
            ("json", Output::ResultsJson, Output::JsonLd),
            ("xml", Output::ResultsXml, Output::RdfXml),
            ("application/json", Output::ResultsJson, Output::JsonLd),
            ("application/xml", Output::ResultsXml, Output::RdfXml),
        ] {
            assert_eq!(
                choose(None, Some(name), &Output::RESULTS),
                Ok(results),
                "{name}"
            );
            assert_eq!(choose(None, Some(name), &Output::RDF), Ok(graph), "{name}");
        }
        for (name, graph) in [
            ("n3", Output::Turtle),
            ("text/n3", Output::Turtle),
            ("ttl", Output::Turtle),
            ("turtle", Output::Turtle),
            ("rdf", Output::RdfXml),
            ("nt", Output::NTriples),
            ("json-ld", Output::JsonLd),
            ("application/x-json+ld", Output::JsonLd),
        ] {
            assert_eq!(choose(None, Some(name), &Output::RDF), Ok(graph), "{name}");
        }
        assert_eq!(choose(None, Some("csv"), &Output::RESULTS), Ok(Output::Csv));
        assert_eq!(choose(None, Some("tsv"), &Output::RESULTS), Ok(Output::Tsv));
    }

    #[test]
    fn sparqlwrappers_repeated_format_lists_are_understood() {
        // issue 16: its CONSTRUCT as JSON-LD got 406; the protocol joins repeated values.
        let format = "json-ld,application/ld+json,application/x-json+ld";
        assert_eq!(
            choose(
                Some("application/ld+json,application/x-json+ld"),
                Some(format),
                &Output::RDF
            ),
            Ok(Output::JsonLd)
        );
    }

    #[test]
    fn an_unknown_format_falls_back_to_accept() {
        // issue 16: was 406 even when Accept was fine.
        assert_eq!(
            choose(Some("text/turtle"), Some("n3"), &Output::RESULTS),
            Err(NotAcceptable(
                Output::RESULTS.iter().map(|o| o.media_type()).collect()
            )),
            "a graph format for a table: Accept decides, and it has nothing offered"
        );
        assert_eq!(
            choose(Some("text/csv"), Some("yaml"), &Output::RESULTS),
            Ok(Output::Csv)
        );
        assert_eq!(
            choose(None, Some("turtle"), &Output::RESULTS),
            Ok(Output::ResultsJson)
        );
    }

    #[test]
    fn a_graph_asked_for_as_query_results_is_turtle() {
        // issue 16: roqet sends `Accept: application/sparql-results+xml` with every query.
        for accept in [
            "application/sparql-results+xml",
            "application/sparql-results+json, text/csv;q=0.5",
        ] {
            assert_eq!(
                choose(Some(accept), None, &Output::RDF),
                Ok(Output::Turtle),
                "{accept}"
            );
        }
        assert!(
            choose(Some("image/png"), None, &Output::RDF).is_err(),
            "other types are still refused"
        );
        assert!(
            choose(Some("text/turtle"), None, &Output::RESULTS).is_err(),
            "and a table is never sent as a graph format"
        );
    }

    #[test]
    fn plain_json_and_xml_get_json_ld_and_rdf_xml_for_graphs() {
        // issue 16: `Accept: application/json` on /id/... and for CONSTRUCT got 406.
        let resource = [
            Output::Html,
            Output::Turtle,
            Output::JsonLd,
            Output::NTriples,
            Output::RdfXml,
        ];
        assert_eq!(
            choose(Some("application/json"), None, &resource),
            Ok(Output::JsonLd)
        );
        assert_eq!(
            choose(Some("application/json"), None, &Output::RDF),
            Ok(Output::JsonLd)
        );
        assert_eq!(
            choose(Some("application/xml"), None, &Output::RDF),
            Ok(Output::RdfXml)
        );
        assert_eq!(
            choose(Some("application/json"), None, &Output::RESULTS),
            Ok(Output::ResultsJson)
        );
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
