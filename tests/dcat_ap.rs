//! Issue 16, part 4: the three published descriptions of the dataset (a release's `void.ttl`, a
//! static site's `dataset.ttl`, a server's `/dataset`) conform to the official DCAT-AP 3.0.1
//! shapes (`tests/fixtures/dcat-ap-3.0.1/`), as pySHACL, the validator DCAT-AP users run, finds;
//! and what they say is checked against facts: the temporal coverage runs from the adoption of
//! the Kyoto Declaration (7 March 2021, A/CONF.234/16) to the last thematic session of the UN
//! listing (`tests/fixtures/un-listing.txt`), not to the date an SDG link was curated.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::path::Path;
use std::sync::LazyLock;
use support::run::kyoto;
use support::server::{Server, client};
use support::{listed_session_dates, project_dir};

const SHAPES: &str = "tests/fixtures/dcat-ap-3.0.1/dcat-ap-SHACL.ttl";
const DATASET: &str = "https://w3id.org/kyoto-kg/dataset";

/// The three descriptions, as Turtle: (what, text), written once for all the tests.
static DESCRIPTIONS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    written(dir.path())
});

fn written(dir: &Path) -> Vec<(&'static str, String)> {
    let release = dir.join("release");
    kyoto(&["release", "--out", release.to_str().unwrap()]).ok();
    let site = dir.join("site");
    kyoto(&["site", "--out", site.to_str().unwrap()]).ok();
    let server = Server::start(&[]);
    let served = client()
        .get(server.at("dataset"))
        .header("Accept", "text/turtle")
        .send()
        .unwrap()
        .text()
        .unwrap();
    vec![
        (
            "release void.ttl",
            std::fs::read_to_string(release.join("void.ttl")).unwrap(),
        ),
        (
            "site dataset.ttl",
            std::fs::read_to_string(site.join("dataset.ttl")).unwrap(),
        ),
        ("server /dataset", served),
    ]
}

fn one(turtle: &str, query: &str) -> Vec<String> {
    let store = Store::new().unwrap();
    store
        .load_from_slice(RdfParser::from_format(RdfFormat::Turtle), turtle.as_bytes())
        .unwrap();
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(query)
        .unwrap()
        .on_store(&store)
        .execute()
        .unwrap()
    else {
        panic!("not a SELECT")
    };
    let mut out: Vec<String> = solutions
        .map(|s| {
            let s = s.unwrap();
            s.iter()
                .map(|(_, t)| match t {
                    Term::Literal(l) => l.value().to_owned(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    out.sort();
    out
}

#[test]
#[expect(clippy::print_stdout, reason = "a skipped test says why")]
fn the_three_descriptions_have_no_violation_of_the_dcat_ap_shapes() {
    let Some(python) = support::ci_python::python_with(&["pyshacl", "rdflib"]) else {
        println!(
            "skipped: no CI venv with pySHACL (run .ci/run, or set KYOTO_KG_CLIENTS_PYTHON to a python with pyshacl 0.40)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (what, turtle) in DESCRIPTIONS.iter() {
        let file = dir.path().join("description.ttl");
        std::fs::write(&file, turtle).unwrap();
        let out = std::process::Command::new(&python)
            .arg(project_dir().join("tests/support/shacl_check.py"))
            .arg(project_dir().join(SHAPES))
            .arg(&file)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("violations 0\n"),
            "{what}: DCAT-AP 3.0.1 violations:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_temporal_coverage_runs_from_the_declaration_to_the_last_session() {
    let last_session = listed_session_dates().into_iter().max().unwrap();
    assert_eq!(last_session, "2024-12-04", "the UN listing's last session");
    for (what, turtle) in DESCRIPTIONS.iter() {
        let period = one(
            turtle,
            &format!(
                "PREFIX dct: <http://purl.org/dc/terms/> PREFIX dcat: <http://www.w3.org/ns/dcat#> \
                 SELECT ?start ?end WHERE {{ <{DATASET}> dct:temporal ?p . ?p a dct:PeriodOfTime ; \
                 dcat:startDate ?start ; dcat:endDate ?end }}"
            ),
        );
        // issue 16: it ended on 2026-11-27, the day the SDG links were first curated.
        assert_eq!(period, [format!("2021-03-07 {last_session}")], "{what}");
    }
}

#[test]
fn each_description_names_the_configured_publisher_and_every_distribution_an_access_url() {
    let publisher = std::fs::read_to_string(project_dir().join("data/publisher.toml")).unwrap();
    let name = publisher
        .lines()
        .find_map(|l| l.strip_prefix("name = "))
        .unwrap()
        .trim_matches('"')
        .to_owned();
    for (what, turtle) in DESCRIPTIONS.iter() {
        let names = one(
            turtle,
            &format!(
                "PREFIX dct: <http://purl.org/dc/terms/> PREFIX foaf: <http://xmlns.com/foaf/0.1/> \
                 SELECT ?name WHERE {{ <{DATASET}> dct:publisher/foaf:name ?name }}"
            ),
        );
        assert_eq!(
            names,
            std::slice::from_ref(&name),
            "{what}: the publisher of data/publisher.toml"
        );
        assert!(
            !name.contains("United Nations"),
            "the publisher is whoever runs kyoto-kg, never the UN"
        );
        let without = one(
            turtle,
            &format!(
                "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?d WHERE {{ <{DATASET}> \
                 dcat:distribution ?d FILTER NOT EXISTS {{ ?d dcat:accessURL ?u }} }}"
            ),
        );
        assert!(without.is_empty(), "{what}: {without:?}");
        let services = one(
            turtle,
            &format!(
                "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?url ?described WHERE {{ \
                 ?s a dcat:DataService ; dcat:servesDataset <{DATASET}> ; dcat:endpointURL ?url ; \
                 dcat:endpointDescription ?described }}"
            ),
        );
        if what.starts_with("server") {
            assert_eq!(services.len(), 1, "{what}: the endpoint as a data service");
            assert!(services[0].contains("/sparql>"), "{services:?}");
        } else {
            assert!(services.is_empty(), "{what}: a static host has no endpoint");
        }
    }
}

#[test]
fn the_descriptions_declare_the_prefixes_queries_may_use() {
    let served = Server::start(&[]);
    let prefixes: serde_json::Value = serde_json::from_str(
        &client()
            .get(served.at("prefixes.json"))
            .send()
            .unwrap()
            .text()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        prefixes["kyoto"], "https://w3id.org/kyoto-kg/ontology#",
        "the JSON prefix map"
    );
    let mut expected: Vec<String> = prefixes
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, ns)| format!("{name} {}", ns.as_str().unwrap()))
        .collect();
    expected.sort();
    let service = client()
        .get(served.sparql())
        .header("Accept", "text/turtle")
        .send()
        .unwrap()
        .text()
        .unwrap();
    let query = "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?prefix ?ns WHERE { ?s sh:declare [ sh:prefix ?prefix ; sh:namespace ?ns ] }";
    assert_eq!(one(&service, query), expected, "the service description");
    let dataset = one(
        &service,
        "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT ?d WHERE { ?s sd:defaultDataset ?d }",
    );
    assert_eq!(
        dataset,
        [format!("<{DATASET}>")],
        "the dataset /dataset describes"
    );
    for (what, turtle) in DESCRIPTIONS.iter() {
        assert_eq!(one(turtle, query), expected, "{what}");
    }
}
