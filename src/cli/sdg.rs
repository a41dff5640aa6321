//! The arguments of `kyoto-kg sdg`: the SDG vocabulary snapshot's import and fetch.

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Arguments of `sdg`.
#[derive(Debug, Args)]
pub struct SdgArgs {
    /// What to do with the snapshot.
    #[command(subcommand)]
    pub command: SdgCommand,
}

/// The subcommands of `sdg`.
#[derive(Debug, Subcommand)]
pub enum SdgCommand {
    /// Write the snapshot from SDG KOS files (Turtle, as the UN publishes them).
    ///
    /// Keeps every goal, Goal 16 with all its targets and indicators, every concept the curated
    /// links use (with the indicators of linked targets) and their broader concepts: labels in
    /// every language, notations, broader/narrower, inScheme and the source's exactMatch links.
    /// The links are checked against the files first; the output is deterministic and replaces
    /// the old snapshot only once complete.
    Import(SdgImportArgs),
    /// Refresh the snapshot from the UN's service, by content negotiation (Turtle).
    ///
    /// Asks for each concept of the snapshot (and any the selection newly calls for, such as a
    /// new indicator of a Goal 16 target), with a timeout and retries, printing one progress
    /// line per concept to stderr. On any failure the existing snapshot stays untouched.
    Fetch(SdgFetchArgs),
}

/// Arguments of `sdg import`.
#[derive(Debug, Args)]
pub struct SdgImportArgs {
    /// SDG KOS files to read (format from the extension: .ttl, .nt, .rdf, .jsonld).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Write the snapshot to FILE instead of DATA/sdg/sdg-snapshot.ttl.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `sdg fetch`.
#[derive(Debug, Args)]
pub struct SdgFetchArgs {
    /// The address standing for http://metadata.un.org/sdg: concept .../sdg/16.3 is fetched
    /// from URL/16.3 (for a mirror or a test server).
    #[arg(long, value_name = "URL", default_value = crate::vocab::SDG_SCHEME)]
    pub from: String,

    /// Time limit of one request, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,

    /// How many times to retry a request that failed on the network or with a 5xx answer
    /// (waiting 0.5 s, then 1 s, 2 s, ...).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,

    /// Write the snapshot to FILE instead of DATA/sdg/sdg-snapshot.ttl.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
