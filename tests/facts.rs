//! The graph answers with the facts of the UN listing.
//!
//! Expected values are derived here from the listing's own text (`tests/fixtures/un-listing.txt`),
//! independently of `data/`, and checked against what `kyoto-kg query` returns.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use support::month_number;
use support::run::{kyoto, select};

/// A session as the listing states it: (year, number, ISO date, topics).
type ListedSession = (i32, u32, String, BTreeSet<String>);

/// "21 September 2023" -> (2023, "2023-09-21")
fn parse_date(text: &str) -> (i32, String) {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let (day, month, year) = (parts[0], parts[1], parts[2]);
    let year: i32 = year.parse().unwrap();
    let day: u32 = day.parse().unwrap();
    (year, format!("{year}-{:02}-{day:02}", month_number(month)))
}

/// The topic rule of the data: split on ';', drop a leading "and ", capitalise the first letter.
fn topic_label(part: &str) -> String {
    let part = part.trim();
    let part = part.strip_prefix("and ").unwrap_or(part);
    let mut chars = part.chars();
    let first = chars.next().unwrap();
    first.to_uppercase().chain(chars).collect()
}

fn listed_sessions() -> Vec<ListedSession> {
    let text =
        std::fs::read_to_string(support::project_dir().join("tests/fixtures/un-listing.txt"))
            .unwrap();
    let mut sessions = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("Thematic session ") else {
            continue;
        };
        let open = rest.rfind('(').unwrap();
        let close = rest.rfind(')').unwrap();
        let (year, date) = parse_date(&rest[open + 1..close]);
        let head = rest[..open].trim().trim_end_matches(':');
        let (number, topics) = match head.split_once(':') {
            Some((n, topics)) => (n, topics.split(';').map(topic_label).collect()),
            None => (head, BTreeSet::new()),
        };
        sessions.push((year, number.trim().parse().unwrap(), date, topics));
    }
    sessions
}

fn graph_sessions() -> Vec<ListedSession> {
    let rows = select(&["SELECT ?year ?number ?date ?topic WHERE {
           ?s a kyoto:ThematicSession ; kyoto:sessionNumber ?number ; schema:startDate ?date ;
              schema:superEvent/kyoto:year ?year .
           OPTIONAL { ?s kyoto:topic/skos:prefLabel ?topic }
         }"]);
    let mut by_session: BTreeMap<(i32, u32, String), BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        let key = (
            row["year"].parse().unwrap(),
            row["number"].parse().unwrap(),
            row["date"].clone(),
        );
        let topics = by_session.entry(key).or_default();
        if let Some(topic) = row.get("topic") {
            topics.insert(topic.clone());
        }
    }
    by_session
        .into_iter()
        .map(|((y, n, d), t)| (y, n, d, t))
        .collect()
}

#[test]
fn every_session_of_the_listing_is_in_the_graph_with_its_date_and_topics() {
    let mut listed = listed_sessions();
    listed.sort();
    assert_eq!(listed.len(), 11, "the listing has 11 sessions");
    assert_eq!(graph_sessions(), listed);
}

#[test]
fn the_graph_has_4_pillars_11_sessions_and_18_topics() {
    let listed_topics: usize = listed_sessions().iter().map(|s| s.3.len()).sum();
    assert_eq!(listed_topics, 18);
    for (class, expected) in [
        ("Pillar", 4),
        ("ThematicSession", 11),
        ("Topic", listed_topics),
        ("ThematicDiscussion", 4),
    ] {
        let rows = select(&[&format!(
            "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a kyoto:{class} }}"
        )]);
        assert_eq!(
            rows[0]["n"],
            expected.to_string(),
            "instances of kyoto:{class}"
        );
    }
}

#[test]
fn the_pillars_have_the_declarations_names_and_roman_notations() {
    let seed =
        std::fs::read_to_string(support::project_dir().join("tests/fixtures/un-listing.txt"))
            .unwrap();
    let rows = select(&[
        "SELECT ?n ?label WHERE { ?p a kyoto:Pillar ; skos:notation ?n ; skos:prefLabel ?label } ORDER BY ?p",
    ]);
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["n"].clone(), r["label"].clone()))
        .collect();
    assert_eq!(
        got.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["I", "II", "III", "IV"]
    );
    for (n, label) in &got {
        assert!(
            seed.contains(&format!("PILLAR {n} {label}")),
            "the listing names pillar {n} {label:?}"
        );
    }
}

#[test]
fn the_2022_sessions_fall_on_5_6_and_7_december() {
    let rows = select(&[
        "SELECT ?number ?date WHERE { ?s schema:superEvent/kyoto:year \"2022\"^^xsd:gYear ;
           kyoto:sessionNumber ?number ; schema:startDate ?date } ORDER BY ?number",
    ]);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["number"].as_str(), r["date"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("1", "2022-12-05"),
            ("2", "2022-12-06"),
            ("3", "2022-12-07")
        ]
    );
}

#[test]
fn session_1_of_2023_discussed_access_to_justice_legal_aid_and_sentencing() {
    let rows = select(&[
        "SELECT ?label WHERE { session:2023-1 kyoto:topic/skos:prefLabel ?label } ORDER BY ?label",
    ]);
    let got: Vec<&str> = rows.iter().map(|r| r["label"].as_str()).collect();
    assert_eq!(
        got,
        [
            "Access to justice and equal treatment before the law",
            "Access to legal aid",
            "National sentencing policies"
        ]
    );
}

#[test]
fn the_2024_sessions_have_no_recorded_topics_and_the_named_query_lists_them() {
    let rows = select(&["--name", "sessions-without-topics"]);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["session"].as_str(), r["date"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("https://w3id.org/kyoto-kg/id/session/2024-1", "2024-12-02"),
            ("https://w3id.org/kyoto-kg/id/session/2024-2", "2024-12-03"),
            ("https://w3id.org/kyoto-kg/id/session/2024-3", "2024-12-04"),
        ]
    );
    let flags =
        select(&["SELECT ?s ?recorded WHERE { ?s kyoto:topicsRecorded ?recorded } ORDER BY ?s"]);
    for row in flags {
        let expected = if row["s"].contains("/2024-") {
            "false"
        } else {
            "true"
        };
        assert_eq!(row["recorded"], expected, "{}", row["s"]);
    }
}

#[test]
fn the_declaration_was_adopted_on_7_march_2021_and_approved_by_the_ccpcj_resolution() {
    let rows = select(&["--name", "declaration"]);
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(row["adopted"], "2021-03-07");
        assert_eq!(row["symbol"], "A/CONF.234/16");
        assert!(row["title"].starts_with("Kyoto Declaration on Advancing Crime Prevention"));
    }
    let approves: Vec<&str> = rows
        .iter()
        .filter(|r| r.get("relation").is_some_and(|r| r == "approves"))
        .map(|r| r["resolutionLabel"].as_str())
        .collect();
    assert_eq!(
        approves,
        ["Fourteenth United Nations Congress on Crime Prevention and Criminal Justice"]
    );
    let endorses: Vec<&str> = rows
        .iter()
        .filter(|r| r.get("relation").is_some_and(|r| r == "endorses"))
        .map(|r| r["resolutionLabel"].as_str())
        .collect();
    assert_eq!(endorses, ["A/RES/76/181"]);
}

#[test]
fn the_keyword_query_finds_the_prison_session() {
    let rows = select(&["--name", "sessions-on-keyword", "--param", "keyword=PRISON"]);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["session"].as_str(), r["topicLabel"].as_str()))
        .collect();
    assert_eq!(
        got,
        [(
            "https://w3id.org/kyoto-kg/id/session/2022-2",
            "Improving prison conditions"
        )]
    );
}

#[test]
fn every_named_query_runs_on_the_shipped_data() {
    let list = kyoto(&["queries"]).ok();
    let names: Vec<&str> = list
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty() && !l.starts_with("Run one"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.len() >= 8, "{list}");
    for name in names {
        let run = kyoto(&["query", "--name", name]);
        let out = run.ok();
        assert!(!out.trim().is_empty(), "{}", run.transcript());
    }
}

#[test]
fn the_table_output_abbreviates_iris_and_counts_rows() {
    let out = kyoto(&["query", "--name", "sessions-without-topics"]).ok();
    assert!(out.contains("session:2024-1"), "{out}");
    assert!(out.trim_end().ends_with("(3 rows)"), "{out}");
}
