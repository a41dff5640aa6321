//! One problem found by validation, in a form people can act on.

use crate::model::Origin;
use crate::query::abbreviate;
use std::fmt;

/// What a finding violates: a SHACL shape or a quality check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A node shape of `ontology/shapes.ttl`, by IRI (property shapes are reported as the node
    /// shape that holds them).
    Shape(String),
    /// A quality check of `queries/checks/`, by name (the file name without `.rq`).
    Check(String),
}

impl Rule {
    /// The shape's local name or the check's name, e.g. `SessionShape`, `label-whitespace-violation`.
    pub fn name(&self) -> &str {
        match self {
            Self::Shape(iri) => iri.rsplit(['#', '/']).next().unwrap_or(iri),
            Self::Check(name) => name,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shape(_) => write!(f, "shape {}", self.name()),
            Self::Check(name) => write!(f, "check queries/checks/{name}.rq"),
        }
    }
}

/// One violation: where, what, and where the fact came from.
///
/// Findings sort by source location first, so a curator can walk through a file top to bottom.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Finding {
    /// The source record the focus node was converted from, when known.
    pub origin: Option<Origin>,
    /// The node that violates the rule (an IRI, or a blank node / literal in N-Triples form).
    pub focus: String,
    /// The rule violated.
    pub rule: Rule,
    /// The property path, in SPARQL syntax, when the rule is about one property.
    pub path: Option<String>,
    /// The offending value, in N-Triples form, when there is one.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Finding {
    /// Renders the finding on several lines:
    ///
    /// ```text
    /// violation: a thematic session has exactly one date, an xsd:date
    ///   --> data/sessions.toml:53 (session:2021-2)
    ///    = path: schema:startDate
    ///    = value: "2021-11-11"^^xsd:gYear
    ///    = rule: shape SessionShape
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "violation: {}", self.message)?;
        let focus = display_node(&self.focus);
        match &self.origin {
            Some(origin) => writeln!(f, "  --> {origin} ({focus})")?,
            None => writeln!(f, "  --> {focus}")?,
        }
        if let Some(path) = &self.path {
            writeln!(f, "   = path: {}", abbreviate_all(path))?;
        }
        if let Some(value) = &self.value {
            writeln!(
                f,
                "   = value: {}",
                crate::label::escape_invisible(&abbreviate_all(value))
            )?;
        }
        write!(f, "   = rule: {}", self.rule)
    }
}

/// A node for people: a prefixed name when a project prefix fits, else as given.
pub(crate) fn display_node(node: &str) -> String {
    if node.starts_with('"') || node.starts_with("_:") {
        abbreviate_all(node)
    } else {
        abbreviate(node.trim_start_matches('<').trim_end_matches('>'))
    }
}

/// Replaces every `<iri>` in `text` by its prefixed name where a project prefix fits.
fn abbreviate_all(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        out.push_str(&rest[..start]);
        let iri = &rest[start + 1..start + len];
        out.push_str(&abbreviate(iri));
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_in_values_and_paths_are_abbreviated() {
        assert_eq!(
            abbreviate_all("\"2021\"^^<http://www.w3.org/2001/XMLSchema#gYear>"),
            "\"2021\"^^xsd:gYear"
        );
        assert_eq!(
            abbreviate_all("^<https://w3id.org/kyoto-kg/ontology#topic>"),
            "^kyoto:topic"
        );
        assert_eq!(abbreviate_all("<unclosed"), "<unclosed");
    }

    #[test]
    fn rules_are_named_by_their_local_name() {
        assert_eq!(
            Rule::Shape("https://w3id.org/kyoto-kg/shapes#SessionShape".into()).name(),
            "SessionShape"
        );
        assert_eq!(Rule::Check("x-violation".into()).name(), "x-violation");
    }
}
