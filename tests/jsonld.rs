//! JSON-LD for people (issue 5): `export --format jsonld` is compacted with the published
//! context and `--frame` nests it; both expand, with sophia's independent JSON-LD processor, to
//! a dataset isomorphic to the store's. Structure is checked against what the store says.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::model::{GraphName, Quad};
use serde_json::Value;
use sophia::api::prelude::*;
use sophia::isomorphism::isomorphic_datasets;
use sophia::jsonld::JsonLdParser;
use std::collections::{BTreeMap, BTreeSet};
use support::rdf::{SophiaQuad, all_quads, shipped_store, sophia_quads};
use support::run::kyoto;

const DATA_GRAPH: &str = "https://w3id.org/kyoto-kg/graph/data";
const ID: &str = "https://w3id.org/kyoto-kg/id/";

fn export(args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    kyoto(&all).ok()
}

fn expand(text: &str) -> Vec<SophiaQuad> {
    JsonLdParser::new()
        .parse_str(text)
        .collect_quads()
        .unwrap_or_else(|e| panic!("not valid JSON-LD: {e}\n{text}"))
}

fn data_quads() -> Vec<Quad> {
    all_quads(&shipped_store())
        .into_iter()
        .filter(|q| matches!(&q.graph_name, GraphName::NamedNode(g) if g.as_str() == DATA_GRAPH))
        .collect()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// Every node object in a compacted document, wherever it is nested, by `@id`.
fn nodes(value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| nodes(v, out)),
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get("@id")
                && map.len() > 1
                && !map.contains_key("@graph")
            {
                out.insert(id.clone(), value.clone());
            }
            map.iter()
                .filter(|(k, _)| *k != "@context")
                .for_each(|(_, v)| nodes(v, out));
        }
        _ => {}
    }
}

fn strings(value: &Value) -> BTreeSet<String> {
    match value {
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::String(s) => BTreeSet::from([s.clone()]),
        Value::Object(map) => map
            .get("@id")
            .and_then(Value::as_str)
            .map(|s| BTreeSet::from([s.to_owned()]))
            .unwrap_or_default(),
        _ => BTreeSet::new(),
    }
}

/// `(session IRI, start date, number, discussion IRI, {topic IRIs})` as the store has them.
fn store_sessions() -> BTreeMap<String, (String, i64, String, BTreeSet<String>)> {
    let rows = support::run::select(&[
        "SELECT ?s ?date ?n ?d ?t WHERE { ?s a kyoto:ThematicSession ; schema:startDate ?date ; \
         kyoto:sessionNumber ?n ; schema:superEvent ?d . OPTIONAL { ?s kyoto:topic ?t } }",
    ]);
    let mut out = BTreeMap::new();
    for row in rows {
        let entry = out.entry(row["s"].clone()).or_insert_with(|| {
            (
                row["date"].clone(),
                row["n"].parse().unwrap(),
                row["d"].clone(),
                BTreeSet::new(),
            )
        });
        if let Some(t) = row.get("t") {
            entry.3.insert(t.clone());
        }
    }
    assert!(out.len() >= 10, "{out:?}");
    out
}

#[test]
fn compacted_json_ld_expands_to_the_stores_dataset() {
    let expected = sophia_quads(&all_quads(&shipped_store()));
    let parsed = expand(&export(&["--format", "jsonld"]));
    assert!(
        isomorphic_datasets(&parsed, &expected).unwrap(),
        "{} quads parsed, {} expected",
        parsed.len(),
        expected.len()
    );
}

#[test]
fn framed_json_ld_expands_to_the_same_dataset_as_the_store() {
    let expected = sophia_quads(&data_quads());
    let parsed = expand(&export(&["--frame", "--graph", "data"]));
    assert!(
        isomorphic_datasets(&parsed, &expected).unwrap(),
        "{} quads parsed, {} expected",
        parsed.len(),
        expected.len()
    );
    let everything = sophia_quads(&all_quads(&shipped_store()));
    let parsed = expand(&export(&["--frame", "--graph", "all"]));
    assert!(isomorphic_datasets(&parsed, &everything).unwrap());
}

#[test]
fn compacted_json_ld_uses_the_contexts_short_keys_types_and_plain_values() {
    let doc = json(&export(&["--format", "jsonld", "--graph", "data"]));
    let context = json(kyoto_kg::jsonld::CONTEXT);
    assert_eq!(
        doc["@context"], context["@context"],
        "the context is embedded"
    );
    let text = serde_json::to_string(&doc["@graph"]).unwrap();
    assert!(
        !text.contains("22-rdf-syntax-ns#type"),
        "types are written as @type"
    );
    let mut all = BTreeMap::new();
    nodes(&doc, &mut all);
    for (id, node) in &all {
        for key in node.as_object().unwrap().keys() {
            assert!(
                !key.contains("://"),
                "{id}: the key {key} is a full IRI, not a context term"
            );
        }
    }
    for (session, (date, number, discussion, topics)) in store_sessions() {
        let node = &all[&session];
        assert_eq!(node["startDate"], Value::String(date), "{session}");
        assert_eq!(node["sessionNumber"], Value::from(number), "{session}");
        assert_eq!(node["superEvent"], Value::String(discussion), "{session}");
        assert!(
            strings(&node["@type"]).contains("ThematicSession"),
            "{node}"
        );
        if topics.is_empty() {
            assert!(node.get("topics").is_none(), "{node}");
            assert_eq!(node["topicsRecorded"], Value::Bool(false));
        } else {
            assert!(node["topics"].is_array(), "topics is always a list: {node}");
            assert_eq!(strings(&node["topics"]), topics, "{session}");
        }
    }
}

#[test]
fn framed_json_ld_nests_pillars_discussions_sessions_and_topics_under_the_declaration() {
    let doc = json(&export(&["--frame", "--graph", "data"]));
    assert_eq!(doc["@id"], DATA_GRAPH, "the data graph is named");
    let declaration = &doc["@graph"][0];
    assert_eq!(declaration["@type"], "Declaration");
    assert_eq!(declaration["@id"], format!("{ID}declaration/kyoto"));

    let rows = support::run::select(&[
        "SELECT ?p ?d WHERE { ?decl kyoto:hasPillar ?p . OPTIONAL { ?d kyoto:pillar ?p ; a kyoto:ThematicDiscussion } }",
    ]);
    let expected_pillars: BTreeMap<String, BTreeSet<String>> =
        rows.iter().fold(BTreeMap::new(), |mut m, r| {
            let e: &mut BTreeSet<String> = m.entry(r["p"].clone()).or_default();
            if let Some(d) = r.get("d") {
                e.insert(d.clone());
            }
            m
        });
    let pillars = declaration["pillars"].as_array().unwrap();
    assert_eq!(pillars.len(), expected_pillars.len());

    let sessions = store_sessions();
    let mut seen_sessions = BTreeSet::new();
    for pillar in pillars {
        let id = pillar["@id"].as_str().unwrap();
        assert!(
            pillar["label"].is_string(),
            "pillars are embedded: {pillar}"
        );
        let discussions = pillar["discussions"].as_array().unwrap();
        assert_eq!(
            strings(&pillar["discussions"]),
            expected_pillars[id],
            "{id}"
        );
        for discussion in discussions {
            let discussion_id = discussion["@id"].as_str().unwrap();
            let expected: BTreeSet<&String> = sessions
                .iter()
                .filter(|(_, s)| s.2 == discussion_id)
                .map(|(id, _)| id)
                .collect();
            let nested = discussion["sessions"].as_array().unwrap();
            assert_eq!(nested.len(), expected.len(), "{discussion_id}");
            for session in nested {
                let session_id = session["@id"].as_str().unwrap().to_owned();
                assert!(expected.contains(&session_id));
                let topics = &sessions[&session_id].3;
                if !topics.is_empty() {
                    assert_eq!(strings(&session["topics"]), *topics, "{session_id}");
                    for topic in session["topics"].as_array().unwrap() {
                        assert!(
                            topic["prefLabel"].is_string(),
                            "topics are embedded: {topic}"
                        );
                    }
                }
                seen_sessions.insert(session_id);
            }
        }
    }
    assert_eq!(
        seen_sessions,
        sessions.keys().cloned().collect(),
        "every session is in the tree"
    );
}

#[test]
fn json_ld_exports_are_byte_identical_across_runs() {
    for args in [
        &["--format", "jsonld"][..],
        &["--frame"][..],
        &["--format", "jsonld-expanded"][..],
    ] {
        assert_eq!(export(args), export(args), "{args:?}");
    }
}

#[test]
fn a_context_url_replaces_the_embedded_context_and_nothing_else() {
    let url = "https://example.org/kyoto/context.jsonld";
    let embedded = json(&export(&["--format", "jsonld", "--graph", "data"]));
    let mut referenced = json(&export(&[
        "--format",
        "jsonld",
        "--graph",
        "data",
        "--context-url",
        url,
    ]));
    assert_eq!(referenced["@context"], url);
    referenced["@context"] = embedded["@context"].clone();
    assert_eq!(referenced, embedded);
}

#[test]
fn expanded_json_ld_is_still_available_and_is_the_same_graph() {
    let text = export(&["--format", "jsonld-expanded"]);
    assert!(
        text.contains("\"http://purl.org/dc/terms/title\""),
        "keys are full IRIs"
    );
    assert!(!text.contains("@context"), "expanded form has no context");
    let expected = sophia_quads(&all_quads(&shipped_store()));
    assert!(isomorphic_datasets(&expand(&text), &expected).unwrap());
}

#[test]
fn frame_and_canonical_refuse_a_conflicting_format() {
    // Each message names the option and the format it does not go with.
    for (args, option, format) in [
        (
            &["export", "--frame", "--format", "turtle"][..],
            "--frame",
            "turtle",
        ),
        (
            &["export", "--canonical", "--format", "jsonld"][..],
            "--canonical",
            "jsonld",
        ),
        (
            &[
                "export",
                "--format",
                "turtle",
                "--context-url",
                "https://example.org/c",
            ][..],
            "--context-url",
            "turtle",
        ),
    ] {
        let run = kyoto(args);
        assert_eq!(run.code(), Some(2), "{}", run.transcript());
        assert!(run.stdout().is_empty(), "{}", run.transcript());
        let stderr = run.stderr();
        assert!(
            stderr.starts_with(&format!("error: {option} ")) && stderr.contains(format),
            "{}",
            run.transcript()
        );
    }
}
