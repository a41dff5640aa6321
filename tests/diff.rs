//! `kyoto-kg diff` (issue 17): pairs of data directories, each NEW made from a copy of the
//! shipped data by the change a curator or `import` would make, and the report checked against
//! those changes, entity by entity; the SPARQL Update applied by the Oxigraph server (a separate
//! process) and the result compared with NEW by sophia, an independent RDF implementation.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use serde_json::Value;
use sophia::isomorphism::isomorphic_datasets;
use std::collections::BTreeSet;
use std::path::Path;
use support::project_dir;
use support::rdf::sophia_quads;
use support::run::{data_copy, entity_ids, kyoto_in};

const RELABELLED_TOPIC: &str = "addressing-the-economic-dimension-of-crime";
const OLD_LABEL: &str = "Addressing the economic dimension of crime";
const NEW_LABEL: &str = "Addressing the economic dimensions of crime";
const TARGET_16_3: &str = "Promote the rule of law at the national and international levels and ensure equal access to justice for all";

fn edit(dir: &Path, file: &str, edit: impl FnOnce(String) -> String) {
    let path = dir.join(file);
    let before = std::fs::read_to_string(&path).unwrap();
    let after = edit(before.clone());
    assert_ne!(before, after, "the edit of {file} changed nothing");
    std::fs::write(path, after).unwrap();
}

/// Removes the `[[sdg_link]]` block of `subject` -> `object` and re-judges the one of
/// `rejudged` (predicate regraded, rationale reworded, review dropped as the file's rules say).
fn edit_links(text: String) -> String {
    let blocks: Vec<String> = text
        .split("[[sdg_link]]")
        .filter(|b| !(b.contains("subject = \"pillar:1\"") && b.contains("object = \"16.a\"")))
        .map(|b| {
            if b.contains("subject = \"pillar:2\"") && b.contains("object = \"16.3\"") {
                b.replace(
                    "predicate = \"skos:relatedMatch\"",
                    "predicate = \"skos:closeMatch\"",
                )
                .replace("A working criminal", "Re-judged: a working criminal")
                .replace(
                    "reviewer = \"kyoto-kg SDG expert review (issue 19)\"\nreviewed = 2026-12-05\n",
                    "",
                )
            } else {
                b.to_owned()
            }
        })
        .collect();
    blocks.join("[[sdg_link]]")
}

/// NEW: the shipped data with one change of each kind the issue lists that a data directory
/// can hold: a session added by `import`, a topic relabelled, a link removed and another
/// re-judged, a source added, the SDG snapshot refreshed by `sdg import` from a KOS file in
/// which the UN reworded target 16.3.
fn changed_data() -> tempfile::TempDir {
    let new = data_copy();
    let dir = new.path();
    let listing = tempfile::NamedTempFile::new().unwrap().into_temp_path();
    std::fs::write(&listing, "Thematic session 4 (5 December 2024):\n").unwrap();
    kyoto_in(dir, &["--data", ".", "import", listing.to_str().unwrap()]).ok();
    edit(dir, "sessions.toml", |t| {
        t.replacen(
            &format!("label = \"{OLD_LABEL}\""),
            &format!("label = \"{NEW_LABEL}\""),
            1,
        )
    });
    edit(dir, "declaration.toml", |t| {
        t.replacen(
            "# --- Bodies and meetings",
            "[[source]]\nid = \"diff-test-source\"\ntitle = \"A source added by the diff test\"\nurl = \"https://example.org/diff-test-source\"\n\n# --- Bodies and meetings",
            1,
        )
    });
    edit(dir, "sdg-links.toml", edit_links);
    let kos = tempfile::tempdir().unwrap();
    let refreshed = kos.path().join("sdg-kos.ttl");
    let fixture = std::fs::read_to_string(
        project_dir().join("tests/fixtures/sdg-kos/sdg-kos-goals-targets-indicators.ttl"),
    )
    .unwrap();
    let reworded = fixture.replacen(
        &format!("\"{TARGET_16_3}\"@en"),
        &format!("\"{TARGET_16_3}, reworded\"@en"),
        1,
    );
    assert_ne!(fixture, reworded);
    std::fs::write(&refreshed, reworded).unwrap();
    kyoto_in(
        dir,
        &["--data", ".", "sdg", "import", refreshed.to_str().unwrap()],
    )
    .ok();
    drop(listing);
    new
}

fn diff(dir: &Path, old: &str, new: &str, extra: &[&str]) -> support::run::Run {
    let mut args = vec!["diff", old, new];
    args.extend_from_slice(extra);
    kyoto_in(dir, &args)
}

fn diff_json(dir: &Path, old: &str, new: &str) -> Value {
    let run = diff(dir, old, new, &["--format", "json"]);
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}\n{}", run.transcript()))
}

/// (section, kind, id, change, class) of every entity of a JSON report.
fn entities(report: &Value) -> BTreeSet<(String, String, String, String, String)> {
    report["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (s("section"), s("kind"), s("id"), s("change"), s("class"))
        })
        .collect()
}

fn entity<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no entity {id} in {report:#}"))
}

fn property<'a>(entity: &'a Value, name: &str) -> &'a Value {
    entity["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no property {name} in {entity:#}"))
}

fn texts(values: &Value) -> Vec<String> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            v["literal"]
                .as_str()
                .or(v["iri"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn the_expected_entities() -> BTreeSet<(String, String, String, String, String)> {
    [
        ("data", "session", "session:2024-4", "added", "additive"),
        (
            "data",
            "topic",
            &format!("topic:{RELABELLED_TOPIC}"),
            "changed",
            "correction",
        ),
        (
            "data",
            "source",
            "source:diff-test-source",
            "added",
            "additive",
        ),
        (
            "data",
            "link",
            "pillar:1 -> sdg:16.a",
            "removed",
            "breaking",
        ),
        (
            "data",
            "link",
            "pillar:2 -> sdg:16.3",
            "changed",
            "correction",
        ),
        ("sdg", "target", "sdg:16.3", "changed", "correction"),
    ]
    .into_iter()
    .map(|(a, b, c, d, e)| (a.into(), b.into(), c.to_owned(), d.into(), e.into()))
    .collect()
}

#[test]
fn diff_of_identical_inputs_is_empty_with_exit_0() {
    let copy = data_copy();
    let shipped = project_dir().join("data");
    let (old, new) = (shipped.to_str().unwrap(), copy.path().to_str().unwrap());
    let text = diff(copy.path(), old, new, &[]);
    assert_eq!(text.code(), Some(0), "{}", text.transcript());
    assert!(
        text.stdout()
            .contains("OLD and NEW are the same dataset: no changes.")
    );
    let json = diff(copy.path(), old, new, &["--format", "json"]);
    assert_eq!(json.code(), Some(0), "{}", json.transcript());
    let report: Value = serde_json::from_str(&json.stdout()).unwrap();
    assert_eq!(report["same"], true);
    assert!(report["entities"].as_array().unwrap().is_empty());
    assert!(report["graphs"].as_array().unwrap().is_empty());
    let sparql = diff(copy.path(), old, new, &["--format", "sparql"]);
    assert_eq!(sparql.code(), Some(0), "{}", sparql.transcript());
    assert!(
        sparql.stdout().lines().all(|l| l.starts_with('#')),
        "{}",
        sparql.stdout()
    );
}

#[test]
fn diff_names_exactly_the_entities_of_each_kind_of_change_issue_17() {
    let old = data_copy();
    let new = changed_data();
    let (o, n) = (old.path().to_str().unwrap(), new.path().to_str().unwrap());
    let report = diff_json(old.path(), o, n);
    assert_eq!(entities(&report), the_expected_entities(), "{report:#}");
    assert_eq!(report["class"], "breaking");

    let topic = entity(&report, &format!("topic:{RELABELLED_TOPIC}"));
    let label = property(topic, "rdfs:label");
    assert_eq!(texts(&label["old"]), [OLD_LABEL]);
    assert_eq!(texts(&label["new"]), [NEW_LABEL]);

    let session = entity(&report, "session:2024-4");
    assert_eq!(
        texts(&property(session, "schema:startDate")["new"]),
        ["2024-12-05"]
    );
    let rejudged = entity(&report, "pillar:2 -> sdg:16.3");
    let predicate = property(rejudged, "predicate");
    assert_eq!(
        texts(&predicate["old"]),
        ["http://www.w3.org/2004/02/skos/core#relatedMatch"]
    );
    assert_eq!(
        texts(&predicate["new"]),
        ["http://www.w3.org/2004/02/skos/core#closeMatch"]
    );
    assert!(texts(&property(rejudged, "rationale")["new"])[0].starts_with("Re-judged: "));
    assert_eq!(
        rejudged["iri"],
        "https://w3id.org/kyoto-kg/id/mapping/pillar-2--16.3"
    );
    let target = entity(&report, "sdg:16.3");
    assert_eq!(
        texts(&property(target, "skos:prefLabel")["new"])
            .into_iter()
            .filter(|l| l.ends_with(", reworded"))
            .count(),
        1,
        "{target:#}"
    );

    // The text and Markdown reports name the same entities, and are the same on a re-run.
    let text = diff(old.path(), o, n, &[]);
    assert_eq!(text.code(), Some(1));
    for (_, _, id, _, _) in the_expected_entities() {
        assert!(text.stdout().contains(&id), "{id}\n{}", text.transcript());
    }
    assert!(text.stdout().contains(&format!(
        "rdfs:label: \"{OLD_LABEL}\"@en -> \"{NEW_LABEL}\"@en [correction]"
    )));
    assert!(!text.stdout().contains('\x1b'), "no colour off a terminal");
    let markdown = diff(old.path(), o, n, &["--format", "markdown"]);
    assert!(markdown.stdout().starts_with("# Changes\n"));
    assert!(markdown.stdout().contains("## SDG snapshot"));
    for format in ["text", "json", "markdown", "sparql"] {
        let a = diff(old.path(), o, n, &["--format", format]);
        let b = diff(old.path(), o, n, &["--format", format]);
        assert_eq!(a.stdout(), b.stdout(), "{format} differs across runs");
    }
}

#[test]
fn swapping_old_and_new_swaps_added_and_removed() {
    let old = data_copy();
    let new = changed_data();
    let (o, n) = (old.path().to_str().unwrap(), new.path().to_str().unwrap());
    let forward = entities(&diff_json(old.path(), o, n));
    let backward = entities(&diff_json(old.path(), n, o));
    let swap = |c: &str| match c {
        "added" => "removed".to_owned(),
        "removed" => "added".to_owned(),
        other => other.to_owned(),
    };
    let forward_swapped: BTreeSet<(String, String, String, String)> = forward
        .iter()
        .map(|(s, k, id, c, _)| (s.clone(), k.clone(), id.clone(), swap(c)))
        .collect();
    let backward_plain: BTreeSet<(String, String, String, String)> = backward
        .iter()
        .map(|(s, k, id, c, _)| (s.clone(), k.clone(), id.clone(), c.clone()))
        .collect();
    assert_eq!(forward_swapped, backward_plain);
    // The session NEW added is removed going back, which breaks who held its IRI.
    assert!(backward.contains(&(
        "data".into(),
        "session".into(),
        "session:2024-4".into(),
        "removed".into(),
        "breaking".into()
    )));
}

#[test]
fn an_ontology_term_added_is_reported_in_the_ontology_section() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.nq");
    kyoto_in(
        &project_dir(),
        &["export", "--format", "nquads", "-o", old.to_str().unwrap()],
    )
    .ok();
    let mut text = std::fs::read_to_string(&old).unwrap();
    let g = "<https://w3id.org/kyoto-kg/graph/ontology>";
    let term = "<https://w3id.org/kyoto-kg/ontology#Recommendation>";
    text.push_str(&format!(
        "{term} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> {g} .\n\
         {term} <http://www.w3.org/2000/01/rdf-schema#label> \"Recommendation\"@en {g} .\n"
    ));
    let new = dir.path().join("new.nq");
    std::fs::write(&new, text).unwrap();
    let report = diff_json(dir.path(), "old.nq", "new.nq");
    let expected: BTreeSet<_> = [(
        "ontology".to_owned(),
        "class".to_owned(),
        "kyoto:Recommendation".to_owned(),
        "added".to_owned(),
        "additive".to_owned(),
    )]
    .into();
    assert_eq!(entities(&report), expected, "{report:#}");
    let back = diff_json(dir.path(), "new.nq", "old.nq");
    assert_eq!(
        back["class"], "breaking",
        "removing an ontology term breaks"
    );
}

/// Loads `old` into a fresh Oxigraph server, applies `updates` one request each, and checks the server's dataset
/// is isomorphic to `new` (sophia).
fn apply_and_compare(old: &[u8], updates: &[&str], new: &[Quad]) {
    let store = support::triplestore::oxigraph();
    store.post_nquads(std::str::from_utf8(old).unwrap());
    for update in updates {
        store.update(update);
    }
    let after = parse(store.dataset_as_nquads().as_bytes(), RdfFormat::NQuads);
    assert!(
        isomorphic_datasets(&sophia_quads(&after), &sophia_quads(new)).unwrap(),
        "the store after the update is not NEW:\n{}",
        store.dataset_as_nquads()
    );
}

fn parse(bytes: &[u8], format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap()
}

fn export_nquads(data: &Path, to: &Path) -> Vec<u8> {
    kyoto_in(
        data,
        &[
            "--data",
            ".",
            "export",
            "--format",
            "nquads",
            "-o",
            to.to_str().unwrap(),
        ],
    )
    .ok();
    std::fs::read(to).unwrap()
}

#[test]
fn the_sparql_update_turns_old_data_into_new_on_an_oxigraph_server() {
    let old = data_copy();
    let new = changed_data();
    let out = tempfile::tempdir().unwrap();
    let old_nq = export_nquads(old.path(), &out.path().join("old.nq"));
    let new_nq = export_nquads(new.path(), &out.path().join("new.nq"));
    let run = diff(
        old.path(),
        old.path().to_str().unwrap(),
        new.path().to_str().unwrap(),
        &["--format", "sparql"],
    );
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    apply_and_compare(
        &old_nq,
        &[&run.stdout()],
        &parse(&new_nq, RdfFormat::NQuads),
    );
}

const BLANK_OLD: &str = r#"@prefix ex: <http://example.org/> .
ex:g {
  ex:s ex:address [ ex:city "Kyoto" ; ex:geo [ ex:lat 35 ; ex:long 135 ] ] .
  ex:t ex:note [ ex:text "same" ] .
  ex:u ex:note [ ex:text "same" ] .
  [ ex:orphan "a" ] .
  [ ex:orphan "a" ] .
  [ ex:orphan "b" ; ex:more [ ex:x 1 ] ] .
  ex:keep ex:p ex:o .
}
ex:h { ex:s ex:q "in h" . ex:w ex:shared _:x . }
ex:g { _:x ex:in "g" . }
"#;

const BLANK_NEW: &str = r#"@prefix ex: <http://example.org/> .
ex:g {
  ex:s ex:address [ ex:city "Kyoto" ; ex:geo [ ex:lat 35 ; ex:long 136 ] ] .
  ex:t ex:note [ ex:text "same" ] .
  [ ex:orphan "a" ] .
  [ ex:orphan "c" ] .
  ex:keep ex:p ex:o .
  ex:new ex:p [ ex:text "same" ] .
}
ex:k { ex:s ex:q "in k" . ex:w ex:shared _:y . }
ex:g { _:y ex:in "g" . }
"#;

#[test]
fn the_sparql_update_is_exact_for_blank_nodes_nested_shared_and_repeated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.trig"), BLANK_OLD).unwrap();
    std::fs::write(dir.path().join("new.trig"), BLANK_NEW).unwrap();
    let run = diff(dir.path(), "old.trig", "new.trig", &["--format", "sparql"]);
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    let update = run.stdout();
    let old_nq: String = parse(BLANK_OLD.as_bytes(), RdfFormat::TriG)
        .iter()
        .map(|q| format!("{q} .\n"))
        .collect();
    let new = parse(BLANK_NEW.as_bytes(), RdfFormat::TriG);
    apply_and_compare(old_nq.as_bytes(), &[&update], &new);
    // Applied twice (a retried push), the result is still NEW.
    apply_and_compare(old_nq.as_bytes(), &[&update, &update], &new);
    // Two orphan "a" structures in OLD, one in NEW: a multiset, not a set.
    let report = diff_json(dir.path(), "old.trig", "new.trig");
    let orphans: Vec<&Value> = report["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "blank" && e["copies"]["old"] == 2)
        .collect();
    assert_eq!(orphans.len(), 1, "{report:#}");
    assert_eq!(orphans[0]["copies"]["new"], 1);
}

#[test]
fn a_side_that_is_nothing_kyoto_kg_reads_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let run = diff(dir.path(), "empty", "missing", &[]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["empty"]);
    assert!(run.stdout().is_empty());
}

#[test]
fn git_rev_reads_the_data_directory_at_a_revision() {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
    };
    let data = data_copy();
    git(&["init", "-q"]);
    let copy = std::process::Command::new("cp")
        .args(["-r", data.path().to_str().unwrap(), "data"])
        .current_dir(repo.path())
        .status()
        .unwrap();
    assert!(copy.success());
    git(&["add", "data"]);
    git(&["commit", "-q", "-m", "first"]);
    edit(&repo.path().join("data"), "sessions.toml", |t| {
        t.replacen(
            &format!("label = \"{OLD_LABEL}\""),
            &format!("label = \"{NEW_LABEL}\""),
            1,
        )
    });
    let report = diff_json(repo.path(), "git:HEAD", "data");
    assert_eq!(report["old"]["kind"], "git");
    let ids = entity_ids(&report);
    assert_eq!(ids, [format!("topic:{RELABELLED_TOPIC}")]);
    let run = diff(repo.path(), "git:no-such-rev", "data", &[]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["no-such-rev"]);
}

// --- release --previous and push --changes ---------------------------------------------------

const DATASET: &str = "https://w3id.org/kyoto-kg/dataset";

/// Releases `data` into `out`, with `extra` options.
fn release(data: &Path, out: &Path, extra: &[&str]) -> support::run::Run {
    let mut args = vec!["--data", ".", "release", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    kyoto_in(data, &args)
}

fn objects(quads: &[Quad], subject: &str, predicate: &str) -> Vec<String> {
    quads
        .iter()
        .filter(|q| {
            q.subject.to_string() == format!("<{subject}>") && q.predicate.as_str() == predicate
        })
        .map(|q| match &q.object {
            oxigraph::model::Term::NamedNode(n) => n.as_str().to_owned(),
            oxigraph::model::Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        })
        .collect()
}

const DCAT: &str = "http://www.w3.org/ns/dcat#";

struct Releases {
    _old: tempfile::TempDir,
    _new: tempfile::TempDir,
    dir: tempfile::TempDir,
}

impl Releases {
    fn first(&self) -> std::path::PathBuf {
        self.dir.path().join("0.1.0")
    }
    fn second(&self) -> std::path::PathBuf {
        self.dir.path().join("next")
    }
}

/// Release 0.1.0 of the shipped data, and the release of [`changed_data`] that follows it.
fn two_releases() -> Releases {
    let old = data_copy();
    let new = changed_data();
    let dir = tempfile::tempdir().unwrap();
    let releases = Releases {
        _old: old,
        _new: new,
        dir,
    };
    release(
        releases._old.path(),
        &releases.first(),
        &["--release-version", "0.1.0"],
    )
    .ok();
    let run = release(
        releases._new.path(),
        &releases.second(),
        &["--previous", releases.first().to_str().unwrap()],
    );
    run.ok();
    run.stdout_has(&["The version rule proposes 0.2.0; released as 0.2.0."]);
    releases
}

#[test]
fn the_second_release_points_to_the_first_and_carries_its_changes_issue_17() {
    let releases = two_releases();
    let (first, second) = (releases.first(), releases.second());
    let description = |dir: &Path| {
        parse(
            &std::fs::read(dir.join("void.ttl")).unwrap(),
            RdfFormat::Turtle,
        )
    };
    let (d1, d2) = (description(&first), description(&second));
    let v1 = format!("{DATASET}/0.1.0");
    let v2 = format!("{DATASET}/0.2.0");
    // The first release describes the version the second points to.
    assert_eq!(
        objects(&d1, DATASET, &format!("{DCAT}hasVersion")),
        [v1.as_str()]
    );
    assert_eq!(objects(&d1, &v1, &format!("{DCAT}version")), ["0.1.0"]);
    assert!(objects(&d1, &v1, &format!("{DCAT}previousVersion")).is_empty());
    assert_eq!(
        objects(&d2, DATASET, &format!("{DCAT}hasVersion")),
        [v2.as_str()]
    );
    assert_eq!(objects(&d2, &v2, &format!("{DCAT}isVersionOf")), [DATASET]);
    assert_eq!(objects(&d2, &v2, &format!("{DCAT}version")), ["0.2.0"]);
    assert_eq!(objects(&d2, &v2, &format!("{DCAT}previousVersion")), [v1]);
    let notes = objects(&d2, &v2, "http://www.w3.org/ns/adms#versionNotes");
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].starts_with("Changes since 0.1.0: 6 entities changed"),
        "{notes:?}"
    );

    // The change files are in SHA256SUMS with their digests, and say what diff says.
    let sums = std::fs::read_to_string(second.join("SHA256SUMS")).unwrap();
    for name in ["CHANGES.md", "changes.json", "changes.ru"] {
        let bytes = std::fs::read(second.join(name)).unwrap();
        let digest = kyoto_kg::export::canonical::sha256_hex(&bytes);
        assert!(
            sums.contains(&format!("{digest}  {name}\n")),
            "{name}\n{sums}"
        );
    }
    let json: Value =
        serde_json::from_slice(&std::fs::read(second.join("changes.json")).unwrap()).unwrap();
    assert_eq!(entities(&json), the_expected_entities(), "{json:#}");
    assert_eq!(json["next_version"]["proposed"], "0.2.0");
    let report = diff_json(
        releases.dir.path(),
        first.to_str().unwrap(),
        second.to_str().unwrap(),
    );
    assert_eq!(entities(&report), the_expected_entities());
    assert_eq!(report["old"]["version"], "0.1.0");
    assert_eq!(report["new"]["version"], "0.2.0");

    // changes.ru applied to the first release by the Oxigraph server gives the second.
    let update = std::fs::read_to_string(second.join("changes.ru")).unwrap();
    let new = parse(
        &std::fs::read(second.join("kyoto-kg.nq")).unwrap(),
        RdfFormat::NQuads,
    );
    apply_and_compare(
        &std::fs::read(first.join("kyoto-kg.nq")).unwrap(),
        &[&update],
        &new,
    );
}

#[test]
fn a_release_version_lower_than_the_rule_proposes_is_refused_unless_forced() {
    let releases = two_releases();
    let first = releases.first();
    let third = releases.dir.path().join("third");
    let previous = first.to_str().unwrap();
    let run = release(
        releases._new.path(),
        &third,
        &["--previous", previous, "--release-version", "0.1.1"],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&[
        "--release-version 0.1.1 is lower than 0.2.0",
        "--force-version",
    ]);
    assert!(!third.exists(), "nothing is written");
    let forced = release(
        releases._new.path(),
        &third,
        &[
            "--previous",
            previous,
            "--release-version",
            "0.1.1",
            "--force-version",
        ],
    );
    assert!(
        forced.ok().contains("released as 0.1.1"),
        "{}",
        forced.transcript()
    );
    // A higher version than proposed is the publisher's choice.
    let fourth = releases.dir.path().join("fourth");
    let higher = release(
        releases._new.path(),
        &fourth,
        &["--previous", previous, "--release-version", "1.0.0"],
    );
    assert!(
        higher.ok().contains("released as 1.0.0"),
        "{}",
        higher.transcript()
    );
}

/// Pushes `release` whole to `store` through its Graph Store endpoint, then checks its graphs.
fn store_graphs_equal_release(store: &support::triplestore::Triplestore, release: &Path) {
    let quads = parse(
        &std::fs::read(release.join("kyoto-kg.nq")).unwrap(),
        RdfFormat::NQuads,
    );
    let mut graphs: Vec<String> = quads
        .iter()
        .filter_map(|q| match &q.graph_name {
            oxigraph::model::GraphName::NamedNode(g) => Some(g.as_str().to_owned()),
            _ => None,
        })
        .collect();
    graphs.sort();
    graphs.dedup();
    for graph in graphs {
        let local: Vec<Quad> = quads
            .iter()
            .filter(|q| q.graph_name.to_string() == format!("<{graph}>"))
            .map(|q| {
                Quad::new(
                    q.subject.clone(),
                    q.predicate.clone(),
                    q.object.clone(),
                    oxigraph::model::GraphName::DefaultGraph,
                )
            })
            .collect();
        let text = store.graph_as_ntriples(&graph);
        let remote = parse(text.as_bytes(), RdfFormat::NTriples);
        assert!(
            isomorphic_datasets(&sophia_quads(&remote), &sophia_quads(&local)).unwrap(),
            "{}: {graph} holds {} triples, {} expected",
            store.name,
            remote.len(),
            local.len()
        );
    }
}

fn push_changes_to(store: &support::triplestore::Triplestore) {
    let releases = two_releases();
    let (first, second) = (releases.first(), releases.second());
    kyoto_in(
        releases._old.path(),
        &["--data", ".", "push", "--endpoint", &store.graph_store],
    )
    .ok();
    store_graphs_equal_release(store, &first);
    let changes = second.join("changes.ru");
    let run = kyoto_in(
        releases.dir.path(),
        &[
            "push",
            "--changes",
            changes.to_str().unwrap(),
            "--update-endpoint",
            &store.update,
        ],
    );
    assert!(run.ok().contains("applied "), "{}", run.transcript());
    store_graphs_equal_release(store, &second);
}

#[test]
fn push_changes_turns_the_previous_release_into_the_next_on_oxigraph() {
    push_changes_to(&support::triplestore::oxigraph());
}

#[test]
fn push_changes_turns_the_previous_release_into_the_next_on_virtuoso() {
    push_changes_to(&support::triplestore::virtuoso());
}

#[test]
fn push_changes_refuses_a_file_that_is_not_a_sparql_update() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("changes.ru"), "this is not SPARQL").unwrap();
    let run = kyoto_in(
        dir.path(),
        &[
            "push",
            "--changes",
            "changes.ru",
            "--update-endpoint",
            "http://127.0.0.1:9/update",
        ],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["is not a SPARQL 1.1 Update"]);
}

#[test]
fn the_site_shows_the_release_history_newest_first_from_the_releases_descriptions() {
    let releases = two_releases();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    kyoto_in(
        releases._new.path(),
        &[
            "--data",
            ".",
            "site",
            "--out",
            out.to_str().unwrap(),
            "--releases",
            releases.dir.path().to_str().unwrap(),
        ],
    )
    .ok();
    // The templates escape '/' in attributes, as HTML allows.
    let page = std::fs::read_to_string(out.join("releases/index.html"))
        .unwrap()
        .replace("&#x2f;", "/");
    let (second, first) = (
        page.find("<h2>0.2.0</h2>").unwrap(),
        page.find("<h2>0.1.0</h2>").unwrap(),
    );
    assert!(second < first, "newest first\n{page}");
    let newest = &page[second..first];
    assert!(
        newest.contains("<th>Previous version</th><td><a href=\"#v0.1.0\">0.1.0</a>"),
        "{newest}"
    );
    assert!(
        newest.contains("2 added, 1 removed, 0 renamed, 3 changed (breaking)"),
        "{newest}"
    );
    assert!(newest.contains("https://w3id.org/kyoto-kg/release/0.2.0/changes.ru"));
    assert!(
        !page[first..].contains("Previous version"),
        "0.1.0 follows nothing"
    );
}

/// The `href`s of `page` that start with `prefix`.
fn links<'a>(page: &'a str, prefix: &str) -> Vec<&'a str> {
    let needle = format!("href=\"{prefix}");
    page.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &page[at + "href=\"".len()..];
            rest.split('"').next()
        })
        .collect()
}

#[test]
fn the_server_shows_the_release_history_and_serves_every_file_each_release_lists_issue_17() {
    let releases = two_releases();
    let (first, second) = (releases.first(), releases.second());
    let server =
        support::server::Server::start(&["--releases", releases.dir.path().to_str().unwrap()]);
    assert!(
        server
            .banner
            .iter()
            .any(|l| l.trim() == format!("releases:         {}releases/", server.url)),
        "{:?}",
        server.banner
    );
    let client = support::server::client();

    // /releases leads to the page; newest first, each with what its own changes.json says.
    let response = client.get(server.at("releases")).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.url().path(), "/releases/");
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
    // The templates escape '/' in attributes, as HTML allows.
    let page = response.text().unwrap().replace("&#x2f;", "/");
    let (at_second, at_first) = (
        page.find("<h2>0.2.0</h2>").unwrap(),
        page.find("<h2>0.1.0</h2>").unwrap(),
    );
    assert!(at_second < at_first, "newest first\n{page}");
    let changes: Value =
        serde_json::from_slice(&std::fs::read(second.join("changes.json")).unwrap()).unwrap();
    let counts = &changes["counts"];
    assert!(
        page[at_second..at_first].contains(&format!(
            "{} added, {} removed, {} renamed, {} changed ({})",
            counts["added"],
            counts["removed"],
            counts["renamed"],
            counts["changed"],
            changes["class"].as_str().unwrap()
        )),
        "{page}"
    );
    assert!(
        page.contains("href=\"/releases/\">Releases</a>"),
        "the menu links the page"
    );

    // Every download link is local, and gives the bytes SHA256SUMS lists for that release.
    for (version, dir) in [("0.1.0", &first), ("0.2.0", &second)] {
        let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
        let linked = links(&page, &format!("/release/{version}/"));
        for name in ["kyoto-kg.ttl", "kyoto-kg.nq", "SHA256SUMS"] {
            assert!(
                linked.contains(&format!("/release/{version}/{name}").as_str()),
                "{version}: no link to {name} in {linked:?}"
            );
        }
        if version == "0.2.0" {
            assert!(linked.contains(&"/release/0.2.0/changes.ru"), "{linked:?}");
        }
        for link in linked {
            let name = link.rsplit('/').next().unwrap();
            let response = client.get(server.at(&link[1..])).send().unwrap();
            assert_eq!(response.status(), 200, "{link}");
            let media = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            let bytes = response.bytes().unwrap();
            assert_eq!(bytes, std::fs::read(dir.join(name)).unwrap(), "{link}");
            if name != "SHA256SUMS" {
                let digest = kyoto_kg::export::canonical::sha256_hex(&bytes);
                assert!(sums.contains(&format!("{digest}  {name}\n")), "{link}");
            }
            if name.ends_with(".ttl") {
                assert_eq!(media, "text/turtle", "{link}");
            }
        }
    }

    // Nothing else is reachable: only names a release lists, in a release that exists.
    std::fs::write(second.join("notes.txt"), "not released").unwrap();
    for path in [
        "release/0.2.0/notes.txt",
        "release/0.2.0/..%2F0.1.0%2Fkyoto-kg.ttl",
        "release/0.2.0/%2e%2e",
        "release/0.2.0/.hidden",
        "release/9.9.9/kyoto-kg.ttl",
        "release/0.2.0/kyoto-kg.ttl/x",
    ] {
        let response = client.get(server.at(path)).send().unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
    let post = client.post(server.at("releases/")).send().unwrap();
    assert_eq!(post.status(), 405);
}

#[test]
fn serve_without_releases_says_so_and_with_a_missing_directory_does_not_start() {
    let server = support::server::Server::start(&[]);
    let response = support::server::client()
        .get(server.at("releases/"))
        .send()
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .unwrap()
            .contains("started without --releases DIR")
    );
    drop(server);

    let missing = tempfile::tempdir().unwrap();
    let dir = missing.path().join("no-such-dir");
    let run = kyoto_in(
        &project_dir(),
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--releases",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&[&format!(
        "cannot serve the releases in {}: it is not a directory",
        dir.display()
    )]);
}
