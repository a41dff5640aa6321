//! Issue 16, part 1: every named query and quality check is standalone SPARQL 1.1. Another
//! engine, Oxigraph's own server (`oxigraph serve --union-default-graph`, the binary named by
//! `KYOTO_KG_OXIGRAPH`, which `.ci/run` installs), loaded with kyoto-kg's N-Quads export, runs
//! each file's text unchanged (no prefixes given, no parameters bound) and gives the same rows
//! as `kyoto-kg query --name NAME`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use kyoto_kg::query;
use serde_json::Value;
use std::process::Command;

fn kyoto_kg(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kyoto-kg"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "kyoto-kg {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The variables a query binds to a `GROUP_CONCAT` (`... GROUP_CONCAT(...) ... AS ?name)`).
fn concatenated(text: &str) -> Vec<String> {
    text.match_indices("GROUP_CONCAT")
        .filter_map(|(at, _)| {
            let rest = &text[at..];
            let name = &rest[rest.find(" AS ?")? + " AS ?".len()..];
            Some(
                name.split(|c: char| !c.is_alphanumeric())
                    .next()?
                    .to_owned(),
            )
        })
        .collect()
}

/// The rows of SPARQL JSON results, each as `var=term` cells in variable order, blank nodes
/// renamed (their labels are the engine's own), sorted: the same multiset of rows. The values
/// of `lists` (`GROUP_CONCAT`s, whose order SPARQL 1.1 leaves to the engine, §18.5.1.7) are
/// compared as sorted lists of their space-separated items.
fn rows(json: &str, lists: &[String]) -> (Vec<String>, Vec<Vec<String>>) {
    let json: Value = serde_json::from_str(json).unwrap();
    let vars: Vec<String> = json["head"]["vars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let mut rows: Vec<Vec<String>> = json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            vars.iter()
                .map(|v| match &row[v] {
                    Value::Null => format!("{v}="),
                    term if term["type"] == "bnode" => format!("{v}=_:"),
                    term if lists.contains(v) => {
                        let mut items: Vec<&str> =
                            term["value"].as_str().unwrap().split(' ').collect();
                        items.sort_unstable();
                        format!("{v}=list {}", items.join(" "))
                    }
                    term => format!(
                        "{v}={} {} {} {}",
                        term["type"], term["value"], term["datatype"], term["xml:lang"]
                    ),
                })
                .collect()
        })
        .collect();
    rows.sort();
    (vars, rows)
}

/// The sorted lines of N-Triples without blank nodes' labels.
fn triples(ntriples: &str) -> Vec<String> {
    let mut lines: Vec<String> = ntriples
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_named_query_and_check_gives_the_same_rows_in_oxigraphs_own_server() {
    let store = support::triplestore::oxigraph_with(&["--union-default-graph"]);
    let http = support::server::client_builder()
        .no_proxy()
        .build()
        .unwrap();
    let dump = kyoto_kg(&["export", "--format", "nquads"]);
    let loaded = http
        .post(&store.graph_store)
        .header("Content-Type", "application/n-quads")
        .body(dump)
        .send()
        .unwrap();
    assert!(loaded.status().is_success(), "{:?}", loaded.text());

    let mut files: Vec<(String, &str, Vec<&str>)> = query::catalog()
        .into_iter()
        .map(|q| (q.name.to_owned(), q.text, vec!["--name", q.name]))
        .collect();
    let checks = kyoto_kg::validate::checks::all();
    let check_files: Vec<String> = checks
        .iter()
        .map(|c| format!("queries/checks/{}.rq", c.name))
        .collect();
    for (check, file) in checks.iter().zip(&check_files) {
        files.push((check.name.to_owned(), check.text, vec!["--file", file]));
    }
    assert!(files.len() >= 19, "13 named queries and 6 checks at least");

    let mut non_empty = 0;
    for (name, text, how) in &files {
        let graph = text.contains("\nCONSTRUCT") || text.starts_with("CONSTRUCT");
        let accept = if graph {
            "application/n-triples"
        } else {
            "application/sparql-results+json"
        };
        let theirs = http
            .get(&store.query)
            .query(&[("query", *text)])
            .header("Accept", accept)
            .send()
            .unwrap();
        let status = theirs.status();
        let theirs = theirs.text().unwrap();
        assert!(
            status.is_success(),
            "{name}: Oxigraph refused the text as it is: {theirs}"
        );
        let format = if graph { "ntriples" } else { "json" };
        let mut args = how.clone();
        args.extend(["--format", format]);
        let mut full = vec!["query"];
        full.extend(args);
        let ours = kyoto_kg(&full);
        if graph {
            let (ours, theirs) = (triples(&ours), triples(&theirs));
            assert_eq!(ours, theirs, "{name}: the same triples");
            non_empty += usize::from(!ours.is_empty());
        } else {
            let lists = concatenated(text);
            let (ours, theirs) = (rows(&ours, &lists), rows(&theirs, &lists));
            assert_eq!(ours, theirs, "{name}: the same variables and rows");
            non_empty += usize::from(!ours.1.is_empty());
        }
    }
    // Every named query has answers on the shipped data (the checks have none: it is clean).
    assert_eq!(
        non_empty,
        query::catalog().len(),
        "every named query answers"
    );
}
