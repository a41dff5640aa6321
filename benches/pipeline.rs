//! In-process figures of the pipeline on generated data (issue 7), with criterion:
//!
//! - `convert_load`: read and check the TOML, convert to RDF, load an in-memory store; and, as
//!   the engine's own baseline on the same quads, Oxigraph's bulk loader fed N-Quads;
//! - `named_query`: latency of each named query (evaluation and JSON serialisation);
//! - `export`: throughput of each export format, and canonical (RDFC-1.0) N-Quads.
//!
//! The scale is `KYOTO_BENCH_SCALE` triples (default 100000; any form `generate` accepts):
//!
//! ```sh
//! KYOTO_BENCH_SCALE=1e6 cargo bench --bench pipeline
//! cargo bench --bench pipeline -- named_query   # one group
//! ```
//!
//! `bench/run.sh` compares kyoto-kg with other tools process by process; this file gives the
//! in-process breakdown used to find where time goes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    missing_docs,
    reason = "benchmark code"
)]

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use kyoto_kg::export::{self, GraphSelection};
use kyoto_kg::generate::{self, Plan, Scale};
use kyoto_kg::model::Dataset;
use kyoto_kg::serialize::Format;
use kyoto_kg::{query, rdf, source, store};
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use std::hint::black_box;
use std::io;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

struct Fixture {
    _dir: tempfile::TempDir,
    data: PathBuf,
    dataset: Dataset,
    store: Store,
    nquads: Vec<u8>,
    quads: u64,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let scale: Scale = std::env::var("KYOTO_BENCH_SCALE")
            .unwrap_or_else(|_| "100000".to_owned())
            .parse()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        generate::write(&Plan::for_scale(scale.0).unwrap(), &data, |_| {}).unwrap();
        let dataset = source::load(&data).unwrap();
        let store = store::in_memory(&dataset, &[]).unwrap();
        let nquads =
            export::export(&store, GraphSelection::All, Format::NQuads, Vec::new()).unwrap();
        let quads = store.len().unwrap() as u64;
        eprintln!("fixture: {quads} quads generated at scale {}", scale.0);
        Fixture {
            _dir: dir,
            data,
            dataset,
            store,
            nquads,
            quads,
        }
    })
}

fn convert_load(c: &mut Criterion) {
    let f = fixture();
    let mut group = c.benchmark_group("convert_load");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(f.quads));
    group.bench_function("read_and_check_toml", |b| {
        b.iter_with_large_drop(|| source::load(&f.data).unwrap());
    });
    group.bench_function("convert_to_quads", |b| {
        b.iter_with_large_drop(|| rdf::to_quads(&f.dataset));
    });
    group.bench_function("load_in_memory_store", |b| {
        b.iter_with_large_drop(|| store::in_memory(&f.dataset, &[]).unwrap());
    });
    group.bench_function("kyoto_build_in_memory", |b| {
        b.iter_with_large_drop(|| {
            let dataset = source::load(&f.data).unwrap();
            let store = store::in_memory(&dataset, &[]).unwrap();
            black_box(store::counts(&store).unwrap());
            store
        });
    });
    group.bench_function("oxigraph_bulk_load_nquads", |b| {
        b.iter_with_large_drop(|| {
            let store = Store::new().unwrap();
            let mut loader = store.bulk_loader();
            loader
                .load_from_slice(RdfFormat::NQuads, f.nquads.as_slice())
                .unwrap();
            loader.commit().unwrap();
            store
        });
    });
    group.finish();
}

fn named_queries(c: &mut Criterion) {
    let f = fixture();
    let mut group = c.benchmark_group("named_query");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    for named in query::catalog() {
        // Each named query carries its parameters' defaults in its text.
        group.bench_function(named.name, |b| {
            b.iter_batched(
                || query::prepare(named.text, &[]).unwrap(),
                |prepared| {
                    let results = query::run(&f.store, prepared).unwrap();
                    let format = match &results {
                        oxigraph::sparql::QueryResults::Graph(_) => {
                            query::ResultFormat::Rdf(Format::NTriples)
                        }
                        _ => query::ResultFormat::Json,
                    };
                    query::render(results, Some(format), io::sink()).unwrap();
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

fn exports(c: &mut Criterion) {
    let f = fixture();
    let mut group = c.benchmark_group("export");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for format in Format::ALL {
        let bytes = export::export(&f.store, GraphSelection::All, format, Vec::new())
            .unwrap()
            .len();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format.name(), |b| {
            b.iter(|| export::export(&f.store, GraphSelection::All, format, io::sink()).unwrap());
        });
    }
    group.throughput(Throughput::Bytes(f.nquads.len() as u64));
    group.bench_function("canonical_nquads_rdfc10", |b| {
        b.iter(|| canonical_nquads(&f.store));
    });
    group.finish();
}

/// RDFC-1.0 canonical N-Quads: canonical blank node labels, then the sorted lines.
fn canonical_nquads(store: &Store) -> Vec<u8> {
    let mut dataset: oxrdf::Dataset = store.iter().map(Result::unwrap).collect();
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let mut lines: Vec<String> = dataset.iter().map(|q| format!("{q} .\n")).collect();
    lines.sort_unstable();
    lines.concat().into_bytes()
}

criterion_group!(benches, convert_load, named_queries, exports);
criterion_main!(benches);
