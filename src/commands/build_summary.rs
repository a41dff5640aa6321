//! What `build` reports on stdout: one value, made from the dataset and the store's counts, and
//! printed by its [`Display`](fmt::Display).

use crate::model::Dataset;
use crate::query::abbreviate;
use crate::store::Counts;
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::time::Duration;

/// The summary of one build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    /// The data directory, as given.
    pub data: String,
    /// Pillars, discussions, sessions, topics and sources read.
    pub records: Records,
    /// The curated SDG links, when there is an SDG snapshot.
    pub sdg: Option<SdgSummary>,
    /// Sessions without recorded topics.
    pub untracked_sessions: usize,
    /// Triples per graph, by graph IRI.
    pub graphs: Vec<(String, usize)>,
    /// Instances per class, by abbreviated class, sorted.
    pub classes: Vec<(String, usize)>,
    /// All quads.
    pub total: usize,
    /// Where the store is ("in memory", "in DIR").
    pub place: String,
    /// How long the build took.
    pub elapsed: Duration,
}

/// How many records of each kind were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Records {
    pub pillars: usize,
    pub discussions: usize,
    pub sessions: usize,
    pub topics: usize,
    pub sources: usize,
}

/// The curated SDG links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SdgSummary {
    /// How many links.
    pub links: usize,
    /// How many were reviewed.
    pub reviewed: usize,
    /// How many distinct SDG concepts they link to.
    pub linked_concepts: usize,
    /// How many concepts the snapshot has.
    pub snapshot_concepts: usize,
}

impl Summary {
    /// The summary of building `dataset` (read from `data`) into a store that holds `counts`.
    pub(crate) fn new(
        data: &Path,
        dataset: &Dataset,
        counts: &Counts,
        place: String,
        elapsed: Duration,
    ) -> Self {
        let sdg = dataset.sdg.as_ref().map(|sdg| SdgSummary {
            links: dataset.sdg_links.len(),
            reviewed: dataset
                .sdg_links
                .iter()
                .filter(|l| l.review.is_some())
                .count(),
            linked_concepts: dataset
                .sdg_links
                .iter()
                .map(|l| l.object.as_str())
                .collect::<BTreeSet<_>>()
                .len(),
            snapshot_concepts: sdg.concepts.len(),
        });
        let mut classes: Vec<(String, usize)> = counts
            .classes
            .iter()
            .map(|(class, n)| (abbreviate(class), *n))
            .collect();
        classes.sort();
        Self {
            data: data.display().to_string(),
            records: Records {
                pillars: dataset.pillars.len(),
                discussions: dataset.discussions.len(),
                sessions: dataset.sessions.len(),
                topics: dataset.topics().count(),
                sources: dataset.sources.len(),
            },
            sdg,
            untracked_sessions: dataset
                .sessions
                .iter()
                .filter(|s| s.topics.is_empty())
                .count(),
            graphs: counts.graphs.iter().map(|(g, n)| (g.clone(), *n)).collect(),
            classes,
            total: counts.total,
            place,
            elapsed,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.records;
        writeln!(
            f,
            "Read {}: {} pillars, {} discussions, {} sessions, {} topics, {} sources",
            self.data, r.pillars, r.discussions, r.sessions, r.topics, r.sources
        )?;
        if let Some(sdg) = &self.sdg {
            writeln!(
                f,
                "SDG: {} curated links (editorial judgements, {} reviewed) to {} concepts of the SDG vocabulary snapshot ({} concepts)",
                sdg.links, sdg.reviewed, sdg.linked_concepts, sdg.snapshot_concepts
            )?;
        }
        if self.untracked_sessions > 0 {
            writeln!(
                f,
                "Note: {} sessions have no recorded topics (run `kyoto-kg query --name sessions-without-topics`)",
                self.untracked_sessions
            )?;
        }
        writeln!(f, "\nGraphs:")?;
        let width = self.graphs.iter().map(|(g, _)| g.len()).max().unwrap_or(0);
        for (graph, n) in &self.graphs {
            writeln!(f, "  {graph:<width$}  {n:>7} triples")?;
        }
        writeln!(f, "\nInstances per class:")?;
        let width = self.classes.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
        for (class, n) in &self.classes {
            writeln!(f, "  {class:<width$}  {n:>7}")?;
        }
        writeln!(
            f,
            "\nTotal: {} quads {}, built in {} ms",
            self.total,
            self.place,
            self.elapsed.as_millis()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_prints_records_links_graphs_and_classes_aligned() {
        let summary = Summary {
            data: "data".into(),
            records: Records {
                pillars: 4,
                discussions: 3,
                sessions: 12,
                topics: 30,
                sources: 9,
            },
            sdg: Some(SdgSummary {
                links: 39,
                reviewed: 39,
                linked_concepts: 20,
                snapshot_concepts: 150,
            }),
            untracked_sessions: 4,
            graphs: vec![("g:data".into(), 1200), ("g:ontology-longer".into(), 35)],
            classes: vec![("kyoto:Topic".into(), 30), ("skos:Concept".into(), 34)],
            total: 1235,
            place: "in memory".into(),
            elapsed: Duration::from_millis(42),
        };
        assert_eq!(
            summary.to_string(),
            "Read data: 4 pillars, 3 discussions, 12 sessions, 30 topics, 9 sources\n\
             SDG: 39 curated links (editorial judgements, 39 reviewed) to 20 concepts of the SDG vocabulary snapshot (150 concepts)\n\
             Note: 4 sessions have no recorded topics (run `kyoto-kg query --name sessions-without-topics`)\n\
             \n\
             Graphs:\n\
             \x20 g:data                1200 triples\n\
             \x20 g:ontology-longer       35 triples\n\
             \n\
             Instances per class:\n\
             \x20 kyoto:Topic        30\n\
             \x20 skos:Concept       34\n\
             \n\
             Total: 1235 quads in memory, built in 42 ms\n"
        );
        let quiet = Summary {
            sdg: None,
            untracked_sessions: 0,
            ..summary
        };
        assert!(!quiet.to_string().contains("SDG:"));
        assert!(!quiet.to_string().contains("Note:"));
    }
}
