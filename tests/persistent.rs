//! `--store DIR`: a persistent store through Oxigraph's RocksDB backend (cargo feature `rocksdb`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::path::Path;
#[cfg(feature = "rocksdb")]
use std::path::PathBuf;
use support::project_dir;
use support::run::{Run, kyoto_in};
#[cfg(feature = "rocksdb")]
use support::run::{data_copy, entity_ids};
#[cfg(feature = "rocksdb")]
use support::sdg::LINK_OUTSIDE_SDG;

/// `kyoto-kg [--data DATA] build --store STORE OPTIONS`, run in the project folder.
fn build_store(data: Option<&Path>, store: impl AsRef<Path>, options: &[&str]) -> Run {
    let mut args = Vec::new();
    if let Some(data) = data {
        args.extend(["--data", data.to_str().unwrap()]);
    }
    args.extend(["build", "--store", store.as_ref().to_str().unwrap()]);
    args.extend_from_slice(options);
    kyoto_in(&project_dir(), &args)
}

/// `DIR/store`, built from the shipped data.
#[cfg(feature = "rocksdb")]
fn built_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    build_store(None, &store, &[]).ok();
    store
}

/// Asserts that `dir` holds only the store: no staging directory is left behind.
#[cfg(feature = "rocksdb")]
fn assert_only_the_store_in(dir: &Path, why: &str) {
    assert_eq!(entries(dir), ["store"], "{why}");
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_built_store_answers_queries_without_the_source_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    let store = store.to_str().unwrap();
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
fn a_rebuild_that_violates_the_shapes_is_refused_and_the_previous_store_stays() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = built_store(dir.path());
    let store = store_path.to_str().unwrap();

    // An SDG link outside the UN's SDG namespace violates the SDG link shape.
    let extra = dir.path().join("links.nt");
    std::fs::write(&extra, LINK_OUTSIDE_SDG).unwrap();
    let run = build_store(None, store, &["--load", extra.to_str().unwrap()]);
    assert_eq!(run.code(), Some(1), "{}", run.transcript());
    run.stderr_has(&["nothing was built"]);
    let run = query_csv(store, "ASK { ?s ?p <http://example.org/goal/16> }");
    assert_eq!(run.ok().trim(), "false", "{}", run.transcript());
    std::fs::remove_file(&extra).unwrap();
    assert_only_the_store_in(dir.path(), "no staging directory is left behind");
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_failed_rebuild_leaves_the_previous_store_intact() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = built_store(dir.path());
    let store = store_path.to_str().unwrap();

    let bad = data_copy();
    let path = bad.path().join("sessions.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("pillar = 2", "pillar = 9", 1)).unwrap();
    let run = build_store(Some(bad.path()), store, &[]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());

    let run = query_csv(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kyoto:Topic }");
    assert_eq!(run.ok().lines().nth(1), Some("18"), "{}", run.transcript());
    assert_only_the_store_in(dir.path(), "no staging directory is left behind");
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_rebuild_replaces_the_store_with_the_new_data() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = built_store(dir.path());
    let store = store_path.to_str().unwrap();
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
    build_store(Some(changed.path()), store, &[]).ok();
    let run = query_csv(
        store,
        "SELECT ?l WHERE { topic:access-to-legal-aid skos:prefLabel ?l }",
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
    let run = build_store(None, &store, &[]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["--features rocksdb"]);
    assert!(!store.exists(), "nothing is created");
}

// --- Robustness while a store is being written (issue 7) ----------------------------------

/// `kyoto-kg query --store STORE --format csv SPARQL`, run in the project directory.
#[cfg(feature = "rocksdb")]
fn query_csv(store: impl AsRef<Path>, sparql: &str) -> Run {
    kyoto_in(
        &project_dir(),
        &[
            "query",
            "--store",
            store.as_ref().to_str().unwrap(),
            "--format",
            "csv",
            sparql,
        ],
    )
}

/// The names in `dir`: a build must leave only the store there.
#[cfg(feature = "rocksdb")]
fn entries(dir: &std::path::Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect()
}

/// A build of `store` that blocks on reading a FIFO given to `--load`, so that tests can act
/// while it is midway, with no timing involved: it cannot finish before the FIFO is closed.
#[cfg(feature = "rocksdb")]
struct BlockedBuild {
    child: std::process::Child,
    fifo: std::path::PathBuf,
    staging: std::path::PathBuf,
    _fifo_dir: tempfile::TempDir,
}

#[cfg(feature = "rocksdb")]
impl BlockedBuild {
    fn start(store: &std::path::Path) -> Self {
        let fifo_dir = tempfile::tempdir().unwrap();
        let fifo = fifo_dir.path().join("extra.nt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo works");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_kyoto-kg"))
            .args(["build", "--store", store.to_str().unwrap(), "--load"])
            .arg(format!("{}=https://example.org/extra", fifo.display()))
            .current_dir(project_dir())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let name = store.file_name().unwrap().to_str().unwrap();
        // The staging directory is `.NAME.kyoto-kg-PID-RANDOM.new` (kyoto_kg::files).
        let prefix = format!(".{name}.kyoto-kg-{}-", child.id());
        let mut build = Self {
            child,
            fifo,
            staging: store.with_file_name(format!("{prefix}(not yet created).new")),
            _fifo_dir: fifo_dir,
        };
        // Wait (bounded) until the build is midway: its staging directory exists.
        for _ in 0..1200 {
            let staging = std::fs::read_dir(store.parent().unwrap())
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| {
                    let n = p.file_name().unwrap().to_string_lossy();
                    n.starts_with(&prefix) && n.ends_with(".new")
                });
            if let Some(staging) = staging.filter(|p| p.is_dir()) {
                build.staging = staging;
                return build;
            }
            if let Some(status) = build.child.try_wait().unwrap() {
                panic!("the build ended early with {status}");
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        build.child.kill().unwrap();
        panic!("the build never created {}", build.staging.display());
    }

    /// Lets the build finish, with one extra triple, and returns its exit status.
    fn finish(mut self) -> std::process::ExitStatus {
        std::fs::write(
            &self.fifo,
            "<https://example.org/s> <https://example.org/p> \"extra\" .\n",
        )
        .unwrap();
        self.child.wait().unwrap()
    }
}

#[cfg(feature = "rocksdb")]
fn count_sessions(store: &Path) -> Run {
    query_csv(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a kyoto:ThematicSession }",
    )
}

#[cfg(feature = "rocksdb")]
#[test]
fn while_a_store_is_rebuilt_readers_use_the_old_one_and_a_second_build_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());

    let build = BlockedBuild::start(&store);
    let run = count_sessions(&store);
    assert_eq!(run.ok().lines().nth(1), Some("11"), "{}", run.transcript());
    let second = build_store(None, &store, &[]);
    assert_eq!(second.code(), Some(2), "{}", second.transcript());
    assert!(
        second
            .stderr()
            .contains("is being built by another kyoto-kg process"),
        "{}",
        second.transcript()
    );

    assert!(build.finish().success());
    let run = query_csv(
        store,
        "SELECT ?o WHERE { GRAPH <https://example.org/extra> { ?s ?p ?o } }",
    );
    assert_eq!(
        run.ok().lines().nth(1),
        Some("extra"),
        "{}",
        run.transcript()
    );
    assert_only_the_store_in(dir.path(), "no staging directory is left behind");
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_killed_build_leaves_the_previous_store_readable_and_the_next_build_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());

    let mut build = BlockedBuild::start(&store);
    build.child.kill().unwrap();
    build.child.wait().unwrap();
    assert!(
        build.staging.is_dir(),
        "a killed build leaves its staging behind"
    );
    let run = count_sessions(&store);
    assert_eq!(run.ok().lines().nth(1), Some("11"), "{}", run.transcript());

    build_store(None, &store, &[]).ok();
    assert_only_the_store_in(dir.path(), "the next build removed the leftover");
    let run = count_sessions(&store);
    assert_eq!(run.ok().lines().nth(1), Some("11"), "{}", run.transcript());
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_store_whose_first_build_is_running_is_reported_as_empty_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let build = BlockedBuild::start(&store);
    let run = count_sessions(&store);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["first build is still running"]);
    assert!(build.finish().success());
    let run = count_sessions(&store);
    assert_eq!(run.ok().lines().nth(1), Some("11"), "{}", run.transcript());
}

#[cfg(feature = "rocksdb")]
#[test]
fn build_refuses_to_replace_a_directory_that_is_not_a_store() {
    let data = data_copy();
    let run = build_store(None, data.path(), &[]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["is not a kyoto-kg store"]);
    assert!(
        data.path().join("sessions.toml").is_file(),
        "the data is untouched"
    );
    let run = count_sessions(data.path());
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["is not a kyoto-kg store"]);
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_store_is_compacted_when_asked_and_holds_the_same_graph_either_way() {
    let dir = tempfile::tempdir().unwrap();
    let compacted = dir.path().join("compacted");
    let as_loaded = dir.path().join("as-loaded");
    let by_default = dir.path().join("default");
    build_store(None, &compacted, &["--compact"]).ok();
    build_store(None, &by_default, &[]).ok();
    build_store(None, &as_loaded, &["--no-compact"]).ok();

    let export = |store: &std::path::Path| {
        kyoto_in(
            dir.path(),
            &[
                "export",
                "--store",
                store.to_str().unwrap(),
                "--format",
                "nquads",
            ],
        )
        .ok()
        .to_owned()
    };
    let quads = export(&compacted);
    assert!(
        quads.contains("<https://w3id.org/kyoto-kg/id/declaration/kyoto>"),
        "{quads}"
    );
    assert_eq!(quads, export(&as_loaded), "compacting changed the graph");

    // The bulk loader writes one batch of sorted files per core; compacting merges them.
    let sst_files = |store: &std::path::Path| {
        std::fs::read_dir(store)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().ends_with(".sst")
            })
            .count()
    };
    let (merged, loaded) = (sst_files(&compacted), sst_files(&as_loaded));
    assert!(merged > 0, "no table files in {}", compacted.display());
    // The shipped data is far below one batch (10^6 quads) per core: by default its store is
    // left as loaded, as `oxigraph load` leaves one.
    assert_eq!(
        sst_files(&by_default),
        loaded,
        "the default compacted a small store"
    );
    assert_eq!(quads, export(&by_default));
    if std::thread::available_parallelism().map_or(1, std::num::NonZero::get) > 1 {
        assert!(
            merged < loaded,
            "{merged} files compacted, {loaded} as loaded"
        );
    } else {
        assert!(
            merged <= loaded,
            "{merged} files compacted, {loaded} as loaded"
        );
    }
}

#[test]
fn compact_and_no_compact_exclude_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let run = build_store(None, &store, &["--compact", "--no-compact"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["cannot be used with"]);
    assert!(!store.exists(), "{}", run.transcript());
}

#[test]
fn no_compact_without_a_store_is_refused_with_a_hint() {
    let run = kyoto_in(&project_dir(), &["build", "--no-compact"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["--store"]);
}

// --- diff reads a persistent store (issue 17) -------------------------------------------------

#[cfg(feature = "rocksdb")]
#[test]
fn diff_compares_a_persistent_store_with_the_data_it_was_built_from_issue_17() {
    let data = data_copy();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let data_dir = data.path().to_str().unwrap();
    kyoto_in(data.path(), &["--data", ".", "build", "--store", store]).ok();
    let same = kyoto_in(dir.path(), &["diff", store, data_dir]);
    assert_eq!(same.code(), Some(0), "{}", same.transcript());
    let path = data.path().join("sessions.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let relabelled = text.replacen(
        "label = \"Addressing the economic dimension of crime\"",
        "label = \"Addressing the economic dimensions of crime\"",
        1,
    );
    assert_ne!(text, relabelled);
    std::fs::write(&path, relabelled).unwrap();
    let changed = kyoto_in(dir.path(), &["diff", "--format", "json", store, data_dir]);
    assert_eq!(changed.code(), Some(1), "{}", changed.transcript());
    let report: serde_json::Value = serde_json::from_str(&changed.stdout()).unwrap();
    assert_eq!(report["old"]["kind"], "store");
    let ids = entity_ids(&report);
    assert_eq!(ids, ["topic:addressing-the-economic-dimension-of-crime"]);
}

#[cfg(not(feature = "rocksdb"))]
#[test]
fn without_the_rocksdb_feature_diff_of_a_store_says_how_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    std::fs::create_dir(&store).unwrap();
    // What RocksDB keeps in every database directory.
    std::fs::write(store.join("CURRENT"), "MANIFEST-000001\n").unwrap();
    let run = kyoto_in(&project_dir(), &["diff", store.to_str().unwrap(), "data"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["--features rocksdb"]);
}
