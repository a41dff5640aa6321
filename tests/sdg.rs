//! Issue 4: the graph is linked to the UN SDG vocabulary (SDG KOS).
//!
//! Expected values are derived here from the UN's own SDG KOS file
//! (`tests/fixtures/sdg-kos/`) and from the curated TOML of `data/`, read independently of the
//! code under test, and checked against what the real binary answers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use support::project_dir;
use support::run::{data_copy, kyoto, kyoto_in, select};
use support::sdg::{
    RDF_TYPE, SDG, SDGO, SKOS, TomlLink, goal_16_target, toml_links, topics_by_pillar,
};

const ID: &str = "https://w3id.org/kyoto-kg/id/";

fn fixture_path() -> PathBuf {
    project_dir().join("tests/fixtures/sdg-kos/sdg-kos-goals-targets-indicators.ttl")
}

fn snapshot_path() -> PathBuf {
    project_dir().join("data/sdg/sdg-snapshot.ttl")
}

fn parse_triples(path: &Path) -> HashSet<Triple> {
    let bytes = std::fs::read(path).unwrap();
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&bytes)
        .map(|q| Triple::from(q.unwrap()))
        .collect()
}

/// The IRIs that `triples` describe (their named subjects).
fn described(triples: &HashSet<Triple>) -> BTreeSet<String> {
    triples
        .iter()
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect()
}

/// The UN's SDG KOS file, read with Oxigraph's parser and indexed by hand.
struct Fixture {
    triples: HashSet<Triple>,
}

impl Fixture {
    fn load() -> Self {
        Self {
            triples: parse_triples(&fixture_path()),
        }
    }

    fn objects(&self, subject: &str, predicate: &str) -> Vec<Term> {
        self.triples
            .iter()
            .filter(|t| {
                matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == subject)
                    && t.predicate.as_str() == predicate
            })
            .map(|t| t.object.clone())
            .collect()
    }

    fn subjects(&self, predicate: &str, object: &str) -> BTreeSet<String> {
        self.triples
            .iter()
            .filter(|t| {
                t.predicate.as_str() == predicate
                    && matches!(&t.object, Term::NamedNode(n) if n.as_str() == object)
            })
            .filter_map(|t| match &t.subject {
                NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
                _ => None,
            })
            .collect()
    }

    /// The IRI whose compact notation (`sdgo:SDGCodeCompact`) is `notation`.
    fn iri_of(&self, notation: &str) -> String {
        let hits: Vec<String> = self
            .triples
            .iter()
            .filter(|t| {
                t.predicate.as_str() == format!("{SKOS}notation")
                    && matches!(&t.object, Term::Literal(l)
                        if l.value() == notation
                            && l.datatype().as_str() == format!("{SDGO}SDGCodeCompact"))
            })
            .map(|t| match &t.subject {
                NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
                other => panic!("{other}"),
            })
            .collect();
        assert_eq!(hits.len(), 1, "notation {notation}: {hits:?}");
        hits[0].clone()
    }

    fn of_type(&self, class: &str) -> BTreeSet<String> {
        self.subjects(RDF_TYPE, &format!("{SDGO}{class}"))
    }

    fn narrower(&self, iri: &str) -> BTreeSet<String> {
        self.subjects(&format!("{SKOS}broader"), iri)
    }
}

/// The SSSOM confidence of a link, by the rule documented in docs/sdg.md: close match 0.95
/// reviewed, 0.85 not; related match and dcterms:relation 0.8 reviewed, 0.7 not.
fn documented_confidence(link: &TomlLink) -> &'static str {
    match (link.predicate.as_str(), link.reviewer.is_some()) {
        ("skos:closeMatch", true) => "0.95",
        ("skos:closeMatch", false) => "0.85",
        (_, true) => "0.8",
        (_, false) => "0.7",
    }
}

/// Whether a link subject (`topic:x`, `pillar:n`, `declaration:x`) is a SKOS concept.
fn subject_is_concept(subject: &str) -> bool {
    subject.starts_with("topic:") || subject.starts_with("pillar:")
}

/// `topic:x` -> `https://w3id.org/kyoto-kg/id/topic/x` (the documented IRI scheme).
fn subject_iri(curie: &str) -> String {
    let (kind, local) = curie.split_once(':').unwrap();
    format!("{ID}{kind}/{local}")
}

// --- The snapshot ---------------------------------------------------------------------------

#[test]
fn indicator_16_3_1_is_c160301_with_broader_16_3() {
    let rows = select(&["SELECT ?indicator ?broader WHERE {
           GRAPH kgraph:sdg { ?indicator skos:notation ?n ; skos:broader ?broader }
           FILTER(STR(?n) = \"16.3.1\")
         }"]);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["indicator"].as_str(), r["broader"].as_str()))
        .collect();
    assert_eq!(
        got,
        [(
            "http://metadata.un.org/sdg/C160301",
            "http://metadata.un.org/sdg/16.3"
        )]
    );
}

#[test]
fn importing_the_un_file_reproduces_the_committed_snapshot_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snapshot.ttl");
    let fixture = fixture_path();
    let run = kyoto(&[
        "sdg",
        "import",
        fixture.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    run.ok();
    run.stdout_has(&["17 goals"]);
    let committed = std::fs::read(snapshot_path()).unwrap();
    let imported = std::fs::read(&out).unwrap();
    assert!(
        committed == imported,
        "`kyoto-kg sdg import` no longer reproduces data/sdg/sdg-snapshot.ttl; re-run it and review the diff\n{}",
        run.transcript()
    );
}

#[test]
fn the_snapshot_holds_every_goal_and_goal_16_with_all_its_targets_and_indicators() {
    let fixture = Fixture::load();
    let snapshot = parse_triples(&snapshot_path());
    let described = described(&snapshot);

    let goals = fixture.of_type("Goal");
    assert_eq!(goals.len(), 17);
    let goal16 = fixture.iri_of("16");
    let targets16 = fixture.narrower(&goal16);
    assert_eq!(targets16.len(), 12, "16.1-16.10, 16.a, 16.b: {targets16:?}");
    let indicators16: BTreeSet<String> =
        targets16.iter().flat_map(|t| fixture.narrower(t)).collect();
    assert!(indicators16.contains(&format!("{SDG}C160301")));
    for iri in goals.iter().chain(&targets16).chain(&indicators16) {
        assert!(
            described.contains(iri),
            "{iri} is missing from the snapshot"
        );
    }

    // Every triple of the snapshot is the UN's, unchanged.
    let foreign: Vec<&Triple> = snapshot.difference(&fixture.triples).collect();
    assert!(foreign.is_empty(), "not in the UN's file: {foreign:?}");

    // Labels in every language of the source, notations and exactMatch links are kept.
    for iri in [
        format!("{SDG}16.3"),
        format!("{SDG}C160301"),
        goal16.clone(),
    ] {
        let source_labels = fixture.objects(&iri, &format!("{SKOS}prefLabel"));
        let kept: Vec<&Triple> = snapshot
            .iter()
            .filter(|t| t.subject.to_string() == format!("<{iri}>"))
            .collect();
        for label in &source_labels {
            assert!(
                kept.iter().any(|t| &t.object == label),
                "{iri}: label {label} dropped"
            );
        }
        let languages: BTreeSet<String> = source_labels
            .iter()
            .filter_map(|l| match l {
                Term::Literal(l) => l.language().map(str::to_owned),
                _ => None,
            })
            .collect();
        assert_eq!(
            languages,
            BTreeSet::from(["en".to_owned(), "es".to_owned(), "fr".to_owned()])
        );
        for predicate in ["notation", "exactMatch", "inScheme"] {
            for object in fixture.objects(&iri, &format!("{SKOS}{predicate}")) {
                assert!(
                    kept.iter().any(|t| t.object == object),
                    "{iri}: {predicate} {object} dropped"
                );
            }
        }
    }
}

#[test]
fn every_linked_target_is_in_the_snapshot_with_its_indicators_and_goal() {
    let fixture = Fixture::load();
    let snapshot = parse_triples(&snapshot_path());
    let described = described(&snapshot);
    let targets = fixture.of_type("Target");
    for link in toml_links(&project_dir().join("data")) {
        if link.object.starts_with("http") {
            assert!(described.contains(&link.object), "{}", link.object);
            continue;
        }
        let iri = fixture.iri_of(&link.object);
        assert!(described.contains(&iri), "{} ({iri})", link.object);
        if targets.contains(&iri) {
            for indicator in fixture.narrower(&iri) {
                assert!(
                    described.contains(&indicator),
                    "indicator {indicator} of {iri}"
                );
            }
            let goal = fixture.iri_of(link.object.split('.').next().unwrap());
            assert!(described.contains(&goal));
        }
    }
}

#[test]
fn the_snapshot_is_loaded_into_its_own_named_graph() {
    let out = kyoto(&["export", "--graph", "sdg", "--format", "nquads"]).ok();
    let quads: Vec<oxigraph::model::Quad> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(out.as_bytes())
        .map(Result::unwrap)
        .collect();
    assert!(
        quads
            .iter()
            .all(|q| q.graph_name.to_string() == "<https://w3id.org/kyoto-kg/graph/sdg>")
    );
    let exported: HashSet<Triple> = quads.into_iter().map(Triple::from).collect();
    assert_eq!(exported, parse_triples(&snapshot_path()));
}

// --- The curated links ------------------------------------------------------------------------

#[test]
fn every_curated_link_points_at_a_concept_of_the_snapshot_found_by_its_notation() {
    let fixture = Fixture::load();
    let links = toml_links(&project_dir().join("data"));
    assert!(links.len() >= 30, "{} links", links.len());
    let expected: BTreeSet<(String, String, String)> = links
        .iter()
        .map(|l| {
            let object = if l.object.starts_with("http") {
                l.object.clone()
            } else {
                fixture.iri_of(&l.object)
            };
            let predicate = match l.predicate.as_str() {
                "skos:relatedMatch" => format!("{SKOS}relatedMatch"),
                "skos:closeMatch" => format!("{SKOS}closeMatch"),
                "dcterms:relation" => "http://purl.org/dc/terms/relation".to_owned(),
                other => panic!("unexpected predicate {other}"),
            };
            (subject_iri(&l.subject), predicate, object)
        })
        .collect();
    let rows = select(&["SELECT ?s ?p ?o WHERE {
           GRAPH kgraph:data { ?s ?p ?o FILTER(?p IN (skos:relatedMatch, skos:closeMatch, dct:relation)) }
         }"]);
    let got: BTreeSet<(String, String, String)> = rows
        .iter()
        .map(|r| (r["s"].clone(), r["p"].clone(), r["o"].clone()))
        .collect();
    assert_eq!(got, expected);

    let dangling = select(&["SELECT ?s ?o WHERE {
           GRAPH kgraph:data { ?s ?p ?o FILTER(?p IN (skos:relatedMatch, skos:closeMatch, dct:relation)) }
           FILTER NOT EXISTS { GRAPH kgraph:sdg { ?o a ?type } }
         }"]);
    assert!(dangling.is_empty(), "links to nothing: {dangling:?}");
}

#[test]
fn every_topic_of_2021_to_2023_and_every_pillar_has_at_least_one_link() {
    let topics = select(&["SELECT DISTINCT ?topic WHERE {
           ?session kyoto:topic ?topic ; schema:superEvent/kyoto:year ?year .
           FILTER(STR(?year) IN (\"2021\", \"2022\", \"2023\"))
         }"]);
    assert_eq!(topics.len(), 18);
    let linked: BTreeSet<String> = toml_links(&project_dir().join("data"))
        .iter()
        .filter(|l| l.predicate.starts_with("skos:"))
        .map(|l| subject_iri(&l.subject))
        .collect();
    for row in &topics {
        assert!(
            linked.contains(&row["topic"]),
            "{} has no link",
            row["topic"]
        );
    }
    let unlinked = select(&["SELECT ?x WHERE {
           { ?x a kyoto:Pillar } UNION { ?s kyoto:topic ?x }
           FILTER NOT EXISTS { ?x skos:relatedMatch|skos:closeMatch ?sdg }
         }"]);
    assert!(unlinked.is_empty(), "{unlinked:?}");
}

#[test]
fn the_declaration_links_to_goal_16_and_to_the_sdg_scheme_of_the_2030_agenda_with_dcterms_relation()
{
    // Issue 19: the declaration is a document, not a skos:Concept, so neither link is a SKOS
    // mapping.
    let rows = select(&[
        "SELECT ?p ?o WHERE { declaration:kyoto ?p ?o FILTER(STRSTARTS(STR(?o), \"http://metadata.un.org/sdg\")) } ORDER BY ?o",
    ]);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["p"].as_str(), r["o"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "http://purl.org/dc/terms/relation",
                "http://metadata.un.org/sdg"
            ),
            (
                "http://purl.org/dc/terms/relation",
                "http://metadata.un.org/sdg/16"
            ),
        ]
    );
    let types = select(&["SELECT ?t WHERE { declaration:kyoto a ?t }"]);
    assert!(
        types.iter().all(|r| r["t"] != format!("{SKOS}Concept")),
        "{types:?}"
    );
    let scheme =
        select(&["SELECT ?t WHERE { GRAPH kgraph:sdg { <http://metadata.un.org/sdg> a ?t } }"]);
    assert_eq!(scheme[0]["t"], format!("{SKOS}ConceptScheme"));
}

#[test]
fn every_link_has_a_mapping_record_saying_it_is_an_editorial_judgement_with_rationale_author_and_date()
 {
    let records = select(&["SELECT ?s ?p ?o ?why ?who ?when ?justification WHERE {
           ?r a kyoto:EditorialMapping , owl:Axiom ;
              owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o ;
              sssom:mapping_justification ?justification ;
              rdfs:comment ?why ; sssom:author_label ?who ; dct:created ?when .
           GRAPH kgraph:data { ?s ?p ?o }
         }"]);
    let links = toml_links(&project_dir().join("data"));
    assert_eq!(records.len(), links.len());
    for r in &records {
        assert_eq!(
            r["justification"],
            "https://w3id.org/semapv/vocab/ManualMappingCuration"
        );
        assert!(!r["why"].is_empty() && !r["who"].is_empty());
        assert!(chrono_like(&r["when"]), "{}", r["when"]);
    }
}

// --- The expert review of issue 19 ---------------------------------------------------------------

#[test]
fn the_graph_has_as_many_links_per_predicate_as_the_toml_and_each_skos_mapping_links_two_concepts()
{
    let links = toml_links(&project_dir().join("data"));
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for link in &links {
        let iri = match link.predicate.as_str() {
            "skos:relatedMatch" => format!("{SKOS}relatedMatch"),
            "skos:closeMatch" => format!("{SKOS}closeMatch"),
            "dcterms:relation" => "http://purl.org/dc/terms/relation".to_owned(),
            other => panic!("unexpected predicate {other}"),
        };
        *expected.entry(iri).or_default() += 1;
        // SKOS mapping properties between concepts only; dcterms:relation where an end is not.
        let object_is_concept = link.object != "http://metadata.un.org/sdg";
        assert_eq!(
            link.predicate.starts_with("skos:"),
            subject_is_concept(&link.subject) && object_is_concept,
            "{link:?}"
        );
    }
    let rows = select(&["SELECT ?p (COUNT(*) AS ?n) WHERE {
           GRAPH kgraph:data { ?s ?p ?o FILTER(?p IN (skos:relatedMatch, skos:closeMatch, dct:relation)) }
         } GROUP BY ?p"]);
    let got: BTreeMap<String, usize> = rows
        .iter()
        .map(|r| (r["p"].clone(), r["n"].parse().unwrap()))
        .collect();
    assert_eq!(got, expected);

    let not_concepts = select(&["SELECT ?s ?p ?o WHERE {
           ?s ?p ?o FILTER(?p IN (skos:relatedMatch, skos:closeMatch, skos:exactMatch,
                                  skos:broadMatch, skos:narrowMatch, skos:mappingRelation))
           FILTER(STRSTARTS(STR(?s), \"https://w3id.org/kyoto-kg/\"))
           FILTER(NOT EXISTS { ?s a skos:Concept } || NOT EXISTS { ?o a skos:Concept })
         }"]);
    assert!(not_concepts.is_empty(), "{not_concepts:?}");
}

/// The passages of `text` between single quotes used as quotation marks (an apostrophe inside
/// a word, as in "declaration's", is not one), split at the ellipses ` ... ` they contain.
fn quotations(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in chars.iter().enumerate() {
        if *c != '\'' {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        match open {
            None if before.is_none_or(|b| b.is_whitespace() || b == '(') => open = Some(i + 1),
            Some(start) if after.is_none_or(|a| !a.is_alphanumeric()) => {
                let quoted: String = chars[start..i].iter().collect();
                out.extend(quoted.split(" ... ").map(str::to_owned));
                open = None;
            }
            _ => {}
        }
    }
    assert!(open.is_none(), "an unclosed quotation in {text:?}");
    out
}

#[test]
fn every_quotation_in_a_rationale_is_the_official_wording_of_one_side_or_of_a_document_it_names() {
    // Issue 19: "every quotation faithful". A rationale quotes the topic or pillar as the source
    // lists it, the declaration's title, or the English text of the linked SDG concept, its goal
    // or its indicators in the UN's file; a few quote a UN document outside the data, which
    // the rationale names by its symbol. The texts of those documents are given here.
    let external: [(&str, &str); 4] = [
        (
            "S/2004/616",
            "all persons, institutions and entities, public and private, including the State itself, are accountable to laws that are publicly promulgated, equally enforced and independently adjudicated",
        ),
        (
            "A/RES/70/1",
            "Factors which give rise to violence, insecurity and injustice, such as inequality, corruption, poor governance and illicit financial and arms flows, are addressed in the Agenda.",
        ),
        (
            "Convention against Corruption",
            "Protection of reporting persons",
        ),
        ("Convention against Corruption", "Asset recovery"),
    ];
    let fixture = Fixture::load();
    let english = |iri: &str| -> Vec<String> {
        fixture
            .objects(iri, &format!("{SKOS}prefLabel"))
            .into_iter()
            .filter_map(|l| match l {
                Term::Literal(l) if l.language() == Some("en") => Some(l.value().to_owned()),
                _ => None,
            })
            .collect()
    };
    let sessions: toml::Table = std::fs::read_to_string(project_dir().join("data/sessions.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let declaration: toml::Table =
        std::fs::read_to_string(project_dir().join("data/declaration.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    for session in sessions["session"].as_array().unwrap() {
        for topic in session
            .get("topic")
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
        {
            labels.insert(
                format!("topic:{}", topic["id"].as_str().unwrap()),
                topic["label"].as_str().unwrap().to_owned(),
            );
        }
    }
    for pillar in declaration["pillar"].as_array().unwrap() {
        labels.insert(
            format!("pillar:{}", pillar["number"].as_integer().unwrap()),
            pillar["label"].as_str().unwrap().to_owned(),
        );
    }
    let d = &declaration["declaration"];
    labels.insert(
        format!("declaration:{}", d["id"].as_str().unwrap()),
        d["title"].as_str().unwrap().to_owned(),
    );

    let mut checked = 0;
    for link in toml_links(&project_dir().join("data")) {
        let mut texts = vec![labels[&link.subject].clone()];
        if !link.object.starts_with("http") {
            let iri = fixture.iri_of(&link.object);
            texts.extend(english(&iri));
            for indicator in fixture.narrower(&iri) {
                texts.extend(english(&indicator));
            }
            let goal = fixture.iri_of(link.object.split('.').next().unwrap());
            texts.extend(english(&goal));
        }
        texts.extend(
            external
                .iter()
                .filter(|(symbol, _)| link.rationale.contains(symbol))
                .map(|(_, text)| (*text).to_owned()),
        );
        let texts: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        for quoted in quotations(&link.rationale) {
            assert!(
                texts.iter().any(|t| t.contains(&quoted.to_lowercase())),
                "{} -> {}: '{quoted}' is not the wording of either side",
                link.subject,
                link.object
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked} quotations");
}

#[test]
fn every_linked_target_has_the_uns_english_text_in_the_snapshot_including_those_added_for_issue_19()
{
    let fixture = Fixture::load();
    let snapshot = parse_triples(&snapshot_path());
    let label = |triples: &HashSet<Triple>, iri: &str| -> Vec<String> {
        let mut out: Vec<String> = triples
            .iter()
            .filter(|t| {
                t.subject.to_string() == format!("<{iri}>")
                    && t.predicate.as_str() == format!("{SKOS}prefLabel")
            })
            .filter_map(|t| match &t.object {
                Term::Literal(l) if l.language() == Some("en") => Some(l.value().to_owned()),
                _ => None,
            })
            .collect();
        out.sort();
        out
    };
    let objects: BTreeSet<String> = toml_links(&project_dir().join("data"))
        .into_iter()
        .map(|l| l.object)
        .filter(|o| !o.starts_with("http"))
        .collect();
    // The targets of goals other than 16 that the review of issue 19 asked for.
    for added in ["3.5", "4.7", "5.2", "8.7", "10.2", "10.3"] {
        assert!(objects.contains(added), "{added} is linked");
    }
    for notation in &objects {
        let iri = fixture.iri_of(notation);
        let official = label(&fixture.triples, &iri);
        assert_eq!(official.len(), 1, "{notation}: {official:?}");
        assert_eq!(label(&snapshot, &iri), official, "{notation}");
        for indicator in fixture.narrower(&iri) {
            assert_eq!(
                label(&snapshot, &indicator),
                label(&fixture.triples, &indicator),
                "{notation}: indicator {indicator}"
            );
        }
    }
    let three_five = label(&snapshot, &format!("{SDG}3.5"));
    assert!(
        three_five[0].starts_with("Strengthen the prevention and treatment of substance abuse"),
        "{three_five:?}"
    );
    let eight_seven = label(&snapshot, &format!("{SDG}8.7"));
    assert!(
        eight_seven[0].contains("end modern slavery and human trafficking"),
        "{eight_seven:?}"
    );
}

#[test]
fn every_review_is_by_someone_else_no_older_than_the_link_and_in_the_graph_with_the_confidence() {
    let links = toml_links(&project_dir().join("data"));
    let reviewed = links.iter().filter(|l| l.reviewer.is_some()).count();
    assert!(reviewed > 0 && reviewed < links.len(), "{reviewed}");
    let summary = kyoto(&["build"]).ok();
    assert!(
        summary.contains(&format!(
            "SDG: {} curated links (editorial judgements, {reviewed} reviewed)",
            links.len()
        )),
        "{summary}"
    );
    for link in &links {
        assert_eq!(link.reviewer.is_some(), link.reviewed.is_some(), "{link:?}");
        if let (Some(reviewer), Some(reviewed)) = (&link.reviewer, &link.reviewed) {
            assert_ne!(reviewer, &link.author, "{link:?}");
            assert!(reviewed >= &link.date, "{link:?}");
        }
    }
    let rows = select(&["SELECT ?s ?p ?o ?confidence ?reviewer ?reviewed WHERE {
           ?r a kyoto:EditorialMapping ;
              owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o ;
              sssom:confidence ?confidence .
           OPTIONAL { ?r sssom:reviewer_label ?reviewer }
           OPTIONAL { ?r dct:dateAccepted ?reviewed }
         }"]);
    assert_eq!(rows.len(), links.len());
    let fixture = Fixture::load();
    for link in &links {
        let object = if link.object.starts_with("http") {
            link.object.clone()
        } else {
            fixture.iri_of(&link.object)
        };
        let row = rows
            .iter()
            .find(|r| r["s"] == subject_iri(&link.subject) && r["o"] == object)
            .unwrap_or_else(|| panic!("no record for {link:?}"));
        assert_eq!(row["confidence"], documented_confidence(link), "{link:?}");
        assert_eq!(row.get("reviewer"), link.reviewer.as_ref(), "{link:?}");
        assert_eq!(row.get("reviewed"), link.reviewed.as_ref(), "{link:?}");
    }
}

#[test]
fn the_links_the_review_found_weak_or_expected_are_each_in_the_file_or_a_comment_with_the_reason() {
    let text = std::fs::read_to_string(project_dir().join("data/sdg-links.toml")).unwrap();
    let links = toml_links(&project_dir().join("data"));
    let linked = |subject: &str, object: &str| {
        links
            .iter()
            .any(|l| l.subject == subject && l.object == object)
    };
    let comments: Vec<String> = {
        // Comment blocks, each joined into one line.
        let mut blocks = vec![String::new()];
        for line in text.lines() {
            match line.strip_prefix('#') {
                Some(rest) => blocks.last_mut().unwrap().push_str(rest),
                None => blocks.push(String::new()),
            }
        }
        blocks.retain(|b| !b.is_empty());
        blocks
    };
    let recorded = |verdict: &str, subject: &str, object: &str| {
        comments.iter().any(|c| {
            c.contains(verdict) && c.contains(&format!("{subject} -> {object}")) && c.len() > 200
        })
    };
    // The two weak links: strengthened from the wording, or removed with the reason.
    for (subject, object) in [
        ("topic:reducing-reoffending-through-rehabilitation", "16.1"),
        ("topic:social-educational-and-other-measures", "16.3"),
    ] {
        assert!(
            linked(subject, object) || recorded("Removed", subject, object),
            "{subject} -> {object}"
        );
    }
    // The links the review expected: added, or declined with the reason.
    for (subject, object) in [
        ("topic:effective-anti-corruption-efforts", "16.4"),
        (
            "topic:mainstreaming-a-gender-perspective-into-criminal-justice",
            "5.2",
        ),
        (
            "topic:mainstreaming-a-gender-perspective-into-criminal-justice",
            "16.7",
        ),
        ("pillar:3", "16.5"),
        ("pillar:3", "16.6"),
        (
            "topic:addressing-the-causes-including-the-root-causes-of-crime",
            "10.2",
        ),
        ("pillar:4", "8.7"),
        ("topic:empowering-youth-for-crime-prevention", "4.7"),
        (
            "topic:access-to-justice-and-equal-treatment-before-the-law",
            "10.3",
        ),
        (
            "topic:safeguarding-victims-rights-and-protecting-witnesses",
            "16.5",
        ),
        ("topic:reducing-reoffending-through-rehabilitation", "3.5"),
    ] {
        let added = links
            .iter()
            .any(|l| l.subject == subject && l.object == object && l.date == "2026-12-05");
        assert!(
            added || recorded("declined", subject, object),
            "{subject} -> {object}"
        );
    }
    // The two regraded predicates.
    for (subject, object) in [
        ("pillar:4", "16.a"),
        (
            "topic:effective-accountable-impartial-and-inclusive-institutions",
            "16.6",
        ),
    ] {
        let link = links
            .iter()
            .find(|l| l.subject == subject && l.object == object)
            .unwrap();
        assert_eq!(link.predicate, "skos:relatedMatch", "{link:?}");
    }
}

fn chrono_like(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    parts.len() == 3 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

#[test]
fn the_ontology_declares_every_kyoto_term_with_a_label_and_a_comment() {
    let ontology = parse_triples(&project_dir().join("ontology/kyoto.ttl"));
    for term in kyoto_kg::vocab::kyoto::ALL {
        for property in ["label", "comment"] {
            let declared = ontology.iter().any(|t| {
                t.subject.to_string() == term.to_string()
                    && t.predicate.as_str()
                        == format!("http://www.w3.org/2000/01/rdf-schema#{property}")
            });
            assert!(
                declared,
                "{term} has no rdfs:{property} in ontology/kyoto.ttl"
            );
        }
    }
}

// --- Bad links --------------------------------------------------------------------------------

fn append_link(data: &Path, subject: &str, predicate: &str, object: &str) -> usize {
    let path = data.join("sdg-links.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!(
        "\n[[sdg_link]]\nsubject = \"{subject}\"\npredicate = \"{predicate}\"\nobject = \"{object}\"\nrationale = \"A test link.\"\nauthor = \"test\"\ndate = 2026-11-27\n"
    ));
    std::fs::write(&path, &text).unwrap();
    text.lines().count() - 5 // the line of `subject = ...`
}

#[test]
fn a_link_to_an_unknown_notation_fails_with_file_line_column_and_the_goals_targets() {
    let data = data_copy();
    let line = append_link(
        data.path(),
        "topic:access-to-legal-aid",
        "skos:relatedMatch",
        "16.13",
    );
    let run = kyoto_in(data.path(), &["--data", ".", "build"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let err = run.stderr();
    run.stderr_has(&[&format!("sdg-links.toml:{}:10", line + 2)]);
    assert!(err.contains("\"16.13\""), "{err}");
    assert!(
        err.contains("16.1, 16.2, 16.3, 16.4, 16.5, 16.6, 16.7, 16.8, 16.9, 16.10, 16.a, 16.b"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
}

#[test]
fn bad_link_subjects_predicates_and_objects_each_get_a_clear_error() {
    let data = data_copy();
    append_link(
        data.path(),
        "topic:no-such-topic",
        "skos:relatedMatch",
        "16.3",
    );
    append_link(data.path(), "pillar:2", "skos:broadMatch", "16.3");
    append_link(data.path(), "pillar:1", "skos:relatedMatch", "16.B");
    append_link(
        data.path(),
        "pillar:2",
        "skos:relatedMatch",
        "http://metadata.un.org/sdg",
    );
    append_link(data.path(), "pillar:3", "skos:relatedMatch", "16.3");
    let run = kyoto_in(data.path(), &["--data", ".", "build"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let err = run.stderr();
    for expected in [
        "unknown topic \"no-such-topic\"",
        "topic:access-to-legal-aid",
        "unknown link predicate \"skos:broadMatch\"",
        "dcterms:relation, skos:closeMatch, skos:relatedMatch",
        "did you mean \"16.b\"?",
        "http://metadata.un.org/sdg is the SDG concept scheme, not a concept",
        "duplicate link from pillar:3 to 16.3",
        "the source data has 5 problems",
    ] {
        assert!(err.contains(expected), "{expected:?} not in\n{err}");
    }
}

#[test]
fn a_skos_mapping_from_the_declaration_and_dcterms_relation_between_two_concepts_are_refused() {
    // Issue 19: SKOS mapping properties link two concepts; dcterms:relation is for a link with
    // an end that is not one.
    let data = data_copy();
    append_link(data.path(), "declaration:kyoto", "skos:closeMatch", "16.3");
    append_link(
        data.path(),
        "topic:access-to-legal-aid",
        "dcterms:relation",
        "16.9",
    );
    let run = kyoto_in(data.path(), &["--data", ".", "build"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    let err = run.stderr();
    for expected in [
        "skos:closeMatch links concepts, but declaration:kyoto is a document, not a skos:Concept",
        "link it with predicate = \"dcterms:relation\"",
        "dcterms:relation is for links with one end that is not a concept",
        "topic:access-to-legal-aid and 16.9 (an SDG target) are both concepts",
        "the source data has 2 problems",
    ] {
        assert!(err.contains(expected), "{expected:?} not in\n{err}");
    }
}

/// Appends a link with a review to the links file; returns the line of the review's first line.
fn append_reviewed_link(data: &Path, author: &str, date: &str, review: &str) -> usize {
    let path = data.join("sdg-links.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().count() + 9;
    text.push_str(&format!(
        "\n[[sdg_link]]\nsubject = \"pillar:2\"\npredicate = \"skos:relatedMatch\"\nobject = \"16.9\"\nrationale = \"A test link.\"\nauthor = \"{author}\"\ndate = {date}\n{review}"
    ));
    std::fs::write(&path, &text).unwrap();
    line
}

#[test]
fn a_review_without_its_date_by_the_author_or_older_than_the_link_is_refused() {
    // Issue 19: a review is recorded with who and when, by someone other than the author, and
    // a link changed after its review loses it.
    // (the review's lines, the message, the line of the review the error points at)
    for (review, expected, at) in [
        (
            "reviewer = \"A. Reviewer\"\n",
            "the link has a reviewer but no review date",
            0,
        ),
        (
            "reviewed = 2026-12-06\n",
            "the link has a review date but no reviewer",
            0,
        ),
        (
            "reviewer = \"Test\"\nreviewed = 2026-12-06\n",
            "the reviewer \"Test\" is the link's author",
            0,
        ),
        (
            "reviewer = \"A. Reviewer\"\nreviewed = 2026-12-01\n",
            "the review (2026-12-01) is older than the link (2026-12-05): the link changed after it was reviewed",
            1,
        ),
    ] {
        let data = data_copy();
        let line = append_reviewed_link(data.path(), "test", "2026-12-05", review) + at;
        let run = kyoto_in(data.path(), &["--data", ".", "build"]);
        assert_eq!(run.code(), Some(2), "{}", run.transcript());
        let err = run.stderr();
        assert!(err.contains(expected), "{expected:?} not in\n{err}");
        assert!(
            err.contains(&format!("sdg-links.toml:{line}:")),
            "line {line}:\n{err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
    }
    let data = data_copy();
    append_reviewed_link(
        data.path(),
        "test",
        "2026-12-05",
        "reviewer = \"A. Reviewer\"\nreviewed = 2026-12-05\n",
    );
    kyoto_in(data.path(), &["--data", ".", "build"]).ok();
}

#[test]
fn a_link_to_a_target_outside_the_snapshot_fails_until_sdg_import_takes_it_in() {
    let data = data_copy();
    append_link(data.path(), "pillar:2", "skos:relatedMatch", "5.1");
    let run = kyoto_in(data.path(), &["--data", ".", "build"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["sdg import"]);
    let before = std::fs::read(data.path().join("sdg/sdg-snapshot.ttl")).unwrap();

    let fixture = fixture_path();
    kyoto_in(
        data.path(),
        &["--data", ".", "sdg", "import", fixture.to_str().unwrap()],
    )
    .ok();
    let after = std::fs::read(data.path().join("sdg/sdg-snapshot.ttl")).unwrap();
    assert_ne!(before, after);
    kyoto_in(data.path(), &["--data", ".", "build"]).ok();
    let indicators = kyoto_in(
        data.path(),
        &[
            "--data",
            ".",
            "query",
            "--format",
            "csv",
            "SELECT ?i WHERE { GRAPH kgraph:sdg { ?i skos:broader sdg:5.1 } }",
        ],
    )
    .ok();
    let expected = Fixture::load().narrower(&format!("{SDG}5.1"));
    assert!(!expected.is_empty());
    for iri in expected {
        assert!(indicators.contains(&iri), "{iri} not in\n{indicators}");
    }
}

#[test]
fn sdg_import_checks_the_links_before_writing_and_leaves_the_snapshot_alone_on_error() {
    let data = data_copy();
    append_link(data.path(), "pillar:2", "skos:relatedMatch", "16.99");
    let before = std::fs::read(data.path().join("sdg/sdg-snapshot.ttl")).unwrap();
    let fixture = fixture_path();
    let run = kyoto_in(
        data.path(),
        &["--data", ".", "sdg", "import", fixture.to_str().unwrap()],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["\"16.99\""]);
    let after = std::fs::read(data.path().join("sdg/sdg-snapshot.ttl")).unwrap();
    assert_eq!(before, after);

    let not_rdf = data.path().join("not-sdg.ttl");
    std::fs::write(&not_rdf, "this is not turtle\n").unwrap();
    let run = kyoto_in(
        data.path(),
        &["--data", ".", "sdg", "import", not_rdf.to_str().unwrap()],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["not-sdg.ttl is not valid Turtle", "line 1"]);
}

#[test]
fn a_damaged_snapshot_is_reported_with_its_line() {
    let data = data_copy();
    let path = data.path().join("sdg/sdg-snapshot.ttl");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("sdg:16 skos:prefLabel \"unterminated .\n");
    std::fs::write(&path, text).unwrap();
    let run = kyoto_in(data.path(), &["--data", ".", "build"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["sdg-snapshot.ttl:", "git checkout"]);
}

// --- SSSOM ------------------------------------------------------------------------------------

#[test]
fn the_sssom_export_has_the_metadata_header_and_one_row_per_link() {
    let out = kyoto(&["export", "--format", "sssom"]).ok();
    let header: String = out
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{}\n", &l[1..]))
        .collect();
    let yaml = yaml_rust2::YamlLoader::load_from_str(&header).unwrap();
    let meta = &yaml[0];
    assert_eq!(
        meta["mapping_set_id"].as_str(),
        Some("https://w3id.org/kyoto-kg/mappings/kyoto-sdg.sssom.tsv")
    );
    assert!(meta["license"].as_str().unwrap().starts_with("https://"));
    let curie_map: BTreeMap<String, String> = meta["curie_map"]
        .as_hash()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_owned(),
                v.as_str().unwrap().to_owned(),
            )
        })
        .collect();

    let mut table = out.lines().skip_while(|l| l.starts_with('#'));
    let columns: Vec<&str> = table.next().unwrap().split('\t').collect();
    for required in [
        "subject_id",
        "predicate_id",
        "object_id",
        "mapping_justification",
        "subject_label",
        "object_label",
        "author_label",
        "mapping_date",
        "comment",
        // What SSSOM users filter on (issue 19).
        "reviewer_label",
        "confidence",
        "subject_type",
        "object_type",
    ] {
        assert!(
            columns.contains(&required),
            "{required} missing: {columns:?}"
        );
    }
    let rows: Vec<BTreeMap<&str, &str>> = table
        .map(|l| columns.iter().copied().zip(l.split('\t')).collect())
        .collect();
    let links = toml_links(&project_dir().join("data"));
    assert_eq!(rows.len(), links.len());

    let expand = |curie: &str| {
        let (prefix, local) = curie.split_once(':').unwrap();
        format!(
            "{}{local}",
            curie_map
                .get(prefix)
                .unwrap_or_else(|| panic!("prefix {prefix} not in curie_map"))
        )
    };
    let snapshot_subjects: BTreeSet<String> = parse_triples(&snapshot_path())
        .iter()
        .map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            other => other.to_string(),
        })
        .collect();
    let expected: BTreeSet<(String, String)> = links
        .iter()
        .map(|l| (subject_iri(&l.subject), expand(&l.predicate)))
        .collect();
    let fixture = Fixture::load();
    let mut got = BTreeSet::new();
    for row in &rows {
        assert_eq!(row["mapping_justification"], "semapv:ManualMappingCuration");
        assert_eq!(
            expand(row["mapping_justification"]),
            "https://w3id.org/semapv/vocab/ManualMappingCuration"
        );
        let object = expand(row["object_id"]);
        assert!(snapshot_subjects.contains(&object), "{object}");
        assert!(
            !row["subject_label"].is_empty() && !row["object_label"].is_empty(),
            "{row:?}"
        );
        assert!(
            !row["comment"].is_empty() && chrono_like(row["mapping_date"]),
            "{row:?}"
        );
        got.insert((expand(row["subject_id"]), expand(row["predicate_id"])));
        // The row says what the TOML says of the link: its review, date and derived confidence,
        // and whether each end is a SKOS concept.
        let link = links
            .iter()
            .find(|l| {
                l.subject == row["subject_id"]
                    && (l.object == object
                        || (!l.object.starts_with("http") && fixture.iri_of(&l.object) == object))
            })
            .unwrap_or_else(|| panic!("no link in the TOML for {row:?}"));
        assert_eq!(row["mapping_date"], link.date, "{row:?}");
        assert_eq!(
            row["reviewer_label"],
            link.reviewer.as_deref().unwrap_or(""),
            "{row:?}"
        );
        assert_eq!(row["confidence"], documented_confidence(link), "{row:?}");
        let kind = |concept: bool| {
            if concept {
                "skos concept"
            } else {
                "rdfs resource"
            }
        };
        assert_eq!(
            row["subject_type"],
            kind(subject_is_concept(&link.subject)),
            "{row:?}"
        );
        assert_eq!(
            row["object_type"],
            kind(object != "http://metadata.un.org/sdg"),
            "{row:?}"
        );
    }
    assert_eq!(got, expected);

    // Deterministic, and the same through --output.
    assert_eq!(kyoto(&["export", "--format", "sssom"]).ok(), out);
    let dir = tempfile::tempdir().unwrap();
    let file = sssom_export_in(dir.path());
    assert_eq!(std::fs::read_to_string(file).unwrap(), out);
}

/// `kyoto-kg export --format sssom --output DIR/kyoto-sdg.sssom.tsv`; the file's path.
fn sssom_export_in(dir: &Path) -> PathBuf {
    let file = dir.join("kyoto-sdg.sssom.tsv");
    kyoto(&[
        "export",
        "--format",
        "sssom",
        "--output",
        file.to_str().unwrap(),
    ])
    .ok();
    file
}

/// The Python interpreter that has the `sssom` package: the one `KYOTO_KG_SSSOM_PYTHON` names
/// (CI sets it; it must have the package), else `python3` if it has it; `None` otherwise.
fn sssom_python() -> Option<String> {
    let has_sssom = |python: &str| {
        std::process::Command::new(python)
            .args(["-c", "import sssom"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if let Ok(python) = std::env::var("KYOTO_KG_SSSOM_PYTHON") {
        assert!(
            has_sssom(&python),
            "KYOTO_KG_SSSOM_PYTHON={python} cannot import sssom (pip install sssom==0.4.21)"
        );
        return Some(python);
    }
    has_sssom("python3").then(|| "python3".to_owned())
}

/// Runs `tests/support/sssom_check.py` on `file`: its exit status and its lines (one per mapping
/// as the sssom package read it), or its stderr when it fails.
fn sssom_check(python: &str, file: &Path) -> (bool, String) {
    let output = std::process::Command::new(python)
        .arg(project_dir().join("tests/support/sssom_check.py"))
        .arg(file)
        .output()
        .unwrap();
    let text = if output.status.success() {
        String::from_utf8(output.stdout).unwrap()
    } else {
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    (output.status.success(), text)
}

#[test]
#[expect(
    clippy::print_stdout,
    reason = "a skipped test says why in the test output"
)]
fn the_sssom_export_is_valid_for_the_sssom_package_which_reads_each_links_review_and_confidence() {
    // Issue 19: the export validates against the SSSOM schema, as the `sssom` Python package
    // (the reference implementation) checks it.
    let Some(python) = sssom_python() else {
        println!(
            "skipped: no Python with the `sssom` package (pip install sssom==0.4.21 into a venv and set KYOTO_KG_SSSOM_PYTHON to its python, as .ci/run does)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = sssom_export_in(dir.path());
    let (valid, out) = sssom_check(&python, &file);
    assert!(valid, "{out}");

    let links = toml_links(&project_dir().join("data"));
    let read: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(read.len(), links.len(), "{out}");
    let fixture = Fixture::load();
    for link in &links {
        let object = if link.object.starts_with("http") {
            "unmetadata:sdg".to_owned()
        } else {
            format!(
                "sdg:{}",
                fixture.iri_of(&link.object).trim_start_matches(SDG)
            )
        };
        let row = read
            .iter()
            .find(|r| r[0] == link.subject && r[2] == object)
            .unwrap_or_else(|| panic!("sssom did not read {link:?}:\n{out}"));
        assert_eq!(row[1], link.predicate, "{row:?}");
        let confidence: f64 = row[3].parse().unwrap();
        let expected: f64 = documented_confidence(link).parse().unwrap();
        assert!((confidence - expected).abs() < 1e-9, "{row:?}");
        assert_eq!(row[4], link.reviewer.as_deref().unwrap_or(""), "{row:?}");
        assert_eq!(row[5], link.date, "{row:?}");
    }

    // The validator does reject what is not SSSOM: a confidence that is not a number.
    let text = std::fs::read_to_string(&file).unwrap();
    let damaged = dir.path().join("damaged.sssom.tsv");
    std::fs::write(&damaged, text.replacen("\t0.95\t", "\thigh\t", 1)).unwrap();
    let (valid, out) = sssom_check(&python, &damaged);
    assert!(!valid, "a confidence of 'high' passed: {out}");
}

// --- Named queries ----------------------------------------------------------------------------

#[test]
fn the_untouched_query_lists_the_goal_16_targets_no_topic_links_to() {
    let fixture = Fixture::load();
    let all: BTreeSet<String> = fixture
        .narrower(&fixture.iri_of("16"))
        .iter()
        .map(|iri| iri.trim_start_matches(SDG).to_owned())
        .collect();
    let touched: BTreeSet<String> = toml_links(&project_dir().join("data"))
        .iter()
        .filter(|l| l.subject.starts_with("topic:"))
        .filter_map(|l| goal_16_target(&l.object))
        .collect();
    let expected: BTreeSet<String> = all.difference(&touched).cloned().collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    let rows = select(&["--name", "sdg16-targets-untouched"]);
    let got: BTreeSet<String> = rows.iter().map(|r| r["targetNotation"].clone()).collect();
    assert_eq!(got, expected);
}

#[test]
fn the_coverage_matrix_counts_each_pillars_topics_per_goal_16_target() {
    let by_pillar = topics_by_pillar();
    let links = toml_links(&project_dir().join("data"));
    let rows = select(&["--name", "sdg16-coverage"]);
    assert_eq!(rows.len(), 4 * 12, "every pillar x every Goal 16 target");
    let roman = ["I", "II", "III", "IV"];
    for row in &rows {
        let pillar = i64::try_from(
            roman
                .iter()
                .position(|r| *r == row["pillarNotation"])
                .unwrap()
                + 1,
        )
        .unwrap();
        let recorded = by_pillar.get(&pillar).map_or(0, BTreeSet::len);
        assert_eq!(row["pillarTopics"], recorded.to_string(), "{row:?}");
        let expected: BTreeSet<String> = links
            .iter()
            .filter(|l| {
                goal_16_target(&l.object).as_deref() == Some(row["targetNotation"].as_str())
            })
            .filter_map(|l| l.subject.strip_prefix("topic:"))
            .filter(|t| by_pillar.get(&pillar).is_some_and(|ts| ts.contains(*t)))
            .map(|t| format!("{ID}topic/{t}"))
            .collect();
        assert_eq!(row["topics"], expected.len().to_string(), "{row:?}");
        let listed: BTreeSet<String> = row
            .get("topicList")
            .map(|l| l.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        assert_eq!(listed, expected, "{row:?}");
    }
}

#[test]
fn topics_by_sdg_target_finds_the_topics_linked_to_16_3() {
    let expected: BTreeSet<String> = toml_links(&project_dir().join("data"))
        .iter()
        .filter(|l| l.object == "16.3" && l.subject.starts_with("topic:"))
        .map(|l| subject_iri(&l.subject))
        .collect();
    assert!(expected.len() >= 5);
    let rows = select(&["--name", "topics-by-sdg-target", "--param", "target=16.3"]);
    let got: BTreeSet<String> = rows.iter().map(|r| r["topic"].clone()).collect();
    assert_eq!(got, expected);
    assert!(rows.iter().all(|r| r["notation"] == "16.3"));
    let all = select(&["--name", "topics-by-sdg-target"]);
    let topic_links = toml_links(&project_dir().join("data"))
        .iter()
        .filter(|l| l.subject.starts_with("topic:"))
        .count();
    assert_eq!(all.len(), topic_links);
}

#[test]
fn a_topics_targets_come_with_their_indicators_and_labels() {
    let fixture = Fixture::load();
    let rows = select(&["--name", "topic-sdg-targets"]);
    let target = format!("{SDG}16.3");
    let expected: BTreeSet<String> = fixture.narrower(&target);
    assert_eq!(
        expected,
        BTreeSet::from([format!("{SDG}C160301"), format!("{SDG}C160302")])
    );
    let got: BTreeSet<String> = rows.iter().map(|r| r["indicator"].clone()).collect();
    assert_eq!(got, expected);
    for row in &rows {
        assert_eq!(row["topic"], format!("{ID}topic/access-to-legal-aid"));
        assert_eq!(row["target"], target);
        assert!(row["targetLabel"].starts_with("Promote the rule of law"));
        assert!(
            chrono_like(&row["date"]) && !row["author"].is_empty(),
            "{row:?}"
        );
        let label = fixture
            .objects(&row["indicator"], &format!("{SKOS}prefLabel"))
            .into_iter()
            .find_map(|l| match l {
                Term::Literal(l) if l.language() == Some("en") => Some(l.value().to_owned()),
                _ => None,
            })
            .unwrap();
        assert_eq!(row["indicatorLabel"], label);
    }
}
