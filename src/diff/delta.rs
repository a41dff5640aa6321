//! The difference between two datasets as sets of quads, graph by graph, with blank nodes
//! handled as graphs are compared, not as text.
//!
//! Quads without blank nodes ("ground" quads) compare as they are. Quads with blank nodes are
//! cut into **structures**: the connected components that blank nodes link (two quads sharing a
//! blank node are in one structure, across graphs too, since a blank node of a dataset is one
//! node whatever graph mentions it). Each structure is canonicalised with
//! [RDFC-1.0](https://www.w3.org/TR/rdf-canon/) (Oxigraph's `oxrdf`), so that isomorphic
//! structures get the same canonical text whatever their blank node labels. Two datasets are
//! isomorphic exactly when their ground quads are the same set and their structures the same
//! multiset of canonical forms; the delta lists the ground quads on one side only, and every
//! structure whose number of copies differs.

use super::DiffError;
use crate::serialize;
use oxigraph::model::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};
use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A dataset ready to be compared: its ground quads and its blank-node structures.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    /// The quads without blank nodes.
    pub ground: HashSet<Quad>,
    /// The blank-node structures.
    pub structures: Vec<Structure>,
    /// Quads per graph (by [`graph_key`]), blank-node quads included.
    pub per_graph: BTreeMap<String, (GraphName, usize)>,
}

/// One connected blank-node structure of a dataset.
#[derive(Debug, Clone)]
pub(crate) struct Structure {
    /// Its quads, with the dataset's own blank node labels, sorted.
    pub quads: Vec<Quad>,
    /// Its canonical N-Quads (RDFC-1.0): equal for isomorphic structures.
    pub key: String,
    /// Its quads with the canonical blank node labels (`c14n0`, ...), sorted.
    pub canonical: Vec<Quad>,
}

impl Structure {
    /// The graph it is filed under: the first of its graphs (the default graph first).
    pub fn home(&self) -> GraphName {
        self.quads
            .iter()
            .map(|q| &q.graph_name)
            .min_by_key(|g| graph_key(g))
            .cloned()
            .unwrap_or_default()
    }
}

/// The sort key of a graph name: empty for the default graph, else the IRI.
pub(crate) fn graph_key(graph: &GraphName) -> String {
    match graph {
        GraphName::NamedNode(n) => n.as_str().to_owned(),
        GraphName::BlankNode(b) => format!("_:{}", b.as_str()),
        GraphName::DefaultGraph => String::new(),
    }
}

fn has_blank(quad: &Quad) -> bool {
    matches!(quad.subject, NamedOrBlankNode::BlankNode(_))
        || matches!(quad.object, Term::BlankNode(_))
}

/// Checks and splits the quads of the dataset `name`.
pub(crate) fn prepare(
    name: &str,
    quads: impl IntoIterator<Item = Quad>,
) -> Result<Prepared, DiffError> {
    let mut prepared = Prepared::default();
    let mut blank = Vec::new();
    let mut seen_blank = HashSet::new();
    for quad in quads {
        if let GraphName::BlankNode(b) = &quad.graph_name {
            return Err(DiffError::BlankGraph {
                side: name.to_owned(),
                graph: b.to_string(),
            });
        }
        if !matches!(
            quad.object,
            Term::NamedNode(_) | Term::BlankNode(_) | Term::Literal(_)
        ) {
            return Err(DiffError::TripleTerm {
                side: name.to_owned(),
                quad: quad.to_string(),
            });
        }
        let fresh = if has_blank(&quad) {
            let fresh = seen_blank.insert(quad.clone());
            if fresh {
                blank.push(quad.clone());
            }
            fresh
        } else {
            prepared.ground.insert(quad.clone())
        };
        if fresh {
            let key = graph_key(&quad.graph_name);
            prepared
                .per_graph
                .entry(key)
                .or_insert_with(|| (quad.graph_name.clone(), 0))
                .1 += 1;
        }
    }
    prepared.structures = structures(blank);
    Ok(prepared)
}

/// Cuts blank-node quads into connected structures, each canonicalised.
fn structures(quads: Vec<Quad>) -> Vec<Structure> {
    let mut index: HashMap<BlankNode, usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let mut id = |b: &BlankNode, parent: &mut Vec<usize>| {
        *index.entry(b.clone()).or_insert_with(|| {
            parent.push(parent.len());
            parent.len() - 1
        })
    };
    let mut first_node = Vec::with_capacity(quads.len());
    for quad in &quads {
        let mut nodes = Vec::with_capacity(2);
        if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
            nodes.push(id(b, &mut parent));
        }
        if let Term::BlankNode(b) = &quad.object {
            nodes.push(id(b, &mut parent));
        }
        if let [a, b] = nodes[..] {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        first_node.push(nodes.first().copied().unwrap_or_default());
    }
    let mut groups: BTreeMap<usize, Vec<Quad>> = BTreeMap::new();
    for (quad, node) in quads.into_iter().zip(first_node) {
        let root = find(&mut parent, node);
        groups.entry(root).or_default().push(quad);
    }
    let mut out: Vec<Structure> = groups
        .into_values()
        .map(|mut quads| {
            serialize::sort_quads(&mut quads);
            let (key, canonical) = canonical(&quads);
            Structure {
                quads,
                key,
                canonical,
            }
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

fn find(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

/// The canonical N-Quads of `quads` and the quads relabelled canonically.
fn canonical(quads: &[Quad]) -> (String, Vec<Quad>) {
    let dataset: Dataset = quads.iter().collect();
    let labels = dataset.canonicalize_blank_nodes(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let relabel = |b: &BlankNode| -> BlankNode {
        labels
            .get(&b.as_ref())
            .cloned()
            .unwrap_or_else(|| b.clone())
    };
    let mut canonical: Vec<Quad> = quads
        .iter()
        .map(|q| {
            let subject = match &q.subject {
                NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::from(relabel(b)),
                other => other.clone(),
            };
            let object = match &q.object {
                Term::BlankNode(b) => Term::from(relabel(b)),
                other => other.clone(),
            };
            Quad::new(subject, q.predicate.clone(), object, q.graph_name.clone())
        })
        .collect();
    serialize::sort_quads(&mut canonical);
    let mut lines: Vec<String> = canonical.iter().map(|q| format!("{q} .\n")).collect();
    lines.sort_unstable();
    (lines.concat(), canonical)
}

/// What changed in one graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphDelta {
    pub graph: GraphName,
    /// Its quads in OLD.
    pub old_quads: usize,
    /// Its quads in NEW.
    pub new_quads: usize,
    /// Ground quads only in OLD, sorted.
    pub removed: Vec<Quad>,
    /// Ground quads only in NEW, sorted.
    pub added: Vec<Quad>,
    /// Quads removed in all, blank-node structures included.
    pub removed_count: usize,
    /// Quads added in all, blank-node structures included.
    pub added_count: usize,
}

/// A blank-node structure whose number of copies differs between OLD and NEW.
#[derive(Debug, Clone)]
pub(crate) struct StructureChange {
    /// Its canonical quads.
    pub canonical: Vec<Quad>,
    /// Its canonical N-Quads.
    pub key: String,
    /// The graph it is filed under.
    pub home: GraphName,
    /// Its copies in OLD.
    pub old: Vec<Structure>,
    /// Its copies in NEW.
    pub new: Vec<Structure>,
}

/// The difference between two prepared datasets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Delta {
    /// Per graph that either side has, default graph first, then by IRI.
    pub graphs: Vec<GraphDelta>,
    /// The blank-node structures whose number of copies differs, by canonical form.
    pub structures: Vec<StructureChange>,
}

/// Compares `old` with `new`.
pub(crate) fn delta(old: &Prepared, new: &Prepared) -> Delta {
    let mut graphs: BTreeMap<String, GraphDelta> = BTreeMap::new();
    fn entry(graphs: &mut BTreeMap<String, GraphDelta>, graph: &GraphName) -> String {
        let key = graph_key(graph);
        graphs.entry(key.clone()).or_insert_with(|| GraphDelta {
            graph: graph.clone(),
            old_quads: 0,
            new_quads: 0,
            removed: Vec::new(),
            added: Vec::new(),
            removed_count: 0,
            added_count: 0,
        });
        key
    }
    let mut keys = Vec::new();
    for (graph, _) in old.per_graph.values().chain(new.per_graph.values()) {
        keys.push(entry(&mut graphs, graph));
    }
    let removed: Vec<&Quad> = old.ground.difference(&new.ground).collect();
    let added: Vec<&Quad> = new.ground.difference(&old.ground).collect();
    let mut structures: BTreeMap<&str, (Vec<&Structure>, Vec<&Structure>)> = BTreeMap::new();
    for s in &old.structures {
        structures.entry(&s.key).or_default().0.push(s);
    }
    for s in &new.structures {
        structures.entry(&s.key).or_default().1.push(s);
    }
    let changes: Vec<StructureChange> = structures
        .into_iter()
        .filter(|(_, (o, n))| o.len() != n.len())
        .filter_map(|(key, (o, n))| {
            let any = o.first().or(n.first())?;
            Some(StructureChange {
                canonical: any.canonical.clone(),
                key: key.to_owned(),
                home: any.home(),
                old: o.into_iter().cloned().collect(),
                new: n.into_iter().cloned().collect(),
            })
        })
        .collect();
    for quad in removed {
        let key = entry(&mut graphs, &quad.graph_name);
        if let Some(g) = graphs.get_mut(&key) {
            g.removed.push(quad.clone());
        }
    }
    for quad in added {
        let key = entry(&mut graphs, &quad.graph_name);
        if let Some(g) = graphs.get_mut(&key) {
            g.added.push(quad.clone());
        }
    }
    for (key, g) in &mut graphs {
        g.old_quads = old.per_graph.get(key).map_or(0, |(_, n)| *n);
        g.new_quads = new.per_graph.get(key).map_or(0, |(_, n)| *n);
        serialize::sort_quads(&mut g.removed);
        serialize::sort_quads(&mut g.added);
        g.removed_count = g.removed.len();
        g.added_count = g.added.len();
    }
    for change in &changes {
        let (copies, removing) = if change.old.len() > change.new.len() {
            (change.old.len() - change.new.len(), true)
        } else {
            (change.new.len() - change.old.len(), false)
        };
        for quad in &change.canonical {
            if let Some(g) = graphs.get_mut(&graph_key(&quad.graph_name)) {
                if removing {
                    g.removed_count += copies;
                } else {
                    g.added_count += copies;
                }
            }
        }
    }
    Delta {
        graphs: graphs.into_values().collect(),
        structures: changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    fn iri(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("http://example.org/{s}"))
    }

    fn quad(s: impl Into<NamedOrBlankNode>, p: &str, o: impl Into<Term>) -> Quad {
        Quad::new(s, iri(p), o, GraphName::NamedNode(iri("g")))
    }

    fn prepared(quads: Vec<Quad>) -> Prepared {
        match prepare("test", quads) {
            Ok(p) => p,
            Err(e) => unreachable!("{e}"),
        }
    }

    fn structure(s: &str, label: &str, b: &str) -> Vec<Quad> {
        let b = BlankNode::new_unchecked(b);
        vec![
            quad(iri(s), "p", b.clone()),
            quad(b, "label", Literal::from(label)),
        ]
    }

    #[test]
    fn isomorphic_datasets_with_other_blank_labels_have_no_delta() {
        let old = prepared([structure("s", "x", "a"), structure("t", "y", "b")].concat());
        let new = prepared([structure("t", "y", "zz"), structure("s", "x", "q1")].concat());
        let d = delta(&old, &new);
        assert!(d.structures.is_empty());
        assert!(
            d.graphs
                .iter()
                .all(|g| g.removed_count + g.added_count == 0)
        );
    }

    #[test]
    fn a_changed_structure_is_one_copy_removed_and_one_added() {
        let old = prepared(structure("s", "x", "a"));
        let new = prepared(structure("s", "y", "a"));
        let d = delta(&old, &new);
        assert_eq!(d.structures.len(), 2);
        assert_eq!((d.graphs[0].removed_count, d.graphs[0].added_count), (2, 2));
    }

    #[test]
    fn copies_of_one_structure_count_as_a_multiset() {
        let two = [structure("s", "x", "a"), structure("s", "x", "b")].concat();
        let old = prepared(two);
        let new = prepared(structure("s", "x", "c"));
        let d = delta(&old, &new);
        assert_eq!(d.structures.len(), 1);
        assert_eq!(
            (d.structures[0].old.len(), d.structures[0].new.len()),
            (2, 1)
        );
    }

    #[test]
    fn a_blank_node_shared_by_two_graphs_makes_one_structure() {
        let b = BlankNode::new_unchecked("b");
        let other = GraphName::NamedNode(iri("h"));
        let quads = vec![
            quad(iri("s"), "p", b.clone()),
            Quad::new(b, iri("q"), Literal::from(1), other),
        ];
        let p = prepared(quads);
        assert_eq!(p.structures.len(), 1);
        assert_eq!(p.structures[0].quads.len(), 2);
    }

    #[test]
    fn graphs_named_by_blank_nodes_are_refused() {
        let q = Quad::new(
            iri("s"),
            iri("p"),
            iri("o"),
            GraphName::BlankNode(BlankNode::new_unchecked("g")),
        );
        assert!(matches!(
            prepare("x", [q]),
            Err(DiffError::BlankGraph { .. })
        ));
    }
}
