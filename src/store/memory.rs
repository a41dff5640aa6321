//! Filling a store: the ontology, the data and the SDG snapshot, each in its named graph, with
//! Oxigraph's bulk loader, then the `--load` files.

use super::load::{LoadSpec, load_extra};
use super::{ONTOLOGY_TTL, StoreError};
use crate::iri::graph;
use crate::model::{Dataset, SdgVocabulary};
use crate::observe::{self, Observer, Step};
use crate::rdf;
use crate::threads::cores;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use oxigraph::store::{BulkLoader, StorageError, Store};

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
pub(crate) fn in_memory_observed(
    dataset: &Dataset,
    extra: &[LoadSpec],
    observer: Observer<'_>,
) -> Result<Store, StoreError> {
    let store = Store::new()?;
    // Oxigraph's in-memory store inserts on one thread: the data is converted on the other
    // cores while it loads, instead of before (the conversion is a seventh of a build at 10^6
    // triples). On disk, the build converts first: RocksDB's loader needs the total.
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
    bulk_load(store, converted_quads(dataset)?, &observe::ignore)?;
    load_extra(store, extra, &observe::ignore)
}

/// The quads a store built from `dataset` holds: the ontology, the records and the SDG
/// snapshot, each in its graph, unsorted (a quad may come twice).
pub fn converted_quads(dataset: &Dataset) -> Result<Vec<Quad>, StoreError> {
    let mut quads = ontology_quads()?;
    quads.extend(rdf::to_unsorted_quads(dataset));
    if let Some(sdg) = &dataset.sdg {
        quads.extend(sdg_quads(sdg));
    }
    Ok(quads)
}

/// Loads `quads` into `store` with Oxigraph's bulk loader; returns how many it took.
pub(crate) fn bulk_load(
    store: &Store,
    quads: Vec<Quad>,
    observer: Observer<'_>,
) -> Result<u64, StoreError> {
    let total = quads.len() as u64;
    observer(Step::Loading { total });
    // Oxigraph's bulk loader, as `oxigraph load` uses: on RocksDB it writes sorted files
    // directly instead of one huge transaction; in memory it is the same as a transaction.
    // On RocksDB each batch is sorted and written by one thread, so the quads are cut into one
    // batch per core (a single batch left one core idle and took almost twice as long, see
    // docs/scale.md). Its batch buffer is allocated whole up front (a million quads, about 200 MB, by
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

/// The quads of the SDG graph: the triples of the SDG vocabulary snapshot.
pub fn sdg_quads(sdg: &SdgVocabulary) -> Vec<Quad> {
    sdg.triples
        .iter()
        .map(|t| t.clone().in_graph(graph::SDG))
        .collect()
}

/// The largest batch of the bulk loader, in quads.
pub(super) const MAX_BATCH: usize = 1_000_000;
