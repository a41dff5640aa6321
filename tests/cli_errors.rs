//! Command-line errors outside the source data: a missing data directory, a bad query, an
//! unknown named query. Each exits 2 with a message that says what to do. (Errors in the source
//! data themselves are covered by `tests/robust_input.rs`.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod common;

use common::kyoto_in;

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
