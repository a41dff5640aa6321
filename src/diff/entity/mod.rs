//! The delta grouped by entity, as people ask "what changed": which sessions, topics, pillars,
//! sources, curated links, ontology terms and SDG concepts were added, removed, renamed or
//! changed, with each changed property's old and new values, classified by the version rule
//! ([`super::rule`]).
//!
//! Each quad belongs to one entity:
//! - normally to its subject (in its graph: the data, the ontology, the SDG snapshot);
//! - the navigation links kyoto-kg writes both ways (`skos:narrower`, `skos:hasTopConcept`) to
//!   their object, the entity whose `skos:broader`/`skos:topConceptOf` they mirror, shown as
//!   the inverse property `^skos:narrower`: a new topic is one new entity, not also a changed
//!   pillar;
//! - a curated link's mapping record (the `owl:Axiom` with `owl:annotatedSource` and
//!   `owl:annotatedTarget`, an IRI or a blank node) to the link, identified by its subject and
//!   object (as the record's IRI is: regrading a link keeps it), and so does the direct
//!   mapping triple the record restates (`topic:x skos:relatedMatch sdg:16.3`), which is not
//!   listed again beside the record's `predicate`;
//! - a blank-node structure to the IRI that points to it (`<s> p [ ... ]`, shown as the value
//!   `[ ... ]` of `p`), a blank link record to its link, and a structure nothing points to is
//!   an entity of its own.

use super::delta::{Delta, Prepared, Structure, graph_key};
use super::names::{LINK_FIELDS, Prefixes};
use super::rule::Class;
use crate::iri::{self, ID_BASE};
use crate::vocab::{owl, sdgo, skos};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Where an entity is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The data graph: the follow-up's entities and the curated SDG links.
    Data,
    /// The ontology graph.
    Ontology,
    /// The SDG vocabulary snapshot.
    Sdg,
    /// Any other graph (or the default graph).
    Other,
}

impl Section {
    /// The section of a quad in `graph`.
    pub fn of(graph: &GraphName) -> Self {
        match graph {
            GraphName::NamedNode(g) if *g == iri::graph::DATA => Self::Data,
            GraphName::NamedNode(g) if *g == iri::graph::ONTOLOGY => Self::Ontology,
            GraphName::NamedNode(g) if *g == iri::graph::SDG => Self::Sdg,
            _ => Self::Other,
        }
    }

    /// Its name in JSON (`data`, `ontology`, `sdg`, `other`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Data => "data",
            Self::Ontology => "ontology",
            Self::Sdg => "sdg",
            Self::Other => "other",
        }
    }

    /// Its heading.
    pub const fn title(self) -> &'static str {
        match self {
            Self::Data => "Data",
            Self::Ontology => "Ontology",
            Self::Sdg => "SDG snapshot",
            Self::Other => "Other graphs",
        }
    }
}

macro_rules! kinds {
    ($($variant:ident = $name:literal, $title:literal;)+) => {
        /// What kind of thing an entity is, in report order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum EntityKind { $(#[doc = $title] $variant),+ }

        impl EntityKind {
            /// Every kind, in report order.
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// Its name in JSON (`session`, `topic`, `link`, `class`, `target`, ...).
            pub const fn name(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }

            /// The heading of a group of this kind.
            pub const fn title(self) -> &'static str {
                match self { $(Self::$variant => $title),+ }
            }

            /// The kind named `name`.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.name() == name)
            }
        }
    };
}

kinds! {
    Declaration = "declaration", "Declarations";
    Resolution = "resolution", "Resolutions";
    Workplan = "workplan", "Workplans";
    Pillar = "pillar", "Pillars";
    Discussion = "discussion", "Thematic discussions";
    Session = "session", "Thematic sessions";
    Topic = "topic", "Topics";
    Source = "source", "Sources";
    Organization = "organization", "Organizations";
    Meeting = "meeting", "Meetings";
    Scheme = "scheme", "Concept schemes";
    Link = "link", "Curated SDG links";
    Ontology = "ontology", "The ontology";
    Class = "class", "Classes";
    Property = "property", "Properties";
    Term = "term", "Other terms";
    Goal = "goal", "Goals";
    Target = "target", "Targets";
    Indicator = "indicator", "Indicators";
    ConceptScheme = "concept-scheme", "Concept schemes";
    Concept = "concept", "Concepts";
    Resource = "resource", "Other resources";
    Blank = "blank", "Blank-node structures";
}

/// What happened to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Removed,
    /// In OLD under another IRI, with the same kind and label.
    Renamed,
    /// In both, described differently.
    Changed,
}

impl Change {
    /// Its name in JSON.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Renamed => "renamed",
            Self::Changed => "changed",
        }
    }
}

/// A value of a property: an RDF term, or a blank-node structure written out (`[ p o ]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// An IRI or a literal.
    Term(Term),
    /// A blank-node structure, as Turtle-like text.
    Structure(String),
}

impl Value {
    fn sort_key(&self) -> String {
        match self {
            Self::Term(t) => t.to_string(),
            Self::Structure(s) => format!("~{s}"),
        }
    }
}

/// A property as an entity has it: `inverse` when the entity is the object (`^skos:narrower`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Prop {
    /// The predicate.
    pub iri: NamedNode,
    /// Whether the entity is the object of the triples.
    pub inverse: bool,
}

/// One property of an entity that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyChange {
    pub property: Prop,
    /// How a report names it (`rdfs:label`, `^skos:narrower`, a link's `rationale`).
    pub name: String,
    /// Every value it had in OLD, sorted.
    pub old: Vec<Value>,
    /// Every value it has in NEW, sorted.
    pub new: Vec<Value>,
    /// What the change counts as.
    pub class: Class,
}

/// One entity that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityChange {
    /// Its section.
    pub section: Section,
    /// The graph it is described in.
    pub graph: GraphName,
    /// Its kind.
    pub kind: EntityKind,
    /// Its IRI (a link's: its record's, if that has one).
    pub iri: Option<NamedNode>,
    /// A renamed entity's IRI in OLD.
    pub old_iri: Option<NamedNode>,
    /// A link's subject and object.
    pub link: Option<(NamedNode, NamedNode)>,
    /// How a report names it: `session:2022-2`, `topic:x -> sdg:16.3`, `_:5f3a...`.
    pub id: String,
    /// Its label (a link's: its predicate), from NEW, else OLD.
    pub label: Option<String>,
    /// What happened to it.
    pub change: Change,
    /// What the change counts as.
    pub class: Class,
    /// Its properties that changed (every property, for an added or removed entity).
    pub properties: Vec<PropertyChange>,
    /// For a blank-node structure nothing points to: its copies in OLD and in NEW.
    pub copies: Option<(usize, usize)>,
}

/// Who an entity is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Owner {
    Iri(NamedNode),
    Link(NamedNode, NamedNode),
}

type Key = (String, Owner);
type Description = BTreeMap<Prop, Vec<Value>>;

mod attribute;
mod change;

use attribute::{Descriptions, Links, attribute_ground, attribute_structure};
use change::{anonymous_change, change_of, detect_renames};

/// The entities that changed between `old` and `new`, whose difference is `delta`.
pub(crate) fn entities(
    old: &Prepared,
    new: &Prepared,
    delta: &Delta,
    prefixes: &Prefixes,
) -> Vec<EntityChange> {
    let (old_links, new_links) = (Links::of(old), Links::of(new));
    let mut wanted: HashSet<Key> = HashSet::new();
    for g in &delta.graphs {
        wanted.extend(
            g.removed
                .iter()
                .filter_map(|q| attribute_ground(q, &old_links))
                .map(|a| a.key),
        );
        wanted.extend(
            g.added
                .iter()
                .filter_map(|q| attribute_ground(q, &new_links))
                .map(|a| a.key),
        );
    }
    let mut anonymous = Vec::new();
    for change in &delta.structures {
        let copies = change.old.iter().chain(&change.new);
        let mut owned = false;
        for structure in copies {
            if let Some(attributions) = attribute_structure(structure, prefixes) {
                owned = true;
                wanted.extend(attributions.into_iter().map(|a| a.key));
            }
        }
        if !owned {
            anonymous.push(anonymous_change(change, prefixes));
        }
    }
    let old_d = Descriptions::of(old, &old_links, &wanted, prefixes);
    let new_d = Descriptions::of(new, &new_links, &wanted, prefixes);
    let mut out: Vec<EntityChange> = Vec::new();
    let mut keys: Vec<&Key> = wanted.iter().collect();
    keys.sort();
    for key in keys {
        let (mut before, mut after) = (old_d.get(key, false), new_d.get(key, false));
        if before == after {
            // Only a restated link triple changed: show it.
            before = old_d.get(key, true);
            after = new_d.get(key, true);
            if before == after {
                continue;
            }
        }
        let graph = new_d
            .graphs
            .get(key)
            .or_else(|| old_d.graphs.get(key))
            .cloned()
            .unwrap_or_default();
        let record = |links: &Links| match &key.1 {
            Owner::Link(s, o) => links
                .pairs
                .get(&(key.0.clone(), s.clone(), o.clone()))
                .and_then(|(_, record)| record.clone()),
            Owner::Iri(_) => None,
        };
        let record = record(&new_links).or_else(|| record(&old_links));
        out.push(change_of(&key.1, graph, record, &before, &after, prefixes));
    }
    detect_renames(&mut out, prefixes);
    out.extend(anonymous);
    out.sort_by(|a, b| (a.section, a.kind, &a.id).cmp(&(b.section, b.kind, &b.id)));
    out
}
