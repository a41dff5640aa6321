//! The command line of `kyoto-kg`: clap types only. Doc comments are the help text.

use crate::export::GraphSelection;
use crate::generate::Scale;
use crate::query::ResultFormat;
use crate::serialize::Format;
use crate::store::LoadSpec;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

mod data;
mod publish;
mod sdg;
mod serve;
pub use data::{
    BuildArgs, ExportArgs, ExportFormat, GenerateArgs, ImportArgs, QueryArgs, ValidateArgs,
};
pub use publish::{ColourChoice, DiffArgs, DiffFormat, PushArgs, ReleaseArgs, SiteArgs};
pub use sdg::{SdgArgs, SdgCommand, SdgFetchArgs, SdgImportArgs};
pub use serve::{ServeArgs, WorkerArgs};

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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
