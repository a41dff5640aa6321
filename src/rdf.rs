//! Maps a checked [`Dataset`] to RDF quads in the data graph, under the kyoto-kg ontology.
//!
//! The mapping is a pure function: the same dataset always gives the same quads, sorted, with
//! no blank nodes, so every export built on it is byte-for-byte reproducible. See the README's
//! "ontology at a glance" for what each record becomes. The mapping is written here, one
//! function per kind of record; `rdf/parts.rs` runs those functions on one thread per core and hands
//! their quads on in a fixed order.

mod links;
mod parts;

pub use links::{mapping_iri, subject_iri};
pub use parts::in_parts;

use crate::iri::{self, Kind, SCHEME};
use crate::model::{Dataset, Session};
use crate::vocab::{dct, kyoto, prov, schema, skos};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};

/// The label of the SKOS concept scheme of pillars and topics.
pub const SCHEME_LABEL: &str = "Kyoto Declaration pillars and thematic topics";

/// Converts `dataset` into the quads of the data graph, sorted and without duplicates.
pub fn to_quads(dataset: &Dataset) -> Vec<Quad> {
    let mut quads = to_unsorted_quads(dataset);
    quads.sort_by_cached_key(|q| {
        (
            q.subject.to_string(),
            q.predicate.to_string(),
            q.object.to_string(),
        )
    });
    quads.dedup();
    quads
}

/// The quads of [`to_quads`] in the order they are made, possibly with duplicates: for a store,
/// which orders and deduplicates by itself (sorting 10^6 quads by their text costs a third of
/// a build).
pub fn to_unsorted_quads(dataset: &Dataset) -> Vec<Quad> {
    in_parts(dataset, |parts| parts.flatten().collect())
}

/// The parts of the conversion, one per kind of record, in output order.
const PARTS: [fn(&mut Quads, &Dataset); 6] = [
    Quads::sources,
    Quads::bodies,
    Quads::documents,
    Quads::concepts,
    Quads::events,
    Quads::sdg_links,
];

/// The human label of a session, e.g. "Thematic session 2 of 2022".
pub fn session_label(session: &Session) -> String {
    format!("Thematic session {} of {}", session.number, session.year)
}

/// An English literal.
fn en(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

fn typed(value: impl ToString, datatype: NamedNodeRef<'_>) -> Literal {
    Literal::new_typed_literal(value.to_string(), datatype)
}

#[derive(Default)]
struct Quads {
    quads: Vec<Quad>,
}

impl Quads {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            s.clone(),
            p,
            o,
            GraphName::NamedNode(iri::graph::DATA.into_owned()),
        ));
    }

    fn types(&mut self, s: &NamedNode, classes: &[NamedNodeRef<'_>]) {
        for class in classes {
            self.add(s, rdf::TYPE, class.into_owned());
        }
    }

    fn derived_from(&mut self, s: &NamedNode, sources: &[String]) {
        for source in sources {
            self.add(s, prov::WAS_DERIVED_FROM, iri::mint(Kind::Source, source));
        }
    }

    fn sources(&mut self, d: &Dataset) {
        for source in &d.sources {
            let s = iri::mint(Kind::Source, &source.id);
            self.types(&s, &[prov::ENTITY]);
            self.add(&s, rdfs::LABEL, en(&source.title));
            self.add(&s, dct::TITLE, en(&source.title));
            if let Some(symbol) = &source.symbol {
                self.add(&s, dct::IDENTIFIER, Literal::from(symbol.as_str()));
            }
            if let Some(url) = &source.url {
                self.add(&s, schema::URL, NamedNode::new_unchecked(url));
            }
            if let Some(note) = &source.note {
                self.add(&s, rdfs::COMMENT, en(note));
            }
        }
    }

    fn bodies(&mut self, d: &Dataset) {
        for org in &d.organizations {
            let s = iri::mint(Kind::Organization, &org.id);
            self.types(&s, &[schema::ORGANIZATION]);
            self.add(&s, rdfs::LABEL, en(&org.name));
            self.add(&s, schema::NAME, en(&org.name));
            if let Some(acronym) = &org.acronym {
                self.add(&s, schema::ALTERNATE_NAME, Literal::from(acronym.as_str()));
            }
            self.derived_from(&s, &org.sources);
        }
        for meeting in &d.meetings {
            let s = iri::mint(Kind::Meeting, &meeting.id);
            self.types(&s, &[schema::EVENT]);
            self.add(&s, rdfs::LABEL, en(&meeting.name));
            self.add(&s, schema::NAME, en(&meeting.name));
            if let Some(org) = &meeting.organizer {
                self.add(&s, schema::ORGANIZER, iri::mint(Kind::Organization, org));
            }
            if let Some(month) = meeting.month {
                self.add(&s, schema::START_DATE, typed(month, xsd::G_YEAR_MONTH));
            }
            self.derived_from(&s, &meeting.sources);
        }
    }

    fn documents(&mut self, d: &Dataset) {
        let decl = &d.declaration;
        let s = iri::mint(Kind::Declaration, &decl.id);
        self.types(&s, &[kyoto::DECLARATION]);
        self.add(&s, dct::TITLE, en(&decl.title));
        self.add(
            &s,
            rdfs::LABEL,
            en(decl.short_title.as_deref().unwrap_or(&decl.title)),
        );
        if let Some(short) = &decl.short_title {
            self.add(&s, dct::ALTERNATIVE, en(short));
        }
        if let Some(symbol) = &decl.symbol {
            self.add(&s, dct::IDENTIFIER, Literal::from(symbol.as_str()));
        }
        self.add(&s, dct::DATE_ACCEPTED, typed(decl.adopted, xsd::DATE));
        if let Some(meeting) = &decl.adopted_at {
            self.add(&s, kyoto::ADOPTED_AT, iri::mint(Kind::Meeting, meeting));
        }
        if let Some(consensus) = decl.by_consensus {
            self.add(&s, kyoto::ADOPTED_BY_CONSENSUS, Literal::from(consensus));
        }
        for pillar in &d.pillars {
            self.add(
                &s,
                kyoto::HAS_PILLAR,
                iri::mint(Kind::Pillar, pillar.number),
            );
        }
        self.derived_from(&s, &decl.sources);

        for res in &d.resolutions {
            let s = iri::mint(Kind::Resolution, &res.id);
            self.types(&s, &[kyoto::RESOLUTION]);
            self.add(&s, rdfs::LABEL, en(res.label()));
            if let Some(title) = &res.title {
                self.add(&s, dct::TITLE, en(title));
            }
            if let Some(symbol) = &res.symbol {
                self.add(&s, dct::IDENTIFIER, Literal::from(symbol.as_str()));
            }
            if let Some(meeting) = &res.adopted_at {
                self.add(&s, kyoto::ADOPTED_AT, iri::mint(Kind::Meeting, meeting));
            }
            if let Some(consensus) = res.by_consensus {
                self.add(&s, kyoto::ADOPTED_BY_CONSENSUS, Literal::from(consensus));
            }
            if let Some(decl) = &res.approves {
                self.add(&s, kyoto::APPROVES, iri::mint(Kind::Declaration, decl));
            }
            if let Some(decl) = &res.endorses {
                self.add(&s, kyoto::ENDORSES, iri::mint(Kind::Declaration, decl));
            }
            self.derived_from(&s, &res.sources);
        }

        if let Some(plan) = &d.workplan {
            let s = iri::mint(Kind::Workplan, &plan.id);
            self.types(&s, &[kyoto::WORKPLAN]);
            self.add(&s, rdfs::LABEL, en(&plan.title));
            self.add(&s, dct::TITLE, en(&plan.title));
            self.add(
                &s,
                kyoto::FOLLOWS_UP,
                iri::mint(Kind::Declaration, &decl.id),
            );
            if let Some(org) = &plan.endorsed_by {
                self.add(&s, kyoto::ENDORSED_BY, iri::mint(Kind::Organization, org));
            }
            if let Some(res) = &plan.mandated_by {
                self.add(&s, kyoto::MANDATED_BY, iri::mint(Kind::Resolution, res));
            }
            if let Some(paragraph) = plan.operative_paragraph {
                self.add(
                    &s,
                    kyoto::OPERATIVE_PARAGRAPH,
                    Literal::from(i64::from(paragraph)),
                );
            }
            self.derived_from(&s, &plan.sources);
        }
    }

    fn concepts(&mut self, d: &Dataset) {
        let scheme = SCHEME.into_owned();
        self.types(&scheme, &[skos::CONCEPT_SCHEME]);
        self.add(&scheme, skos::PREF_LABEL, en(SCHEME_LABEL));
        self.add(&scheme, rdfs::LABEL, en(SCHEME_LABEL));
        self.add(
            &scheme,
            dct::SOURCE,
            iri::mint(Kind::Declaration, &d.declaration.id),
        );
        for pillar in &d.pillars {
            let s = iri::mint(Kind::Pillar, pillar.number);
            self.types(&s, &[kyoto::PILLAR, skos::CONCEPT]);
            self.add(&s, skos::PREF_LABEL, en(&pillar.label));
            self.add(&s, rdfs::LABEL, en(&pillar.label));
            self.add(&s, skos::NOTATION, Literal::from(iri::roman(pillar.number)));
            self.add(&s, skos::IN_SCHEME, scheme.clone());
            self.add(&s, skos::TOP_CONCEPT_OF, scheme.clone());
            self.add(&scheme, skos::HAS_TOP_CONCEPT, s.clone());
            self.derived_from(&s, &pillar.sources);
        }
        for (session, topic) in d.topics() {
            let s = iri::mint(Kind::Topic, &topic.id);
            self.types(&s, &[kyoto::TOPIC, skos::CONCEPT]);
            self.add(&s, skos::PREF_LABEL, en(&topic.label));
            self.add(&s, rdfs::LABEL, en(&topic.label));
            self.add(&s, skos::IN_SCHEME, scheme.clone());
            if let Some(discussion) = d.discussion(session.year) {
                let pillar = iri::mint(Kind::Pillar, discussion.pillar);
                self.add(&s, skos::BROADER, pillar.clone());
                self.add(&pillar, skos::NARROWER, s.clone());
            }
            self.derived_from(&s, &session.sources);
        }
    }

    fn events(&mut self, d: &Dataset) {
        let declaration = iri::mint(Kind::Declaration, &d.declaration.id);
        for discussion in &d.discussions {
            let s = iri::mint(Kind::Discussion, discussion.year);
            self.types(&s, &[kyoto::THEMATIC_DISCUSSION, schema::EVENT]);
            let label = match d.pillar(discussion.pillar) {
                Some(p) => format!(
                    "{} thematic discussion: pillar {} ({})",
                    discussion.year,
                    iri::roman(p.number),
                    p.label
                ),
                None => format!("{} thematic discussion", discussion.year),
            };
            self.add(&s, rdfs::LABEL, en(&label));
            self.add(&s, schema::NAME, en(&label));
            self.add(&s, kyoto::YEAR, typed(discussion.year, xsd::G_YEAR));
            self.add(
                &s,
                kyoto::PILLAR_PROPERTY,
                iri::mint(Kind::Pillar, discussion.pillar),
            );
            self.add(&s, kyoto::FOLLOWS_UP, declaration.clone());
            if let Some(plan) = &d.workplan {
                self.add(
                    &s,
                    kyoto::WORKPLAN_PROPERTY,
                    iri::mint(Kind::Workplan, &plan.id),
                );
                if let Some(res) = &plan.mandated_by {
                    self.add(&s, kyoto::MANDATED_BY, iri::mint(Kind::Resolution, res));
                }
                if let Some(paragraph) = plan.operative_paragraph {
                    self.add(
                        &s,
                        kyoto::OPERATIVE_PARAGRAPH,
                        Literal::from(i64::from(paragraph)),
                    );
                }
            }
            if let Some(note) = &discussion.note {
                self.add(&s, skos::EDITORIAL_NOTE, en(note));
            }
            self.derived_from(&s, &discussion.sources);
        }
        for session in &d.sessions {
            let s = iri::mint(
                Kind::Session,
                iri::session_local(session.year, session.number),
            );
            self.types(&s, &[kyoto::THEMATIC_SESSION, schema::EVENT]);
            let label = session_label(session);
            self.add(&s, rdfs::LABEL, en(&label));
            self.add(&s, schema::NAME, en(&label));
            self.add(
                &s,
                kyoto::SESSION_NUMBER,
                Literal::from(i64::from(session.number)),
            );
            self.add(&s, schema::START_DATE, typed(session.date, xsd::DATE));
            self.add(
                &s,
                schema::SUPER_EVENT,
                iri::mint(Kind::Discussion, session.year),
            );
            if let Some(discussion) = d.discussion(session.year) {
                self.add(
                    &s,
                    kyoto::PILLAR_PROPERTY,
                    iri::mint(Kind::Pillar, discussion.pillar),
                );
            }
            for topic in &session.topics {
                self.add(&s, kyoto::TOPIC_PROPERTY, iri::mint(Kind::Topic, &topic.id));
            }
            self.add(
                &s,
                kyoto::TOPICS_RECORDED,
                Literal::from(!session.topics.is_empty()),
            );
            self.derived_from(&s, &session.sources);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn shipped() -> Result<Dataset, Box<dyn std::error::Error>> {
        Ok(crate::source::load(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        )?)
    }

    #[test]
    fn the_parts_come_in_output_order_whatever_the_threads_do()
    -> Result<(), Box<dyn std::error::Error>> {
        let dataset = shipped()?;
        let mut serial = Quads::default();
        for part in PARTS {
            part(&mut serial, &dataset);
        }
        for _ in 0..20 {
            assert_eq!(to_unsorted_quads(&dataset), serial.quads);
        }
        Ok(())
    }

    #[test]
    fn a_consumer_that_stops_early_is_not_kept_waiting() -> Result<(), Box<dyn std::error::Error>> {
        let dataset = shipped()?;
        let first = in_parts(&dataset, |parts| parts.next().map(|part| part.len()));
        assert!(first.is_some_and(|n| n > 0));
        Ok(())
    }
}
