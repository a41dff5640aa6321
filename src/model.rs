//! The typed records of the Kyoto follow-up, as checked by the [`source`](crate::source) loader.
//!
//! A [`Dataset`] holds only facts that passed every check: references resolve, identifiers are
//! unique slugs, dates are real calendar dates inside their discussion's year. Every record
//! remembers where it came from ([`Origin`]) so later stages can point curators back to it.

use crate::vocab::{dct, skos};
use chrono::NaiveDate;
use oxigraph::model::{NamedNodeRef, Triple};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// Where a record was read from: a file and the 1-based line of its table header.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The source file.
    pub file: PathBuf,
    /// The 1-based line of the record in that file.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// A year and month, for facts the source dates to a month only (e.g. "May 2021").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The year.
    pub year: i32,
    /// The month, 1..=12.
    pub month: u32,
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A public source that facts were transcribed from: a document or a web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Slug identifier (`id/source/<id>`).
    pub id: String,
    /// What the source is.
    pub title: String,
    /// UN document symbol, when the source is a UN document.
    pub symbol: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
    /// Anything a reader should know about how it was used.
    pub note: Option<String>,
    /// Where this record was read from.
    pub origin: Origin,
}

/// An organization, such as the CCPCJ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Slug identifier (`id/organization/<id>`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Acronym, when the source gives one.
    pub acronym: Option<String>,
    /// Ids of the sources stating these facts.
    pub sources: Vec<String>,
    /// Where this record was read from.
    pub origin: Origin,
}

/// A meeting: a congress or a session of a commission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// Slug identifier (`id/meeting/<id>`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Id of the organizing [`Organization`], when known.
    pub organizer: Option<String>,
    /// The month it was held in, when the source gives only that.
    pub month: Option<YearMonth>,
    /// Ids of the sources stating these facts.
    pub sources: Vec<String>,
    /// Where this record was read from.
    pub origin: Origin,
}

/// The declaration that the follow-up is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// Slug identifier (`id/declaration/<id>`).
    pub id: String,
    /// Full title.
    pub title: String,
    /// Short title, when there is a customary one.
    pub short_title: Option<String>,
    /// UN document symbol.
    pub symbol: Option<String>,
    /// Date of adoption.
    pub adopted: NaiveDate,
    /// Id of the [`Meeting`] that adopted it.
    pub adopted_at: Option<String>,
    /// Whether it was adopted by consensus, when the source says.
    pub by_consensus: Option<bool>,
    /// Ids of the sources stating these facts.
    pub sources: Vec<String>,
    /// Where this record was read from.
    pub origin: Origin,
}

/// A resolution approving or endorsing the declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// Slug identifier (`id/resolution/<id>`).
    pub id: String,
    /// Title, when the source gives it.
    pub title: Option<String>,
    /// UN document symbol, when the source gives it.
    pub symbol: Option<String>,
    /// Id of the [`Meeting`] that adopted it.
    pub adopted_at: Option<String>,
    /// Whether it was adopted by consensus, when the source says.
    pub by_consensus: Option<bool>,
    /// Id of the declaration it approves.
    pub approves: Option<String>,
    /// Id of the declaration it endorses.
    pub endorses: Option<String>,
    /// Ids of the sources stating these facts.
    pub sources: Vec<String>,
    /// Where this record was read from.
    pub origin: Origin,
}

impl Resolution {
    /// A human label: the title, else the symbol, else the id.
    pub fn label(&self) -> &str {
        self.title
            .as_deref()
            .or(self.symbol.as_deref())
            .unwrap_or(&self.id)
    }
}

/// The multi-year workplan of the thematic discussions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workplan {
    /// Slug identifier (`id/workplan/<id>`).
    pub id: String,
    /// Descriptive title.
    pub title: String,
    /// Id of the [`Organization`] that endorsed it.
    pub endorsed_by: Option<String>,
    /// Id of the [`Resolution`] that requested the discussions.
    pub mandated_by: Option<String>,
    /// The operative paragraph of that resolution.
    pub operative_paragraph: Option<u32>,
    /// Ids of the sources stating these facts.
    pub sources: Vec<String>,
    /// Where this record was read from.
    pub origin: Origin,
}

/// A pillar of the declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pillar {
    /// Its number, 1-based (`id/pillar/<number>`); its notation is the Roman numeral.
    pub number: u32,
    /// Its name, in English.
    pub label: String,
    /// Ids of the sources stating these facts.
    pub sources: Vec<String>,
    /// Where this record was read from.
    pub origin: Origin,
}

/// The thematic discussion of one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discussion {
    /// Its year (`id/discussion/<year>`).
    pub year: i32,
    /// Number of the [`Pillar`] it is devoted to.
    pub pillar: u32,
    /// An editorial note, e.g. on how the pillar was assigned.
    pub note: Option<String>,
    /// Ids of the sources stating these facts.
    pub sources: Vec<String>,
    /// Where this record was read from.
    pub origin: Origin,
}

/// A thematic session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Year of its [`Discussion`].
    pub year: i32,
    /// Its number within that discussion.
    pub number: u32,
    /// The day it was held.
    pub date: NaiveDate,
    /// Its topics, in the source's order; empty when the source records none.
    pub topics: Vec<Topic>,
    /// Ids of the sources stating these facts.
    pub sources: Vec<String>,
    /// Where this record was read from.
    pub origin: Origin,
}

/// A topic of a thematic session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Slug identifier (`id/topic/<id>`), stable once published.
    pub id: String,
    /// The topic's words, as the source has them.
    pub label: String,
    /// Where this record was read from.
    pub origin: Origin,
}

/// Everything read from a data directory, checked and cross-referenced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    /// Sources, sorted by id.
    pub sources: Vec<Source>,
    /// Organizations, sorted by id.
    pub organizations: Vec<Organization>,
    /// Meetings, sorted by id.
    pub meetings: Vec<Meeting>,
    /// The declaration.
    pub declaration: Declaration,
    /// Resolutions, sorted by id.
    pub resolutions: Vec<Resolution>,
    /// The workplan, when recorded.
    pub workplan: Option<Workplan>,
    /// Pillars, sorted by number.
    pub pillars: Vec<Pillar>,
    /// Discussions, sorted by year.
    pub discussions: Vec<Discussion>,
    /// Sessions, sorted by year and number.
    pub sessions: Vec<Session>,
    /// Curated links to the UN SDG vocabulary, sorted by subject, then object.
    pub sdg_links: Vec<SdgLink>,
    /// The SDG vocabulary snapshot (`data/sdg/`) the links were resolved against, if any.
    pub sdg: Option<SdgVocabulary>,
}

impl Dataset {
    /// The pillar with this number.
    pub fn pillar(&self, number: u32) -> Option<&Pillar> {
        self.pillars.iter().find(|p| p.number == number)
    }

    /// The discussion of this year.
    pub fn discussion(&self, year: i32) -> Option<&Discussion> {
        self.discussions.iter().find(|d| d.year == year)
    }

    /// Every topic, with the session it belongs to, in session order.
    pub fn topics(&self) -> impl Iterator<Item = (&Session, &Topic)> {
        self.sessions
            .iter()
            .flat_map(|s| s.topics.iter().map(move |t| (s, t)))
    }
}

// --- Links to the UN SDG vocabulary ---------------------------------------------------------------

/// The concept of this graph that a curated SDG link starts from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkSubject {
    /// The declaration, by id (`declaration:<id>`).
    Declaration(String),
    /// A pillar, by number (`pillar:<n>`).
    Pillar(u32),
    /// A topic, by id (`topic:<id>`).
    Topic(String),
}

impl LinkSubject {
    /// Whether the subject is a `skos:Concept` (a pillar or a topic), so that a SKOS mapping
    /// property may start from it; the declaration is a document (`schema:CreativeWork`).
    pub const fn is_concept(&self) -> bool {
        matches!(self, Self::Pillar(_) | Self::Topic(_))
    }
}

impl fmt::Display for LinkSubject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Declaration(id) => write!(f, "declaration:{id}"),
            Self::Pillar(n) => write!(f, "pillar:{n}"),
            Self::Topic(id) => write!(f, "topic:{id}"),
        }
    }
}

/// How a curated link relates its subject to the SDG concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkPredicate {
    /// `skos:relatedMatch`: the subject serves or is associated with the SDG concept.
    RelatedMatch,
    /// `skos:closeMatch`: the wording is near-identical; interchangeable for retrieval.
    CloseMatch,
    /// `dct:relation`: related, where one end is not a SKOS concept (the declaration, a
    /// document; the SDG concept scheme), so that no SKOS mapping property applies.
    Relation,
}

impl LinkPredicate {
    /// Every predicate, in the order listed in help and errors.
    pub const ALL: [Self; 3] = [Self::RelatedMatch, Self::CloseMatch, Self::Relation];

    /// The CURIE curators write in `data/` and SSSOM files carry (`skos:relatedMatch`).
    pub const fn curie(self) -> &'static str {
        match self {
            Self::RelatedMatch => "skos:relatedMatch",
            Self::CloseMatch => "skos:closeMatch",
            Self::Relation => "dcterms:relation",
        }
    }

    /// The predicate IRI.
    pub const fn iri(self) -> NamedNodeRef<'static> {
        match self {
            Self::RelatedMatch => skos::RELATED_MATCH,
            Self::CloseMatch => skos::CLOSE_MATCH,
            Self::Relation => dct::RELATION,
        }
    }

    /// Whether this is a SKOS mapping property, whose subject and object must both be
    /// `skos:Concept`s.
    pub const fn is_skos_mapping(self) -> bool {
        matches!(self, Self::RelatedMatch | Self::CloseMatch)
    }
}

/// The review of a curated link: someone other than its author checked it, in its present
/// form, against the official wording of both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Who reviewed the link (SSSOM `reviewer_label`).
    pub reviewer: String,
    /// When the review was recorded; never before the link's own date.
    pub date: NaiveDate,
}

/// How far an SSSOM user may rely on a curated link (SSSOM `confidence`), in hundredths.
///
/// Derived from the link's predicate and its review, never written by hand:
///
/// | predicate | reviewed | not reviewed |
/// | --- | --- | --- |
/// | `skos:closeMatch` | 0.95 | 0.85 |
/// | `skos:relatedMatch`, `dct:relation` | 0.8 | 0.7 |
///
/// A close match rests on shared wording that anyone can check against the two texts; a
/// related match rests on a judgement of relevance on which experts may differ; a review by
/// someone other than the author raises either. The steps are an ordinal scale, not measured
/// probabilities: filter with them (0.8 and above: reviewed, or a close match).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Confidence(u8);

impl Confidence {
    /// The confidence of a link with `predicate`, reviewed or not.
    pub const fn of(predicate: LinkPredicate, reviewed: bool) -> Self {
        Self(match (predicate, reviewed) {
            (LinkPredicate::CloseMatch, true) => 95,
            (LinkPredicate::CloseMatch, false) => 85,
            (LinkPredicate::RelatedMatch | LinkPredicate::Relation, true) => 80,
            (LinkPredicate::RelatedMatch | LinkPredicate::Relation, false) => 70,
        })
    }

    /// In hundredths (95 for 0.95).
    pub const fn hundredths(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Confidence {
    /// As a decimal without trailing zeros, as SSSOM files and RDF doubles write it: `0.95`,
    /// `0.7`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(10) {
            write!(f, "0.{}", self.0 / 10)
        } else {
            write!(f, "0.{:02}", self.0)
        }
    }
}

/// A curated link from a concept of this graph to a concept of the UN SDG vocabulary: an
/// editorial judgement, recorded with who made it, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdgLink {
    /// What the link starts from.
    pub subject: LinkSubject,
    /// How it relates to the SDG concept.
    pub predicate: LinkPredicate,
    /// The SDG concept as written in `data/`: a notation (`16.3`) or an IRI.
    pub object_ref: String,
    /// The SDG concept's IRI, looked up in the SDG vocabulary (never computed).
    pub object: String,
    /// Why the link holds, in one line.
    pub rationale: String,
    /// Who made the judgement.
    pub author: String,
    /// When the judgement was made.
    pub date: NaiveDate,
    /// Its review, if someone other than the author has reviewed it in its present form.
    pub review: Option<Review>,
    /// Where this record was read from.
    pub origin: Origin,
}

impl SdgLink {
    /// How far an SSSOM user may rely on the link (see [`Confidence`]).
    pub const fn confidence(&self) -> Confidence {
        Confidence::of(self.predicate, self.review.is_some())
    }
}

/// The kind of an entry of the SDG vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SdgKind {
    /// The concept scheme itself (`http://metadata.un.org/sdg`).
    Scheme,
    /// A goal (`sdgo:Goal`).
    Goal,
    /// A target (`sdgo:Target`).
    Target,
    /// An indicator (`sdgo:Indicator`).
    Indicator,
    /// Another `skos:Concept`.
    Other,
}

impl fmt::Display for SdgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Scheme => "concept scheme",
            Self::Goal => "goal",
            Self::Target => "target",
            Self::Indicator => "indicator",
            Self::Other => "concept",
        })
    }
}

/// An entry of the SDG vocabulary: a goal, target, indicator or the scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdgConcept {
    /// Its IRI, exactly as the UN publishes it (`http://metadata.un.org/sdg/C160301`).
    pub iri: String,
    /// What it is.
    pub kind: SdgKind,
    /// Its compact notation (`16.3.1`), if it has one.
    pub notation: Option<String>,
    /// Its English preferred label, if it has one.
    pub label: Option<String>,
    /// The IRIs of its broader concepts.
    pub broader: Vec<String>,
}

/// The UN SDG vocabulary as read from SDG KOS Turtle: the project's snapshot, the UN's
/// published files, or pages fetched from the UN's service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdgVocabulary {
    /// The files or addresses it was read from, for messages.
    pub origins: Vec<String>,
    /// Every triple read.
    pub triples: Vec<Triple>,
    /// Its concepts and schemes, by IRI.
    pub concepts: BTreeMap<String, SdgConcept>,
    /// Concept IRIs by compact notation.
    pub notations: BTreeMap<String, String>,
}

impl SdgVocabulary {
    /// The concept with this compact notation (`16`, `16.3`, `16.3.1`).
    pub fn by_notation(&self, notation: &str) -> Option<&SdgConcept> {
        self.notations
            .get(notation)
            .and_then(|iri| self.concepts.get(iri))
    }

    /// The concept with this IRI.
    pub fn by_iri(&self, iri: &str) -> Option<&SdgConcept> {
        self.concepts.get(iri)
    }
}
