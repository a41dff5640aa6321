//! Bad source data fails with the file, the line, a fix-it hint and exit code 2, and nothing is
//! written.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod common;

use common::{data_copy, kyoto_in};
use std::path::Path;

/// Replaces the first `from` in `data/<file>` with `to`; returns the 1-based line of the change.
fn mutate(dir: &Path, file: &str, from: &str, to: &str) -> usize {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not in {file}"));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    text[..at].matches('\n').count() + 1
}

/// Runs `build` and `export --output` on the mutated data and checks the error report.
fn assert_rejected(dir: &Path, file: &str, line: usize, needles: &[&str]) {
    let data = dir.to_str().unwrap();
    let run = kyoto_in(&common::project_dir(), &["--data", data, "build"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let stderr = run.stderr();
    assert!(
        stderr.contains(&format!("{file}:{line}:")),
        "expected {file}:{line}:\n{}",
        run.transcript()
    );
    assert!(
        stderr.contains("help:"),
        "a hint is given\n{}",
        run.transcript()
    );
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "expected {needle:?}\n{}",
            run.transcript()
        );
    }
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("kyoto.ttl");
    let run = kyoto_in(
        &common::project_dir(),
        &[
            "--data",
            data,
            "export",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert_eq!(
        std::fs::read_dir(out_dir.path()).unwrap().count(),
        0,
        "nothing is written"
    );
}

#[test]
fn an_unknown_pillar_reference_is_reported_with_the_valid_choices() {
    let dir = data_copy();
    let line = mutate(
        dir.path(),
        "sessions.toml",
        "year = 2022\npillar = 2",
        "year = 2022\npillar = 7",
    );
    assert_rejected(
        dir.path(),
        "sessions.toml",
        line + 1,
        &["unknown pillar 7", "1, 2, 3, 4"],
    );
}

#[test]
fn a_duplicate_session_is_reported_with_the_first_definition() {
    let dir = data_copy();
    let line = mutate(
        dir.path(),
        "sessions.toml",
        "year = 2022\nnumber = 3\n",
        "year = 2022\nnumber = 2\n",
    );
    assert_rejected(
        dir.path(),
        "sessions.toml",
        line + 1,
        &["duplicate session 2 of 2022", "first defined at"],
    );
}

#[test]
fn a_malformed_date_is_a_syntax_error_at_its_line() {
    let dir = data_copy();
    let line = mutate(
        dir.path(),
        "sessions.toml",
        "date = 2022-12-06",
        "date = 2022-13-06",
    );
    assert_rejected(dir.path(), "sessions.toml", line, &["sessions.toml"]);
}

#[test]
fn an_impossible_date_is_reported() {
    let dir = data_copy();
    let line = mutate(
        dir.path(),
        "sessions.toml",
        "date = 2023-09-22",
        "date = 2023-02-30",
    );
    assert_rejected(dir.path(), "sessions.toml", line, &["2023-02-30"]);
}

#[test]
fn a_date_outside_the_sessions_year_is_reported() {
    let dir = data_copy();
    let line = mutate(
        dir.path(),
        "sessions.toml",
        "date = 2021-11-11",
        "date = 2020-11-11",
    );
    assert_rejected(
        dir.path(),
        "sessions.toml",
        line,
        &["not in the session's year 2021"],
    );
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let dir = data_copy();
    let line = mutate(
        dir.path(),
        "declaration.toml",
        "acronym = \"CCPCJ\"",
        "acronym = \"CCPCJ",
    );
    assert_rejected(dir.path(), "declaration.toml", line, &["declaration.toml"]);
}

#[test]
fn an_unknown_key_is_reported_with_the_valid_keys() {
    let dir = data_copy();
    let line = mutate(
        dir.path(),
        "sessions.toml",
        "number = 1\ndate = 2021-11-10",
        "numbr = 1\ndate = 2021-11-10",
    );
    assert_rejected(dir.path(), "sessions.toml", line, &["numbr", "number"]);
}

#[test]
fn an_unknown_source_is_reported() {
    let dir = data_copy();
    let line = mutate(
        dir.path(),
        "declaration.toml",
        "sources = [\"a-res-76-181\"]",
        "sources = [\"a-res-76-18\"]",
    );
    assert_rejected(
        dir.path(),
        "declaration.toml",
        line,
        &["unknown source \"a-res-76-18\"", "a-res-76-181"],
    );
}

#[test]
fn a_missing_data_directory_is_a_clear_error() {
    let run = kyoto_in(&common::project_dir(), &["--data", "no/such/dir", "build"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert!(
        run.stderr().contains("no/such/dir") && run.stderr().contains("--data"),
        "{}",
        run.transcript()
    );
}

#[test]
fn a_bad_query_reports_the_position_and_exits_2() {
    let run = common::kyoto(&["query", "SELECT * WHERE { ?s ?p }"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert!(
        run.stderr().contains("1:"),
        "position given\n{}",
        run.transcript()
    );
    assert!(
        run.stderr().contains('^'),
        "caret under the position\n{}",
        run.transcript()
    );
}

#[test]
fn an_unknown_named_query_lists_the_valid_names() {
    let run = common::kyoto(&["query", "--name", "timelines"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert!(
        run.stderr().contains("timeline,") || run.stderr().contains("timeline "),
        "{}",
        run.transcript()
    );
}
