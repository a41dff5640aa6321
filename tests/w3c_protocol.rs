//! The W3C SPARQL 1.1 Protocol test suite (`tests/fixtures/w3c-sparql11-protocol/`), run against
//! `kyoto-kg serve` by a small manifest-driven runner.
//!
//! Each test's requests are sent as the manifest writes them (path prefix `/sparql/` mapped to
//! our endpoint) and the responses checked for the expected status class, result format and
//! boolean. kyoto-kg is read-only, so the `update_*` tests are run as refusals: their update
//! request must get a 4xx (the follow-up requests, which check the update's effect, are skipped).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod serve_support;

use oxigraph::io::RdfFormat;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::store::Store;
use serve_support::{Server, client, project_dir};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const HT: &str = "http://www.w3.org/2011/http#";
const CNT: &str = "http://www.w3.org/2011/content#";
const HTS: &str = "http://www.w3.org/2011/http-statusCodes#";
const UT: &str = "http://www.w3.org/2009/sparql/tests/test-update#";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

fn iri(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

struct Manifest {
    store: Store,
}

impl Manifest {
    fn load() -> Self {
        let store = Store::new().unwrap();
        let path = project_dir().join("tests/fixtures/w3c-sparql11-protocol/manifest.ttl");
        let base = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl";
        store
            .load_from_reader(
                oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
                    .with_base_iri(base)
                    .unwrap(),
                std::fs::read(path).unwrap().as_slice(),
            )
            .unwrap();
        Self { store }
    }

    fn objects(&self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>) -> Vec<Term> {
        self.store
            .quads_for_pattern(Some(s.as_ref()), Some(p), None, None)
            .map(|q| q.unwrap().object)
            .collect()
    }

    fn object(&self, s: &NamedOrBlankNode, p: &NamedNode) -> Option<Term> {
        self.objects(s, p.as_ref()).into_iter().next()
    }

    fn text(&self, s: &NamedOrBlankNode, p: &NamedNode) -> Option<String> {
        match self.object(s, p)? {
            Term::Literal(l) => Some(l.value().to_owned()),
            other => Some(other.to_string()),
        }
    }

    fn node(term: Term) -> NamedOrBlankNode {
        match term {
            Term::NamedNode(n) => n.into(),
            Term::BlankNode(b) => b.into(),
            other => panic!("not a node: {other}"),
        }
    }

    fn list(&self, head: Term) -> Vec<Term> {
        let mut items = Vec::new();
        let mut node = head;
        while node != Term::NamedNode(rdf::NIL.into_owned()) {
            let n = Self::node(node);
            items.push(self.objects(&n, rdf::FIRST)[0].clone());
            node = self.objects(&n, rdf::REST)[0].clone();
        }
        items
    }

    /// The tests, in manifest order.
    fn entries(&self) -> Vec<NamedOrBlankNode> {
        let manifest = self
            .store
            .quads_for_pattern(
                None,
                Some(rdf::TYPE),
                Some(iri(MF, "Manifest").as_ref().into()),
                None,
            )
            .map(|q| q.unwrap().subject)
            .next()
            .unwrap();
        let head = self.object(&manifest, &iri(MF, "entries")).unwrap();
        self.list(head).into_iter().map(Self::node).collect()
    }
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    statuses: Vec<u16>,
    format: Option<String>,
    boolean: Option<bool>,
}

fn requests(m: &Manifest, test: &NamedOrBlankNode) -> Vec<Request> {
    let action = Manifest::node(m.object(test, &iri(MF, "action")).unwrap());
    let list = m.object(&action, &iri(HT, "requests")).unwrap();
    m.list(list)
        .into_iter()
        .map(|r| {
            let r = Manifest::node(r);
            let headers = m
                .object(&r, &iri(HT, "headers"))
                .map(|h| {
                    m.list(h)
                        .into_iter()
                        .map(|h| {
                            let h = Manifest::node(h);
                            (
                                m.text(&h, &iri(HT, "fieldName")).unwrap(),
                                m.text(&h, &iri(HT, "fieldValue")).unwrap(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let body = m.object(&r, &iri(HT, "body")).map(|b| {
                let b = Manifest::node(b);
                let chars = m.text(&b, &iri(CNT, "chars")).unwrap();
                match m.text(&b, &iri(CNT, "characterEncoding")).as_deref() {
                    Some("UTF-16") => std::iter::once(0xFEFF_u16)
                        .chain(chars.encode_utf16())
                        .flat_map(u16::to_be_bytes)
                        .collect(),
                    _ => chars.into_bytes(),
                }
            });
            let response = Manifest::node(m.object(&r, &iri(HT, "resp")).unwrap());
            let statuses = m
                .objects(&response, iri(MF, "expectedStatus").as_ref())
                .into_iter()
                .filter_map(|s| match s {
                    Term::NamedNode(n) => n
                        .as_str()
                        .strip_prefix(&format!("{HTS}StatusCode"))
                        .and_then(|c| c.chars().next())
                        .and_then(|c| c.to_digit(10))
                        .map(|d| d as u16),
                    _ => None,
                })
                .collect();
            Request {
                method: m.text(&r, &iri(HT, "methodName")).unwrap(),
                path: m.text(&r, &iri(HT, "absolutePath")).unwrap(),
                headers,
                body,
                statuses,
                format: m.text(&response, &iri(MF, "expectedFormat")),
                boolean: m
                    .text(&response, &iri(MF, "expectedBoolean"))
                    .map(|b| b == "true"),
            }
        })
        .collect()
}

/// Sends `request`; `Err` says why the response does not meet the expectations.
fn run(server: &Server, request: &Request, expected_statuses: &[u16]) -> Result<(), String> {
    let path = request
        .path
        .strip_prefix("/sparql/")
        .unwrap_or(&request.path);
    let url = format!(
        "{}{}",
        server.sparql(),
        if path.is_empty() {
            String::new()
        } else if path.starts_with('?') {
            path.to_owned()
        } else {
            format!("/{path}")
        }
    );
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
    let mut builder = client().request(method, url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let response = builder.send().map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let body = response.bytes().map_err(|e| e.to_string())?;
    if !expected_statuses.contains(&(status / 100)) {
        return Err(format!(
            "status {status}, expected {expected_statuses:?}xx: {}",
            String::from_utf8_lossy(&body)
        ));
    }
    match request.format.as_deref() {
        Some("boolean") => {
            let format = QueryResultsFormat::from_media_type(&content_type)
                .ok_or_else(|| format!("{content_type} is not a boolean result format"))?;
            let SliceQueryResultsParserOutput::Boolean(value) =
                QueryResultsParser::from_format(format)
                    .for_slice(&body)
                    .map_err(|e| e.to_string())?
            else {
                return Err("not a boolean result".into());
            };
            if let Some(expected) = request.boolean
                && value != expected
            {
                return Err(format!("answered {value}, expected {expected}"));
            }
        }
        Some("tabular") => {
            QueryResultsFormat::from_media_type(&content_type)
                .ok_or_else(|| format!("{content_type} is not a SPARQL results format"))?;
        }
        Some("RDF") => {
            RdfFormat::from_media_type(&content_type)
                .ok_or_else(|| format!("{content_type} is not an RDF format"))?;
        }
        _ => {}
    }
    Ok(())
}

#[test]
fn the_endpoint_passes_the_w3c_protocol_query_tests_and_refuses_its_update_tests() {
    let manifest = Manifest::load();
    let fixtures = "tests/fixtures/w3c-sparql11-protocol";
    let mut loads = Vec::new();
    for n in 1..=3 {
        loads.push("--load".to_owned());
        loads.push(format!(
            "{fixtures}/data{n}.nt=http://kasei.us/2009/09/sparql/data/data{n}.rdf"
        ));
    }
    let args: Vec<&str> = ["--workers", "1"]
        .into_iter()
        .chain(loads.iter().map(String::as_str))
        .collect();
    let server = Server::start(&args);
    // The graphs the manifest asks for are exactly the ones loaded above.
    for test in manifest.entries() {
        for data in manifest.objects(&test, iri(UT, "graphData").as_ref()) {
            let label = manifest
                .text(&Manifest::node(data), &NamedNode::new_unchecked(RDFS_LABEL))
                .unwrap();
            assert!(
                loads.iter().any(|l| l.ends_with(&format!("={label}"))),
                "{label} is loaded"
            );
        }
    }
    let (mut passed, mut failures) = (0, Vec::new());
    let entries = manifest.entries();
    for test in &entries {
        let name = test.to_string();
        let name = name
            .rsplit('#')
            .next()
            .unwrap_or(&name)
            .trim_end_matches('>')
            .to_owned();
        let requests = requests(&manifest, test);
        let outcome = if name.starts_with("update_") {
            // Read-only: the update itself must be refused with a 4xx.
            run(&server, &requests[0], &[4])
        } else {
            requests
                .iter()
                .try_for_each(|r| run(&server, r, &r.statuses))
        };
        match outcome {
            Ok(()) => passed += 1,
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    assert_eq!(entries.len(), 34, "the manifest has 34 tests");
    assert!(
        failures.is_empty(),
        "W3C SPARQL 1.1 Protocol: {passed} of {} tests pass; failures:\n{}",
        entries.len(),
        failures.join("\n")
    );
}
