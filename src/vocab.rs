//! IRIs of the vocabularies kyoto-kg writes, one `const` per term.
//!
//! [`kyoto`] holds the terms the project mints (declared in `ontology/kyoto.ttl`, which a test
//! keeps in step with this module); the other modules hold the terms reused from standard
//! vocabularies. RDF, RDFS and XSD come from [`oxigraph::model::vocab`].

/// Declares a vocabulary module: its namespace, one documented `const` per term, and `ALL`.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $module:ident, $namespace:literal, {
        $($(#[doc = $doc:literal])+ $name:ident = $local:literal;)+
    }) => {
        $(#[$meta])*
        pub mod $module {
            use oxigraph::model::NamedNodeRef;

            /// The namespace IRI every term of this vocabulary starts with.
            pub const NAMESPACE: &str = $namespace;

            $(
                $(#[doc = $doc])+
                pub const $name: NamedNodeRef<'static> =
                    NamedNodeRef::new_unchecked(concat!($namespace, $local));
            )+

            /// Every term of this module, in declaration order.
            pub const ALL: &[NamedNodeRef<'static>] = &[$($name),+];
        }
    };
}

vocabulary!(
    /// The kyoto-kg ontology (`kyoto:`), <https://w3id.org/kyoto-kg/ontology#>.
    kyoto, "https://w3id.org/kyoto-kg/ontology#", {
    /// A political declaration adopted by an intergovernmental meeting.
    DECLARATION = "Declaration";
    /// A resolution adopted by a United Nations body.
    RESOLUTION = "Resolution";
    /// A multi-year workplan that schedules thematic discussions.
    WORKPLAN = "Workplan";
    /// A thematic pillar of a declaration (a `skos:Concept`).
    PILLAR = "Pillar";
    /// A topic discussed in a thematic session (a `skos:Concept`).
    TOPIC = "Topic";
    /// The thematic discussion of one year, devoted to one pillar.
    THEMATIC_DISCUSSION = "ThematicDiscussion";
    /// A numbered, dated session of a thematic discussion (a `schema:Event`).
    THEMATIC_SESSION = "ThematicSession";
    /// The pillar a thematic discussion or session is devoted to.
    PILLAR_PROPERTY = "pillar";
    /// A topic discussed in a thematic session.
    TOPIC_PROPERTY = "topic";
    /// A thematic pillar of a declaration.
    HAS_PILLAR = "hasPillar";
    /// The meeting at which a declaration or resolution was adopted.
    ADOPTED_AT = "adoptedAt";
    /// A declaration that a resolution approves.
    APPROVES = "approves";
    /// A declaration that a resolution endorses.
    ENDORSES = "endorses";
    /// The resolution that requested a workplan or a thematic discussion.
    MANDATED_BY = "mandatedBy";
    /// The declaration that a workplan or thematic discussion follows up.
    FOLLOWS_UP = "followsUp";
    /// The workplan that schedules a thematic discussion.
    WORKPLAN_PROPERTY = "workplan";
    /// The organization that endorsed a workplan.
    ENDORSED_BY = "endorsedBy";
    /// The number of a thematic session within its discussion (`xsd:integer`).
    SESSION_NUMBER = "sessionNumber";
    /// The year of a thematic discussion (`xsd:gYear`).
    YEAR = "year";
    /// The operative paragraph of the mandating resolution (`xsd:integer`).
    OPERATIVE_PARAGRAPH = "operativeParagraph";
    /// Whether a declaration or resolution was adopted by consensus (`xsd:boolean`).
    ADOPTED_BY_CONSENSUS = "adoptedByConsensus";
    /// Whether the source records the topics of a thematic session (`xsd:boolean`).
    TOPICS_RECORDED = "topicsRecorded";
    /// A mapping to another vocabulary that is an editorial judgement, not a sourced fact.
    EDITORIAL_MAPPING = "EditorialMapping";
});

vocabulary!(
    /// [SKOS](https://www.w3.org/TR/skos-reference/) (`skos:`).
    skos, "http://www.w3.org/2004/02/skos/core#", {
    /// The class of SKOS concepts.
    CONCEPT = "Concept";
    /// The class of SKOS concept schemes.
    CONCEPT_SCHEME = "ConceptScheme";
    /// The preferred lexical label of a resource, in a given language.
    PREF_LABEL = "prefLabel";
    /// A notation: a string that uniquely identifies a concept within a scheme.
    NOTATION = "notation";
    /// Relates a concept to a more general concept.
    BROADER = "broader";
    /// Relates a concept to a more specific concept.
    NARROWER = "narrower";
    /// Relates a resource to a concept scheme in which it is included.
    IN_SCHEME = "inScheme";
    /// Relates a concept to the scheme of which it is a top-level concept.
    TOP_CONCEPT_OF = "topConceptOf";
    /// Relates a concept scheme to a top-level concept of it.
    HAS_TOP_CONCEPT = "hasTopConcept";
    /// A note for an editor or curator.
    EDITORIAL_NOTE = "editorialNote";
    /// An alternative lexical label of a resource, in a given language.
    ALT_LABEL = "altLabel";
    /// Links two concepts of different schemes that can be used interchangeably.
    EXACT_MATCH = "exactMatch";
    /// Links two concepts of different schemes that are sufficiently similar to be used
    /// interchangeably in some information retrieval applications.
    CLOSE_MATCH = "closeMatch";
    /// Links two concepts of different schemes that are associated (non-hierarchically).
    RELATED_MATCH = "relatedMatch";
    /// A definition of a concept.
    DEFINITION = "definition";
    /// A general note about a concept.
    NOTE = "note";
    /// An example of the use of a concept.
    EXAMPLE = "example";
    /// A note on the scope of a concept.
    SCOPE_NOTE = "scopeNote";
    /// A note on the past meaning of a concept.
    HISTORY_NOTE = "historyNote";
    /// A note on a change to a concept.
    CHANGE_NOTE = "changeNote";
});

vocabulary!(
    /// [schema.org](https://schema.org/) (`schema:`), with the `http://` namespace.
    schema, "http://schema.org/", {
    /// An event happening at a certain time.
    EVENT = "Event";
    /// An organization.
    ORGANIZATION = "Organization";
    /// The name of an item.
    NAME = "name";
    /// An alias for the item.
    ALTERNATE_NAME = "alternateName";
    /// The start date of an event.
    START_DATE = "startDate";
    /// When an event ends.
    END_DATE = "endDate";
    /// An event that this event is a part of.
    SUPER_EVENT = "superEvent";
    /// An organizer of an event.
    ORGANIZER = "organizer";
    /// The URL of the item.
    URL = "url";
});

vocabulary!(
    /// [DCMI Metadata Terms](https://www.dublincore.org/specifications/dublin-core/dcmi-terms/) (`dct:`).
    dct, "http://purl.org/dc/terms/", {
    /// A name given to the resource.
    TITLE = "title";
    /// An alternative name for the resource.
    ALTERNATIVE = "alternative";
    /// An unambiguous reference to the resource within a given context (here: a document symbol).
    IDENTIFIER = "identifier";
    /// Date of acceptance of the resource (here: of adoption; of a mapping record, its review).
    DATE_ACCEPTED = "dateAccepted";
    /// A related resource from which the described resource is derived.
    SOURCE = "source";
    /// An account of the resource.
    DESCRIPTION = "description";
    /// Date of formal issuance of the resource.
    ISSUED = "issued";
    /// A legal document giving official permission to do something with the resource.
    LICENSE = "license";
    /// The temporal coverage of the resource.
    TEMPORAL = "temporal";
    /// The file format or media type of the resource.
    FORMAT = "format";
    /// A standard to which the resource conforms.
    CONFORMS_TO = "conformsTo";
    /// An interval of time named or defined by its start and end.
    PERIOD_OF_TIME = "PeriodOfTime";
    /// Date of creation of the resource (here: the date a mapping was asserted).
    CREATED = "created";
    /// A related resource.
    RELATION = "relation";
    /// Date on which the resource was changed.
    MODIFIED = "modified";
    /// Who made a resource.
    CREATOR = "creator";
    /// Who contributed to a resource.
    CONTRIBUTOR = "contributor";
    /// An entity responsible for making the resource available.
    PUBLISHER = "publisher";
    /// A media type (the class DCAT-AP expects of `dcat:mediaType` values).
    MEDIA_TYPE_CLASS = "MediaType";
    /// A legal document giving official permission (the class of `dct:license` values).
    LICENSE_DOCUMENT = "LicenseDocument";
    /// A standard or other specification (the class of `dct:conformsTo` values).
    STANDARD = "Standard";
    /// A media type or extent (the class DCAT-AP expects of `dct:format` values).
    MEDIA_TYPE_OR_EXTENT = "MediaTypeOrExtent";
});

vocabulary!(
    /// [PROV-O](https://www.w3.org/TR/prov-o/) (`prov:`).
    prov, "http://www.w3.org/ns/prov#", {
    /// A physical, digital, conceptual, or other kind of thing.
    ENTITY = "Entity";
    /// A derivation: this entity was transformed from, or built upon, that one.
    WAS_DERIVED_FROM = "wasDerivedFrom";
});

vocabulary!(
    /// [VoID](https://www.w3.org/TR/void/) (`void:`), for the dataset description.
    void, "http://rdfs.org/ns/void#", {
    /// A set of RDF triples published, maintained or aggregated by a single provider.
    DATASET = "Dataset";
    /// A part of a dataset.
    SUBSET = "subset";
    /// The total number of triples in a dataset.
    TRIPLES = "triples";
    /// The number of entities (resources with an IRI in the URI space) in a dataset.
    ENTITIES = "entities";
    /// The number of distinct classes in a dataset.
    CLASSES = "classes";
    /// The number of distinct properties in a dataset.
    PROPERTIES = "properties";
    /// The number of distinct subjects in a dataset.
    DISTINCT_SUBJECTS = "distinctSubjects";
    /// The number of distinct objects in a dataset.
    DISTINCT_OBJECTS = "distinctObjects";
    /// A subset holding the triples whose subject is an instance of one class.
    CLASS_PARTITION = "classPartition";
    /// The class of a class partition.
    CLASS = "class";
    /// A vocabulary used in a dataset.
    VOCABULARY = "vocabulary";
    /// The namespace all entity IRIs of a dataset start with.
    URI_SPACE = "uriSpace";
    /// A representative entity of a dataset.
    EXAMPLE_RESOURCE = "exampleResource";
    /// An entity from which the whole dataset can be reached by following links.
    ROOT_RESOURCE = "rootResource";
    /// An RDF dump of a dataset.
    DATA_DUMP = "dataDump";
    /// A feature (format) the dataset supports.
    FEATURE = "feature";
    /// A SPARQL protocol endpoint that answers queries over the dataset.
    SPARQL_ENDPOINT = "sparqlEndpoint";
});

vocabulary!(
    /// [DCAT 3](https://www.w3.org/TR/vocab-dcat-3/) (`dcat:`), for the release catalogue entry.
    dcat, "http://www.w3.org/ns/dcat#", {
    /// A collection of data, published or curated by a single agent.
    DATASET = "Dataset";
    /// A specific representation of a dataset, such as a downloadable file.
    DISTRIBUTION = "Distribution";
    /// An available distribution of the dataset.
    DISTRIBUTION_PROPERTY = "distribution";
    /// The URL of a downloadable file in a given format.
    DOWNLOAD_URL = "downloadURL";
    /// The media type of a distribution, as an IANA media-type IRI.
    MEDIA_TYPE = "mediaType";
    /// The size of a distribution in bytes.
    BYTE_SIZE = "byteSize";
    /// The version indicator of a resource.
    VERSION = "version";
    /// A keyword or tag describing a resource.
    KEYWORD = "keyword";
    /// The start of a period.
    START_DATE = "startDate";
    /// The end of a period.
    END_DATE = "endDate";
    /// A URL giving access to a distribution (a download page, the file itself).
    ACCESS_URL = "accessURL";
    /// A web page giving access to the dataset.
    LANDING_PAGE = "landingPage";
    /// Whom to contact about the resource (a vCard).
    CONTACT_POINT = "contactPoint";
    /// A collection of operations giving access to datasets (here: the SPARQL endpoint).
    DATA_SERVICE = "DataService";
    /// The root location or primary endpoint of a service.
    ENDPOINT_URL = "endpointURL";
    /// A description of a service's endpoint (here: the SPARQL service description).
    ENDPOINT_DESCRIPTION = "endpointDescription";
    /// A dataset a data service serves.
    SERVES_DATASET = "servesDataset";
    /// A data service that gives access to a distribution.
    ACCESS_SERVICE = "accessService";
    /// A dataset that is a version of this one (from the abstract dataset to a release).
    HAS_VERSION = "hasVersion";
    /// The dataset this one is a version of (from a release to the abstract dataset).
    IS_VERSION_OF = "isVersionOf";
    /// The version this one follows (from a release to the release before it).
    PREVIOUS_VERSION = "previousVersion";
});

vocabulary!(
    /// [FOAF](http://xmlns.com/foaf/spec/) (`foaf:`), for the publisher.
    foaf, "http://xmlns.com/foaf/0.1/", {
    /// An agent (a person, a group, an organisation).
    AGENT = "Agent";
    /// The name of an agent.
    NAME = "name";
    /// The home page of an agent.
    HOMEPAGE = "homepage";
    /// A document (the class of landing pages and home pages).
    DOCUMENT = "Document";
});

vocabulary!(
    /// [vCard](https://www.w3.org/TR/vcard-rdf/) (`vcard:`), for the contact point.
    vcard, "http://www.w3.org/2006/vcard/ns#", {
    /// A contact: an individual, a group, an organisation.
    KIND = "Kind";
    /// The formatted name of a contact.
    FN = "fn";
    /// The e-mail address of a contact (a `mailto:` IRI).
    HAS_EMAIL = "hasEmail";
    /// The web address of a contact.
    HAS_URL = "hasURL";
});

vocabulary!(
    /// [SHACL](https://www.w3.org/TR/shacl/) (`sh:`): its prefix declarations, which publish the
    /// prefixes the endpoint predefines in a form tools read.
    sh, "http://www.w3.org/ns/shacl#", {
    /// A prefix declaration of the resource.
    DECLARE = "declare";
    /// The class of prefix declarations.
    PREFIX_DECLARATION = "PrefixDeclaration";
    /// The prefix of a declaration.
    PREFIX = "prefix";
    /// The namespace of a declaration (an `xsd:anyURI` literal).
    NAMESPACE_PROPERTY = "namespace";
    /// The class of node shapes.
    NODE_SHAPE = "NodeShape";
    /// A property shape of a shape.
    PROPERTY = "property";
    /// The message of a shape or constraint.
    MESSAGE = "message";
    /// The SELECT query of a SPARQL-based constraint.
    SELECT = "select";
    /// A node a shape targets.
    TARGET_NODE = "targetNode";
    /// The component of `sh:minCount` constraints.
    MIN_COUNT_CONSTRAINT_COMPONENT = "MinCountConstraintComponent";
});

vocabulary!(
    /// [ADMS](https://www.w3.org/TR/vocab-adms/) (`adms:`), which DCAT 3 uses for version notes.
    adms, "http://www.w3.org/ns/adms#", {
    /// What changed in this version since the previous one.
    VERSION_NOTES = "versionNotes";
});

vocabulary!(
    /// [SPDX](https://spdx.org/rdf/terms/) (`spdx:`), for file checksums in a release description.
    spdx, "http://spdx.org/rdf/terms#", {
    /// A checksum of a file.
    CHECKSUM_CLASS = "Checksum";
    /// The checksum of a file.
    CHECKSUM = "checksum";
    /// The algorithm a checksum was computed with.
    ALGORITHM = "algorithm";
    /// The value of a checksum.
    CHECKSUM_VALUE = "checksumValue";
    /// The SHA-256 algorithm.
    CHECKSUM_ALGORITHM_SHA256 = "checksumAlgorithm_sha256";
    /// The class of checksum algorithms.
    CHECKSUM_ALGORITHM = "ChecksumAlgorithm";
});

vocabulary!(
    /// [SPARQL 1.1 Service Description](https://www.w3.org/TR/sparql11-service-description/) (`sd:`).
    sd, "http://www.w3.org/ns/sparql-service-description#", {
    /// The name of a named graph.
    NAME = "name";
});

vocabulary!(
    /// [OWL 2](https://www.w3.org/TR/owl2-syntax/) (`owl:`): the axiom annotations SSSOM uses
    /// to describe one mapping in RDF, and the version of a release.
    owl, "http://www.w3.org/2002/07/owl#", {
    /// The version of an ontology or dataset.
    VERSION_INFO = "versionInfo";
    /// An OWL class.
    CLASS = "Class";
    /// The class of ontologies (the ontology document of `ontology/kyoto.ttl`).
    ONTOLOGY = "Ontology";
    /// The IRI of this version of an ontology.
    VERSION_IRI = "versionIRI";
    /// The version IRI of the ontology's previous version.
    PRIOR_VERSION = "priorVersion";
    /// The class of annotated axioms (in SSSOM: of mapping records).
    AXIOM = "Axiom";
    /// The subject of an annotated axiom (SSSOM `subject_id`).
    ANNOTATED_SOURCE = "annotatedSource";
    /// The property of an annotated axiom (SSSOM `predicate_id`).
    ANNOTATED_PROPERTY = "annotatedProperty";
    /// The object of an annotated axiom (SSSOM `object_id`).
    ANNOTATED_TARGET = "annotatedTarget";
});

vocabulary!(
    /// [SSSOM](https://mapping-commons.github.io/sssom/) (`sssom:`), the Simple Standard for
    /// Sharing Ontological Mappings.
    sssom, "https://w3id.org/sssom/", {
    /// How a mapping was established (an instance of a `semapv:` justification).
    MAPPING_JUSTIFICATION = "mapping_justification";
    /// The name of the author of a mapping, when there is no identifier for them.
    AUTHOR_LABEL = "author_label";
    /// The name of the reviewer of a mapping, when there is no identifier for them.
    REVIEWER_LABEL = "reviewer_label";
    /// How far the mapping may be relied on, from 0 to 1 (`xsd:double`).
    CONFIDENCE = "confidence";
});

vocabulary!(
    /// The [semantic mapping vocabulary](https://mapping-commons.github.io/semantic-mapping-vocabulary/)
    /// (`semapv:`).
    semapv, "https://w3id.org/semapv/vocab/", {
    /// A mapping established by a person reviewing the two entities (curation by hand).
    MANUAL_MAPPING_CURATION = "ManualMappingCuration";
});

vocabulary!(
    /// The [VANN vocabulary](https://vocab.org/vann/) (`vann:`) for annotating vocabularies,
    /// which the ontology document uses to state its preferred prefix and namespace.
    vann, "http://purl.org/vocab/vann/", {
    /// The preferred namespace prefix of a vocabulary.
    PREFERRED_NAMESPACE_PREFIX = "preferredNamespacePrefix";
    /// The preferred namespace IRI of a vocabulary.
    PREFERRED_NAMESPACE_URI = "preferredNamespaceUri";
});

vocabulary!(
    /// The UN's [SDG ontology](http://metadata.un.org/sdg/ontology) (`sdgo:`), which types the
    /// goals, targets and indicators of the SDG Knowledge Organization System.
    sdgo, "http://metadata.un.org/sdg/ontology#", {
    /// A Sustainable Development Goal.
    GOAL = "Goal";
    /// A target of a Sustainable Development Goal.
    TARGET = "Target";
    /// An indicator of a target.
    INDICATOR = "Indicator";
    /// The datatype of compact notations: `16`, `16.3`, `16.3.1`.
    SDG_CODE_COMPACT = "SDGCodeCompact";
});

/// The namespace of OWL (`owl:`); its terms come from [`oxigraph::model::vocab`] or are written
/// in the ontology file.
pub const OWL_NAMESPACE: &str = "http://www.w3.org/2002/07/owl#";
/// The namespace of RDF (`rdf:`); its terms are [`oxigraph::model::vocab::rdf`]'s.
pub const RDF_NAMESPACE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// The namespace of RDF Schema (`rdfs:`); its terms are [`oxigraph::model::vocab::rdfs`]'s.
pub const RDFS_NAMESPACE: &str = "http://www.w3.org/2000/01/rdf-schema#";
/// The namespace of the W3C's unique IRIs for file formats (`formats:`), used by the SPARQL
/// service description.
pub const FORMATS_NAMESPACE: &str = "http://www.w3.org/ns/formats/";
/// The root of the UN's metadata IRIs (`unmetadata:` in SSSOM files).
pub const UN_METADATA_NAMESPACE: &str = "http://metadata.un.org/";
/// The IRI of the SDG KOS concept scheme (no trailing slash, as the UN publishes it).
pub const SDG_SCHEME: &str = "http://metadata.un.org/sdg";

/// The namespace of XML Schema datatypes (`xsd:`); its terms are
/// [`oxigraph::model::vocab::xsd`]'s.
pub const XSD_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema#";

/// The namespace of the UN SDG Knowledge Organization System's goals, targets and indicators.
pub const SDG_NAMESPACE: &str = "http://metadata.un.org/sdg/";

/// The prefixes written into Turtle, TriG and RDF/XML output, sorted by name.
pub fn prefixes() -> Vec<(String, String)> {
    prefix_table()
}

/// [`prefixes`] as a JSON object, prefix to namespace in prefix order (`/prefixes.json`): the
/// map SPARQL editors (YASGUI's `prefixes`, Comunica's context) take as it is.
pub fn prefix_map_json() -> String {
    let map: serde_json::Map<String, serde_json::Value> = prefixes()
        .into_iter()
        .map(|(name, ns)| (name, serde_json::Value::String(ns)))
        .collect();
    let mut json = serde_json::to_string_pretty(&map).unwrap_or_else(|_| "{}".to_owned());
    json.push('\n');
    json
}

fn prefix_table() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![
        ("dct".into(), dct::NAMESPACE.into()),
        ("kyoto".into(), kyoto::NAMESPACE.into()),
        ("owl".into(), OWL_NAMESPACE.into()),
        ("prov".into(), prov::NAMESPACE.into()),
        ("rdf".into(), RDF_NAMESPACE.into()),
        ("rdfs".into(), RDFS_NAMESPACE.into()),
        ("schema".into(), schema::NAMESPACE.into()),
        ("skos".into(), skos::NAMESPACE.into()),
        ("xsd".into(), XSD_NAMESPACE.into()),
        ("kgraph".into(), format!("{}graph/", crate::iri::BASE)),
        ("sdg".into(), SDG_NAMESPACE.into()),
        ("sdgo".into(), sdgo::NAMESPACE.into()),
        ("semapv".into(), semapv::NAMESPACE.into()),
        ("sssom".into(), sssom::NAMESPACE.into()),
    ];
    out.extend(
        crate::iri::Kind::ALL
            .iter()
            .map(|k| (k.segment().to_owned(), k.namespace())),
    );
    out.sort();
    out
}
