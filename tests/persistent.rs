//! `--store DIR`: a persistent store through Oxigraph's RocksDB backend (cargo feature `rocksdb`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod common;

#[cfg(feature = "rocksdb")]
use common::data_copy;
use common::{kyoto_in, project_dir};

#[cfg(feature = "rocksdb")]
#[test]
fn a_built_store_answers_queries_without_the_source_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    kyoto_in(&project_dir(), &["build", "--store", store]).ok();
    let elsewhere = tempfile::tempdir().unwrap();
    let run = kyoto_in(
        elsewhere.path(),
        &[
            "query",
            "--store",
            store,
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a kyoto:ThematicSession }",
        ],
    );
    assert_eq!(run.ok().lines().nth(1), Some("11"), "{}", run.transcript());
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_failed_rebuild_leaves_the_previous_store_intact() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("store");
    let store = store_path.to_str().unwrap();
    kyoto_in(&project_dir(), &["build", "--store", store]).ok();

    let bad = data_copy();
    let path = bad.path().join("sessions.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("pillar = 2", "pillar = 9", 1)).unwrap();
    let run = kyoto_in(
        &project_dir(),
        &[
            "--data",
            bad.path().to_str().unwrap(),
            "build",
            "--store",
            store,
        ],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());

    let run = kyoto_in(
        &project_dir(),
        &[
            "query",
            "--store",
            store,
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a kyoto:Topic }",
        ],
    );
    assert_eq!(run.ok().lines().nth(1), Some("18"), "{}", run.transcript());
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["store"], "no staging directory is left behind");
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_rebuild_replaces_the_store_with_the_new_data() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("store");
    let store = store_path.to_str().unwrap();
    kyoto_in(&project_dir(), &["build", "--store", store]).ok();
    let changed = data_copy();
    let path = changed.path().join("sessions.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "label = \"Access to legal aid\"",
            "label = \"Access to legal aid services\"",
        ),
    )
    .unwrap();
    kyoto_in(
        &project_dir(),
        &[
            "--data",
            changed.path().to_str().unwrap(),
            "build",
            "--store",
            store,
        ],
    )
    .ok();
    let run = kyoto_in(
        &project_dir(),
        &[
            "query",
            "--store",
            store,
            "--format",
            "csv",
            "SELECT ?l WHERE { topic:access-to-legal-aid skos:prefLabel ?l }",
        ],
    );
    assert_eq!(
        run.ok().lines().nth(1),
        Some("Access to legal aid services"),
        "{}",
        run.transcript()
    );
}

#[cfg(not(feature = "rocksdb"))]
#[test]
fn without_the_rocksdb_feature_store_says_how_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let run = kyoto_in(
        &project_dir(),
        &["build", "--store", store.to_str().unwrap()],
    );
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    assert!(
        run.stderr().contains("--features rocksdb"),
        "{}",
        run.transcript()
    );
    assert!(!store.exists(), "nothing is created");
}
