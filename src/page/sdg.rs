//! The SDG side of the pages: the coverage heatmap of the home page (the pillars against the
//! targets of SDG 16, from the named query `sdg16-coverage`) and the SDG targets listed on the
//! page of a topic, pillar or declaration (from the named query `topic-sdg-targets`).
//!
//! The links are editorial judgements of the curators (`data/sdg-links.toml`), and the pages say
//! so. The SDG concepts' IRIs are the UN's (`http://metadata.un.org/sdg/16.3`), which answer
//! browsers with the UN's own page about the concept, so pages link to them as they are.

use super::select::{count, named_rows, node, text};
use super::{Describer, Link, PageError};
use crate::vocab::owl;
use oxigraph::model::NamedNode;
use serde::Serialize;
use std::collections::BTreeSet;

/// The named query behind the heatmap.
pub const COVERAGE_QUERY: &str = "sdg16-coverage";

/// The named query behind the SDG targets of a page.
pub const TARGETS_QUERY: &str = "topic-sdg-targets";

/// Cells with this many topics or more get the darkest colour.
pub const MAX_LEVEL: usize = 5;

/// The grade of a link (SKOS mapping properties).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Match {
    /// `skos:closeMatch`: near-identical wording.
    Close,
    /// `skos:relatedMatch`: related.
    Related,
}

impl Match {
    fn from_iri(iri: &str) -> Option<Self> {
        match iri.rsplit_once('#').map(|(_, local)| local) {
            Some("closeMatch") => Some(Self::Close),
            Some("relatedMatch") => Some(Self::Related),
            _ => None,
        }
    }

    /// "close match" or "related match".
    pub fn label(self) -> &'static str {
        match self {
            Self::Close => "close match",
            Self::Related => "related match",
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

/// A row of the heatmap: a pillar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// The pillar.
    pub pillar: Link,
    /// Its Roman numeral.
    pub notation: String,
    /// Whether the topics of its sessions are recorded; when not, its cells are unknown, not 0.
    pub recorded: bool,
    /// One cell per target, in the columns' order.
    pub cells: Vec<Cell>,
}

/// The coverage matrix: pillars x the targets of SDG 16, in the UN's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The columns.
    pub targets: Vec<TargetHead>,
    /// The rows.
    pub rows: Vec<CoverageRow>,
}

/// Builds the coverage matrix from the named query [`COVERAGE_QUERY`].
pub fn coverage(
    store: &oxigraph::store::Store,
    describer: &Describer<'_>,
) -> Result<Coverage, PageError> {
    let mut out = Coverage::default();
    for row in named_rows(store, COVERAGE_QUERY, &[])? {
        let (Some(pillar), Some(target)) = (node(&row, "pillar"), node(&row, "target")) else {
            continue;
        };
        let notation = text(&row, "targetNotation");
        if !out.targets.iter().any(|t| t.iri == target.as_str()) {
            out.targets.push(TargetHead {
                notation: notation.clone(),
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
            });
        }
        let close: BTreeSet<String> = iris(&text(&row, "closeTopicList"));
        let mut topics = Vec::new();
        for topic in iris(&text(&row, "topicList")) {
            let Ok(iri) = NamedNode::new(topic.as_str()) else {
                continue;
            };
            topics.push(CoveredTopic {
                link: describer.link(iri.as_ref())?,
                close: close.contains(&topic),
            });
        }
        topics.sort();
        let Some(pillar_row) = out.rows.last_mut() else {
            continue;
        };
        let pillar_match = node(&row, "pillarLink").and_then(|n| Match::from_iri(n.as_str()));
        let anchor = format!("sdg-{}-{notation}", pillar_row.notation);
        let count = if pillar_row.recorded { topics.len() } else { 0 };
        let close = topics.iter().filter(|t| t.close).count();
        let title = cell_title(pillar_row, &notation, &topics, close, pillar_match);
        pillar_row.cells.push(Cell {
            target: notation,
            target_iri: target.as_str().to_owned(),
            target_label: text(&row, "targetLabel"),
            count,
            close,
            topics,
            level: count.min(MAX_LEVEL),
            pillar_match,
            anchor,
            title,
        });
    }
    Ok(out)
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
    /// The target, linked to the UN's page about it (its IRI).
    pub target: Link,
    /// Close or related.
    pub grade: Match,
    /// The curators' one-line rationale.
    pub rationale: String,
    /// Who made the judgement.
    pub author: String,
    /// When (ISO 8601).
    pub date: String,
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
            out.push(SdgLinkView {
                notation: text(&row, "targetNotation"),
                target: describer.link(target.as_ref())?,
                grade,
                rationale: text(&row, "rationale"),
                author: text(&row, "author"),
                date: text(&row, "date"),
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
