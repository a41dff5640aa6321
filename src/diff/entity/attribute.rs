//! Which entity each changed quad or blank-node structure belongs to, and each entity's
//! description on one side.

use super::*;

/// The predicates kyoto-kg writes as the inverse of another, for navigation.
pub(super) const INVERSE: [&str; 2] = [skos::NARROWER.as_str(), skos::HAS_TOP_CONCEPT.as_str()];

pub(super) fn is_inverse(predicate: &NamedNode) -> bool {
    INVERSE.contains(&predicate.as_str())
}

/// A link's (graph, subject, object).
pub(super) type Pair = (String, NamedNode, NamedNode);
/// The predicates a link's records state, and the IRI of its record (if it has one).
pub(super) type PairRecord = (HashSet<NamedNode>, Option<NamedNode>);

/// The curated links of one side: records and the pairs they restate.
#[derive(Default)]
pub(super) struct Links {
    /// (graph, record IRI) -> (subject, object).
    pub(super) records: HashMap<(String, NamedNode), (NamedNode, NamedNode)>,
    /// (graph, subject, object) -> the predicates the records state, and the record's IRI.
    pub(super) pairs: HashMap<Pair, PairRecord>,
}

impl Links {
    pub(super) fn of(side: &Prepared) -> Self {
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
pub(super) struct Attribution {
    pub(super) key: Key,
    pub(super) prop: Prop,
    pub(super) value: Value,
    pub(super) restates: bool,
}

pub(super) fn attribute_ground(quad: &Quad, links: &Links) -> Option<Attribution> {
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
pub(super) fn render(
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
pub(super) fn attribute_structure(
    structure: &Structure,
    prefixes: &Prefixes,
) -> Option<Vec<Attribution>> {
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
pub(super) struct Descriptions {
    pub(super) visible: HashMap<Key, Description>,
    pub(super) restated: HashMap<Key, Description>,
    pub(super) graphs: HashMap<Key, GraphName>,
}

impl Descriptions {
    pub(super) fn of(
        side: &Prepared,
        links: &Links,
        wanted: &HashSet<Key>,
        prefixes: &Prefixes,
    ) -> Self {
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

    pub(super) fn get(&self, key: &Key, with_restated: bool) -> Description {
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
