//! What a store holds: quads per graph and instances per class.

use crate::vocab::kyoto;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{StorageError, Store};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::fmt;
use std::hash::BuildHasher;

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
    ///
    /// Counted on one thread per core, each taking the quads whose subject falls in its share:
    /// a repeated quad and every typing of one instance land in the same share, so each share
    /// is counted on its own and the shares add up. (On one thread this was a seventh of an
    /// on-disk build at 10^6 triples, on its critical path.)
    pub fn of_quads(quads: &[Quad]) -> Self {
        let shares = if quads.len() < PARALLEL_FROM {
            1
        } else {
            crate::threads::cores().min(MAX_SHARES)
        };
        Self::of_quads_in(quads, shares)
    }

    /// [`Counts::of_quads`] in `shares` shares, each on a thread of its own when there are
    /// several.
    fn of_quads_in(quads: &[Quad], shares: usize) -> Self {
        let shares = shares.max(1);
        let mut each: Vec<usize> = (0..shares).collect();
        let counted = crate::threads::map(&mut each, |share| Share::count(quads, *share, shares));
        let mut counts = Self::default();
        for share in counted {
            for (graph, n) in share.graphs {
                *counts.graphs.entry(graph_key(graph)).or_default() += n;
            }
            for (class, n) in share.classes {
                *counts.classes.entry(class.as_str().to_owned()).or_default() += n;
            }
        }
        counts.total = counts.graphs.values().sum();
        counts
    }
}

/// Below this many quads, [`Counts::of_quads`] counts on the calling thread.
const PARALLEL_FROM: usize = 1 << 16;
/// The most threads [`Counts::of_quads`] uses.
const MAX_SHARES: usize = 8;

/// What one share of the quads (those whose subject hashes to it) holds.
struct Share<'a> {
    graphs: FxHashMap<GraphNameRef<'a>, usize>,
    classes: FxHashMap<NamedNodeRef<'a>, usize>,
}

impl<'a> Share<'a> {
    /// Counts the quads of share `share` of `shares`.
    fn count(quads: &'a [Quad], share: usize, shares: usize) -> Self {
        let mut unique = FxHashSet::default();
        unique.reserve(quads.len() / shares);
        let mut graphs: FxHashMap<GraphNameRef<'a>, usize> = FxHashMap::default();
        let mut instances = FxHashSet::default();
        for quad in quads {
            // The high half of the hash picks the share: the sets below hash with the same
            // function, and use its low bits for their buckets.
            if shares > 1
                && (FxBuildHasher.hash_one(quad.subject.as_ref()) >> 32) as usize % shares != share
            {
                continue;
            }
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
        let mut classes: FxHashMap<NamedNodeRef<'a>, usize> = FxHashMap::default();
        for (class, _) in instances {
            *classes.entry(class).or_default() += 1;
        }
        Self { graphs, classes }
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
        // In shares on several threads, each share counting the subjects that fall in it.
        for shares in [2, 3, 8] {
            assert_eq!(
                Counts::of_quads_in(&quads, shares),
                counts,
                "{shares} shares"
            );
        }

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

    #[test]
    fn counting_in_shares_adds_up_to_counting_in_one() -> Result<(), Box<dyn std::error::Error>> {
        // Many subjects, each typed in two graphs and with two classes, every quad twice.
        let ex = |local: String| NamedNode::new_unchecked(format!("http://example.org/{local}"));
        let (p, g, h) = (ex("p".into()), ex("g".into()), ex("h".into()));
        let mut quads = Vec::new();
        for i in 0..500 {
            let subject = ex(format!("s{i}"));
            for graph in [&g, &h] {
                let graph = GraphName::from(graph.clone());
                for class in [ex(format!("C{}", i % 7)), ex("Thing".into())] {
                    quads.push(Quad::new(subject.clone(), rdf::TYPE, class, graph.clone()));
                }
                quads.push(Quad::new(
                    subject.clone(),
                    p.clone(),
                    Literal::from(i),
                    graph,
                ));
            }
        }
        quads.extend(quads.clone());
        let one = Counts::of_quads_in(&quads, 1);
        assert_eq!(one.total, 500 * 2 * 3);
        assert_eq!(one.classes.get("http://example.org/Thing"), Some(&500));
        for shares in [2, 5] {
            assert_eq!(Counts::of_quads_in(&quads, shares), one, "{shares} shares");
        }
        let store = Store::new()?;
        store.extend(quads)?;
        assert_eq!(counts(&store)?, one);
        Ok(())
    }
}
