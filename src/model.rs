//! The typed records of the Kyoto follow-up, as checked by the [`source`](crate::source) loader.
//!
//! A [`Dataset`] holds only facts that passed every check: references resolve, identifiers are
//! unique slugs, dates are real calendar dates inside their discussion's year. Every record
//! remembers where it came from ([`Origin`]) so later stages can point curators back to it.

use chrono::NaiveDate;
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
