//! The arguments of the commands that publish: `diff`, `release`, `push` and `site`.

use super::*;

/// The output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Grouped, readable text (coloured on a terminal).
    Text,
    /// The stable JSON schema of docs/diff.md.
    Json,
    /// Markdown, for release notes.
    Markdown,
    /// A SPARQL 1.1 Update that turns OLD into NEW.
    Sparql,
}

/// When `diff` colours its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColourChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older state: a release directory, data directory, .nq/.trig file, store or git:REV.
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The newer state, as OLD.
    #[arg(value_name = "NEW")]
    pub new: String,

    /// The output format.
    #[arg(long, short, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// When to colour the text format.
    #[arg(long, value_enum, default_value_t = ColourChoice::Auto)]
    pub color: ColourChoice,
}

/// Arguments of `release`.
#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// The directory to write the release to.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The version written in the description (default: this kyoto-kg's version).
    #[arg(long, value_name = "VERSION")]
    pub release_version: Option<String>,

    /// The issued date, YYYY-MM-DD (default: the latest date in the data).
    #[arg(long, value_name = "DATE")]
    pub issued: Option<chrono::NaiveDate>,

    /// The URL the files will be downloadable under, for the description's links; `{version}`
    /// is replaced by the version.
    #[arg(
        long,
        value_name = "URL",
        default_value = crate::export::release::DEFAULT_BASE_URL
    )]
    pub base_url: String,

    /// The previous release (its directory): write CHANGES.md, changes.json and changes.ru (the
    /// SPARQL Update from it to this one), link the description to it (DCAT 3
    /// dcat:previousVersion) and, without --release-version, take the version the version rule
    /// proposes.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,

    /// Release --release-version even when it is lower than the version rule proposes.
    #[arg(long, requires = "previous")]
    pub force_version: bool,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Arguments of `push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The SPARQL 1.1 Graph Store Protocol endpoint of the target store.
    #[arg(
        long,
        value_name = "URL",
        required_unless_present_any = ["update_endpoint", "changes"]
    )]
    pub endpoint: Option<crate::push::Url>,

    /// The SPARQL 1.1 Update endpoint, used when the store has no Graph Store Protocol.
    #[arg(long, value_name = "URL")]
    pub update_endpoint: Option<crate::push::Url>,

    /// A graph to push: data, ontology, sdg, default, or a graph IRI. Repeatable (default:
    /// every graph of the store).
    #[arg(long, value_name = "GRAPH")]
    pub graph: Vec<String>,

    /// Apply this changeset (a release's changes.ru, or `kyoto-kg diff --format sparql`) to a
    /// store that holds the previous release, as one SPARQL Update request to
    /// --update-endpoint, instead of replacing whole graphs. The data is not read.
    #[arg(
        long,
        value_name = "FILE",
        requires = "update_endpoint",
        conflicts_with_all = ["graph", "endpoint"]
    )]
    pub changes: Option<PathBuf>,

    /// User name for HTTP Basic authentication.
    #[arg(
        long,
        value_name = "USER",
        env = "KYOTO_KG_PUSH_USER",
        requires = "password"
    )]
    pub user: Option<String>,

    /// Password for HTTP Basic authentication (better given in the environment).
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "KYOTO_KG_PUSH_PASSWORD",
        hide_env_values = true,
        requires = "user"
    )]
    pub password: Option<String>,

    /// Bearer token (better given in the environment).
    #[arg(
        long,
        value_name = "TOKEN",
        env = "KYOTO_KG_PUSH_TOKEN",
        hide_env_values = true,
        conflicts_with = "user"
    )]
    pub token: Option<String>,

    /// How many times a transient failure is retried.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,

    /// Timeout of one request, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub timeout: u64,

    /// Triples per INSERT DATA request (SPARQL Update only).
    #[arg(long, value_name = "N", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: u64,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Arguments of `site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The directory to write the site to.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The path the site is served under, starting and ending with '/'.
    #[arg(long, value_name = "PATH", default_value = "/")]
    pub root: String,

    /// The address the site will be published at (e.g. https://example.org/kyoto-kg/; its path
    /// is --root), where the w3id.org redirect rules written in DIR/w3id.org/kyoto-kg/ send the
    /// graph's IRIs. Without it they point to http://localhost:8000 + --root, for trying them.
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,

    /// A directory of releases (one subdirectory per release, as `release --out` writes them):
    /// add the release history page releases/index.html, read from the releases' own
    /// descriptions (void.ttl) and change reports (changes.json).
    #[arg(long, value_name = "DIR")]
    pub releases: Option<PathBuf>,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}
