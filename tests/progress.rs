//! Feedback on long work (issue 7): a progress bar on a terminal, none in pipes, and a one-line
//! summary with triples, seconds and triples per second at the end.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod common;

use common::{kyoto, project_dir};
use std::process::Command;

/// The summary lines of `stderr` that start with `what: `.
fn summaries<'a>(stderr: &'a str, what: &str) -> Vec<&'a str> {
    stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{what}: ")))
        .collect()
}

/// Checks `line` reads `<what>: N triples in S s (R triples/s)...` with N = `triples`.
fn assert_summary(line: &str, what: &str, triples: u64) {
    let rest = line
        .strip_prefix(&format!("{what}: "))
        .unwrap_or_else(|| panic!("{line}"));
    let rest = rest.strip_prefix("about ").unwrap_or(rest);
    let (count, rest) = rest
        .split_once(" triples in ")
        .unwrap_or_else(|| panic!("{line}"));
    assert_eq!(
        count.replace(',', "").parse::<u64>().unwrap(),
        triples,
        "{line}"
    );
    let (seconds, rest) = rest.split_once(" s (").unwrap_or_else(|| panic!("{line}"));
    assert!(seconds.parse::<f64>().unwrap() >= 0.0, "{line}");
    assert!(
        rest.contains(" triples/s)") || rest.starts_with("too fast to measure)"),
        "{line}"
    );
}

#[test]
fn in_a_pipe_build_and_export_print_only_a_summary_line_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kyoto.nt");
    let build = kyoto(&["build"]);
    let stdout = build.ok();
    let total: u64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Total: "))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    let stderr = build.stderr();
    assert_eq!(stderr.lines().count(), 1, "{}", build.transcript());
    assert_summary(summaries(&stderr, "build")[0], "build", total);

    let export = kyoto(&[
        "export",
        "--format",
        "ntriples",
        "--output",
        out.to_str().unwrap(),
    ]);
    export.ok();
    let lines = std::fs::read_to_string(&out).unwrap().lines().count() as u64;
    let stderr = export.stderr();
    assert_eq!(stderr.lines().count(), 1, "{}", export.transcript());
    assert_summary(summaries(&stderr, "export")[0], "export", lines);
    assert!(stderr.contains("MB/s"), "{}", export.transcript());
    for text in [build.stderr(), export.stderr()] {
        assert!(
            !text.contains('\r') && !text.contains('\u{1b}'),
            "no bar or escape codes in a pipe: {text:?}"
        );
    }
}

#[test]
fn exporting_to_standard_output_keeps_the_summary_off_stdout() {
    let run = kyoto(&["export", "--format", "ntriples"]);
    let stdout = run.ok();
    assert!(
        stdout.lines().all(|l| l.ends_with(" .")),
        "{}",
        run.transcript()
    );
    assert_summary(
        summaries(&run.stderr(), "export")[0],
        "export",
        stdout.lines().count() as u64,
    );
}

/// `script` (util-linux) runs a command on a pseudo-terminal and copies what it drew.
#[test]
fn on_a_terminal_build_draws_progress_then_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    kyoto(&[
        "generate",
        "--scale",
        "3e4",
        "--out",
        data.to_str().unwrap(),
    ])
    .ok();
    let command = format!(
        "{} --data {} build",
        env!("CARGO_BIN_EXE_kyoto-kg"),
        data.display()
    );
    let typescript = dir.path().join("typescript");
    let output = Command::new("script")
        .args(["-qec", &command, typescript.to_str().unwrap()])
        .current_dir(project_dir())
        .output()
        .expect("`script` (util-linux) runs");
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{screen}");
    assert!(
        screen.contains("reading ") && screen.contains('\r'),
        "a progress line was drawn and redrawn: {screen:?}"
    );
    assert!(
        screen.contains("validating the ontology and the SDG snapshot"),
        "the validation says what it validates: {screen:?}"
    );
    let summary = screen
        .lines()
        .map(|l| l.rsplit('\r').find(|s| !s.is_empty()).unwrap_or(l))
        .map(|l| l.trim_start_matches("\u{1b}[2K"))
        .find(|l| l.starts_with("build: "))
        .unwrap_or_else(|| panic!("no summary in {screen:?}"));
    assert!(summary.contains(" triples/s)"), "{summary:?}");
}
