//! `kyoto-kg generate`: synthetic data of the real shape that the real loader accepts, about
//! the requested number of triples, byte-identical for the same scale (issue 7).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::project_dir;
use support::run::{Run, kyoto, kyoto_in};

fn generate(scale: &str, out: &Path) {
    kyoto(&["generate", "--scale", scale, "--out", out.to_str().unwrap()]).ok();
}

/// A temporary directory with `kyoto-kg generate --scale SCALE` output in its `data/`.
fn generated(scale: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data");
    generate(scale, &out);
    (dir, out)
}

/// `kyoto-kg --data DATA query --format csv ARGS` (a query, or `--name NAME`), run in the
/// project folder.
fn query_csv(data: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--data", data.to_str().unwrap(), "query", "--format", "csv"];
    all.extend_from_slice(args);
    kyoto(&all)
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The sessions of the generated files, read with a plain TOML parser: (year, number, topics).
fn sessions(dir: &Path) -> Vec<(i64, i64, usize)> {
    let mut out = Vec::new();
    for (name, bytes) in files(dir) {
        if !name.ends_with(".toml") {
            continue;
        }
        let doc: toml::Table = toml::from_str(std::str::from_utf8(&bytes).unwrap()).unwrap();
        for session in doc
            .get("session")
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            out.push((
                session["year"].as_integer().unwrap(),
                session["number"].as_integer().unwrap(),
                session
                    .get("topic")
                    .and_then(|t| t.as_array())
                    .map_or(0, Vec::len),
            ));
        }
    }
    out.sort();
    out
}

fn total_quads(build_output: &str) -> u64 {
    let line = build_output
        .lines()
        .find(|l| l.starts_with("Total: "))
        .unwrap_or_else(|| panic!("no total in\n{build_output}"));
    line["Total: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn generated_data_builds_to_about_the_requested_number_of_triples() {
    let dir = tempfile::tempdir().unwrap();
    for (scale, n) in [("5000", 5_000), ("1e4", 10_000), ("50k", 50_000)] {
        let out = dir.path().join(scale);
        generate(scale, &out);
        let run = kyoto(&["--data", out.to_str().unwrap(), "build"]);
        let total = total_quads(&run.ok());
        assert!(
            total.abs_diff(n) * 100 <= n * 5,
            "scale {scale}: built {total} quads, not within 5% of {n}\n{}",
            run.transcript()
        );
    }
}

#[test]
fn the_same_scale_gives_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    generate("2e4", &dir.path().join("a"));
    generate("2e4", &dir.path().join("b"));
    let (a, b) = (files(&dir.path().join("a")), files(&dir.path().join("b")));
    assert!(a.len() > 2, "{:?}", a.keys());
    assert_eq!(a, b);
}

#[test]
fn generated_sessions_answer_the_named_queries_as_the_files_say() {
    let (_dir, out) = generated("1e4");
    let expected = sessions(&out);

    let run = query_csv(
        &out,
        &["SELECT (COUNT(*) AS ?n) WHERE { ?s a kyoto:ThematicSession }"],
    );
    assert_eq!(
        run.ok().lines().nth(1),
        Some(expected.len().to_string().as_str()),
        "{}",
        run.transcript()
    );

    let without: usize = expected.iter().filter(|s| s.2 == 0).count();
    assert!(without > 0, "some sessions have no topics, as in 2024");
    let run = query_csv(&out, &["--name", "sessions-without-topics"]);
    assert_eq!(
        run.ok().lines().count() - 1,
        without,
        "{}",
        run.transcript()
    );

    let run = query_csv(&out, &["--name", "sessions-per-year"]);
    let out = run.ok();
    let mut per_year: BTreeMap<i64, (usize, usize)> = BTreeMap::new();
    for (year, _, topics) in &expected {
        let entry = per_year.entry(*year).or_default();
        entry.0 += 1;
        entry.1 += topics;
    }
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), per_year.len(), "{}", run.transcript());
    for row in rows {
        let year: i64 = row[0].parse().unwrap();
        let (sessions, topics) = per_year[&year];
        assert_eq!(row[2], sessions.to_string(), "sessions of {year}");
        assert_eq!(row[3], topics.to_string(), "topics of {year}");
    }
}

#[test]
fn generated_sdg_links_are_in_the_graph_with_their_mapping_records() {
    let (_dir, out) = generated("2e4");
    let mut links = 0;
    for (name, bytes) in files(&out) {
        if name.ends_with(".toml") {
            let doc: toml::Table = toml::from_str(std::str::from_utf8(&bytes).unwrap()).unwrap();
            links += doc
                .get("sdg_link")
                .and_then(|l| l.as_array())
                .map_or(0, Vec::len);
        }
    }
    assert!(links > 0, "the plan has SDG links");
    let run = query_csv(
        &out,
        &[
            "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?topic a kyoto:Topic ; skos:relatedMatch ?target . \
         ?m a kyoto:EditorialMapping ; owl:annotatedSource ?topic ; owl:annotatedTarget ?target . \
         ?target skos:notation ?notation }",
        ],
    );
    assert_eq!(
        run.ok().lines().nth(1),
        Some(links.to_string().as_str()),
        "every link resolves to a target of the snapshot, with its record\n{}",
        run.transcript()
    );
}

#[test]
fn every_generated_record_says_it_is_synthetic() {
    let (_dir, out) = generated("5000");
    let run = query_csv(
        &out,
        &[
            "SELECT ?record WHERE { ?record prov:wasDerivedFrom ?source . \
         ?source dct:title ?title FILTER(!CONTAINS(LCASE(?title), 'synthetic')) }",
        ],
    );
    assert_eq!(run.ok().lines().count(), 1, "{}", run.transcript());
}

#[test]
fn generate_refuses_to_replace_a_directory_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let precious = dir.path().join("sessions.toml");
    std::fs::write(&precious, "# my curated data\n").unwrap();
    let run = kyoto(&[
        "generate",
        "--scale",
        "5000",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["was not written by `kyoto-kg generate`"]);
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap(),
        "# my curated data\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn generate_replaces_its_own_earlier_output_completely() {
    let (dir, out) = generated("1e5");
    let big = files(&out);
    generate("5000", &out);
    let small = files(&out);
    assert!(small.len() < big.len(), "{:?}", small.keys());
    let elsewhere = tempfile::tempdir().unwrap();
    generate("5000", &elsewhere.path().join("data"));
    assert_eq!(small, files(&elsewhere.path().join("data")));
    let siblings: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(siblings, ["data"], "no staging directory is left behind");
}

#[test]
fn scales_out_of_range_or_unreadable_are_refused_with_the_valid_forms() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data");
    let out = out.to_str().unwrap();
    let run = kyoto_in(&project_dir(), &["generate", "--scale", "10", "--out", out]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["from 5000 to 100000000"]);
    let run = kyoto(&["generate", "--scale", "lots", "--out", out]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["1e5"]);
    assert!(!dir.path().join("data").exists(), "nothing is written");
}
