//! Building the description's quads: the dataset, its distributions, service, agents and
//! partitions, each with a minted IRI.

use super::*;

/// The SPARQL protocol, which the endpoint's data service conforms to.
pub(super) const SPARQL_PROTOCOL: &str = "https://www.w3.org/TR/sparql11-protocol/";

#[derive(Default)]
pub(super) struct Description {
    pub(super) quads: Vec<Quad>,
}

/// The publisher and contact point minted for a dataset.
pub(super) struct Agents {
    pub(super) publisher: NamedNode,
    pub(super) contact: NamedNode,
}

impl Description {
    /// `dct:publisher` and `dcat:contactPoint` of `subject`: `#publisher` (a `foaf:Agent`) and
    /// `#contact` (a `vcard:Kind`), fragments of the dataset's IRI.
    pub(super) fn publisher(&mut self, dataset: &NamedNode, publisher: &Publisher) -> Agents {
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
    pub(super) fn data_service(
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
    pub(super) fn declare_prefixes(&mut self, subject: &NamedNode, prefixes: &[(String, String)]) {
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

    pub(super) fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    }

    pub(super) fn count(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, n: usize) {
        self.add(s, p, Literal::from(i64::try_from(n).unwrap_or(i64::MAX)));
    }

    pub(super) fn statistics(&mut self, s: &NamedNode, stats: &Statistics) {
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
pub(super) fn fragment(iri: &NamedNode, name: &str) -> NamedNode {
    let separator = if iri.as_str().contains('#') { '-' } else { '#' };
    NamedNode::new_unchecked(format!("{}{separator}{name}", iri.as_str()))
}

pub(super) fn en(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

pub(super) fn date(day: NaiveDate) -> Literal {
    Literal::new_typed_literal(day.to_string(), xsd::DATE)
}

/// The last path segment of a kyoto-kg graph IRI, else a slug of the whole IRI.
pub(super) fn graph_slug(graph: &str) -> String {
    graph
        .strip_prefix(&format!("{}graph/", iri::BASE))
        .filter(|s| iri::is_slug(s))
        .map_or_else(|| iri::slugify(graph), str::to_owned)
}
