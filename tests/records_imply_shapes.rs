//! The claim `build` rests on (issue 18): a graph converted from records that passed the source
//! checks satisfies every SHACL shape and every quality check, so a build need not run the SHACL
//! engine over the records' graph (see `validate::Coverage`).
//!
//! Differential tests: the shipped data, and copies of it changed the way people change data
//! (a value replaced by another of the same key, a value of another kind, a topic block copied
//! into another session, a block deleted), are loaded with the source checks; whenever they
//! accept the data, the full engine (what `validate` runs) must find nothing either. A
//! counter-example is a source check that is missing. `PROPTEST_CASES=N cargo test --release
//! --test records_imply_shapes` runs a longer campaign.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use kyoto_kg::validate::{self, Origins};
use kyoto_kg::{source, store};
use proptest::prelude::*;
use std::path::Path;
use support::run::data_copy;
use support::{cases, project_dir};

/// The data files people edit (the SDG snapshot by refreshing it).
const FILES: [&str; 4] = [
    "sessions.toml",
    "declaration.toml",
    "sdg-links.toml",
    "sdg/sdg-snapshot.ttl",
];

/// Values of other kinds a key may be given by mistake.
const ODD_VALUES: [&str; 24] = [
    "0",
    "1",
    "2",
    "4",
    "5",
    "-1",
    "99",
    "2021-11-10",
    "2024-02-29",
    "2021-01-01",
    "2030-12-31",
    "\"2021-11-10\"",
    "true",
    "false",
    "[]",
    "[\"un-follow-up-listing\"]",
    "[\"no-such-source\"]",
    "\"\"",
    "\" padded \"",
    "\"IV\"",
    "\"relatedMatch\"",
    "\"closeMatch\"",
    "\"exactMatch\"",
    "\"topic:addressing-the-economic-dimension-of-crime\"",
];

/// One change to one data file.
#[derive(Debug, Clone)]
enum Change {
    /// Give the `line`-th `key = value` line the value of another line with the same key.
    SameKey {
        file: usize,
        line: usize,
        other: usize,
    },
    /// Give the `line`-th `key = value` line an odd value.
    Odd {
        file: usize,
        line: usize,
        value: usize,
    },
    /// Copy the `block`-th `[[...]]` block to after the `to`-th one.
    CopyBlock {
        file: usize,
        block: usize,
        to: usize,
    },
    /// Delete the `block`-th `[[...]]` block.
    DeleteBlock { file: usize, block: usize },
    /// Delete the `line`-th line.
    DeleteLine { file: usize, line: usize },
}

fn change() -> impl Strategy<Value = Change> {
    let file = 0..FILES.len();
    prop_oneof![
        (file.clone(), any::<usize>(), any::<usize>())
            .prop_map(|(file, line, other)| Change::SameKey { file, line, other }),
        (file.clone(), any::<usize>(), 0..ODD_VALUES.len())
            .prop_map(|(file, line, value)| Change::Odd { file, line, value }),
        (file.clone(), any::<usize>(), any::<usize>())
            .prop_map(|(file, block, to)| Change::CopyBlock { file, block, to }),
        (file.clone(), any::<usize>())
            .prop_map(|(file, block)| Change::DeleteBlock { file, block }),
        (file, any::<usize>()).prop_map(|(file, line)| Change::DeleteLine { file, line }),
    ]
}

/// The `key = value` lines of `text`: (line index, key, value).
fn assignments(lines: &[String]) -> Vec<(usize, String, String)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#') && !l.trim_start().starts_with('['))
        .filter_map(|(i, l)| {
            let (key, value) = l.split_once(" = ")?;
            Some((i, key.trim().to_owned(), value.to_owned()))
        })
        .collect()
}

/// The `[[...]]` blocks of `text`: line ranges.
fn blocks(lines: &[String]) -> Vec<std::ops::Range<usize>> {
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("[["))
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| start..starts.get(k + 1).copied().unwrap_or(lines.len()))
        .collect()
}

fn apply(dir: &Path, change: &Change) -> String {
    let file = match change {
        Change::SameKey { file, .. }
        | Change::Odd { file, .. }
        | Change::CopyBlock { file, .. }
        | Change::DeleteBlock { file, .. }
        | Change::DeleteLine { file, .. } => FILES[*file],
    };
    let path = dir.join(file);
    let mut lines: Vec<String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let said = match change {
        Change::SameKey { line, other, .. } => {
            let all = assignments(&lines);
            if all.is_empty() {
                return format!("{file}: no assignment");
            }
            let (at, key, _) = all[line % all.len()].clone();
            let same: Vec<&(usize, String, String)> = all.iter().filter(|a| a.1 == key).collect();
            let value = same[other % same.len()].2.clone();
            lines[at] = format!("{key} = {value}");
            format!("{file}:{}: {}", at + 1, lines[at])
        }
        Change::Odd { line, value, .. } => {
            let all = assignments(&lines);
            if all.is_empty() {
                return format!("{file}: no assignment");
            }
            let (at, key, _) = all[line % all.len()].clone();
            lines[at] = format!("{key} = {}", ODD_VALUES[*value]);
            format!("{file}:{}: {}", at + 1, lines[at])
        }
        Change::CopyBlock { block, to, .. } => {
            let all = blocks(&lines);
            if all.is_empty() {
                return format!("{file}: no block");
            }
            let from = all[block % all.len()].clone();
            let after = all[to % all.len()].end;
            let copied: Vec<String> = lines[from.clone()].to_vec();
            lines.splice(after..after, copied);
            format!(
                "{file}: block at line {} copied to line {}",
                from.start + 1,
                after + 1
            )
        }
        Change::DeleteBlock { block, .. } => {
            let all = blocks(&lines);
            if all.is_empty() {
                return format!("{file}: no block");
            }
            let gone = all[block % all.len()].clone();
            let said = format!("{file}: block at line {} deleted", gone.start + 1);
            lines.drain(gone);
            said
        }
        Change::DeleteLine { line, .. } => {
            let at = line % lines.len();
            let said = format!("{file}:{}: deleted {:?}", at + 1, lines[at]);
            lines.remove(at);
            said
        }
    };
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    said
}

/// Loads `dir`; if the source checks accept it and what the records do not produce conforms
/// (what `build` checks), the full engine (what `validate` runs) must find nothing either.
fn accepted_data_conforms(dir: &Path, what: &str) -> Result<(), TestCaseError> {
    let Ok(dataset) = source::load(dir) else {
        return Ok(());
    };
    if !validate::validate_beyond_records(&dataset)
        .unwrap()
        .conforms()
    {
        return Ok(());
    }
    let store = store::in_memory(&dataset, &[]).unwrap();
    let outcome = validate::validate(&store, &Origins::of(&dataset)).unwrap();
    let findings: Vec<String> = outcome.findings().map(ToString::to_string).collect();
    prop_assert!(
        outcome.conforms(),
        "the source checks accepted data the shapes refuse after {what}:\n{}",
        findings.join("\n\n")
    );
    Ok(())
}

#[test]
fn the_shipped_data_conforms_to_every_shape_and_check() {
    let dataset = source::load(&project_dir().join("data")).unwrap();
    let store = store::in_memory(&dataset, &[]).unwrap();
    let outcome = validate::validate(&store, &Origins::of(&dataset)).unwrap();
    assert!(outcome.conforms());
    assert!(outcome.triples > 1000, "{}", outcome.triples);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn data_the_source_checks_accept_satisfies_every_shape_and_check(
        changes in prop::collection::vec(change(), 1..4)
    ) {
        let dir = data_copy();
        let said: Vec<String> = changes.iter().map(|c| apply(dir.path(), c)).collect();
        accepted_data_conforms(dir.path(), &said.join("; "))?;
    }
}

/// What the records cannot vouch for is still validated by a default build: an SDG snapshot
/// refreshed into one whose goal 10 lost its `skos:Concept` type is refused, with the shape and
/// the node named, and nothing is built.
#[test]
fn build_refuses_a_snapshot_the_shapes_refuse_and_names_the_node() {
    let dir = data_copy();
    let snapshot = dir.path().join("sdg/sdg-snapshot.ttl");
    let text = std::fs::read_to_string(&snapshot).unwrap();
    let broken = text.replace(
        "sdg:10 a sdgo:Goal , skos:Concept ;",
        "sdg:10 a sdgo:Goal ;",
    );
    assert_ne!(text, broken, "the snapshot changed shape: adjust this test");
    std::fs::write(&snapshot, broken).unwrap();
    let data = dir.path().to_str().unwrap();
    for args in [
        vec!["--data", data, "build"],
        vec!["--data", data, "build", "--full-validation"],
    ] {
        let run = support::run::kyoto(&args);
        assert_eq!(run.code(), Some(1), "{}", run.transcript());
        run.stderr_has(&["SkosMappingShape", "--> sdg:10\n"]);
        assert!(run.stdout().is_empty(), "{}", run.transcript());
    }
    // The source checks alone accept it: only the validation refused.
    let run = support::run::kyoto(&["--data", data, "build", "--no-validate"]);
    assert_eq!(run.code(), Some(0), "{}", run.transcript());
}

/// A file added with --load is not a record: the whole graph is validated.
#[test]
fn build_with_a_loaded_file_validates_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra.ttl");
    std::fs::write(
        &extra,
        "<https://w3id.org/kyoto-kg/id/topic/x> a <https://w3id.org/kyoto-kg/ontology#Topic> .\n",
    )
    .unwrap();
    let run = support::run::kyoto(&["build", "--load", extra.to_str().unwrap()]);
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    run.stderr_has(&["TopicShape"]);
}

#[test]
fn full_validation_and_no_validate_exclude_each_other() {
    let run = support::run::kyoto(&["build", "--full-validation", "--no-validate"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["cannot be used with"]);
    let run = support::run::kyoto(&["build", "--full-validation"]);
    assert_eq!(run.code(), Some(0), "{}", run.transcript());
}
