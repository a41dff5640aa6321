//! The command line of `kyoto-kg`: clap types only. Doc comments are the help text.

use clap::{Args, Parser, Subcommand};
use kyoto_kg::export::GraphSelection;
use kyoto_kg::generate::Scale;
use kyoto_kg::query::ResultFormat;
use kyoto_kg::serialize::Format;
use kyoto_kg::store::LoadSpec;
use std::path::PathBuf;

mod sdg;
pub use sdg::{SdgArgs, SdgCommand, SdgFetchArgs, SdgImportArgs};

/// A knowledge graph of the follow-up to the Kyoto Declaration.
///
/// kyoto-kg converts the curated facts in data/ (the Kyoto Declaration, the CCPCJ resolution,
/// the four pillars, and the thematic discussions, sessions and topics that follow it up) into
/// RDF, loads them into an embedded Oxigraph store, answers SPARQL and exports RDF files.
///
/// Start with:
///   kyoto-kg build                       # check data/ and show what the graph holds
///   kyoto-kg queries                     # the questions the named queries answer
///   kyoto-kg query --name timeline       # every session, its date, pillar and topics
///   kyoto-kg export --output kyoto.ttl   # the whole graph as Turtle
#[derive(Debug, Parser)]
#[command(
    name = "kyoto-kg",
    version,
    about,
    long_about,
    max_term_width = 100,
    verbatim_doc_comment
)]
pub struct Cli {
    /// Directory of the curated source data (*.toml).
    #[arg(long, global = true, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the source data, convert it to RDF and load it into a store; print what it holds.
    ///
    /// Without --store the store lives in memory and this is a dry run that checks the data
    /// and reports counts per graph and class. With --store DIR it writes a persistent store
    /// (needs the `rocksdb` cargo feature); a rebuild replaces the old store only once the
    /// new one is complete.
    Build(BuildArgs),
    /// Run a SPARQL query over the graph and print its results.
    ///
    /// The query sees the union of all graphs, and may use these prefixes without declaring
    /// them: kyoto, skos, schema, dct, prov, rdf, rdfs, xsd, owl, and one per kind of entity
    /// (session:, topic:, pillar:, discussion:, ...).
    ///
    /// Examples:
    ///   kyoto-kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s a kyoto:ThematicSession }'
    ///   kyoto-kg query --file my-query.rq --format csv
    ///   kyoto-kg query --name sessions-on-keyword --param keyword=prison
    #[command(verbatim_doc_comment)]
    Query(QueryArgs),
    /// List the named queries with the question each answers and its parameters.
    Queries,
    /// Write the graph as Turtle (default), N-Triples, N-Quads, TriG, RDF/XML or JSON-LD.
    ///
    /// The output is sorted and byte-identical across runs on the same data. Formats without
    /// named graphs (Turtle, N-Triples, RDF/XML) merge the selected graphs.
    ///
    /// JSON-LD is compacted with kyoto-kg's context (ontology/context.jsonld): short keys
    /// (title, startDate, pillar, topics, ...), `@type`, plain strings for IRIs and dates.
    /// --frame nests it for web developers: the declaration, its pillars, each pillar's
    /// discussions, their sessions and topics. --canonical writes RDFC-1.0 canonical N-Quads
    /// and prints their SHA-256 (in `sha256sum` format) on standard error.
    ///
    /// Examples:
    ///   kyoto-kg export --format jsonld --graph data -o kyoto.jsonld
    ///   kyoto-kg export --frame --graph data -o kyoto.framed.jsonld
    ///   kyoto-kg export --canonical -o kyoto.canonical.nq
    ///
    /// `--format sssom` writes the curated SDG links instead, as an SSSOM mapping set (a
    /// tab-separated table under a YAML metadata header), the format ontology curators use.
    Export(ExportArgs),
    /// Write a release: every format, the JSON-LD context, a VoID + DCAT description and SHA256SUMS.
    ///
    /// DIR receives the whole store (ontology and data graphs) as Turtle, N-Triples, N-Quads,
    /// TriG, RDF/XML, compacted and framed JSON-LD and canonical N-Quads, plus context.jsonld,
    /// void.ttl (triple counts per graph and class, licence, version, issued date, download
    /// links with sizes and SHA-256) and SHA256SUMS. The issued date is the latest date in the
    /// data unless --issued is given, so the same data always gives the same bytes.
    ///
    /// DIR is written beside its target and swapped in when complete; an existing release
    /// there is replaced, any other existing content is refused.
    ///
    /// With --previous OLD (an earlier release directory) the release also carries CHANGES.md,
    /// changes.json and changes.ru (what `kyoto-kg diff OLD NEW` writes as markdown, json and
    /// sparql), its description names OLD as dcat:previousVersion, and its version defaults to
    /// the one the version rule proposes (a lower --release-version is refused unless
    /// --force-version).
    ///
    /// Example:
    ///   kyoto-kg release --out dist/ && (cd dist && sha256sum -c SHA256SUMS)
    ///   kyoto-kg release --out dist/0.2.0 --previous dist/0.1.0
    Release(ReleaseArgs),
    /// Compare two states of the graph and report what changed, entity by entity.
    ///
    /// Each side is a release directory (its kyoto-kg.nq, checked against SHA256SUMS), a data
    /// directory (converted as `build` converts it), an RDF dataset file (.nq, .trig; triple
    /// formats fill the default graph), a persistent store (needs the `rocksdb` feature), or
    /// git:REV, the --data directory as it was at a git revision.
    ///
    /// Graphs are compared as graphs, blank nodes included (canonicalised with RDFC-1.0). The
    /// report lists each session, topic, pillar, discussion, declaration, resolution, source
    /// and curated SDG link added, removed, renamed or changed, with changed properties as
    /// old -> new, then the ontology and SDG snapshot changes in their own sections; each change
    /// is classified as breaking, additive or a correction (see docs/diff.md).
    ///
    /// Exit status: 0 the same dataset, 1 different, 2 error.
    ///
    /// Examples:
    ///   kyoto-kg diff dist/0.1.0 data/
    ///   kyoto-kg diff git:v0.1.0 data/ --format markdown > CHANGES.md
    ///   kyoto-kg diff old.nq new.nq --format sparql -o changes.ru
    #[command(verbatim_doc_comment)]
    Diff(DiffArgs),
    /// Replace graphs in a triplestore through the Graph Store Protocol or SPARQL Update.
    ///
    /// Each graph of the store (or each --graph) replaces the graph of the same name on the
    /// target: one HTTP PUT per graph to the SPARQL 1.1 Graph Store Protocol endpoint, the
    /// Turtle streamed from a temporary file. Stores without it take --update-endpoint:
    /// DROP SILENT GRAPH, then INSERT DATA in batches. Given both, push falls back to SPARQL
    /// Update when the store answers 404, 405 or 501 to the first PUT. Transient failures
    /// (connection errors, timeouts, 408, 429, 502, 503, 504) are retried with backoff; any
    /// other refusal stops the push with the store's message.
    ///
    /// Endpoints of common stores:
    ///   Oxigraph   --endpoint http://HOST:7878/store  --update-endpoint http://HOST:7878/update
    ///   Fuseki     --endpoint http://HOST:3030/DATASET/data  --update-endpoint .../DATASET/update
    ///   Virtuoso   --endpoint http://HOST:8890/sparql-graph-crud  --update-endpoint .../sparql
    ///   GraphDB    --endpoint http://HOST:7200/repositories/REPO/rdf-graphs/service
    ///
    /// Example:
    ///   kyoto-kg push --endpoint http://localhost:7878/store --graph data
    Push(PushArgs),
    /// Write a static linked-data site: a page per entity with its Turtle and JSON-LD.
    ///
    /// DIR receives what `kyoto-kg serve` shows, as files any static host can serve: the home
    /// page, one page per IRI of the graph (ID/index.html, so /id/session/2022-2 works as
    /// linked) with its description beside it as .ttl, .jsonld, .nt and .rdf, the ontology page,
    /// the dataset page with downloads, the stylesheet, context.jsonld and 404.html. Links are
    /// absolute under --root. DIR is written beside its target and swapped in when complete; an
    /// existing site there is replaced, any other existing content is refused.
    ///
    /// Examples:
    ///   kyoto-kg site --out public/
    ///   kyoto-kg site --out public/ --root /kyoto-kg/    # served from https://HOST/kyoto-kg/
    ///   python3 -m http.server -d public/ 8000            # look at it locally
    Site(SiteArgs),
    /// Write synthetic source data of the real shape, for scale tests and benchmarks.
    ///
    /// The files have the layout of data/ (a declaration file and one file per year with its
    /// discussion, sessions, topics and resolutions) and are accepted by the real loader, so
    /// that `kyoto-kg --data DIR build` yields about SCALE triples. The same SCALE always gives
    /// the same bytes. Every record is marked as synthetic: never mix it with data/.
    ///
    /// Examples:
    ///   kyoto-kg generate --scale 1e5 --out /tmp/kyoto-1e5
    ///   kyoto-kg --data /tmp/kyoto-1e5 build
    #[command(verbatim_doc_comment)]
    Generate(GenerateArgs),
    /// Manage the snapshot of the UN SDG vocabulary (SDG KOS) that the curated links point to.
    ///
    /// The snapshot, data/sdg/sdg-snapshot.ttl, is committed so kyoto-kg works offline; it is
    /// loaded into the named graph https://w3id.org/kyoto-kg/graph/sdg. The curated links
    /// themselves are in data/sdg-links.toml (see docs/sdg.md).
    ///
    /// Examples:
    ///   kyoto-kg sdg import tests/fixtures/sdg-kos/sdg-kos-goals-targets-indicators.ttl
    ///   kyoto-kg sdg fetch
    #[command(verbatim_doc_comment)]
    Sdg(SdgArgs),
    /// Serve the graph over HTTP: a SPARQL 1.1 endpoint, linked-data pages and a browser UI.
    ///
    /// Builds the graph from --data in memory (or opens --store), starts query worker
    /// processes, and prints the URLs it serves. Read-only: updates are refused with 403.
    /// Queries run at most --timeout (a query that overruns is stopped for real: its worker
    /// process is killed and replaced) and return at most --max-results results (a response
    /// cut short carries the header `X-Kyoto-Truncated`). Each query runs in a worker process
    /// of its own, so a crash or a runaway query never takes the server down, and a query
    /// still running after --slow-after gives way to new ones. Connections, request heads,
    /// query nesting and length, workers and their memory are all bounded; every limit has an
    /// option below. One access-log line per request goes to stderr (RUST_LOG=warn to
    /// silence it); /metrics has Prometheus metrics. Ctrl-C or SIGTERM stops the server after
    /// in-flight requests finish.
    ///
    /// Examples:
    ///   kyoto-kg serve                                  # http://127.0.0.1:7878/
    ///   kyoto-kg serve --bind 0.0.0.0:8080 --timeout 30s
    ///   RUST_LOG=kyoto_kg=debug kyoto-kg serve          # also each worker's own messages
    ///   kyoto-kg serve --load sdg.ttl=https://example.org/graph/sdg
    ///   curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' \
    ///        http://127.0.0.1:7878/sparql
    ///
    /// See docs/server.md for the endpoint, the pages, and "Running a public endpoint": every
    /// limit, a reverse-proxy example and the threats each limit answers.
    #[command(verbatim_doc_comment)]
    Serve(ServeArgs),
    /// Internal: a query worker process of `serve` (reads jobs on stdin).
    #[command(name = "__worker", hide = true)]
    Worker(WorkerArgs),
    /// Check the graph against the SHACL shapes and the quality checks
    ///
    /// Validates the graph built from --data (or the --store, plus any --load files), or only
    /// the RDF files given, against the shapes of ontology/shapes.ttl and the quality checks
    /// of queries/checks/. Each violation names the focus node, the property path, the value,
    /// what is wrong, and the source file and line the fact came from.
    ///
    /// Exit status: 0 when the graph conforms, 1 when there are violations, 2 on errors.
    ///
    /// Examples:
    ///   kyoto-kg validate
    ///   kyoto-kg validate --report report.ttl
    ///   kyoto-kg validate exported.ttl other.nq
    #[command(verbatim_doc_comment)]
    Validate(ValidateArgs),
    /// Merge a UN web-page listing of thematic sessions into the data directory
    ///
    /// FILE holds text copied from the UN's listing, one session a line:
    ///
    ///   Thematic session 2: Improving prison conditions; Reducing reoffending (6 December 2022)
    ///   Thematic session 1 (2 December 2024):
    ///
    /// Other lines (headings, prose) are skipped. A session's year, and so its thematic
    /// discussion, comes from its date. New sessions and topics are added to the TOML files
    /// (comments and layout are kept); existing records and their ids are never changed,
    /// except that a date the listing corrects is updated and topics the listing adds to a
    /// session are appended. Prints what was added, changed and left alone.
    ///
    /// Examples:
    ///   kyoto-kg import listing.txt --dry-run     # show the diff, write nothing
    ///   kyoto-kg import listing.txt
    #[command(verbatim_doc_comment)]
    Import(ImportArgs),
}

/// What `export` writes: an RDF format, or the SSSOM mapping set of the curated SDG links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The selected graphs in an RDF format.
    Rdf(Format),
    /// The curated SDG links as SSSOM/TSV.
    Sssom,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("sssom") {
            return Ok(Self::Sssom);
        }
        s.parse::<Format>()
            .map(Self::Rdf)
            .map_err(|e| format!("{e}, sssom"))
    }
}

/// Where the store comes from.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// Use the persistent store in DIR (needs the `rocksdb` feature) instead of building one
    /// in memory from --data.
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Also load an RDF file (format from its extension: .ttl .nt .nq .trig .rdf .jsonld),
    /// into the named graph GRAPH-IRI if given, else into the default graph. Repeatable.
    #[arg(long, value_name = "FILE[=GRAPH-IRI]")]
    pub load: Vec<LoadSpec>,
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,

    /// Build even if the graph violates the SHACL shapes or the quality checks.
    #[arg(long, conflicts_with = "full_validation")]
    pub no_validate: bool,

    /// Run the SHACL engine and the quality checks over the whole built graph, as `validate`
    /// does. By default a build from data/ alone validates the ontology and the SDG snapshot
    /// and relies on the source checks for the records (which refuse everything the shapes
    /// would, with file and line); a build with --load always validates the whole graph.
    #[arg(long)]
    pub full_validation: bool,

    /// With --store: leave the new store as the bulk loader wrote it, never compacting it. By
    /// default a store is compacted only when the loader wrote more than one batch (of 10^6
    /// quads) per core, as `oxigraph load` leaves a store as loaded.
    #[arg(long, requires = "store", conflicts_with = "compact")]
    pub no_compact: bool,

    /// With --store: compact the new store (merge the bulk loader's sorted runs into one per
    /// index), whatever its size. For a store built once and queried often: queries on it take
    /// less time, the build more (see docs/scale.md for both at 10^6 triples).
    #[arg(long, requires = "store")]
    pub compact: bool,
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// RDF files to validate instead of the built graph (format from the extension: .ttl .nt
    /// .nq .trig .rdf .jsonld); their graphs are merged.
    #[arg(value_name = "FILE", conflicts_with_all = ["store", "load"])]
    pub files: Vec<PathBuf>,

    /// Also write the standard SHACL validation report (sh:ValidationReport) to FILE, in the
    /// RDF format of its extension (Turtle unless .nt .nq .trig .rdf .jsonld). Written
    /// atomically, whether or not there are violations.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The listing: text copied from the UN web page ("-" for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Show what would change, as a diff of the TOML files, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// The id of the [[source]] record the listing was copied from (it must exist in the data).
    #[arg(long, value_name = "SOURCE-ID", default_value = "un-follow-up-listing")]
    pub source: String,
}

/// Arguments of `query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The SPARQL query text.
    #[arg(value_name = "QUERY", required_unless_present_any = ["file", "name"], conflicts_with_all = ["file", "name"])]
    pub query: Option<String>,

    /// Read the query from a file ("-" for standard input).
    #[arg(long, short, value_name = "FILE", conflicts_with = "name")]
    pub file: Option<PathBuf>,

    /// Run a named query from queries/ (list them with `kyoto-kg queries`).
    #[arg(long, short, value_name = "NAME")]
    pub name: Option<String>,

    /// Bind a query variable: NAME=VALUE, where VALUE is <IRI> or text. Repeatable.
    #[arg(long, short, value_name = "NAME=VALUE")]
    pub param: Vec<String>,

    /// Result format: table, json, xml, csv, tsv for SELECT/ASK (default table); turtle,
    /// ntriples, nquads, trig, rdfxml, jsonld for CONSTRUCT/DESCRIBE (default turtle).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<ResultFormat>,

    /// Stop the query after this long (e.g. 30s, 2m) and exit with status 2, writing nothing.
    /// By default a query runs until it ends. With --timeout or --memory the query runs in a
    /// child process that is killed when it overruns.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub timeout: Option<std::time::Duration>,

    /// Stop the query if it needs more than this many MiB of memory (address space), exit
    /// with status 2, writing nothing. By default there is no cap.
    #[arg(long, value_name = "MIB")]
    pub memory: Option<u64>,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// RDF format: turtle (default), ntriples, nquads, trig, rdfxml, jsonld (compacted),
    /// jsonld-expanded; or sssom for the curated SDG links as an SSSOM mapping set (--graph
    /// does not apply to it).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<ExportFormat>,

    /// Write the nested JSON-LD view (declaration > pillars > discussions > sessions > topics).
    #[arg(long, conflicts_with = "canonical")]
    pub frame: bool,

    /// Write RDFC-1.0 canonical N-Quads and print their SHA-256 on standard error.
    #[arg(long)]
    pub canonical: bool,

    /// With JSON-LD, write `"@context": "URL"` instead of embedding the context (readers must
    /// be able to fetch URL, e.g. the `/context.jsonld` of `kyoto-kg serve`).
    #[arg(long, value_name = "URL")]
    pub context_url: Option<String>,

    /// Which graphs: data, ontology, sdg (the SDG vocabulary snapshot) or all.
    #[arg(long, value_name = "GRAPH", default_value = "all")]
    pub graph: GraphSelection,

    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Arguments of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// About how many triples `build` should give: 100000, 100_000, 1e5, 10^5, 100k or 1M
    /// (from 5000 to 100000000).
    #[arg(long, value_name = "TRIPLES")]
    pub scale: Scale,

    /// The directory to write. It is replaced only if it is empty or was written by
    /// `generate` before.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on (loopback by default; use 0.0.0.0:PORT to serve
    /// other machines, and port 0 for any free port).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,

    /// The IRI prefix served at the server's root: <BASE>id/session/2022-2 is served at
    /// /id/session/2022-2.
    #[arg(long, value_name = "IRI", default_value = kyoto_kg::iri::BASE)]
    pub base_iri: String,

    /// How long a query may run before it is stopped (e.g. 10s, 500ms, 2m).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    pub timeout: std::time::Duration,

    /// The most solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) one response carries.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_results: usize,

    /// Origins allowed to query from a browser (CORS): * for any, a comma-separated list of
    /// origins, or none.
    #[arg(long, value_name = "ORIGINS", default_value = "*")]
    pub cors: String,

    /// Query worker processes kept started and idle, so that a new query does not wait for one
    /// to load the store (default: the number of CPUs, at least 2). Each query runs in a worker
    /// of its own; more are started on demand up to --max-workers.
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,

    /// The most query worker processes at once, i.e. queries evaluated at once; also bounded by
    /// --memory-budget and the file descriptor limit.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_workers: usize,

    /// How many queries may wait when no worker can be had; beyond that the server answers 503
    /// with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 128)]
    pub queue: usize,

    /// A query still running after this long is demoted to the lowest CPU priority, so that
    /// new queries are answered at once however many slow ones run (e.g. 500ms, 2s).
    #[arg(long, value_name = "DURATION", default_value = "500ms", value_parser = humantime::parse_duration)]
    pub slow_after: std::time::Duration,

    /// The address-space limit of each query worker, in MiB (a query that needs more fails
    /// with 503).
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    pub worker_memory: u64,

    /// The most resident memory all query workers may use together, in MiB (default: half of
    /// the machine's memory). No worker is started beyond it, and if running queries grow past
    /// it the largest is stopped (503).
    #[arg(long, value_name = "MIB")]
    pub memory_budget: Option<u64>,

    /// The deepest nesting of brackets ({ } ( ) [ ]) a query may have; deeper queries get 400
    /// before they are parsed.
    #[arg(long, value_name = "N", default_value_t = kyoto_kg::query::complexity::DEFAULT_MAX_DEPTH)]
    pub max_query_depth: usize,

    /// The most operators, brackets and pattern keywords (OPTIONAL, UNION, FILTER...) a query
    /// may have; longer queries get 400 before they are parsed.
    #[arg(long, value_name = "N", default_value_t = kyoto_kg::query::complexity::DEFAULT_MAX_OPERATORS)]
    pub max_query_operators: usize,

    /// The most open client connections (lowered to fit the file descriptor limit); beyond it a
    /// connection gets 503 and is closed.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,

    /// A connection must send a complete request head (and a body) within this time, and a
    /// keep-alive connection may stay idle this long, or it is closed.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    pub read_timeout: std::time::Duration,

    /// A client that reads nothing of a response for this long is disconnected.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = humantime::parse_duration)]
    pub write_timeout: std::time::Duration,

    /// The most MiB of large answers held on disk, waiting for clients to read them, at once;
    /// beyond it new queries get 503 until those are sent.
    #[arg(long, value_name = "MIB", default_value_t = 2048)]
    pub spool_budget: u64,

    /// A directory of releases (one subdirectory per release, as `release --out` writes them):
    /// serve their history at /releases/ and their files at /release/VERSION/FILE (the files
    /// each release's SHA256SUMS lists). Read once, at start.
    #[arg(long, value_name = "DIR")]
    pub releases: Option<PathBuf>,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Arguments of the hidden `__worker` command.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// The address-space limit in MiB.
    #[arg(long, value_name = "MIB")]
    pub memory: Option<u64>,

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}

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
        default_value = kyoto_kg::export::release::DEFAULT_BASE_URL
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
    pub endpoint: Option<kyoto_kg::push::Url>,

    /// The SPARQL 1.1 Update endpoint, used when the store has no Graph Store Protocol.
    #[arg(long, value_name = "URL")]
    pub update_endpoint: Option<kyoto_kg::push::Url>,

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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
