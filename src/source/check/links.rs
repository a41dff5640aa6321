//! Checks the curated SDG links (`[[sdg_link]]`): the subject names a topic, pillar or the
//! declaration of the data; the predicate is a mapping property we use, a SKOS mapping property
//! only between two concepts and `dcterms:relation` only where one end is not a concept; the
//! object is a notation (`16.3`) or IRI found in the SDG vocabulary, never an IRI computed from
//! a number; the rationale is one line; author and date are given; a review, if recorded, names
//! a reviewer other than the author and is no older than the link.

use super::{Checker, FirstSeen, In, choices};
use crate::model::{
    Declaration, LinkPredicate, LinkSubject, Pillar, Review, SdgConcept, SdgKind, SdgLink,
    SdgVocabulary, Session,
};
use crate::source::raw::RawSdgLink;
use chrono::NaiveDate;
use rustc_hash::FxHashSet as HashSet;
use std::collections::BTreeSet;
use toml::Spanned;

/// The longest rationale, in characters: one line of a table or a TSV cell.
const MAX_RATIONALE: usize = 300;

/// What a link may start from: the ids of each kind, borrowed from the checked records (a
/// set of owned copies of every topic id was a seventh of the check at 10^6 triples).
pub(super) struct Subjects<'a> {
    declarations: HashSet<&'a str>,
    pillars: HashSet<String>,
    topics: HashSet<&'a str>,
}

impl<'a> Subjects<'a> {
    pub(super) fn new(
        declaration: Option<&'a Declaration>,
        pillars: &[Pillar],
        sessions: &'a [Session],
    ) -> Self {
        Self {
            declarations: declaration.iter().map(|d| d.id.as_str()).collect(),
            pillars: pillars.iter().map(|p| p.number.to_string()).collect(),
            topics: sessions
                .iter()
                .flat_map(|s| s.topics.iter().map(|t| t.id.as_str()))
                .collect(),
        }
    }

    /// Whether `local` is an id of the `kind` ("topic", "pillar" or "declaration"); `None`
    /// for an unknown kind.
    fn contains(&self, kind: &str, local: &str) -> Option<bool> {
        match kind {
            "topic" => Some(self.topics.contains(local)),
            "pillar" => Some(self.pillars.contains(local)),
            "declaration" => Some(self.declarations.contains(local)),
            _ => None,
        }
    }

    /// Every id of `kind`, written `kind:id`, sorted: the choices for a hint.
    fn choices(&self, kind: &str) -> BTreeSet<String> {
        let ids: Vec<&str> = match kind {
            "topic" => self.topics.iter().copied().collect(),
            "pillar" => self.pillars.iter().map(String::as_str).collect(),
            _ => self.declarations.iter().copied().collect(),
        };
        ids.into_iter().map(|id| format!("{kind}:{id}")).collect()
    }
}

impl Checker {
    pub(super) fn sdg_links(
        &mut self,
        records: &[In<'_, RawSdgLink>],
        subjects: &Subjects<'_>,
        sdg: Option<&SdgVocabulary>,
    ) -> Vec<SdgLink> {
        if sdg.is_none()
            && let Some((file, record)) = records.first()
        {
            self.report(
                file,
                record.span(),
                "SDG links need the SDG vocabulary snapshot sdg/sdg-snapshot.ttl in the data directory, and there is none",
                Some("create it with `kyoto-kg sdg import FILE...` from the UN's SDG KOS files (e.g. tests/fixtures/sdg-kos/sdg-kos-goals-targets-indicators.ttl)".into()),
            );
        }
        let mut seen = FirstSeen::new();
        let mut out = Vec::new();
        for (file, record) in records {
            let r = record.get_ref();
            let subject = self.link_subject(file, &r.subject, subjects);
            let predicate = self.link_predicate(file, &r.predicate);
            let object = sdg.and_then(|sdg| self.link_object(file, &r.object, sdg));
            let rationale = self.text(file, &r.rationale, "rationale");
            if rationale.contains('\t') {
                self.report(
                    file,
                    r.rationale.span(),
                    "the rationale contains a tab",
                    Some("use spaces: the rationale becomes a cell of the SSSOM TSV export".into()),
                );
            } else if rationale.chars().count() > MAX_RATIONALE {
                self.report(
                    file,
                    r.rationale.span(),
                    format!(
                        "the rationale has {} characters; a rationale is one line",
                        rationale.chars().count()
                    ),
                    Some(format!(
                        "say why the link holds in at most {MAX_RATIONALE} characters"
                    )),
                );
            }
            let author = self.text(file, &r.author, "author");
            let date = self.date(file, &r.date);
            let (Some(subject), Some(predicate), Some(object), Some(date)) =
                (subject, predicate, object, date)
            else {
                continue;
            };
            let Ok(review) = self.review(file, r, &author, date) else {
                continue;
            };
            if predicate.is_skos_mapping() && !subject.is_concept() {
                self.report(
                    file,
                    r.predicate.span(),
                    format!(
                        "{} links concepts, but {subject} is a document, not a skos:Concept",
                        predicate.curie()
                    ),
                    Some(format!(
                        "link it with predicate = \"{}\" (SKOS mapping properties need concepts at both ends)",
                        LinkPredicate::Relation.curie()
                    )),
                );
                continue;
            }
            if predicate.is_skos_mapping() && object.kind == SdgKind::Scheme {
                self.report(
                    file,
                    r.predicate.span(),
                    format!(
                        "{} links concepts, but {} is the SDG concept scheme, not a concept",
                        predicate.curie(),
                        object.iri
                    ),
                    Some(format!(
                        "link to the scheme with predicate = \"{}\" (SKOS keeps concepts and schemes apart)",
                        LinkPredicate::Relation.curie()
                    )),
                );
                continue;
            }
            if !predicate.is_skos_mapping()
                && subject.is_concept()
                && object.kind != SdgKind::Scheme
            {
                self.report(
                    file,
                    r.predicate.span(),
                    format!(
                        "{} is for links with one end that is not a concept (the declaration, the SDG concept scheme); {subject} and {} (an SDG {}) are both concepts",
                        predicate.curie(),
                        r.object.get_ref(),
                        object.kind
                    ),
                    Some(format!(
                        "link to a goal, target or indicator with \"{}\" or \"{}\"",
                        LinkPredicate::RelatedMatch.curie(),
                        LinkPredicate::CloseMatch.curie()
                    )),
                );
                continue;
            }
            let key = (subject.clone(), object.iri.clone());
            if let Some(first) = seen.first(key, file, record.span()) {
                self.report(
                    file,
                    r.object.span(),
                    format!(
                        "duplicate link from {subject} to {}, first made at {first}",
                        r.object.get_ref()
                    ),
                    Some(
                        "keep one link per subject and SDG concept; choose the closer predicate"
                            .into(),
                    ),
                );
                continue;
            }
            out.push(SdgLink {
                subject,
                predicate,
                object_ref: r.object.get_ref().clone(),
                object: object.iri.clone(),
                rationale,
                author,
                date,
                review,
                origin: Self::origin(file, record.span()),
            });
        }
        out.sort_by(|a, b| (&a.subject, &a.object).cmp(&(&b.subject, &b.object)));
        out
    }

    /// The link's review, `Ok(None)` when it has none; `Err` after reporting a review that
    /// is incomplete, by the author, or older than the link.
    fn review(
        &mut self,
        file: &super::ParsedFile,
        r: &RawSdgLink,
        author: &str,
        date: NaiveDate,
    ) -> Result<Option<Review>, ()> {
        let (reviewer, reviewed) = match (&r.reviewer, &r.reviewed) {
            (None, None) => return Ok(None),
            (Some(reviewer), Some(reviewed)) => (reviewer, reviewed),
            (Some(reviewer), None) => {
                self.report(
                    file,
                    reviewer.span(),
                    "the link has a reviewer but no review date",
                    Some("add reviewed = YYYY-MM-DD, the date of the review".into()),
                );
                return Err(());
            }
            (None, Some(reviewed)) => {
                self.report(
                    file,
                    reviewed.span(),
                    "the link has a review date but no reviewer",
                    Some("add reviewer = \"...\", who reviewed the link".into()),
                );
                return Err(());
            }
        };
        let name = self.text(file, reviewer, "reviewer");
        let Some(review_date) = self.date(file, reviewed) else {
            return Err(());
        };
        if name.trim().eq_ignore_ascii_case(author.trim()) {
            self.report(
                file,
                reviewer.span(),
                format!("the reviewer {name:?} is the link's author"),
                Some("a review is by someone other than the author: leave reviewer and reviewed out until then".into()),
            );
            return Err(());
        }
        if review_date < date {
            self.report(
                file,
                reviewed.span(),
                format!(
                    "the review ({review_date}) is older than the link ({date}): the link changed after it was reviewed"
                ),
                Some("a changed link needs a new review: remove reviewer and reviewed, or review the link again and give the date of that review".into()),
            );
            return Err(());
        }
        Ok(Some(Review {
            reviewer: name,
            date: review_date,
        }))
    }

    fn link_subject(
        &mut self,
        file: &super::ParsedFile,
        value: &Spanned<String>,
        subjects: &Subjects<'_>,
    ) -> Option<LinkSubject> {
        let text = value.get_ref();
        let form = "write the subject as topic:<id>, pillar:<number> or declaration:<id>";
        let Some((kind, local)) = text.split_once(':') else {
            self.report(
                file,
                value.span(),
                format!("the link subject {text:?} names no kind of thing"),
                Some(form.into()),
            );
            return None;
        };
        let Some(known) = subjects.contains(kind, local) else {
            self.report(
                file,
                value.span(),
                format!("the link subject {text:?} is of the unknown kind {kind:?}"),
                Some(form.into()),
            );
            return None;
        };
        if !known {
            self.report(
                file,
                value.span(),
                format!("unknown {kind} {local:?} in the link subject {text:?}"),
                Some(choices(&subjects.choices(kind))),
            );
            return None;
        }
        match kind {
            "topic" => Some(LinkSubject::Topic(local.to_owned())),
            "pillar" => local.parse().ok().map(LinkSubject::Pillar),
            _ => Some(LinkSubject::Declaration(local.to_owned())),
        }
    }

    fn link_predicate(
        &mut self,
        file: &super::ParsedFile,
        value: &Spanned<String>,
    ) -> Option<LinkPredicate> {
        let text = value.get_ref();
        let found = LinkPredicate::ALL.into_iter().find(|p| p.curie() == text);
        if found.is_none() {
            let valid: BTreeSet<String> = LinkPredicate::ALL
                .iter()
                .map(|p| p.curie().to_owned())
                .collect();
            self.report(
                file,
                value.span(),
                format!("unknown link predicate {text:?}"),
                Some(format!(
                    "{}: skos:closeMatch where the wording is near-identical, skos:relatedMatch otherwise, dcterms:relation where one end is not a concept (the declaration, the SDG concept scheme)",
                    choices(&valid)
                )),
            );
        }
        found
    }

    fn link_object<'v>(
        &mut self,
        file: &super::ParsedFile,
        value: &Spanned<String>,
        sdg: &'v SdgVocabulary,
    ) -> Option<&'v SdgConcept> {
        let text = value.get_ref();
        let is_iri = text.starts_with("http://") || text.starts_with("https://");
        let found = if is_iri {
            sdg.by_iri(text)
        } else {
            sdg.by_notation(text)
        };
        if found.is_none() {
            let origin = sdg.origins.join(", ");
            let hint = if is_iri {
                format!(
                    "give a notation such as \"16.3\", or the IRI of a concept described in {origin} (e.g. {})",
                    crate::source::sdg_vocabulary::SCHEME_IRI
                )
            } else if let Some(close) = sdg.by_notation(&text.to_lowercase()) {
                format!(
                    "notations are lower case: did you mean \"{}\"?",
                    close.notation.as_deref().unwrap_or_default()
                )
            } else {
                let goal = text.split('.').next().unwrap_or_default();
                let mut siblings: Vec<&str> = sdg
                    .notations
                    .keys()
                    .filter(|n| n.split('.').next() == Some(goal) && n.split('.').count() == 2)
                    .map(String::as_str)
                    .collect();
                // 16.1, 16.2, ..., 16.10, 16.a: numbers in order, then letters.
                siblings.sort_by_key(|n| {
                    let rest = n.split('.').nth(1).unwrap_or_default();
                    (rest.parse::<u32>().unwrap_or(u32::MAX), rest.to_owned())
                });
                let listed = if siblings.is_empty() {
                    "the snapshot has no target of that goal".to_owned()
                } else {
                    format!(
                        "the snapshot has these targets of goal {goal}: {}",
                        siblings.join(", ")
                    )
                };
                format!(
                    "{listed}; if {text} is a real SDG target or indicator, re-create the snapshot from the UN's files, which takes in every target the links use: `kyoto-kg sdg import tests/fixtures/sdg-kos/sdg-kos-goals-targets-indicators.ttl`"
                )
            };
            self.report(
                file,
                value.span(),
                format!("the SDG concept {text:?} is not in the SDG vocabulary ({origin})"),
                Some(hint),
            );
        }
        found
    }
}
