//! Checks the raw records of every file and turns them into one [`Dataset`].
//!
//! All problems are collected, not just the first, so a curator can fix a file in one pass.
//! Each [`Diagnostic`] names the file, line and column of the offending value and, where the
//! valid values form a closed list (pillar numbers, source ids, ...), lists them.

mod escapes;
mod links;
mod order;
mod values;

use super::error::{Diagnostic, LineIndex, Location};
use super::raw::{
    RawDeclaration, RawDiscussion, RawFile, RawMeeting, RawOrganization, RawPillar, RawResolution,
    RawSession, RawSource, RawWorkplan,
};
use crate::model::{
    Dataset, Declaration, Discussion, Meeting, Organization, Origin, Pillar, Resolution,
    SdgVocabulary, Session, Source, Topic, Workplan,
};
use chrono::Datelike;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::collections::hash_map::Entry;
use std::hash::Hash;
use std::ops::Range;
use std::path::PathBuf;
use toml::Spanned;

/// The earliest and latest years a discussion or session may have: a guard against typos.
const YEARS: std::ops::RangeInclusive<i64> = 2000..=2100;

/// A parsed file: its path, its text (for line numbers) and its records.
pub(super) struct ParsedFile {
    pub path: PathBuf,
    pub text: String,
    pub raw: RawFile,
    /// Where the lines of `text` start.
    pub lines: LineIndex,
}

impl ParsedFile {
    /// The location of `span` in this file.
    pub fn locate(&self, span: Range<usize>) -> Location {
        self.lines.locate(&self.path, &self.text, span)
    }
}

/// Where each key was first defined, for reporting duplicates.
///
/// The place is kept as a span and located only when a duplicate is reported: locating and
/// formatting every record up front was a third of the check at 10^6 triples. Keys are hashed,
/// not ordered: generated ids share long prefixes, and comparing them dominated the rest. The
/// hasher is Fx, not SipHash (which resists keys chosen to collide): the keys come from the
/// data directory being built, never from a client of the server.
struct FirstSeen<'a, K> {
    at: FxHashMap<K, (&'a ParsedFile, Range<usize>)>,
}

impl<'a, K: Eq + Hash> FirstSeen<'a, K> {
    fn new() -> Self {
        Self {
            at: FxHashMap::default(),
        }
    }

    /// Records that `key` is defined at `span` of `file`; if it was defined before, returns
    /// where, and keeps the first place.
    fn first(&mut self, key: K, file: &'a ParsedFile, span: Range<usize>) -> Option<Location> {
        match self.at.entry(key) {
            Entry::Occupied(first) => {
                let (file, span) = first.get();
                Some(file.locate(span.clone()))
            }
            Entry::Vacant(entry) => {
                entry.insert((file, span));
                None
            }
        }
    }

    /// The keys seen, in no particular order.
    fn keys(&self) -> impl Iterator<Item = &K> {
        self.at.keys()
    }
}

/// Checks `files` together and builds the dataset, or returns every problem found.
///
/// SDG links are resolved against `sdg`, the SDG vocabulary (the dataset's `sdg` is left empty
/// for the caller to fill).
pub(super) fn check(
    files: &[ParsedFile],
    sdg: Option<&SdgVocabulary>,
) -> Result<Dataset, Vec<Diagnostic>> {
    let mut checker = Checker::default();
    let dataset = checker.dataset(files, sdg);
    match dataset {
        Some(dataset) if checker.diagnostics.is_empty() => Ok(dataset),
        _ => Err(checker.diagnostics),
    }
}

#[derive(Default)]
struct Checker {
    diagnostics: Vec<Diagnostic>,
}

/// A record and the file it came from.
type In<'a, T> = (&'a ParsedFile, &'a Spanned<T>);

fn all<'a, T>(
    files: &'a [ParsedFile],
    field: impl Fn(&'a RawFile) -> &'a [Spanned<T>],
) -> Vec<In<'a, T>> {
    files
        .iter()
        .flat_map(|f| field(&f.raw).iter().map(move |r| (f, r)))
        .collect()
}

impl Checker {
    fn report(
        &mut self,
        file: &ParsedFile,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            location: file.locate(span),
            message: message.into(),
            hint,
        });
    }

    fn origin(file: &ParsedFile, span: Range<usize>) -> Origin {
        Origin {
            file: file.path.clone(),
            line: file.lines.line(span.start),
        }
    }

    fn dataset(&mut self, files: &[ParsedFile], sdg: Option<&SdgVocabulary>) -> Option<Dataset> {
        let sources = self.sources(&all(files, |f| &f.source));
        let source_ids: BTreeSet<String> = sources.iter().map(|s| s.id.clone()).collect();
        let mut refs = Refs {
            sources: source_ids,
            ..Refs::default()
        };

        let organizations = self.organizations(&all(files, |f| &f.organization), &refs);
        refs.organizations = organizations.iter().map(|o| o.id.clone()).collect();
        let meetings = self.meetings(&all(files, |f| &f.meeting), &refs);
        refs.meetings = meetings.iter().map(|m| m.id.clone()).collect();

        let declarations: Vec<In<'_, RawDeclaration>> = files
            .iter()
            .filter_map(|f| f.raw.declaration.as_ref().map(|d| (f, d)))
            .collect();
        let declaration = self.declaration(&declarations, &refs);
        if let Some(d) = &declaration {
            refs.declarations.insert(d.id.clone());
        }
        let resolutions = self.resolutions(&all(files, |f| &f.resolution), &refs);
        refs.resolutions = resolutions.iter().map(|r| r.id.clone()).collect();
        let workplans: Vec<In<'_, RawWorkplan>> = files
            .iter()
            .filter_map(|f| f.raw.workplan.as_ref().map(|w| (f, w)))
            .collect();
        let workplan = self.workplan(&workplans, &refs);

        let pillars = self.pillars(&all(files, |f| &f.pillar), &refs);
        let pillar_numbers: BTreeSet<u32> = pillars.iter().map(|p| p.number).collect();
        let (discussions, years) =
            self.discussions(&all(files, |f| &f.discussion), &refs, &pillar_numbers);
        let sessions = self.sessions(&all(files, |f| &f.session), &refs, &years);
        let sdg_links = self.sdg_links(
            &all(files, |f| &f.sdg_link),
            &links::Subjects::new(declaration.as_ref(), &pillars, &sessions),
            sdg,
        );

        Some(Dataset {
            sources,
            organizations,
            meetings,
            declaration: declaration?,
            resolutions,
            workplan,
            pillars,
            discussions,
            sessions,
            sdg_links,
            sdg: None,
        })
    }

    fn singleton<'a, T>(&mut self, records: &[In<'a, T>], table: &str) -> Option<In<'a, T>> {
        let (first, rest) = records.split_first()?;
        for (file, record) in rest {
            let at = first.0.locate(first.1.span());
            self.report(
                file,
                record.span(),
                format!("a second [{table}] table; the first is at {at}"),
                Some(format!(
                    "keep exactly one [{table}] table in the data directory"
                )),
            );
        }
        Some(*first)
    }

    // --- Records ----------------------------------------------------------------------------

    fn sources(&mut self, records: &[In<'_, RawSource>]) -> Vec<Source> {
        let mut seen = FirstSeen::new();
        let mut out: Vec<Source> = records
            .iter()
            .map(|(file, record)| {
                let r = record.get_ref();
                Source {
                    id: self.id(file, &r.id, "source", &mut seen),
                    title: self.text(file, &r.title, "title"),
                    symbol: r.symbol.clone(),
                    url: r.url.as_ref().map(|u| self.url(file, u)),
                    note: r.note.clone(),
                    origin: Self::origin(file, record.span()),
                }
            })
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    fn organizations(
        &mut self,
        records: &[In<'_, RawOrganization>],
        refs: &Refs,
    ) -> Vec<Organization> {
        let mut seen = FirstSeen::new();
        let mut out: Vec<Organization> = records
            .iter()
            .map(|(file, record)| {
                let r = record.get_ref();
                self.sources_required(file, record.span(), &r.sources);
                Organization {
                    id: self.id(file, &r.id, "organization", &mut seen),
                    name: self.text(file, &r.name, "name"),
                    acronym: r.acronym.as_ref().map(|a| self.text(file, a, "acronym")),
                    sources: self.source_refs(file, &r.sources, refs),
                    origin: Self::origin(file, record.span()),
                }
            })
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    fn meetings(&mut self, records: &[In<'_, RawMeeting>], refs: &Refs) -> Vec<Meeting> {
        let mut seen = FirstSeen::new();
        let mut out: Vec<Meeting> = records
            .iter()
            .map(|(file, record)| {
                let r = record.get_ref();
                self.sources_required(file, record.span(), &r.sources);
                Meeting {
                    id: self.id(file, &r.id, "meeting", &mut seen),
                    name: self.text(file, &r.name, "name"),
                    organizer: r
                        .organizer
                        .as_ref()
                        .map(|o| self.reference(file, o, "organization", &refs.organizations)),
                    month: r.month.as_ref().and_then(|m| self.month(file, m)),
                    sources: self.source_refs(file, &r.sources, refs),
                    origin: Self::origin(file, record.span()),
                }
            })
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    fn declaration(
        &mut self,
        records: &[In<'_, RawDeclaration>],
        refs: &Refs,
    ) -> Option<Declaration> {
        let Some((file, record)) = self.singleton(records, "declaration") else {
            self.diagnostics.push(Diagnostic {
                location: Location {
                    file: PathBuf::from("data"),
                    line: 1,
                    column: 1,
                    span: 0..0,
                },
                message: "no [declaration] table in any data file".into(),
                hint: Some("add a [declaration] table, as in data/declaration.toml".into()),
            });
            return None;
        };
        let r = record.get_ref();
        self.sources_required(file, record.span(), &r.sources);
        let adopted = self.date(file, &r.adopted);
        Some(Declaration {
            id: self.id(file, &r.id, "declaration", &mut FirstSeen::new()),
            title: self.text(file, &r.title, "title"),
            short_title: r
                .short_title
                .as_ref()
                .map(|t| self.text(file, t, "short title")),
            symbol: r.symbol.clone(),
            adopted: adopted?,
            adopted_at: r
                .adopted_at
                .as_ref()
                .map(|m| self.reference(file, m, "meeting", &refs.meetings)),
            by_consensus: r.by_consensus,
            sources: self.source_refs(file, &r.sources, refs),
            origin: Self::origin(file, record.span()),
        })
    }

    fn resolutions(&mut self, records: &[In<'_, RawResolution>], refs: &Refs) -> Vec<Resolution> {
        let mut seen = FirstSeen::new();
        let mut out: Vec<Resolution> = records
            .iter()
            .map(|(file, record)| {
                let r = record.get_ref();
                self.sources_required(file, record.span(), &r.sources);
                if r.title.is_none() && r.symbol.is_none() {
                    self.report(
                        file,
                        record.span(),
                        "a resolution needs a title or a symbol",
                        Some("add `title = \"...\"` or `symbol = \"...\"`".into()),
                    );
                }
                Resolution {
                    id: self.id(file, &r.id, "resolution", &mut seen),
                    title: r.title.as_ref().map(|t| self.text(file, t, "title")),
                    // A resolution without a title is labelled with its symbol.
                    symbol: r.symbol.as_ref().map(|s| self.text(file, s, "symbol")),
                    adopted_at: r
                        .adopted_at
                        .as_ref()
                        .map(|m| self.reference(file, m, "meeting", &refs.meetings)),
                    by_consensus: r.by_consensus,
                    approves: r
                        .approves
                        .as_ref()
                        .map(|d| self.reference(file, d, "declaration", &refs.declarations)),
                    endorses: r
                        .endorses
                        .as_ref()
                        .map(|d| self.reference(file, d, "declaration", &refs.declarations)),
                    sources: self.source_refs(file, &r.sources, refs),
                    origin: Self::origin(file, record.span()),
                }
            })
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    fn workplan(&mut self, records: &[In<'_, RawWorkplan>], refs: &Refs) -> Option<Workplan> {
        let (file, record) = self.singleton(records, "workplan")?;
        let r = record.get_ref();
        self.sources_required(file, record.span(), &r.sources);
        Some(Workplan {
            id: self.id(file, &r.id, "workplan", &mut FirstSeen::new()),
            title: self.text(file, &r.title, "title"),
            endorsed_by: r
                .endorsed_by
                .as_ref()
                .map(|o| self.reference(file, o, "organization", &refs.organizations)),
            mandated_by: r
                .mandated_by
                .as_ref()
                .map(|m| self.reference(file, m, "resolution", &refs.resolutions)),
            operative_paragraph: r
                .operative_paragraph
                .as_ref()
                .and_then(|p| self.number(file, p, "paragraph number", 1..=999))
                .and_then(|p| u32::try_from(p).ok()),
            sources: self.source_refs(file, &r.sources, refs),
            origin: Self::origin(file, record.span()),
        })
    }

    fn pillars(&mut self, records: &[In<'_, RawPillar>], refs: &Refs) -> Vec<Pillar> {
        let mut seen = FirstSeen::new();
        let mut out = Vec::new();
        for (file, record) in records {
            let r = record.get_ref();
            self.sources_required(file, record.span(), &r.sources);
            let label = self.text(file, &r.label, "label");
            let sources = self.source_refs(file, &r.sources, refs);
            let Some(number) = self.number(file, &r.number, "pillar number", 1..=99) else {
                continue;
            };
            if let Some(first) = seen.first(number, file, r.number.span()) {
                self.report(
                    file,
                    r.number.span(),
                    format!("duplicate pillar {number}, first defined at {first}"),
                    Some("number the pillars 1, 2, 3, ... once each".into()),
                );
                continue;
            }
            out.push(Pillar {
                number: u32::try_from(number).unwrap_or_default(),
                label,
                sources,
                origin: Self::origin(file, record.span()),
            });
        }
        out.sort_by_key(|p| p.number);
        out
    }

    fn discussions(
        &mut self,
        records: &[In<'_, RawDiscussion>],
        refs: &Refs,
        pillars: &BTreeSet<u32>,
    ) -> (Vec<Discussion>, BTreeSet<i32>) {
        let mut seen = FirstSeen::new();
        let mut out = Vec::new();
        for (file, record) in records {
            let r = record.get_ref();
            self.sources_required(file, record.span(), &r.sources);
            let sources = self.source_refs(file, &r.sources, refs);
            let pillar = self.pillar_ref(file, &r.pillar, pillars);
            let Some(year) = self.number(file, &r.year, "year", YEARS) else {
                continue;
            };
            if let Some(first) = seen.first(year, file, r.year.span()) {
                self.report(
                    file,
                    r.year.span(),
                    format!("duplicate discussion for {year}, first defined at {first}"),
                    Some("keep one [[discussion]] per year".into()),
                );
                continue;
            }
            // Even with a bad pillar the year is known, so its sessions don't cascade errors.
            if let Some(pillar) = pillar {
                out.push(Discussion {
                    year: i32::try_from(year).unwrap_or_default(),
                    pillar,
                    note: r.note.clone(),
                    sources,
                    origin: Self::origin(file, record.span()),
                });
            }
        }
        out.sort_by_key(|d| d.year);
        let years = seen.keys().filter_map(|y| i32::try_from(*y).ok()).collect();
        (out, years)
    }

    fn pillar_ref(
        &mut self,
        file: &ParsedFile,
        value: &Spanned<i64>,
        pillars: &BTreeSet<u32>,
    ) -> Option<u32> {
        let n = *value.get_ref();
        match u32::try_from(n).ok().filter(|n| pillars.contains(n)) {
            Some(n) => Some(n),
            None => {
                let valid: BTreeSet<String> = pillars.iter().map(u32::to_string).collect();
                self.report(
                    file,
                    value.span(),
                    format!("unknown pillar {n}"),
                    Some(choices(&valid)),
                );
                None
            }
        }
    }

    fn sessions(
        &mut self,
        records: &[In<'_, RawSession>],
        refs: &Refs,
        years: &BTreeSet<i32>,
    ) -> Vec<Session> {
        let mut seen = FirstSeen::new();
        let mut topic_ids = FirstSeen::new();
        let mut out = Vec::new();
        // (year, number, date, where the date is), for the date order.
        let mut dated = Vec::new();
        for (file, record) in records {
            let r = record.get_ref();
            self.sources_required(file, record.span(), &r.sources);
            let sources = self.source_refs(file, &r.sources, refs);
            let date = self.date(file, &r.date);
            let topics: Vec<Topic> = r
                .topic
                .iter()
                .map(|t| {
                    let raw = t.get_ref();
                    Topic {
                        id: self.id(file, &raw.id, "topic", &mut topic_ids),
                        label: self.text(file, &raw.label, "label"),
                        origin: Self::origin(file, t.span()),
                    }
                })
                .collect();
            let year = self.number(file, &r.year, "year", YEARS);
            let number = self.number(file, &r.number, "session number", 1..=99);
            let (Some(year), Some(number), Some(date)) = (year, number, date) else {
                continue;
            };
            let year_i32 = i32::try_from(year).unwrap_or_default();
            if !years.contains(&year_i32) {
                let valid: BTreeSet<String> = years.iter().map(i32::to_string).collect();
                self.report(
                    file,
                    r.year.span(),
                    format!("no [[discussion]] for the year {year}"),
                    Some(format!(
                        "add a [[discussion]] with year = {year}, or {}",
                        choices(&valid)
                    )),
                );
                continue;
            }
            if date.year() != year_i32 {
                self.report(
                    file,
                    r.date.span(),
                    format!("the date {date} is not in the session's year {year}"),
                    Some(format!("fix the date or the year (year = {year})")),
                );
            }
            if let Some(first) = seen.first((year, number), file, record.span()) {
                self.report(
                    file,
                    r.number.span(),
                    format!("duplicate session {number} of {year}, first defined at {first}"),
                    Some("each session number appears once per year".into()),
                );
                continue;
            }
            dated.push((year_i32, number, date, *file, r.date.span()));
            out.push(Session {
                year: year_i32,
                number: u32::try_from(number).unwrap_or_default(),
                date,
                topics,
                sources,
                origin: Self::origin(file, record.span()),
            });
        }
        self.date_order(dated);
        out.sort_by_key(|s| (s.year, s.number));
        out
    }
}

/// The identifiers each kind of reference may point at.
#[derive(Default)]
struct Refs {
    sources: BTreeSet<String>,
    organizations: BTreeSet<String>,
    meetings: BTreeSet<String>,
    declarations: BTreeSet<String>,
    resolutions: BTreeSet<String>,
}

/// "choose one of: a, b, c", or a note that there is nothing to choose from.
fn choices(valid: &BTreeSet<String>) -> String {
    if valid.is_empty() {
        "there is nothing to refer to yet: define it first".into()
    } else {
        let list: Vec<&str> = valid.iter().map(String::as_str).collect();
        format!("choose one of: {}", list.join(", "))
    }
}
