//! SHACL-SPARQL constraints checked once over the whole graph before the engine runs.
//!
//! The engine evaluates a `sh:sparql` constraint once per focus node: it binds `$this` with a
//! `VALUES` clause, then parses and runs the query again (three constraints over 60,000
//! sessions at 10^6 triples: 180,000 queries, a third of the engine's time). Binding `$this`
//! to every target node at once gives the union of those per-node answers, because a join with
//! `VALUES` distributes over its rows. So one query per constraint, with `$this` bound to the
//! shape's targets (`rdf:type/rdfs:subClassOf*` of each `sh:targetClass`) and the same
//! prefixes, tells whether any focus node violates it.
//!
//! A constraint that no node violates is left out of the shapes the engine evaluates: the
//! engine would find no result for it either. A constraint that some node violates stays in,
//! and the engine reports each violation as it always has (message, value, source shape), so
//! a report never depends on this shortcut. Anything this module does not understand (other
//! kinds of target, property shapes, `$PATH`, deactivated constraints, queries that name graphs
//! or a dataset, a query that does not parse) also stays with the engine.

use crate::query;
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::{HashMap, HashSet};

const SH: &str = crate::vocab::sh::NAMESPACE;
const RDF_TYPE: &str = oxigraph::model::vocab::rdf::TYPE.as_str();
const RDFS_CLASS: &str = oxigraph::model::vocab::rdfs::CLASS.as_str();
const RDFS_SUB_CLASS_OF: &str = oxigraph::model::vocab::rdfs::SUB_CLASS_OF.as_str();
const OWL_CLASS: &str = crate::vocab::owl::CLASS.as_str();

/// The `(shape, sh:sparql, constraint)` triples of `shapes` whose constraint no target node of
/// `store` violates: the engine need not evaluate them.
pub(super) fn satisfied(store: &Store, shapes: &[Triple]) -> HashSet<Triple> {
    let graph = ShapesGraph::new(shapes);
    let mut out = HashSet::new();
    let sparql = sh("sparql");
    for link in shapes.iter().filter(|t| t.predicate.as_str() == sparql) {
        let Some(query) = graph.whole_graph_query(link) else {
            continue;
        };
        if !has_rows(store, &query) {
            out.insert(link.clone());
        }
    }
    out
}

/// Whether `query` returns a row. A query that does not parse, is not a SELECT or fails counts
/// as having rows: its constraint stays with the engine, which reports the problem its own way.
fn has_rows(store: &Store, query: &str) -> bool {
    let Ok(prepared) = query::prepare(query, &[]) else {
        return true;
    };
    match query::run(store, prepared) {
        // A first row, or an error reading it, keeps the constraint with the engine.
        Ok(QueryResults::Solutions(mut solutions)) => solutions.next().is_some(),
        _ => true,
    }
}

fn sh(local: &str) -> String {
    format!("{SH}{local}")
}

/// The shapes graph, indexed by subject.
struct ShapesGraph<'a> {
    by_subject: HashMap<&'a NamedOrBlankNode, Vec<&'a Triple>>,
}

impl<'a> ShapesGraph<'a> {
    fn new(triples: &'a [Triple]) -> Self {
        let mut by_subject: HashMap<&NamedOrBlankNode, Vec<&Triple>> = HashMap::new();
        for t in triples {
            by_subject.entry(&t.subject).or_default().push(t);
        }
        Self { by_subject }
    }

    /// The objects of `subject`'s `predicate` (a local name in the SHACL namespace).
    fn objects(&self, subject: &NamedOrBlankNode, predicate: &str) -> Vec<&'a Term> {
        let predicate = sh(predicate);
        self.by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .filter(|t| t.predicate.as_str() == predicate)
            .map(|t| &t.object)
            .collect()
    }

    /// Whether `subject` is declared an `rdfs:Class` or `owl:Class` (a shape that is a class
    /// targets its instances implicitly).
    fn is_a_class(&self, subject: &NamedOrBlankNode) -> bool {
        self.by_subject.get(subject).into_iter().flatten().any(|t| {
            t.predicate.as_str() == RDF_TYPE
                && matches!(&t.object, Term::NamedNode(n)
                    if [RDFS_CLASS, OWL_CLASS].contains(&n.as_str()))
        })
    }

    /// The constraint of `link` (`shape sh:sparql constraint`) as one query over all the
    /// shape's targets, or `None` when it must stay with the engine.
    fn whole_graph_query(&self, link: &Triple) -> Option<String> {
        let shape = &link.subject;
        let constraint = as_node(&link.object)?;
        // Only node shapes whose every target is a class: a property shape's constraint would
        // need its path bound to $PATH, and other targets would need their own patterns.
        // Nor a shape that is also a class (its instances are targets too), or anything
        // deactivated.
        let engine_only = [
            "targetNode",
            "targetSubjectsOf",
            "targetObjectsOf",
            "target",
            "path",
            "deactivated",
        ];
        if engine_only
            .iter()
            .any(|p| !self.objects(shape, p).is_empty())
            || !self.objects(&constraint, "deactivated").is_empty()
            || self.is_a_class(shape)
        {
            return None;
        }
        let classes: Vec<String> = self
            .objects(shape, "targetClass")
            .into_iter()
            .map(|c| match c {
                Term::NamedNode(n) => Some(format!("<{}>", n.as_str())),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let [select] = self.objects(&constraint, "select")[..] else {
            return None;
        };
        let Term::Literal(select) = select else {
            return None;
        };
        let select = select.value();
        // The engine's store has one graph; the store here has named graphs, so a query that
        // names graphs or a dataset could answer differently (also `SERVICE`, never run here).
        let upper = select.to_ascii_uppercase();
        if classes.is_empty()
            || select.contains("$PATH")
            || ["GRAPH", "FROM", "SERVICE"]
                .iter()
                .any(|w| upper.contains(w))
        {
            return None;
        }
        let targets = format!(
            "VALUES ?kyotoTargetClass {{ {} }} ?this <{RDF_TYPE}>/<{RDFS_SUB_CLASS_OF}>* ?kyotoTargetClass .",
            classes.join(" ")
        );
        Some(format!(
            "{}{}",
            self.prefix_header(&constraint)?,
            inject_into_where(select, &targets)?
        ))
    }

    /// The `PREFIX` lines of the constraint's `sh:prefixes` (each `sh:declare` of each).
    fn prefix_header(&self, constraint: &NamedOrBlankNode) -> Option<String> {
        let mut header = String::new();
        for prefixes in self.objects(constraint, "prefixes") {
            for declaration in self.objects(&as_node(prefixes)?, "declare") {
                let declaration = as_node(declaration)?;
                let ([Term::Literal(prefix)], [Term::Literal(namespace)]) = (
                    &self.objects(&declaration, "prefix")[..],
                    &self.objects(&declaration, "namespace")[..],
                ) else {
                    return None;
                };
                header.push_str(&format!(
                    "PREFIX {}: <{}>\n",
                    prefix.value(),
                    namespace.value()
                ));
            }
        }
        Some(header)
    }
}

/// `pattern` inserted at the start of the `WHERE` block of `select`, where the engine inserts
/// its `VALUES ?this` clause.
fn inject_into_where(select: &str, pattern: &str) -> Option<String> {
    let where_at = select.to_ascii_uppercase().find("WHERE")?;
    let brace = where_at + select.get(where_at..)?.find('{')? + 1;
    Some(format!(
        "{} {pattern}{}",
        select.get(..brace)?,
        select.get(brace..)?
    ))
}

fn as_node(term: &Term) -> Option<NamedOrBlankNode> {
    NamedOrBlankNode::try_from(term.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::shapes;
    use oxigraph::model::{GraphNameRef, Literal, NamedNodeRef, QuadRef};
    use std::path::Path;

    const SESSION_DATE_IN_YEAR: &str = "https://w3id.org/kyoto-kg/shapes#SessionDateInYearShape";

    fn shipped_store() -> Result<Store, Box<dyn std::error::Error>> {
        let dataset = crate::source::load(Path::new("data"))?;
        Ok(crate::store::in_memory(&dataset, &[])?)
    }

    fn shapes_of(links: &HashSet<Triple>) -> Vec<String> {
        let mut out: Vec<String> = links.iter().map(|t| t.subject.to_string()).collect();
        out.sort();
        out
    }

    #[test]
    fn every_shipped_sparql_constraint_is_checked_once_and_holds_on_the_shipped_data()
    -> Result<(), Box<dyn std::error::Error>> {
        let triples = shapes::triples()?;
        let graph = ShapesGraph::new(&triples);
        let links: Vec<&Triple> = triples
            .iter()
            .filter(|t| t.predicate.as_str() == sh("sparql"))
            .collect();
        assert!(links.len() >= 3, "{links:?}");
        for link in &links {
            let query = graph.whole_graph_query(link);
            let query = query.ok_or_else(|| format!("{link} stays with the engine"))?;
            assert!(query.starts_with("PREFIX kyoto: <"), "{query}");
            assert!(query.contains("?kyotoTargetClass"), "{query}");
        }
        let satisfied = satisfied(&shipped_store()?, &triples);
        assert_eq!(satisfied.len(), links.len(), "{:?}", shapes_of(&satisfied));
        Ok(())
    }

    #[test]
    fn a_violated_constraint_stays_with_the_engine() -> Result<(), Box<dyn std::error::Error>> {
        let store = shipped_store()?;
        // A second date, in 1999, for one session: its year is that of its discussion.
        let session = store
            .quads_for_pattern(
                None,
                Some(NamedNodeRef::new_unchecked(RDF_TYPE)),
                Some(
                    NamedNodeRef::new("https://w3id.org/kyoto-kg/ontology#ThematicSession")?.into(),
                ),
                None,
            )
            .next()
            .ok_or("no session in the shipped data")??
            .subject;
        let date = Literal::new_typed_literal(
            "1999-01-01",
            NamedNodeRef::new("http://www.w3.org/2001/XMLSchema#date")?,
        );
        store.insert(QuadRef::new(
            &session,
            NamedNodeRef::new("http://schema.org/startDate")?,
            &date,
            GraphNameRef::DefaultGraph,
        ))?;
        let triples = shapes::triples()?;
        let constraints = triples
            .iter()
            .filter(|t| t.predicate.as_str() == sh("sparql"))
            .count();
        let satisfied = satisfied(&store, &triples);
        let shapes = shapes_of(&satisfied);
        assert!(
            !shapes.contains(&format!("<{SESSION_DATE_IN_YEAR}>")),
            "{shapes:?}"
        );
        assert_eq!(
            shapes.len(),
            constraints - 1,
            "the other constraints still hold: {shapes:?}"
        );
        Ok(())
    }

    #[test]
    fn constraints_the_shortcut_cannot_decide_stay_with_the_engine()
    -> Result<(), Box<dyn std::error::Error>> {
        let shape =
            |targets: &str, select: &str| -> Result<Vec<Triple>, Box<dyn std::error::Error>> {
                let turtle = format!(
                    "@prefix sh: <http://www.w3.org/ns/shacl#> .
                 <http://example.org/S> a sh:NodeShape ; {targets} ;
                     sh:sparql [ a sh:SPARQLConstraint ; sh:select \"\"\"{select}\"\"\" ] ."
                );
                Ok(
                    oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
                        .for_slice(turtle.as_bytes())
                        .map(|q| q.map(Triple::from))
                        .collect::<Result<_, _>>()?,
                )
            };
        let query = |triples: &[Triple]| {
            let graph = ShapesGraph::new(triples);
            let link = triples
                .iter()
                .find(|t| t.predicate.as_str() == sh("sparql"))
                .cloned();
            link.and_then(|link| graph.whole_graph_query(&link))
        };
        let class = "sh:targetClass <http://example.org/C>";
        let plain = "SELECT $this WHERE { $this <http://example.org/p> ?v }";
        assert!(
            query(&shape(class, plain)?).is_some(),
            "the plain case is decided"
        );
        for (targets, select) in [
            ("sh:targetNode <http://example.org/n>", plain),
            ("sh:targetSubjectsOf <http://example.org/p>", plain),
            (class, "SELECT $this WHERE { GRAPH ?g { $this ?p ?o } }"),
            (
                class,
                "SELECT $this FROM <http://example.org/g> WHERE { $this ?p ?o }",
            ),
            (class, "SELECT $this WHERE { $this $PATH ?o }"),
        ] {
            assert_eq!(query(&shape(targets, select)?), None, "{targets} {select}");
        }
        Ok(())
    }

    #[test]
    fn the_targets_go_where_the_engine_puts_its_values_clause() {
        assert_eq!(
            inject_into_where("SELECT $this WHERE { $this ?p ?o }", "P .").as_deref(),
            Some("SELECT $this WHERE { P . $this ?p ?o }")
        );
        assert_eq!(
            inject_into_where("select $this where\n{ $this ?p ?o }", "P .").as_deref(),
            Some("select $this where\n{ P . $this ?p ?o }")
        );
        assert_eq!(inject_into_where("ASK {}", "P ."), None);
    }
}
