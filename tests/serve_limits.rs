//! The limits of `kyoto-kg serve` hold against adversarial queries: a timeout really stops the
//! work (regression guard for oxigraph issue #1871, where an ORDER BY ran past its timeout),
//! a client that disconnects frees its worker, concurrent queries are bounded, and 64 parallel
//! queries are all answered correctly.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use reqwest::StatusCode;
use std::time::{Duration, Instant};
use support::listed_session_dates;
use support::server::{Server, client, post_query};

/// Queries that run far longer than any timeout on the Kyoto graph (~600 triples).
const RUNAWAY: [(&str, &str); 4] = [
    (
        "whole-graph ORDER BY over a 4-way cross product",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?c ?f ?i ?l LIMIT 1",
    ),
    (
        "COUNT over a 5-way cross product",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }",
    ),
    (
        "a huge OFFSET over a 4-way cross product",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } OFFSET 100000000000000",
    ),
    (
        "OPTIONAL + FILTER NOT EXISTS over products",
        "SELECT * WHERE { ?a ?b ?c . OPTIONAL { ?d ?e ?f . ?g ?h ?i FILTER NOT EXISTS { ?x ?y ?z . ?u ?v ?w . ?q ?r ?t } } }",
    ),
];

/// A query that may finish or run out of time depending on the machine: either is fine, as
/// long as the answer comes in time.
const PATH: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:p>|!<urn:p>)* ?o . ?o (<urn:p>|!<urn:p>)* ?z }";

/// Generous: the bar is the timeout plus 1 s; debug builds on a loaded 2-core CI machine get
/// a wider margin so that this test checks the mechanism, not the machine's speed.
const MARGIN: Duration = Duration::from_secs(4);

fn post(server: &Server, query: &str) -> (StatusCode, String, Duration) {
    let started = Instant::now();
    let response = post_query(server, query);
    let status = response.status();
    let text = response.text().unwrap_or_default();
    (status, text, started.elapsed())
}

/// CPU ticks (1/100 s) the server and its workers use over `window`.
fn cpu_over(server: &Server, window: Duration) -> u64 {
    let before = server.cpu_ticks();
    std::thread::sleep(window);
    server.cpu_ticks().saturating_sub(before)
}

fn sessions_are_still_answered(server: &Server) {
    let (status, text, _) = post(
        server,
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a kyoto:ThematicSession }",
    );
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains("\"11\""), "{text}");
}

#[test]
fn pathological_queries_are_stopped_within_the_timeout_and_the_cpu_returns_to_idle() {
    let timeout = Duration::from_secs(1);
    let server = Server::start(&["--timeout", "1s", "--workers", "2"]);
    for (what, query) in RUNAWAY {
        let (status, text, elapsed) = post(&server, query);
        assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{what}: {text}");
        assert!(text.contains("timeout"), "{what}: {text}");
        assert!(
            elapsed < timeout + MARGIN,
            "{what}: answered after {elapsed:?}"
        );
    }
    let (status, text, elapsed) = post(&server, PATH);
    assert!(
        status == StatusCode::OK || status == StatusCode::GATEWAY_TIMEOUT,
        "{status}: {text}"
    );
    assert!(
        elapsed < timeout + MARGIN,
        "the path query answered after {elapsed:?}"
    );
    // Let the replacement workers load their stores, then watch the CPU.
    std::thread::sleep(Duration::from_secs(2));
    let ticks = cpu_over(&server, Duration::from_secs(2));
    assert!(
        ticks < 50,
        "the server and its workers used {ticks} ticks in 2 s while idle"
    );
    assert!(
        server.workers().len() >= 2,
        "the killed workers were replaced: {:?}",
        server.workers()
    );
    sessions_are_still_answered(&server);
}

#[test]
fn a_client_that_disconnects_mid_query_frees_its_worker() {
    let server = Server::start(&["--timeout", "10m", "--workers", "1"]);
    let before = server.workers();
    assert_eq!(before.len(), 1);
    let impatient = support::server::client_builder()
        .no_proxy()
        .timeout(Duration::from_millis(700))
        .build()
        .unwrap();
    let result = impatient
        .post(server.sparql())
        .form(&[("query", RUNAWAY[1].1)])
        .send();
    assert!(result.is_err(), "the client gave up");
    // The busy worker is killed and a new one started; poll for up to 20 s.
    let mut replaced = false;
    for _ in 0..200 {
        let now = server.workers();
        if !now.contains(&before[0]) && now.len() == 1 {
            replaced = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        replaced,
        "the worker {} still runs: {:?}",
        before[0],
        server.workers()
    );
    std::thread::sleep(Duration::from_secs(1));
    let ticks = cpu_over(&server, Duration::from_secs(2));
    assert!(ticks < 50, "{ticks} ticks in 2 s after the client left");
    sessions_are_still_answered(&server);
}

#[test]
fn excess_queries_get_503_with_retry_after_instead_of_piling_up() {
    let server = Server::start(&[
        "--timeout",
        "5s",
        "--workers",
        "1",
        "--max-workers",
        "1",
        "--queue",
        "0",
    ]);
    std::thread::scope(|scope| {
        let slow = scope.spawn(|| post(&server, RUNAWAY[1].1));
        // Wait until the only worker is busy, then ask again.
        server.wait_for_metric("kyoto_queries_running", 1.0);
        let response = client()
            .post(server.sparql())
            .form(&[("query", "ASK {}")])
            .send()
            .unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(response.headers().get("retry-after").is_some());
        assert!(response.text().unwrap().contains("busy"));
        // Release the worker: killing the server ends the slow query too.
        drop(slow);
    });
}

#[test]
fn sixty_four_parallel_queries_are_all_answered_correctly() {
    let server = Server::start(&[]);
    let dates = listed_session_dates();
    let years: Vec<String> = {
        let mut years: Vec<String> = dates.iter().map(|d| d[..4].to_owned()).collect();
        years.dedup();
        years
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..64)
            .map(|i| {
                let year = years[i % years.len()].clone();
                let expected = dates.iter().filter(|d| d.starts_with(&year)).count();
                let server = &server;
                scope.spawn(move || {
                    let query = format!(
                        "SELECT (COUNT(*) AS ?n) WHERE {{ ?s a kyoto:ThematicSession ; schema:startDate ?d FILTER(YEAR(?d) = {year}) }}"
                    );
                    let response = client()
                        .get(server.sparql())
                        .query(&[("query", query.as_str())])
                        .header("Accept", "text/csv")
                        .send()
                        .unwrap();
                    let status = response.status();
                    let text = response.text().unwrap().replace('\r', "");
                    (status, text, expected, year)
                })
            })
            .collect();
        for handle in handles {
            let (status, text, expected, year) = handle.join().unwrap();
            assert_eq!(status, StatusCode::OK, "{year}: {text}");
            assert_eq!(text, format!("n\n{expected}\n"), "{year}");
        }
    });
}

#[test]
fn a_query_that_needs_too_much_memory_is_stopped_and_the_server_goes_on() {
    let server = Server::start(&[
        "--timeout",
        "60s",
        "--workers",
        "1",
        "--worker-memory",
        "300",
    ]);
    let (status, text, _) = post(
        &server,
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1",
    );
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
    assert!(text.contains("memory"), "{text}");
    sessions_are_still_answered(&server);
}

#[test]
fn a_worker_memory_limit_below_what_a_worker_already_uses_stops_the_server_with_the_reason() {
    let run = support::run::kyoto_in(
        &support::project_dir(),
        &["serve", "--bind", "127.0.0.1:0", "--worker-memory", "64"],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&[
        "cannot start a query worker",
        "--worker-memory 64 is less than the",
        "MiB of address space this process already uses",
    ]);
}

#[test]
fn sigterm_lets_an_in_flight_query_finish_before_the_server_stops() {
    let server = Server::start(&["--timeout", "120s", "--workers", "1"]);
    // Only the data graph's rdf:type triples, so the cube below stays a few seconds of work
    // whatever else (the SDG snapshot, the ontology) the store holds.
    let (_, text, _) = post(
        &server,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgraph:data { ?a a ?b } }",
    );
    let types: u64 = text
        .split("\"value\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    std::thread::scope(|scope| {
        // A query that takes seconds in a debug build: the rdf:type triples cubed.
        let slow = scope.spawn(|| {
            post(
                &server,
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgraph:data { ?a a ?b . ?c a ?d . ?e a ?f } }",
            )
        });
        server.wait_for_metric("kyoto_queries_running", 1.0);
        let status = std::process::Command::new("kill")
            .args(["-TERM", &server.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let (status, text, _) = slow.join().unwrap();
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(text.contains(&format!("\"{}\"", types.pow(3))), "{text}");
    });
    let mut server = server;
    let exit = (0..100).find_map(|_| {
        std::thread::sleep(Duration::from_millis(100));
        server.child.try_wait().unwrap()
    });
    assert!(exit.is_some_and(|e| e.success()), "{exit:?}");
}
