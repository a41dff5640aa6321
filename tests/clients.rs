//! Issue 16, part 3: the endpoint and the entity pages answer clients as they are, with the
//! exact requests they send (captured from SPARQLWrapper 2.0 and roqet), and SPARQLWrapper
//! itself gets every return format it offers. The counts are checked against the UN listing of
//! the thematic sessions (`tests/fixtures/un-listing.txt`), not against what the server says.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use support::server::{Server, client, media_type};
use support::{listed_session_dates, project_dir};

const SESSION: &str = "https://w3id.org/kyoto-kg/id/session/2022-2";
const CONSTRUCT: &str = "PREFIX kyoto: <https://w3id.org/kyoto-kg/ontology#>\nPREFIX schema: <http://schema.org/>\nCONSTRUCT { ?s schema:startDate ?date } WHERE { ?s a kyoto:ThematicSession ; schema:startDate ?date }";
const SELECT: &str = "PREFIX kyoto: <https://w3id.org/kyoto-kg/ontology#>\nPREFIX schema: <http://schema.org/>\nSELECT ?date WHERE { ?s a kyoto:ThematicSession ; schema:startDate ?date }";

/// `GET path` with these query parameters (encoded as given: SPARQLWrapper's own encoding) and
/// `Accept`: the status, the media type and the body.
fn get(server: &Server, path_and_query: &str, accept: &str) -> (u16, String, String) {
    let response = client()
        .get(server.at(path_and_query))
        .header("Accept", accept)
        .header(
            "User-Agent",
            "sparqlwrapper 2.0.0 (rdflib.github.io/sparqlwrapper)",
        )
        .send()
        .unwrap();
    let status = response.status().as_u16();
    let media = media_type(&response);
    (status, media, response.text().unwrap())
}

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The number of triples `body` holds in `format`.
fn count(body: &str, format: RdfFormat) -> usize {
    RdfParser::from_format(format)
        .for_slice(body.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("not {format}: {e}\n{body}"))
        .len()
}

const JSONLD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

#[test]
fn sparqlwrappers_exact_requests_get_what_they_ask_for() {
    let server = Server::start(&[]);
    let sessions = listed_session_dates().len();
    let q = encoded(CONSTRUCT);
    // setReturnFormat(JSONLD): `format`, `output` and `results` twice each.
    let jsonld = format!(
        "sparql?query={q}&format=json-ld&format=application/ld%2Bjson%2Capplication/x-json%2Bld&output=json-ld&output=application/ld%2Bjson%2Capplication/x-json%2Bld&results=json-ld&results=application/ld%2Bjson%2Capplication/x-json%2Bld"
    );
    let (status, media, body) = get(
        &server,
        &jsonld,
        "application/ld+json,application/x-json+ld",
    );
    assert_eq!(
        (status, media.as_str()),
        (200, "application/ld+json"),
        "{body}"
    );
    assert_eq!(count(&body, JSONLD), sessions);
    // setReturnFormat(N3): Turtle is N3.
    let n3 = format!("sparql?query={q}&format=n3&output=n3&results=n3");
    let (status, media, body) = get(
        &server,
        &n3,
        "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3",
    );
    assert_eq!((status, media.as_str()), (200, "text/turtle"), "{body}");
    assert_eq!(count(&body, RdfFormat::Turtle), sessions);
}

#[test]
fn format_names_and_media_types_are_understood_and_unknown_ones_fall_back_to_accept() {
    let server = Server::start(&[]);
    let sessions = listed_session_dates().len();
    let (c, s) = (encoded(CONSTRUCT), encoded(SELECT));
    for (query, format, accept, expected) in [
        (&s, "json", "*/*", "application/sparql-results+json"),
        (&s, "xml", "*/*", "application/sparql-results+xml"),
        (&s, "csv", "*/*", "text/csv"),
        (&s, "tsv", "*/*", "text/tab-separated-values"),
        (&s, "text%2Fcsv", "*/*", "text/csv"),
        (
            &s,
            "yaml",
            "text/tab-separated-values",
            "text/tab-separated-values",
        ),
        (&c, "json", "*/*", "application/ld+json"),
        (&c, "xml", "*/*", "application/rdf+xml"),
        (&c, "rdf", "*/*", "application/rdf+xml"),
        (&c, "ttl", "*/*", "text/turtle"),
        (&c, "turtle", "*/*", "text/turtle"),
        (&c, "nt", "*/*", "application/n-triples"),
        (
            &c,
            "application%2Fn-triples",
            "*/*",
            "application/n-triples",
        ),
        (&c, "nt%2Cjson-ld", "*/*", "application/n-triples"),
        (&c, "yaml", "application/ld+json", "application/ld+json"),
    ] {
        let (status, media, body) = get(
            &server,
            &format!("sparql?query={query}&format={format}"),
            accept,
        );
        assert_eq!(
            (status, media.as_str()),
            (200, expected),
            "format={format}, Accept: {accept}: {body}"
        );
        if query == &c {
            let parsed = match expected {
                "application/ld+json" => count(&body, JSONLD),
                "application/rdf+xml" => count(&body, RdfFormat::RdfXml),
                "text/turtle" => count(&body, RdfFormat::Turtle),
                _ => count(&body, RdfFormat::NTriples),
            };
            assert_eq!(parsed, sessions, "format={format}");
        }
    }
}

#[test]
fn graphs_honour_plain_json_and_xml_and_query_results_types_get_turtle() {
    let server = Server::start(&[]);
    let sessions = listed_session_dates().len();
    let c = encoded(CONSTRUCT);
    for (accept, expected) in [
        ("application/json", "application/ld+json"),
        ("application/xml", "application/rdf+xml"),
        // roqet sends this with every query, CONSTRUCT included.
        ("application/sparql-results+xml", "text/turtle"),
        (
            "application/sparql-results+json,application/json;q=0.5",
            "application/ld+json",
        ),
    ] {
        let (status, media, body) = get(&server, &format!("sparql?query={c}"), accept);
        assert_eq!(
            (status, media.as_str()),
            (200, expected),
            "Accept: {accept}: {body}"
        );
        let parsed = match expected {
            "application/ld+json" => count(&body, JSONLD),
            "application/rdf+xml" => count(&body, RdfFormat::RdfXml),
            _ => count(&body, RdfFormat::Turtle),
        };
        assert_eq!(parsed, sessions, "Accept: {accept}");
    }
    let (status, _, _) = get(&server, &format!("sparql?query={c}"), "image/png");
    assert_eq!(status, 406, "what no client can read is still refused");
    let (status, _, _) = get(
        &server,
        &format!("sparql?query={}", encoded(SELECT)),
        "text/turtle",
    );
    assert_eq!(status, 406, "a table is never sent as a graph");
}

#[test]
fn entity_pages_answer_application_json_with_json_ld() {
    let server = Server::start(&[]);
    let path = SESSION.trim_start_matches("https://w3id.org/kyoto-kg/");
    let (status, media, body) = get(&server, path, "application/json");
    assert_eq!(
        (status, media.as_str()),
        (200, "application/ld+json"),
        "{body}"
    );
    let quads = RdfParser::from_format(JSONLD)
        .with_base_iri(SESSION)
        .unwrap()
        .for_slice(body.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert!(
        quads
            .iter()
            .any(|q| q.subject.to_string() == format!("<{SESSION}>")
                && q.predicate.as_str() == "http://schema.org/startDate"
                && q.object.to_string().starts_with("\"2022-12-06\"")),
        "the session's date, as the UN listing gives it"
    );
}

#[test]
#[expect(clippy::print_stdout, reason = "a skipped test says why")]
fn sparqlwrapper_itself_gets_every_return_format() {
    let Some(python) = support::ci_python::python_with(&["SPARQLWrapper", "rdflib"]) else {
        println!(
            "skipped: no CI venv with SPARQLWrapper (run .ci/run, or set KYOTO_KG_CLIENTS_PYTHON to a python with SPARQLWrapper 2.0 and rdflib)"
        );
        return;
    };
    let server = Server::start(&[]);
    let out = std::process::Command::new(python)
        .arg(project_dir().join("tests/support/sparqlwrapper_check.py"))
        .arg(server.sparql())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "SPARQLWrapper failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sessions = listed_session_dates().len();
    let expected: String = ["select-json", "select-xml", "select-csv"]
        .iter()
        .map(|case| format!("{case} {sessions}\n"))
        .chain(std::iter::once("ask-json 1\n".to_owned()))
        .chain(
            [
                "construct-jsonld",
                "construct-n3",
                "construct-turtle",
                "construct-rdfxml",
                "construct-xml",
            ]
            .iter()
            .map(|case| format!("{case} {sessions}\n")),
        )
        .collect();
    assert_eq!(stdout, expected);
}
