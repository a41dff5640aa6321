//! The three published descriptions of the dataset (issue 5): a release's `void.ttl`, a static
//! site's `dataset.ttl` and a server's `/dataset` are one VoID/DCAT description, published three
//! ways. They count the same data alike; only the server claims a SPARQL endpoint, and each one's
//! downloads are where it publishes them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::store::Store;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::rdf::{select_rows, shipped_store, turtle_store};
use support::run::kyoto;
use support::server::{Server, client};

const DATASET: &str = "https://w3id.org/kyoto-kg/dataset";
const PREFIXES: &str = "PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcat: <http://www.w3.org/ns/dcat#> \
    PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> \
    PREFIX spdx: <http://spdx.org/rdf/terms#> PREFIX dct: <http://purl.org/dc/terms/> ";

fn select(store: &Store, query: &str) -> Vec<BTreeMap<String, String>> {
    select_rows(store, &format!("{PREFIXES}{query}"))
}

/// What a description counts: (subset graph or "" for the whole dataset, class or "", triples).
fn statistics(description: &Store) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for row in select(
        description,
        &format!(
            "SELECT ?graph ?n WHERE {{ {{ <{DATASET}> void:triples ?n }} UNION \
             {{ <{DATASET}> void:subset ?s . ?s sd:name ?graph ; void:triples ?n }} }}"
        ),
    ) {
        out.insert((
            row.get("graph").cloned().unwrap_or_default(),
            String::new(),
            row["n"].clone(),
        ));
    }
    for row in select(
        description,
        &format!(
            "SELECT ?graph ?class ?n WHERE {{ {{ <{DATASET}> void:classPartition ?p }} UNION \
             {{ <{DATASET}> void:subset ?s . ?s sd:name ?graph ; void:classPartition ?p }} \
             ?p void:class ?class ; void:entities ?n }}"
        ),
    ) {
        out.insert((
            row.get("graph").cloned().unwrap_or_default(),
            row["class"].clone(),
            row["n"].clone(),
        ));
    }
    out
}

fn endpoints(description: &Store) -> Vec<String> {
    select(
        description,
        "SELECT ?e WHERE { ?dataset void:sparqlEndpoint ?e }",
    )
    .into_iter()
    .map(|r| r["e"].clone())
    .collect()
}

/// (download URL, byte size, SHA-256) of each distribution; size and digest empty when absent.
fn downloads(description: &Store) -> Vec<(String, String, String)> {
    select(
        description,
        &format!(
            "SELECT ?url ?size ?sum WHERE {{ <{DATASET}> dcat:distribution ?d . \
             ?d dcat:downloadURL ?url . OPTIONAL {{ ?d dcat:byteSize ?size }} \
             OPTIONAL {{ ?d spdx:checksum/spdx:checksumValue ?sum }} }} ORDER BY ?url"
        ),
    )
    .into_iter()
    .map(|r| {
        (
            r["url"].clone(),
            r.get("size").cloned().unwrap_or_default(),
            r.get("sum").cloned().unwrap_or_default(),
        )
    })
    .collect()
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn build_site(dir: &Path) -> Store {
    kyoto(&["site", "--out", dir.to_str().unwrap()]).ok();
    turtle_store(&std::fs::read(dir.join("dataset.ttl")).unwrap())
}

fn build_release(dir: &Path) -> Store {
    kyoto(&["release", "--out", dir.to_str().unwrap()]).ok();
    turtle_store(&std::fs::read(dir.join("void.ttl")).unwrap())
}

fn served(server: &Server) -> Store {
    let response = client()
        .get(server.at("/dataset"))
        .header("Accept", "text/turtle")
        .send()
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    turtle_store(&response.bytes().unwrap())
}

#[test]
fn release_site_and_server_publish_one_description_counting_the_store_alike() {
    let (site_dir, release_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let site = build_site(site_dir.path());
    let release = build_release(release_dir.path());
    let server = Server::start(&["--workers", "1"]);
    let served = served(&server);

    let stats = statistics(&release);
    let store = shipped_store();
    let total = store.len().unwrap().to_string();
    assert!(
        stats.contains(&(String::new(), String::new(), total.clone())),
        "the release counts the store's {total} quads: {stats:?}"
    );
    assert!(stats.len() > 20, "{stats:?}");
    assert_eq!(
        statistics(&site),
        stats,
        "the site's description counts alike"
    );
    assert_eq!(
        statistics(&served),
        stats,
        "the server's description counts alike"
    );
    for description in [&release, &site, &served] {
        let licence = select(
            description,
            &format!("SELECT ?l WHERE {{ <{DATASET}> dct:license ?l }}"),
        );
        assert_eq!(
            licence.len(),
            1,
            "each states the licence the ontology declares"
        );
    }
}

#[test]
fn only_the_server_claims_a_sparql_endpoint_and_it_answers_queries() {
    let (site_dir, release_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let site = build_site(site_dir.path());
    assert_eq!(
        endpoints(&site),
        Vec::<String>::new(),
        "a static host has no endpoint"
    );
    let turtle = std::fs::read_to_string(site_dir.path().join("dataset.ttl")).unwrap();
    assert!(!turtle.contains("sparqlEndpoint"), "{turtle}");
    assert_eq!(
        endpoints(&build_release(release_dir.path())),
        Vec::<String>::new()
    );

    let server = Server::start(&["--workers", "1"]);
    let endpoints = endpoints(&served(&server));
    assert_eq!(
        endpoints,
        [server.sparql()],
        "the endpoint the client reached"
    );
    let response = client()
        .get(&endpoints[0])
        .query(&[("query", "ASK { ?s a kyoto:ThematicSession }")])
        .header("Accept", "application/sparql-results+json")
        .send()
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert!(response.text().unwrap().contains("true"));
}

#[test]
fn each_description_gives_its_downloads_where_they_are_published() {
    // The server: its own address; each download answers there.
    let server = Server::start(&["--workers", "1"]);
    let served = downloads(&served(&server));
    assert_eq!(served.len(), 6, "{served:?}");
    for (url, _, _) in &served {
        assert!(url.starts_with(&server.at("dataset/kyoto.")), "{url}");
        let response = client().get(url).send().unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK, "{url}");
        assert!(!response.bytes().unwrap().is_empty(), "{url}");
    }

    // The site: under the base IRI (which maps to the site's root), with each file's size and
    // digest.
    let dir = tempfile::tempdir().unwrap();
    let site = downloads(&build_site(dir.path()));
    assert_eq!(site.len(), 6, "{site:?}");
    for (url, size, sum) in &site {
        let path = url
            .strip_prefix("https://w3id.org/kyoto-kg/")
            .unwrap_or_else(|| panic!("{url}"));
        let bytes = std::fs::read(dir.path().join(path)).unwrap();
        assert_eq!(size, &bytes.len().to_string(), "{url}");
        assert_eq!(sum, &hex(&bytes), "{url}");
    }
}
