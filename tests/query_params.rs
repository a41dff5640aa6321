//! `--param` binding cross-checked against Oxigraph's own: every named query, with its default
//! parameters and with values taken from the shipped graph, gives the same answers through
//! `query::prepare` (the value replaces the one of the query's `VALUES` line, which the
//! optimiser can use) as through Oxigraph's `substitute_variable` (an initial binding) on the
//! query's text without its `VALUES` lines.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use kyoto_kg::query::{self, NamedQuery};
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;

/// The answers of a query as sorted lines (rows, triples or the boolean): ORDER BY ties may
/// come out in either order from two different plans.
fn answers(results: QueryResults<'_>) -> Vec<String> {
    let mut lines: Vec<String> = match results {
        QueryResults::Solutions(solutions) => solutions
            .map(|s| {
                let s = s.unwrap();
                let row: Vec<String> = s.iter().map(|(v, t)| format!("{v}={t}")).collect();
                row.join(" ")
            })
            .collect(),
        QueryResults::Graph(triples) => triples.map(|t| t.unwrap().to_string()).collect(),
        QueryResults::Boolean(b) => vec![b.to_string()],
    };
    lines.sort();
    lines
}

/// Through `query::prepare`, the path of `kyoto-kg query --param`.
fn ours(store: &Store, named: &NamedQuery, params: &[String]) -> Vec<String> {
    let prepared = query::prepare(named.text, params).unwrap();
    answers(query::run(store, prepared).unwrap())
}

/// Through Oxigraph's `substitute_variable`, on the text without the parameters' `VALUES` lines.
fn oxigraphs(store: &Store, named: &NamedQuery, params: &[String]) -> Vec<String> {
    let text: String = named
        .text
        .lines()
        .filter(|line| {
            !named.params.iter().any(|p| {
                line.trim_start()
                    .starts_with(&format!("VALUES ?{} ", p.name))
            })
        })
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(
        text.lines().count() + named.params.len(),
        named.text.lines().count(),
        "{}: one VALUES line per parameter",
        named.name
    );
    let mut prepared = query::evaluator().parse_query(&text).unwrap();
    prepared.dataset_mut().set_default_graph_as_union();
    for param in params {
        let (name, value) = param.split_once('=').unwrap();
        let term: Term = match value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
            Some(iri) => NamedNode::new(iri).unwrap().into(),
            None => Literal::from(value).into(),
        };
        prepared = prepared.substitute_variable(Variable::new(name).unwrap(), term);
    }
    answers(prepared.on_store(store).execute().unwrap())
}

/// The IRIs of every instance of `class` in the store, as `<iri>` parameter values.
fn instances(store: &Store, class: &str) -> Vec<String> {
    let text = format!("SELECT ?x WHERE {{ ?x a {class} }} ORDER BY ?x");
    let QueryResults::Solutions(rows) =
        query::run(store, query::prepare(&text, &[]).unwrap()).unwrap()
    else {
        panic!("not a SELECT")
    };
    rows.map(|r| r.unwrap().get("x").unwrap().to_string())
        .collect()
}

#[test]
fn every_named_query_answers_the_same_as_with_oxigraphs_substitution() {
    let store = support::rdf::shipped_store();
    let topics = instances(&store, "kyoto:Topic");
    let sessions = instances(&store, "kyoto:ThematicSession");
    assert_eq!(
        (topics.len(), sessions.len()),
        (18, 11),
        "the shipped graph"
    );
    let mut compared = 0;
    let mut non_empty = 0;
    for named in query::catalog() {
        // No `--param`: the defaults of the text's `VALUES` lines.
        let mut cases = vec![Vec::new()];
        for param in &named.params {
            let values: Vec<String> = match param.name.as_str() {
                "topic" => topics.clone(),
                "session" => sessions.clone(),
                "keyword" => ["prison", "cyber", "nothing-matches"]
                    .map(String::from)
                    .into(),
                "target" => ["16.3", "5.2", "16.a", "99.9"].map(String::from).into(),
                other => panic!("no test values for the parameter {other} of {}", named.name),
            };
            cases.extend(
                values
                    .into_iter()
                    .map(|v| vec![format!("{}={v}", param.name)]),
            );
        }
        for params in cases {
            let mut effective = params.clone();
            for param in &named.params {
                if !params
                    .iter()
                    .any(|p| p.starts_with(&format!("{}=", param.name)))
                {
                    effective.push(format!("{}={}", param.name, param.default));
                }
            }
            let expected = oxigraphs(&store, &named, &effective);
            assert_eq!(
                ours(&store, &named, &params),
                expected,
                "{} with {params:?}",
                named.name
            );
            compared += 1;
            non_empty += usize::from(!expected.is_empty());
        }
    }
    assert!(compared >= 40, "{compared} cases");
    assert!(
        non_empty >= 30,
        "only {non_empty} of {compared} cases had answers"
    );
}
