//! `kyoto-kg query` and `kyoto-kg queries`: run SPARQL, list the named queries.

use super::open_store;
use crate::cli::QueryArgs;
use crate::progress::Progress;
use crate::report::QueryText;
use anyhow::{Context, Result, bail};
use kyoto_kg::query;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

/// Runs `query`.
pub(crate) fn run(data: &Path, args: &QueryArgs) -> Result<()> {
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
    let progress = Progress::start("opening the store");
    let store = open_store(data, &args.store, &progress)?;
    progress.task("evaluating the query", None, "");
    let results = query::run(&store, prepared)?;
    progress.clear();
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

/// Runs `queries`.
pub(crate) fn list() -> Result<()> {
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
