//! Malformed source data is refused with a compiler-style error naming the file, the line, the
//! offending value and a fix, exit status 2, and nothing written (issue 6).
//!
//! Each test mutates one line of a copy of the shipped `data/` and runs the real binary on it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::path::Path;
use support::run::{Run, data_copy, kyoto_in};

/// Replaces the only occurrence of `from` in `data/<file>` by `to`; returns its 1-based line.
fn mutate(data: &Path, file: &str, from: &str, to: &str) -> usize {
    let path = data.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur once in {file}"
    );
    let at = text.find(from).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    line
}

/// Runs `export --output` on the broken data and checks the error report.
fn assert_refused(data: &Path, file: &str, line: usize, value: &str, hint: &str) -> Run {
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("graph.ttl");
    let run = kyoto_in(
        out_dir.path(),
        &[
            "--data",
            data.to_str().unwrap(),
            "export",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    let stderr = run.stderr();
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert!(
        stderr.contains(&format!("{file}:{line}:")),
        "expected {file}:{line}: in\n{}",
        run.transcript()
    );
    assert!(
        stderr.contains(value),
        "expected {value:?} in\n{}",
        run.transcript()
    );
    assert!(
        stderr.contains("help: "),
        "expected a hint in\n{}",
        run.transcript()
    );
    assert!(
        stderr.contains(hint),
        "expected hint {hint:?} in\n{}",
        run.transcript()
    );
    assert!(
        stderr.contains(&format!("{line} | ")),
        "expected the source line quoted in\n{}",
        run.transcript()
    );
    assert!(!output.exists(), "export wrote {}", output.display());
    let leftovers: Vec<_> = std::fs::read_dir(out_dir.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "files left behind: {leftovers:?}");
    run
}

#[test]
fn a_toml_syntax_error_names_file_line_and_the_broken_value() {
    let data = data_copy();
    let line = mutate(
        data.path(),
        "sessions.toml",
        "label = \"Improving prison conditions\"",
        "label = \"Improving prison conditions",
    );
    assert_refused(
        data.path(),
        "sessions.toml",
        line,
        "Improving prison conditions",
        "TOML",
    );
}

#[test]
fn an_unknown_key_is_refused_and_the_valid_keys_are_listed() {
    let data = data_copy();
    let line = mutate(
        data.path(),
        "sessions.toml",
        "number = 2\ndate = 2022-12-06",
        "numbr = 2\ndate = 2022-12-06",
    );
    let run = assert_refused(data.path(), "sessions.toml", line, "numbr", "valid keys");
    run.stderr_has(&["`number`"]);
}

#[test]
fn a_value_of_the_wrong_type_is_refused() {
    let data = data_copy();
    let line = mutate(
        data.path(),
        "sessions.toml",
        "number = 2\ndate = 2022-12-06",
        "number = \"two\"\ndate = 2022-12-06",
    );
    assert_refused(data.path(), "sessions.toml", line, "\"two\"", "type");
}

#[test]
fn an_unknown_pillar_is_refused_with_the_pillars_to_choose_from() {
    let data = data_copy();
    let line = mutate(
        data.path(),
        "sessions.toml",
        "year = 2022\npillar = 2",
        "year = 2022\npillar = 7",
    ) + 1;
    assert_refused(
        data.path(),
        "sessions.toml",
        line,
        "unknown pillar 7",
        "choose one of: 1, 2, 3, 4",
    );
}

#[test]
fn an_unknown_source_reference_is_refused_with_the_sources_to_choose_from() {
    let data = data_copy();
    let line = mutate(
        data.path(),
        "declaration.toml",
        "endorses = \"kyoto\"\nsources = [\"a-res-76-181\"]",
        "endorses = \"kyoto\"\nsources = [\"a-res-76-18\"]",
    ) + 1;
    assert_refused(
        data.path(),
        "declaration.toml",
        line,
        "\"a-res-76-18\"",
        "choose one of: a-conf-234-16, a-res-76-181, un-follow-up-listing",
    );
}

#[test]
fn a_duplicate_topic_id_is_refused_and_the_first_definition_named() {
    let data = data_copy();
    let sessions = std::fs::read_to_string(data.path().join("sessions.toml")).unwrap();
    let original = "id = \"access-to-legal-aid\"";
    let at = sessions.find(original).unwrap();
    // Where the id is first defined: line and (1-based) column of its value.
    let first_line = sessions[..at].matches('\n').count() + 1;
    let line_start = sessions[..at].rfind('\n').map_or(0, |i| i + 1);
    let first_column = at - line_start + "id = ".len() + 1;
    let line = mutate(
        data.path(),
        "sessions.toml",
        "id = \"national-sentencing-policies\"",
        original,
    );
    assert!(first_line < line, "the original id must come first");
    let run = assert_refused(
        data.path(),
        "sessions.toml",
        line,
        "duplicate topic id \"access-to-legal-aid\"",
        "another id",
    );
    let first = format!(
        "first defined at {}:{first_line}:{first_column}",
        data.path().join("sessions.toml").display()
    );
    assert!(
        run.stderr().contains(&first),
        "expected {first:?} in\n{}",
        run.transcript()
    );
}

#[test]
fn a_duplicate_session_number_is_refused() {
    let data = data_copy();
    let line = mutate(
        data.path(),
        "sessions.toml",
        "number = 2\ndate = 2022-12-06",
        "number = 1\ndate = 2022-12-06",
    );
    assert_refused(
        data.path(),
        "sessions.toml",
        line,
        "duplicate session 1 of 2022",
        "once per year",
    );
}

#[test]
fn a_day_that_no_calendar_has_is_refused() {
    let data = data_copy();
    let line = mutate(
        data.path(),
        "sessions.toml",
        "date = 2023-09-22",
        "date = 2023-02-30",
    );
    assert_refused(
        data.path(),
        "sessions.toml",
        line,
        "2023-02-30",
        "check the day and month",
    );
}

#[test]
fn a_date_outside_its_discussions_year_is_refused() {
    let data = data_copy();
    let line = mutate(
        data.path(),
        "sessions.toml",
        "date = 2023-09-22",
        "date = 2024-09-22",
    );
    assert_refused(
        data.path(),
        "sessions.toml",
        line,
        "the date 2024-09-22 is not in the session's year 2023",
        "fix the date or the year",
    );
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let data = data_copy();
    mutate(
        data.path(),
        "sessions.toml",
        "year = 2022\npillar = 2",
        "year = 2022\npillar = 9",
    );
    mutate(
        data.path(),
        "sessions.toml",
        "date = 2023-09-22",
        "date = 2024-09-22",
    );
    let run = kyoto_in(
        data.path(),
        &["--data", data.path().to_str().unwrap(), "build"],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&[
        "unknown pillar 9",
        "2024-09-22",
        "the source data has 2 problems; nothing was written",
    ]);
}
