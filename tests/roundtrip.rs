//! Every export format, parsed back by sophia (an independent RDF implementation), is the same
//! graph as the store's; and exports are byte-identical across runs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use sophia::isomorphism::{isomorphic_datasets, isomorphic_graphs};
use support::rdf::{
    all_quads, parse_quads, parse_triples, shipped_store, sophia_quads, sophia_triples,
};
use support::run::kyoto;

fn export(format: &str, graph: &str) -> String {
    kyoto(&["export", "--format", format, "--graph", graph]).ok()
}

#[test]
fn triple_formats_parse_back_to_the_stores_merged_graph() {
    let expected = sophia_triples(&all_quads(&shipped_store()));
    assert!(expected.len() > 500, "{} triples", expected.len());
    for format in ["turtle", "ntriples", "rdfxml"] {
        let parsed = parse_triples(format, &export(format, "all"));
        assert!(
            isomorphic_graphs(&parsed, &expected).unwrap(),
            "{format}: {} triples parsed, {} expected",
            parsed.len(),
            expected.len()
        );
    }
}

#[test]
fn quad_formats_parse_back_to_the_stores_dataset_with_its_named_graphs() {
    let expected = sophia_quads(&all_quads(&shipped_store()));
    for format in ["nquads", "trig", "jsonld"] {
        let parsed = parse_quads(format, &export(format, "all"));
        assert!(
            isomorphic_datasets(&parsed, &expected).unwrap(),
            "{format}: {} quads parsed, {} expected",
            parsed.len(),
            expected.len()
        );
    }
}

#[test]
fn exporting_one_graph_gives_exactly_that_graph() {
    let store = shipped_store();
    for (selection, graph) in [
        ("data", "https://w3id.org/kyoto-kg/graph/data"),
        ("ontology", "https://w3id.org/kyoto-kg/graph/ontology"),
    ] {
        let expected: Vec<_> = all_quads(&store)
            .into_iter()
            .filter(|q| q.graph_name.to_string() == format!("<{graph}>"))
            .collect();
        assert!(!expected.is_empty());
        let parsed = parse_quads("nquads", &export("nquads", selection));
        assert!(
            isomorphic_datasets(&parsed, &sophia_quads(&expected)).unwrap(),
            "{selection}"
        );
    }
}

#[test]
fn exports_are_byte_identical_across_runs() {
    for format in ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"] {
        assert_eq!(export(format, "all"), export(format, "all"), "{format}");
    }
}

/// An export from `data/` alone writes the converted quads without a store; with a `--load`ed
/// file (here an empty one) it reads them from a store. Both must write the same bytes, for
/// the shipped data and for generated data at 10^4 triples, in every format and graph.
#[test]
fn exports_without_a_store_are_byte_identical_to_exports_from_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.ttl");
    std::fs::write(&empty, "").unwrap();
    let empty = empty.to_str().unwrap();
    let generated = dir.path().join("generated");
    kyoto(&[
        "generate",
        "--scale",
        "1e4",
        "--out",
        generated.to_str().unwrap(),
    ])
    .ok();
    let shipped = support::project_dir().join("data");
    for data in [shipped.to_str().unwrap(), generated.to_str().unwrap()] {
        let mut cases: Vec<Vec<&str>> =
            ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"]
                .iter()
                .map(|f| vec!["--format", *f])
                .collect();
        cases.extend([
            vec!["--canonical"],
            vec!["--frame"],
            vec!["--graph", "data"],
            vec!["--graph", "sdg", "--format", "nquads"],
            vec!["--graph", "ontology", "--format", "jsonld"],
        ]);
        for case in cases {
            let direct = [&["--data", data, "export"][..], &case].concat();
            let stored = [&direct[..], &["--load", empty]].concat();
            let (a, b) = (kyoto(&direct).ok(), kyoto(&stored).ok());
            assert!(a.len() > 1000, "{data} {case:?}: {a}");
            assert!(a == b, "{data} {case:?}: the exports differ");
        }
    }
}

#[test]
fn turtle_export_uses_the_project_prefixes() {
    let ttl = export("turtle", "data");
    for prefix in [
        "@prefix kyoto: <https://w3id.org/kyoto-kg/ontology#>",
        "@prefix skos:",
        "@prefix session: <https://w3id.org/kyoto-kg/id/session/>",
    ] {
        assert!(ttl.contains(prefix), "missing {prefix}");
    }
    assert!(
        ttl.contains("session:2022-2 "),
        "sessions are written with their prefix"
    );
}

#[test]
fn export_to_a_file_writes_the_same_bytes_as_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kyoto.ttl");
    let path_str = path.to_str().unwrap();
    kyoto(&["export", "--output", path_str]).ok();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        export("turtle", "all")
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left behind: {leftovers:?}"
    );
}

#[test]
fn construct_results_are_turtle_that_parses_back() {
    let out = kyoto(&["query", "--name", "session-neighbourhood"]).ok();
    let triples = parse_triples("turtle", &out);
    let has = |p: &str, o: &str| {
        triples
            .iter()
            .any(|t| format!("{:?}", t[1]).contains(p) && format!("{:?}", t[2]).contains(o))
    };
    assert!(has("startDate", "2022-12-06"), "{out}");
    assert!(has("prefLabel", "Improving prison conditions"), "{out}");
}

#[test]
fn a_closed_pipe_ends_the_export_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kyoto-kg"))
        .args(["export", "--format", "ntriples"])
        .current_dir(support::project_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here, as `| head -c 16` would.
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
