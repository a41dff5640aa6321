//! The nested ("framed") view of the graph for web developers: the declaration, its pillars,
//! each pillar's discussion, the discussion's sessions and each session's topics, as one tree.
//!
//! The JSON-LD crate has no [framing](https://www.w3.org/TR/json-ld11-framing/) algorithm, so the
//! tree is built here, in expanded form, by embedding node objects along the [`RULES`]; links
//! that point from child to parent (a discussion's `kyoto:pillar`, a session's
//! `schema:superEvent`) are written as `@reverse` properties, which the context names
//! `discussions` and `sessions`. Every node not placed in the tree follows it, flat, in the same
//! graph, so the document is the same graph as the flat one: the tests prove it by expansion.

use super::from_rdf::{GraphMap, NodeMap};
use crate::vocab::{kyoto, schema};
use oxigraph::model::NamedNodeRef;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// How a child is reached from its parent.
#[derive(Debug, Clone, Copy)]
enum Link {
    /// The parent's property points at the child.
    Forward(NamedNodeRef<'static>),
    /// The child's property points at the parent; children are the nodes of the given class.
    Reverse(NamedNodeRef<'static>, NamedNodeRef<'static>),
}

/// The tree: for each class of parent, how its children are found.
const RULES: [(NamedNodeRef<'static>, Link); 4] = [
    (kyoto::DECLARATION, Link::Forward(kyoto::HAS_PILLAR)),
    (
        kyoto::PILLAR,
        Link::Reverse(kyoto::PILLAR_PROPERTY, kyoto::THEMATIC_DISCUSSION),
    ),
    (
        kyoto::THEMATIC_DISCUSSION,
        Link::Reverse(schema::SUPER_EVENT, kyoto::THEMATIC_SESSION),
    ),
    (
        kyoto::THEMATIC_SESSION,
        Link::Forward(kyoto::TOPIC_PROPERTY),
    ),
];

/// The roots of the tree.
const ROOT: NamedNodeRef<'static> = kyoto::DECLARATION;

/// The framed expanded document of `graphs`: per graph, the trees rooted at each declaration,
/// then every node not embedded in them.
pub(crate) fn framed_document(graphs: &GraphMap) -> Value {
    let mut top: Vec<Value> = Vec::new();
    for (graph, nodes) in graphs {
        let objects = frame_graph(nodes.clone());
        match graph {
            None => top.extend(objects),
            Some(id) => top.push(json!({ "@id": id, "@graph": objects })),
        }
    }
    Value::Array(top)
}

fn has_type(nodes: &NodeMap, id: &str, class: NamedNodeRef<'_>) -> bool {
    nodes
        .get(id)
        .is_some_and(|n| n.types.iter().any(|t| t == class.as_str()))
}

fn frame_graph(mut nodes: NodeMap) -> Vec<Value> {
    let mut embedded = BTreeSet::new();
    let roots: Vec<String> = nodes
        .keys()
        .filter(|id| has_type(&nodes, id, ROOT))
        .cloned()
        .collect();
    let mut out: Vec<Value> = roots
        .iter()
        .map(|id| Value::Object(embed(id, &mut nodes, &mut embedded)))
        .collect();
    out.extend(
        nodes
            .iter()
            .filter(|(id, _)| !embedded.contains(*id))
            .map(|(id, node)| Value::Object(node.to_json(id))),
    );
    out
}

/// The node object of `id` with its children embedded; marks every embedded node.
fn embed(id: &str, nodes: &mut NodeMap, embedded: &mut BTreeSet<String>) -> Map<String, Value> {
    embedded.insert(id.to_owned());
    let Some(node) = nodes.get(id) else {
        return json_id(id);
    };
    let types = node.types.clone();
    let mut object = node.to_json(id);
    let mut reverse = Map::new();
    for (class, link) in RULES {
        if !types.iter().any(|t| t == class.as_str()) {
            continue;
        }
        match link {
            Link::Forward(property) => {
                let Some(Value::Array(values)) = object.get(property.as_str()).cloned() else {
                    continue;
                };
                let values = values
                    .into_iter()
                    .map(|value| match value.get("@id").and_then(Value::as_str) {
                        Some(child) if nodes.contains_key(child) && !embedded.contains(child) => {
                            Value::Object(embed(child, nodes, embedded))
                        }
                        _ => value,
                    })
                    .collect();
                object.insert(property.as_str().to_owned(), Value::Array(values));
            }
            Link::Reverse(property, child_class) => {
                let reference = json!({ "@id": id });
                let children: Vec<String> = nodes
                    .iter()
                    .filter(|(child, node)| {
                        !embedded.contains(*child)
                            && node.types.iter().any(|t| t == child_class.as_str())
                            && node
                                .properties
                                .get(property.as_str())
                                .is_some_and(|v| v.contains(&reference))
                    })
                    .map(|(child, _)| child.clone())
                    .collect();
                let mut objects = Vec::new();
                for child in children {
                    // The reverse property states this link: drop the child's own copy of it.
                    if let Some(node) = nodes.get_mut(&child)
                        && let Some(values) = node.properties.get_mut(property.as_str())
                    {
                        values.retain(|v| v != &reference);
                        if values.is_empty() {
                            node.properties.remove(property.as_str());
                        }
                    }
                    objects.push(Value::Object(embed(&child, nodes, embedded)));
                }
                if !objects.is_empty() {
                    reverse.insert(property.as_str().to_owned(), Value::Array(objects));
                }
            }
        }
    }
    if !reverse.is_empty() {
        object.insert("@reverse".into(), Value::Object(reverse));
    }
    object
}

fn json_id(id: &str) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("@id".into(), Value::String(id.to_owned()));
    map
}
