//! The UI in a real browser (issue 16, part 7): `tests/browser/ui.mjs` drives Debian's headless
//! Chromium with puppeteer-core against `kyoto-kg serve` and checks that every named query runs
//! from the editor with the endpoint's row counts, that a bad query's message is shown once, that
//! results come into view, that no page scrolls sideways at 390 px, that the form works with
//! JavaScript off, and that no page logs a console error or asks anything of another server.
//!
//! Needs `chromium` (apt) and the script's packages (`npm ci --prefix tests/browser`; both
//! installed by `.ci/run`). Skips, saying why, only when there is no Chromium.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::path::PathBuf;
use std::process::Command;
use support::project_dir;
use support::server::Server;

/// The Chromium to drive: `$CHROMIUM`, else Debian's.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    path.is_file().then_some(path)
}

#[test]
#[expect(
    clippy::print_stderr,
    clippy::print_stdout,
    reason = "a skipped test says why; the browser's report is shown"
)]
fn the_ui_works_in_a_real_browser_for_every_named_query_on_a_phone_and_without_javascript() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipped: no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM)"
        );
        return;
    };
    let scripts = project_dir().join("tests/browser");
    assert!(
        scripts.join("node_modules/puppeteer-core").is_dir(),
        "the browser tests need their packages: run `npm ci --prefix tests/browser` (.ci/run does)"
    );
    let shots = tempfile::tempdir().unwrap();
    // A release of the shipped data, for the release history page.
    let releases = shots.path().join("releases");
    let release = Command::new(env!("CARGO_BIN_EXE_kyoto-kg"))
        .current_dir(project_dir())
        .args(["release", "--release-version", "0.1.0", "--out"])
        .arg(releases.join("0.1.0"))
        .output()
        .unwrap();
    assert!(release.status.success(), "{release:?}");
    let server = Server::start(&["--releases", releases.to_str().unwrap()]);
    let screenshot = shots.path().join("home.png");
    let output = Command::new("node")
        .current_dir(&scripts)
        .env("CHROMIUM", &chromium)
        .env("TMPDIR", shots.path())
        .arg("ui.mjs")
        .arg(&server.url)
        .arg("--screenshot")
        .arg(&screenshot)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}");
    assert!(
        output.status.success(),
        "the browser tests failed ({}):\n{report}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    // Every named query was run from the editor and compared with the endpoint.
    for entry in std::fs::read_dir(project_dir().join("queries")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "rq") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(
                report
                    .lines()
                    .any(|l| l.starts_with(&format!("ok {name}: "))),
                "the named query {name} was not run in the browser:\n{report}"
            );
        }
    }
    assert!(report.contains("ok /releases/ at 390 px"), "{report}");
    assert!(report.contains("ok /releases/: "), "{report}");
    assert!(report.contains(", 0 failures"), "{report}");
    let png = std::fs::read(&screenshot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
}
