//! The command line of `kyoto-kg`: clap types only. Doc comments are the help text.

use clap::{Args, Parser, Subcommand};
use kyoto_kg::export::GraphSelection;
use kyoto_kg::generate::Scale;
use kyoto_kg::query::ResultFormat;
use kyoto_kg::serialize::Format;
use kyoto_kg::store::LoadSpec;
use std::path::PathBuf;

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
    Export(ExportArgs),
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

    /// Where the store comes from.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// RDF format: turtle, ntriples, nquads, trig, rdfxml, jsonld.
    #[arg(long, value_name = "FORMAT", default_value = "turtle")]
    pub format: Format,

    /// Which graphs: data, ontology or all.
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
    /// (from 1000 to 100000000).
    #[arg(long, value_name = "TRIPLES")]
    pub scale: Scale,

    /// The directory to write. It is replaced only if it is empty or was written by
    /// `generate` before.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
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
