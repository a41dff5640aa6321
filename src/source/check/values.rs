//! Checks single values of a record: non-empty text, ids, references to other records, dates,
//! numbers, months and URLs, each reported at its own span with the valid choices where they
//! form a closed list.

use super::{Checker, FirstSeen, ParsedFile, Refs, choices, escapes};
use crate::iri::is_slug;
use crate::label;
use crate::model::YearMonth;
use crate::source::raw::SourceRefs;
use chrono::NaiveDate;
use oxigraph::model::NamedNode;
use std::collections::BTreeSet;
use std::ops::Range;
use toml::Spanned;
use toml::value::Datetime;

impl Checker {
    /// A label, name or title: a non-empty string that obeys [`crate::label`]'s rule (reported
    /// at the offending character), without doubled spaces.
    pub(super) fn text(
        &mut self,
        file: &ParsedFile,
        value: &Spanned<String>,
        what: &str,
    ) -> String {
        let s = value.get_ref();
        if s.chars().all(char::is_whitespace) {
            self.report(
                file,
                value.span(),
                format!("the {what} is empty"),
                Some(format!("write the {what} between the quotes")),
            );
        } else if let Err(flaw) = label::check(s) {
            let span = match flaw.offset() {
                Some(at) => {
                    let start = escapes::offset_in_file(&file.text, value.span(), at);
                    start..start + 1
                }
                None => value.span(),
            };
            self.report(
                file,
                span,
                format!("the {what} {s:?} {flaw}"),
                Some(flaw.hint().into()),
            );
        } else if s.contains("  ") {
            self.report(
                file,
                value.span(),
                format!("the {what} {s:?} has stray whitespace"),
                Some("write single spaces between words".into()),
            );
        }
        s.clone()
    }

    /// A slug identifier, unique among `seen`.
    pub(super) fn id<'a>(
        &mut self,
        file: &'a ParsedFile,
        value: &'a Spanned<String>,
        what: &str,
        seen: &mut FirstSeen<'a, &'a str>,
    ) -> String {
        let id = value.get_ref();
        if !is_slug(id) {
            self.report(
                file,
                value.span(),
                format!("the {what} id {id:?} is not a valid identifier"),
                Some(format!(
                    "use lower-case letters, digits and single hyphens, e.g. {:?}",
                    crate::iri::slugify(id)
                )),
            );
        } else if let Some(first) = seen.first(id, file, value.span()) {
            self.report(
                file,
                value.span(),
                format!("duplicate {what} id {id:?}, first defined at {first}"),
                Some(format!(
                    "give this {what} another id, or merge the two records"
                )),
            );
        }
        id.clone()
    }

    /// A reference to one of `valid`.
    pub(super) fn reference(
        &mut self,
        file: &ParsedFile,
        value: &Spanned<String>,
        what: &str,
        valid: &BTreeSet<String>,
    ) -> String {
        let id = value.get_ref();
        if !valid.contains(id) {
            self.report(
                file,
                value.span(),
                format!("unknown {what} {id:?}"),
                Some(choices(valid)),
            );
        }
        id.clone()
    }

    pub(super) fn source_refs(
        &mut self,
        file: &ParsedFile,
        refs: &SourceRefs,
        valid: &Refs,
    ) -> Vec<String> {
        let ids: Vec<String> = refs
            .iter()
            .map(|r| self.reference(file, r, "source", &valid.sources))
            .collect();
        ids
    }

    pub(super) fn sources_required(
        &mut self,
        file: &ParsedFile,
        span: Range<usize>,
        refs: &SourceRefs,
    ) {
        if refs.is_empty() {
            self.report(
                file,
                span,
                "this record names no source",
                Some("add `sources = [\"<source id>\"]` naming where its facts come from".into()),
            );
        }
    }

    pub(super) fn date(
        &mut self,
        file: &ParsedFile,
        value: &Spanned<Datetime>,
    ) -> Option<NaiveDate> {
        let dt = value.get_ref();
        let parsed = match (&dt.date, &dt.time, &dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => {
                self.report(
                    file,
                    value.span(),
                    format!("{dt} is not a plain date"),
                    Some("write a date as YYYY-MM-DD, without time or offset".into()),
                );
                return None;
            }
        };
        if parsed.is_none() {
            self.report(
                file,
                value.span(),
                format!("{dt} is not a day of the calendar"),
                Some("check the day and month".into()),
            );
        }
        parsed
    }

    pub(super) fn number(
        &mut self,
        file: &ParsedFile,
        value: &Spanned<i64>,
        what: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let n = *value.get_ref();
        if range.contains(&n) {
            Some(n)
        } else {
            self.report(
                file,
                value.span(),
                format!("{what} {n} is out of range"),
                Some(format!(
                    "use a {what} from {} to {}",
                    range.start(),
                    range.end()
                )),
            );
            None
        }
    }

    pub(super) fn month(
        &mut self,
        file: &ParsedFile,
        value: &Spanned<String>,
    ) -> Option<YearMonth> {
        let s = value.get_ref();
        let parsed = s.split_once('-').and_then(|(y, m)| {
            let year = y.parse::<i32>().ok().filter(|_| y.len() == 4)?;
            let month = m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?;
            (m.len() == 2).then_some(YearMonth { year, month })
        });
        if parsed.is_none() {
            self.report(
                file,
                value.span(),
                format!("{s:?} is not a month"),
                Some("write a month as \"YYYY-MM\", e.g. \"2021-05\"".into()),
            );
        }
        parsed
    }

    pub(super) fn url(&mut self, file: &ParsedFile, value: &Spanned<String>) -> String {
        let url = value.get_ref();
        let absolute = url.starts_with("https://") || url.starts_with("http://");
        if !absolute || NamedNode::new(url.as_str()).is_err() {
            self.report(
                file,
                value.span(),
                format!("{url:?} is not an absolute http(s) URL"),
                Some("write the full address, starting with https://".into()),
            );
        }
        url.clone()
    }
}
