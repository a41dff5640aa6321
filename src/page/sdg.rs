//! The SDG side of the pages: the coverage heatmap of the home page (the pillars against the
//! targets of SDG 16, from the named query `sdg16-coverage`) with a compact row per pillar for
//! the targets of other goals (from `sdg-coverage-beyond-16`), and the SDG targets listed on the
//! page of a topic, pillar or declaration (from the named query `topic-sdg-targets`), Goal 16
//! first, then the other goals.
//!
//! The links are editorial judgements of the curators (`data/sdg-links.toml`), and the pages say
//! so. The SDG concepts' IRIs are the UN's (`http://metadata.un.org/sdg/16.3`), which answer
//! browsers with the UN's own page about the concept, so pages link to them as they are.

use super::select::{Row, count, named_rows, node, text};
use super::{Describer, Link, PageError};
use crate::vocab::{dct, owl, skos};
use oxigraph::model::NamedNode;
use serde::Serialize;
use std::collections::BTreeSet;

/// The named query behind the heatmap.
pub const COVERAGE_QUERY: &str = "sdg16-coverage";

/// The named query behind the targets of other goals than 16, beside the heatmap.
pub const BEYOND_QUERY: &str = "sdg-coverage-beyond-16";

/// The named query behind the SDG targets of a page.
pub const TARGETS_QUERY: &str = "topic-sdg-targets";

/// The goal the heatmap's columns belong to; other goals' targets get their own section.
pub const HEATMAP_GOAL: &str = "16";

/// Cells with this many topics or more get the darkest colour.
pub const MAX_LEVEL: usize = 5;

/// The grade of a link: a SKOS mapping property, or `dcterms:relation` where one end is not a
/// concept (the declaration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Match {
    /// `skos:closeMatch`: near-identical wording.
    Close,
    /// `skos:relatedMatch`: related.
    Related,
    /// `dcterms:relation`: related, from something that is not a SKOS concept.
    Relation,
}

impl Match {
    fn from_iri(iri: &str) -> Option<Self> {
        if iri == dct::RELATION.as_str() {
            return Some(Self::Relation);
        }
        let local = iri.strip_prefix(skos::NAMESPACE)?;
        match local {
            "closeMatch" => Some(Self::Close),
            "relatedMatch" => Some(Self::Related),
            _ => None,
        }
    }

    /// "close match", "related match" or "related (not a SKOS mapping)".
    pub fn label(self) -> &'static str {
        match self {
            Self::Close => "close match",
            Self::Related => "related match",
            Self::Relation => "related (not a SKOS mapping)",
        }
    }
}

/// A column of the heatmap: a target of SDG 16.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetHead {
    /// Its notation (`16.3`).
    pub notation: String,
    /// Its English label.
    pub label: String,
    /// Its IRI, also the address of the UN's page about it.
    pub iri: String,
}

/// A topic behind a cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CoveredTopic {
    /// The topic.
    pub link: Link,
    /// Whether its link to the target is a close match.
    pub close: bool,
}

/// One cell of the heatmap: a pillar and a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The notation of the target's goal (`16`).
    pub goal: String,
    /// The target's notation.
    pub target: String,
    /// The target's IRI (the UN's page about it).
    pub target_iri: String,
    /// The target's English label.
    pub target_label: String,
    /// How many topics of the pillar are linked to the target (or one of its indicators);
    /// meaningless when the pillar's topics are not recorded.
    pub count: usize,
    /// How many of them are close matches.
    pub close: usize,
    /// Those topics, by label.
    pub topics: Vec<CoveredTopic>,
    /// The colour step: 0 (none) to [`MAX_LEVEL`].
    pub level: usize,
    /// The pillar's own link to the target, if it has one.
    pub pillar_match: Option<Match>,
    /// The id of the list of its topics on the page.
    pub anchor: String,
    /// A tooltip that says all of the above in words.
    pub title: String,
}

/// The targets of one goal other than 16 that a pillar or its topics are linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalCells {
    /// The goal's notation (`5`).
    pub goal: String,
    /// Its short English name ("Gender equality").
    pub label: String,
    /// Its IRI, also the address of the UN's page about it.
    pub iri: String,
    /// One cell per linked target, in the UN's order.
    pub cells: Vec<Cell>,
}

/// A row of the heatmap: a pillar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    pub pillar: Link,
    /// Its Roman numeral.
    pub notation: String,
    /// Whether the topics of its sessions are recorded; when not, its cells are unknown, not 0.
    pub recorded: bool,
    /// One cell per target, in the columns' order.
    pub cells: Vec<Cell>,
    /// Beyond Goal 16: the targets of other goals the pillar or its topics are linked to, by
    /// goal in the UN's order (only those linked).
    pub beyond: Vec<GoalCells>,
}

/// The coverage matrix: pillars x the targets of SDG 16, in the UN's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The columns.
    pub targets: Vec<TargetHead>,
    pub rows: Vec<CoverageRow>,
}

/// Builds the coverage matrix from the named query [`COVERAGE_QUERY`], and each pillar's
/// targets beyond Goal 16 from [`BEYOND_QUERY`].
pub fn coverage(
    store: &oxigraph::store::Store,
    describer: &Describer<'_>,
) -> Result<Coverage, PageError> {
    let mut out = Coverage::default();
    for row in named_rows(store, COVERAGE_QUERY, &[])? {
        let (Some(pillar), Some(target)) = (node(&row, "pillar"), node(&row, "target")) else {
            continue;
        };
        if !out.targets.iter().any(|t| t.iri == target.as_str()) {
            out.targets.push(TargetHead {
                notation: text(&row, "targetNotation"),
                label: text(&row, "targetLabel"),
                iri: target.as_str().to_owned(),
            });
        }
        if out
            .rows
            .last()
            .is_none_or(|r| r.pillar.iri != pillar.as_str())
        {
            out.rows.push(CoverageRow {
                pillar: describer.link(pillar.as_ref())?,
                notation: text(&row, "pillarNotation"),
                recorded: count(&row, "pillarTopics") > 0,
                cells: Vec::new(),
                beyond: Vec::new(),
            });
        }
        let Some(pillar_row) = out.rows.last_mut() else {
            continue;
        };
        let cell = cell(&row, HEATMAP_GOAL, &target, pillar_row, describer)?;
        pillar_row.cells.push(cell);
    }
    for row in named_rows(store, BEYOND_QUERY, &[])? {
        let (Some(pillar), Some(target), Some(goal)) = (
            node(&row, "pillar"),
            node(&row, "target"),
            node(&row, "goal"),
        ) else {
            continue;
        };
        let Some(pillar_row) = out
            .rows
            .iter_mut()
            .find(|r| r.pillar.iri == pillar.as_str())
        else {
            continue;
        };
        let notation = text(&row, "goalNotation");
        let cell = cell(&row, &notation, &target, pillar_row, describer)?;
        if pillar_row.beyond.last().is_none_or(|g| g.goal != notation) {
            pillar_row.beyond.push(GoalCells {
                goal: notation,
                label: text(&row, "goalLabel"),
                iri: goal.as_str().to_owned(),
                cells: Vec::new(),
            });
        }
        if let Some(goal) = pillar_row.beyond.last_mut() {
            goal.cells.push(cell);
        }
    }
    Ok(out)
}

/// The cell of `row` (of [`COVERAGE_QUERY`] or [`BEYOND_QUERY`]): the pillar of `pillar_row`
/// and `target`, of the goal numbered `goal`.
fn cell(
    row: &Row,
    goal: &str,
    target: &NamedNode,
    pillar_row: &CoverageRow,
    describer: &Describer<'_>,
) -> Result<Cell, PageError> {
    let notation = text(row, "targetNotation");
    let close: BTreeSet<String> = iris(&text(row, "closeTopicList"));
    let mut topics = Vec::new();
    for topic in iris(&text(row, "topicList")) {
        let Ok(iri) = NamedNode::new(topic.as_str()) else {
            continue;
        };
        topics.push(CoveredTopic {
            link: describer.link(iri.as_ref())?,
            close: close.contains(&topic),
        });
    }
    topics.sort();
    let pillar_match = node(row, "pillarLink").and_then(|n| Match::from_iri(n.as_str()));
    let count = if pillar_row.recorded { topics.len() } else { 0 };
    let close = topics.iter().filter(|t| t.close).count();
    let title = cell_title(pillar_row, &notation, &topics, close, pillar_match);
    Ok(Cell {
        goal: goal.to_owned(),
        anchor: format!("sdg-{}-{notation}", pillar_row.notation),
        target: notation,
        target_iri: target.as_str().to_owned(),
        target_label: text(row, "targetLabel"),
        count,
        close,
        topics,
        level: count.min(MAX_LEVEL),
        pillar_match,
        title,
    })
}

fn iris(list: &str) -> BTreeSet<String> {
    list.split_whitespace().map(str::to_owned).collect()
}

/// The tooltip of a cell.
fn cell_title(
    row: &CoverageRow,
    target: &str,
    topics: &[CoveredTopic],
    close: usize,
    pillar_match: Option<Match>,
) -> String {
    let mut title = format!("Pillar {} × target {target}: ", row.notation);
    if !row.recorded {
        title.push_str("the topics of this pillar's sessions are not recorded in the source");
    } else if topics.is_empty() {
        title.push_str("no topic linked");
    } else {
        let n = topics.len();
        title.push_str(&format!("{n} topic{}", if n == 1 { "" } else { "s" }));
        if close > 0 {
            title.push_str(&format!(" ({close} close match{})", plural_es(close)));
        }
        let labels: Vec<&str> = topics.iter().map(|t| t.link.label.as_str()).collect();
        title.push_str(&format!(": {}", labels.join("; ")));
    }
    title.push('.');
    if let Some(grade) = pillar_match {
        title.push_str(&format!(" The pillar itself: {}.", grade.label()));
    }
    title
}

fn plural_es(n: usize) -> &'static str {
    if n == 1 { "" } else { "es" }
}

/// An indicator of a linked target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct IndicatorView {
    /// Its notation (`16.3.1`).
    pub notation: String,
    /// The indicator (its IRI is the UN's, e.g. `http://metadata.un.org/sdg/C160301`).
    pub link: Link,
}

/// One curated link of a resource to an SDG goal or target, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SdgLinkView {
    /// The target's notation (`16.3`).
    pub notation: String,
    /// The notation of its goal (`16`).
    pub goal: String,
    /// The goal's short English name ("Peace, justice and strong institutions").
    pub goal_label: String,
    /// Whether its goal is another than 16: such links are listed in a section of their own.
    pub beyond_16: bool,
    /// The target, linked to the UN's page about it (its IRI).
    pub target: Link,
    /// Close, related, or a relation that is not a SKOS mapping.
    pub grade: Match,
    /// The grade in words ("related match").
    pub grade_label: String,
    /// The curators' one-line rationale.
    pub rationale: String,
    /// Who made the judgement.
    pub author: String,
    /// When (ISO 8601).
    pub date: String,
    /// Who reviewed the link, if anyone has.
    pub reviewer: Option<String>,
    /// When it was reviewed (ISO 8601), if it was.
    pub reviewed: Option<String>,
    /// The target's indicators.
    pub indicators: Vec<IndicatorView>,
}

/// The curated SDG links of `iri` with their indicators, in the UN's order; empty when it has
/// none.
pub fn links_of(describer: &Describer<'_>, iri: &NamedNode) -> Result<Vec<SdgLinkView>, PageError> {
    let store = describer.store();
    let has_links = store
        .quads_for_pattern(
            None,
            Some(owl::ANNOTATED_SOURCE),
            Some(iri.as_ref().into()),
            None,
        )
        .next()
        .is_some();
    if !has_links {
        return Ok(Vec::new());
    }
    let param = format!("topic=<{}>", iri.as_str());
    let mut out: Vec<SdgLinkView> = Vec::new();
    for row in named_rows(store, TARGETS_QUERY, &[param])? {
        let Some(target) = node(&row, "target") else {
            continue;
        };
        let Some(grade) = node(&row, "match").and_then(|n| Match::from_iri(n.as_str())) else {
            continue;
        };
        if out
            .last()
            .is_none_or(|l| l.target.iri != target.as_str() || l.grade != grade)
        {
            let goal = text(&row, "goalNotation");
            let optional = |name: &str| Some(text(&row, name)).filter(|t| !t.is_empty());
            out.push(SdgLinkView {
                notation: text(&row, "targetNotation"),
                beyond_16: goal != HEATMAP_GOAL,
                goal,
                goal_label: text(&row, "goalLabel"),
                target: describer.link(target.as_ref())?,
                grade,
                grade_label: grade.label().to_owned(),
                rationale: text(&row, "rationale"),
                author: text(&row, "author"),
                date: text(&row, "date"),
                reviewer: optional("reviewer"),
                reviewed: optional("reviewed"),
                indicators: Vec::new(),
            });
        }
        if let (Some(indicator), Some(link)) = (node(&row, "indicator"), out.last_mut()) {
            let view = IndicatorView {
                notation: text(&row, "indicatorNotation"),
                link: describer.link(indicator.as_ref())?,
            };
            if !link.indicators.contains(&view) {
                link.indicators.push(view);
            }
        }
    }
    Ok(out)
}
