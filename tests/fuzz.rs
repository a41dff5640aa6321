//! Property-based fuzzing (proptest): nothing a user types may crash kyoto-kg (issue 6).
//!
//! Inputs are both arbitrary text and mutations of real inputs (the shipped data, the UN
//! listing, the named queries), so the generators reach deep into the parsers and checks.
//! `PROPTEST_CASES=N cargo test --test fuzz` runs longer campaigns.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use kyoto_kg::export::GraphSelection;
use kyoto_kg::query::{self, ResultFormat};
use kyoto_kg::serialize::Format;
use kyoto_kg::source::{self, SourceError};
use kyoto_kg::store::LoadSpec;
use kyoto_kg::{import, store};
use oxigraph::store::Store;
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;
use support::run::kyoto_in;
use support::{cases, project_dir};

/// The number of cases: `PROPTEST_CASES` when set, else `default`.
fn shipped(file: &str) -> String {
    std::fs::read_to_string(project_dir().join(file)).unwrap()
}

/// One edit of a text: delete, insert or replace a few characters at a position.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Replace(usize, usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop_oneof![
        "[ -~]{0,12}",
        Just("\"".to_owned()),
        Just("[[session]]\n".to_owned()),
        Just("[[session.topic]]\n".to_owned()),
        Just(" = ".to_owned()),
        Just("\n".to_owned()),
        Just("2024-02-30".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("é’\u{a0}–".to_owned()),
    ];
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), snippet.clone()).prop_map(|(at, s)| Edit::Insert(at, s)),
        (any::<usize>(), 1..20usize, snippet).prop_map(|(at, n, s)| Edit::Replace(at, n, s)),
    ]
}

/// Applies `edits` to `text` at character positions (so the result stays valid UTF-8).
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let len = chars.len().max(1);
        match edit {
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            Edit::Insert(at, s) => {
                let at = (at % len).min(chars.len());
                chars.splice(at..at, s.chars());
            }
            Edit::Replace(at, n, s) => {
                let at = (at % len).min(chars.len());
                let end = (at + n).min(chars.len());
                chars.splice(at..end, s.chars());
            }
        }
    }
    chars.into_iter().collect()
}

/// Loads `text` as a data file; on error renders every diagnostic (which must not panic
/// either) and checks it points inside the text.
fn load_and_render(text: &str) {
    let path = Path::new("data/fuzz.toml");
    match source::load_str(path, text) {
        Ok(dataset) => {
            // What loads converts and validates without panicking.
            let store = store::in_memory(&dataset, &[]).unwrap();
            let origins = kyoto_kg::validate::Origins::of(&dataset);
            kyoto_kg::validate::validate(&store, &origins).unwrap();
        }
        Err(SourceError::Invalid(diagnostics)) => {
            assert!(!diagnostics.is_empty());
            let lines = text.lines().count().max(1);
            for d in &diagnostics {
                assert!(d.location.line >= 1 && d.location.line <= lines + 1, "{d}");
                let rendered = source::render_diagnostic(d, Some(text), false);
                assert!(rendered.contains(&d.message), "{rendered}");
            }
        }
        Err(other) => panic!("unexpected error kind: {other}"),
    }
}

fn shipped_store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(support::rdf::shipped_store)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_loader_survives_any_text(text in "\\PC{0,400}") {
        load_and_render(&text);
    }

    #[test]
    fn the_loader_survives_any_edit_of_the_shipped_sessions(edits in prop::collection::vec(edit(), 1..4)) {
        load_and_render(&apply(&shipped("data/sessions.toml"), &edits));
    }

    #[test]
    fn the_loader_survives_any_edit_of_the_shipped_declaration(edits in prop::collection::vec(edit(), 1..4)) {
        load_and_render(&apply(&shipped("data/declaration.toml"), &edits));
    }

    #[test]
    fn the_listing_parser_survives_any_text(text in "\\PC{0,300}") {
        check_listing(&text);
    }

    #[test]
    fn the_listing_parser_survives_any_edit_of_the_seed(edits in prop::collection::vec(edit(), 1..6)) {
        check_listing(&apply(&shipped("tests/fixtures/un-listing.txt"), &edits));
    }

    #[test]
    fn the_listing_parser_survives_session_lines_built_from_odd_parts(
        number in prop_oneof!["[0-9]{1,4}", "\\PC{0,3}"],
        sep in prop_oneof![Just(":"), Just(" –"), Just(" —"), Just(""), Just("\u{a0}-")],
        title in "[ -~’“”\u{a0}();]{0,60}",
        date in prop_oneof![
            "[0-9]{1,2} (January|February|March|June|Sept|Dec|Foo) [0-9]{0,5}",
            "(Monday, )?(May|December) [0-9]{1,3},? [0-9]{4}",
            "\\PC{0,12}",
        ],
        parens in any::<bool>(),
    ) {
        let line = if parens {
            format!("Thematic session {number}{sep} {title} ({date})")
        } else {
            format!("Thematic session {number}{sep} {title} {date}")
        };
        check_listing(&line);
    }

    #[test]
    fn query_preparation_survives_any_text_and_params(
        text in prop_oneof![
            "\\PC{0,200}",
            proptest::sample::select(query::catalog().into_iter().map(|q| q.text).collect::<Vec<_>>())
                .prop_flat_map(|t| prop::collection::vec(edit(), 1..4).prop_map(move |e| apply(t, &e))),
        ],
        params in prop::collection::vec("\\PC{0,20}", 0..3),
    ) {
        if let Ok(prepared) = query::prepare(&text, &params) {
            // A query that parses runs (or fails cleanly) on the shipped store.
            if let Ok(results) = query::run(shipped_store(), prepared) {
                let _ = query::render(results, None, Vec::new());
            }
        }
    }

    #[test]
    fn option_values_never_panic(value in "\\PC{0,30}") {
        let _ = value.parse::<ResultFormat>();
        let _ = value.parse::<Format>();
        let _ = value.parse::<GraphSelection>();
        let _ = value.parse::<LoadSpec>();
        let _ = query::find(&value);
    }
}

fn check_listing(text: &str) {
    match import::parse(text) {
        Ok(listing) => {
            for s in &listing.sessions {
                assert!((1..=99).contains(&s.number), "{s:?}");
                assert!(s.line >= 1, "{s:?}");
                for topic in &s.topics {
                    assert!(!topic.is_empty() && !topic.contains(';'), "{s:?}");
                    assert_eq!(topic.trim(), topic, "{s:?}");
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            let lines = text.lines().count();
            assert!(
                errors.iter().all(|e| e.line >= 1 && e.line <= lines),
                "{errors:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(240) / 10, failure_persistence: None, ..ProptestConfig::default() })]

    /// The real binary, with arbitrary arguments after a real subcommand: exit 0, 1 or 2, never
    /// a panic (exit 101) or a signal.
    #[test]
    fn the_binary_never_panics_on_arguments(
        args in prop::collection::vec(prop_oneof![
            Just("--format".to_owned()), Just("--name".to_owned()), Just("--param".to_owned()),
            Just("--graph".to_owned()), Just("--load".to_owned()), Just("--report".to_owned()),
            Just("--dry-run".to_owned()), Just("-".to_owned()),
            // No '/': a value must never name a path outside the scratch directory.
            "[^/\\p{C}]{0,12}",
        ], 0..5),
        command in proptest::sample::select(vec!["query", "export", "validate", "import", "build", "queries"]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let data = project_dir().join("data");
        let mut all = vec!["--data".to_owned(), data.display().to_string(), command.to_owned()];
        all.extend(args.iter().cloned());
        if command == "import" {
            // Never write into the shipped data.
            all.push("--dry-run".to_owned());
        }
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let run = kyoto_in(dir.path(), &refs);
        prop_assert!(matches!(run.code(), Some(0..=2)), "{}", run.transcript());
        prop_assert!(!run.stderr().contains("panicked"), "{}", run.transcript());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(320) / 10, failure_persistence: None, ..ProptestConfig::default() })]

    /// The whole importer (parse, merge with toml_edit, check, write) on listings made of
    /// plausible and odd session lines: never a panic, and what it writes always loads.
    #[test]
    fn the_importer_merges_any_listing_into_a_copy_of_the_data_or_refuses_it_cleanly(
        lines in prop::collection::vec((
            0..6u32,
            prop_oneof![Just("2021"), Just("2022"), Just("2023"), Just("2024"), Just("2031")],
            proptest::sample::select(vec!["January", "March", "September", "November", "December"]),
            1..31u32,
            prop::collection::vec("[A-Za-z’“” ,\u{a0}-]{0,30}", 0..3),
        ), 1..5),
    ) {
        let data = support::run::data_copy();
        let text: String = lines
            .iter()
            .map(|(n, y, m, d, topics)| {
                format!("Thematic session {n}: {} ({d} {m} {y})\n", topics.join("; "))
            })
            .collect();
        match import::plan(data.path(), &text, "un-follow-up-listing") {
            Ok(plan) => {
                plan.write().unwrap();
                source::load(data.path()).unwrap_or_else(|e| panic!("{e}\n{text}"));
            }
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }
}
