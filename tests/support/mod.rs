//! The shared helpers of the integration tests; each test crate includes them with `mod support;`.
//!
//! - [`run`]: runs the real binary (with a transcript for failure messages), the rows of a
//!   SELECT query, copies of the shipped `data/`;
//! - [`rdf`]: the store built from the shipped data, and an oxrdf-to-sophia term adapter;
//! - [`sdg`]: the curated SDG links and the topics of each pillar, read from the TOML of `data/`;
//! - [`server`]: the real `kyoto-kg serve` on an ephemeral loopback port, and an HTTP client;
//! - [`triplestore`]: real triplestores (Oxigraph, Virtuoso) on loopback for the push tests;
//! - [`mock_gsp`]: a scripted Graph Store Protocol server that records requests;
//! - [`ci_python`]: the Python of the CI venv, for the clients users run.
//!
//! The Python scripts some tests run (`*.py`) live beside these files, in `tests/support/`.

#![allow(
    dead_code,
    reason = "each test crate uses a different subset of these helpers"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

pub mod ci_python;
pub mod mock_gsp;
pub mod rdf;
pub mod run;
pub mod sdg;
pub mod server;
pub mod triplestore;

use std::net::TcpListener;
use std::path::PathBuf;

/// The project folder (where `data/`, `queries/`, `ontology/`, `tests/fixtures/` live).
pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The number of cases of a property test: `PROPTEST_CASES` when set (for a longer campaign),
/// else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A free TCP port on loopback (free when asked; a server started on it soon after gets it).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The number (1 to 12) of an English month name.
pub fn month_number(name: &str) -> u32 {
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let index = months.iter().position(|m| *m == name).unwrap();
    u32::try_from(index).unwrap() + 1
}

/// The ISO dates of the thematic sessions, read from the UN listing
/// (`tests/fixtures/un-listing.txt`), independently of `data/`.
pub fn listed_session_dates() -> Vec<String> {
    let text =
        std::fs::read_to_string(project_dir().join("tests/fixtures/un-listing.txt")).unwrap();
    let mut dates: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("Thematic session "))
        .map(|line| {
            let open = line.rfind('(').unwrap();
            let close = line.rfind(')').unwrap();
            let parts: Vec<&str> = line[open + 1..close].split_whitespace().collect();
            let month = month_number(parts[1]);
            let day: u32 = parts[0].parse().unwrap();
            format!("{}-{month:02}-{day:02}", parts[2])
        })
        .collect();
    dates.sort();
    dates
}
