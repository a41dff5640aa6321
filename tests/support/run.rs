//! Running the real `kyoto-kg` binary (with a transcript for failure messages), the rows of a
//! SELECT query, and copies of the shipped `data/`.

use super::project_dir;
use std::path::Path;
use std::process::{Command, Output};

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

    /// Asserts that stdout contains each of `needles`, with the transcript on failure.
    pub fn stdout_has(&self, needles: &[&str]) {
        self.has("stdout", &self.stdout(), needles);
    }

    /// Asserts that stderr contains each of `needles`, with the transcript on failure.
    pub fn stderr_has(&self, needles: &[&str]) {
        self.has("stderr", &self.stderr(), needles);
    }

    fn has(&self, stream: &str, text: &str, needles: &[&str]) {
        for needle in needles {
            assert!(
                text.contains(needle),
                "{needle:?} not in {stream}\n{}",
                self.transcript()
            );
        }
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

/// The ids of the entities a `kyoto-kg diff --format json` report lists, in its order.
pub fn entity_ids(report: &serde_json::Value) -> Vec<&str> {
    report["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
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
