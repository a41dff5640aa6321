//! The arguments of the commands that build, check, query, export and generate data.

use super::*;

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
