//! JSON-LD processors work offline (issue 16, part 5): a JSON-LD export that refers to its
//! context by IRI (`--context-url https://w3id.org/kyoto-kg/context.jsonld`) is read by
//! jsonld.js with the document loader that docs/publish.md shows, the context coming from the
//! release's own `context.jsonld`, and gives every quad of the N-Quads export.
//!
//! Needs Node and `npm ci --prefix tests/browser` (`.ci/run` does both); skips, saying why, when
//! there is no Node.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::collections::BTreeSet;
use std::process::Command;
use support::project_dir;
use support::run::kyoto;

#[test]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn a_json_ld_export_that_refers_to_the_w3id_context_reads_offline_with_the_released_context() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipped: no node (the jsonld.js check needs Node 18 or later)");
        return;
    }
    let scripts = project_dir().join("tests/browser");
    assert!(
        scripts.join("node_modules/jsonld").is_dir(),
        "the check needs its packages: run `npm ci --prefix tests/browser` (.ci/run does)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let release = tmp.path().join("release");
    kyoto(&["release", "--out", release.to_str().unwrap()]).ok();
    let document = tmp.path().join("kyoto.jsonld");
    kyoto(&[
        "export",
        "--format",
        "jsonld",
        "--context-url",
        "https://w3id.org/kyoto-kg/context.jsonld",
        "-o",
        document.to_str().unwrap(),
    ])
    .ok();
    let text = std::fs::read_to_string(&document).unwrap();
    assert!(
        text.contains(r#""@context": "https://w3id.org/kyoto-kg/context.jsonld""#),
        "the export refers to the context by IRI"
    );
    let output = Command::new("node")
        .current_dir(&scripts)
        .arg("jsonld-offline.mjs")
        .arg(&document)
        .arg(release.join("context.jsonld"))
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "jsonld.js failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let from_jsonld: BTreeSet<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let nquads = kyoto(&["export", "--format", "nquads"]).ok();
    let expected: BTreeSet<String> = nquads
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    assert_eq!(
        from_jsonld.len(),
        expected.len(),
        "as many quads as the N-Quads export"
    );
    // The same quads; only the lexical form of doubles differs (JSON-LD writes `7.0E-1` for the
    // `0.7` of the source).
    let double = "^^<http://www.w3.org/2001/XMLSchema#double> ";
    let exact = |quads: &BTreeSet<String>| -> BTreeSet<String> {
        quads
            .iter()
            .filter(|q| !q.contains(double))
            .cloned()
            .collect()
    };
    assert_eq!(exact(&from_jsonld), exact(&expected));
    assert!(exact(&expected).len() > 1500, "{}", exact(&expected).len());
}
