//! Builds the embedded Oxigraph store: the ontology, the data and any extra RDF files, each in
//! its own named graph.
//!
//! Graphs live under `https://w3id.org/kyoto-kg/graph/` (see [`crate::iri::graph`]); queries see
//! their union as the default graph ([`crate::query`]). The store is in memory unless a
//! directory is given, in which case Oxigraph's RocksDB backend is used (cargo feature
//! `rocksdb`). A rebuild of an on-disk store is written to a fresh directory beside the target
//! and swapped into place only once complete, so a failed build never leaves a half-written
//! store, and a second build of the same store fails clearly ([`crate::persist`]).

use crate::iri::graph;
use crate::model::{Dataset, SdgVocabulary};
use crate::observe::{self, Observer, Step};
#[cfg(feature = "rocksdb")]
use crate::persist;
use crate::rdf;
use crate::vocab::kyoto;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{BulkLoader, LoaderError, StorageError, Store};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The ontology, as shipped in `ontology/kyoto.ttl`.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/kyoto.ttl");

/// Why a store could not be built or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The underlying storage failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The shipped ontology does not parse (a bug in the release).
    #[error("the built-in ontology is not valid Turtle: {0}")]
    Ontology(String),
    /// An extra RDF file could not be loaded.
    #[error("cannot load {path}: {source}")]
    Load {
        /// The file.
        path: PathBuf,
        /// What went wrong (syntax errors carry line and column).
        #[source]
        source: LoaderError,
    },
    /// A JSON-LD file nests deeper than [`MAX_JSON_DEPTH`].
    #[error(
        "cannot load {path}: at line {line}, column {column} its JSON nests arrays and objects deeper than {limit} levels; flatten the document (no JSON-LD needs such depth, and parsing it could exhaust the stack)"
    )]
    TooDeep {
        /// The file.
        path: PathBuf,
        /// 1-based line where the limit was passed.
        line: usize,
        /// 1-based column (in bytes).
        column: usize,
        /// The limit.
        limit: usize,
    },
    /// An extra RDF file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The extension of an extra RDF file names no known format.
    #[error(
        "cannot tell the RDF format of {0} from its extension; use one of .ttl, .nt, .nq, .trig, .rdf, .jsonld"
    )]
    UnknownFormat(PathBuf),
    /// `--store` was given but this binary has no persistent storage.
    #[error(
        "this kyoto-kg was built without persistent stores; rebuild it with `cargo build --release --features rocksdb` (needs libclang-dev), or leave out --store to work in memory"
    )]
    NoPersistence,
    /// The on-disk store does not exist.
    #[error("no store at {0}; create it with `kyoto-kg build --store {0}`")]
    MissingStore(PathBuf),
    /// The store directory exists but is empty: its first build is running or was interrupted.
    #[error(
        "the store at {0} is empty: its first build is still running or was interrupted; wait for it, or run `kyoto-kg build --store {0}`"
    )]
    EmptyStore(PathBuf),
    /// The directory is neither empty nor a store, so a build will not replace it.
    #[error(
        "{0} is not a kyoto-kg store (a build replaces the whole directory, so it only replaces an empty directory or an earlier store); choose another --store directory"
    )]
    NotAStore(PathBuf),
    /// Another process is building this store.
    #[error(
        "the store at {0} is being built by another kyoto-kg process; wait for it to finish (readers keep using the previous store meanwhile)"
    )]
    Busy(PathBuf),
    /// The on-disk store is damaged or not readable.
    #[error("cannot open the store at {path}: {source}")]
    Open {
        /// The store directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: StorageError,
    },
}

/// An extra RDF file to load, and the named graph to load it into (`FILE[=GRAPH-IRI]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadSpec {
    /// The file; its extension gives the format.
    pub path: PathBuf,
    /// The named graph; `None` loads triples into the default graph (quads keep their graph).
    pub graph: Option<NamedNode>,
}

impl FromStr for LoadSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (path, graph) = match s.split_once('=') {
            Some((path, iri)) => {
                let graph = NamedNode::new(iri)
                    .map_err(|e| format!("{iri:?} is not a valid graph IRI: {e}"))?;
                (path, Some(graph))
            }
            None => (s, None),
        };
        if path.is_empty() {
            return Err("expected FILE or FILE=GRAPH-IRI".into());
        }
        Ok(Self {
            path: PathBuf::from(path),
            graph,
        })
    }
}

impl fmt::Display for LoadSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.graph {
            Some(g) => write!(f, "{}={}", self.path.display(), g.as_str()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// The quads of the ontology graph.
pub fn ontology_quads() -> Result<Vec<Quad>, StoreError> {
    RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(graph::ONTOLOGY)
        .for_slice(ONTOLOGY_TTL)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| StoreError::Ontology(e.to_string()))
}

/// Builds an in-memory store holding the ontology, `dataset` and the `extra` files.
pub fn in_memory(dataset: &Dataset, extra: &[LoadSpec]) -> Result<Store, StoreError> {
    in_memory_observed(dataset, extra, &observe::ignore)
}

/// [`in_memory`], reporting progress to `observer`.
pub fn in_memory_observed(
    dataset: &Dataset,
    extra: &[LoadSpec],
    observer: Observer<'_>,
) -> Result<Store, StoreError> {
    let store = Store::new()?;
    // Oxigraph's in-memory store inserts on one thread: the data is converted on the other
    // cores while it loads, instead of before (the conversion is a seventh of a build at 10^6
    // triples). On disk, `fill_observed` converts first: RocksDB's loader needs the total.
    observer(Step::ConvertingAndLoading);
    let ontology = ontology_quads()?;
    let sdg = dataset.sdg.as_ref().map(sdg_quads).unwrap_or_default();
    let loaded = rdf::in_parts(dataset, |data| -> Result<(), StorageError> {
        // One transaction, as Oxigraph's in-memory bulk loader uses, but fed by reference: the
        // loader would first move every quad into a batch of its own (memmove was 6% of the
        // inserting thread's samples at 10^6 triples; the build is about 5% faster without).
        let mut transaction = store.start_transaction()?;
        let mut done = 0;
        for part in std::iter::once(ontology)
            .chain(data)
            .chain(std::iter::once(sdg))
        {
            for quad in &part {
                if done % observe::REPORT_EVERY == 0 {
                    observer(Step::Done(done as u64));
                }
                transaction.insert(quad);
                done += 1;
            }
        }
        transaction.commit()
    });
    loaded?;
    load_extra(&store, extra, observer)?;
    Ok(store)
}

/// Adds the ontology, `dataset` (with its SDG vocabulary snapshot, in its own graph) and the
/// `extra` files to `store`.
pub fn fill(store: &Store, dataset: &Dataset, extra: &[LoadSpec]) -> Result<(), StoreError> {
    fill_observed(store, dataset, extra, &observe::ignore).map(|_| ())
}

/// [`fill`], reporting progress to `observer`; returns how many quads the bulk loader took
/// (the ontology, the records and the SDG snapshot; `extra` files are loaded after them).
pub fn fill_observed(
    store: &Store,
    dataset: &Dataset,
    extra: &[LoadSpec],
    observer: Observer<'_>,
) -> Result<u64, StoreError> {
    observer(Step::Converting);
    let mut quads = ontology_quads()?;
    quads.extend(rdf::to_unsorted_quads(dataset));
    if let Some(sdg) = &dataset.sdg {
        quads.extend(sdg_quads(sdg));
    }
    let total = quads.len() as u64;
    observer(Step::Loading { total });
    // Oxigraph's bulk loader, as `oxigraph load` uses: on RocksDB it writes sorted files
    // directly instead of one huge transaction; in memory it is the same as a transaction.
    // On RocksDB each batch is sorted and written by one thread, so the quads are cut into one
    // batch per core (a single batch left one core idle: 13.7 s instead of 7.5 s at 10^6
    // quads). Its batch buffer is allocated whole up front (a million quads, about 200 MB, by
    // default): sizing it to the data keeps a small graph from reserving 200 MB (query workers
    // run under a memory limit).
    let batch = usize::try_from(total)
        .unwrap_or(usize::MAX)
        .div_ceil(cores());
    let mut loader = bulk_loader(store, batch);
    loader.load_quads(quads.into_iter().enumerate().map(|(i, quad)| {
        if i % observe::REPORT_EVERY == 0 {
            observer(Step::Done(i as u64));
        }
        quad
    }))?;
    loader.commit()?;
    observer(Step::Done(total));
    load_extra(store, extra, observer)?;
    Ok(total)
}

/// Oxigraph's bulk loader with batches of about `batch` quads (at most a million) and one thread
/// per core.
fn bulk_loader(store: &Store, batch: usize) -> BulkLoader<'_> {
    let threads = cores();
    // The loader sizes its batches from a memory budget: a megabyte per thousand quads per
    // thread.
    let megabytes = batch
        .clamp(1, MAX_BATCH)
        .saturating_mul(threads)
        .div_ceil(1000);
    store
        .bulk_loader()
        .with_num_threads(threads)
        .with_max_memory_size_in_megabytes(megabytes)
}

/// The number of cores this process may use.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Loads the `--load` files, each into its graph.
fn load_extra(store: &Store, extra: &[LoadSpec], observer: Observer<'_>) -> Result<(), StoreError> {
    for (index, spec) in extra.iter().enumerate() {
        observer(Step::LoadingFile { index });
        load_file(store, spec)?;
    }
    Ok(())
}

/// The quads of the SDG graph: the triples of the SDG vocabulary snapshot.
pub fn sdg_quads(sdg: &SdgVocabulary) -> Vec<Quad> {
    sdg.triples
        .iter()
        .map(|t| t.clone().in_graph(graph::SDG))
        .collect()
}

/// Loads one extra RDF file into `store`.
pub fn load_file(store: &Store, spec: &LoadSpec) -> Result<(), StoreError> {
    let format = spec
        .path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(RdfFormat::from_extension)
        .ok_or_else(|| StoreError::UnknownFormat(spec.path.clone()))?;
    let file = std::fs::File::open(&spec.path).map_err(|source| StoreError::Io {
        path: spec.path.clone(),
        source,
    })?;
    if matches!(format, RdfFormat::JsonLd { .. }) {
        check_json_depth(&spec.path, std::io::BufReader::new(&file))?;
        std::io::Seek::rewind(&mut &file).map_err(|source| StoreError::Io {
            path: spec.path.clone(),
            source,
        })?;
    }
    let mut parser = RdfParser::from_format(format);
    if let Some(graph) = &spec.graph {
        parser = parser.with_default_graph(graph.clone());
    }
    store
        .load_from_reader(parser, std::io::BufReader::new(file))
        .map_err(|source| StoreError::Load {
            path: spec.path.clone(),
            source,
        })
}

/// The deepest nesting of JSON arrays and objects accepted in a JSON-LD file: the JSON-LD
/// parser recurses on nesting, and 20,000 nested objects overflowed an 8 MiB stack (issue 14).
pub const MAX_JSON_DEPTH: usize = 1000;

/// Refuses JSON nested deeper than [`MAX_JSON_DEPTH`], in one pass over the bytes (strings
/// skipped), before the file is parsed.
fn check_json_depth(path: &Path, input: impl std::io::Read) -> Result<(), StoreError> {
    let mut depth = 0_usize;
    let (mut line, mut column) = (1_usize, 0_usize);
    let (mut in_string, mut escaped) = (false, false);
    for byte in std::io::Read::bytes(std::io::BufReader::new(input)) {
        let byte = byte.map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        column += 1;
        if byte == b'\n' {
            line += 1;
            column = 0;
        }
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(StoreError::TooDeep {
                        path: path.to_path_buf(),
                        line,
                        column,
                        limit: MAX_JSON_DEPTH,
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// What a build does with an on-disk store once everything is loaded.
///
/// Oxigraph's bulk loader writes one set of sorted files per batch, and a build loads one batch
/// per core (of at most [`MAX_BATCH`] quads), so that every core sorts. The batches' files
/// overlap, and every lookup then has to search each of them; compacting (Oxigraph's
/// `optimize`) merges them into one sorted run per index. With one batch per core there are as
/// many runs as cores, which `oxigraph load` leaves as they are too (it suggests `oxigraph
/// optimize` for read-heavy use); beyond that the runs multiply with the size of the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// Compact when the loader wrote more than one batch per core (what `build --store` does
    /// unless told otherwise).
    Auto,
    /// Always compact: queries over fewer runs, for a store built once and queried often.
    Compact,
    /// Leave the files as loaded: the fastest rebuild.
    AsLoaded,
}

impl Finish {
    /// Whether a store of `quads` quads built on this machine is compacted.
    pub fn compacts(self, quads: usize) -> bool {
        match self {
            Self::Compact => true,
            Self::AsLoaded => false,
            Self::Auto => quads > MAX_BATCH.saturating_mul(cores()),
        }
    }
}

/// The largest batch of the bulk loader, in quads.
const MAX_BATCH: usize = 1_000_000;

/// Builds an on-disk store at `dir` (compacted as [`Finish::Auto`] says), replacing any store there only once the new one
/// is complete.
pub fn build_on_disk(dir: &Path, dataset: &Dataset, extra: &[LoadSpec]) -> Result<(), StoreError> {
    build_on_disk_checked(dir, dataset, extra, Finish::Auto, &observe::ignore, |_| {
        Ok(())
    })
}

/// [`build_on_disk`], reporting progress to `observer` and running `check` on the complete new
/// store before it replaces the old one: if `check` fails, the new store is deleted and the old
/// one stays in place. The source data and the `extra` files are read once. A store that passes
/// `check` is then compacted or not, as `finish` says.
///
/// Fails at once with [`StoreError::Busy`] if another process is building the same store; see
/// [`crate::persist`] for how the new store replaces the old one.
#[cfg(feature = "rocksdb")]
pub fn build_on_disk_checked<E: From<StoreError>>(
    dir: &Path,
    dataset: &Dataset,
    extra: &[LoadSpec],
    finish: Finish,
    observer: Observer<'_>,
    check: impl FnOnce(&Store) -> Result<(), E>,
) -> Result<(), E> {
    let lock = persist::lock_for_build(dir)?;
    let io = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let built = (|| {
        // Dropped on any error before the swap, the staging directory is removed.
        let staging = crate::files::Staging::beside(dir).map_err(io)?;
        let store = Store::open(staging.path()).map_err(|source| StoreError::Open {
            path: staging.path().to_path_buf(),
            source,
        })?;
        let loaded = fill_observed(&store, dataset, extra, observer)?;
        store.flush().map_err(StoreError::from)?;
        check(&store)?;
        if finish.compacts(usize::try_from(loaded).unwrap_or(usize::MAX)) {
            observer(Step::Compacting);
            store.optimize().map_err(StoreError::from)?;
        }
        drop(store);
        Ok(staging.swap_in().map_err(io)?)
    })();
    if let Err(e) = built {
        lock.abandon();
        return Err(e);
    }
    Ok(())
}

/// Without the `rocksdb` feature there is no on-disk store.
#[cfg(not(feature = "rocksdb"))]
pub fn build_on_disk_checked<E: From<StoreError>>(
    _dir: &Path,
    _dataset: &Dataset,
    _extra: &[LoadSpec],
    _finish: Finish,
    _observer: Observer<'_>,
    _check: impl FnOnce(&Store) -> Result<(), E>,
) -> Result<(), E> {
    Err(StoreError::NoPersistence.into())
}

/// A file RocksDB keeps in every database directory.
pub const STORE_MARKER: &str = "CURRENT";

/// Whether `dir` holds an on-disk store, whether or not this kyoto-kg can open one.
pub fn is_on_disk_store(dir: &Path) -> bool {
    dir.join(STORE_MARKER).is_file()
}

/// Opens the on-disk store at `dir` read-only (several readers may share it, also while a
/// rebuild of it is running: they read the previous store).
#[cfg(feature = "rocksdb")]
pub fn open_on_disk(dir: &Path) -> Result<Store, StoreError> {
    persist::check_openable(dir)?;
    Store::open_read_only(dir).map_err(|source| StoreError::Open {
        path: dir.to_path_buf(),
        source,
    })
}

/// Without the `rocksdb` feature there is no on-disk store.
#[cfg(not(feature = "rocksdb"))]
pub fn open_on_disk(_dir: &Path) -> Result<Store, StoreError> {
    Err(StoreError::NoPersistence)
}

/// How many quads each graph holds and how many instances each class has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Quads per graph, by graph name ("default" for the default graph).
    pub graphs: BTreeMap<String, usize>,
    /// Distinct instances per class IRI (`rdf:type` objects), over all graphs.
    pub classes: BTreeMap<String, usize>,
    /// All quads.
    pub total: usize,
}

impl Counts {
    /// Instances of a kyoto-kg class, by its local name (e.g. "ThematicSession").
    pub fn kyoto_class(&self, local: &str) -> usize {
        self.classes
            .get(&format!("{}{local}", kyoto::NAMESPACE))
            .copied()
            .unwrap_or(0)
    }
}

/// Counts the quads of `store` per graph and the instances per class.
pub fn counts(store: &Store) -> Result<Counts, StorageError> {
    // SPARQL aggregates run on Oxigraph's encoded terms; iterating `store.iter()` would decode
    // every quad into strings (a sixth of a build at 10^6 triples).
    let mut counts = Counts::default();
    // One count per graph, on the graph's own index range: a `GROUP BY ?g` over every quad
    // hashes each of them (a third of the counting at 10^6 triples).
    let mut graphs = Vec::new();
    for graph in store.named_graphs() {
        graphs.push(graph?);
    }
    for graph in graphs {
        let (name, n) = match graph {
            NamedOrBlankNode::NamedNode(g) => {
                let query = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}");
                (g.into_string(), count_of(store, &query)?)
            }
            // A blank node in a query is a variable, not this graph: count its quads directly.
            NamedOrBlankNode::BlankNode(b) => {
                let quads = store.quads_for_pattern(None, None, None, Some(b.as_ref().into()));
                (b.to_string(), quads.count())
            }
        };
        if n > 0 {
            counts.graphs.insert(name, n);
        }
    }
    let default = count_of(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")?;
    if default > 0 {
        counts.graphs.insert("default".to_owned(), default);
    }
    counts.total = counts.graphs.values().sum();
    let classes = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { \
                   { ?s a ?c } UNION { GRAPH ?g { ?s a ?c } } FILTER(isIRI(?c)) } GROUP BY ?c";
    for (class, n) in count_by(store, classes, "c")? {
        if let Some(Term::NamedNode(class)) = class {
            counts.classes.insert(class.as_str().to_owned(), n);
        }
    }
    Ok(counts)
}

/// The `?n` of a single-row counting SELECT over the store's own default graph.
fn count_of(store: &Store, query: &str) -> Result<usize, StorageError> {
    Ok(count_by(store, query, "n")?.first().map_or(0, |&(_, n)| n))
}

/// The rows `(?key, ?n)` of a counting SELECT over the store's own default graph.
fn count_by(
    store: &Store,
    query: &str,
    key: &str,
) -> Result<Vec<(Option<Term>, usize)>, StorageError> {
    let other = |e: &dyn fmt::Display| StorageError::Io(std::io::Error::other(e.to_string()));
    let results = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| other(&e))?
        .on_store(store)
        .execute()
        .map_err(|e| other(&e))?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(other(&"a count query did not return solutions"));
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| other(&e))?;
        let n = match solution.get("n") {
            Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
            _ => 0,
        };
        rows.push((solution.get(key).cloned(), n));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, GraphName, Literal, NamedNodeRef, QuadRef};

    #[test]
    fn json_nested_past_the_limit_is_refused_with_its_position_and_strings_do_not_count() {
        let path = Path::new("deep.jsonld");
        let at_limit = format!(
            "{}{}",
            "[".repeat(MAX_JSON_DEPTH),
            "]".repeat(MAX_JSON_DEPTH)
        );
        assert!(check_json_depth(path, at_limit.as_bytes()).is_ok());
        let in_strings = format!("[\"{}\\\"[\"]", "[{".repeat(MAX_JSON_DEPTH));
        assert!(check_json_depth(path, in_strings.as_bytes()).is_ok());
        let deeper = format!("{{\n  \"a\": {}", "[".repeat(MAX_JSON_DEPTH));
        let error = check_json_depth(path, deeper.as_bytes());
        assert!(
            matches!(error, Err(StoreError::TooDeep { line: 2, column, .. }) if column == 7 + MAX_JSON_DEPTH),
            "{error:?}"
        );
    }

    #[test]
    fn counts_give_each_graph_its_quads_and_each_class_its_instances()
    -> Result<(), Box<dyn std::error::Error>> {
        let store = Store::new()?;
        let ex = |local: &str| NamedNode::new_unchecked(format!("http://example.org/{local}"));
        let (a, b, class) = (ex("a"), ex("b"), ex("Class"));
        let type_ = NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
        let blank = BlankNode::new_unchecked("g1");
        let empty = ex("empty");
        let graphs: [(GraphName, usize); 4] = [
            (GraphName::DefaultGraph, 1),
            (ex("g").into(), 3),
            (ex("h").into(), 2),
            (blank.clone().into(), 2),
        ];
        for (graph, n) in &graphs {
            for i in 0..*n {
                let object = Literal::from(i64::try_from(i)?);
                store.insert(QuadRef::new(&a, &b, &object, graph))?;
            }
        }
        // The same instance typed in two graphs counts once; an empty graph not at all.
        store.insert(QuadRef::new(&a, type_, &class, &GraphName::from(ex("g"))))?;
        store.insert(QuadRef::new(
            &a,
            type_,
            &class,
            &GraphName::from(blank.clone()),
        ))?;
        store.insert(QuadRef::new(
            &b,
            type_,
            &class,
            GraphName::DefaultGraph.as_ref(),
        ))?;
        store.insert_named_graph(&empty)?;

        let counts = counts(&store)?;
        let expected: BTreeMap<String, usize> = [
            ("default".to_owned(), 2),
            ("http://example.org/g".to_owned(), 4),
            ("http://example.org/h".to_owned(), 2),
            (blank.to_string(), 3),
        ]
        .into();
        assert_eq!(counts.graphs, expected);
        assert_eq!(counts.total, store.len()?);
        assert_eq!(
            counts.classes,
            BTreeMap::from([("http://example.org/Class".to_owned(), 2)])
        );
        Ok(())
    }
}
