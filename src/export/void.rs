//! The description of the dataset, the one kyoto-kg publishes wherever the data goes: a
//! [VoID](https://www.w3.org/TR/void/) dataset with statistics (triples, entities, classes,
//! properties; per named graph and per class) that is also a
//! [DCAT 3](https://www.w3.org/TR/vocab-dcat-3/) dataset with one distribution per download
//! (media type, and for files at hand their size and SHA-256 as an
//! [SPDX](https://spdx.org/rdf/terms/) checksum).
//!
//! A release (`void.ttl`), a static site (`dataset.ttl`) and a server (`/dataset`) all describe
//! the data with [`describe`]; what differs between them is a [`Publication`]: the dataset's IRI,
//! the version and issue date (a release's), the SPARQL endpoint (only a server has one), where
//! the downloads are published and whether their bytes are at hand.
//!
//! Everything in it comes from the data or from the publication, never from the clock, so the
//! same data and options always give the same description. It uses no blank nodes (every
//! partition and checksum has a minted IRI: a fragment of the dataset's or the file's), so its
//! Turtle is deterministic, and on a server or a site these IRIs resolve to the description.

use crate::iri::{self, ID_BASE, Kind};
use crate::source::publisher::Publisher;
use crate::vocab::{dcat, dct, foaf, kyoto, owl, prov, schema, sd, sh, spdx, vcard, void};
use chrono::NaiveDate;
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The IRI of the kyoto-kg dataset (all of its graphs) under the default base IRI.
pub const DATASET: &str = "https://w3id.org/kyoto-kg/dataset";

/// The title of the dataset.
pub const TITLE: &str = "kyoto-kg: the follow-up to the Kyoto Declaration as a knowledge graph";

/// What the dataset is.
pub const DESCRIPTION: &str = "The Kyoto Declaration on Advancing Crime Prevention, Criminal Justice and the Rule of Law, the resolutions that approved and endorsed it, its four pillars, and the intersessional thematic discussions, sessions and topics through which the Commission on Crime Prevention and Criminal Justice follows it up; every fact is derived from a named public source.";

/// The IRI of the dataset whose IRIs are under `base` (`https://w3id.org/kyoto-kg/dataset`).
pub fn dataset_iri(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}dataset"))
}

/// What a release says about itself besides its statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseInfo {
    /// The release's version.
    pub version: String,
    /// The date the release is issued.
    pub issued: NaiveDate,
    /// The licence of the data.
    pub license: NamedNode,
    /// The URL the release's files will be downloadable under, ending with `/`.
    pub base_url: String,
    /// Who publishes the release (`data/publisher.toml`), if configured.
    pub publisher: Option<Publisher>,
}

/// One file of a release, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// The file name, relative to the release directory.
    pub name: String,
    /// What the file holds, for people.
    pub title: String,
    /// Its media type.
    pub media_type: String,
    /// The specification it conforms to, when more specific than its media type.
    pub conforms_to: Option<String>,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, 64 lower-case hex digits.
    pub sha256: String,
}

/// The size and SHA-256 of a download whose bytes are at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256, 64 lower-case hex digits.
    pub sha256: String,
}

/// One download of the dataset, as the description lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// Its name, relative to [`Publication::download_base`].
    pub name: String,
    /// What it holds, for people.
    pub title: String,
    /// Its media type.
    pub media_type: String,
    /// The specification it conforms to, when more specific than its media type.
    pub conforms_to: Option<String>,
    /// Its size and SHA-256 when the bytes are at hand (a release, a static site); a server,
    /// which writes its downloads on request, leaves them out.
    pub digest: Option<Digest>,
}

impl From<&FileInfo> for Download {
    fn from(file: &FileInfo) -> Self {
        Self {
            name: file.name.clone(),
            title: file.title.clone(),
            media_type: file.media_type.clone(),
            conforms_to: file.conforms_to.clone(),
            digest: Some(Digest {
                bytes: file.bytes,
                sha256: file.sha256.clone(),
            }),
        }
    }
}

/// How and where the dataset is published: everything the description says besides what it
/// counts in the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The dataset's IRI.
    pub dataset: NamedNode,
    /// The version (a release's).
    pub version: Option<String>,
    /// The issue date (a release's).
    pub issued: Option<NaiveDate>,
    /// The licence of the data.
    pub license: Option<NamedNode>,
    /// The SPARQL endpoint that answers queries over the data: a server's; a release or a
    /// static host has none, and its description must not claim one.
    pub sparql_endpoint: Option<NamedNode>,
    /// The URL the downloads are published under, ending with `/`.
    pub download_base: String,
    /// The downloads.
    pub downloads: Vec<Download>,
    /// Who publishes the dataset (`data/publisher.toml`), if configured.
    pub publisher: Option<Publisher>,
    /// The web page that gives access to the dataset: the site's or the server's home page.
    pub landing_page: Option<NamedNode>,
}

impl Publication {
    /// The publication of a release: its version, issue date, licence and files under its base
    /// URL, and no endpoint; its landing page is the home page at the project's base IRI.
    pub fn release(info: &ReleaseInfo, files: &[FileInfo]) -> Self {
        Self {
            dataset: NamedNode::new_unchecked(DATASET),
            version: Some(info.version.clone()),
            issued: Some(info.issued),
            license: Some(info.license.clone()),
            sparql_endpoint: None,
            download_base: info.base_url.clone(),
            downloads: files.iter().map(Download::from).collect(),
            publisher: info.publisher.clone(),
            landing_page: Some(NamedNode::new_unchecked(iri::BASE)),
        }
    }
}

/// Counts of one set of quads, VoID-style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statistics {
    /// Distinct triples.
    pub triples: usize,
    /// Distinct subjects whose IRI is in kyoto-kg's URI space.
    pub entities: usize,
    /// Distinct classes (objects of `rdf:type`).
    pub classes: usize,
    /// Distinct predicates.
    pub properties: usize,
    /// Distinct subjects.
    pub distinct_subjects: usize,
    /// Distinct objects.
    pub distinct_objects: usize,
    /// Per class IRI: (instances, triples whose subject is an instance).
    pub class_partitions: BTreeMap<String, (usize, usize)>,
}

impl Statistics {
    /// The statistics of `quads`, taken as one graph (graph names ignored).
    pub fn of<'a>(quads: impl IntoIterator<Item = &'a Quad>) -> Self {
        let triples: BTreeSet<(String, String, String)> = quads
            .into_iter()
            .map(|q| {
                (
                    q.subject.to_string(),
                    q.predicate.as_str().to_owned(),
                    q.object.to_string(),
                )
            })
            .collect();
        let mut types: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (s, p, o) in &triples {
            if p == rdf::TYPE.as_str() && o.starts_with('<') {
                types.entry(s.as_str()).or_default().insert(o.as_str());
            }
        }
        let mut class_partitions: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for class in types.values().flatten() {
            class_partitions.entry(unbracket(class)).or_default().0 += 1;
        }
        for (s, _, _) in &triples {
            for class in types.get(s.as_str()).into_iter().flatten() {
                class_partitions.entry(unbracket(class)).or_default().1 += 1;
            }
        }
        let subjects: BTreeSet<&str> = triples.iter().map(|t| t.0.as_str()).collect();
        Self {
            triples: triples.len(),
            entities: subjects
                .iter()
                .filter(|s| s.starts_with(&format!("<{ID_BASE}")))
                .count(),
            classes: class_partitions.len(),
            properties: triples
                .iter()
                .map(|t| t.1.as_str())
                .collect::<BTreeSet<_>>()
                .len(),
            distinct_subjects: subjects.len(),
            distinct_objects: triples
                .iter()
                .map(|t| t.2.as_str())
                .collect::<BTreeSet<_>>()
                .len(),
            class_partitions,
        }
    }
}

fn unbracket(term: &str) -> String {
    term.trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned()
}

/// The first and last `xsd:date` the quads hold, if any, whatever they date: events, and also
/// records about the data (when an SDG link was made or reviewed). The last is when the data
/// last changed (`dct:modified`, and a release's default `dct:issued`).
pub fn date_range(quads: &[Quad]) -> Option<(NaiveDate, NaiveDate)> {
    dates(quads, |_| true)
}

/// The first and last date of the events the data is about: the adoption of the declaration
/// and of the resolutions (`dct:dateAccepted`) and the start and end of meetings and sessions
/// (`schema:startDate`, `schema:endDate`). This is the dataset's temporal coverage; the dates of
/// records about the data (an SDG link's creation or review) are not in it.
pub fn event_period(quads: &[Quad]) -> Option<(NaiveDate, NaiveDate)> {
    let adopted: HashSet<&NamedOrBlankNode> = quads
        .iter()
        .filter(|q| {
            q.predicate == rdf::TYPE
                && matches!(&q.object, Term::NamedNode(c)
                    if c.as_ref() == kyoto::DECLARATION || c.as_ref() == kyoto::RESOLUTION)
        })
        .map(|q| &q.subject)
        .collect();
    dates(quads, |q| {
        q.predicate == schema::START_DATE
            || q.predicate.as_str() == SCHEMA_END_DATE
            || (q.predicate == dct::DATE_ACCEPTED && adopted.contains(&q.subject))
    })
}

/// schema.org's end date, which the data does not write today but events may carry.
const SCHEMA_END_DATE: &str = "http://schema.org/endDate";

fn dates(quads: &[Quad], keep: impl Fn(&Quad) -> bool) -> Option<(NaiveDate, NaiveDate)> {
    let dates: BTreeSet<NaiveDate> = quads
        .iter()
        .filter(|q| keep(q))
        .filter_map(|q| match &q.object {
            Term::Literal(l) if l.datatype() == xsd::DATE => l.value().parse().ok(),
            _ => None,
        })
        .collect();
    Some((*dates.first()?, *dates.last()?))
}

/// The licence the ontology declares (`<ontology> dct:license <licence>`), if any.
pub fn declared_license(quads: &[Quad]) -> Option<NamedNode> {
    quads.iter().find_map(|q| match (&q.subject, &q.object) {
        (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o))
            if s.as_ref() == iri::ONTOLOGY && q.predicate == dct::LICENSE =>
        {
            Some(o.clone())
        }
        _ => None,
    })
}

/// The prefixes of a description, for readable Turtle.
pub fn prefixes() -> Vec<(String, String)> {
    let mut out = crate::serialize::prefixes();
    for (name, ns) in [
        ("adms", crate::vocab::adms::NAMESPACE),
        ("dcat", dcat::NAMESPACE),
        ("foaf", foaf::NAMESPACE),
        ("sd", sd::NAMESPACE),
        ("sh", sh::NAMESPACE),
        ("spdx", spdx::NAMESPACE),
        ("vcard", vcard::NAMESPACE),
        ("void", void::NAMESPACE),
    ] {
        out.push((name.to_owned(), ns.to_owned()));
    }
    out.sort();
    out
}

/// Builds the description quads (default graph) of the dataset `quads` as `publication`
/// publishes it.
pub fn describe(quads: &[Quad], publication: &Publication) -> Vec<Quad> {
    let mut d = Description::default();
    let dataset = publication.dataset.clone();
    d.add(&dataset, rdf::TYPE, void::DATASET);
    d.add(&dataset, rdf::TYPE, dcat::DATASET);
    d.add(&dataset, dct::TITLE, en(TITLE));
    d.add(&dataset, rdfs::LABEL, en(TITLE));
    d.add(&dataset, dct::DESCRIPTION, en(DESCRIPTION));
    if let Some(license) = &publication.license {
        d.add(&dataset, dct::LICENSE, license.clone());
        d.add(license, rdf::TYPE, dct::LICENSE_DOCUMENT);
    }
    if let Some(version) = &publication.version {
        d.add(&dataset, owl::VERSION_INFO, Literal::from(version.as_str()));
        d.add(&dataset, dcat::VERSION, Literal::from(version.as_str()));
    }
    // Issued: a release's date; else, like a release's default, when the data last changed.
    let last_change = date_range(quads).map(|(_, last)| last);
    if let Some(issued) = publication.issued.or(last_change) {
        d.add(&dataset, dct::ISSUED, date(issued));
    }
    if let Some(modified) = last_change {
        d.add(&dataset, dct::MODIFIED, date(modified));
    }
    if let Some(page) = &publication.landing_page {
        d.add(&dataset, dcat::LANDING_PAGE, page.clone());
        d.add(page, rdf::TYPE, foaf::DOCUMENT);
    }
    let agents = publication
        .publisher
        .as_ref()
        .map(|publisher| d.publisher(&dataset, publisher));
    if let Some(endpoint) = &publication.sparql_endpoint {
        d.add(&dataset, void::SPARQL_ENDPOINT, endpoint.clone());
        d.data_service(&dataset, endpoint, publication, agents.as_ref());
    }
    d.add(&dataset, void::URI_SPACE, Literal::from(ID_BASE));
    d.declare_prefixes(&dataset, &crate::serialize::prefixes());
    for (predicate, kind) in [
        (void::ROOT_RESOURCE, Kind::Declaration),
        (void::EXAMPLE_RESOURCE, Kind::Session),
    ] {
        if let Some(example) = first_subject_of_kind(quads, kind) {
            d.add(&dataset, predicate, example);
        }
    }
    // The UN documents the facts come from: prov:wasDerivedFrom, not dct:source, whose values
    // DCAT-AP requires to be datasets (dcat:Dataset), which the documents are not.
    for source in subjects_of_kind(quads, Kind::Source) {
        d.add(&dataset, prov::WAS_DERIVED_FROM, source);
    }
    for vocabulary in vocabularies(quads) {
        d.add(&dataset, void::VOCABULARY, vocabulary);
    }
    if let Some((first, last)) = event_period(quads) {
        let period = fragment(&dataset, "period");
        d.add(&dataset, dct::TEMPORAL, period.clone());
        d.add(&period, rdf::TYPE, dct::PERIOD_OF_TIME);
        d.add(&period, dcat::START_DATE, date(first));
        d.add(&period, dcat::END_DATE, date(last));
    }
    d.statistics(&dataset, &Statistics::of(quads));

    let mut graphs: BTreeMap<Option<&NamedNode>, Vec<&Quad>> = BTreeMap::new();
    for quad in quads {
        let name = match &quad.graph_name {
            GraphName::NamedNode(n) => Some(n),
            _ => None,
        };
        graphs.entry(name).or_default().push(quad);
    }
    for (name, graph_quads) in graphs {
        let subset = fragment(
            &dataset,
            &format!(
                "graph-{}",
                name.map_or_else(|| "default".to_owned(), |n| graph_slug(n.as_str()))
            ),
        );
        d.add(&dataset, void::SUBSET, subset.clone());
        d.add(&subset, rdf::TYPE, void::DATASET);
        if let Some(name) = name {
            d.add(&subset, sd::NAME, name.clone());
        }
        d.statistics(&subset, &Statistics::of(graph_quads));
    }

    for file in &publication.downloads {
        let url = NamedNode::new_unchecked(format!("{}{}", publication.download_base, file.name));
        let distribution = url.clone();
        d.add(&dataset, dcat::DISTRIBUTION_PROPERTY, distribution.clone());
        d.add(&dataset, void::DATA_DUMP, url.clone());
        d.add(&distribution, rdf::TYPE, dcat::DISTRIBUTION);
        d.add(&distribution, dct::TITLE, en(&file.title));
        d.add(&distribution, dcat::ACCESS_URL, url.clone());
        d.add(&distribution, dcat::DOWNLOAD_URL, url.clone());
        let media = NamedNode::new_unchecked(format!(
            "https://www.iana.org/assignments/media-types/{}",
            file.media_type
        ));
        d.add(&distribution, dcat::MEDIA_TYPE, media.clone());
        d.add(&distribution, dct::FORMAT, media.clone());
        d.add(&media, rdf::TYPE, dct::MEDIA_TYPE_CLASS);
        d.add(&media, rdf::TYPE, dct::MEDIA_TYPE_OR_EXTENT);
        if let Some(spec) = &file.conforms_to {
            let spec = NamedNode::new_unchecked(spec);
            d.add(&distribution, dct::CONFORMS_TO, spec.clone());
            d.add(&spec, rdf::TYPE, dct::STANDARD);
        }
        if let Some(license) = &publication.license {
            d.add(&distribution, dct::LICENSE, license.clone());
        }
        let Some(digest) = &file.digest else {
            continue;
        };
        d.add(
            &distribution,
            dcat::BYTE_SIZE,
            Literal::new_typed_literal(digest.bytes.to_string(), xsd::NON_NEGATIVE_INTEGER),
        );
        let checksum = fragment(&url, "sha256");
        d.add(&distribution, spdx::CHECKSUM, checksum.clone());
        d.add(&checksum, rdf::TYPE, spdx::CHECKSUM_CLASS);
        d.add(&checksum, spdx::ALGORITHM, spdx::CHECKSUM_ALGORITHM_SHA256);
        d.add(
            &spdx::CHECKSUM_ALGORITHM_SHA256.into_owned(),
            rdf::TYPE,
            spdx::CHECKSUM_ALGORITHM,
        );
        d.add(
            &checksum,
            spdx::CHECKSUM_VALUE,
            Literal::new_typed_literal(digest.sha256.as_str(), xsd::HEX_BINARY),
        );
    }
    // A term typed from several distributions (a media type, the licence) is said once.
    let mut seen = HashSet::new();
    d.quads.retain(|q| seen.insert(q.clone()));
    d.quads
}

/// The SPARQL protocol, which the endpoint's data service conforms to.
const SPARQL_PROTOCOL: &str = "https://www.w3.org/TR/sparql11-protocol/";

#[derive(Default)]
struct Description {
    quads: Vec<Quad>,
}

/// The publisher and contact point minted for a dataset.
struct Agents {
    publisher: NamedNode,
    contact: NamedNode,
}

impl Description {
    /// `dct:publisher` and `dcat:contactPoint` of `subject`: `#publisher` (a `foaf:Agent`) and
    /// `#contact` (a `vcard:Kind`), fragments of the dataset's IRI.
    fn publisher(&mut self, dataset: &NamedNode, publisher: &Publisher) -> Agents {
        let agent = fragment(dataset, "publisher");
        self.add(dataset, dct::PUBLISHER, agent.clone());
        self.add(&agent, rdf::TYPE, foaf::AGENT);
        self.add(&agent, foaf::NAME, Literal::from(publisher.name.as_str()));
        if let Some(homepage) = &publisher.homepage {
            self.add(&agent, foaf::HOMEPAGE, homepage.clone());
            self.add(homepage, rdf::TYPE, foaf::DOCUMENT);
        }
        let contact = fragment(dataset, "contact");
        self.add(dataset, dcat::CONTACT_POINT, contact.clone());
        self.add(&contact, rdf::TYPE, vcard::KIND);
        self.add(
            &contact,
            vcard::FN,
            Literal::from(publisher.contact_name.as_str()),
        );
        if let Some(email) = &publisher.contact_email {
            self.add(
                &contact,
                vcard::HAS_EMAIL,
                NamedNode::new_unchecked(format!("mailto:{email}")),
            );
        }
        if let Some(url) = &publisher.contact_url {
            self.add(&contact, vcard::HAS_URL, url.clone());
        }
        Agents {
            publisher: agent,
            contact,
        }
    }

    /// The SPARQL endpoint as a `dcat:DataService` (`#sparql-service`) that serves the dataset,
    /// and a distribution (`#sparql`) accessed through it.
    fn data_service(
        &mut self,
        dataset: &NamedNode,
        endpoint: &NamedNode,
        publication: &Publication,
        agents: Option<&Agents>,
    ) {
        let service = fragment(dataset, "sparql-service");
        self.add(&service, rdf::TYPE, dcat::DATA_SERVICE);
        self.add(&service, dct::TITLE, en("kyoto-kg SPARQL endpoint"));
        self.add(&service, dcat::ENDPOINT_URL, endpoint.clone());
        // A GET of the endpoint without a query answers its SPARQL service description.
        self.add(&service, dcat::ENDPOINT_DESCRIPTION, endpoint.clone());
        self.add(&service, dcat::SERVES_DATASET, dataset.clone());
        let protocol = NamedNode::new_unchecked(SPARQL_PROTOCOL);
        self.add(&service, dct::CONFORMS_TO, protocol.clone());
        self.add(&protocol, rdf::TYPE, dct::STANDARD);
        if let Some(license) = &publication.license {
            self.add(&service, dct::LICENSE, license.clone());
        }
        if let Some(agents) = agents {
            self.add(&service, dct::PUBLISHER, agents.publisher.clone());
            self.add(&service, dcat::CONTACT_POINT, agents.contact.clone());
        }
        let distribution = fragment(dataset, "sparql");
        self.add(dataset, dcat::DISTRIBUTION_PROPERTY, distribution.clone());
        self.add(&distribution, rdf::TYPE, dcat::DISTRIBUTION);
        self.add(
            &distribution,
            dct::TITLE,
            en("The whole dataset through the SPARQL endpoint"),
        );
        self.add(&distribution, dcat::ACCESS_URL, endpoint.clone());
        self.add(&distribution, dcat::ACCESS_SERVICE, service);
        if let Some(license) = &publication.license {
            self.add(&distribution, dct::LICENSE, license.clone());
        }
    }

    /// The prefixes queries may use without declaring them, as SHACL prefix declarations
    /// (`sh:declare`), each at `#prefix-NAME`: a machine-readable prefix table.
    fn declare_prefixes(&mut self, subject: &NamedNode, prefixes: &[(String, String)]) {
        for (name, namespace) in prefixes {
            let declaration = fragment(subject, &format!("prefix-{name}"));
            self.add(subject, sh::DECLARE, declaration.clone());
            self.add(&declaration, rdf::TYPE, sh::PREFIX_DECLARATION);
            self.add(&declaration, sh::PREFIX, Literal::from(name.as_str()));
            self.add(
                &declaration,
                sh::NAMESPACE_PROPERTY,
                Literal::new_typed_literal(namespace.as_str(), xsd::ANY_URI),
            );
        }
    }

    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    }

    fn count(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, n: usize) {
        self.add(s, p, Literal::from(i64::try_from(n).unwrap_or(i64::MAX)));
    }

    fn statistics(&mut self, s: &NamedNode, stats: &Statistics) {
        self.count(s, void::TRIPLES, stats.triples);
        self.count(s, void::ENTITIES, stats.entities);
        self.count(s, void::CLASSES, stats.classes);
        self.count(s, void::PROPERTIES, stats.properties);
        self.count(s, void::DISTINCT_SUBJECTS, stats.distinct_subjects);
        self.count(s, void::DISTINCT_OBJECTS, stats.distinct_objects);
        for (class, (entities, triples)) in &stats.class_partitions {
            let partition = fragment(
                s,
                &format!("class-{}", iri::slugify(&crate::query::abbreviate(class))),
            );
            self.add(s, void::CLASS_PARTITION, partition.clone());
            self.add(&partition, void::CLASS, NamedNode::new_unchecked(class));
            self.count(&partition, void::ENTITIES, *entities);
            self.count(&partition, void::TRIPLES, *triples);
        }
    }
}

/// `iri#name`; `iri-name` when `iri` already has a fragment (a subset's class partition).
fn fragment(iri: &NamedNode, name: &str) -> NamedNode {
    let separator = if iri.as_str().contains('#') { '-' } else { '#' };
    NamedNode::new_unchecked(format!("{}{separator}{name}", iri.as_str()))
}

fn en(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

fn date(day: NaiveDate) -> Literal {
    Literal::new_typed_literal(day.to_string(), xsd::DATE)
}

/// The last path segment of a kyoto-kg graph IRI, else a slug of the whole IRI.
fn graph_slug(graph: &str) -> String {
    graph
        .strip_prefix(&format!("{}graph/", iri::BASE))
        .filter(|s| iri::is_slug(s))
        .map_or_else(|| iri::slugify(graph), str::to_owned)
}

fn subjects_of_kind(quads: &[Quad], kind: Kind) -> BTreeSet<NamedNode> {
    let namespace = kind.namespace();
    quads
        .iter()
        .filter_map(|q| match &q.subject {
            NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(&namespace) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

fn first_subject_of_kind(quads: &[Quad], kind: Kind) -> Option<NamedNode> {
    subjects_of_kind(quads, kind).into_iter().next()
}

/// The namespaces of kyoto-kg's prefix table that the quads' predicates and classes use.
fn vocabularies(quads: &[Quad]) -> BTreeSet<NamedNode> {
    let used: BTreeSet<&str> = quads
        .iter()
        .flat_map(|q| {
            let class = match &q.object {
                Term::NamedNode(o) if q.predicate == rdf::TYPE => Some(o.as_str()),
                _ => None,
            };
            std::iter::once(q.predicate.as_str()).chain(class)
        })
        .collect();
    crate::serialize::prefixes()
        .into_iter()
        .filter(|(_, ns)| {
            !ns.starts_with(ID_BASE) && !ns.starts_with(&format!("{}graph/", iri::BASE))
        })
        .filter(|(_, ns)| used.iter().any(|term| term.starts_with(ns.as_str())))
        .map(|(_, ns)| NamedNode::new_unchecked(ns))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iri(s: &str) -> NamedNode {
        NamedNode::new_unchecked(s)
    }

    fn publication(endpoint: Option<&str>, digest: Option<Digest>) -> Publication {
        Publication {
            dataset: iri(DATASET),
            version: None,
            issued: None,
            license: None,
            sparql_endpoint: endpoint.map(iri),
            download_base: "https://example.org/files/".to_owned(),
            publisher: None,
            landing_page: None,
            downloads: vec![Download {
                name: "kyoto.ttl".to_owned(),
                title: "Turtle".to_owned(),
                media_type: "text/turtle".to_owned(),
                conforms_to: None,
                digest,
            }],
        }
    }

    fn objects(quads: &[Quad], predicate: NamedNodeRef<'_>) -> Vec<String> {
        quads
            .iter()
            .filter(|q| q.predicate == predicate)
            .map(|q| q.object.to_string())
            .collect()
    }

    #[test]
    fn a_description_claims_an_endpoint_and_digests_only_when_published_with_them() {
        let data = [Quad::new(
            iri(&format!("{ID_BASE}session/1")),
            rdf::TYPE,
            iri("http://example.org/C"),
            GraphName::DefaultGraph,
        )];
        let bare = describe(&data, &publication(None, None));
        assert!(objects(&bare, void::SPARQL_ENDPOINT).is_empty());
        assert!(objects(&bare, dcat::BYTE_SIZE).is_empty());
        assert_eq!(
            objects(&bare, dcat::DOWNLOAD_URL),
            ["<https://example.org/files/kyoto.ttl>"]
        );
        let digest = Digest {
            bytes: 3,
            sha256: "ab".repeat(32),
        };
        let full = describe(
            &data,
            &publication(Some("http://127.0.0.1:1/sparql"), Some(digest)),
        );
        assert_eq!(
            objects(&full, void::SPARQL_ENDPOINT),
            ["<http://127.0.0.1:1/sparql>"]
        );
        assert_eq!(objects(&full, dcat::BYTE_SIZE).len(), 1);
        assert!(
            full.iter()
                .all(|q| matches!(q.subject, NamedOrBlankNode::NamedNode(_))),
            "no blank nodes"
        );
    }

    #[test]
    fn the_temporal_coverage_counts_events_not_records_about_the_data() {
        // issue 16: the period ended on 2026-11-27, the day the SDG links were curated.
        let g = GraphName::DefaultGraph;
        let day = |d: &str| Literal::new_typed_literal(d, xsd::DATE);
        let declaration = iri(&format!("{ID_BASE}declaration/kyoto"));
        let session = iri(&format!("{ID_BASE}session/2024-3"));
        let mapping = iri(&format!("{ID_BASE}mapping/a--16.3"));
        let quads = [
            Quad::new(
                declaration.clone(),
                rdf::TYPE,
                kyoto::DECLARATION,
                g.clone(),
            ),
            Quad::new(
                declaration,
                dct::DATE_ACCEPTED,
                day("2021-03-07"),
                g.clone(),
            ),
            Quad::new(session, schema::START_DATE, day("2024-12-04"), g.clone()),
            Quad::new(mapping.clone(), dct::CREATED, day("2026-11-27"), g.clone()),
            Quad::new(mapping, dct::DATE_ACCEPTED, day("2026-12-05"), g),
        ];
        let text = |(a, b): (NaiveDate, NaiveDate)| (a.to_string(), b.to_string());
        assert_eq!(
            event_period(&quads).map(text),
            Some(("2021-03-07".to_owned(), "2024-12-04".to_owned()))
        );
        let described = describe(&quads, &publication(None, None));
        let typed = |d: &str| format!("\"{d}\"^^<http://www.w3.org/2001/XMLSchema#date>");
        assert_eq!(objects(&described, dcat::END_DATE), [typed("2024-12-04")]);
        assert_eq!(
            objects(&described, dct::MODIFIED),
            [typed("2026-12-05")],
            "the data last changed when a link was reviewed"
        );
    }

    #[test]
    fn statistics_count_distinct_triples_and_class_partitions() {
        let g = GraphName::NamedNode(iri("http://example.org/g"));
        let a = iri(&format!("{ID_BASE}session/1"));
        let c = iri("http://example.org/C");
        let p = iri("http://example.org/p");
        let quads = [
            Quad::new(a.clone(), rdf::TYPE, c.clone(), g.clone()),
            Quad::new(a.clone(), p.clone(), Literal::from("x"), g.clone()),
            Quad::new(
                a.clone(),
                p.clone(),
                Literal::from("x"),
                GraphName::DefaultGraph,
            ),
            Quad::new(iri("http://example.org/b"), p, a, g),
        ];
        let stats = Statistics::of(&quads);
        assert_eq!(stats.triples, 3, "the duplicate across graphs counts once");
        assert_eq!(stats.entities, 1);
        assert_eq!(stats.classes, 1);
        assert_eq!(stats.properties, 2);
        assert_eq!(stats.distinct_subjects, 2);
        assert_eq!(stats.class_partitions[c.as_str()], (1, 2));
    }
}
