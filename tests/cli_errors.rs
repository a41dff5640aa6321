//! Command-line errors outside the source data: a missing data directory, a bad query, an
//! unknown named query. Each exits 2 with a message that says what to do. (Errors in the source
//! data themselves are covered by `tests/robust_input.rs`.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use support::run::kyoto_in;

#[test]
fn a_missing_data_directory_is_a_clear_error() {
    let run = kyoto_in(&support::project_dir(), &["--data", "no/such/dir", "build"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert!(
        run.stderr()
            .starts_with("error: the data directory no/such/dir does not exist")
            && run.stderr().contains("--data"),
        "the directory, what is wrong with it and the option to fix it\n{}",
        run.transcript()
    );
}

#[test]
fn a_bad_query_reports_the_position_and_exits_2() {
    // The mistake is the `x` after LIMIT, which must be a number; it is on line 3 so that the
    // line is checked too, and the position is found from the query text itself.
    let query = "SELECT ?s\nWHERE { ?s ?p ?o }\nLIMIT x";
    let (line, text) = query
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("LIMIT"))
        .map(|(n, l)| (n + 1, l))
        .unwrap();
    let column = text.find('x').unwrap() + 1;
    let run = support::run::kyoto(&["query", query]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let stderr = run.stderr();
    let message = stderr.lines().next().unwrap_or_default();
    assert!(
        message.starts_with(&format!(
            "error: the query is not valid SPARQL: error at {line}:{column}: expected one of "
        )) && message.contains("['0'..='9']"),
        "the position and what was expected there (a digit)\n{}",
        run.transcript()
    );
    // The offending line is quoted after its number, with a caret under the column.
    let mut lines = stderr
        .lines()
        .skip_while(|l| !l.ends_with(&format!(" | {text}")));
    let quoted = lines
        .next()
        .unwrap_or_else(|| panic!("line quoted\n{}", run.transcript()));
    assert_eq!(
        quoted.trim_start().split_once(" | "),
        Some((line.to_string().as_str(), text)),
        "{}",
        run.transcript()
    );
    let caret = lines.next().unwrap_or_default();
    let gutter = quoted.find(" | ").unwrap() + " | ".len();
    assert_eq!(
        caret.find('^'),
        Some(gutter + column - 1),
        "caret under the `x`\n{}",
        run.transcript()
    );
}

#[test]
fn an_unknown_named_query_lists_the_valid_names() {
    let run = support::run::kyoto(&["query", "--name", "timelines"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let mut names: Vec<String> = std::fs::read_dir(support::project_dir().join("queries"))
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            let stem = path.file_stem()?.to_str()?.to_owned();
            (path.extension()? == "rq").then_some(stem)
        })
        .collect();
    names.sort();
    assert!(names.contains(&"timeline".to_owned()), "{names:?}");
    assert!(
        run.stderr().contains(&format!(
            "there is no named query \"timelines\"; choose from: {}",
            names.join(", ")
        )),
        "the unknown name and every query of queries/\n{}",
        run.transcript()
    );
}
