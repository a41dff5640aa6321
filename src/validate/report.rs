//! The standard SHACL validation report (`sh:ValidationReport`, SHACL §3.6): the engine's
//! report, completed with one `sh:ValidationResult` per quality-check finding, written as RDF.

use super::finding::{Finding, Rule};
use crate::serialize::{self, Format};
use oxigraph::io::RdfSerializer;
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    BlankNode, Dataset, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term,
};
use std::io::{self, Write};
use std::str::FromStr;

const SH: &str = crate::vocab::sh::NAMESPACE;
/// The namespace naming the quality checks as `sh:sourceShape`s of their results.
pub const CHECKS_NAMESPACE: &str = "https://w3id.org/kyoto-kg/checks#";

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// Adds the check findings to the engine's `report` as further `sh:result`s.
pub(super) fn with_checks(mut report: Vec<Quad>, checks: &[Finding]) -> Vec<Quad> {
    let report_type = Term::from(sh("ValidationReport"));
    let Some(node) = report
        .iter()
        .find(|q| q.predicate == rdf::TYPE && q.object == report_type)
        .map(|q| q.subject.clone())
    else {
        return report;
    };
    if checks.is_empty() {
        return report;
    }
    let conforms = sh("conforms");
    report.retain(|q| !(q.subject == node && q.predicate == conforms));
    let add = |report: &mut Vec<Quad>, s: &NamedOrBlankNode, p: NamedNode, o: Term| {
        report.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    };
    add(
        &mut report,
        &node,
        conforms,
        Literal::new_typed_literal("false", xsd::BOOLEAN).into(),
    );
    for (i, finding) in checks.iter().enumerate() {
        let result = NamedOrBlankNode::from(BlankNode::new_unchecked(format!("check{i}")));
        add(&mut report, &node, sh("result"), result.clone().into());
        add(
            &mut report,
            &result,
            rdf::TYPE.into_owned(),
            sh("ValidationResult").into(),
        );
        add(&mut report, &result, sh("focusNode"), term(&finding.focus));
        add(
            &mut report,
            &result,
            sh("resultSeverity"),
            sh("Violation").into(),
        );
        add(
            &mut report,
            &result,
            sh("sourceConstraintComponent"),
            sh("SPARQLConstraintComponent").into(),
        );
        if let Rule::Check(name) = &finding.rule {
            add(
                &mut report,
                &result,
                sh("sourceShape"),
                NamedNode::new_unchecked(format!("{CHECKS_NAMESPACE}{name}")).into(),
            );
        }
        add(
            &mut report,
            &result,
            sh("resultMessage"),
            Literal::new_language_tagged_literal_unchecked(&finding.message, "en").into(),
        );
        if let Some(path) = finding.path.as_deref().and_then(|p| NamedNode::new(p).ok()) {
            add(&mut report, &result, sh("resultPath"), path.into());
        }
        if let Some(value) = &finding.value {
            add(&mut report, &result, sh("value"), term(value));
        }
    }
    report
}

/// A finding's node back as a term: a bare IRI, or N-Triples text.
fn term(text: &str) -> Term {
    if let Ok(iri) = NamedNode::new(text) {
        return iri.into();
    }
    Term::from_str(text).unwrap_or_else(|_| Literal::from(text).into())
}

/// Writes `report` in `format`, with the `sh:` prefix and the project's prefixes.
///
/// Blank nodes are canonicalised and the quads sorted, so the same findings always give the
/// same bytes.
pub fn write_report<W: Write>(report: &[Quad], format: Format, writer: W) -> io::Result<W> {
    let mut dataset: Dataset = report.iter().collect();
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    let mut quads: Vec<Quad> = dataset.iter().map(|q| q.into_owned()).collect();
    serialize::sort_quads(&mut quads);
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    let mut prefixes = crate::vocab::prefixes();
    prefixes.push(("sh".into(), SH.into()));
    prefixes.push(("kyotosh".into(), super::shapes::NAMESPACE.into()));
    prefixes.push(("check".into(), CHECKS_NAMESPACE.into()));
    for (name, iri) in prefixes {
        serializer = serializer
            .with_prefix(name, iri)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    }
    let mut writer = serializer.for_writer(writer);
    for quad in &quads {
        writer.serialize_quad(quad)?;
    }
    writer.finish()
}
