//! What a store holds: quads per graph and instances per class.

use crate::vocab::kyoto;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Quad, Term, TermRef};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{StorageError, Store};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::fmt;

/// How many quads each graph holds and how many instances each class has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Quads per graph, by graph name ("default" for the default graph).
    pub graphs: BTreeMap<String, usize>,
    /// Distinct instances per class IRI (`rdf:type` objects), over all graphs.
    pub classes: BTreeMap<String, usize>,
    /// All quads.
    pub total: usize,
}

impl Counts {
    /// Instances of a kyoto-kg class, by its local name (e.g. "ThematicSession").
    pub fn kyoto_class(&self, local: &str) -> usize {
        self.classes
            .get(&format!("{}{local}", kyoto::NAMESPACE))
            .copied()
            .unwrap_or(0)
    }

    /// What a store loaded with `quads` (and nothing else) holds: each quad once, as a store
    /// keeps it. The same as [`counts`] of that store, without reading it back.
    pub fn of_quads(quads: &[Quad]) -> Self {
        let mut unique = FxHashSet::default();
        unique.reserve(quads.len());
        let mut graphs: FxHashMap<GraphNameRef<'_>, usize> = FxHashMap::default();
        let mut instances = FxHashSet::default();
        for quad in quads {
            if !unique.insert(quad.as_ref()) {
                continue;
            }
            *graphs.entry(quad.graph_name.as_ref()).or_default() += 1;
            if let (rdf::TYPE, TermRef::NamedNode(class)) =
                (quad.predicate.as_ref(), quad.object.as_ref())
            {
                instances.insert((class, quad.subject.as_ref()));
            }
        }
        let mut counts = Self::default();
        for (graph, n) in graphs {
            counts.graphs.insert(graph_key(graph), n);
        }
        for (class, _) in instances {
            *counts.classes.entry(class.as_str().to_owned()).or_default() += 1;
        }
        counts.total = counts.graphs.values().sum();
        counts
    }
}

/// Counts the quads of `store` per graph and the instances per class.
pub fn counts(store: &Store) -> Result<Counts, StorageError> {
    // SPARQL aggregates run on Oxigraph's encoded terms; iterating `store.iter()` would decode
    // every quad into strings (a sixth of a build at 10^6 triples).
    let mut counts = Counts::default();
    // One count per graph, on the graph's own index range: a `GROUP BY ?g` over every quad
    // hashes each of them (a third of the counting at 10^6 triples).
    let mut graphs = Vec::new();
    for graph in store.named_graphs() {
        graphs.push(graph?);
    }
    for graph in graphs {
        let n = match &graph {
            NamedOrBlankNode::NamedNode(g) => count_of(
                store,
                &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"),
            )?,
            // A blank node in a query is a variable, not this graph: count its quads directly.
            NamedOrBlankNode::BlankNode(b) => store
                .quads_for_pattern(None, None, None, Some(b.as_ref().into()))
                .count(),
        };
        if n > 0 {
            counts.graphs.insert(graph_key(graph.as_ref().into()), n);
        }
    }
    let default = count_of(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")?;
    if default > 0 {
        counts
            .graphs
            .insert(graph_key(GraphNameRef::DefaultGraph), default);
    }
    counts.total = counts.graphs.values().sum();
    // An instance typed in several graphs counts once. The default graph is joined in only
    // when it holds anything: the union doubles the time of the count (a build from `data/`
    // alone leaves it empty).
    let classes = if default > 0 {
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { \
         { ?s a ?c } UNION { GRAPH ?g { ?s a ?c } } FILTER(isIRI(?c)) } GROUP BY ?c"
    } else {
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?c)) } \
         GROUP BY ?c"
    };
    for (class, n) in count_by(store, classes, "c")? {
        if let Some(Term::NamedNode(class)) = class {
            counts.classes.insert(class.as_str().to_owned(), n);
        }
    }
    Ok(counts)
}

/// The key of a graph in [`Counts::graphs`]: its IRI, its blank node, or "default".
fn graph_key(graph: GraphNameRef<'_>) -> String {
    match graph {
        GraphNameRef::NamedNode(g) => g.as_str().to_owned(),
        GraphNameRef::BlankNode(b) => b.to_string(),
        GraphNameRef::DefaultGraph => "default".to_owned(),
    }
}

/// The `?n` of a single-row counting SELECT over the store's own default graph.
fn count_of(store: &Store, query: &str) -> Result<usize, StorageError> {
    Ok(count_by(store, query, "n")?.first().map_or(0, |&(_, n)| n))
}

/// The rows `(?key, ?n)` of a counting SELECT over the store's own default graph.
fn count_by(
    store: &Store,
    query: &str,
    key: &str,
) -> Result<Vec<(Option<Term>, usize)>, StorageError> {
    let other = |e: &dyn fmt::Display| StorageError::Io(std::io::Error::other(e.to_string()));
    let results = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| other(&e))?
        .on_store(store)
        .execute()
        .map_err(|e| other(&e))?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(other(&"a count query did not return solutions"));
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| other(&e))?;
        let n = match solution.get("n") {
            Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
            _ => 0,
        };
        rows.push((solution.get(key).cloned(), n));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedNodeRef, QuadRef};

    #[test]
    fn counts_give_each_graph_its_quads_and_each_class_its_instances()
    -> Result<(), Box<dyn std::error::Error>> {
        let store = Store::new()?;
        let ex = |local: &str| NamedNode::new_unchecked(format!("http://example.org/{local}"));
        let (a, b, class) = (ex("a"), ex("b"), ex("Class"));
        let type_ = NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
        let blank = BlankNode::new_unchecked("g1");
        let empty = ex("empty");
        let graphs: [(GraphName, usize); 4] = [
            (GraphName::DefaultGraph, 1),
            (ex("g").into(), 3),
            (ex("h").into(), 2),
            (blank.clone().into(), 2),
        ];
        for (graph, n) in &graphs {
            for i in 0..*n {
                let object = Literal::from(i64::try_from(i)?);
                store.insert(QuadRef::new(&a, &b, &object, graph))?;
            }
        }
        // The same instance typed in two graphs counts once; an empty graph not at all.
        store.insert(QuadRef::new(&a, type_, &class, &GraphName::from(ex("g"))))?;
        store.insert(QuadRef::new(
            &a,
            type_,
            &class,
            &GraphName::from(blank.clone()),
        ))?;
        store.insert(QuadRef::new(
            &b,
            type_,
            &class,
            GraphName::DefaultGraph.as_ref(),
        ))?;
        store.insert_named_graph(&empty)?;

        let counts = counts(&store)?;
        let expected: BTreeMap<String, usize> = [
            ("default".to_owned(), 2),
            ("http://example.org/g".to_owned(), 4),
            ("http://example.org/h".to_owned(), 2),
            (blank.to_string(), 3),
        ]
        .into();
        assert_eq!(counts.graphs, expected);
        assert_eq!(counts.total, store.len()?);
        assert_eq!(
            counts.classes,
            BTreeMap::from([("http://example.org/Class".to_owned(), 2)])
        );
        // Counted from the quads a store was loaded with, repeats included: the same.
        let mut quads: Vec<Quad> = store.iter().collect::<Result<_, _>>()?;
        quads.extend(quads.clone().into_iter().take(3));
        assert_eq!(Counts::of_quads(&quads), counts);

        // Without the default graph (the count then leaves it out), an instance typed in two
        // named graphs still counts once.
        store.remove(QuadRef::new(
            &b,
            type_,
            &class,
            GraphName::DefaultGraph.as_ref(),
        ))?;
        store.clear_graph(GraphName::DefaultGraph.as_ref())?;
        let counts = super::counts(&store)?;
        assert!(!counts.graphs.contains_key("default"));
        assert_eq!(
            counts.classes,
            BTreeMap::from([("http://example.org/Class".to_owned(), 1)])
        );
        Ok(())
    }
}
