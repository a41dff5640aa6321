//! The on-disk shape of `data/*.toml`: serde structs that mirror the files one to one.
//!
//! Values a check may need to point at are wrapped in [`Spanned`] so that errors can name the
//! exact line and column. Unknown keys are refused (`deny_unknown_fields`): a typo must not
//! silently drop a fact.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// One source file. Every table is optional so the data can be split across files.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default)]
    pub source: Vec<Spanned<RawSource>>,
    #[serde(default)]
    pub organization: Vec<Spanned<RawOrganization>>,
    #[serde(default)]
    pub meeting: Vec<Spanned<RawMeeting>>,
    pub declaration: Option<Spanned<RawDeclaration>>,
    #[serde(default)]
    pub resolution: Vec<Spanned<RawResolution>>,
    pub workplan: Option<Spanned<RawWorkplan>>,
    #[serde(default)]
    pub pillar: Vec<Spanned<RawPillar>>,
    #[serde(default)]
    pub discussion: Vec<Spanned<RawDiscussion>>,
    #[serde(default)]
    pub session: Vec<Spanned<RawSession>>,
    #[serde(default)]
    pub sdg_link: Vec<Spanned<RawSdgLink>>,
}

/// Ids of the sources that state a record's facts.
pub type SourceRefs = Vec<Spanned<String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub symbol: Option<String>,
    pub url: Option<Spanned<String>>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganization {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub acronym: Option<Spanned<String>>,
    pub sources: SourceRefs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeeting {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub organizer: Option<Spanned<String>>,
    pub month: Option<Spanned<String>>,
    pub sources: SourceRefs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeclaration {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub short_title: Option<Spanned<String>>,
    pub symbol: Option<String>,
    pub adopted: Spanned<Datetime>,
    pub adopted_at: Option<Spanned<String>>,
    pub by_consensus: Option<bool>,
    pub sources: SourceRefs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResolution {
    pub id: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub symbol: Option<Spanned<String>>,
    pub adopted_at: Option<Spanned<String>>,
    pub by_consensus: Option<bool>,
    pub approves: Option<Spanned<String>>,
    pub endorses: Option<Spanned<String>>,
    pub sources: SourceRefs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorkplan {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub endorsed_by: Option<Spanned<String>>,
    pub mandated_by: Option<Spanned<String>>,
    pub operative_paragraph: Option<Spanned<i64>>,
    pub sources: SourceRefs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPillar {
    pub number: Spanned<i64>,
    pub label: Spanned<String>,
    pub sources: SourceRefs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDiscussion {
    pub year: Spanned<i64>,
    pub pillar: Spanned<i64>,
    pub note: Option<String>,
    pub sources: SourceRefs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSession {
    pub year: Spanned<i64>,
    pub number: Spanned<i64>,
    pub date: Spanned<Datetime>,
    pub sources: SourceRefs,
    #[serde(default)]
    pub topic: Vec<Spanned<RawTopic>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    pub id: Spanned<String>,
    pub label: Spanned<String>,
}

/// A curated link to the SDG vocabulary (`[[sdg_link]]`, see `data/sdg-links.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSdgLink {
    pub subject: Spanned<String>,
    pub predicate: Spanned<String>,
    pub object: Spanned<String>,
    pub rationale: Spanned<String>,
    pub author: Spanned<String>,
    pub date: Spanned<Datetime>,
    pub reviewer: Option<Spanned<String>>,
    pub reviewed: Option<Spanned<Datetime>>,
}
