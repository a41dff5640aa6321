//! `kyoto-kg import` merges a UN listing into `data/` without disturbing what is there (issue 6).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use kyoto_kg::model::Dataset;
use std::path::Path;
use support::project_dir;
use support::run::{data_copy, kyoto_in};

/// A session's facts, without where they were read from.
type Facts = (i32, u32, String, Vec<String>, Vec<(String, String)>);

fn facts(dataset: &Dataset) -> Vec<Facts> {
    dataset
        .sessions
        .iter()
        .map(|s| {
            (
                s.year,
                s.number,
                s.date.to_string(),
                s.sources.clone(),
                s.topics
                    .iter()
                    .map(|t| (t.id.clone(), t.label.clone()))
                    .collect(),
            )
        })
        .collect()
}

fn load(dir: &Path) -> Dataset {
    kyoto_kg::source::load(dir).unwrap()
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

/// A data directory with the shipped declaration and discussions but no session (and so no
/// SDG links, which point at topics).
fn data_without_sessions() -> tempfile::TempDir {
    let dir = data_copy();
    std::fs::remove_file(dir.path().join("sdg-links.toml")).unwrap();
    let path = dir.path().join("sessions.toml");
    let mut doc: toml_edit::DocumentMut = read(dir.path(), "sessions.toml").parse().unwrap();
    doc.remove("session");
    std::fs::write(&path, doc.to_string()).unwrap();
    assert!(load(dir.path()).sessions.is_empty());
    dir
}

fn import(data: &Path, listing: &Path, extra: &[&str]) -> support::run::Run {
    let mut args = vec![
        "--data",
        data.to_str().unwrap(),
        "import",
        listing.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    kyoto_in(data, &args)
}

fn listing_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("listing.txt");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn importing_the_seed_listing_into_empty_data_reproduces_the_shipped_sessions_and_topics() {
    let data = data_without_sessions();
    let run = import(
        data.path(),
        &project_dir().join("tests/fixtures/un-listing.txt"),
        &[],
    );
    run.ok();
    run.stdout_has(&["29 added, 0 changed, 0 unchanged"]);
    let shipped = load(&project_dir().join("data"));
    assert_eq!(facts(&load(data.path())), facts(&shipped));
    let validate = kyoto_in(
        data.path(),
        &["--data", data.path().to_str().unwrap(), "validate"],
    );
    validate.ok();
}

#[test]
fn importing_the_seed_listing_into_the_shipped_data_changes_nothing() {
    let data = data_copy();
    let before = read(data.path(), "sessions.toml");
    let run = import(
        data.path(),
        &project_dir().join("tests/fixtures/un-listing.txt"),
        &[],
    );
    run.ok();
    run.stdout_has(&["0 added, 0 changed, 11 unchanged", "nothing to write"]);
    assert_eq!(read(data.path(), "sessions.toml"), before);
}

const NEW_FACTS: &str = "Thematic discussion 2024\n\
    Thematic\u{a0}session\u{a0}1 – Example topic A; and example topic B (Monday, 2\u{a0}December 2024)\n\
    Thematic session 2 (4 December 2024):\n\
    Thematic session 3 (4 December 2024):\n\
    Thematic session 4 (5 December 2024):\n";

#[test]
fn a_dry_run_shows_the_diff_and_writes_nothing() {
    let data = data_copy();
    let before = read(data.path(), "sessions.toml");
    let (_dir, listing) = listing_file(NEW_FACTS);
    let run = import(data.path(), &listing, &["--dry-run"]);
    let out = run.ok();
    for expected in [
        "+label = \"Example topic A\"",
        "+label = \"Example topic B\"",
        "-date = 2024-12-03",
        "+date = 2024-12-04",
        "+number = 4",
        "Dry run: nothing was written.",
    ] {
        assert!(
            out.contains(expected),
            "{expected:?} missing\n{}",
            run.transcript()
        );
    }
    assert_eq!(read(data.path(), "sessions.toml"), before);
}

#[test]
fn an_import_adds_and_changes_facts_but_keeps_comments_ids_and_other_records() {
    let data = data_copy();
    let before = load(data.path());
    let before_text = read(data.path(), "sessions.toml");
    let (_dir, listing) = listing_file(NEW_FACTS);
    let run = import(data.path(), &listing, &[]);
    run.ok();
    run.stdout_has(&[
        "added      session 4 of 2024 (2024-12-05)",
        "changed    session 2 of 2024: date 2024-12-03 -> 2024-12-04",
        "added      topic example-topic-a",
        "unchanged  session 3 of 2024",
    ]);

    let after = load(data.path());
    // Every record that was there is still there with its id and label, except the one date.
    for session in &before.sessions {
        let now = after
            .sessions
            .iter()
            .find(|s| (s.year, s.number) == (session.year, session.number))
            .unwrap();
        for topic in &session.topics {
            assert!(
                now.topics
                    .iter()
                    .any(|t| t.id == topic.id && t.label == topic.label)
            );
        }
        if (session.year, session.number) != (2024, 2) {
            assert_eq!(now.date, session.date);
        }
    }
    let s1 = after
        .sessions
        .iter()
        .find(|s| (s.year, s.number) == (2024, 1))
        .unwrap();
    let labels: Vec<&str> = s1.topics.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["Example topic A", "Example topic B"]);
    assert_eq!(after.sessions.len(), before.sessions.len() + 1);
    assert_eq!(after.declaration, before.declaration);
    assert_eq!(after.discussions, before.discussions);

    // Comments and layout survive: every comment line is still there.
    let after_text = read(data.path(), "sessions.toml");
    for line in before_text.lines().filter(|l| l.starts_with('#')) {
        assert!(after_text.contains(line), "comment lost: {line}");
    }
    // The new session sits after session 3 of 2024, not at the end of some other table.
    let s3 = after_text.find("number = 3\ndate = 2024-12-04").unwrap();
    let s4 = after_text.find("number = 4\ndate = 2024-12-05").unwrap();
    assert!(s3 < s4, "{after_text}");

    // A second import of the same listing finds nothing to do.
    let again = import(data.path(), &listing, &[]);
    assert!(
        again.ok().contains("nothing to write"),
        "{}",
        again.transcript()
    );
    assert_eq!(read(data.path(), "sessions.toml"), after_text);
}

#[test]
fn an_impossible_date_in_the_listing_is_refused_with_its_line() {
    let data = data_copy();
    let before = read(data.path(), "sessions.toml");
    let (_dir, listing) = listing_file("Heading\n\nThematic session 1 (31 February 2024):\n");
    let run = import(data.path(), &listing, &[]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());

    run.stderr_has(&[
        "listing.txt:3:",
        "31 February 2024",
        "not a day of the calendar",
        "help: ",
    ]);
    assert_eq!(read(data.path(), "sessions.toml"), before);
}

#[test]
fn a_session_of_a_year_without_a_discussion_is_refused_not_guessed() {
    let data = data_copy();
    let before = read(data.path(), "sessions.toml");
    let (_dir, listing) = listing_file("Thematic session 1 (1 December 2031):\n");
    let run = import(data.path(), &listing, &[]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&[
        "add a [[discussion]] with year = 2031",
        "Known years: 2021, 2022, 2023, 2024",
    ]);
    assert_eq!(read(data.path(), "sessions.toml"), before);
}

#[test]
fn an_unknown_source_id_is_refused_with_the_choices() {
    let data = data_copy();
    let (_dir, listing) = listing_file("Thematic session 4 (5 December 2024):\n");
    let run = import(data.path(), &listing, &["--source", "nowhere"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["unknown source \"nowhere\"", "un-follow-up-listing"]);
}

#[test]
fn facts_added_to_an_existing_session_name_the_listing_among_its_sources() {
    let data = data_copy();
    let (_dir, listing) = listing_file("Thematic session 1: Example topic C (2 December 2024)\n");
    let run = import(data.path(), &listing, &["--source", "a-conf-234-16"]);
    run.ok();
    run.stdout_has(&["changed    session 1 of 2024: sources += \"a-conf-234-16\""]);
    let after = load(data.path());
    let s1 = after
        .sessions
        .iter()
        .find(|s| (s.year, s.number) == (2024, 1))
        .unwrap();
    assert_eq!(s1.sources, ["un-follow-up-listing", "a-conf-234-16"]);
}
