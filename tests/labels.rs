//! Labels are text (issue 14, part 7): a label, name or title without a letter or digit, or with
//! a control, invisible or bidirectional character, or with whitespace at an end, is refused by
//! `import` (naming the listing's line, before anything is written), by the source checks of
//! `build` and `validate` (with file:line:column), and by the SHACL shapes for graphs that skip
//! the source checks. A listing may start with a byte order mark.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::path::Path;
use support::run::{data_copy, kyoto_in};

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

fn import(data: &Path, listing: &str) -> support::run::Run {
    let path = data.join("listing.txt");
    std::fs::write(&path, listing).unwrap();
    kyoto_in(
        data,
        &[
            "--data",
            data.to_str().unwrap(),
            "import",
            path.to_str().unwrap(),
        ],
    )
}

#[test]
fn import_refuses_the_worst_listing_line_naming_it_and_writes_nothing() {
    let data = data_copy();
    let before = read(data.path(), "sessions.toml");
    let run = import(
        data.path(),
        "Thematic sessions of 2024\n\nThematic session 4: !!! ; \u{200B} (5 December 2024)\n",
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let stderr = run.stderr();
    for expected in [
        "listing.txt:3:",
        "the topic \"!!!\" has no letter or digit",
        "U+200B (zero width space)",
    ] {
        assert!(
            stderr.contains(expected),
            "{expected:?}\n{}",
            run.transcript()
        );
    }
    assert_eq!(read(data.path(), "sessions.toml"), before);
    let names: Vec<String> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn import_refuses_topics_with_an_override_or_a_nul_character() {
    for (topic, expected) in [
        ("Safe \u{202E}streets", "U+202E (right-to-left override)"),
        ("Safe\0streets", "U+0000 (NUL)"),
        ("Safe\u{2060}streets", "U+2060 (word joiner)"),
    ] {
        let data = data_copy();
        let before = read(data.path(), "sessions.toml");
        let run = import(
            data.path(),
            &format!("Thematic session 4: {topic} (5 December 2024)\n"),
        );
        assert_eq!(run.code(), Some(2), "{}", run.transcript());
        assert!(
            run.stderr().contains("listing.txt:1:") && run.stderr().contains(expected),
            "{expected:?}\n{}",
            run.transcript()
        );
        assert_eq!(read(data.path(), "sessions.toml"), before);
    }
}

#[test]
fn a_listing_that_starts_with_a_byte_order_mark_is_read() {
    let data = data_copy();
    let run = import(
        data.path(),
        "\u{FEFF}Thematic session 2: Addressing the economic dimension of crime (11 November 2021)\n",
    );
    let out = run.ok();
    assert!(
        out.contains("1 session") && out.contains("0 added, 0 changed, 1 unchanged"),
        "{}",
        run.transcript()
    );
}

/// `sessions.toml` of a copy of the data with `label` replaced by `bad` (TOML source text);
/// returns the copy and the line and column where `bad` differs from `label`.
fn with_bad_label(label: &str, bad: &str) -> (tempfile::TempDir, usize, usize) {
    let data = data_copy();
    let path = data.path().join("sessions.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let needle = format!("label = \"{label}\"");
    let at = text.find(&needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let common = label
        .chars()
        .zip(bad.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let column = "label = \"".len() + common + 1;
    std::fs::write(&path, text.replace(&needle, &format!("label = \"{bad}\""))).unwrap();
    (data, line, column)
}

#[test]
fn build_and_validate_refuse_a_label_with_an_override_or_a_nul_at_its_file_line_and_column() {
    let label = "Addressing the economic dimension of crime";
    for (bad, expected) in [
        (
            "Addressing the economic \u{202E}dimension of crime",
            "U+202E (right-to-left override)",
        ),
        // TOML has no raw NUL: it is written as an escape, and the column is the escape's.
        (
            "Addressing the economic \\u0000dimension of crime",
            "U+0000 (NUL)",
        ),
    ] {
        let (data, line, column) = with_bad_label(label, bad);
        let dir = data.path().to_str().unwrap();
        for command in ["build", "validate"] {
            let run = kyoto_in(data.path(), &["--data", dir, command]);
            assert_ne!(run.code(), Some(0), "{}", run.transcript());
            let stderr = run.stderr();
            let place = format!("sessions.toml:{line}:{column}");
            assert!(
                stderr.contains(&place) && stderr.contains(expected),
                "{place} {expected}\n{}",
                run.transcript()
            );
        }
    }
}

#[test]
fn validating_a_file_that_skips_the_source_checks_applies_the_label_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("topics.ttl");
    std::fs::write(
        &file,
        "@prefix kyoto: <https://w3id.org/kyoto-kg/ontology#> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         <https://example.org/t1> a kyoto:Topic ; rdfs:label \"Safe \\u202Estreets\"@en .\n\
         <https://example.org/t2> a kyoto:Topic ; rdfs:label \"Safe\\u200Bstreets\"@en .\n\
         <https://example.org/t3> a kyoto:Topic ; rdfs:label \"!!!\"@en .\n\
         <https://example.org/t4> a kyoto:Topic ; rdfs:label \"Safe\\u0000streets\"@en .\n\
         <https://example.org/t5> a kyoto:Topic ; rdfs:label \"Safe streets \"@en .\n",
    )
    .unwrap();
    let run = kyoto_in(dir.path(), &["validate", file.to_str().unwrap()]);
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    let out = run.stdout();
    for shape in [
        "LabelBidiControlShape",
        "LabelInvisibleCharacterShape",
        "LabelLetterOrDigitShape",
        "LabelControlCharacterShape",
        "LabelEdgeWhitespaceShape",
    ] {
        assert!(out.contains(shape), "{shape}\n{}", run.transcript());
    }
    // The report shows the characters as escapes instead of letting the terminal act on them.
    run.stdout_has(&["Safe \\u202Estreets"]);
    assert!(!out.contains('\u{202E}'), "{}", run.transcript());
}
