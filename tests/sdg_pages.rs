//! The SDG links in the browser (issue 4), on a real `kyoto-kg serve`: the home page's heatmap
//! of the pillars against the targets of SDG 16, and each topic's list of SDG targets.
//!
//! Expected values come from the files themselves, read here independently of the library:
//! the curated links and the sessions from the TOML in `data/` (parsed with the `toml` crate,
//! not kyoto-kg's loader), the SDG labels, notations and indicators from the snapshot
//! `data/sdg/sdg-snapshot.ttl` (parsed as plain Turtle).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use std::collections::{BTreeMap, BTreeSet};
use support::project_dir;
use support::sdg::{RDF_TYPE, SDGO, SKOS, TomlLink, goal_16_target, toml_links, topics_by_pillar};
use support::server::{BROWSER, Server, client};

/// The targets of SDG 16 in the UN's order.
const GOAL_16_TARGETS: [&str; 12] = [
    "16.1", "16.2", "16.3", "16.4", "16.5", "16.6", "16.7", "16.8", "16.9", "16.10", "16.a", "16.b",
];

// --- the data, read independently --------------------------------------------------------------

/// The SDG snapshot as the UN wrote it: concepts by compact notation, English labels, types
/// and broader links.
struct Snapshot {
    by_notation: BTreeMap<String, String>,
    notation_of: BTreeMap<String, Vec<String>>,
    label: BTreeMap<String, String>,
    types: BTreeMap<String, BTreeSet<String>>,
    broader: BTreeMap<String, BTreeSet<String>>,
}

impl Snapshot {
    fn load() -> Self {
        let text = std::fs::read(project_dir().join("data/sdg/sdg-snapshot.ttl")).unwrap();
        let mut snapshot = Self {
            by_notation: BTreeMap::new(),
            notation_of: BTreeMap::new(),
            label: BTreeMap::new(),
            types: BTreeMap::new(),
            broader: BTreeMap::new(),
        };
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(&text) {
            let quad = quad.unwrap();
            let NamedOrBlankNode::NamedNode(s) = &quad.subject else {
                continue;
            };
            let s = s.as_str().to_owned();
            let p = quad.predicate.as_str();
            match (&quad.object, p.strip_prefix(SKOS)) {
                (Term::Literal(l), Some("notation"))
                    if l.datatype().as_str() == format!("{SDGO}SDGCodeCompact") =>
                {
                    snapshot.by_notation.insert(l.value().to_owned(), s.clone());
                    snapshot
                        .notation_of
                        .entry(s)
                        .or_default()
                        .push(l.value().to_owned());
                }
                (Term::Literal(l), Some("prefLabel")) if l.language() == Some("en") => {
                    snapshot.label.insert(s, l.value().to_owned());
                }
                (Term::NamedNode(o), Some("broader")) => {
                    snapshot
                        .broader
                        .entry(s)
                        .or_default()
                        .insert(o.as_str().to_owned());
                }
                (Term::NamedNode(o), None) if p == RDF_TYPE => {
                    snapshot
                        .types
                        .entry(s)
                        .or_default()
                        .insert(o.as_str().to_owned());
                }
                _ => {}
            }
        }
        snapshot
    }

    fn iri(&self, notation: &str) -> &str {
        self.by_notation
            .get(notation)
            .unwrap_or_else(|| panic!("no concept with notation {notation} in the snapshot"))
    }

    /// The indicators of a target: (compact notation under this target, IRI).
    fn indicators(&self, target_notation: &str) -> BTreeSet<(String, String)> {
        let target = self.iri(target_notation);
        let indicator = format!("{SDGO}Indicator");
        self.broader
            .iter()
            .filter(|(s, broader)| {
                broader.contains(target)
                    && self.types.get(*s).is_some_and(|t| t.contains(&indicator))
            })
            .map(|(s, _)| {
                let notation = self.notation_of[s]
                    .iter()
                    .find(|n| n.starts_with(&format!("{target_notation}.")))
                    .unwrap()
                    .clone();
                (notation, s.clone())
            })
            .collect()
    }
}

// --- reading the pages -------------------------------------------------------------------------

fn page(server: &Server, path: &str) -> String {
    let response = client()
        .get(server.at(path))
        .header("Accept", BROWSER)
        .send()
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK, "{path}");
    response.text().unwrap()
}

/// Text with minijinja's HTML escapes undone.
fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the opening tag that `element` starts with.
fn attr(element: &str, name: &str) -> Option<String> {
    let tag = &element[..element.find('>').unwrap_or(element.len())];
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

/// The `href` values in `html`, unescaped.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| unescape(&rest[..rest.find('"').unwrap()]))
        .collect()
}

/// `html` between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("the page has no {start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// One row of the heatmap: the pillar's path, the row's own markup, and each cell's markup.
struct HeatmapRow {
    pillar_href: String,
    markup: String,
    cells: Vec<String>,
}

fn heatmap(html: &str) -> (Vec<(String, String, String)>, Vec<HeatmapRow>) {
    let table = between(html, "<table class=\"heatmap\">", "</table>");
    let head = between(table, "<thead>", "</thead>");
    let columns = head
        .split("<th scope=\"col\" class=\"target\">")
        .skip(1)
        .map(|th| {
            let a = &th[th.find("<a").unwrap()..];
            let text = &a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()];
            (
                text.to_owned(),
                attr(a, "href").unwrap(),
                attr(a, "title").unwrap(),
            )
        })
        .collect();
    let body = between(table, "<tbody>", "</tbody>");
    let rows = body
        .split("<tr ")
        .skip(1)
        .map(|tr| {
            let tr = &tr[..tr.find("</tr>").unwrap()];
            let th = between(tr, "<th scope=\"row\">", "</th>");
            HeatmapRow {
                pillar_href: hrefs(th)[0].clone(),
                markup: format!("<tr {tr}"),
                cells: tr
                    .split("<td ")
                    .skip(1)
                    .map(|td| format!("<td {}", &td[..td.find("</td>").unwrap()]))
                    .collect(),
            }
        })
        .collect();
    (columns, rows)
}

// --- the tests -------------------------------------------------------------------------------

#[test]
fn the_heatmap_has_a_column_per_goal_16_target_in_the_uns_order_linking_to_the_uns_page() {
    let snapshot = Snapshot::load();
    let server = Server::start(&["--workers", "1"]);
    let (columns, _) = heatmap(&page(&server, "/"));
    let notations: Vec<&str> = columns.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(notations, GOAL_16_TARGETS);
    for (notation, href, title) in &columns {
        let iri = snapshot.iri(notation);
        assert_eq!(href, iri, "{notation} links to the UN's IRI");
        assert!(iri.starts_with("http://metadata.un.org/sdg/"), "{iri}");
        assert!(
            title.contains(&snapshot.label[iri]),
            "{notation}: the tooltip gives the label: {title}"
        );
    }
}

#[test]
fn each_heatmap_cell_counts_the_pillars_topics_the_curated_links_relate_to_the_target() {
    let links = toml_links(&project_dir().join("data"));
    let by_pillar = topics_by_pillar();
    let server = Server::start(&["--workers", "1"]);
    let html = page(&server, "/");
    let (_, rows) = heatmap(&html);
    let recorded: Vec<i64> = by_pillar
        .iter()
        .filter(|(_, topics)| !topics.is_empty())
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(
        recorded,
        [1, 2, 3],
        "the source records the topics of 2021-2023"
    );
    let mut nonzero = 0;
    for pillar in recorded {
        let row = rows
            .iter()
            .find(|r| r.pillar_href == format!("/id/pillar/{pillar}"))
            .unwrap_or_else(|| panic!("no row for pillar {pillar}"));
        assert_eq!(row.cells.len(), GOAL_16_TARGETS.len());
        for (cell, target) in row.cells.iter().zip(GOAL_16_TARGETS) {
            assert_eq!(attr(cell, "data-target").as_deref(), Some(target));
            let linked = |grade: Option<&str>| -> BTreeSet<String> {
                links
                    .iter()
                    .filter(|l| goal_16_target(&l.object).as_deref() == Some(target))
                    .filter(|l| grade.is_none_or(|g| l.predicate == g))
                    .filter_map(|l| l.subject.strip_prefix("topic:"))
                    .filter(|t| by_pillar[&pillar].contains(*t))
                    .map(|t| format!("/id/topic/{t}"))
                    .collect()
            };
            let expected = linked(None);
            let close = linked(Some("skos:closeMatch"));
            let context = format!("pillar {pillar} x {target}: {cell}");
            assert_eq!(
                attr(cell, "data-topics"),
                Some(expected.len().to_string()),
                "{context}"
            );
            assert_eq!(
                attr(cell, "data-close"),
                Some(close.len().to_string()),
                "{context}"
            );
            let pillar_grade = links
                .iter()
                .find(|l| l.subject == format!("pillar:{pillar}") && l.object == target)
                .map(|l| {
                    l.predicate
                        .trim_start_matches("skos:")
                        .trim_end_matches("Match")
                });
            assert_eq!(
                attr(cell, "data-pillar-match").as_deref(),
                pillar_grade,
                "{context}"
            );
            if expected.is_empty() {
                assert!(
                    !cell.contains("href="),
                    "an empty cell links nowhere: {context}"
                );
                continue;
            }
            nonzero += 1;
            // The cell links to the list of its topics on the page, which links to their pages.
            let anchor = hrefs(cell)[0].clone();
            let id = anchor.strip_prefix('#').unwrap();
            let listed: BTreeSet<String> =
                hrefs(between(&html, &format!("<dt id=\"{id}\">"), "</dd>"))
                    .into_iter()
                    .filter(|h| h.starts_with("/id/topic/"))
                    .collect();
            assert_eq!(listed, expected, "{context}");
            let tooltip = attr(cell, "title").unwrap();
            for topic in &expected {
                let status = client().get(server.at(topic)).send().unwrap().status();
                assert_eq!(status, reqwest::StatusCode::OK, "{topic}");
            }
            assert!(
                tooltip.contains(&format!("{} topic", expected.len())),
                "{tooltip}"
            );
        }
    }
    assert!(nonzero >= 10, "{nonzero} non-empty cells");
}

#[test]
fn pillar_iv_whose_topics_the_source_does_not_record_is_shown_as_not_recorded_never_as_zeros() {
    let by_pillar = topics_by_pillar();
    let unrecorded: Vec<i64> = by_pillar
        .iter()
        .filter(|(_, topics)| topics.is_empty())
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(
        unrecorded,
        [4],
        "the 2024 sessions (pillar IV) have no recorded topics"
    );
    let server = Server::start(&["--workers", "1"]);
    let (_, rows) = heatmap(&page(&server, "/"));
    assert_eq!(rows.len(), by_pillar.len(), "one row per pillar");
    let row = rows
        .iter()
        .find(|r| r.pillar_href == "/id/pillar/4")
        .unwrap();
    assert!(row.markup.contains("topics not recorded"), "{}", row.markup);
    assert_eq!(row.cells.len(), GOAL_16_TARGETS.len());
    for cell in &row.cells {
        assert_eq!(attr(cell, "data-topics"), None, "no count: {cell}");
        let text: String = cell
            .split('>')
            .skip(1)
            .map(|part| part.split('<').next().unwrap_or_default())
            .collect();
        assert!(
            !text.chars().any(|c| c.is_ascii_digit()),
            "no number shown: {text:?} in {cell}"
        );
        assert!(
            attr(cell, "title").unwrap().contains("not recorded"),
            "{cell}"
        );
    }
    for row in rows.iter().filter(|r| r.pillar_href != "/id/pillar/4") {
        assert!(!row.markup.contains("not recorded"), "{}", row.markup);
    }
}

/// The curated SDG links of a page, by list (`goal-16`, `beyond-16`): each item's markup.
fn sdg_lists(html: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for list in html.split("<ol class=\"sdg-targets\"").skip(1) {
        let list = &list[..list.find("</ol>").unwrap()];
        let group = attr(&format!("<ol{list}"), "data-group").unwrap();
        out.entry(group).or_default().extend(
            list.split("<li class=\"sdg-target\"")
                .skip(1)
                .map(|li| format!("<li{li}")),
        );
    }
    out
}

/// `html` without its tags, its runs of whitespace made single spaces.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The goal of an SDG notation (`16.3` -> `16`).
fn goal_of(notation: &str) -> &str {
    notation.split('.').next().unwrap()
}

#[test]
fn a_topic_page_lists_exactly_its_curated_sdg_targets_with_the_uns_labels_indicators_and_links() {
    let links = toml_links(&project_dir().join("data"));
    let snapshot = Snapshot::load();
    let topics: BTreeSet<String> = topics_by_pillar().into_values().flatten().collect();
    assert!(topics.len() >= 15, "{topics:?}");
    let server = Server::start(&["--workers", "1"]);
    let mut beyond_shown = BTreeSet::new();
    for topic in &topics {
        let html = page(&server, &format!("/id/topic/{topic}"));
        let expected: BTreeMap<&str, &TomlLink> = links
            .iter()
            .filter(|l| l.subject == format!("topic:{topic}"))
            .map(|l| (l.object.as_str(), l))
            .collect();
        assert!(!expected.is_empty(), "{topic} has a link");
        let lists = sdg_lists(&html);
        // Goal 16 first, then the other goals in a section of their own (issue 19).
        for (group, items) in &lists {
            for li in items {
                let notation = attr(li, "data-notation").unwrap();
                assert_eq!(
                    group == "beyond-16",
                    goal_of(&notation) != "16",
                    "{topic} -> {notation} is listed under {group}"
                );
            }
        }
        if let (Some(a), Some(b)) = (
            html.find("data-group=\"goal-16\""),
            html.find("data-group=\"beyond-16\""),
        ) {
            assert!(a < b, "{topic}: Goal 16 comes first");
        }
        let items: Vec<&String> = lists.values().flatten().collect();
        let shown: BTreeSet<String> = items
            .iter()
            .map(|li| attr(li, "data-notation").unwrap())
            .collect();
        assert_eq!(
            shown,
            expected.keys().map(|k| (*k).to_owned()).collect(),
            "{topic}: the targets of data/sdg-links.toml"
        );
        for li in items {
            let item = unescape(li);
            let notation = attr(li, "data-notation").unwrap();
            let link = expected[notation.as_str()];
            let iri = snapshot.iri(&notation);
            let context = format!("{topic} -> {notation}");
            if goal_of(&notation) != "16" {
                beyond_shown.insert(notation.clone());
                let goal = format!("Goal {}", goal_of(&notation));
                assert!(item.contains(&goal), "{context}: names {goal}");
            }
            assert!(
                hrefs(li).contains(&iri.to_owned()),
                "{context}: links {iri}"
            );
            assert!(item.contains(&snapshot.label[iri]), "{context}: its label");
            let grade = if link.predicate == "skos:closeMatch" {
                "close"
            } else {
                "related"
            };
            assert_eq!(attr(li, "data-grade").as_deref(), Some(grade), "{context}");
            assert!(item.contains(&format!("{grade} match")), "{context}");
            assert!(item.contains("Editorial judgement"), "{context}");
            for part in [&link.rationale, &link.author, &link.date] {
                assert!(item.contains(part.as_str()), "{context}: {part}");
            }
            // The review, or that there is none yet (issue 19).
            match (&link.reviewer, &link.reviewed) {
                (Some(reviewer), Some(reviewed)) => {
                    assert_eq!(
                        attr(li, "data-reviewed").as_deref(),
                        Some("yes"),
                        "{context}"
                    );
                    assert!(
                        plain(&item).contains(&format!("reviewed by {reviewer}, {reviewed}")),
                        "{context}: its review"
                    );
                }
                _ => {
                    assert_eq!(
                        attr(li, "data-reviewed").as_deref(),
                        Some("no"),
                        "{context}"
                    );
                    assert!(item.contains("not reviewed yet"), "{context}");
                }
            }
            let indicators = snapshot.indicators(&notation);
            let listed: BTreeSet<String> = item
                .split("<li class=\"indicator\"")
                .skip(1)
                .map(|i| attr(&format!("<li{i}"), "data-notation").unwrap())
                .collect();
            assert_eq!(
                listed,
                indicators.iter().map(|(n, _)| n.clone()).collect(),
                "{context}: its indicators"
            );
            for (notation, iri) in &indicators {
                assert!(hrefs(li).contains(iri), "{context}: links {notation} {iri}");
                assert!(item.contains(&snapshot.label[iri]), "{context}: {notation}");
            }
        }
    }
    for target in ["3.5", "4.7", "5.2", "10.2", "10.3"] {
        assert!(
            beyond_shown.contains(target),
            "{target} on a topic page: {beyond_shown:?}"
        );
    }
}

#[test]
fn the_home_page_shows_each_pillars_targets_beyond_goal_16_with_their_topics() {
    // Issue 19: links to targets of other goals (3.5, 4.7, 5.2, 8.7, 10.x) get a compact row per
    // pillar beside the Goal 16 heatmap, with the same counts, frames and topic lists.
    let links = toml_links(&project_dir().join("data"));
    let by_pillar = topics_by_pillar();
    let snapshot = Snapshot::load();
    let server = Server::start(&["--workers", "1"]);
    let html = page(&server, "/");
    let table = between(&html, "<table class=\"beyond\">", "</table>");
    let rows: Vec<&str> = table.split("<tr ").skip(1).collect();
    assert_eq!(rows.len(), by_pillar.len(), "one row per pillar");
    let mut shown = BTreeSet::new();
    for (pillar, topics) in &by_pillar {
        let row = rows
            .iter()
            .find(|r| hrefs(r).first().map(String::as_str) == Some(&format!("/id/pillar/{pillar}")))
            .unwrap_or_else(|| panic!("no row for pillar {pillar}"));
        // The targets of other goals linked from the pillar or its topics, by the TOML.
        let target_of = |object: &str| -> Option<String> {
            let mut parts = object.split('.');
            let (goal, target) = (parts.next()?, parts.next()?);
            (goal != "16" && !object.starts_with("http")).then(|| format!("{goal}.{target}"))
        };
        let mut expected: BTreeMap<String, (BTreeSet<String>, Option<&str>)> = BTreeMap::new();
        for link in &links {
            let Some(target) = target_of(&link.object) else {
                continue;
            };
            if link.subject == format!("pillar:{pillar}") {
                expected.entry(target).or_default().1 = Some(
                    link.predicate
                        .trim_start_matches("skos:")
                        .trim_end_matches("Match"),
                );
            } else if let Some(topic) = link.subject.strip_prefix("topic:")
                && topics.contains(topic)
            {
                expected
                    .entry(target)
                    .or_default()
                    .0
                    .insert(format!("/id/topic/{topic}"));
            }
        }
        let chips: Vec<String> = row
            .split("<span class=\"chip ")
            .skip(1)
            .map(|c| format!("<span class=\"chip {}", &c[..c.find("</span>").unwrap()]))
            .collect();
        let got: BTreeSet<String> = chips
            .iter()
            .map(|c| attr(c, "data-target").unwrap())
            .collect();
        assert_eq!(
            got,
            expected.keys().cloned().collect(),
            "pillar {pillar}: the targets beyond Goal 16"
        );
        if expected.is_empty() {
            assert!(row.contains("no target of another goal linked"), "{row}");
        }
        for chip in &chips {
            let target = attr(chip, "data-target").unwrap();
            let (topics_linked, pillar_grade) = &expected[&target];
            let context = format!("pillar {pillar} x {target}: {chip}");
            shown.insert(target.clone());
            assert!(
                hrefs(chip).contains(&snapshot.iri(&target).to_owned()),
                "{context}"
            );
            assert_eq!(
                attr(chip, "data-pillar-match").as_deref(),
                *pillar_grade,
                "{context}"
            );
            if topics.is_empty() {
                assert_eq!(attr(chip, "data-topics"), None, "unknown, not 0: {context}");
                continue;
            }
            assert_eq!(
                attr(chip, "data-topics"),
                Some(topics_linked.len().to_string()),
                "{context}"
            );
            if topics_linked.is_empty() {
                continue;
            }
            let anchor = hrefs(chip)
                .into_iter()
                .find(|h| h.starts_with('#'))
                .unwrap_or_else(|| panic!("{context}: links its topics"));
            let listed: BTreeSet<String> = hrefs(between(
                &html,
                &format!("<dt id=\"{}\">", &anchor[1..]),
                "</dd>",
            ))
            .into_iter()
            .filter(|h| h.starts_with("/id/topic/"))
            .collect();
            assert_eq!(&listed, topics_linked, "{context}");
        }
        // Each goal of the row is named, and links to the UN's page about it.
        for goal in got.iter().map(|t| goal_of(t)) {
            assert!(
                row.contains(&format!("data-goal=\"{goal}\""))
                    && row.contains(&format!(">Goal {goal}")),
                "pillar {pillar}: goal {goal}"
            );
        }
    }
    for target in ["3.5", "4.7", "5.2", "8.7", "10.2", "10.3"] {
        assert!(shown.contains(target), "{target} beyond Goal 16: {shown:?}");
    }
}

#[test]
fn the_declarations_page_shows_its_link_to_goal_16_as_a_relation_not_a_skos_mapping() {
    // Issue 19: the declaration is a document, linked to Goal 16 with dcterms:relation.
    let link = toml_links(&project_dir().join("data"))
        .into_iter()
        .find(|l| l.subject == "declaration:kyoto" && l.object == "16")
        .unwrap();
    assert_eq!(link.predicate, "dcterms:relation");
    let server = Server::start(&["--workers", "1"]);
    let html = page(&server, "/id/declaration/kyoto");
    let lists = sdg_lists(&html);
    let items: Vec<&String> = lists.values().flatten().collect();
    assert_eq!(items.len(), 1, "{lists:?}");
    let item = unescape(items[0]);
    assert_eq!(attr(items[0], "data-notation").as_deref(), Some("16"));
    assert_eq!(attr(items[0], "data-grade").as_deref(), Some("relation"));
    assert!(item.contains("not a SKOS mapping"), "{item}");
    assert!(!item.contains("related match"), "{item}");
    assert!(item.contains(&link.rationale), "{item}");
}
