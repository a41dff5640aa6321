//! `kyoto-kg push` (issue 5) end to end: against real triplestores started on loopback
//! (Oxigraph's server and Virtuoso 7), pushed graphs are read back through the store's own
//! SPARQL endpoint and compared with the local store as graphs; against a scripted mock server,
//! authentication, retries and refusals behave as documented.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::model::GraphName;
use sophia::api::prelude::*;
use sophia::isomorphism::isomorphic_graphs;
use sophia::turtle::parser::{nt, turtle};
use support::mock_gsp::MockServer;
use support::rdf::{SophiaTriple, all_quads, shipped_store, sophia_triples};
use support::run::kyoto;
use support::triplestore::Triplestore;

const DATA: &str = "https://w3id.org/kyoto-kg/graph/data";
const ONTOLOGY: &str = "https://w3id.org/kyoto-kg/graph/ontology";

/// The triples of one graph of the local store.
fn local_graph(graph: &str) -> Vec<SophiaTriple> {
    let quads: Vec<_> = all_quads(&shipped_store())
        .into_iter()
        .filter(|q| matches!(&q.graph_name, GraphName::NamedNode(g) if g.as_str() == graph))
        .collect();
    assert!(!quads.is_empty(), "{graph} is empty locally");
    sophia_triples(&quads)
}

/// The named graphs of the local store, sorted.
fn local_graphs() -> Vec<String> {
    let mut graphs: Vec<String> = all_quads(&shipped_store())
        .into_iter()
        .filter_map(|q| match q.graph_name {
            GraphName::NamedNode(g) => Some(g.into_string()),
            _ => None,
        })
        .collect();
    graphs.sort();
    graphs.dedup();
    assert!(graphs.len() >= 2, "{graphs:?}");
    graphs
}

fn assert_same_graph(store: &Triplestore, graph: &str) {
    let text = store.graph_as_ntriples(graph);
    let remote: Vec<SophiaTriple> = nt::parse_str(&text)
        .collect_triples()
        .unwrap_or_else(|e| panic!("{}: {e}\n{text}", store.name));
    let local = local_graph(graph);
    assert!(
        isomorphic_graphs(&remote, &local).unwrap(),
        "{}: {graph} holds {} triples, {} expected",
        store.name,
        remote.len(),
        local.len()
    );
}

fn push(args: &[&str]) -> support::run::Run {
    let mut all = vec!["push"];
    all.extend_from_slice(args);
    kyoto(&all)
}

// --- Oxigraph's server ----------------------------------------------------------------------

#[test]
fn pushing_to_oxigraph_with_the_graph_store_protocol_replaces_each_graph() {
    let store = support::triplestore::oxigraph();
    // Something already in the data graph must be gone after the push: PUT replaces.
    store.update(&format!(
        "INSERT DATA {{ GRAPH <{DATA}> {{ <http://example.org/stale> <http://example.org/p> \"old\" }} }}"
    ));
    let run = push(&["--endpoint", &store.graph_store]);
    run.ok();
    let graphs = local_graphs();
    run.stdout_has(&[&format!("pushed {} graphs", graphs.len())]);
    for graph in &graphs {
        assert_same_graph(&store, graph);
    }
    run.stderr_has(&["via Graph Store Protocol"]);
}

#[test]
fn pushing_to_oxigraph_with_sparql_update_in_small_batches_gives_the_same_graphs() {
    let store = support::triplestore::oxigraph();
    store.update(&format!(
        "INSERT DATA {{ GRAPH <{DATA}> {{ <http://example.org/stale> <http://example.org/p> \"old\" }} }}"
    ));
    let run = push(&["--update-endpoint", &store.update, "--batch-size", "37"]);
    run.ok();
    for graph in &local_graphs() {
        assert_same_graph(&store, graph);
    }
    let batches = local_graph(DATA).len().div_ceil(37);
    run.stdout_has(&[&format!("{batches} requests, SPARQL Update")]);
}

#[test]
fn push_falls_back_to_sparql_update_when_the_store_has_no_graph_store_endpoint() {
    let store = support::triplestore::oxigraph();
    let wrong = store.graph_store.replace("/store", "/no-such-path");
    let run = push(&[
        "--endpoint",
        &wrong,
        "--update-endpoint",
        &store.update,
        "--graph",
        "data",
    ]);
    run.ok();
    run.stderr_has(&["falling back to SPARQL Update"]);
    assert_same_graph(&store, DATA);
    assert!(
        store.graphs("https://w3id.org/kyoto-kg/").len() == 1,
        "--graph data pushes the data graph only"
    );
}

#[test]
fn push_without_a_fallback_reports_a_missing_graph_store_endpoint_clearly() {
    let store = support::triplestore::oxigraph();
    let wrong = store.graph_store.replace("/store", "/no-such-path");
    let run = push(&["--endpoint", &wrong]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&[
        "does not speak the Graph Store Protocol (404)",
        "--update-endpoint",
    ]);
    assert!(store.graphs("https://w3id.org/kyoto-kg/").is_empty());
}

#[test]
fn pushing_one_graph_leaves_the_others_on_the_store_alone() {
    let store = support::triplestore::oxigraph();
    let other = "http://example.org/their-graph";
    store.update(&format!(
        "INSERT DATA {{ GRAPH <{other}> {{ <http://example.org/s> <http://example.org/p> 1 }} }}"
    ));
    push(&["--endpoint", &store.graph_store, "--graph", "ontology"]).ok();
    assert_same_graph(&store, ONTOLOGY);
    assert_eq!(store.graphs("http://example.org/"), [other]);
    assert!(store.graphs(DATA).is_empty());
}

// --- Virtuoso -------------------------------------------------------------------------------

#[test]
fn pushing_to_virtuoso_with_either_protocol_gives_the_stores_graphs() {
    let store = support::triplestore::virtuoso();
    push(&["--endpoint", &store.graph_store]).ok();
    for graph in &local_graphs() {
        assert_same_graph(&store, graph);
    }

    store.update(&format!(
        "INSERT DATA {{ GRAPH <{DATA}> {{ <http://example.org/stale> <http://example.org/p> \"old\" }} }}"
    ));
    push(&[
        "--update-endpoint",
        &store.update,
        "--graph",
        "data",
        "--batch-size",
        "100",
    ])
    .ok();
    assert_same_graph(&store, DATA);
}

// --- A scripted server: authentication, retries, refusals -------------------------------------

#[test]
fn basic_and_bearer_credentials_are_sent_with_every_request() {
    let server = MockServer::start(vec![(204, "")]);
    let endpoint = format!("{}/store", server.url);
    push(&[
        "--endpoint",
        &endpoint,
        "--user",
        "alice",
        "--password",
        "s3cret",
    ])
    .ok();
    push(&[
        "--endpoint",
        &endpoint,
        "--token",
        "tok-123",
        "--graph",
        "data",
    ])
    .ok();
    let seen = server.received();
    let n = local_graphs().len();
    assert_eq!(seen.len(), n + 1);
    // base64("alice:s3cret")
    for request in &seen[..n] {
        assert_eq!(
            request.header("Authorization"),
            Some("Basic YWxpY2U6czNjcmV0")
        );
    }
    assert_eq!(seen[n].header("Authorization"), Some("Bearer tok-123"));
}

#[test]
fn each_graph_is_put_as_turtle_with_its_length_at_an_encoded_graph_url() {
    let server = MockServer::start(vec![(201, "")]);
    push(&["--endpoint", &format!("{}/store", server.url)]).ok();
    let seen = server.received();
    let graphs = local_graphs();
    assert_eq!(seen.len(), graphs.len());
    for (request, graph) in seen.iter().zip(graphs.iter().map(String::as_str)) {
        assert_eq!(request.method, "PUT");
        let expected_url = format!(
            "/store?graph={}",
            form_urlencoded::byte_serialize(graph.as_bytes()).collect::<String>()
        );
        assert_eq!(request.url, expected_url);
        assert_eq!(request.header("Content-Type"), Some("text/turtle"));
        assert_eq!(
            request.header("Content-Length"),
            Some(request.body.len().to_string().as_str())
        );
        let text = String::from_utf8(request.body.clone()).unwrap();
        let sent: Vec<SophiaTriple> = turtle::parse_str(&text).collect_triples().unwrap();
        assert!(
            isomorphic_graphs(&sent, &local_graph(graph)).unwrap(),
            "{graph}"
        );
    }
}

#[test]
fn transient_failures_are_retried_and_the_body_is_sent_again_whole() {
    let server = MockServer::start(vec![(503, "busy"), (502, "gateway"), (204, "")]);
    let run = push(&[
        "--endpoint",
        &format!("{}/store", server.url),
        "--graph",
        "data",
    ]);
    run.ok();
    let seen = server.received();
    assert_eq!(seen.len(), 3, "{}", run.transcript());
    assert!(
        seen.iter()
            .all(|r| r.body == seen[0].body && !r.body.is_empty())
    );
    run.stderr_has(&["attempt 1", "busy"]);
}

#[test]
fn retries_are_bounded_and_the_last_answer_is_reported() {
    let server = MockServer::start(vec![(503, "still busy")]);
    let run = push(&[
        "--endpoint",
        &format!("{}/store", server.url),
        "--graph",
        "data",
        "--retries",
        "2",
    ]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert_eq!(server.received().len(), 3, "one try and two retries");
    run.stderr_has(&["still busy"]);
}

#[test]
fn a_refusal_is_not_retried_and_shows_the_stores_message() {
    let server = MockServer::start(vec![(400, "Parse error at line 3: unexpected token")]);
    let run = push(&["--endpoint", &format!("{}/store", server.url)]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert_eq!(server.received().len(), 1);

    run.stderr_has(&["(400)", "Parse error at line 3: unexpected token"]);
}

#[test]
fn refused_credentials_say_how_to_give_them() {
    let server = MockServer::start(vec![(401, "authentication required")]);
    let run = push(&["--endpoint", &format!("{}/store", server.url)]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["refused the credentials (401)", "--token"]);
}

#[test]
fn a_failed_batch_after_the_first_says_the_graph_is_partly_written() {
    let server = MockServer::start(vec![(200, ""), (500, "disk full")]);
    let run = push(&[
        "--update-endpoint",
        &format!("{}/update", server.url),
        "--graph",
        "data",
        "--batch-size",
        "100",
    ]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["only partly written (1 of", "disk full"]);
    let seen = server.received();
    let first = form_urlencoded::parse(&seen[0].body)
        .find(|(k, _)| k == "update")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    assert!(
        first.starts_with(&format!("DROP SILENT GRAPH <{DATA}> ;")),
        "{first}"
    );
}

#[test]
fn an_unreachable_store_is_reported_with_the_cause_after_the_retries() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = push(&[
        "--endpoint",
        &format!("http://127.0.0.1:{port}/store"),
        "--retries",
        "1",
    ]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["after 2 attempts"]);
    assert!(
        run.stderr().to_lowercase().contains("connection refused"),
        "{}",
        run.transcript()
    );
}
