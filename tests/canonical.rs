//! Reproducible, verifiable dumps (issue 5): `export --canonical` writes RDFC-1.0 canonical
//! N-Quads, byte for byte what sophia's independent implementation (`sophia_c14n`) writes,
//! whatever the insertion order and blank node labels, and reports their SHA-256.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use kyoto_kg::export::canonical::sha256_hex;
use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::HashSet;
use std::path::Path;
use support::project_dir;
use support::rdf::{SophiaQuad, all_quads, shipped_store, sophia_quads};
use support::run::{kyoto, kyoto_in};

/// sophia's RDFC-1.0 (SHA-256) canonical N-Quads of `quads`.
fn sophia_c14n(quads: Vec<SophiaQuad>) -> String {
    let dataset: HashSet<SophiaQuad> = quads.into_iter().collect();
    let mut out = Vec::new();
    sophia::c14n::rdfc10::normalize(&dataset, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A small graph with blank nodes, a named graph and literals that need escaping, written twice
/// with different blank node labels and in a different order.
const GRAPH_A: &str = r#"
@prefix ex: <http://example.org/> .
_:alice ex:knows _:bob ; ex:name "Alice \"Al\" Smith\twith a tab\nand a line" .
_:bob ex:knows _:alice ; ex:name "Bob"@en ; ex:age 42 .
_:carol ex:knows _:carol ; ex:note "back\\slash é ü 日本" .
ex:x ex:p [ ex:q [ ex:r "deep" ] ] .
"#;
const GRAPH_B: &str = r#"
@prefix ex: <http://example.org/> .
ex:x ex:p [ ex:q [ ex:r "deep" ] ] .
_:n3 ex:note "back\\slash é ü 日本" ; ex:knows _:n3 .
_:n2 ex:age 42 ; ex:name "Bob"@en ; ex:knows _:n1 .
_:n1 ex:name "Alice \"Al\" Smith\twith a tab\nand a line" ; ex:knows _:n2 .
"#;

fn canonical_with(dir: &Path, file: &str, text: &str) -> (String, String) {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    let load = format!("{}=http://example.org/graph", path.display());
    let data = project_dir().join("data");
    let run = kyoto_in(
        dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "export",
            "--canonical",
            "--load",
            &load,
        ],
    );
    (run.ok(), run.stderr())
}

#[test]
fn canonical_export_is_what_sophia_c14n_writes_for_the_stores_dataset() {
    let ours = kyoto(&["export", "--canonical"]).ok();
    let theirs = sophia_c14n(sophia_quads(&all_quads(&shipped_store())));
    assert_eq!(ours, theirs);
    assert_eq!(ours.lines().count(), all_quads(&shipped_store()).len());
}

#[test]
fn canonical_export_does_not_depend_on_insertion_order_or_blank_node_labels() {
    let dir = tempfile::tempdir().unwrap();
    let (a, a_digest) = canonical_with(dir.path(), "a.ttl", GRAPH_A);
    let (b, b_digest) = canonical_with(dir.path(), "b.ttl", GRAPH_B);
    assert_eq!(a, b);
    assert_eq!(a_digest, b_digest);
    assert!(a.contains("_:c14n0"), "blank nodes are relabelled");
    assert!(!a.contains("_:alice") && !b.contains("_:n1"));

    // And the bytes are sophia's, escaping included.
    let quads: Vec<_> = RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(oxigraph::model::NamedNodeRef::new_unchecked(
            "http://example.org/graph",
        ))
        .for_slice(GRAPH_A.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let mut everything = all_quads(&shipped_store());
    everything.extend(quads);
    assert_eq!(a, sophia_c14n(sophia_quads(&everything)));
}

#[test]
fn the_reported_digest_is_the_sha256_of_the_output_in_sha256sum_format() {
    let run = kyoto(&["export", "--canonical", "--graph", "data"]);
    let out = run.ok();
    assert_eq!(
        run.stderr().trim_end(),
        format!("{}  -", sha256_hex(out.as_bytes()))
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kyoto.nq");
    let run = kyoto(&[
        "export",
        "--canonical",
        "--graph",
        "data",
        "-o",
        file.to_str().unwrap(),
    ]);
    run.ok();
    let written = std::fs::read(&file).unwrap();
    assert_eq!(written, out.as_bytes());
    assert_eq!(
        run.stderr().trim_end(),
        format!("{}  {}", sha256_hex(&written), file.display())
    );
}

#[test]
fn canonical_export_parses_back_as_n_quads_of_the_same_dataset() {
    let text = kyoto(&["export", "--canonical"]).ok();
    let parsed: Vec<_> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected = all_quads(&shipped_store());
    let mut parsed = parsed;
    kyoto_kg::serialize::sort_quads(&mut expected);
    kyoto_kg::serialize::sort_quads(&mut parsed);
    assert_eq!(
        parsed, expected,
        "the store has no blank nodes, so quads compare directly"
    );
}
