//! The W3C SPARQL 1.1 Protocol test suite (`tests/fixtures/w3c-sparql11-protocol/`), run against
//! `kyoto-kg serve` by a small manifest-driven runner.
//!
//! Each test's requests are sent as the manifest writes them (path prefix `/sparql/` mapped to
//! our endpoint) and the responses checked for the expected status class. Every answer the
//! suite expects a result from is parsed with Oxigraph's parsers (`QueryResultsParser` for
//! SPARQL results, `RdfParser` for RDF) and must have the expected form (boolean, solutions or
//! graph) and the expected boolean; when the request names its dataset, the answer must also
//! equal Oxigraph's own evaluation of the same query over the same data.
//!
//! kyoto-kg is read-only, so the seven `update_*` tests are not counted as passes but reported
//! apart as refusals: each update must get 403, leave the dataset exactly as it was, and the
//! suite's follow-up queries, which look for the update's effect, must answer `false`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Graph, GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;
use support::project_dir;
use support::server::{Server, client, media_type};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const HT: &str = "http://www.w3.org/2011/http#";
const CNT: &str = "http://www.w3.org/2011/content#";
const HTS: &str = "http://www.w3.org/2011/http-statusCodes#";
const UT: &str = "http://www.w3.org/2009/sparql/tests/test-update#";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const FIXTURES: &str = "tests/fixtures/w3c-sparql11-protocol";
/// The base IRI the server resolves relative IRIs against (`--base-iri`), given to the reference
/// evaluation too: the suite leaves it to the service (`update_base_uri`, `CONSTRUCT { <s> <p> 1 }`).
const BASE_IRI: &str = "https://w3id.org/kyoto-kg/";

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

/// One HTTP request of a test and the response the suite expects.
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    /// Expected status classes (2 for 2xx...).
    statuses: Vec<u16>,
    /// `boolean`, `tabular` or `RDF`.
    format: Option<String>,
    boolean: Option<bool>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The protocol parameters: those of the URL and, for a form POST, of the body.
    fn parameters(&self) -> Vec<(String, String)> {
        let mut parameters: Vec<(String, String)> = self
            .path
            .split_once('?')
            .map(|(_, q)| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        if self.method == "POST"
            && self.header("content-type") == Some("application/x-www-form-urlencoded")
            && let Some(body) = &self.body
        {
            parameters.extend(form_urlencoded::parse(body).into_owned());
        }
        parameters
    }

    /// The query text, from the `query` parameter or a direct POST body.
    fn query(&self) -> Option<String> {
        let from_parameter = self
            .parameters()
            .into_iter()
            .find(|(n, _)| n == "query")
            .map(|(_, v)| v);
        from_parameter.or_else(|| {
            (self.header("content-type") == Some("application/sparql-query"))
                .then(|| String::from_utf8(self.body.clone()?).ok())
                .flatten()
        })
    }
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

/// A response as received.
struct Response {
    status: u16,
    content_type: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request` to the server's endpoint.
fn send(server: &Server, request: &Request) -> Result<Response, String> {
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
    let content_type = media_type(&response);
    let body = response.bytes().map_err(|e| e.to_string())?.to_vec();
    Ok(Response {
        status,
        content_type,
        body,
    })
}

/// A query answer in a form that compares as the answers themselves: solutions sorted (a
/// multiset), graphs canonicalised (blank node labels do not matter).
#[derive(Debug, PartialEq)]
enum Answer {
    Boolean(bool),
    Solutions {
        variables: Vec<String>,
        rows: Vec<String>,
    },
    Graph(Box<Graph>),
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Boolean(value) => write!(f, "{value}"),
            Self::Solutions { variables, rows } => {
                write!(f, "{} solutions of {variables:?}: {rows:?}", rows.len())
            }
            Self::Graph(graph) => write!(f, "{} triples: {{ {graph}}}", graph.len()),
        }
    }
}

impl Answer {
    /// The form's name, as the manifest's `mf:expectedFormat` spells it.
    fn form(&self) -> &'static str {
        match self {
            Self::Boolean(_) => "boolean",
            Self::Solutions { .. } => "tabular",
            Self::Graph(_) => "RDF",
        }
    }

    fn solutions(
        variables: &[oxigraph::sparql::Variable],
        solutions: impl Iterator<Item = Result<QuerySolution, String>>,
    ) -> Result<Self, String> {
        let mut rows = solutions
            .map(|s| {
                let s = s?;
                let mut row: Vec<String> = s.iter().map(|(v, t)| format!("{v}={t}")).collect();
                row.sort();
                Ok(row.join(" "))
            })
            .collect::<Result<Vec<_>, String>>()?;
        rows.sort();
        Ok(Self::Solutions {
            variables: variables.iter().map(ToString::to_string).collect(),
            rows,
        })
    }

    fn graph(triples: impl Iterator<Item = Result<Triple, String>>) -> Result<Self, String> {
        let mut graph = Graph::new();
        for triple in triples {
            graph.insert(&triple?);
        }
        graph.canonicalize(CanonicalizationAlgorithm::Unstable);
        Ok(Self::Graph(Box::new(graph)))
    }

    /// Parses a response body with Oxigraph's parser for its media type.
    fn parse(response: &Response) -> Result<Self, String> {
        let content_type = response.content_type.as_str();
        if let Some(format) = QueryResultsFormat::from_media_type(content_type) {
            match QueryResultsParser::from_format(format)
                .for_slice(&response.body)
                .map_err(|e| format!("unparsable {content_type} results: {e}"))?
            {
                SliceQueryResultsParserOutput::Boolean(value) => Ok(Self::Boolean(value)),
                SliceQueryResultsParserOutput::Solutions(solutions) => {
                    let variables = solutions.variables().to_vec();
                    Self::solutions(
                        &variables,
                        solutions
                            .map(|s| s.map_err(|e| format!("unparsable {content_type} row: {e}"))),
                    )
                }
            }
        } else if let Some(format) = RdfFormat::from_media_type(content_type) {
            Self::graph(
                RdfParser::from_format(format)
                    .for_slice(&response.body)
                    .map(|q| match q {
                        Ok(q) if q.graph_name.is_default_graph() => Ok(Triple::from(q)),
                        Ok(q) => Err(format!("a quad in a named graph: {q}")),
                        Err(e) => Err(format!("unparsable {content_type}: {e}")),
                    }),
            )
        } else {
            Err(format!(
                "{content_type:?} is neither a SPARQL results nor an RDF media type"
            ))
        }
    }
}

/// Oxigraph's in-process evaluation of the same request over the suite's data graphs, when the
/// request names its dataset (`default-graph-uri`, `named-graph-uri`), so that what the
/// server holds besides does not matter; `None` otherwise.
fn reference(data: &Store, request: &Request) -> Option<Answer> {
    let parameters = request.parameters();
    let graphs = |name: &str| -> Vec<NamedNode> {
        parameters
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| NamedNode::new(v).unwrap())
            .collect()
    };
    let (default, named) = (graphs("default-graph-uri"), graphs("named-graph-uri"));
    if default.is_empty() && named.is_empty() {
        return None;
    }
    let mut query = SparqlEvaluator::new()
        .with_base_iri(BASE_IRI)
        .unwrap()
        .parse_query(&request.query()?)
        .unwrap();
    // A protocol dataset replaces the query's own (FROM, FROM NAMED) as a whole.
    query
        .dataset_mut()
        .set_default_graph(default.into_iter().map(GraphName::from).collect());
    query
        .dataset_mut()
        .set_available_named_graphs(named.into_iter().map(NamedOrBlankNode::from).collect());
    let answer = match query.on_store(data).execute().unwrap() {
        QueryResults::Boolean(value) => Ok(Answer::Boolean(value)),
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            Answer::solutions(&variables, solutions.map(|s| s.map_err(|e| e.to_string())))
        }
        QueryResults::Graph(triples) => {
            Answer::graph(triples.map(|t| t.map_err(|e| e.to_string())))
        }
    };
    Some(answer.unwrap())
}

/// How a query test's response was checked.
#[derive(Debug, PartialEq)]
enum Checked {
    /// The status class only (the suite expects an error, or no result form).
    Status,
    /// Parsed, of the expected form, with the expected boolean if the suite gives one.
    Parsed,
    /// [`Checked::Parsed`], and equal to Oxigraph's evaluation of the same request.
    Reference,
}

/// Sends `request` and checks the response against what the suite expects.
fn check(server: &Server, data: &Store, request: &Request) -> Result<Checked, String> {
    let response = send(server, request)?;
    if !request.statuses.contains(&(response.status / 100)) {
        return Err(format!(
            "status {}, expected {:?}xx: {}",
            response.status,
            request.statuses,
            response.text()
        ));
    }
    let Some(form) = request.format.as_deref() else {
        return Ok(Checked::Status);
    };
    let answer = Answer::parse(&response)?;
    if answer.form() != form {
        return Err(format!(
            "a {} answer ({}), expected {form}",
            answer.form(),
            response.content_type
        ));
    }
    if let (Some(expected), Answer::Boolean(value)) = (request.boolean, &answer)
        && *value != expected
    {
        return Err(format!("answered {value}, expected {expected}"));
    }
    let Some(expected) = reference(data, request) else {
        return Ok(Checked::Parsed);
    };
    if answer != expected {
        return Err(format!(
            "answered {answer}, Oxigraph's evaluation of the same request gives {expected}"
        ));
    }
    Ok(Checked::Reference)
}

/// Everything the server holds, every quad of every graph (and of its default graph), sorted.
fn contents(server: &Server) -> Vec<String> {
    let response = client()
        .get(server.sparql())
        .query(&[(
            "query",
            "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
        )])
        .header("accept", "application/sparql-results+json")
        .send()
        .unwrap();
    assert!(response.status().is_success(), "{response:?}");
    assert!(
        response.headers().get("x-kyoto-truncated").is_none(),
        "the whole dataset fits in one answer"
    );
    let response = Response {
        status: 200,
        content_type: "application/sparql-results+json".into(),
        body: response.bytes().unwrap().to_vec(),
    };
    match Answer::parse(&response).unwrap() {
        Answer::Solutions { rows, .. } => {
            assert!(!rows.is_empty(), "the server holds data");
            rows
        }
        other => panic!("not solutions: {other}"),
    }
}

/// Runs an `update_*` test against a read-only endpoint: the update is refused with 403 and
/// changes nothing, and the follow-up queries that look for its effect answer `false`.
fn check_refused(server: &Server, requests: &[Request]) -> Result<(), String> {
    let (update, follow_ups) = requests.split_first().unwrap();
    let before = contents(server);
    let response = send(server, update)?;
    if response.status != 403 {
        return Err(format!(
            "status {}, expected 403 from a read-only endpoint: {}",
            response.status,
            response.text()
        ));
    }
    if contents(server) != before {
        return Err("the refused update changed the dataset".into());
    }
    for follow_up in follow_ups {
        let response = send(server, follow_up)?;
        match Answer::parse(&response)? {
            Answer::Boolean(false) => {}
            other => return Err(format!("the update's effect is visible: {other}")),
        }
    }
    Ok(())
}

/// The suite's data graphs, each under the name its `ut:graphData` label gives.
fn data_graphs() -> (Store, Vec<String>) {
    let store = Store::new().unwrap();
    let mut loads = Vec::new();
    for n in 1..=3 {
        let name = format!("http://kasei.us/2009/09/sparql/data/data{n}.rdf");
        let file = format!("{FIXTURES}/data{n}.nt");
        store
            .load_from_reader(
                RdfParser::from_format(RdfFormat::NTriples)
                    .with_default_graph(NamedNode::new(&name).unwrap()),
                std::fs::read(project_dir().join(&file)).unwrap().as_slice(),
            )
            .unwrap();
        loads.push("--load".to_owned());
        loads.push(format!("{file}={name}"));
    }
    (store, loads)
}

#[test]
fn the_endpoint_passes_the_w3c_protocol_query_tests_and_refuses_its_update_tests() {
    let manifest = Manifest::load();
    let (data, loads) = data_graphs();
    assert!(
        data.quads_for_pattern(None, None, None, None).count() > 0,
        "the data graphs are not empty"
    );
    let args: Vec<&str> = ["--workers", "1", "--base-iri", BASE_IRI]
        .into_iter()
        .chain(loads.iter().map(String::as_str))
        .collect();
    let server = Server::start(&args);
    // The graphs the manifest asks for are exactly the ones loaded above.
    for test in manifest.entries() {
        for graph in manifest.objects(&test, iri(UT, "graphData").as_ref()) {
            let label = manifest
                .text(
                    &Manifest::node(graph),
                    &NamedNode::new_unchecked(RDFS_LABEL),
                )
                .unwrap();
            assert!(
                loads.iter().any(|l| l.ends_with(&format!("={label}"))),
                "{label} is loaded"
            );
        }
    }
    let (mut passed, mut refused, mut failures) = (Vec::new(), Vec::new(), Vec::new());
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
        if name.starts_with("update_") {
            match check_refused(&server, &requests) {
                Ok(()) => refused.push(name),
                Err(why) => failures.push(format!("{name}: {why}")),
            }
            continue;
        }
        let outcome: Result<Vec<Checked>, String> =
            requests.iter().map(|r| check(&server, &data, r)).collect();
        match outcome {
            Ok(checked) => passed.push((name, checked)),
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    let updates = entries
        .iter()
        .filter(|t| t.to_string().contains("#update_"))
        .count();
    let queries = entries.len() - updates;
    assert!(
        failures.is_empty(),
        "W3C SPARQL 1.1 Protocol: {} of {queries} query tests pass, {} of {updates} update \
         tests refused; failures:\n{}",
        passed.len(),
        refused.len(),
        failures.join("\n")
    );
    let count = |prefix: &str| passed.iter().filter(|(n, _)| n.starts_with(prefix)).count();
    let checked = |how: &Checked| {
        passed
            .iter()
            .flat_map(|(_, c)| c)
            .filter(|c| *c == how)
            .count()
    };
    // The counts the README and docs/server.md quote.
    assert_eq!(
        (count("query_"), count("bad_"), refused.len()),
        (13, 14, 7),
        "query tests, bad-request tests, update tests"
    );
    assert_eq!(
        (checked(&Checked::Reference), checked(&Checked::Parsed)),
        (12, 1),
        "answers equal to Oxigraph's evaluation, answers parsed and checked against the manifest only"
    );
    report(&format!(
        "W3C SPARQL 1.1 Protocol: {}/{queries} query tests pass ({} queries, {} bad requests; {} \
         answers equal to Oxigraph's evaluation of the same request), {} update tests refused \
         with 403, nothing changed, as a read-only endpoint should: {}",
        passed.len(),
        count("query_"),
        count("bad_"),
        checked(&Checked::Reference),
        refused.len(),
        refused.join(", ")
    ));
}

#[expect(
    clippy::print_stderr,
    reason = "the runner's report, shown with --nocapture"
)]
fn report(line: &str) {
    eprintln!("{line}");
}
