//! The difference as a [SPARQL 1.1 Update](https://www.w3.org/TR/sparql11-update/) that turns
//! a store holding OLD into one holding NEW, graph by graph, exactly, on any engine.
//!
//! For each graph (the default graph first): the blank-node structures that changed, then
//! `DELETE DATA` of the ground quads only OLD has, then `INSERT DATA` of those only NEW has and
//! of NEW's copies of the changed structures; graphs NEW no longer has are dropped at the end.
//!
//! `DELETE DATA` cannot name blank nodes, so a structure is deleted with `DELETE { ... } WHERE
//! { ... }`, its blank nodes as variables, anchored at the IRIs and literals it holds. That
//! pattern alone would also match a larger structure that contains this one; so the `WHERE`
//! clause requires each variable to be a blank node, the variables to be distinct nodes, and
//! each node to have no triple (in any graph, in either direction) beyond the pattern's. A
//! match is then a whole copy of the structure, and every copy is deleted; NEW's copies are
//! inserted after, with labels used nowhere else in the request. Applied twice, the update
//! leaves the same result (it deletes what it inserted and inserts it again).

use super::Diff;
use super::delta::{GraphDelta, StructureChange, graph_key};
use oxigraph::model::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The media type of a SPARQL Update request.
pub const MEDIA_TYPE: &str = "application/sparql-update";

/// Writes the update that turns OLD into NEW.
pub fn write(diff: &Diff, out: &mut impl Write) -> io::Result<()> {
    let mut text = String::new();
    header(diff, &mut text);
    let mut structures: BTreeMap<String, Vec<(usize, &StructureChange)>> = BTreeMap::new();
    for (i, change) in diff.delta.structures.iter().enumerate() {
        structures
            .entry(graph_key(&change.home))
            .or_default()
            .push((i, change));
    }
    let mut operations = Vec::new();
    for graph in &diff.delta.graphs {
        let key = graph_key(&graph.graph);
        let own = structures.remove(&key).unwrap_or_default();
        if graph.removed_count + graph.added_count == 0 {
            continue;
        }
        operations.push(format!(
            "# {}: {} quads removed, {} added ({} -> {})",
            graph_label(&graph.graph),
            graph.removed_count,
            graph.added_count,
            graph.old_quads,
            graph.new_quads
        ));
        graph_operations(graph, &own, &mut operations);
    }
    for graph in &diff.delta.graphs {
        if let GraphName::NamedNode(g) = &graph.graph
            && graph.new_quads == 0
            && graph.old_quads > 0
        {
            operations.push(format!("DROP SILENT GRAPH {g}"));
        }
    }
    // Comments are not operations: join the operations with `;`, keeping each comment above
    // the operation it introduces.
    let mut pending_comments = String::new();
    let mut first = true;
    for op in operations {
        if op.starts_with('#') {
            pending_comments.push_str(&op);
            pending_comments.push('\n');
            continue;
        }
        if !first {
            text.push_str(" ;\n");
        }
        first = false;
        text.push_str(&pending_comments);
        pending_comments.clear();
        text.push_str(&op);
    }
    if !first {
        text.push('\n');
    }
    out.write_all(text.as_bytes())
}

fn graph_label(graph: &GraphName) -> String {
    match graph {
        GraphName::DefaultGraph => "default graph".to_owned(),
        other => format!("graph {other}"),
    }
}

fn header(diff: &Diff, text: &mut String) {
    let _ = writeln!(
        text,
        "# kyoto-kg diff: the SPARQL 1.1 Update that turns OLD into NEW."
    );
    for (which, side) in [("OLD", &diff.old), ("NEW", &diff.new)] {
        let _ = writeln!(text, "# {which}: {}", side.describe());
    }
    let _ = writeln!(
        text,
        "# Apply it as one request to a store that holds OLD, e.g.\n#   kyoto-kg push --changes THIS-FILE --update-endpoint URL"
    );
    if diff.is_same() {
        let _ = writeln!(text, "# OLD and NEW are the same dataset: nothing to do.");
    }
}

/// The operations of one graph.
fn graph_operations(
    graph: &GraphDelta,
    structures: &[(usize, &StructureChange)],
    out: &mut Vec<String>,
) {
    for (i, change) in structures {
        out.push(format!(
            "# blank-node structure {i}: {} copies in OLD, {} in NEW; every copy deleted, NEW's inserted",
            change.old.len(),
            change.new.len()
        ));
        out.push(delete_structure(change));
    }
    if !graph.removed.is_empty() {
        out.push(data_block("DELETE DATA", &graph.graph, &graph.removed, &[]));
    }
    let copies: Vec<Quad> = structures
        .iter()
        .flat_map(|(i, change)| {
            // Every copy is isomorphic to the canonical form: inserting that, relabelled per copy,
            // keeps the request independent of the labels a parser happened to pick.
            (0..change.new.len()).flat_map(move |copy| {
                change
                    .canonical
                    .iter()
                    .map(move |q| relabel(q, &format!("n{i}c{copy}")))
            })
        })
        .collect();
    if !graph.added.is_empty() || !copies.is_empty() {
        out.push(data_block(
            "INSERT DATA",
            &graph.graph,
            &graph.added,
            &copies,
        ));
    }
}

/// `quad` with its canonical blank nodes (`c14nN`) renamed `<prefix>c14nN`, unique in the request.
fn relabel(quad: &Quad, prefix: &str) -> Quad {
    let rename = |b: &BlankNode| BlankNode::new_unchecked(format!("{prefix}{}", b.as_str()));
    let subject = match &quad.subject {
        NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::from(rename(b)),
        other => other.clone(),
    };
    let object = match &quad.object {
        Term::BlankNode(b) => Term::from(rename(b)),
        other => other.clone(),
    };
    Quad::new(
        subject,
        quad.predicate.clone(),
        object,
        quad.graph_name.clone(),
    )
}

fn triple_line(quad: &Quad) -> String {
    format!("  {} {} {} .\n", quad.subject, quad.predicate, quad.object)
}

/// `VERB { GRAPH <g> { ... } GRAPH <h> { ... } }` of `quads` and `extra`, grouped by graph,
/// `graph`'s own quads first.
fn data_block(verb: &str, graph: &GraphName, quads: &[Quad], extra: &[Quad]) -> String {
    let mut by_graph: BTreeMap<String, (GraphName, String)> = BTreeMap::new();
    let mut order = vec![graph_key(graph)];
    for quad in quads.iter().chain(extra) {
        let key = graph_key(&quad.graph_name);
        if !order.contains(&key) {
            order.push(key.clone());
        }
        by_graph
            .entry(key)
            .or_insert_with(|| (quad.graph_name.clone(), String::new()))
            .1
            .push_str(&triple_line(quad));
    }
    let mut text = format!("{verb} {{\n");
    for key in order {
        if let Some((name, body)) = by_graph.get(&key) {
            push_graph_block(&mut text, name, body);
        }
    }
    text.push('}');
    text
}

fn push_graph_block(text: &mut String, graph: &GraphName, body: &str) {
    match graph {
        GraphName::DefaultGraph => text.push_str(body),
        other => {
            let _ = write!(text, "GRAPH {other} {{\n{body}}}\n");
        }
    }
}

/// Deletes every copy of a structure: its canonical quads with blank nodes as variables,
/// each node exactly as described (see the module documentation).
fn delete_structure(change: &StructureChange) -> String {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut variable = |b: &BlankNode| -> String {
        let next = names.len();
        names
            .entry(b.as_str().to_owned())
            .or_insert_with(|| format!("?b{next}"))
            .clone()
    };
    let term = |t: &Term, variable: &mut dyn FnMut(&BlankNode) -> String| match t {
        Term::BlankNode(b) => variable(b),
        other => other.to_string(),
    };
    let mut patterns: BTreeMap<String, (GraphName, String)> = BTreeMap::new();
    // Per node: the (graph, predicate, other end) of its outgoing and incoming triples.
    let mut outgoing: BTreeMap<String, Vec<(GraphName, String, String)>> = BTreeMap::new();
    let mut incoming: BTreeMap<String, Vec<(GraphName, String, String)>> = BTreeMap::new();
    for quad in &change.canonical {
        let s = match &quad.subject {
            NamedOrBlankNode::BlankNode(b) => variable(b),
            other => other.to_string(),
        };
        let o = term(&quad.object, &mut variable);
        let p = quad.predicate.to_string();
        patterns
            .entry(graph_key(&quad.graph_name))
            .or_insert_with(|| (quad.graph_name.clone(), String::new()))
            .1
            .push_str(&format!("  {s} {p} {o} .\n"));
        if s.starts_with('?') {
            outgoing.entry(s.clone()).or_default().push((
                quad.graph_name.clone(),
                p.clone(),
                o.clone(),
            ));
        }
        if o.starts_with('?') {
            incoming
                .entry(o)
                .or_default()
                .push((quad.graph_name.clone(), p, s));
        }
    }
    let mut body = String::new();
    for (graph, block) in patterns.values() {
        push_graph_block(&mut body, graph, block);
    }
    let mut filters = String::new();
    let variables: Vec<&String> = names.values().collect();
    for v in &variables {
        let _ = writeln!(filters, "  FILTER(isBlank({v}))");
    }
    for (i, a) in variables.iter().enumerate() {
        for b in &variables[i + 1..] {
            let _ = writeln!(filters, "  FILTER(!sameTerm({a}, {b}))");
        }
    }
    let empty = Vec::new();
    for v in &variables {
        let out = outgoing.get(*v).unwrap_or(&empty);
        let inc = incoming.get(*v).unwrap_or(&empty);
        filters.push_str(&exact(&format!("{v} ?xp ?xo"), "?xo", out));
        filters.push_str(&exact(&format!("?xs ?xp {v}"), "?xs", inc));
    }
    format!("DELETE {{\n{body}}}\nWHERE {{\n{body}{filters}}}")
}

/// `FILTER NOT EXISTS` clauses: the node has no triple `pattern` in a named graph, nor in the
/// default graph, other than `allowed` (graph, predicate, other end).
fn exact(pattern: &str, other: &str, allowed: &[(GraphName, String, String)]) -> String {
    let condition = |with_graph: bool| -> String {
        let mut alternatives: Vec<String> = allowed
            .iter()
            .filter(|(g, _, _)| !with_graph || !g.is_default_graph())
            .map(|(g, p, o)| {
                let mut parts = Vec::new();
                if with_graph && let GraphName::NamedNode(g) = g {
                    parts.push(format!("sameTerm(?xg, {g})"));
                }
                parts.push(format!("sameTerm(?xp, {p})"));
                parts.push(format!("sameTerm({other}, {o})"));
                format!("({})", parts.join(" && "))
            })
            .collect();
        alternatives.sort();
        alternatives.dedup();
        if alternatives.is_empty() {
            "true".to_owned()
        } else {
            format!("!({})", alternatives.join(" || "))
        }
    };
    // In the default graph, any of the node's triples is allowed: stores whose default graph
    // is the union of all graphs (Virtuoso) see the named graphs' triples there too.
    format!(
        "  FILTER NOT EXISTS {{ GRAPH ?xg {{ {pattern} }} FILTER({}) }}\n  FILTER NOT EXISTS {{ {pattern} FILTER({}) }}\n",
        condition(true),
        condition(false)
    )
}
