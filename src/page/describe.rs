//! What a page says about one IRI: its label, types, properties (with the labels of the things
//! they point to), incoming links, and the terms a document defines; and the quads of its
//! concise description for Turtle and JSON-LD.

use super::sdg::{self, SdgLinkView};
use super::{Linker, PageError};
use crate::vocab::{dct, schema, skos};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term,
    TermRef,
};
use oxigraph::store::{StorageError, Store};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// The predicates that name things, in order of preference.
const LABELS: [NamedNodeRef<'static>; 5] = [
    skos::PREF_LABEL,
    rdfs::LABEL,
    schema::NAME,
    dct::TITLE,
    skos::NOTATION,
];

/// Predicates shown in the page header instead of the property table.
const HEADER: [NamedNodeRef<'static>; 2] = [rdf::TYPE, rdfs::COMMENT];

/// A link to a resource: its IRI, label, and where to follow it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Link {
    /// The label people read (the abbreviated IRI when there is no label).
    pub label: String,
    /// The IRI.
    pub iri: String,
    /// Where the link goes: a local path for IRIs this site serves, else the IRI.
    pub href: String,
}

/// One value of a property.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Value {
    /// A resource.
    Link(Link),
    /// A literal: its text and, abbreviated, its datatype or language.
    Literal {
        /// The lexical form.
        text: String,
        /// `xsd:date`, `@en`, ... (empty for plain strings).
        note: String,
    },
    /// A blank node, shown by its own properties in brackets.
    Blank(String),
}

/// A property of the described resource and its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Property {
    pub predicate: Link,
    /// Its values, sorted.
    pub values: Vec<Value>,
}

/// Everything a page shows about one IRI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Description {
    /// The resource itself.
    pub subject: Link,
    /// `rdf:type` values.
    pub types: Vec<Link>,
    /// `rdfs:comment` values.
    pub comments: Vec<String>,
    /// The other properties, sorted by predicate label.
    pub properties: Vec<Property>,
    /// Resources that point here, grouped by predicate.
    pub incoming: Vec<Property>,
    /// Resources whose IRI is this IRI plus a `#fragment` (the terms an ontology document defines).
    pub members: Vec<Description>,
    /// The named graphs the description comes from.
    pub graphs: Vec<Link>,
    /// When the IRI names a graph of the store: how many triples it holds.
    pub graph_size: Option<usize>,
    /// Its curated links to SDG goals and targets (editorial judgements), in the UN's order.
    pub sdg: Vec<SdgLinkView>,
}

/// Looks things up in a store to describe them.
pub struct Describer<'a> {
    store: &'a Store,
    linker: &'a Linker,
}

impl<'a> Describer<'a> {
    /// A describer over `store`, linking with `linker`.
    pub fn new(store: &'a Store, linker: &'a Linker) -> Self {
        Self { store, linker }
    }

    /// The store it reads.
    pub fn store(&self) -> &'a Store {
        self.store
    }

    /// Describes `iri`; `None` if the store says nothing about it (as subject or object) and
    /// it names no graph.
    pub fn describe(&self, iri: &NamedNode) -> Result<Option<Description>, PageError> {
        let mut description = self.describe_one(iri.as_ref())?;
        let is_graph = self
            .store
            .contains_named_graph(NamedOrBlankNodeRef::NamedNode(iri.as_ref()))?;
        for member in self.members(iri)? {
            description
                .members
                .push(self.describe_one(member.as_ref())?);
        }
        // The members are shown in full below; they need not be listed as incoming links too.
        let members: HashSet<String> = description
            .members
            .iter()
            .map(|m| m.subject.iri.clone())
            .collect();
        for property in &mut description.incoming {
            property
                .values
                .retain(|v| !matches!(v, Value::Link(l) if members.contains(&l.iri)));
        }
        description.incoming.retain(|p| !p.values.is_empty());
        if is_graph {
            let graph = GraphNameRef::NamedNode(iri.as_ref());
            description.graph_size = Some(
                self.store
                    .quads_for_pattern(None, None, None, Some(graph))
                    .count(),
            );
        }
        description.sdg = sdg::links_of(self, iri)?;
        let known = !description.types.is_empty()
            || !description.comments.is_empty()
            || !description.properties.is_empty()
            || !description.incoming.is_empty()
            || !description.members.is_empty()
            || is_graph;
        Ok(known.then_some(description))
    }

    fn describe_one(&self, iri: NamedNodeRef<'_>) -> Result<Description, StorageError> {
        let mut types = Vec::new();
        let mut comments = Vec::new();
        let mut properties: BTreeMap<NamedNode, Vec<Value>> = BTreeMap::new();
        let mut graphs = HashSet::new();
        for quad in self
            .store
            .quads_for_pattern(Some(iri.into()), None, None, None)
        {
            let quad = quad?;
            if let oxigraph::model::GraphName::NamedNode(g) = &quad.graph_name {
                graphs.insert(g.clone());
            }
            if quad.predicate == rdf::TYPE {
                if let Term::NamedNode(t) = &quad.object {
                    types.push(self.link(t.as_ref())?);
                }
            } else if quad.predicate == rdfs::COMMENT {
                if let Term::Literal(l) = &quad.object {
                    comments.push(l.value().to_owned());
                }
            } else if !HEADER.contains(&quad.predicate.as_ref()) {
                let value = self.value(quad.object.as_ref())?;
                properties.entry(quad.predicate).or_default().push(value);
            }
        }
        let mut incoming: BTreeMap<NamedNode, Vec<Value>> = BTreeMap::new();
        for quad in self
            .store
            .quads_for_pattern(None, None, Some(iri.into()), None)
        {
            let quad = quad?;
            if let NamedOrBlankNode::NamedNode(s) = &quad.subject {
                let value = Value::Link(self.link(s.as_ref())?);
                incoming.entry(quad.predicate).or_default().push(value);
            }
        }
        types.sort();
        types.dedup();
        comments.sort();
        comments.dedup();
        let mut graphs: Vec<Link> = graphs
            .iter()
            .map(|g| self.link(g.as_ref()))
            .collect::<Result<_, _>>()?;
        graphs.sort();
        Ok(Description {
            subject: self.link(iri)?,
            types,
            comments,
            properties: self.properties(properties)?,
            incoming: self.properties(incoming)?,
            members: Vec::new(),
            graphs,
            graph_size: None,
            sdg: Vec::new(),
        })
    }

    fn properties(
        &self,
        map: BTreeMap<NamedNode, Vec<Value>>,
    ) -> Result<Vec<Property>, StorageError> {
        let mut out = Vec::new();
        for (predicate, mut values) in map {
            values.sort();
            values.dedup();
            out.push(Property {
                predicate: self.link(predicate.as_ref())?,
                values,
            });
        }
        out.sort_by(|a, b| a.predicate.cmp(&b.predicate));
        Ok(out)
    }

    /// Subjects whose IRI is `iri#something`, sorted.
    fn members(&self, iri: &NamedNode) -> Result<Vec<NamedNode>, StorageError> {
        let prefix = format!("{}#", iri.as_str());
        let mut members = HashSet::new();
        for quad in self.store.quads_for_pattern(
            None,
            Some(rdfs::IS_DEFINED_BY),
            Some(iri.as_ref().into()),
            None,
        ) {
            if let NamedOrBlankNode::NamedNode(s) = quad?.subject
                && s.as_str().starts_with(&prefix)
            {
                members.insert(s);
            }
        }
        let mut members: Vec<NamedNode> = members.into_iter().collect();
        members.sort();
        Ok(members)
    }

    fn value(&self, term: TermRef<'_>) -> Result<Value, StorageError> {
        Ok(match term {
            TermRef::NamedNode(n) => Value::Link(self.link(n)?),
            TermRef::Literal(l) => Value::Literal {
                text: l.value().to_owned(),
                note: match l.language() {
                    Some(lang) => format!("@{lang}"),
                    None if l.datatype() == oxigraph::model::vocab::xsd::STRING => String::new(),
                    None => super::short_name(l.datatype().as_str()),
                },
            },
            // Blank nodes, and triple terms when RDF 1.2 is enabled.
            other => {
                if let TermRef::BlankNode(b) = other {
                    Value::Blank(self.blank_summary(b.into())?)
                } else {
                    Value::Blank(other.to_string())
                }
            }
        })
    }

    /// `[ label: value; ... ]` for a blank node, one level deep.
    fn blank_summary(&self, node: NamedOrBlankNodeRef<'_>) -> Result<String, StorageError> {
        let mut parts = Vec::new();
        for quad in self.store.quads_for_pattern(Some(node), None, None, None) {
            let quad = quad?;
            parts.push(format!(
                "{} {}",
                super::short_name(quad.predicate.as_str()),
                crate::query::display_term(&quad.object)
            ));
        }
        parts.sort();
        Ok(format!("[ {} ]", parts.join("; ")))
    }

    /// A link to `iri` with its best label.
    pub fn link(&self, iri: NamedNodeRef<'_>) -> Result<Link, StorageError> {
        Ok(Link {
            label: self
                .label(iri)?
                .unwrap_or_else(|| super::short_name(iri.as_str())),
            iri: iri.as_str().to_owned(),
            href: self.linker.href(iri.as_str()),
        })
    }

    /// The best label of `iri`: the first labelling predicate that has one, English or
    /// language-less preferred.
    pub fn label(&self, iri: NamedNodeRef<'_>) -> Result<Option<String>, StorageError> {
        for predicate in LABELS {
            let mut best: Option<(u8, String)> = None;
            for quad in self
                .store
                .quads_for_pattern(Some(iri.into()), Some(predicate), None, None)
            {
                if let Term::Literal(l) = quad?.object {
                    let rank = match l.language() {
                        Some("en") => 0,
                        None => 1,
                        Some(_) => 2,
                    };
                    let candidate = (rank, l.value().to_owned());
                    if best.as_ref().is_none_or(|b| candidate < *b) {
                        best = Some(candidate);
                    }
                }
            }
            if let Some((_, label)) = best {
                return Ok(Some(label));
            }
        }
        Ok(None)
    }

    /// The quads of the concise description of `iri`: its own triples, those of the blank
    /// nodes it reaches, and those of its `#` members; for a graph IRI, the graph's content.
    pub fn quads(&self, iri: &NamedNode) -> Result<Vec<Quad>, StorageError> {
        let graph = NamedOrBlankNodeRef::NamedNode(iri.as_ref());
        if self.store.contains_named_graph(graph)? {
            return self
                .store
                .quads_for_pattern(
                    None,
                    None,
                    None,
                    Some(GraphNameRef::NamedNode(iri.as_ref())),
                )
                .collect();
        }
        let mut subjects: Vec<NamedOrBlankNode> = vec![iri.clone().into()];
        subjects.extend(self.members(iri)?.into_iter().map(NamedOrBlankNode::from));
        let mut seen: HashSet<NamedOrBlankNode> = subjects.iter().cloned().collect();
        let mut quads = Vec::new();
        while let Some(subject) = subjects.pop() {
            for quad in self
                .store
                .quads_for_pattern(Some(subject.as_ref()), None, None, None)
            {
                let quad = quad?;
                if let Term::BlankNode(b) = &quad.object {
                    let node = NamedOrBlankNode::from(b.clone());
                    if seen.insert(node.clone()) {
                        subjects.push(node);
                    }
                }
                quads.push(quad);
            }
        }
        Ok(quads)
    }
}
