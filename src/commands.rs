//! What each subcommand does: glue between the command line and the library.

use crate::cli::{BuildArgs, Cli, Command, ExportArgs, QueryArgs, StoreArgs};
use crate::report::QueryText;
use anyhow::{Context, Result, bail};
use kyoto_kg::model::Dataset;
use kyoto_kg::query::{self, abbreviate};
use kyoto_kg::{export, source, store};
use oxigraph::store::Store;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::time::Instant;

/// Runs the command of `cli`.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build(args) => build(&cli.data, &args),
        Command::Query(args) => query(&cli.data, &args),
        Command::Queries => list_queries(),
        Command::Export(args) => export(&cli.data, &args),
    }
}

fn load_data(dir: &Path) -> Result<Dataset> {
    Ok(source::load(dir)?)
}

/// The store the command works on: the persistent one, or one built in memory from `data`.
fn open_store(data: &Path, args: &StoreArgs) -> Result<Store> {
    match &args.store {
        Some(dir) => {
            let store = store::open_on_disk(dir)?;
            if !args.load.is_empty() {
                bail!(
                    "--load cannot add files to the persistent store {} when reading it; rebuild it with `kyoto-kg build --store {} --load ...`",
                    dir.display(),
                    dir.display()
                );
            }
            Ok(store)
        }
        None => {
            let dataset = load_data(data)?;
            Ok(store::in_memory(&dataset, &args.load)?)
        }
    }
}

fn build(data: &Path, args: &BuildArgs) -> Result<()> {
    let started = Instant::now();
    let dataset = load_data(data)?;
    let store = match &args.store.store {
        Some(dir) => {
            store::build_on_disk(dir, &dataset, &args.store.load)
                .with_context(|| format!("cannot build the store at {}", dir.display()))?;
            store::open_on_disk(dir)?
        }
        None => store::in_memory(&dataset, &args.store.load)?,
    };
    let counts = store::counts(&store)?;
    let topics = dataset.topics().count();
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "Read {}: {} pillars, {} discussions, {} sessions, {} topics, {} sources",
        data.display(),
        dataset.pillars.len(),
        dataset.discussions.len(),
        dataset.sessions.len(),
        topics,
        dataset.sources.len()
    )?;
    let untracked = dataset
        .sessions
        .iter()
        .filter(|s| s.topics.is_empty())
        .count();
    if untracked > 0 {
        writeln!(
            out,
            "Note: {untracked} sessions have no recorded topics (run `kyoto-kg query --name sessions-without-topics`)"
        )?;
    }
    writeln!(out, "\nGraphs:")?;
    let width = counts.graphs.keys().map(String::len).max().unwrap_or(0);
    for (graph, n) in &counts.graphs {
        writeln!(out, "  {graph:<width$}  {n:>7} triples")?;
    }
    writeln!(out, "\nInstances per class:")?;
    let mut names: Vec<(String, usize)> = counts
        .classes
        .iter()
        .map(|(class, n)| (abbreviate(class), *n))
        .collect();
    names.sort();
    let width = names.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    for (class, n) in names {
        writeln!(out, "  {class:<width$}  {n:>7}")?;
    }
    let place = match &args.store.store {
        Some(dir) => format!("in {}", dir.display()),
        None => "in memory".to_owned(),
    };
    writeln!(
        out,
        "\nTotal: {} quads {place}, built in {} ms",
        counts.total,
        started.elapsed().as_millis()
    )?;
    out.flush()?;
    Ok(())
}

fn query(data: &Path, args: &QueryArgs) -> Result<()> {
    let (text, params) = match (&args.query, &args.file, &args.name) {
        (Some(text), _, _) => (text.clone(), args.param.clone()),
        (None, Some(file), _) => {
            let text = if file.as_os_str() == "-" {
                let mut text = String::new();
                io::stdin()
                    .read_to_string(&mut text)
                    .context("cannot read the query from standard input")?;
                text
            } else {
                std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read the query file {}", file.display()))?
            };
            (text, args.param.clone())
        }
        (None, None, Some(name)) => {
            let named = query::find(name).map_err(anyhow::Error::msg)?;
            check_params(&named, &args.param)?;
            (named.text.to_owned(), named.bindings(&args.param))
        }
        (None, None, None) => bail!("give a query, --file FILE or --name NAME"),
    };
    let prepared = query::prepare(&text, &params).context(QueryText(text.clone()))?;
    let store = open_store(data, &args.store)?;
    let results = query::run(&store, prepared)?;
    let out = BufWriter::new(io::stdout().lock());
    let mut out = query::render(results, args.format, out)?;
    out.flush()?;
    Ok(())
}

fn check_params(named: &query::NamedQuery, given: &[String]) -> Result<()> {
    for param in given {
        let name = param
            .split_once('=')
            .map(|(n, _)| n.trim_start_matches(['?', '$']))
            .with_context(|| format!("--param {param:?} is not of the form NAME=VALUE"))?;
        if !named.params.iter().any(|p| p.name == name) {
            return Err(query::QueryError::UnknownParam {
                name: name.to_owned(),
                known: named.params.iter().map(|p| p.name.clone()).collect(),
            }
            .into());
        }
    }
    Ok(())
}

fn list_queries() -> Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    let catalog = query::catalog();
    let width = catalog.iter().map(|q| q.name.len()).max().unwrap_or(0);
    for named in &catalog {
        writeln!(out, "{:<width$}  {}", named.name, named.question)?;
        for param in &named.params {
            writeln!(
                out,
                "{:<width$}    --param {}=... {} (default: {})",
                "", param.name, param.description, param.default
            )?;
        }
    }
    writeln!(
        out,
        "\nRun one with `kyoto-kg query --name NAME`; read its SPARQL in queries/NAME.rq."
    )?;
    out.flush()?;
    Ok(())
}

fn export(data: &Path, args: &ExportArgs) -> Result<()> {
    let store = open_store(data, &args.store)?;
    match &args.output {
        Some(path) => export::write_atomically(path, |w| {
            export::export(&store, args.graph, args.format, w).map(|_| ())
        })
        .with_context(|| format!("cannot export to {}", path.display()))?,
        None => {
            let out = BufWriter::new(io::stdout().lock());
            export::export(&store, args.graph, args.format, out)?.flush()?;
        }
    }
    Ok(())
}
