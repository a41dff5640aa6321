//! Feedback on long work (issue 7): a progress bar on a terminal, none in pipes, and a one-line
//! summary with triples, seconds and triples per second at the end.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::process::Command;
use support::project_dir;
use support::run::kyoto;

/// The summary lines of `stderr` that start with `what: `.
fn summaries<'a>(stderr: &'a str, what: &str) -> Vec<&'a str> {
    stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{what}: ")))
        .collect()
}

/// Checks `line` reads `<what>: N triples in S s (R triples/s)[; DETAIL]` with N = `triples`,
/// S a duration with two decimals, and R the rate N / S that S, rounded, can stand for; returns
/// DETAIL.
fn assert_summary<'a>(line: &'a str, what: &str, triples: u64) -> &'a str {
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
    let (whole, decimals) = seconds.split_once('.').unwrap_or_else(|| panic!("{line}"));
    assert!(
        !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && decimals.len() == 2
            && decimals.bytes().all(|b| b.is_ascii_digit()),
        "seconds with two decimals: {line}"
    );
    let seconds: f64 = seconds.parse().unwrap();
    let (rate, detail) = rest.split_once(')').unwrap_or_else(|| panic!("{line}"));
    if rate == "too fast to measure" {
        assert!(seconds == 0.0, "only a zero duration has no rate: {line}");
    } else {
        let rate: f64 = rate
            .strip_suffix(" triples/s")
            .unwrap_or_else(|| panic!("{line}"))
            .replace(',', "")
            .parse()
            .unwrap_or_else(|_| panic!("{line}"));
        // The printed seconds are rounded to 0.005 s either way; the rate is rounded to 1.
        #[expect(clippy::cast_precision_loss, reason = "a count of triples in a test")]
        let triples = triples as f64;
        let fastest = if seconds > 0.005 {
            triples / (seconds - 0.005)
        } else {
            f64::INFINITY
        };
        let slowest = triples / (seconds + 0.005);
        assert!(
            rate >= slowest - 1.0 && rate <= fastest + 1.0,
            "the rate is the triples over the seconds: {line}"
        );
    }
    detail.strip_prefix("; ").unwrap_or(detail)
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
    assert_eq!(
        assert_summary(summaries(&stderr, "build")[0], "build", total),
        "in memory",
        "{}",
        build.transcript()
    );

    let export = kyoto(&[
        "export",
        "--format",
        "ntriples",
        "--output",
        out.to_str().unwrap(),
    ]);
    export.ok();
    let written = std::fs::read_to_string(&out).unwrap();
    let lines = written.lines().count() as u64;
    // What build counted is what export wrote: one N-Triples line per triple.
    assert_eq!(total, lines, "{}", build.transcript());
    let stderr = export.stderr();
    assert_eq!(stderr.lines().count(), 1, "{}", export.transcript());
    let detail = assert_summary(summaries(&stderr, "export")[0], "export", lines);
    #[expect(clippy::cast_precision_loss, reason = "a file size in a test")]
    let megabytes = written.len() as f64 / 1e6;
    assert!(
        detail.starts_with(&format!(
            "{megabytes:.1} MB of ntriples to {} (",
            out.display()
        )) && detail.ends_with(" MB/s)"),
        "the size of the file written and where: {detail}"
    );
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
        !stdout.is_empty() && stdout.lines().all(|l| l.ends_with(" .")),
        "{}",
        run.transcript()
    );
    let stderr = run.stderr();
    let detail = assert_summary(
        summaries(&stderr, "export")[0],
        "export",
        stdout.lines().count() as u64,
    );
    assert!(
        detail.contains(" MB of ntriples to standard output ("),
        "{}",
        run.transcript()
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
    let total: u64 = screen
        .lines()
        .find_map(|l| l.trim_start_matches("\u{1b}[2K").strip_prefix("Total: "))
        .and_then(|l| l.split(' ').next())
        .unwrap_or_else(|| panic!("no total in {screen:?}"))
        .parse()
        .unwrap();
    assert!(total > 0, "{screen:?}");
    assert_summary(summary.trim_end(), "build", total);
}
