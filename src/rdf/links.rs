//! The curated SDG links in RDF: the direct mapping triple (`topic:x skos:relatedMatch sdg:16.3`)
//! for queries, and beside it a mapping record that says it is an editorial judgement, who made
//! it, when and why.
//!
//! The record follows SSSOM's RDF form (<https://mapping-commons.github.io/sssom/spec-model/>): an
//! `owl:Axiom` whose `owl:annotatedSource` / `owl:annotatedProperty` / `owl:annotatedTarget`
//! restate the triple, with `sssom:mapping_justification semapv:ManualMappingCuration`, the
//! rationale as `rdfs:comment`, `sssom:author_label`, `dcterms:created`, `sssom:confidence`
//! (derived from the predicate and the review, [`crate::model::Confidence`]) and, for a
//! reviewed link, `sssom:reviewer_label` and the review's date as `dcterms:dateAccepted`. It is
//! also a `kyoto:EditorialMapping`, so a reader who knows no SSSOM still sees what kind of
//! claim it is.

use super::{Quads, en, typed};
use crate::iri::{self, Kind};
use crate::model::{Dataset, LinkSubject, SdgLink};
use crate::vocab::{dct, kyoto, owl, semapv, sssom};
use oxigraph::model::vocab::{rdfs, xsd};
use oxigraph::model::{Literal, NamedNode};

/// The IRI of a link's subject.
pub fn subject_iri(subject: &LinkSubject) -> NamedNode {
    match subject {
        LinkSubject::Declaration(id) => iri::mint(Kind::Declaration, id),
        LinkSubject::Pillar(n) => iri::mint(Kind::Pillar, n),
        LinkSubject::Topic(id) => iri::mint(Kind::Topic, id),
    }
}

/// The IRI of a link's mapping record.
pub fn mapping_iri(link: &SdgLink) -> NamedNode {
    let (kind, local) = match &link.subject {
        LinkSubject::Declaration(id) => (Kind::Declaration, id.clone()),
        LinkSubject::Pillar(n) => (Kind::Pillar, n.to_string()),
        LinkSubject::Topic(id) => (Kind::Topic, id.clone()),
    };
    iri::mint(
        Kind::Mapping,
        iri::mapping_local(kind, &local, &link.object),
    )
}

impl Quads {
    pub(super) fn sdg_links(&mut self, d: &Dataset) {
        for link in &d.sdg_links {
            let subject = subject_iri(&link.subject);
            let object = NamedNode::new_unchecked(&link.object);
            self.add(&subject, link.predicate.iri(), object.clone());

            let record = mapping_iri(link);
            self.types(&record, &[owl::AXIOM, kyoto::EDITORIAL_MAPPING]);
            self.add(
                &record,
                rdfs::LABEL,
                en(&format!(
                    "{} {} {}",
                    link.subject,
                    link.predicate.curie(),
                    link.object_ref
                )),
            );
            self.add(&record, owl::ANNOTATED_SOURCE, subject);
            self.add(
                &record,
                owl::ANNOTATED_PROPERTY,
                link.predicate.iri().into_owned(),
            );
            self.add(&record, owl::ANNOTATED_TARGET, object);
            self.add(
                &record,
                sssom::MAPPING_JUSTIFICATION,
                semapv::MANUAL_MAPPING_CURATION.into_owned(),
            );
            self.add(&record, rdfs::COMMENT, en(&link.rationale));
            self.add(
                &record,
                sssom::AUTHOR_LABEL,
                Literal::from(link.author.as_str()),
            );
            self.add(&record, dct::CREATED, typed(link.date, xsd::DATE));
            self.add(
                &record,
                sssom::CONFIDENCE,
                typed(link.confidence(), xsd::DOUBLE),
            );
            if let Some(review) = &link.review {
                self.add(
                    &record,
                    sssom::REVIEWER_LABEL,
                    Literal::from(review.reviewer.as_str()),
                );
                self.add(&record, dct::DATE_ACCEPTED, typed(review.date, xsd::DATE));
            }
        }
    }
}
