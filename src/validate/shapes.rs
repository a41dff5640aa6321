//! The SHACL shapes of `ontology/shapes.ttl` and the engine that checks a graph against them.
//!
//! The engine is rudof's [`shacl`] crate in its native (in-memory) mode; SHACL-SPARQL
//! constraints (`sh:sparql`) run on an Oxigraph store it builds from the same triples.

use super::finding::{Finding, Rule};
use super::{ValidateError, in_default_graph};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Quad, Term, Triple};
use rudof_rdf::rdf_core::term::Object;
use rudof_rdf::rdf_core::{BuildRDF, SHACLPath};
use rudof_rdf::rdf_impl::OxigraphInMemory;
use shacl::ir::IRSchema;
use shacl::rdf::ShaclParser;
use shacl::validator::processor::{GraphValidation, ShaclProcessor};
use shacl::validator::report::ValidationResult;
use shacl::validator::store::Graph;
use shacl::validator::{ShaclConfig, ShaclValidationMode};
use std::collections::{BTreeMap, HashSet};

/// The shapes, as shipped in `ontology/shapes.ttl`.
pub const SHAPES_TTL: &str = include_str!("../../ontology/shapes.ttl");

/// The namespace of the shapes' IRIs (`kyotosh:`).
pub const NAMESPACE: &str = "https://w3id.org/kyoto-kg/shapes#";

/// The shapes graph: its triples, parsed once per call.
pub fn triples() -> Result<Vec<Triple>, ValidateError> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(SHAPES_TTL)
        .map(|q| q.map(Triple::from))
        .collect::<Result<_, _>>()
        .map_err(|e| ValidateError::Shapes(e.to_string()))
}

/// The IRIs of the node shapes, sorted.
pub fn node_shapes() -> Result<Vec<String>, ValidateError> {
    let mut out: Vec<String> = triples()?
        .into_iter()
        .filter(|t| {
            t.predicate.as_str() == oxigraph::model::vocab::rdf::TYPE.as_str()
                && matches!(&t.object, Term::NamedNode(n) if n.as_str() == SH_NODE_SHAPE)
        })
        .filter_map(|t| match t.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.into_string()),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    out.sort();
    Ok(out)
}

const SH_NODE_SHAPE: &str = crate::vocab::sh::NODE_SHAPE.as_str();
const SH_PROPERTY: &str = crate::vocab::sh::PROPERTY.as_str();
const SH_MESSAGE: &str = crate::vocab::sh::MESSAGE.as_str();

/// What one SHACL run found.
pub(super) struct ShapeRun {
    /// The violations, one per result.
    pub findings: Vec<Finding>,
    /// The engine's `sh:ValidationReport`.
    pub report: Vec<Quad>,
    /// How many distinct triples were validated.
    pub triples: usize,
}

/// Validates `data` (repeated triples count once) against the shapes graph `shape_triples`
/// ([`triples`]).
///
/// `satisfied` gives the `sh:sparql` triples of the shapes whose constraint holds for every
/// target node (see [`super::sparql_constraints`]); the engine skips them. It is called once the
/// engine's copy of `data` is built, so that it can be computed meanwhile.
pub(super) fn run(
    data: Vec<Triple>,
    shape_triples: &[Triple],
    satisfied: impl FnOnce() -> HashSet<Triple>,
) -> Result<ShapeRun, ValidateError> {
    let mut graph = OxigraphInMemory::new();
    for t in data {
        graph
            .add_triple(t.subject, t.predicate, t.object)
            .map_err(|e| ValidateError::Engine(e.to_string()))?;
    }
    let triples = graph.len();

    let properties = property_shapes(shape_triples);
    let skipped = satisfied();
    let schema = compile(
        shape_triples
            .iter()
            .filter(|t| !skipped.contains(t))
            .cloned()
            .collect(),
    )?;
    let graph = Graph::try_from(graph).map_err(|e| ValidateError::Engine(e.to_string()))?;
    let mut validation = GraphValidation::new(graph);
    let report = validation
        .validate(
            &schema,
            &ShaclValidationMode::Native,
            &ShaclConfig::default(),
        )
        .map_err(|e| ValidateError::Engine(e.to_string()))?;

    let findings = report
        .results()
        .iter()
        .map(|r| finding(r, &properties))
        .collect();
    let mut out = OxigraphInMemory::new();
    report
        .to_rdf(&mut out)
        .map_err(|e| ValidateError::Engine(e.to_string()))?;
    let report = in_default_graph(
        out.quads()
            .map(|q| Triple::new(q.subject, q.predicate, q.object)),
    );
    Ok(ShapeRun {
        findings,
        report,
        triples,
    })
}

/// Parses and compiles the shapes graph.
fn compile(triples: Vec<Triple>) -> Result<IRSchema, ValidateError> {
    let mut graph = OxigraphInMemory::new();
    for t in triples {
        graph
            .add_triple(t.subject, t.predicate, t.object)
            .map_err(|e| ValidateError::Shapes(e.to_string()))?;
    }
    let ast = ShaclParser::new(graph)
        .parse()
        .map_err(|e| ValidateError::Shapes(e.to_string()))?;
    IRSchema::compile(&ast).map_err(|e| ValidateError::Shapes(e.to_string()))
}

/// What the shapes graph says about its property shapes (blank nodes, by id).
#[derive(Default)]
struct PropertyShapes {
    /// The node shape that holds each property shape.
    owners: BTreeMap<String, String>,
    /// Each property shape's `sh:message`.
    messages: BTreeMap<String, String>,
}

fn property_shapes(triples: &[Triple]) -> PropertyShapes {
    let mut out = PropertyShapes::default();
    for t in triples {
        match (&t.subject, t.predicate.as_str(), &t.object) {
            (NamedOrBlankNode::NamedNode(owner), SH_PROPERTY, Term::BlankNode(property)) => {
                out.owners
                    .insert(property.as_str().to_owned(), owner.as_str().to_owned());
            }
            (NamedOrBlankNode::BlankNode(property), SH_MESSAGE, Term::Literal(message)) => {
                out.messages
                    .insert(property.as_str().to_owned(), message.value().to_owned());
            }
            _ => {}
        }
    }
    out
}

/// A finding from one engine result.
///
/// The message is the property shape's `sh:message` (written for curators) followed by the
/// engine's own account in parentheses; for node shapes, the engine's (interpolated) message.
fn finding(result: &ValidationResult, properties: &PropertyShapes) -> Finding {
    let engine_message = result
        .message()
        .iter()
        .min_by_key(|(lang, _)| lang.as_ref().map(ToString::to_string))
        .map(|(_, text)| text.clone());
    let (shape, message) = match result.source() {
        Some(Object::Iri(iri)) => (iri.as_str().to_owned(), engine_message),
        Some(Object::BlankNode(id)) => {
            let shape = properties
                .owners
                .get(id.as_str())
                .cloned()
                .unwrap_or_else(|| format!("_:{id}"));
            let message = match (properties.messages.get(id.as_str()), engine_message) {
                (Some(ours), Some(engine)) if engine != *ours => Some(format!("{ours} ({engine})")),
                (Some(ours), _) => Some(ours.clone()),
                (None, engine) => engine,
            };
            (shape, message)
        }
        Some(other) => (other.to_string(), engine_message),
        None => (String::new(), engine_message),
    };
    let component = result.constraint_component().to_string();
    Finding {
        origin: None,
        focus: node_text(result.focus_node()),
        rule: Rule::Shape(shape),
        path: result.path().map(path_text),
        value: result.value().map(|v| Term::from(v.clone()).to_string()),
        message: message.unwrap_or_else(|| describe_component(&component)),
    }
}

/// A node as text: an IRI bare, anything else in N-Triples form.
fn node_text(object: &Object) -> String {
    match Term::from(object.clone()) {
        Term::NamedNode(n) => n.into_string(),
        other => other.to_string(),
    }
}

/// A SHACL path in SPARQL property-path syntax, IRIs in angle brackets.
fn path_text(path: &SHACLPath) -> String {
    match path {
        SHACLPath::Predicate { pred } => format!("<{}>", pred.as_str()),
        SHACLPath::Inverse { path } => format!("^{}", path_text(path)),
        SHACLPath::Sequence { paths } => {
            format!(
                "({})",
                paths.iter().map(path_text).collect::<Vec<_>>().join("/")
            )
        }
        SHACLPath::Alternative { paths } => {
            format!(
                "({})",
                paths.iter().map(path_text).collect::<Vec<_>>().join("|")
            )
        }
        other => other.to_string(),
    }
}

/// A message for results whose shape gives none: the constraint component's name, in words.
fn describe_component(component: &str) -> String {
    let local = component
        .rsplit(['#', '/'])
        .next()
        .unwrap_or(component)
        .trim_end_matches('>')
        .trim_end_matches("ConstraintComponent");
    format!("the value does not satisfy the {local} constraint")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shapes_parse_and_compile() -> Result<(), ValidateError> {
        compile(triples()?)?;
        assert!(node_shapes()?.len() >= 10);
        Ok(())
    }

    #[test]
    fn the_sparql_constraints_never_call_a_service() -> Result<(), ValidateError> {
        // The engine evaluates SHACL-SPARQL with Oxigraph's default evaluator, which would follow
        // SERVICE over HTTP: see the module documentation of `validate`.
        let selects: Vec<String> = triples()?
            .into_iter()
            .filter(|t| t.predicate.as_str() == "http://www.w3.org/ns/shacl#select")
            .map(|t| t.object.to_string().to_ascii_uppercase())
            .collect();
        assert!(selects.len() >= 3, "{selects:?}");
        assert!(
            selects.iter().all(|s| !s.contains("SERVICE")),
            "{selects:?}"
        );
        Ok(())
    }

    #[test]
    fn components_without_messages_are_described() {
        assert_eq!(
            describe_component("http://www.w3.org/ns/shacl#MinCountConstraintComponent"),
            "the value does not satisfy the MinCount constraint"
        );
    }
}
