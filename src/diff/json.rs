//! A [`Diff`] as JSON, in the stable schema documented in `docs/diff.md`
//! (`"schema": "https://w3id.org/kyoto-kg/diff/1"`).
//!
//! Keys are written in a fixed order, entities in report order (section, kind, id), values
//! sorted: the output is byte-identical across runs. New keys may be added within schema 1;
//! a key is never removed or changes meaning without a new schema IRI.

use super::{Diff, EntityChange, PropertyChange, Value};
use oxigraph::model::{GraphName, Term};
use serde::Serialize;
use std::io::{self, Write};

/// The IRI naming this schema.
pub const SCHEMA: &str = "https://w3id.org/kyoto-kg/diff/1";

#[derive(Serialize)]
struct Report<'a> {
    schema: &'static str,
    old: SideJson<'a>,
    new: SideJson<'a>,
    same: bool,
    class: Option<&'static str>,
    next_version: Option<NextVersion>,
    counts: super::Counts,
    entities: Vec<EntityJson>,
    graphs: Vec<GraphJson>,
}

#[derive(Serialize)]
struct SideJson<'a> {
    name: &'a str,
    kind: &'static str,
    version: Option<&'a str>,
    quads: usize,
}

#[derive(Serialize)]
struct NextVersion {
    from: String,
    proposed: String,
}

#[derive(Serialize)]
struct EntityJson {
    section: &'static str,
    kind: &'static str,
    id: String,
    iri: Option<String>,
    old_iri: Option<String>,
    link: Option<LinkJson>,
    label: Option<String>,
    change: &'static str,
    class: &'static str,
    graph: Option<String>,
    copies: Option<Copies>,
    properties: Vec<PropertyJson>,
}

#[derive(Serialize)]
struct LinkJson {
    subject: String,
    object: String,
}

#[derive(Serialize)]
struct Copies {
    old: usize,
    new: usize,
}

#[derive(Serialize)]
struct PropertyJson {
    property: String,
    inverse: bool,
    name: String,
    class: &'static str,
    old: Vec<ValueJson>,
    new: Vec<ValueJson>,
}

/// One value: exactly one of `iri`, `literal` (with `language` or `datatype`), `structure`.
#[derive(Serialize)]
struct ValueJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    iri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    literal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    datatype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    structure: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct GraphJson {
    graph: Option<String>,
    old_quads: usize,
    new_quads: usize,
    removed: usize,
    added: usize,
}

fn graph_iri(graph: &GraphName) -> Option<String> {
    match graph {
        GraphName::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

fn value_json(v: &Value, diff: &Diff) -> ValueJson {
    let mut out = ValueJson {
        iri: None,
        literal: None,
        language: None,
        datatype: None,
        structure: None,
        text: super::text::value(v, diff),
    };
    match v {
        Value::Term(Term::NamedNode(n)) => out.iri = Some(n.as_str().to_owned()),
        Value::Term(Term::Literal(l)) => {
            out.literal = Some(l.value().to_owned());
            match l.language() {
                Some(language) => out.language = Some(language.to_owned()),
                None => out.datatype = Some(l.datatype().as_str().to_owned()),
            }
        }
        Value::Term(other) => out.structure = Some(other.to_string()),
        Value::Structure(s) => out.structure = Some(s.clone()),
    }
    out
}

fn property_json(p: &PropertyChange, diff: &Diff) -> PropertyJson {
    PropertyJson {
        property: p.property.iri.as_str().to_owned(),
        inverse: p.property.inverse,
        name: p.name.clone(),
        class: p.class.name(),
        old: p.old.iter().map(|v| value_json(v, diff)).collect(),
        new: p.new.iter().map(|v| value_json(v, diff)).collect(),
    }
}

fn entity_json(e: &EntityChange, diff: &Diff) -> EntityJson {
    EntityJson {
        section: e.section.name(),
        kind: e.kind.name(),
        id: e.id.clone(),
        iri: e.iri.as_ref().map(|n| n.as_str().to_owned()),
        old_iri: e.old_iri.as_ref().map(|n| n.as_str().to_owned()),
        link: e.link.as_ref().map(|(s, o)| LinkJson {
            subject: s.as_str().to_owned(),
            object: o.as_str().to_owned(),
        }),
        label: e.label.clone(),
        change: e.change.name(),
        class: e.class.name(),
        graph: graph_iri(&e.graph),
        copies: e.copies.map(|(old, new)| Copies { old, new }),
        properties: e
            .properties
            .iter()
            .map(|p| property_json(p, diff))
            .collect(),
    }
}

/// Writes `diff` as pretty-printed JSON, with a final newline.
pub fn write(diff: &Diff, out: &mut impl Write) -> io::Result<()> {
    fn side(s: &super::SideSummary) -> SideJson<'_> {
        SideJson {
            name: &s.name,
            kind: s.kind.key(),
            version: s.version.as_deref(),
            quads: s.quads,
        }
    }
    let report = Report {
        schema: SCHEMA,
        old: side(&diff.old),
        new: side(&diff.new),
        same: diff.is_same(),
        class: diff.class().map(super::Class::name),
        next_version: diff.next_version().map(|(from, proposed)| NextVersion {
            from: from.to_string(),
            proposed: proposed.to_string(),
        }),
        counts: diff.counts(),
        entities: diff.entities.iter().map(|e| entity_json(e, diff)).collect(),
        graphs: diff
            .graphs()
            .iter()
            .filter(|g| g.removed_count + g.added_count > 0)
            .map(|g| GraphJson {
                graph: graph_iri(&g.graph),
                old_quads: g.old_quads,
                new_quads: g.new_quads,
                removed: g.removed_count,
                added: g.added_count,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
