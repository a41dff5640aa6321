//! `kyoto-kg serve`: build the store, start the query workers, serve HTTP until Ctrl-C/SIGTERM;
//! and the hidden `kyoto-kg __worker`, the process that evaluates queries for it.

use super::open_store;
use crate::cli::{ServeArgs, StoreArgs, WorkerArgs};
use crate::progress::Progress;
use crate::query::complexity;
use crate::server::connection::{self, ConnectionLimits};
use crate::server::worker_process::WorkerCommand;
use crate::server::workers::PoolConfig;
use crate::server::{self, Config, Server};
use anyhow::{Context, Result};
use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

/// Runs `serve`.
pub(crate) fn run(data: &Path, args: &ServeArgs) -> Result<()> {
    let started = Instant::now();
    init_logging();
    let progress = |message: &str| {
        let _ = writeln!(io::stderr(), "{message}");
    };
    progress("Building the graph...");
    let bar = Progress::start("building the graph");
    let store = open_store(data, &args.store, &bar)?;
    bar.clear();
    // `len` walks one index without decoding terms, many times faster than the per-graph and
    // per-class counts, which `/dataset` takes once (server::described).
    let triples = store.len()?;
    let spares = args
        .workers
        .unwrap_or_else(|| crate::threads::cores().max(2));
    let fds = connection::fd_budget();
    let (max_connections, max_workers) =
        connection::fit_to_fds(fds, args.max_connections, args.max_workers.max(spares));
    if max_connections < 8 || max_workers < 1 {
        anyhow::bail!(
            "the limit of open files ({fds}) is too low to serve: raise it (ulimit -n) to at least {}",
            connection::RESERVED_FDS + 64
        );
    }
    if max_connections < args.max_connections || max_workers < args.max_workers.max(spares) {
        tracing::warn!(target: "kyoto_kg::server", "the limit of open files is {fds}: serving at most {max_connections} connections and {max_workers} query workers");
    }
    let memory_budget = args
        .memory_budget
        .map_or_else(|| physical_memory() / 2, |mib| mib.saturating_mul(1 << 20));
    let config = Config {
        bind: args.bind,
        base_iri: args.base_iri.clone(),
        timeout: args.timeout,
        max_results: args.max_results,
        cors: cors_origins(&args.cors),
        pool: PoolConfig {
            command: worker_command(data, &args.store, args.worker_memory)?,
            spares: spares.min(max_workers),
            max_workers,
            max_waiting: args.queue,
            slow_after: args.slow_after,
            memory_budget,
        },
        query_limits: complexity::Limits {
            max_depth: args.max_query_depth,
            max_operators: args.max_query_operators,
        },
        connections: ConnectionLimits {
            max_connections,
            read_timeout: args.read_timeout,
            write_timeout: args.write_timeout,
            drain: args.timeout + std::time::Duration::from_secs(5),
        },
        spool_budget: args.spool_budget.saturating_mul(1 << 20),
        publisher: crate::source::publisher::read(data)?,
        releases: args.releases.clone(),
    };
    let workers = config.pool.spares;
    oxigraph::model::NamedNode::new(config.base_iri.as_str())
        .with_context(|| format!("--base-iri {:?} is not a valid IRI", config.base_iri))?;
    progress(&format!(
        "Loaded {triples} triples; starting {workers} query workers..."
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let shutdown = server::shutdown_signal().context("cannot install the signal handlers")?;
        let server = Server::bind(config.clone(), store).await?;
        let url = format!("http://{}/", server.local_addr()?);
        let mut out = io::stdout().lock();
        writeln!(out, "kyoto-kg is serving {url}")?;
        writeln!(out, "  browse the graph: {url}")?;
        writeln!(out, "  SPARQL endpoint:  {url}sparql")?;
        writeln!(out, "  dataset (VoID):   {url}dataset")?;
        writeln!(out, "  ontology:         {url}ontology")?;
        if config.releases.is_some() {
            writeln!(out, "  releases:         {url}releases/")?;
        }
        writeln!(
            out,
            "  IRIs under {} are served at {url}id/...",
            config.base_iri
        )?;
        writeln!(
            out,
            "Ready in {} ms; timeout {} s, at most {} results per query. Press Ctrl-C to stop.",
            started.elapsed().as_millis(),
            config.timeout.as_secs_f64(),
            config.max_results
        )?;
        out.flush()?;
        drop(out);
        server.serve(shutdown).await?;
        let _ = writeln!(io::stderr(), "Stopped.");
        Ok::<_, anyhow::Error>(())
    })?;
    // Workers are killed when the pool is dropped with the runtime.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(())
}

/// Server logs on stderr, filtered by `RUST_LOG` (default: `info`, which includes one access
/// line per request).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&io::stderr()))
        .with_target(false)
        .try_init();
}

/// The machine's memory in bytes (`/proc/meminfo`; 4 GiB when unknown).
fn physical_memory() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib * 1024)
        })
        .unwrap_or(4 << 30)
}

fn cors_origins(value: &str) -> Vec<String> {
    if value.trim().eq_ignore_ascii_case("none") {
        return Vec::new();
    }
    value
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The command line of a worker: this binary, with the same store arguments.
fn worker_command(data: &Path, store: &StoreArgs, memory_mib: u64) -> Result<WorkerCommand> {
    let program = std::env::current_exe().context("cannot find the kyoto-kg executable")?;
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut args = vec![
        "--data".to_owned(),
        absolute(data).display().to_string(),
        "__worker".to_owned(),
        "--memory".to_owned(),
        memory_mib.to_string(),
    ];
    if let Some(dir) = &store.store {
        args.push("--store".into());
        args.push(absolute(dir).display().to_string());
    }
    for spec in &store.load {
        let mut spec = spec.clone();
        spec.path = absolute(&spec.path);
        args.push("--load".into());
        args.push(spec.to_string());
    }
    Ok(WorkerCommand { program, args })
}

/// Runs `__worker`: loads the store, then answers jobs on stdin/stdout until stdin closes.
pub(crate) fn worker(data: &Path, args: &WorkerArgs) -> Result<()> {
    exit_with_parent();
    let store = open_store(data, &args.store, &Progress::hidden())?;
    // Parsing, planning and evaluation run on a thread with a stack sized for the query
    // limits; a query that still overflows it ends this process, which the server reports.
    complexity::on_query_stack(|| {
        if let Some(mib) = args.memory {
            // The limit is for the queries, set once the store is built and this thread has
            // its stack; below what the worker already uses, it ends the worker with a message.
            super::limit_address_space("--worker-memory", mib)?;
        }
        server::evaluate::serve_jobs(&store, io::stdin().lock(), io::stdout().lock())
            .context("the query worker's pipe failed")
    })
    .context("cannot start the query thread")?
}

/// Ends this worker if the server that started it goes away, even in the middle of a query
/// (a closed stdin is only noticed between queries).
fn exit_with_parent() {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(std::time::Duration::from_millis(500));
                if std::os::unix::process::parent_id() != parent {
                    std::process::exit(3);
                }
            }
        });
    }
}
