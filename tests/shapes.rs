//! The SHACL shapes and quality checks, tested as data (issue 6).
//!
//! `tests/shapes/valid/S.ttl` must conform to every shape and `tests/shapes/invalid/S.ttl` must
//! violate shape `S` and no other, each validated together with `tests/shapes/base.ttl` (a
//! minimal conforming graph). `tests/checks/invalid/C.ttl` must make check `C` return rows, and
//! `tests/checks/valid/C.ttl`, where there is one, must make no check return rows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use kyoto_kg::store::{self, LoadSpec};
use kyoto_kg::validate::{self, Origins, Outcome, Rule, checks, shapes};
use oxigraph::store::Store;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::project_dir;

fn with_base(example: &Path) -> Outcome {
    let store = Store::new().unwrap();
    for path in [
        project_dir().join("tests/shapes/base.ttl"),
        example.to_path_buf(),
    ] {
        store::load_file(&store, &LoadSpec { path, graph: None })
            .unwrap_or_else(|e| panic!("{}: {e}", example.display()));
    }
    validate::validate(&store, &Origins::default()).unwrap()
}

fn examples(dir: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(project_dir().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

fn shape_names(outcome: &Outcome) -> BTreeSet<String> {
    outcome
        .shape_findings
        .iter()
        .map(|f| f.rule.name().to_owned())
        .collect()
}

#[test]
fn the_base_graph_satisfies_every_shape_and_every_check() {
    let outcome = with_base(&project_dir().join("tests/shapes/base.ttl"));
    let findings: Vec<String> = outcome.findings().map(ToString::to_string).collect();
    assert!(outcome.conforms(), "{}", findings.join("\n"));
}

#[test]
fn every_valid_example_conforms_to_every_shape() {
    let valid = examples("tests/shapes/valid");
    assert!(!valid.is_empty());
    for (name, path) in valid {
        let outcome = with_base(&path);
        let findings: Vec<String> = outcome
            .shape_findings
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(findings.is_empty(), "{name}:\n{}", findings.join("\n"));
    }
}

#[test]
fn every_invalid_example_violates_the_shape_it_is_named_after_and_no_other() {
    let invalid = examples("tests/shapes/invalid");
    assert!(!invalid.is_empty());
    for (name, path) in invalid {
        let outcome = with_base(&path);
        let violated = shape_names(&outcome);
        assert_eq!(
            violated,
            BTreeSet::from([name.clone()]),
            "{name}:\n{}",
            outcome
                .shape_findings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn every_shape_has_a_valid_and_an_invalid_example() {
    let names: BTreeSet<String> = shapes::node_shapes()
        .unwrap()
        .iter()
        .map(|iri| Rule::Shape(iri.clone()).name().to_owned())
        .collect();
    for dir in ["tests/shapes/valid", "tests/shapes/invalid"] {
        let have: BTreeSet<String> = examples(dir).into_iter().map(|(n, _)| n).collect();
        assert_eq!(have, names, "{dir}");
    }
}

#[test]
fn every_check_finds_its_invalid_example_and_nothing_else() {
    let all: BTreeSet<String> = checks::all().iter().map(|c| c.name.to_owned()).collect();
    let have: BTreeSet<String> = examples("tests/checks/invalid")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(have, all, "one invalid example per check");
    for (name, path) in examples("tests/checks/invalid") {
        let outcome = with_base(&path);
        let fired: BTreeSet<String> = outcome
            .check_findings
            .iter()
            .map(|f| f.rule.name().to_owned())
            .collect();
        assert_eq!(fired, BTreeSet::from([name.clone()]), "{name}");
    }
}

#[test]
fn the_shipped_data_conforms_and_every_violation_would_name_its_source_line() {
    let dataset = kyoto_kg::source::load(&project_dir().join("data")).unwrap();
    let store = store::in_memory(&dataset, &[]).unwrap();
    let origins = Origins::of(&dataset);
    let outcome = validate::validate(&store, &origins).unwrap();
    let findings: Vec<String> = outcome.findings().map(ToString::to_string).collect();
    assert!(outcome.conforms(), "{}", findings.join("\n"));
    // Every session, topic, discussion and pillar has an origin in data/.
    let session = "https://w3id.org/kyoto-kg/id/session/2022-2";
    let origin = origins.get(session).unwrap();
    assert!(origin.file.ends_with("sessions.toml"), "{origin}");
    let text = std::fs::read_to_string(&origin.file).unwrap();
    let line = text.lines().nth(origin.line - 1).unwrap();
    assert_eq!(line, "[[session]]", "{origin}");
    let next: Vec<&str> = text.lines().skip(origin.line).take(2).collect();
    assert_eq!(next, ["year = 2022", "number = 2"]);
}

#[test]
fn every_valid_check_example_passes_every_check() {
    let all: BTreeSet<String> = checks::all().iter().map(|c| c.name.to_owned()).collect();
    let valid = examples("tests/checks/valid");
    assert!(!valid.is_empty());
    for (name, path) in valid {
        assert!(all.contains(&name), "{name} is named after no check");
        let outcome = with_base(&path);
        let findings: Vec<String> = outcome
            .check_findings
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(findings.is_empty(), "{name}:\n{}", findings.join("\n"));
    }
}

/// The focus nodes and values of the findings of `rule` (a shape or check name).
fn focus_and_values(findings: &[kyoto_kg::validate::Finding], rule: &str) -> BTreeSet<String> {
    findings
        .iter()
        .filter(|f| f.rule.name() == rule)
        .map(|f| format!("{} {}", f.focus, f.value.as_deref().unwrap_or("-")))
        .collect()
}

#[test]
fn a_skos_mapping_from_a_document_or_to_a_concept_scheme_is_found_by_the_shape_and_the_check() {
    // Issue 19: SKOS mapping properties need concepts at both ends. The invalid example relates
    // the declaration (a document) to Goal 16 and a pillar to the SDG concept scheme.
    let outcome = with_base(&project_dir().join("tests/shapes/invalid/SkosMappingShape.ttl"));
    let shape = focus_and_values(&outcome.shape_findings, "SkosMappingShape");
    let check = focus_and_values(&outcome.check_findings, "skos-mapping-concepts-violation");
    for findings in [&shape, &check] {
        assert!(
            findings
                .iter()
                .any(|f| f.starts_with("http://example.org/decl ")),
            "the declaration as subject: {findings:?}"
        );
        assert!(
            findings
                .iter()
                .any(|f| f.starts_with("http://example.org/pillar1 ")
                    && f.contains("http://metadata.un.org/sdg")),
            "the scheme as object: {findings:?}"
        );
        assert_eq!(findings.len(), 2, "{findings:?}");
    }
    // The same mappings with concepts at both ends, or dcterms:relation from the declaration,
    // satisfy both.
    let outcome = with_base(&project_dir().join("tests/shapes/valid/SkosMappingShape.ttl"));
    assert!(
        outcome.conforms(),
        "{:?}",
        outcome.findings().collect::<Vec<_>>()
    );
}
