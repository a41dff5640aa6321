//! Where each IRI minted from `data/` came from: the file and line of its source record, so that
//! a violation found in the graph points the curator at the TOML to fix.

use crate::iri::{self, Kind};
use crate::model::{Dataset, Origin};
use std::collections::BTreeMap;

/// A map from minted IRI to the [`Origin`] of the record it was minted for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins(BTreeMap<String, Origin>);

impl Origins {
    /// The origins of every record of `dataset`, keyed by the IRI [`crate::rdf`] mints for it.
    pub fn of(dataset: &Dataset) -> Self {
        let mut map = BTreeMap::new();
        let mut add = |kind: Kind, local: String, origin: &Origin| {
            map.insert(iri::mint(kind, local).into_string(), origin.clone());
        };
        for s in &dataset.sources {
            add(Kind::Source, s.id.clone(), &s.origin);
        }
        for o in &dataset.organizations {
            add(Kind::Organization, o.id.clone(), &o.origin);
        }
        for m in &dataset.meetings {
            add(Kind::Meeting, m.id.clone(), &m.origin);
        }
        let d = &dataset.declaration;
        add(Kind::Declaration, d.id.clone(), &d.origin);
        for r in &dataset.resolutions {
            add(Kind::Resolution, r.id.clone(), &r.origin);
        }
        if let Some(w) = &dataset.workplan {
            add(Kind::Workplan, w.id.clone(), &w.origin);
        }
        for p in &dataset.pillars {
            add(Kind::Pillar, p.number.to_string(), &p.origin);
        }
        for d in &dataset.discussions {
            add(Kind::Discussion, d.year.to_string(), &d.origin);
        }
        for s in &dataset.sessions {
            add(
                Kind::Session,
                iri::session_local(s.year, s.number),
                &s.origin,
            );
            for t in &s.topics {
                add(Kind::Topic, t.id.clone(), &t.origin);
            }
        }
        Self(map)
    }

    /// The origin of the record minted as `iri`.
    pub fn get(&self, iri: &str) -> Option<&Origin> {
        self.0.get(iri)
    }

    /// How many IRIs have a known origin.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no origin is known (the graph did not come from a data directory).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
