//! RDF quads to expanded JSON-LD, after the W3C
//! [Serialize RDF as JSON-LD algorithm](https://www.w3.org/TR/json-ld11-api/#serialize-rdf-as-json-ld-algorithm)
//! with `useRdfType = false` and `useNativeTypes = true`, restricted to what round-trips exactly:
//!
//! - `rdf:type` objects become `@type` (so compaction writes `"@type": "ThematicSession"`);
//! - `xsd:boolean` and `xsd:integer` literals in canonical form become JSON booleans and numbers
//!   (anything else keeps its `@type`, so expansion gives back the very same literal);
//! - lists are not folded into `@list` (an `rdf:first`/`rdf:rest` chain stays as it is, which is
//!   the same graph).
//!
//! Design rationale: Oxigraph's `oxjsonld` and `sophia_jsonld` both write expanded JSON-LD, but
//! neither turns `rdf:type` into `@type` nor uses native types, which compaction then cannot
//! undo. The mapping is small and its output is proven by expansion in the tests.

use super::JsonLdError;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// One node object under construction: its types and its properties' values.
#[derive(Debug, Default, Clone)]
pub(crate) struct NodeObject {
    /// `@type` values (IRIs or blank node ids).
    pub types: Vec<String>,
    /// Property IRI -> values (expanded value or node objects).
    pub properties: BTreeMap<String, Vec<Value>>,
}

impl NodeObject {
    /// The expanded JSON-LD node object with the given `@id`.
    pub(crate) fn to_json(&self, id: &str) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("@id".into(), Value::String(id.to_owned()));
        if !self.types.is_empty() {
            out.insert("@type".into(), json!(self.types));
        }
        for (property, values) in &self.properties {
            out.insert(property.clone(), Value::Array(values.clone()));
        }
        out
    }
}

/// The nodes of one graph, by `@id`.
pub(crate) type NodeMap = BTreeMap<String, NodeObject>;

/// The nodes of every graph: `None` is the default graph, `Some(id)` a named graph.
pub(crate) type GraphMap = BTreeMap<Option<String>, NodeMap>;

/// Groups `quads` into node objects per graph, sorted (whatever the order of `quads`).
pub(crate) fn graph_map(quads: &[Quad]) -> Result<GraphMap, JsonLdError> {
    let mut graphs = GraphMap::new();
    for quad in quads {
        let graph = match &quad.graph_name {
            GraphName::DefaultGraph => None,
            GraphName::NamedNode(n) => Some(n.as_str().to_owned()),
            GraphName::BlankNode(b) => Some(b.to_string()),
        };
        let node = graphs
            .entry(graph)
            .or_default()
            .entry(subject_id(&quad.subject))
            .or_default();
        match &quad.object {
            Term::NamedNode(class) if quad.predicate == rdf::TYPE => {
                push_unique(&mut node.types, class.as_str().to_owned());
            }
            Term::BlankNode(class) if quad.predicate == rdf::TYPE => {
                push_unique(&mut node.types, class.to_string());
            }
            object => {
                let values = node
                    .properties
                    .entry(quad.predicate.as_str().to_owned())
                    .or_default();
                let value = object_value(object)?;
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
    }
    // Input order must not matter: sort what the BTreeMaps do not.
    for node in graphs.values_mut().flat_map(BTreeMap::values_mut) {
        node.types.sort();
        for values in node.properties.values_mut() {
            values.sort_by_cached_key(Value::to_string);
        }
    }
    Ok(graphs)
}

/// The expanded JSON-LD document of `graphs`: default-graph nodes at the top level, and one
/// `{"@id": graph, "@graph": [...]}` object per named graph, everything sorted by `@id`.
pub(crate) fn expanded_document(graphs: &GraphMap) -> Value {
    let mut top: Vec<Value> = Vec::new();
    for (graph, nodes) in graphs {
        let objects: Vec<Value> = nodes
            .iter()
            .map(|(id, node)| Value::Object(node.to_json(id)))
            .collect();
        match graph {
            None => top.extend(objects),
            Some(id) => top.push(json!({ "@id": id, "@graph": objects })),
        }
    }
    Value::Array(top)
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn subject_id(subject: &NamedOrBlankNode) -> String {
    match subject {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => b.to_string(),
    }
}

/// The expanded form of an object term: a node reference or a value object.
fn object_value(object: &Term) -> Result<Value, JsonLdError> {
    // `if let` rather than `match`: with oxrdf's `rdf-12` feature (switched on by the
    // dev-dependencies) `Term` has a triple-term variant, without it a wildcard arm is unreachable.
    if let Term::NamedNode(n) = object {
        Ok(json!({ "@id": n.as_str() }))
    } else if let Term::BlankNode(b) = object {
        Ok(json!({ "@id": b.to_string() }))
    } else if let Term::Literal(l) = object {
        Ok(literal_value(l))
    } else {
        Err(JsonLdError::Unsupported(object.to_string()))
    }
}

fn literal_value(literal: &Literal) -> Value {
    if let Some(language) = literal.language() {
        return json!({ "@value": literal.value(), "@language": language });
    }
    let datatype = literal.datatype();
    let value = literal.value();
    if datatype == xsd::STRING {
        return json!({ "@value": value });
    }
    if datatype == xsd::BOOLEAN && matches!(value, "true" | "false") {
        return json!({ "@value": value == "true" });
    }
    if datatype == xsd::INTEGER
        && let Ok(n) = value.parse::<i64>()
        && n.to_string() == value
    {
        return json!({ "@value": n });
    }
    json!({ "@value": value, "@type": datatype.as_str() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, NamedNode};

    fn iri(s: &str) -> NamedNode {
        NamedNode::new_unchecked(s)
    }

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn types_become_at_type_and_canonical_numbers_and_booleans_become_native() -> TestResult {
        let s = iri("http://example.org/s");
        let quads = [
            Quad::new(
                s.clone(),
                rdf::TYPE,
                iri("http://example.org/C"),
                GraphName::DefaultGraph,
            ),
            Quad::new(
                s.clone(),
                iri("http://example.org/n"),
                Literal::from(7_i64),
                GraphName::DefaultGraph,
            ),
            Quad::new(
                s.clone(),
                iri("http://example.org/n"),
                Literal::new_typed_literal("07", xsd::INTEGER),
                GraphName::DefaultGraph,
            ),
            Quad::new(
                s.clone(),
                iri("http://example.org/b"),
                Literal::from(true),
                GraphName::DefaultGraph,
            ),
            Quad::new(
                s,
                iri("http://example.org/b"),
                Literal::new_typed_literal("1", xsd::BOOLEAN),
                GraphName::DefaultGraph,
            ),
        ];
        let doc = expanded_document(&graph_map(&quads)?);
        assert_eq!(
            doc,
            json!([{
                "@id": "http://example.org/s",
                "@type": ["http://example.org/C"],
                "http://example.org/b": [
                    { "@value": "1", "@type": xsd::BOOLEAN.as_str() },
                    { "@value": true }
                ],
                "http://example.org/n": [
                    { "@value": "07", "@type": xsd::INTEGER.as_str() },
                    { "@value": 7 }
                ]
            }])
        );
        Ok(())
    }

    #[test]
    fn named_graphs_become_graph_objects_and_blank_nodes_keep_their_labels() -> TestResult {
        let b = BlankNode::new_unchecked("x");
        let quads = [Quad::new(
            b.clone(),
            iri("http://example.org/p"),
            b,
            iri("http://example.org/g"),
        )];
        let doc = expanded_document(&graph_map(&quads)?);
        assert_eq!(
            doc,
            json!([{
                "@id": "http://example.org/g",
                "@graph": [{ "@id": "_:x", "http://example.org/p": [{ "@id": "_:x" }] }]
            }])
        );
        Ok(())
    }
}
