//! `kyoto-kg validate` and the validation gate of `kyoto-kg build` (issue 6): exit statuses,
//! human-readable violations that point at the source line, and the standard SHACL report.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, Term, Triple};
use std::path::{Path, PathBuf};
use support::project_dir;
use support::run::{Run, data_copy, kyoto, kyoto_in};
use support::sdg::LINK_OUTSIDE_SDG;

const SH: &str = "http://www.w3.org/ns/shacl#";

fn sh(local: &str) -> NamedNode {
    NamedNode::new(format!("{SH}{local}")).unwrap()
}

/// The triples of a Turtle report.
fn report(path: &Path) -> Vec<Triple> {
    let text = std::fs::read(path).unwrap();
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&text)
        .map(|q| Triple::from(q.unwrap()))
        .collect()
}

fn conforms(triples: &[Triple]) -> bool {
    let report_type = Term::from(sh("ValidationReport"));
    let node = triples
        .iter()
        .find(|t| t.predicate.as_str().ends_with("#type") && t.object == report_type)
        .map(|t| t.subject.clone())
        .expect("an sh:ValidationReport");
    let values: Vec<&Term> = triples
        .iter()
        .filter(|t| t.subject == node && t.predicate == sh("conforms"))
        .map(|t| &t.object)
        .collect();
    assert_eq!(values.len(), 1, "one sh:conforms");
    *values[0] == Term::from(Literal::from(true))
}

fn focus_nodes(triples: &[Triple]) -> Vec<String> {
    let mut out: Vec<String> = triples
        .iter()
        .filter(|t| t.predicate == sh("focusNode"))
        .map(|t| t.object.to_string())
        .collect();
    out.sort();
    out
}

/// 1-based line of the only occurrence of `needle` in `file`.
fn line_of(file: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(text.matches(needle).count(), 1, "{needle:?}");
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn the_shipped_graph_conforms_and_the_report_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.ttl");
    let run = kyoto(&["validate", "--report", path.to_str().unwrap()]);
    run.ok();
    run.stdout_has(&["Conforms:", "no violations"]);
    let triples = report(&path);
    assert!(conforms(&triples));
    assert!(focus_nodes(&triples).is_empty());
}

#[test]
fn rdf_files_that_violate_a_shape_exit_1_and_the_report_lists_the_focus_node() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.ttl");
    let base = project_dir().join("tests/shapes/base.ttl");
    let bad = project_dir().join("tests/shapes/invalid/SessionShape.ttl");
    let run = kyoto(&[
        "validate",
        base.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--report",
        path.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    run.stdout_has(&[
        "violation: a thematic session says whether its topics are recorded",
        "<http://example.org/session2>",
        "= path: kyoto:topicsRecorded",
        "= rule: shape SessionShape",
    ]);
    let triples = report(&path);
    assert!(!conforms(&triples));
    assert_eq!(focus_nodes(&triples), ["<http://example.org/session2>"]);
}

#[test]
fn the_report_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let base = project_dir().join("tests/shapes/base.ttl");
    let bad = project_dir().join("tests/shapes/invalid/TopicShape.ttl");
    let mut texts = Vec::new();
    for name in ["a.ttl", "b.ttl"] {
        let path = dir.path().join(name);
        kyoto(&[
            "validate",
            base.to_str().unwrap(),
            bad.to_str().unwrap(),
            "--report",
            path.to_str().unwrap(),
        ]);
        texts.push(std::fs::read(&path).unwrap());
    }
    assert!(!texts[0].is_empty());
    assert_eq!(texts[0], texts[1]);
}

/// `kyoto-kg --data DATA validate --load EXTRA`, run in `data`.
fn validate_loading(data: &tempfile::TempDir, extra: &Path) -> Run {
    kyoto_in(
        data.path(),
        &[
            "--data",
            data.path().to_str().unwrap(),
            "validate",
            "--load",
            extra.to_str().unwrap(),
        ],
    )
}

/// A data copy and a file to `--load` beside it that gives the first topic of
/// `sessions.toml` a second, French label (EnglishLabelShape: labels are English, one per
/// record); with the line of that topic's `[[session.topic]]` header.
fn data_with_a_loaded_french_label() -> (tempfile::TempDir, PathBuf, usize) {
    let data = data_copy();
    let topic = "addressing-the-causes-including-the-root-causes-of-crime";
    let extra = data.path().join("labels.ttl");
    std::fs::write(
        &extra,
        format!(
            "<https://w3id.org/kyoto-kg/id/topic/{topic}> <http://www.w3.org/2000/01/rdf-schema#label> \"Les causes profondes\"@fr .\n"
        ),
    )
    .unwrap();
    let header = line_of(
        &data.path().join("sessions.toml"),
        &format!("[[session.topic]]\nid = \"{topic}\"\n"),
    );
    (data, extra, header)
}

#[test]
fn a_violation_found_in_the_graph_points_at_the_toml_record_it_came_from() {
    let (data, extra, header) = data_with_a_loaded_french_label();
    let run = validate_loading(&data, &extra);
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    let out = run.stdout();
    assert!(
        out.contains(&format!(
            "sessions.toml:{header} (topic:addressing-the-causes-including-the-root-causes-of-crime)"
        )),
        "expected line {header}\n{}",
        run.transcript()
    );
    run.stdout_has(&["shape EnglishLabelShape", "Les causes profondes"]);
}

#[test]
fn build_refuses_a_violating_graph_unless_told_not_to_validate() {
    let (data, extra, _) = data_with_a_loaded_french_label();
    let dir = data.path().to_str().unwrap();
    let extra = extra.to_str().unwrap();
    let refused = kyoto_in(data.path(), &["--data", dir, "build", "--load", extra]);
    assert_eq!(refused.code(), Some(1), "{}", refused.transcript());
    refused.stderr_has(&["nothing was built", "--no-validate"]);
    assert!(refused.stdout().is_empty(), "{}", refused.transcript());
    let forced = kyoto_in(
        data.path(),
        &["--data", dir, "build", "--no-validate", "--load", extra],
    );
    forced.ok();
    forced.stdout_has(&["11 sessions"]);
}

/// Sessions numbered out of date order are refused by the source checks, at the date's file,
/// line and column, before anything is converted (the quality check
/// session-date-order-violation guards the same rule in graphs from elsewhere).
#[test]
fn sessions_out_of_date_order_are_refused_at_the_date() {
    let data = data_copy();
    let file = data.path().join("sessions.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("date = 2022-12-07", "date = 2022-12-04", 1),
    )
    .unwrap();
    let line = line_of(&file, "date = 2022-12-04");
    for args in [&["build"][..], &["build", "--no-validate"], &["validate"]] {
        let all = [&["--data", data.path().to_str().unwrap()][..], args].concat();
        let run = kyoto_in(data.path(), &all);
        assert_eq!(run.code(), Some(2), "{}", run.transcript());
        let err = run.stderr();
        assert!(
            err.contains(&format!("sessions.toml:{line}:8")),
            "expected line {line}\n{}",
            run.transcript()
        );
        run.stderr_has(&[
            "session 3 is dated 2022-12-04, before session 2 of the same discussion (2022-12-06)",
            "fix the date or the number",
        ]);
    }
}

#[test]
fn an_sdg_link_outside_the_sdg_namespace_is_a_violation_on_the_topics_source_line() {
    let data = data_copy();
    let extra = data.path().join("links.ttl");
    std::fs::write(&extra, LINK_OUTSIDE_SDG).unwrap();
    let line = line_of(
        &data.path().join("sessions.toml"),
        "id = \"access-to-legal-aid\"",
    ) - 1;
    let run = validate_loading(&data, &extra);
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    run.stdout_has(&[
        "rule: shape SdgLinkShape",
        &format!("sessions.toml:{line} (topic:access-to-legal-aid)"),
        "<http://example.org/goal/16>",
    ]);
}

#[test]
fn validation_errors_are_exit_2_not_findings() {
    let run = kyoto(&["validate", "no-such-file.ttl"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["no-such-file.ttl"]);
}

#[test]
fn sdg_links_and_a_multilingual_sdg_vocabulary_loaded_beside_the_graph_conform() {
    let data = data_copy();
    let extra = data.path().join("sdg.ttl");
    std::fs::write(
        &extra,
        r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://metadata.un.org/sdg> a skos:ConceptScheme ;
    skos:prefLabel "Sustainable Development Goals"@en, "Objectifs de développement durable"@fr ;
    skos:hasTopConcept <http://metadata.un.org/sdg/16> .
<http://metadata.un.org/sdg/16> a skos:Concept ;
    skos:prefLabel "Goal 16 "@en, "Objetivo 16"@es ;
    skos:topConceptOf <http://metadata.un.org/sdg> .
<https://w3id.org/kyoto-kg/id/topic/access-to-legal-aid>
    skos:relatedMatch <http://metadata.un.org/sdg/16.3> ;
    skos:closeMatch <http://metadata.un.org/sdg/16.3.2> .
"#,
    )
    .unwrap();
    let run = validate_loading(&data, &extra);
    assert!(run.ok().contains("Conforms:"), "{}", run.transcript());
}

#[test]
fn a_skos_mapping_from_the_declaration_is_a_violation_of_the_shape_and_the_check_on_its_source_line()
 {
    // Issue 19: the declaration is a document, not a skos:Concept, so a SKOS mapping property
    // cannot start from it (the curated links use dcterms:relation); the loader refuses it in
    // data/sdg-links.toml, and validation catches it in a graph loaded from elsewhere.
    let data = data_copy();
    let extra = data.path().join("links.nt");
    std::fs::write(
        &extra,
        "<https://w3id.org/kyoto-kg/id/declaration/kyoto> \
         <http://www.w3.org/2004/02/skos/core#relatedMatch> <http://metadata.un.org/sdg/16> .\n",
    )
    .unwrap();
    let line = line_of(&data.path().join("declaration.toml"), "id = \"kyoto\"") - 1;
    let run = validate_loading(&data, &extra);
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    let out = run.stdout();
    let at = format!("declaration.toml:{line} (declaration:kyoto)");
    for rule in [
        "rule: shape SkosMappingShape",
        "rule: check queries/checks/skos-mapping-concepts-violation.rq",
    ] {
        let finding = out
            .split("\n\n")
            .find(|f| f.contains(rule))
            .unwrap_or_else(|| panic!("no {rule}\n{}", run.transcript()));
        assert!(finding.contains(&at), "{finding}");
        assert!(finding.contains("skos:Concept"), "{finding}");
    }
    run.stdout_has(&["Violations: 1 from shapes and 1 from quality checks"]);
}
