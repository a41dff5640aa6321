//! How a report names IRIs, terms and properties for people: the project's prefixes
//! (`session:2022-2`, `sdg:16.3`, `kyoto:Topic`), literals with their language or as plain
//! values, and a curated link's properties by the names of `data/sdg-links.toml`.

use crate::vocab::{dct, owl, sssom};
use oxigraph::model::vocab::{rdfs, xsd};
use oxigraph::model::{Literal, NamedNodeRef, Term};

/// The prefix table reports abbreviate with, longest namespace first.
#[derive(Debug, Clone)]
pub(crate) struct Prefixes(Vec<(String, String)>);

impl Default for Prefixes {
    fn default() -> Self {
        let mut table = crate::export::void::prefixes();
        table.push(("vann".to_owned(), crate::vocab::vann::NAMESPACE.to_owned()));
        // The most specific namespace wins (`session:` over `id:`, if both were there).
        table.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        Self(table)
    }
}

impl Prefixes {
    /// `prefix:local`, or `<iri>` when no prefix fits.
    pub fn iri(&self, iri: &str) -> String {
        self.0
            .iter()
            .find_map(|(name, ns)| {
                iri.strip_prefix(ns.as_str())
                    .filter(|local| !local.is_empty() && !local.contains(['/', '#']))
                    .map(|local| format!("{name}:{local}"))
            })
            .unwrap_or_else(|| format!("<{iri}>"))
    }

    /// A term for people: an abbreviated IRI, a literal as `"text"@en`, a number, date or
    /// boolean as its value, another typed literal as `"value"^^type`.
    pub fn term(&self, term: &Term) -> String {
        match term {
            Term::NamedNode(n) => self.iri(n.as_str()),
            Term::Literal(l) => self.literal(l),
            other => other.to_string(),
        }
    }

    fn literal(&self, literal: &Literal) -> String {
        let quoted = || format!("\"{}\"", escape(literal.value()));
        if let Some(language) = literal.language() {
            return format!("{}@{language}", quoted());
        }
        let datatype = literal.datatype();
        if datatype == xsd::STRING {
            quoted()
        } else if PLAIN_DATATYPES.contains(&datatype) {
            literal.value().to_owned()
        } else {
            format!("{}^^{}", quoted(), self.iri(datatype.as_str()))
        }
    }
}

/// Datatypes whose values read unambiguously without quotes.
const PLAIN_DATATYPES: [NamedNodeRef<'static>; 10] = [
    xsd::INTEGER,
    xsd::DECIMAL,
    xsd::DOUBLE,
    xsd::BOOLEAN,
    xsd::DATE,
    xsd::DATE_TIME,
    xsd::G_YEAR,
    xsd::G_YEAR_MONTH,
    xsd::NON_NEGATIVE_INTEGER,
    xsd::HEX_BINARY,
];

/// Escapes what would make a quoted value ambiguous: quotes, backslashes and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// The names `data/sdg-links.toml` gives the properties of a curated link's record.
pub(crate) const LINK_FIELDS: [(&str, &str); 11] = [
    (owl::ANNOTATED_PROPERTY.as_str(), "predicate"),
    (owl::ANNOTATED_SOURCE.as_str(), "subject"),
    (owl::ANNOTATED_TARGET.as_str(), "object"),
    (rdfs::COMMENT.as_str(), "rationale"),
    (sssom::AUTHOR_LABEL.as_str(), "author"),
    (dct::CREATED.as_str(), "date"),
    (sssom::REVIEWER_LABEL.as_str(), "reviewer"),
    (dct::DATE_ACCEPTED.as_str(), "reviewed"),
    (sssom::CONFIDENCE.as_str(), "confidence"),
    (sssom::MAPPING_JUSTIFICATION.as_str(), "justification"),
    (rdfs::LABEL.as_str(), "label"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    #[test]
    fn terms_read_as_people_write_them() {
        let p = Prefixes::default();
        assert_eq!(
            p.iri("https://w3id.org/kyoto-kg/id/session/2022-2"),
            "session:2022-2"
        );
        assert_eq!(p.iri("http://metadata.un.org/sdg/16.3"), "sdg:16.3");
        assert_eq!(p.iri("http://example.org/x"), "<http://example.org/x>");
        let date = Literal::new_typed_literal("2026-12-05", xsd::DATE);
        assert_eq!(p.term(&date.into()), "2026-12-05");
        let text = Literal::new_language_tagged_literal_unchecked("say \"hi\"", "en");
        assert_eq!(p.term(&text.into()), "\"say \\\"hi\\\"\"@en");
        let odd = Literal::new_typed_literal(
            "16.3",
            NamedNode::new_unchecked("http://metadata.un.org/sdg/ontology#SDGCodeCompact"),
        );
        assert_eq!(p.term(&odd.into()), "\"16.3\"^^sdgo:SDGCodeCompact");
    }
}
