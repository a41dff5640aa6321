//! One entity's change: its property changes, its kind, label and class, and renames.

use super::*;
use crate::vocab::{dct, schema, vann};
use oxigraph::model::NamedNodeRef;

pub(super) fn anonymous_change(
    change: &crate::diff::delta::StructureChange,
    prefixes: &Prefixes,
) -> EntityChange {
    let hash = crate::export::canonical::sha256_hex(change.key.as_bytes());
    let shown = change
        .canonical
        .iter()
        .map(|q| {
            format!(
                "{} {} {}",
                match &q.subject {
                    NamedOrBlankNode::NamedNode(n) => prefixes.iri(n.as_str()),
                    other => other.to_string(),
                },
                prefixes.iri(q.predicate.as_str()),
                prefixes.term(&q.object)
            )
        })
        .collect::<Vec<_>>()
        .join(" . ");
    let (old, new) = (change.old.len(), change.new.len());
    let (kind, class) = match (old, new) {
        (0, _) => (Change::Added, Class::Additive),
        (_, 0) => (Change::Removed, Class::Breaking),
        (o, n) if n > o => (Change::Changed, Class::Additive),
        _ => (Change::Changed, Class::Breaking),
    };
    EntityChange {
        section: Section::of(&change.home),
        graph: change.home.clone(),
        kind: EntityKind::Blank,
        iri: None,
        old_iri: None,
        link: None,
        id: format!("_:{}", hash.get(..12).unwrap_or(&hash)),
        label: Some(shown),
        change: kind,
        class,
        properties: Vec::new(),
        copies: Some((old, new)),
    }
}

pub(super) fn change_of(
    owner: &Owner,
    graph: GraphName,
    record: Option<NamedNode>,
    before: &Description,
    after: &Description,
    prefixes: &Prefixes,
) -> EntityChange {
    let section = Section::of(&graph);
    let described = if after.is_empty() { before } else { after };
    let kind = kind_of(section, owner, described);
    let (iri, link, id) = match owner {
        Owner::Iri(n) => (Some(n.clone()), None, prefixes.iri(n.as_str())),
        Owner::Link(s, o) => (
            record,
            Some((s.clone(), o.clone())),
            format!(
                "{} -> {}",
                prefixes.iri(s.as_str()),
                prefixes.iri(o.as_str())
            ),
        ),
    };
    let change = match (before.is_empty(), after.is_empty()) {
        (true, _) => Change::Added,
        (_, true) => Change::Removed,
        _ => Change::Changed,
    };
    let properties = property_changes(section, kind, change, before, after, prefixes);
    let class = match change {
        Change::Added => Class::Additive,
        Change::Removed | Change::Renamed => Class::Breaking,
        Change::Changed => properties
            .iter()
            .map(|p| p.class)
            .max()
            .unwrap_or(Class::Correction),
    };
    EntityChange {
        section,
        graph,
        kind,
        iri,
        old_iri: None,
        link,
        id,
        label: label_of(kind, described, prefixes),
        change,
        class,
        properties,
        copies: None,
    }
}

pub(super) fn property_changes(
    section: Section,
    kind: EntityKind,
    change: Change,
    before: &Description,
    after: &Description,
    prefixes: &Prefixes,
) -> Vec<PropertyChange> {
    let props: BTreeSet<&Prop> = before.keys().chain(after.keys()).collect();
    let empty = Vec::new();
    props
        .into_iter()
        .filter_map(|prop| {
            let old = before.get(prop).unwrap_or(&empty);
            let new = after.get(prop).unwrap_or(&empty);
            if old == new {
                return None;
            }
            let class = match change {
                Change::Added => Class::Additive,
                Change::Removed | Change::Renamed => Class::Breaking,
                Change::Changed => classify(section, kind, prop, old, new),
            };
            Some(PropertyChange {
                property: prop.clone(),
                name: property_name(kind, prop, prefixes),
                old: old.clone(),
                new: new.clone(),
                class,
            })
        })
        .collect()
}

/// The annotation properties of an ontology term: changing them relabels or re-explains the
/// term without changing what it means.
pub(super) const ANNOTATIONS: [NamedNodeRef<'static>; 24] = [
    rdfs::LABEL,
    rdfs::COMMENT,
    rdfs::SEE_ALSO,
    rdfs::IS_DEFINED_BY,
    skos::PREF_LABEL,
    skos::ALT_LABEL,
    skos::DEFINITION,
    skos::EDITORIAL_NOTE,
    skos::NOTE,
    skos::EXAMPLE,
    skos::SCOPE_NOTE,
    skos::HISTORY_NOTE,
    skos::CHANGE_NOTE,
    dct::TITLE,
    dct::DESCRIPTION,
    dct::CREATED,
    dct::MODIFIED,
    dct::CREATOR,
    dct::CONTRIBUTOR,
    owl::VERSION_INFO,
    owl::VERSION_IRI,
    owl::PRIOR_VERSION,
    vann::PREFERRED_NAMESPACE_PREFIX,
    vann::PREFERRED_NAMESPACE_URI,
];

/// The version rule for one property of an entity in both OLD and NEW (see [`crate::diff::rule`]).
pub(super) fn classify(
    section: Section,
    kind: EntityKind,
    prop: &Prop,
    old: &[Value],
    new: &[Value],
) -> Class {
    if old.is_empty() {
        return Class::Additive;
    }
    if kind == EntityKind::Link {
        return Class::Correction;
    }
    if section == Section::Ontology {
        return if !prop.inverse && ANNOTATIONS.contains(&prop.iri.as_ref()) {
            Class::Correction
        } else {
            Class::Breaking
        };
    }
    let kept = |v: &Value| new.contains(v);
    if prop.iri == rdf::TYPE && !prop.inverse {
        return if old.iter().all(kept) {
            Class::Additive
        } else {
            Class::Breaking
        };
    }
    if new.is_empty() {
        Class::Breaking
    } else if old.iter().all(kept) {
        Class::Additive
    } else {
        Class::Correction
    }
}

pub(super) fn property_name(kind: EntityKind, prop: &Prop, prefixes: &Prefixes) -> String {
    let name = if kind == EntityKind::Link && !prop.inverse {
        LINK_FIELDS
            .iter()
            .find(|(iri, _)| *iri == prop.iri.as_str())
            .map_or_else(
                || prefixes.iri(prop.iri.as_str()),
                |(_, name)| (*name).to_owned(),
            )
    } else {
        prefixes.iri(prop.iri.as_str())
    };
    if prop.inverse {
        format!("^{name}")
    } else {
        name
    }
}

pub(super) fn types(description: &Description) -> Vec<&str> {
    description
        .get(&Prop {
            iri: rdf::TYPE.into_owned(),
            inverse: false,
        })
        .into_iter()
        .flatten()
        .filter_map(|v| match v {
            Value::Term(Term::NamedNode(n)) => Some(n.as_str()),
            _ => None,
        })
        .collect()
}

pub(super) fn kind_of(section: Section, owner: &Owner, description: &Description) -> EntityKind {
    let iri = match owner {
        Owner::Link(..) => return EntityKind::Link,
        Owner::Iri(n) => n.as_str(),
    };
    let types = types(description);
    let has = |t: &str| types.contains(&t);
    match section {
        Section::Ontology => {
            return if has(owl::ONTOLOGY.as_str()) {
                EntityKind::Ontology
            } else if has(owl::CLASS.as_str()) || has(rdfs::CLASS.as_str()) {
                EntityKind::Class
            } else if types.iter().any(|t| t.ends_with("Property")) {
                EntityKind::Property
            } else {
                EntityKind::Term
            };
        }
        Section::Sdg => {
            for (class, kind) in [
                (sdgo::GOAL, EntityKind::Goal),
                (sdgo::TARGET, EntityKind::Target),
                (sdgo::INDICATOR, EntityKind::Indicator),
                (skos::CONCEPT_SCHEME, EntityKind::ConceptScheme),
                (skos::CONCEPT, EntityKind::Concept),
            ] {
                if has(class.as_str()) {
                    return kind;
                }
            }
            return EntityKind::Resource;
        }
        Section::Data | Section::Other => {}
    }
    let Some(rest) = iri.strip_prefix(ID_BASE) else {
        return EntityKind::Resource;
    };
    if rest == "scheme" {
        return EntityKind::Scheme;
    }
    let segment = rest.split('/').next().unwrap_or_default();
    iri::Kind::ALL
        .iter()
        .find(|k| k.segment() == segment)
        .and_then(|k| EntityKind::from_name(k.segment()))
        .unwrap_or(EntityKind::Resource)
}

pub(super) fn literal_of<'a>(description: &'a Description, predicates: &[&str]) -> Option<&'a str> {
    let values: Vec<&oxigraph::model::Literal> = predicates
        .iter()
        .flat_map(|p| {
            description
                .get(&Prop {
                    iri: NamedNode::new_unchecked(*p),
                    inverse: false,
                })
                .into_iter()
                .flatten()
        })
        .filter_map(|v| match v {
            Value::Term(Term::Literal(l)) => Some(l),
            _ => None,
        })
        .collect();
    values
        .iter()
        .find(|l| l.language() == Some("en"))
        .or_else(|| values.iter().find(|l| l.language().is_none()))
        .or_else(|| values.first())
        .map(|l| l.value())
}

pub(super) fn label_of(
    kind: EntityKind,
    description: &Description,
    prefixes: &Prefixes,
) -> Option<String> {
    if kind == EntityKind::Link {
        let predicate = description
            .get(&Prop {
                iri: owl::ANNOTATED_PROPERTY.into_owned(),
                inverse: false,
            })
            .into_iter()
            .flatten()
            .filter_map(|v| match v {
                Value::Term(t) => Some(prefixes.term(t)),
                Value::Structure(_) => None,
            })
            .collect::<Vec<_>>();
        return (!predicate.is_empty()).then(|| predicate.join(", "));
    }
    let label = literal_of(
        description,
        &[
            rdfs::LABEL.as_str(),
            skos::PREF_LABEL.as_str(),
            dct::TITLE.as_str(),
            schema::NAME.as_str(),
        ],
    )?;
    if matches!(
        kind,
        EntityKind::Goal | EntityKind::Target | EntityKind::Indicator
    ) {
        let notation = description
            .get(&Prop {
                iri: skos::NOTATION.into_owned(),
                inverse: false,
            })
            .into_iter()
            .flatten()
            .find_map(|v| match v {
                Value::Term(Term::Literal(l)) if l.datatype() == sdgo::SDG_CODE_COMPACT => {
                    Some(l.value())
                }
                _ => None,
            });
        if let Some(notation) = notation {
            return Some(format!("{notation} {label}"));
        }
    }
    Some(label.to_owned())
}

/// Merges a removed and an added entity of the same section, kind and label, each the only one
/// of its kind with that label, into one renamed entity.
pub(super) fn detect_renames(changes: &mut Vec<EntityChange>, prefixes: &Prefixes) {
    let candidates = |change: Change| {
        let mut by_label: HashMap<(Section, EntityKind, String), Vec<usize>> = HashMap::new();
        for (i, c) in changes.iter().enumerate() {
            if c.change == change
                && c.link.is_none()
                && c.iri.is_some()
                && c.kind != EntityKind::Blank
                && let Some(label) = &c.label
            {
                by_label
                    .entry((c.section, c.kind, label.clone()))
                    .or_default()
                    .push(i);
            }
        }
        by_label
    };
    let removed = candidates(Change::Removed);
    let added = candidates(Change::Added);
    let mut pairs: Vec<(usize, usize)> = removed
        .iter()
        .filter_map(
            |(key, r)| match (r.as_slice(), added.get(key).map(Vec::as_slice)) {
                ([r], Some([a])) => Some((*r, *a)),
                _ => None,
            },
        )
        .collect();
    pairs.sort_unstable();
    let mut drop = BTreeSet::new();
    for (r, a) in pairs {
        let old = changes[r].clone();
        let new = &mut changes[a];
        let before = description_of(&old.properties, true);
        let after = description_of(&new.properties, false);
        new.change = Change::Renamed;
        new.class = Class::Breaking;
        new.old_iri = old.iri.clone();
        new.properties = property_changes(
            new.section,
            new.kind,
            Change::Renamed,
            &before,
            &after,
            prefixes,
        );
        drop.insert(r);
    }
    let mut index = 0;
    changes.retain(|_| {
        let keep = !drop.contains(&index);
        index += 1;
        keep
    });
}

pub(super) fn description_of(properties: &[PropertyChange], old: bool) -> Description {
    properties
        .iter()
        .map(|p| {
            (
                p.property.clone(),
                if old { p.old.clone() } else { p.new.clone() },
            )
        })
        .filter(|(_, v)| !v.is_empty())
        .collect()
}
