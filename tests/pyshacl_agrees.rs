//! pySHACL, an independent SHACL engine, agrees with `kyoto-kg validate --report` (issue 18):
//! on the shipped graph both find nothing, and on each example of the invalid corpus
//! (`tests/shapes/invalid/S.ttl` with `tests/shapes/base.ttl`) both report the same results,
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

mod common;

use common::{kyoto, project_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// (pySHACL's results, kyoto-kg's results) for the graph merged from `files`.
fn both(python: &str, files: &[PathBuf]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.ttl");
    let mut args = vec!["validate".to_owned()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(["--report".to_owned(), report.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = kyoto(&args);
    assert!(matches!(run.code(), Some(0 | 1)), "{}", run.transcript());
    let output = Command::new(python)
        .arg(project_dir().join("tests/support/pyshacl_check.py"))
        .arg(project_dir().join("ontology/shapes.ttl"))
        .arg(&report)
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "pyshacl_check.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let results =
        |key: &str| -> Vec<Vec<String>> { serde_json::from_value(value[key].clone()).unwrap() };
    (results("pyshacl"), results("kyoto"))
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
    let (pyshacl, ours) = both(&python, &[graph]);
    assert!(pyshacl.is_empty(), "pySHACL: {pyshacl:?}");
    assert!(ours.is_empty(), "kyoto-kg: {ours:?}");
}

#[test]
fn pyshacl_and_kyoto_kg_report_the_same_results_on_every_invalid_example() {
    let Some(python) = python() else { return };
    let base = project_dir().join("tests/shapes/base.ttl");
    let invalid = examples(&project_dir().join("tests/shapes/invalid"));
    assert!(invalid.len() >= 20, "{invalid:?}");
    for example in invalid {
        let (pyshacl, ours) = both(&python, &[base.clone(), example.clone()]);
        assert!(
            !ours.is_empty(),
            "{}: kyoto-kg found nothing",
            example.display()
        );
        assert_eq!(pyshacl, ours, "{}", example.display());
    }
}

#[test]
fn pyshacl_and_kyoto_kg_find_nothing_in_the_valid_examples() {
    let Some(python) = python() else { return };
    let base = project_dir().join("tests/shapes/base.ttl");
    for example in examples(&project_dir().join("tests/shapes/valid")) {
        let (pyshacl, ours) = both(&python, &[base.clone(), example.clone()]);
        assert!(
            pyshacl.is_empty(),
            "{}: pySHACL {pyshacl:?}",
            example.display()
        );
        assert!(ours.is_empty(), "{}: kyoto-kg {ours:?}", example.display());
    }
}
