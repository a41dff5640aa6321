//! The IRIs kyoto-kg mints: instance IRIs under `https://w3id.org/kyoto-kg/id/`, named graphs
//! under `https://w3id.org/kyoto-kg/graph/`, and the slugs they end with.
//!
//! IRIs are a pure function of the source records' identifiers (a session's year and number,
//! a topic's stored `id`, ...), so they are the same on every run and on every machine.

use oxigraph::model::{NamedNode, NamedNodeRef};

/// The base every kyoto-kg IRI starts with.
pub const BASE: &str = "https://w3id.org/kyoto-kg/";
/// The base of instance IRIs.
pub const ID_BASE: &str = "https://w3id.org/kyoto-kg/id/";
/// The IRI of the ontology document.
pub const ONTOLOGY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/kyoto-kg/ontology");
/// The SKOS concept scheme holding the pillars (top concepts) and topics.
pub const SCHEME: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/kyoto-kg/id/scheme");

/// The named graphs of a kyoto-kg store.
pub mod graph {
    use oxigraph::model::NamedNodeRef;

    /// The graph holding the ontology (`ontology/kyoto.ttl`).
    pub const ONTOLOGY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/kyoto-kg/graph/ontology");
    /// The graph holding the facts converted from `data/`.
    pub const DATA: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/kyoto-kg/graph/data");
    /// The graph holding the snapshot of the UN SDG vocabulary (`data/sdg/sdg-snapshot.ttl`).
    pub const SDG: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/kyoto-kg/graph/sdg");
}

/// The kinds of things that get an instance IRI, and the path segment each lives under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `id/declaration/<id>`
    Declaration,
    /// `id/resolution/<id>`
    Resolution,
    /// `id/workplan/<id>`
    Workplan,
    /// `id/organization/<id>`
    Organization,
    /// `id/meeting/<id>`
    Meeting,
    /// `id/pillar/<number>`
    Pillar,
    /// `id/discussion/<year>`
    Discussion,
    /// `id/session/<year>-<number>`
    Session,
    /// `id/topic/<slug>`
    Topic,
    /// `id/source/<id>`
    Source,
    /// `id/mapping/<subject>--<object>`: a curated mapping record (see [`mapping_local`]).
    Mapping,
}

impl Kind {
    /// The path segment of this kind under [`ID_BASE`].
    pub const fn segment(self) -> &'static str {
        match self {
            Self::Declaration => "declaration",
            Self::Resolution => "resolution",
            Self::Workplan => "workplan",
            Self::Organization => "organization",
            Self::Meeting => "meeting",
            Self::Pillar => "pillar",
            Self::Discussion => "discussion",
            Self::Session => "session",
            Self::Topic => "topic",
            Self::Source => "source",
            Self::Mapping => "mapping",
        }
    }

    /// Every kind, for listings and prefix tables.
    pub const ALL: [Self; 11] = [
        Self::Declaration,
        Self::Resolution,
        Self::Workplan,
        Self::Organization,
        Self::Meeting,
        Self::Pillar,
        Self::Discussion,
        Self::Session,
        Self::Topic,
        Self::Source,
        Self::Mapping,
    ];

    /// The namespace of this kind, e.g. `https://w3id.org/kyoto-kg/id/session/`.
    pub fn namespace(self) -> String {
        format!("{ID_BASE}{}/", self.segment())
    }
}

/// The IRI of the thing of `kind` whose local identifier is `local`.
///
/// `local` must already be a valid slug ([`is_slug`]) or a number; the source loader checks
/// every identifier before it reaches this function.
pub fn mint(kind: Kind, local: impl std::fmt::Display) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID_BASE}{}/{local}", kind.segment()))
}

/// The local identifier of a session: `<year>-<number>`.
pub fn session_local(year: i32, number: u32) -> String {
    format!("{year}-{number}")
}

/// The local identifier of a mapping record: the subject's kind and local identifier, then the
/// last path segment of the object's IRI, e.g. `topic-access-to-legal-aid--16.3` or
/// `pillar-3--16.3`. It does not name the predicate, so regrading a link (related to close
/// match) keeps its IRI.
pub fn mapping_local(subject: Kind, subject_local: &str, object_iri: &str) -> String {
    let object = object_iri
        .trim_end_matches('/')
        .rsplit(['/', '#'])
        .next()
        .unwrap_or(object_iri);
    format!("{}-{subject_local}--{object}", subject.segment())
}

/// Whether `s` is a valid slug: lower-case ASCII letters and digits in words joined by `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The longest slug [`slugify`] produces.
pub const MAX_SLUG_LEN: usize = 60;

/// Words that a truncated slug does not end with.
const TRAILING_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "the", "of", "in", "into", "to", "for", "with", "on", "or", "through",
    "before",
];

/// Derives a readable slug from a label: lower-case ASCII words joined by `-`, apostrophes
/// dropped (`victims’` -> `victims`), cut at a word boundary to at most [`MAX_SLUG_LEN`]
/// characters and, when cut, without a trailing stop word.
///
/// This is how new topic ids are proposed; once stored in `data/`, an id never changes.
pub fn slugify(label: &str) -> String {
    let cleaned: String = label
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘'))
        .flat_map(char::to_lowercase)
        .collect();
    let words: Vec<&str> = cleaned
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut len = 0;
    for word in &words {
        let added = if kept.is_empty() {
            word.len()
        } else {
            word.len() + 1
        };
        if len + added > MAX_SLUG_LEN {
            break;
        }
        len += added;
        kept.push(word);
    }
    if kept.len() < words.len() {
        while kept.len() > 1 && kept.last().is_some_and(|w| TRAILING_STOP_WORDS.contains(w)) {
            kept.pop();
        }
    }
    kept.join("-")
}

/// Upper-case Roman numeral of `n` (1..=3999), used as the `skos:notation` of pillars.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_drop_apostrophes_and_punctuation() {
        assert_eq!(
            slugify("Safeguarding victims’ rights and protecting witnesses and reporting persons"),
            "safeguarding-victims-rights-and-protecting-witnesses"
        );
        assert_eq!(slugify("Access to legal aid"), "access-to-legal-aid");
        assert_eq!(
            slugify("Effective, accountable, impartial and inclusive institutions"),
            "effective-accountable-impartial-and-inclusive-institutions"
        );
    }

    #[test]
    fn truncated_slugs_do_not_end_with_a_stop_word() {
        let slug = slugify(
            "Addressing the vulnerabilities of children and youth in contact with the criminal justice system",
        );
        assert_eq!(slug, "addressing-the-vulnerabilities-of-children-and-youth");
        assert!(slug.len() <= MAX_SLUG_LEN);
        assert!(is_slug(&slug));
    }

    #[test]
    fn slug_validation_rejects_what_would_break_an_iri() {
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "a/b", "é"] {
            assert!(!is_slug(bad), "{bad:?} should not be a slug");
        }
        assert!(is_slug("2022-2"));
    }

    #[test]
    fn roman_numerals_of_the_pillars() {
        assert_eq!(
            (1..=4).map(roman).collect::<Vec<_>>(),
            ["I", "II", "III", "IV"]
        );
        assert_eq!(roman(1994), "MCMXCIV");
    }
}
