//! Shared helpers of the integration tests: running the real binary, the shipped store, and an
//! oxrdf-to-sophia term adapter so that sophia (an independent RDF implementation) can check
//! what Oxigraph wrote.

#![allow(
    dead_code,
    reason = "each test crate uses a different subset of these helpers"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use kyoto_kg::{source, store};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use sophia::api::MownStr;
use sophia::api::term::{BnodeId, IriRef, LanguageTag, SimpleTerm};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project folder (where `data/`, `queries/`, `ontology/` live).
pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The result of one run of the binary, with a transcript for failure messages.
pub struct Run {
    pub args: Vec<String>,
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    /// The full transcript, for assertion messages.
    pub fn transcript(&self) -> String {
        format!(
            "$ kyoto-kg {}\n--- exit: {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.args.join(" "),
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts success and returns stdout.
    pub fn ok(&self) -> String {
        assert_eq!(
            self.code(),
            Some(0),
            "expected success\n{}",
            self.transcript()
        );
        self.stdout()
    }
}

/// Runs `kyoto-kg ARGS` in `dir`.
pub fn kyoto_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_kyoto-kg"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the kyoto-kg binary runs");
    Run {
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        output,
    }
}

/// Runs `kyoto-kg ARGS` in the project folder (so the default `data/` is the shipped data).
pub fn kyoto(args: &[&str]) -> Run {
    kyoto_in(&project_dir(), args)
}

/// Runs a SELECT query and returns its rows as maps from variable to value (lexical form).
pub fn select(args: &[&str]) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut all = vec!["query", "--format", "json"];
    all.extend_from_slice(args);
    let run = kyoto(&all);
    let json: serde_json::Value =
        serde_json::from_str(&run.ok()).unwrap_or_else(|e| panic!("{e}\n{}", run.transcript()));
    json["results"]["bindings"]
        .as_array()
        .unwrap_or_else(|| panic!("no bindings\n{}", run.transcript()))
        .iter()
        .map(|row| {
            row.as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v["value"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .collect()
}

/// A copy of the shipped `data/` in a fresh temporary directory.
pub fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&project_dir().join("data"), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The store built from the shipped data through the library.
pub fn shipped_store() -> Store {
    let dataset = source::load(&project_dir().join("data")).unwrap();
    store::in_memory(&dataset, &[]).unwrap()
}

/// Every quad of `store`.
pub fn all_quads(store: &Store) -> Vec<Quad> {
    store.iter().collect::<Result<_, _>>().unwrap()
}

// --- oxrdf -> sophia ------------------------------------------------------------------------

/// A sophia quad: `([s, p, o], graph)`.
pub type SophiaQuad = ([SimpleTerm<'static>; 3], Option<SimpleTerm<'static>>);
/// A sophia triple.
pub type SophiaTriple = [SimpleTerm<'static>; 3];

/// Converts an Oxigraph term into a sophia term.
pub fn sophia_term(term: &Term) -> SimpleTerm<'static> {
    match term {
        Term::NamedNode(n) => {
            SimpleTerm::Iri(IriRef::new_unchecked(MownStr::from(n.as_str().to_owned())))
        }
        Term::BlankNode(b) => {
            SimpleTerm::BlankNode(BnodeId::new_unchecked(MownStr::from(b.as_str().to_owned())))
        }
        Term::Literal(l) => match l.language() {
            Some(lang) => SimpleTerm::LiteralLanguage(
                MownStr::from(l.value().to_owned()),
                LanguageTag::new_unchecked(MownStr::from(lang.to_owned())),
                None,
            ),
            None => SimpleTerm::LiteralDatatype(
                MownStr::from(l.value().to_owned()),
                IriRef::new_unchecked(MownStr::from(l.datatype().as_str().to_owned())),
            ),
        },
        // Triple terms exist only with RDF 1.2, which the dev-dependencies switch on.
        other => panic!("unsupported term {other}"),
    }
}

fn subject_term(s: &NamedOrBlankNode) -> Term {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.clone().into(),
        NamedOrBlankNode::BlankNode(b) => b.clone().into(),
    }
}

/// Converts Oxigraph quads into sophia quads.
pub fn sophia_quads(quads: &[Quad]) -> Vec<SophiaQuad> {
    quads
        .iter()
        .map(|q| {
            let graph = match &q.graph_name {
                GraphName::NamedNode(n) => Some(sophia_term(&n.clone().into())),
                GraphName::BlankNode(b) => Some(sophia_term(&b.clone().into())),
                GraphName::DefaultGraph => None,
            };
            (
                [
                    sophia_term(&subject_term(&q.subject)),
                    sophia_term(&q.predicate.clone().into()),
                    sophia_term(&q.object),
                ],
                graph,
            )
        })
        .collect()
}

/// The triples of Oxigraph quads, graph names dropped, duplicates removed.
pub fn sophia_triples(quads: &[Quad]) -> Vec<SophiaTriple> {
    let mut triples: Vec<SophiaTriple> = sophia_quads(quads).into_iter().map(|(t, _)| t).collect();
    triples.sort_by_cached_key(|t| format!("{t:?}"));
    triples.dedup();
    triples
}

/// The number of cases of a property test: `PROPTEST_CASES` when set (for a longer campaign),
/// else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
