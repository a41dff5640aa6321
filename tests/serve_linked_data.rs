//! Dereferencing the graph's IRIs on `kyoto-kg serve`: HTML for browsers, Turtle and JSON-LD for
//! clients (by `Accept` or suffix), 404 pages, the ontology, the dataset description and its
//! downloads, and the browser UI.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::Quad;
use reqwest::StatusCode;
use support::listed_session_dates;
use support::server::{BROWSER, Server, client};

const SESSION: &str = "https://w3id.org/kyoto-kg/id/session/2022-2";
const JSONLD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

fn fetch(server: &Server, path: &str, accept: &str) -> (StatusCode, String, Vec<u8>) {
    let response = client()
        .get(server.at(path))
        .header("Accept", accept)
        .send()
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.bytes().unwrap().to_vec())
}

/// The page as text, with the `/` that minijinja's HTML escaping writes as `&#x2f;` restored.
fn page_text(body: Vec<u8>) -> String {
    String::from_utf8(body).unwrap().replace("&#x2f;", "/")
}

fn parse(body: &[u8], format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(body)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(body)))
}

fn has(quads: &[Quad], s: &str, p: &str, o: &str) -> bool {
    quads.iter().any(|q| {
        q.subject.to_string() == format!("<{s}>")
            && q.predicate.as_str() == p
            && (q.object.to_string() == o || q.object.to_string().starts_with(&format!("{o}^^")))
    })
}

#[test]
fn a_session_iri_answers_html_to_browsers_with_labels_links_and_incoming_links() {
    let server = Server::start(&["--workers", "1"]);
    let (status, content_type, body) = fetch(&server, "/id/session/2022-2", BROWSER);
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = page_text(body);
    assert!(html.contains("Thematic session 2 of 2022"), "its label");
    assert!(html.contains("2022-12-06"), "its date");
    assert!(
        html.contains("href=\"/id/discussion/2022\""),
        "a link to its discussion"
    );
    assert!(
        html.contains("href=\"/id/topic/improving-prison-conditions\""),
        "links to its topics"
    );
    assert!(
        html.contains("Improving prison conditions"),
        "the topic's label, not its IRI"
    );
    let (_, _, topic) = fetch(&server, "/id/topic/improving-prison-conditions", BROWSER);
    let topic = page_text(topic);
    assert!(topic.contains("Linked from"), "incoming links are shown");
    assert!(
        topic.contains("href=\"/id/session/2022-2\""),
        "the session that discussed it"
    );
}

#[test]
fn a_session_iri_answers_turtle_and_json_ld_by_accept_and_by_suffix() {
    let server = Server::start(&["--workers", "1"]);
    let date = "\"2022-12-06\"";
    let start = "http://schema.org/startDate";
    for (path, accept, format, media) in [
        (
            "/id/session/2022-2",
            "text/turtle",
            RdfFormat::Turtle,
            "text/turtle",
        ),
        (
            "/id/session/2022-2",
            "application/ld+json",
            JSONLD,
            "application/ld+json",
        ),
        (
            "/id/session/2022-2.ttl",
            BROWSER,
            RdfFormat::Turtle,
            "text/turtle",
        ),
        (
            "/id/session/2022-2.jsonld",
            "*/*",
            JSONLD,
            "application/ld+json",
        ),
        (
            "/id/session/2022-2",
            "application/n-triples",
            RdfFormat::NTriples,
            "application/n-triples",
        ),
    ] {
        let (status, content_type, body) = fetch(&server, path, accept);
        assert_eq!(status, StatusCode::OK, "{path} {accept}");
        assert!(
            content_type.starts_with(media),
            "{path} {accept}: {content_type}"
        );
        let quads = parse(&body, format);
        assert!(
            has(&quads, SESSION, start, date),
            "{path} {accept}: the date is stated"
        );
        assert!(
            quads.iter().all(|q| q.graph_name.is_default_graph()),
            "{path} {accept}: a description is one graph (rdflib reads JSON-LD named graphs as empty)"
        );
    }
}

#[test]
fn unknown_iris_get_a_404_page_that_links_home() {
    let server = Server::start(&["--workers", "1"]);
    let (status, content_type, body) = fetch(&server, "/id/session/1999-9", BROWSER);
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(content_type.starts_with("text/html"));
    let html = page_text(body);
    assert!(html.contains("href=\"/\""), "links home");
    assert!(html.contains("https://w3id.org/kyoto-kg/id/session/1999-9"));
    let (status, _, _) = fetch(&server, "/id/session/1999-9", "text/turtle");
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn the_ontology_is_served_with_its_terms() {
    let server = Server::start(&["--workers", "1"]);
    let (status, _, body) = fetch(&server, "/ontology", BROWSER);
    assert_eq!(status, StatusCode::OK);
    let html = page_text(body);
    assert!(
        html.contains("id=\"ThematicSession\""),
        "each term has an anchor"
    );
    let (status, _, body) = fetch(&server, "/ontology", "text/turtle");
    assert_eq!(status, StatusCode::OK);
    let quads = parse(&body, RdfFormat::Turtle);
    let class = "https://w3id.org/kyoto-kg/ontology#ThematicSession";
    assert!(has(
        &quads,
        class,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "<http://www.w3.org/2002/07/owl#Class>"
    ));
    assert!(
        quads
            .iter()
            .any(|q| q.subject.to_string() == format!("<{class}>")
                && q.predicate.as_str() == "http://www.w3.org/2000/01/rdf-schema#comment")
    );
}

#[test]
fn a_graph_iri_serves_its_content() {
    let server = Server::start(&["--workers", "1"]);
    let (status, _, body) = fetch(&server, "/graph/data.nt", "*/*");
    assert_eq!(status, StatusCode::OK);
    let quads = parse(&body, RdfFormat::NTriples);
    assert!(has(
        &quads,
        SESSION,
        "http://schema.org/startDate",
        "\"2022-12-06\""
    ));
    assert!(
        !quads
            .iter()
            .any(|q| q.predicate.as_str() == "http://www.w3.org/2000/01/rdf-schema#isDefinedBy"),
        "the data graph holds no ontology triples"
    );
}

#[test]
fn the_dataset_page_describes_the_graph_and_offers_every_download() {
    let server = Server::start(&["--workers", "1"]);
    let (status, _, body) = fetch(&server, "/dataset", "text/turtle");
    assert_eq!(status, StatusCode::OK);
    let quads = parse(&body, RdfFormat::Turtle);
    let dataset = "https://w3id.org/kyoto-kg/dataset";
    assert!(has(
        &quads,
        dataset,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "<http://rdfs.org/ns/void#Dataset>"
    ));
    assert!(has(
        &quads,
        dataset,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "<http://www.w3.org/ns/dcat#Dataset>"
    ));
    let (status, _, page) = fetch(&server, "/dataset", BROWSER);
    assert_eq!(status, StatusCode::OK);
    let html = page_text(page);
    for (ext, format) in [
        ("ttl", RdfFormat::Turtle),
        ("nt", RdfFormat::NTriples),
        ("nq", RdfFormat::NQuads),
        ("trig", RdfFormat::TriG),
        ("rdf", RdfFormat::RdfXml),
        ("jsonld", JSONLD),
    ] {
        assert!(
            html.contains(&format!("href=\"/dataset/kyoto.{ext}\"")),
            "{ext} is offered"
        );
        let (status, _, body) = fetch(&server, &format!("/dataset/kyoto.{ext}"), "*/*");
        assert_eq!(status, StatusCode::OK, "{ext}");
        let quads = parse(&body, format);
        let sessions = quads
            .iter()
            .filter(|q| {
                q.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                    && q.object.to_string()
                        == "<https://w3id.org/kyoto-kg/ontology#ThematicSession>"
            })
            .count();
        assert_eq!(sessions, 11, "{ext}: 11 sessions");
    }
}

#[test]
fn the_home_page_shows_the_declaration_pillars_and_every_session_offline() {
    let server = Server::start(&["--workers", "1"]);
    let (status, _, body) = fetch(&server, "/", BROWSER);
    assert_eq!(status, StatusCode::OK);
    let html = page_text(body);
    assert!(html.contains("Kyoto Declaration"));
    assert!(html.contains("2021-03-07"), "the adoption date");
    for pillar in 1..=4 {
        assert!(
            html.contains(&format!("href=\"/id/pillar/{pillar}\"")),
            "pillar {pillar}"
        );
    }
    for date in listed_session_dates() {
        assert!(
            html.contains(&format!("datetime=\"{date}\"")),
            "the session of {date}"
        );
    }
    assert_eq!(
        html.matches("Topics not recorded in the source.").count(),
        3,
        "the three 2024 sessions"
    );
    assert!(html.contains("id=\"sparql\""), "the query editor");
    assert!(
        !html.contains("https://cdn") && !html.contains("//unpkg") && !html.contains("googleapis"),
        "nothing is loaded from elsewhere"
    );
    for asset in ["/assets/style.css", "/assets/app.js"] {
        let (status, _, body) = fetch(&server, asset, "*/*");
        assert_eq!(status, StatusCode::OK, "{asset}");
        assert!(!body.is_empty());
    }
}

#[test]
fn the_json_ld_context_is_served_to_any_origin() {
    let server = Server::start(&[]);
    let response = client()
        .get(server.at("/context.jsonld"))
        .header("Origin", "https://example.org")
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(
        header("content-type").as_deref(),
        Some("application/ld+json")
    );
    assert_eq!(header("access-control-allow-origin").as_deref(), Some("*"));
    let served: serde_json::Value = serde_json::from_slice(&response.bytes().unwrap()).unwrap();
    let published: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/context.jsonld"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(served, published);
    for key in [
        "title",
        "startDate",
        "pillar",
        "topics",
        "sessionNumber",
        "relatedSdg",
    ] {
        assert!(
            served["@context"].get(key).is_some(),
            "the context defines {key}"
        );
    }
}
