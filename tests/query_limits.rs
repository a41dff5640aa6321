//! The command line's limits on queries and RDF inputs (issue 14): `query --timeout` and
//! `--memory` stop a query for real and write nothing; a deeply nested query file or JSON-LD
//! file ends with a message and exit status 2, never a crash (exit 134).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use support::run::kyoto_in;

/// A query that runs for minutes on the Kyoto graph.
const RUNAWAY: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }";

fn project() -> std::path::PathBuf {
    support::project_dir()
}

#[test]
fn a_query_past_its_timeout_is_stopped_with_status_2_and_nothing_written() {
    let run = kyoto_in(
        &project(),
        &["query", "--timeout", "1s", "--format", "csv", RUNAWAY],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert_eq!(run.stdout(), "", "{}", run.transcript());
    run.stderr_has(&["--timeout", "nothing was written"]);
}

#[test]
fn a_query_past_its_memory_is_stopped_with_status_2_and_nothing_written() {
    let run = kyoto_in(
        &project(),
        &[
            "query",
            "--memory",
            "300",
            "--format",
            "csv",
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1",
        ],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert_eq!(run.stdout(), "", "{}", run.transcript());
    // Stopped for the memory it needed, not refused for want of room (the test below).
    run.stderr_has(&["needed more than the 300 MiB of --memory"]);
}

#[test]
fn a_memory_limit_below_what_the_process_already_uses_is_refused_with_both_figures() {
    // The program, the store and the 64 MiB query stack alone are more than 100 MiB.
    let run = kyoto_in(&project(), &["query", "--memory", "100", "ASK {}"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert_eq!(run.stdout(), "", "{}", run.transcript());
    run.stderr_has(&[
        "--memory 100 is less than the",
        "MiB of address space this process already uses",
        "give more than",
    ]);
}

#[test]
fn a_supervised_query_that_finishes_writes_its_whole_answer_and_keeps_error_reports() {
    let run = kyoto_in(
        &project(),
        &[
            "query",
            "--timeout",
            "60s",
            "--memory",
            "2048",
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a kyoto:ThematicSession }",
        ],
    );
    let listed = std::fs::read_to_string(project().join("tests/fixtures/un-listing.txt"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("Thematic session "))
        .count();
    assert_eq!(run.ok().replace('\r', ""), format!("n\n{listed}\n"));
    // A syntax error in the child is reported as without supervision: status 2, the same
    // message, with the position of the `x` that should be a number.
    let query = "SELECT ?s\nWHERE { ?s ?p ?o }\nLIMIT x";
    let line = query.lines().count();
    let column = query.lines().last().unwrap().find('x').unwrap() + 1;
    let run = kyoto_in(&project(), &["query", "--timeout", "60s", query]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert!(
        run.stderr().starts_with(&format!(
            "error: the query is not valid SPARQL: error at {line}:{column}: "
        )),
        "{}",
        run.transcript()
    );
    let unsupervised = kyoto_in(&project(), &["query", query]);
    assert_eq!(run.stderr(), unsupervised.stderr(), "{}", run.transcript());
}

#[test]
fn a_query_file_with_100000_nested_parentheses_ends_with_status_2_and_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.rq");
    let n = 100_000;
    std::fs::write(
        &file,
        format!(
            "SELECT * WHERE {{ FILTER({}1{}) }}",
            "(".repeat(n),
            ")".repeat(n)
        ),
    )
    .unwrap();
    let run = kyoto_in(&project(), &["query", "--file", file.to_str().unwrap()]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let (line, column) = first_past_depth(&std::fs::read_to_string(&file).unwrap(), 100);
    assert!(
        run.stderr().contains(&format!(
            "the query is too deeply nested: brackets nest deeper than 100 levels (at line \
             {line}, column {column})"
        )),
        "the default limit and where the query passes it\n{}",
        run.transcript()
    );
}

/// The 1-based line and column of the first bracket (`{`, `(`, `[`) nested deeper than `limit`
/// in `text` (which has no brackets inside strings).
fn first_past_depth(text: &str, limit: usize) -> (usize, usize) {
    let mut depth = 0;
    for (n, line) in text.lines().enumerate() {
        for (c, char) in line.chars().enumerate() {
            match char {
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' => depth = usize::saturating_sub(depth, 1),
                _ => {}
            }
            if depth > limit {
                return (n + 1, c + 1);
            }
        }
    }
    panic!("nothing nests deeper than {limit}");
}

#[test]
fn a_jsonld_file_nested_20000_levels_deep_ends_with_status_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.jsonld");
    let n = 20_000;
    std::fs::write(
        &file,
        format!(
            "{{\"@id\": \"http://example.org/a\",\n \"http://example.org/p\": {}1{}}}",
            "{\"http://example.org/p\": ".repeat(n),
            "}".repeat(n)
        ),
    )
    .unwrap();
    let run = kyoto_in(&project(), &["validate", file.to_str().unwrap()]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let stderr = run.stderr();
    let (line, column) = first_past_depth(&std::fs::read_to_string(&file).unwrap(), 1000);
    assert!(
        stderr.contains(&format!(
            "cannot load {}: at line {line}, column {column} its JSON nests arrays and objects \
             deeper than 1000 levels",
            file.display()
        )),
        "the file, where it passes the limit, and the limit\n{}",
        run.transcript()
    );
}
