//! The SDG links of `data/`, read here independently of kyoto-kg's loader (with the `toml`
//! crate), and the namespaces of the UN's SDG KOS.

use super::project_dir;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The UN's SDG concepts.
pub const SDG: &str = "http://metadata.un.org/sdg/";
/// The UN's SDG ontology (classes and datatypes of SDG KOS).
pub const SDGO: &str = "http://metadata.un.org/sdg/ontology#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// An N-Triples line with an SDG link outside the UN's SDG namespace (which the SDG link shape
/// forbids).
pub const LINK_OUTSIDE_SDG: &str = "<https://w3id.org/kyoto-kg/id/topic/access-to-legal-aid> \
    <http://www.w3.org/2004/02/skos/core#closeMatch> <http://example.org/goal/16> .\n";

/// One `[[sdg_link]]` of `sdg-links.toml`.
#[derive(Debug, Clone)]
pub struct TomlLink {
    pub subject: String,
    pub predicate: String,
    pub object: String,
    pub rationale: String,
    pub author: String,
    pub date: String,
    pub reviewer: Option<String>,
    pub reviewed: Option<String>,
}

fn toml_file(data: &Path, name: &str) -> toml::Table {
    let text = std::fs::read_to_string(data.join(name)).unwrap();
    text.parse().unwrap()
}

/// The curated links of `DATA/sdg-links.toml`, in file order.
pub fn toml_links(data: &Path) -> Vec<TomlLink> {
    let text = |l: &toml::Value, key: &str| l[key].as_str().unwrap().to_owned();
    toml_file(data, "sdg-links.toml")["sdg_link"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| TomlLink {
            subject: text(l, "subject"),
            predicate: text(l, "predicate"),
            object: text(l, "object"),
            rationale: text(l, "rationale"),
            author: text(l, "author"),
            date: l["date"].to_string(),
            reviewer: l.get("reviewer").map(|r| r.as_str().unwrap().to_owned()),
            reviewed: l.get("reviewed").map(ToString::to_string),
        })
        .collect()
}

/// Pillar number -> the ids of the topics of its sessions, from the shipped
/// `data/sessions.toml`; a pillar whose sessions record no topic maps to an empty set.
pub fn topics_by_pillar() -> BTreeMap<i64, BTreeSet<String>> {
    let sessions = toml_file(&project_dir().join("data"), "sessions.toml");
    let pillar_of_year: BTreeMap<i64, i64> = sessions["discussion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["year"].as_integer().unwrap(),
                d["pillar"].as_integer().unwrap(),
            )
        })
        .collect();
    let mut out: BTreeMap<i64, BTreeSet<String>> = pillar_of_year
        .values()
        .map(|p| (*p, BTreeSet::new()))
        .collect();
    for session in sessions["session"].as_array().unwrap() {
        let pillar = pillar_of_year[&session["year"].as_integer().unwrap()];
        for topic in session
            .get("topic")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            out.get_mut(&pillar)
                .unwrap()
                .insert(topic["id"].as_str().unwrap().to_owned());
        }
    }
    out
}

/// The Goal 16 target a link's object stands for: itself (`16.3`) or the target of an
/// indicator (`16.3.1`); `None` for anything else.
pub fn goal_16_target(object: &str) -> Option<String> {
    let mut parts = object.split('.');
    let (goal, target) = (parts.next()?, parts.next()?);
    (goal == "16").then(|| format!("16.{target}"))
}
