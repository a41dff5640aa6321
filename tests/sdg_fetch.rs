//! Issue 4: `kyoto-kg sdg fetch` refreshes the SDG snapshot from the UN's service by content
//! negotiation, and leaves the snapshot untouched on any failure.
//!
//! The service is played by a small HTTP/1.1 server on a loopback port that answers each concept
//! IRI with that concept's triples from the UN's SDG KOS file (`tests/fixtures/sdg-kos/`), as
//! Turtle; one concept can be made to fail in each of the ways the network fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{NamedOrBlankNode, Triple};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use support::project_dir;
use support::run::{Run, data_copy, kyoto_in};
use support::sdg::SDG;

/// The most connections one test server accepts before it stops by itself.
const MAX_CONNECTIONS: usize = 400;

/// Each concept's triples from the UN's file, as a Turtle document, by local name (`16.3`).
fn pages() -> &'static BTreeMap<String, String> {
    static PAGES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let bytes = std::fs::read(
            project_dir().join("tests/fixtures/sdg-kos/sdg-kos-goals-targets-indicators.ttl"),
        )
        .unwrap();
        let mut by_subject: BTreeMap<String, Vec<Triple>> = BTreeMap::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(&bytes) {
            let triple = Triple::from(quad.unwrap());
            if let NamedOrBlankNode::NamedNode(n) = &triple.subject
                && let Some(local) = n.as_str().strip_prefix(SDG)
            {
                by_subject.entry(local.to_owned()).or_default().push(triple);
            }
        }
        by_subject
            .into_iter()
            .map(|(local, triples)| {
                let mut writer = RdfSerializer::from_format(RdfFormat::Turtle)
                    .with_prefix("sdg", SDG)
                    .unwrap()
                    .with_prefix("skos", "http://www.w3.org/2004/02/skos/core#")
                    .unwrap()
                    .with_prefix("sdgo", "http://metadata.un.org/sdg/ontology#")
                    .unwrap()
                    .for_writer(Vec::new());
                for t in &triples {
                    writer.serialize_triple(t).unwrap();
                }
                (local, String::from_utf8(writer.finish().unwrap()).unwrap())
            })
            .collect()
    })
}

/// How the test server answers one request.
#[derive(Clone)]
enum Reply {
    /// The concept's page, as the service gives it.
    Page,
    /// This status code, with an empty body.
    Status(u16),
    /// An HTML page, as the service gives without content negotiation.
    Html,
    /// The concept's page announced in full but cut off halfway.
    Truncated,
    /// Another concept's page.
    PageOf(&'static str),
    /// This Turtle document.
    Turtle(String),
    /// The reply, after a delay.
    Slow(Duration),
}

/// A loopback HTTP server playing the SDG KOS service.
struct Server {
    url: String,
    hits: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl Server {
    /// A server that answers `local` with `reply` and every other concept with its page.
    fn failing_at(local: &'static str, reply: Reply) -> Self {
        Self::start(move |l, _| {
            if l == local {
                reply.clone()
            } else {
                Reply::Page
            }
        })
    }

    /// Serves every concept; `rule(local name, attempt)` picks the reply.
    fn start(rule: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/sdg", listener.local_addr().unwrap());
        let hits: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
        let rule = Arc::new(rule);
        let counted = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming().take(MAX_CONNECTIONS) {
                let Ok(stream) = stream else { continue };
                let rule = Arc::clone(&rule);
                let hits = Arc::clone(&counted);
                std::thread::spawn(move || {
                    let _ = handle(stream, rule.as_ref(), &hits);
                });
            }
        });
        Self { url, hits }
    }

    fn hits(&self, local: &str) -> usize {
        self.hits.lock().unwrap().get(local).copied().unwrap_or(0)
    }
}

fn handle(
    mut stream: TcpStream,
    rule: &(dyn Fn(&str, usize) -> Reply + Send + Sync),
    hits: &Mutex<BTreeMap<String, usize>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut accept = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("accept:") {
            accept = value.trim().to_owned();
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let local = path.strip_prefix("/sdg/").unwrap_or("").to_owned();
    let attempt = {
        let mut hits = hits.lock().unwrap();
        let n = hits.entry(local.clone()).or_default();
        *n += 1;
        *n
    };
    let mut reply = rule(&local, attempt);
    if let Reply::Slow(delay) = reply {
        std::thread::sleep(delay);
        reply = Reply::Page;
    }
    let page = |local: &str| pages().get(local).cloned();
    let (status, content_type, body, cut) = match reply {
        // Like the real service: HTML unless Turtle is asked for.
        Reply::Page if !accept.contains("text/turtle") => (200, "text/html", html(), false),
        Reply::Page => match page(&local) {
            Some(body) => (200, "text/turtle; charset=utf-8", body, false),
            None => (404, "text/plain", "not found".to_owned(), false),
        },
        Reply::PageOf(other) => (200, "text/turtle", page(other).unwrap(), false),
        Reply::Turtle(body) => (200, "text/turtle", body, false),
        Reply::Status(code) => (code, "text/plain", String::new(), false),
        Reply::Html => (200, "text/html; charset=utf-8", html(), false),
        Reply::Truncated => (200, "text/turtle", page(&local).unwrap(), true),
        Reply::Slow(_) => unreachable!("resolved above"),
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    let bytes = body.as_bytes();
    stream.write_all(if cut {
        &bytes[..bytes.len() / 2]
    } else {
        bytes
    })?;
    stream.flush()
}

fn html() -> String {
    "<!DOCTYPE html>\n<html><head><title>SDG</title></head><body><h1>Target 16.3</h1></body></html>\n"
        .to_owned()
}

/// Runs `sdg fetch` on `data` against `server`; `extra` options come first, then defaults for
/// the options it does not set (a 5 s timeout, no retries).
fn fetch(data: &Path, server: &Server, extra: &[&str]) -> Run {
    let mut args = vec!["--data", ".", "sdg", "fetch", "--from", &server.url];
    args.extend_from_slice(extra);
    for (option, default) in [("--timeout", "5"), ("--retries", "0")] {
        if !extra.contains(&option) {
            args.extend([option, default]);
        }
    }
    kyoto_in(data, &args)
}

fn snapshot(data: &Path) -> Vec<u8> {
    std::fs::read(data.join("sdg/sdg-snapshot.ttl")).unwrap()
}

/// Runs `sdg fetch` from `server` on a copy of the data and asserts that it failed cleanly (see
/// [`assert_failed_cleanly`]).
fn fetch_fails_cleanly(server: &Server, extra: &[&str], expected: &[&str]) {
    let data = data_copy();
    let before = snapshot(data.path());
    let run = fetch(data.path(), server, extra);
    assert_failed_cleanly(&run, data.path(), &before, expected);
}

/// Asserts the run failed, named the problem, and left the snapshot and directory as they were.
fn assert_failed_cleanly(run: &Run, data: &Path, before: &[u8], expected: &[&str]) {
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(expected);
    run.stderr_has(&["is unchanged"]);
    assert_eq!(snapshot(data), before, "the snapshot was modified");
    let leftovers: Vec<_> = std::fs::read_dir(data.join("sdg"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn fetching_from_a_service_that_serves_the_un_file_reproduces_the_snapshot() {
    let server = Server::start(|_, _| Reply::Page);
    let data = data_copy();
    let before = snapshot(data.path());
    let run = fetch(data.path(), &server, &[]);
    run.ok();
    run.stdout_has(&["unchanged"]);
    assert_eq!(snapshot(data.path()), before);
    // One progress line per concept of the snapshot (the scheme is carried over, not fetched).
    let concepts = String::from_utf8(before)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("sdg:") && (l.contains(" a sdgo:")))
        .count();
    let progress = run
        .stderr()
        .lines()
        .filter(|l| l.contains(&server.url) && l.ends_with(" triples)"))
        .count();
    assert_eq!(progress, concepts, "{}", run.transcript());
    assert_eq!(server.hits("16.3"), 1);
    assert_eq!(server.hits("C160301"), 1);
}

#[test]
fn a_new_payload_from_the_service_replaces_the_snapshot_atomically() {
    // The service now has another English label for target 16.3.
    let relabelled = pages()["16.3"].replace(
        "ensure equal access to justice for all\"@en",
        "ensure equal access to justice for all (relabelled)\"@en",
    );
    assert!(relabelled.contains("(relabelled)"));
    let server = Server::start(move |local, _| {
        if local == "16.3" {
            Reply::Turtle(relabelled.clone())
        } else {
            Reply::Page
        }
    });
    let data = data_copy();
    let run = fetch(data.path(), &server, &[]);
    run.ok();
    run.stdout_has(&["changed"]);
    let text = String::from_utf8(snapshot(data.path())).unwrap();
    assert!(text.contains("(relabelled)"), "{text}");
    assert!(text.starts_with("# A snapshot of the UN SDG"), "{text}");
    // The new snapshot is sound: the data loads with it.
    kyoto_in(data.path(), &["--data", ".", "build"]).ok();
}

#[test]
fn a_500_answer_is_retried_then_reported_and_the_snapshot_stays_untouched() {
    let server = Server::failing_at("16.3", Reply::Status(500));
    fetch_fails_cleanly(
        &server,
        &["--retries", "2"],
        &["/sdg/16.3 answered HTTP 500 after 3 attempts", "retrying"],
    );
    assert_eq!(server.hits("16.3"), 3, "one try and two retries");
}

#[test]
fn a_transient_500_is_overcome_by_a_retry() {
    let server = Server::start(|local, attempt| {
        if local == "16.5" && attempt == 1 {
            Reply::Status(503)
        } else {
            Reply::Page
        }
    });
    let data = data_copy();
    let before = snapshot(data.path());
    let run = fetch(data.path(), &server, &["--retries", "1"]);
    run.ok();
    run.stderr_has(&["retrying"]);
    assert_eq!(server.hits("16.5"), 2);
    assert_eq!(snapshot(data.path()), before);
}

#[test]
fn a_timeout_is_reported_and_the_snapshot_stays_untouched() {
    let server = Server::failing_at("C160301", Reply::Slow(Duration::from_secs(20)));
    fetch_fails_cleanly(
        &server,
        &["--timeout", "2"],
        &["/sdg/C160301 failed: ", "timed out"],
    );
}

#[test]
fn html_instead_of_turtle_is_refused_and_the_snapshot_stays_untouched() {
    let server = Server::failing_at("16.3", Reply::Html);
    fetch_fails_cleanly(
        &server,
        &[],
        &["/sdg/16.3 answered text/html instead of Turtle"],
    );
}

#[test]
fn a_truncated_body_is_reported_and_the_snapshot_stays_untouched() {
    let server = Server::failing_at("16.3", Reply::Truncated);
    fetch_fails_cleanly(&server, &[], &["/sdg/16.3", "truncated"]);
}

#[test]
fn turtle_about_another_concept_is_refused_and_the_snapshot_stays_untouched() {
    let server = Server::failing_at("16.3", Reply::PageOf("16.4"));
    fetch_fails_cleanly(
        &server,
        &[],
        &["says nothing about http://metadata.un.org/sdg/16.3"],
    );
}

#[test]
fn an_unreachable_service_is_reported_and_the_snapshot_stays_untouched() {
    // A port that was free a moment ago: nothing listens there any more.
    let port = support::free_port();
    let data = data_copy();
    let before = snapshot(data.path());
    let url = format!("http://127.0.0.1:{port}/sdg");
    let run = kyoto_in(
        data.path(),
        &[
            "--data",
            ".",
            "sdg",
            "fetch",
            "--from",
            &url,
            "--retries",
            "0",
        ],
    );
    assert_failed_cleanly(
        &run,
        data.path(),
        &before,
        &[&format!("GET {url}/1 failed: "), "Connection refused"],
    );
}
