//! pySHACL, an independent SHACL engine, agrees with `kyoto-kg validate --report` (issue 18):
//! on the shipped graph both find nothing, and on each example of the invalid corpus
//! (`tests/shapes/invalid/S.ttl` with `tests/shapes/base.ttl`) both report the same results
//! (and on each valid example, nothing),
//! compared as (focus node, constraint component, value).
//!
//! Needs a Python with pySHACL and `regex` (.ci/run installs them into its venv and names its
//! interpreter in `KYOTO_KG_PYSHACL_PYTHON`); without one the tests say so and skip.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::project_dir;
use support::run::kyoto;

/// The Python interpreter that has pySHACL and `regex`.
fn python() -> Option<String> {
    let usable = |python: &str| {
        Command::new(python)
            .args(["-c", "import pyshacl, regex"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if let Ok(python) = std::env::var("KYOTO_KG_PYSHACL_PYTHON") {
        assert!(
            usable(&python),
            "KYOTO_KG_PYSHACL_PYTHON={python} cannot import pyshacl and regex (pip install pyshacl==0.40.1 regex)"
        );
        return Some(python);
    }
    if usable("python3") {
        return Some("python3".to_owned());
    }
    #[expect(clippy::print_stderr, reason = "a skipped test says why")]
    {
        eprintln!(
            "skipped: no Python with pyshacl and regex (pip install pyshacl==0.40.1 regex into a venv and set KYOTO_KG_PYSHACL_PYTHON to its python, as .ci/run does)"
        );
    }
    None
}

/// The results of pySHACL and of kyoto-kg, each sorted, for one graph.
#[derive(Debug, serde::Deserialize)]
struct Compared {
    pyshacl: Vec<Vec<String>>,
    kyoto: Vec<Vec<String>>,
}

/// Validates each graph (merged from its files) with `kyoto-kg validate --report` and, in one
/// run of `tests/support/pyshacl_check.py`, with pySHACL.
fn compare(python: &str, graphs: &[Vec<PathBuf>]) -> Vec<Compared> {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for (i, files) in graphs.iter().enumerate() {
        let report = dir.path().join(format!("report-{i}.ttl"));
        let mut args = vec!["validate".to_owned()];
        args.extend(files.iter().map(|f| f.display().to_string()));
        args.extend(["--report".to_owned(), report.display().to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = kyoto(&args);
        assert!(matches!(run.code(), Some(0 | 1)), "{}", run.transcript());
        cases.push(serde_json::json!({ "report": report, "data": files }));
    }
    let spec = dir.path().join("cases.json");
    std::fs::write(&spec, serde_json::to_vec(&cases).unwrap()).unwrap();
    let output = Command::new(python)
        .arg(project_dir().join("tests/support/pyshacl_check.py"))
        .arg(project_dir().join("ontology/shapes.ttl"))
        .arg(&spec)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "pyshacl_check.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let compared: Vec<Compared> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(compared.len(), graphs.len());
    compared
}

fn examples(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
        .collect();
    out.sort();
    out
}

#[test]
fn pyshacl_and_kyoto_kg_find_nothing_in_the_shipped_graph() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("graph.nt");
    kyoto(&[
        "export",
        "--format",
        "ntriples",
        "-o",
        graph.to_str().unwrap(),
    ])
    .ok();
    let [c] = &compare(&python, &[vec![graph]])[..] else {
        panic!("one case")
    };
    assert!(c.pyshacl.is_empty(), "pySHACL: {:?}", c.pyshacl);
    assert!(c.kyoto.is_empty(), "kyoto-kg: {:?}", c.kyoto);
}

#[test]
fn pyshacl_and_kyoto_kg_agree_on_every_example_of_the_shapes_corpus() {
    let Some(python) = python() else { return };
    let base = project_dir().join("tests/shapes/base.ttl");
    let invalid = examples(&project_dir().join("tests/shapes/invalid"));
    let valid = examples(&project_dir().join("tests/shapes/valid"));
    assert!(
        invalid.len() >= 20 && valid.len() >= 20,
        "{invalid:?} {valid:?}"
    );
    let all: Vec<&PathBuf> = invalid.iter().chain(&valid).collect();
    let graphs: Vec<Vec<PathBuf>> = all
        .iter()
        .map(|example| vec![base.clone(), (*example).clone()])
        .collect();
    for (example, c) in all.iter().zip(compare(&python, &graphs)) {
        let is_invalid = example.starts_with(project_dir().join("tests/shapes/invalid"));
        assert_eq!(
            c.kyoto.is_empty(),
            !is_invalid,
            "{}: kyoto-kg {:?}",
            example.display(),
            c.kyoto
        );
        assert_eq!(c.pyshacl, c.kyoto, "{}", example.display());
    }
}
