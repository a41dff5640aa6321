//! `kyoto-kg release` (issue 5): every file parses back to the store's dataset, SHA256SUMS
//! verifies, and the VoID + DCAT description states what the store and the files say.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::store::Store;
use sha2::{Digest, Sha256};
use sophia::isomorphism::{isomorphic_datasets, isomorphic_graphs};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use support::rdf::{
    all_quads, parse_quads, parse_triples, select_rows, shipped_store, sophia_quads,
    sophia_triples, turtle_store,
};
use support::run::kyoto;

fn release(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["release", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    kyoto(&args).ok()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs a SELECT over `store` and returns the rows as maps from variable to lexical value.
fn select(store: &Store, query: &str) -> Vec<BTreeMap<String, String>> {
    let query = format!(
        "PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcat: <http://www.w3.org/ns/dcat#> \
         PREFIX dct: <http://purl.org/dc/terms/> PREFIX spdx: <http://spdx.org/rdf/terms#> \
         PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> \
         PREFIX kyoto: <https://w3id.org/kyoto-kg/ontology#> \
         PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> {query}"
    );
    select_rows(store, &query)
}

fn one(store: &Store, query: &str, var: &str) -> String {
    let rows = select(store, query);
    assert_eq!(rows.len(), 1, "{query}: {rows:?}");
    rows[0][var].clone()
}

#[test]
fn every_file_of_a_release_is_listed_in_sha256sums_with_its_digest() {
    let dir = tempfile::tempdir().unwrap();
    let out = release(dir.path(), &[]);
    let sums = read(dir.path(), "SHA256SUMS");
    let mut listed = BTreeMap::new();
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").unwrap();
        listed.insert(name.to_owned(), hash.to_owned());
    }
    let mut present: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "SHA256SUMS")
        .collect();
    present.sort();
    assert_eq!(
        listed.keys().cloned().collect::<Vec<_>>(),
        present,
        "SHA256SUMS lists exactly the other files"
    );
    for (name, hash) in &listed {
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(&hex(&bytes), hash, "{name}");
        assert!(
            out.contains(hash.as_str()),
            "the summary shows {name}'s digest"
        );
    }
    let check = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(dir.path())
        .output()
        .expect("sha256sum (coreutils) runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn every_rdf_file_of_a_release_parses_back_to_the_stores_dataset_and_sssom_is_included() {
    let dir = tempfile::tempdir().unwrap();
    release(dir.path(), &[]);
    let quads = all_quads(&shipped_store());
    let (dataset, graph) = (sophia_quads(&quads), sophia_triples(&quads));
    let triples = |name: &str| {
        let format = match name.rsplit('.').next().unwrap() {
            "ttl" => "turtle",
            "nt" => "ntriples",
            "rdf" => "rdfxml",
            other => panic!("{other}"),
        };
        parse_triples(format, &read(dir.path(), name))
    };
    for name in ["kyoto-kg.ttl", "kyoto-kg.nt", "kyoto-kg.rdf"] {
        assert!(isomorphic_graphs(&triples(name), &graph).unwrap(), "{name}");
    }
    let quads_of = |name: &str| {
        let format = if name.ends_with(".jsonld") {
            "jsonld"
        } else if name.ends_with(".trig") {
            "trig"
        } else {
            "nquads"
        };
        parse_quads(format, &read(dir.path(), name))
    };
    for name in [
        "kyoto-kg.nq",
        "kyoto-kg.trig",
        "kyoto-kg.jsonld",
        "kyoto-kg.framed.jsonld",
        "kyoto-kg.canonical.nq",
    ] {
        assert!(
            isomorphic_datasets(&quads_of(name), &dataset).unwrap(),
            "{name}"
        );
    }
    assert_eq!(
        read(dir.path(), "context.jsonld"),
        kyoto_kg::jsonld::CONTEXT
    );
    assert_eq!(
        read(dir.path(), "kyoto-kg.sssom.tsv"),
        kyoto(&["export", "--format", "sssom"]).ok(),
        "the SDG links as SSSOM"
    );
}

fn description(dir: &Path) -> Store {
    turtle_store(read(dir, "void.ttl").as_bytes())
}

#[test]
fn the_description_counts_triples_per_graph_and_class_as_the_store_does() {
    let dir = tempfile::tempdir().unwrap();
    release(dir.path(), &[]);
    let void = description(dir.path());
    let store = shipped_store();

    let total = one(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "n",
    );
    assert_eq!(
        one(
            &void,
            "SELECT ?n WHERE { <https://w3id.org/kyoto-kg/dataset> void:triples ?n }",
            "n"
        ),
        total
    );
    let per_graph = select(
        &store,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    );
    assert!(per_graph.len() >= 2, "{per_graph:?}");
    for row in per_graph {
        let stated = one(
            &void,
            &format!(
                "SELECT ?n WHERE {{ <https://w3id.org/kyoto-kg/dataset> void:subset ?sub . \
                 ?sub sd:name <{}> ; void:triples ?n }}",
                row["g"]
            ),
            "n",
        );
        assert_eq!(stated, row["n"], "{}", row["g"]);
    }
    let per_class = select(
        &store,
        "SELECT ?g ?c (COUNT(DISTINCT ?s) AS ?entities) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?g ?c",
    );
    assert!(per_class.len() > 10, "{per_class:?}");
    for row in per_class {
        let triples = one(
            &store,
            &format!(
                "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s a <{c}> . ?s ?p ?o }} }}",
                g = row["g"],
                c = row["c"]
            ),
            "n",
        );
        let stated = select(
            &void,
            &format!(
                "SELECT ?entities ?triples WHERE {{ ?sub sd:name <{}> ; void:classPartition ?part . \
                 ?part void:class <{}> ; void:entities ?entities ; void:triples ?triples }}",
                row["g"], row["c"]
            ),
        );
        assert_eq!(stated.len(), 1, "{row:?}");
        assert_eq!(stated[0]["entities"], row["entities"], "{row:?}");
        assert_eq!(stated[0]["triples"], triples, "{row:?}");
    }
}

#[test]
fn the_description_gives_licence_version_issued_date_and_downloads_from_the_data() {
    let dir = tempfile::tempdir().unwrap();
    release(
        dir.path(),
        &[
            "--release-version",
            "9.9.9",
            "--base-url",
            "https://example.org/kyoto/{version}/",
        ],
    );
    let void = description(dir.path());
    let store = shipped_store();
    let ds = "<https://w3id.org/kyoto-kg/dataset>";
    assert_eq!(
        one(
            &void,
            &format!("SELECT ?l WHERE {{ {ds} dct:license ?l }}"),
            "l"
        ),
        one(
            &store,
            "SELECT ?l WHERE { GRAPH ?g { <https://w3id.org/kyoto-kg/ontology> dct:license ?l } }",
            "l"
        )
    );
    assert_eq!(
        one(
            &void,
            &format!("SELECT ?v WHERE {{ {ds} dcat:version ?v }}"),
            "v"
        ),
        "9.9.9"
    );
    let latest = one(
        &store,
        "SELECT (MAX(?d) AS ?latest) WHERE { GRAPH ?g { ?s ?p ?d } FILTER(DATATYPE(?d) = xsd:date) }",
        "latest",
    );
    assert_eq!(
        one(
            &void,
            &format!("SELECT ?d WHERE {{ {ds} dct:issued ?d }}"),
            "d"
        ),
        latest
    );
    let downloads = select(
        &void,
        &format!(
            "SELECT ?url ?size ?sum WHERE {{ {ds} dcat:distribution ?d . ?d dcat:downloadURL ?url ; \
             dcat:byteSize ?size ; spdx:checksum/spdx:checksumValue ?sum }}"
        ),
    );
    assert_eq!(downloads.len(), 8, "one distribution per dataset file");
    for row in downloads {
        let name = row["url"]
            .strip_prefix("https://example.org/kyoto/9.9.9/")
            .unwrap_or_else(|| panic!("{}", row["url"]));
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(row["size"], bytes.len().to_string(), "{name}");
        assert_eq!(row["sum"], hex(&bytes), "{name}");
    }
}

#[test]
fn releases_of_the_same_data_are_byte_identical_and_issued_can_be_set() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    release(a.path(), &[]);
    release(b.path(), &[]);
    assert_eq!(read(a.path(), "SHA256SUMS"), read(b.path(), "SHA256SUMS"));

    release(b.path(), &["--issued", "2030-01-02"]);
    assert!(read(b.path(), "void.ttl").contains("\"2030-01-02\"^^xsd:date"));
    assert_ne!(read(a.path(), "SHA256SUMS"), read(b.path(), "SHA256SUMS"));
}

#[test]
fn a_release_refuses_to_replace_a_directory_that_is_not_a_release() {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("notes.txt");
    std::fs::write(&keep, "mine").unwrap();
    let run = kyoto(&["release", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["is not a kyoto-kg release"]);
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "mine");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // Staging directories are `.NAME.kyoto-kg-PID-RANDOM.new` (kyoto_kg::files).
    let staging_prefix = format!(
        ".{}.kyoto-kg-",
        dir.path().file_name().unwrap().to_string_lossy()
    );
    let parent_leftovers = std::fs::read_dir(dir.path().parent().unwrap())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(&staging_prefix)
        })
        .count();
    assert_eq!(parent_leftovers, 0, "no staging directory is left behind");
}
