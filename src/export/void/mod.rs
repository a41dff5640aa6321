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

mod description;
mod statistics;

use description::*;
use statistics::*;
pub use statistics::{Statistics, date_range, declared_license, event_period};

/// The prefixes of a description, for readable Turtle.
pub fn prefixes() -> Vec<(String, String)> {
    let mut out = crate::vocab::prefixes();
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
    d.declare_prefixes(&dataset, &crate::vocab::prefixes());
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
