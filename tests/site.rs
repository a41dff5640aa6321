//! `kyoto-kg site` (issue 5): a static linked-data publication. Every entity of the graph has a
//! page and its RDF; every internal link resolves to a file; pages are the server's pages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use sophia::api::prelude::*;
use sophia::isomorphism::isomorphic_graphs;
use sophia::jsonld::JsonLdParser;
use sophia::turtle::parser::turtle;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::listed_session_dates;
use support::rdf::SophiaTriple;
use support::run::kyoto;
use support::server::{Server, client};

const BASE: &str = "https://w3id.org/kyoto-kg/";

fn build(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["site", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    kyoto(&args).ok()
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every IRI under the base that the store mentions, as a site path (fragment dropped).
fn entity_paths() -> BTreeSet<String> {
    support::run::select(&[&format!(
        "SELECT DISTINCT ?x WHERE {{ {{ GRAPH ?g {{ ?x ?p ?o }} }} UNION {{ GRAPH ?g {{ ?s ?p ?x }} }} \
         UNION {{ GRAPH ?x {{ ?s ?p ?o }} }} FILTER(isIRI(?x) && STRSTARTS(STR(?x), \"{BASE}\")) }}"
    )])
    .into_iter()
    .map(|row| {
        row["x"]
            .strip_prefix(BASE)
            .unwrap()
            .split('#')
            .next()
            .unwrap()
            .to_owned()
    })
    .collect()
}

/// The `href` and `src` values of an HTML page, entities decoded.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for piece in html.split(attribute).skip(1) {
            let value = piece.split('"').next().unwrap();
            out.push(
                value
                    .replace("&#x2f;", "/")
                    .replace("&#x27;", "'")
                    .replace("&amp;", "&"),
            );
        }
    }
    out
}

#[test]
fn every_entity_of_the_graph_has_a_page_with_its_turtle_and_json_ld_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &[]);
    let paths = entity_paths();
    assert!(paths.len() > 50, "{paths:?}");
    for path in &paths {
        assert!(
            dir.path().join(path).join("index.html").is_file(),
            "{path}/index.html"
        );
        let ttl: Vec<SophiaTriple> = turtle::parse_str(&read(dir.path(), &format!("{path}.ttl")))
            .collect_triples()
            .unwrap_or_else(|e| panic!("{path}.ttl: {e}"));
        let quads: Vec<support::rdf::SophiaQuad> = JsonLdParser::new()
            .parse_str(&read(dir.path(), &format!("{path}.jsonld")))
            .collect_quads()
            .unwrap_or_else(|e| panic!("{path}.jsonld: {e}"));
        let jsonld: Vec<SophiaTriple> = quads.into_iter().map(|(t, _)| t).collect();
        assert!(
            isomorphic_graphs(&ttl, &jsonld).unwrap(),
            "{path}: the JSON-LD and the Turtle differ"
        );
        for ext in ["nt", "rdf"] {
            assert!(
                dir.path().join(format!("{path}.{ext}")).is_file(),
                "{path}.{ext}"
            );
        }
    }
}

#[test]
fn the_site_shows_every_session_the_un_listing_gives_with_its_date() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &[]);
    let home = read(dir.path(), "index.html");
    let dates = listed_session_dates();
    assert!(dates.len() >= 10);
    let session_pages: Vec<String> = std::fs::read_dir(dir.path().join("id/session"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".ttl"))
        .map(|n| read(dir.path(), &format!("id/session/{n}")))
        .collect();
    assert_eq!(session_pages.len(), dates.len());
    for date in &dates {
        assert!(
            home.contains(&format!("datetime=\"{date}\"")),
            "{date} on the home page"
        );
        assert!(
            session_pages
                .iter()
                .any(|ttl| ttl.contains(&format!("\"{date}\"^^xsd:date"))),
            "a session page gives {date}"
        );
    }
}

#[test]
fn every_internal_link_of_every_page_resolves_to_a_file_of_the_site() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &["--root", "/kyoto/"]);
    let mut checked = 0;
    for file in files(dir.path()) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&file).unwrap();
        for link in links(&html) {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            if let Some(id) = link.strip_prefix('#') {
                assert!(
                    html.contains(&format!("id=\"{id}\"")),
                    "{}: the link {link} names no element of the page",
                    file.display()
                );
                checked += 1;
                continue;
            }
            let local = link.strip_prefix("/kyoto/").unwrap_or_else(|| {
                panic!("{}: the link {link} is not under the root", file.display())
            });
            let local = local.split('#').next().unwrap();
            let target = dir.path().join(local);
            let ok = if local.is_empty() {
                dir.path().join("index.html").is_file()
            } else {
                target.is_file() || target.join("index.html").is_file()
            };
            assert!(ok, "{}: broken link {link}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} links checked");
}

#[test]
fn pages_and_descriptions_are_the_ones_the_server_gives() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &[]);
    let server = Server::start(&[]);
    let http = client();
    for path in [
        "id/session/2022-2",
        "id/topic/improving-prison-conditions",
        "id/pillar/3",
        "id/declaration/kyoto",
        "ontology",
        "graph/data",
    ] {
        let served = http
            .get(server.at(path))
            .header("Accept", "text/html")
            .send()
            .unwrap()
            .text()
            .unwrap();
        let without_endpoint = served.replace(r#"<a href="&#x2f;sparql">SPARQL endpoint</a>"#, "");
        assert_ne!(
            served, without_endpoint,
            "the server page links its endpoint"
        );
        assert_eq!(
            read(dir.path(), &format!("{path}/index.html")),
            without_endpoint,
            "{path}: the static page is the server's page without the endpoint link"
        );
        for ext in ["ttl", "jsonld"] {
            let served = http
                .get(server.at(&format!("{path}.{ext}")))
                .send()
                .unwrap()
                .text()
                .unwrap();
            assert_eq!(
                read(dir.path(), &format!("{path}.{ext}")),
                served,
                "{path}.{ext}"
            );
        }
    }
}

#[test]
fn a_site_build_is_deterministic_and_replaces_only_a_site() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build(a.path(), &[]);
    build(b.path(), &[]);
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(x.strip_prefix(a.path()), y.strip_prefix(b.path()));
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
    // A rebuild replaces the site in place.
    build(a.path(), &[]);

    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("mine.txt"), "keep").unwrap();
    let run = kyoto(&["site", "--out", other.path().to_str().unwrap()]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["is not a kyoto-kg site"]);
    assert_eq!(files(other.path()).len(), 1);
}

#[test]
fn a_root_that_is_not_a_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = kyoto(&["site", "--out", out.to_str().unwrap(), "--root", "kyoto"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["must start and end with '/'"]);
    assert!(!out.exists(), "nothing is written");
}
