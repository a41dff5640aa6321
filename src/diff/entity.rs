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
    /// Every section, in report order.
    pub const ALL: [Self; 4] = [Self::Data, Self::Ontology, Self::Sdg, Self::Other];

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
    /// The property.
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

/// The predicates kyoto-kg writes as the inverse of another, for navigation.
const INVERSE: [&str; 2] = [
    "http://www.w3.org/2004/02/skos/core#narrower",
    "http://www.w3.org/2004/02/skos/core#hasTopConcept",
];

fn is_inverse(predicate: &NamedNode) -> bool {
    INVERSE.contains(&predicate.as_str())
}

/// A link's (graph, subject, object).
type Pair = (String, NamedNode, NamedNode);
/// The predicates a link's records state, and the IRI of its record (if it has one).
type PairRecord = (HashSet<NamedNode>, Option<NamedNode>);

/// The curated links of one side: records and the pairs they restate.
#[derive(Default)]
struct Links {
    /// (graph, record IRI) -> (subject, object).
    records: HashMap<(String, NamedNode), (NamedNode, NamedNode)>,
    /// (graph, subject, object) -> the predicates the records state, and the record's IRI.
    pairs: HashMap<Pair, PairRecord>,
}

impl Links {
    fn of(side: &Prepared) -> Self {
        #[derive(Default)]
        struct Record {
            source: Option<NamedNode>,
            target: Option<NamedNode>,
            property: Vec<NamedNode>,
        }
        // Keyed by the subject's text, for a deterministic order.
        let mut found: BTreeMap<(String, String), (NamedOrBlankNode, Record)> = BTreeMap::new();
        let quads = side
            .ground
            .iter()
            .chain(side.structures.iter().flat_map(|s| &s.quads));
        for quad in quads {
            let Term::NamedNode(object) = &quad.object else {
                continue;
            };
            let is = |p| quad.predicate == p;
            if !(is(owl::ANNOTATED_SOURCE)
                || is(owl::ANNOTATED_TARGET)
                || is(owl::ANNOTATED_PROPERTY))
            {
                continue;
            }
            let slot = &mut found
                .entry((graph_key(&quad.graph_name), quad.subject.to_string()))
                .or_insert_with(|| (quad.subject.clone(), Record::default()))
                .1;
            if is(owl::ANNOTATED_SOURCE) {
                slot.source = Some(object.clone());
            } else if is(owl::ANNOTATED_TARGET) {
                slot.target = Some(object.clone());
            } else {
                slot.property.push(object.clone());
            }
        }
        let mut links = Self::default();
        for ((graph, _), (record, r)) in found {
            let (Some(source), Some(target)) = (r.source, r.target) else {
                continue;
            };
            let record_iri = match record {
                NamedOrBlankNode::NamedNode(n) => {
                    links
                        .records
                        .insert((graph.clone(), n.clone()), (source.clone(), target.clone()));
                    Some(n)
                }
                _ => None,
            };
            let pair = links
                .pairs
                .entry((graph, source, target))
                .or_insert_with(|| (HashSet::new(), None));
            pair.0.extend(r.property);
            if pair.1.is_none() {
                pair.1 = record_iri;
            }
        }
        links
    }
}

/// Where a quad goes: its entity, the property and value, and whether it restates a link.
struct Attribution {
    key: Key,
    prop: Prop,
    value: Value,
    restates: bool,
}

fn attribute_ground(quad: &Quad, links: &Links) -> Option<Attribution> {
    let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
        return None;
    };
    let graph = graph_key(&quad.graph_name);
    let plain = |owner, restates| Attribution {
        key: (graph.clone(), owner),
        prop: Prop {
            iri: quad.predicate.clone(),
            inverse: false,
        },
        value: Value::Term(quad.object.clone()),
        restates,
    };
    if let Term::NamedNode(object) = &quad.object {
        if is_inverse(&quad.predicate) {
            return Some(Attribution {
                key: (graph, Owner::Iri(object.clone())),
                prop: Prop {
                    iri: quad.predicate.clone(),
                    inverse: true,
                },
                value: Value::Term(subject.clone().into()),
                restates: false,
            });
        }
        if let Some((predicates, _)) =
            links
                .pairs
                .get(&(graph.clone(), subject.clone(), object.clone()))
            && predicates.contains(&quad.predicate)
        {
            return Some(plain(Owner::Link(subject.clone(), object.clone()), true));
        }
    }
    if let Some((source, target)) = links.records.get(&(graph.clone(), subject.clone())) {
        return Some(plain(Owner::Link(source.clone(), target.clone()), false));
    }
    Some(plain(Owner::Iri(subject.clone()), false))
}

/// Writes the structure below `node` as `[ p o ; ... ]`, nested structures inline.
fn render(
    node: &BlankNode,
    quads: &[Quad],
    prefixes: &Prefixes,
    seen: &mut Vec<BlankNode>,
) -> String {
    if seen.contains(node) {
        return "[…]".to_owned();
    }
    seen.push(node.clone());
    let mut entries: Vec<String> = quads
        .iter()
        .filter(|q| matches!(&q.subject, NamedOrBlankNode::BlankNode(b) if b == node))
        .map(|q| {
            let object = match &q.object {
                Term::BlankNode(b) => render(b, quads, prefixes, seen),
                other => prefixes.term(other),
            };
            format!("{} {object}", prefixes.iri(q.predicate.as_str()))
        })
        .collect();
    entries.sort();
    entries.dedup();
    if entries.is_empty() {
        "[]".to_owned()
    } else {
        format!("[ {} ]", entries.join(" ; "))
    }
}

/// Where a structure goes; `None` when nothing points to it.
fn attribute_structure(structure: &Structure, prefixes: &Prefixes) -> Option<Vec<Attribution>> {
    let quads = &structure.quads;
    // A blank mapping record: the structure is (part of) a curated link.
    let record = quads.iter().find_map(|q| {
        let NamedOrBlankNode::BlankNode(b) = &q.subject else {
            return None;
        };
        let value = |p| {
            quads.iter().find_map(|x| match (&x.subject, &x.object) {
                (NamedOrBlankNode::BlankNode(s), Term::NamedNode(o))
                    if s == b && x.predicate == p =>
                {
                    Some(o.clone())
                }
                _ => None,
            })
        };
        Some((
            b.clone(),
            value(owl::ANNOTATED_SOURCE)?,
            value(owl::ANNOTATED_TARGET)?,
            q.graph_name.clone(),
        ))
    });
    if let Some((node, source, target, graph)) = record {
        let key = (graph_key(&graph), Owner::Link(source, target));
        let values = quads
            .iter()
            .filter(|q| matches!(&q.subject, NamedOrBlankNode::BlankNode(b) if *b == node))
            .map(|q| Attribution {
                key: key.clone(),
                prop: Prop {
                    iri: q.predicate.clone(),
                    inverse: false,
                },
                value: match &q.object {
                    Term::BlankNode(b) => {
                        Value::Structure(render(b, quads, prefixes, &mut vec![node.clone()]))
                    }
                    other => Value::Term(other.clone()),
                },
                restates: false,
            })
            .collect();
        return Some(values);
    }
    let owner = quads
        .iter()
        .filter_map(|q| match (&q.subject, &q.object) {
            (NamedOrBlankNode::NamedNode(s), Term::BlankNode(_)) => Some(s),
            _ => None,
        })
        .min()?;
    Some(
        quads
            .iter()
            .filter_map(|q| match (&q.subject, &q.object) {
                (NamedOrBlankNode::NamedNode(s), Term::BlankNode(b)) if s == owner => {
                    Some(Attribution {
                        key: (graph_key(&q.graph_name), Owner::Iri(owner.clone())),
                        prop: Prop {
                            iri: q.predicate.clone(),
                            inverse: false,
                        },
                        value: Value::Structure(render(b, quads, prefixes, &mut Vec::new())),
                        restates: false,
                    })
                }
                _ => None,
            })
            .collect(),
    )
}

/// The descriptions (properties and values) of the `wanted` entities on one side; restated
/// link triples kept apart.
#[derive(Default)]
struct Descriptions {
    visible: HashMap<Key, Description>,
    restated: HashMap<Key, Description>,
    graphs: HashMap<Key, GraphName>,
}

impl Descriptions {
    fn of(side: &Prepared, links: &Links, wanted: &HashSet<Key>, prefixes: &Prefixes) -> Self {
        let mut out = Self::default();
        let mut add = |a: Attribution, graph: &GraphName| {
            if !wanted.contains(&a.key) {
                return;
            }
            out.graphs
                .entry(a.key.clone())
                .or_insert_with(|| graph.clone());
            let map = if a.restates {
                &mut out.restated
            } else {
                &mut out.visible
            };
            map.entry(a.key)
                .or_default()
                .entry(a.prop)
                .or_default()
                .push(a.value);
        };
        for quad in &side.ground {
            if let Some(a) = attribute_ground(quad, links) {
                add(a, &quad.graph_name);
            }
        }
        for structure in &side.structures {
            let home = structure.home();
            for a in attribute_structure(structure, prefixes)
                .into_iter()
                .flatten()
            {
                add(a, &home);
            }
        }
        for map in [&mut out.visible, &mut out.restated] {
            for values in map.values_mut().flat_map(BTreeMap::values_mut) {
                values.sort_by_cached_key(Value::sort_key);
            }
        }
        out
    }

    fn get(&self, key: &Key, with_restated: bool) -> Description {
        let mut d = self.visible.get(key).cloned().unwrap_or_default();
        if with_restated {
            for (prop, values) in self.restated.get(key).into_iter().flatten() {
                d.entry(prop.clone())
                    .or_default()
                    .extend(values.iter().cloned());
            }
        }
        d
    }
}

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

fn anonymous_change(change: &super::delta::StructureChange, prefixes: &Prefixes) -> EntityChange {
    let hash = crate::export::canonical::sha256_hex(change.key.as_bytes());
    let shown = change
        .canonical
        .iter()
        .map(|q| {
            format!(
                "{} {} {}",
                match &q.subject {
                    NamedOrBlankNode::NamedNode(n) => prefixes.iri(n.as_str()),
                    other => other.to_string(),
                },
                prefixes.iri(q.predicate.as_str()),
                prefixes.term(&q.object)
            )
        })
        .collect::<Vec<_>>()
        .join(" . ");
    let (old, new) = (change.old.len(), change.new.len());
    let (kind, class) = match (old, new) {
        (0, _) => (Change::Added, Class::Additive),
        (_, 0) => (Change::Removed, Class::Breaking),
        (o, n) if n > o => (Change::Changed, Class::Additive),
        _ => (Change::Changed, Class::Breaking),
    };
    EntityChange {
        section: Section::of(&change.home),
        graph: change.home.clone(),
        kind: EntityKind::Blank,
        iri: None,
        old_iri: None,
        link: None,
        id: format!("_:{}", hash.get(..12).unwrap_or(&hash)),
        label: Some(shown),
        change: kind,
        class,
        properties: Vec::new(),
        copies: Some((old, new)),
    }
}

fn change_of(
    owner: &Owner,
    graph: GraphName,
    record: Option<NamedNode>,
    before: &Description,
    after: &Description,
    prefixes: &Prefixes,
) -> EntityChange {
    let section = Section::of(&graph);
    let described = if after.is_empty() { before } else { after };
    let kind = kind_of(section, owner, described);
    let (iri, link, id) = match owner {
        Owner::Iri(n) => (Some(n.clone()), None, prefixes.iri(n.as_str())),
        Owner::Link(s, o) => (
            record,
            Some((s.clone(), o.clone())),
            format!(
                "{} -> {}",
                prefixes.iri(s.as_str()),
                prefixes.iri(o.as_str())
            ),
        ),
    };
    let change = match (before.is_empty(), after.is_empty()) {
        (true, _) => Change::Added,
        (_, true) => Change::Removed,
        _ => Change::Changed,
    };
    let properties = property_changes(section, kind, change, before, after, prefixes);
    let class = match change {
        Change::Added => Class::Additive,
        Change::Removed | Change::Renamed => Class::Breaking,
        Change::Changed => properties
            .iter()
            .map(|p| p.class)
            .max()
            .unwrap_or(Class::Correction),
    };
    EntityChange {
        section,
        graph,
        kind,
        iri,
        old_iri: None,
        link,
        id,
        label: label_of(kind, described, prefixes),
        change,
        class,
        properties,
        copies: None,
    }
}

fn property_changes(
    section: Section,
    kind: EntityKind,
    change: Change,
    before: &Description,
    after: &Description,
    prefixes: &Prefixes,
) -> Vec<PropertyChange> {
    let props: BTreeSet<&Prop> = before.keys().chain(after.keys()).collect();
    let empty = Vec::new();
    props
        .into_iter()
        .filter_map(|prop| {
            let old = before.get(prop).unwrap_or(&empty);
            let new = after.get(prop).unwrap_or(&empty);
            if old == new {
                return None;
            }
            let class = match change {
                Change::Added => Class::Additive,
                Change::Removed | Change::Renamed => Class::Breaking,
                Change::Changed => classify(section, kind, prop, old, new),
            };
            Some(PropertyChange {
                property: prop.clone(),
                name: property_name(kind, prop, prefixes),
                old: old.clone(),
                new: new.clone(),
                class,
            })
        })
        .collect()
}

/// The annotation properties of an ontology term: changing them relabels or re-explains the
/// term without changing what it means.
const ANNOTATIONS: [&str; 24] = [
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso",
    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2004/02/skos/core#editorialNote",
    "http://www.w3.org/2004/02/skos/core#note",
    "http://www.w3.org/2004/02/skos/core#example",
    "http://www.w3.org/2004/02/skos/core#scopeNote",
    "http://www.w3.org/2004/02/skos/core#historyNote",
    "http://www.w3.org/2004/02/skos/core#changeNote",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/description",
    "http://purl.org/dc/terms/created",
    "http://purl.org/dc/terms/modified",
    "http://purl.org/dc/terms/creator",
    "http://purl.org/dc/terms/contributor",
    "http://www.w3.org/2002/07/owl#versionInfo",
    "http://www.w3.org/2002/07/owl#versionIRI",
    "http://www.w3.org/2002/07/owl#priorVersion",
    "http://purl.org/vocab/vann/preferredNamespacePrefix",
    "http://purl.org/vocab/vann/preferredNamespaceUri",
];

/// The version rule for one property of an entity in both OLD and NEW (see [`super::rule`]).
fn classify(
    section: Section,
    kind: EntityKind,
    prop: &Prop,
    old: &[Value],
    new: &[Value],
) -> Class {
    if old.is_empty() {
        return Class::Additive;
    }
    if kind == EntityKind::Link {
        return Class::Correction;
    }
    if section == Section::Ontology {
        return if !prop.inverse && ANNOTATIONS.contains(&prop.iri.as_str()) {
            Class::Correction
        } else {
            Class::Breaking
        };
    }
    let kept = |v: &Value| new.contains(v);
    if prop.iri == rdf::TYPE && !prop.inverse {
        return if old.iter().all(kept) {
            Class::Additive
        } else {
            Class::Breaking
        };
    }
    if new.is_empty() {
        Class::Breaking
    } else if old.iter().all(kept) {
        Class::Additive
    } else {
        Class::Correction
    }
}

fn property_name(kind: EntityKind, prop: &Prop, prefixes: &Prefixes) -> String {
    let name = if kind == EntityKind::Link && !prop.inverse {
        LINK_FIELDS
            .iter()
            .find(|(iri, _)| *iri == prop.iri.as_str())
            .map_or_else(
                || prefixes.iri(prop.iri.as_str()),
                |(_, name)| (*name).to_owned(),
            )
    } else {
        prefixes.iri(prop.iri.as_str())
    };
    if prop.inverse {
        format!("^{name}")
    } else {
        name
    }
}

fn types(description: &Description) -> Vec<&str> {
    description
        .get(&Prop {
            iri: rdf::TYPE.into_owned(),
            inverse: false,
        })
        .into_iter()
        .flatten()
        .filter_map(|v| match v {
            Value::Term(Term::NamedNode(n)) => Some(n.as_str()),
            _ => None,
        })
        .collect()
}

fn kind_of(section: Section, owner: &Owner, description: &Description) -> EntityKind {
    let iri = match owner {
        Owner::Link(..) => return EntityKind::Link,
        Owner::Iri(n) => n.as_str(),
    };
    let types = types(description);
    let has = |t: &str| types.contains(&t);
    match section {
        Section::Ontology => {
            return if has(owl::ONTOLOGY.as_str()) {
                EntityKind::Ontology
            } else if has("http://www.w3.org/2002/07/owl#Class") || has(rdfs::CLASS.as_str()) {
                EntityKind::Class
            } else if types.iter().any(|t| t.ends_with("Property")) {
                EntityKind::Property
            } else {
                EntityKind::Term
            };
        }
        Section::Sdg => {
            for (class, kind) in [
                (sdgo::GOAL, EntityKind::Goal),
                (sdgo::TARGET, EntityKind::Target),
                (sdgo::INDICATOR, EntityKind::Indicator),
                (skos::CONCEPT_SCHEME, EntityKind::ConceptScheme),
                (skos::CONCEPT, EntityKind::Concept),
            ] {
                if has(class.as_str()) {
                    return kind;
                }
            }
            return EntityKind::Resource;
        }
        Section::Data | Section::Other => {}
    }
    let Some(rest) = iri.strip_prefix(ID_BASE) else {
        return EntityKind::Resource;
    };
    if rest == "scheme" {
        return EntityKind::Scheme;
    }
    let segment = rest.split('/').next().unwrap_or_default();
    iri::Kind::ALL
        .iter()
        .find(|k| k.segment() == segment)
        .and_then(|k| EntityKind::from_name(k.segment()))
        .unwrap_or(EntityKind::Resource)
}

fn literal_of<'a>(description: &'a Description, predicates: &[&str]) -> Option<&'a str> {
    let values: Vec<&oxigraph::model::Literal> = predicates
        .iter()
        .flat_map(|p| {
            description
                .get(&Prop {
                    iri: NamedNode::new_unchecked(*p),
                    inverse: false,
                })
                .into_iter()
                .flatten()
        })
        .filter_map(|v| match v {
            Value::Term(Term::Literal(l)) => Some(l),
            _ => None,
        })
        .collect();
    values
        .iter()
        .find(|l| l.language() == Some("en"))
        .or_else(|| values.iter().find(|l| l.language().is_none()))
        .or_else(|| values.first())
        .map(|l| l.value())
}

fn label_of(kind: EntityKind, description: &Description, prefixes: &Prefixes) -> Option<String> {
    if kind == EntityKind::Link {
        let predicate = description
            .get(&Prop {
                iri: owl::ANNOTATED_PROPERTY.into_owned(),
                inverse: false,
            })
            .into_iter()
            .flatten()
            .filter_map(|v| match v {
                Value::Term(t) => Some(prefixes.term(t)),
                Value::Structure(_) => None,
            })
            .collect::<Vec<_>>();
        return (!predicate.is_empty()).then(|| predicate.join(", "));
    }
    let label = literal_of(
        description,
        &[
            rdfs::LABEL.as_str(),
            skos::PREF_LABEL.as_str(),
            "http://purl.org/dc/terms/title",
            "http://schema.org/name",
        ],
    )?;
    if matches!(
        kind,
        EntityKind::Goal | EntityKind::Target | EntityKind::Indicator
    ) {
        let notation = description
            .get(&Prop {
                iri: skos::NOTATION.into_owned(),
                inverse: false,
            })
            .into_iter()
            .flatten()
            .find_map(|v| match v {
                Value::Term(Term::Literal(l)) if l.datatype() == sdgo::SDG_CODE_COMPACT => {
                    Some(l.value())
                }
                _ => None,
            });
        if let Some(notation) = notation {
            return Some(format!("{notation} {label}"));
        }
    }
    Some(label.to_owned())
}

/// Merges a removed and an added entity of the same section, kind and label, each the only one
/// of its kind with that label, into one renamed entity.
fn detect_renames(changes: &mut Vec<EntityChange>, prefixes: &Prefixes) {
    let candidates = |change: Change| {
        let mut by_label: HashMap<(Section, EntityKind, String), Vec<usize>> = HashMap::new();
        for (i, c) in changes.iter().enumerate() {
            if c.change == change
                && c.link.is_none()
                && c.iri.is_some()
                && c.kind != EntityKind::Blank
                && let Some(label) = &c.label
            {
                by_label
                    .entry((c.section, c.kind, label.clone()))
                    .or_default()
                    .push(i);
            }
        }
        by_label
    };
    let removed = candidates(Change::Removed);
    let added = candidates(Change::Added);
    let mut pairs: Vec<(usize, usize)> = removed
        .iter()
        .filter_map(
            |(key, r)| match (r.as_slice(), added.get(key).map(Vec::as_slice)) {
                ([r], Some([a])) => Some((*r, *a)),
                _ => None,
            },
        )
        .collect();
    pairs.sort_unstable();
    let mut drop = BTreeSet::new();
    for (r, a) in pairs {
        let old = changes[r].clone();
        let new = &mut changes[a];
        let before = description_of(&old.properties, true);
        let after = description_of(&new.properties, false);
        new.change = Change::Renamed;
        new.class = Class::Breaking;
        new.old_iri = old.iri.clone();
        new.properties = property_changes(
            new.section,
            new.kind,
            Change::Renamed,
            &before,
            &after,
            prefixes,
        );
        drop.insert(r);
    }
    let mut index = 0;
    changes.retain(|_| {
        let keep = !drop.contains(&index);
        index += 1;
        keep
    });
}

fn description_of(properties: &[PropertyChange], old: bool) -> Description {
    properties
        .iter()
        .map(|p| {
            (
                p.property.clone(),
                if old { p.old.clone() } else { p.new.clone() },
            )
        })
        .filter(|(_, v)| !v.is_empty())
        .collect()
}
