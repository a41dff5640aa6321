//! What the description takes from the data itself: statistics per graph and class, the dates
//! it covers, its licence, the entities of a kind and the vocabularies it uses.

use super::*;

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

pub(super) fn unbracket(term: &str) -> String {
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
pub(super) const SCHEMA_END_DATE: &str = crate::vocab::schema::END_DATE.as_str();

pub(super) fn dates(
    quads: &[Quad],
    keep: impl Fn(&Quad) -> bool,
) -> Option<(NaiveDate, NaiveDate)> {
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

pub(super) fn subjects_of_kind(quads: &[Quad], kind: Kind) -> BTreeSet<NamedNode> {
    let namespace = kind.namespace();
    quads
        .iter()
        .filter_map(|q| match &q.subject {
            NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(&namespace) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn first_subject_of_kind(quads: &[Quad], kind: Kind) -> Option<NamedNode> {
    subjects_of_kind(quads, kind).into_iter().next()
}

/// The namespaces of kyoto-kg's prefix table that the quads' predicates and classes use.
pub(super) fn vocabularies(quads: &[Quad]) -> BTreeSet<NamedNode> {
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
    crate::vocab::prefixes()
        .into_iter()
        .filter(|(_, ns)| {
            !ns.starts_with(ID_BASE) && !ns.starts_with(&format!("{}graph/", iri::BASE))
        })
        .filter(|(_, ns)| used.iter().any(|term| term.starts_with(ns.as_str())))
        .map(|(_, ns)| NamedNode::new_unchecked(ns))
        .collect()
}
