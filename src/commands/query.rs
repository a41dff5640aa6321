//! `kyoto-kg query` and `kyoto-kg queries`: run SPARQL, list the named queries.
//!
//! A query text is measured before it is parsed ([`query::complexity`]) and parsed, evaluated
//! and rendered on a thread with a large stack, so that a deeply nested query ends with a
//! message and exit status 2, not a crash. With `--timeout` or `--memory`, the query runs in a
//! child process (this same command, marked by [`CHILD`]) with an address-space limit; the
//! parent collects its output, kills it at the deadline, and writes the output only once the
//! child has succeeded: an overrun writes nothing.

use super::Exit;
use super::open_store;
use crate::cli::QueryArgs;
use crate::progress::Progress;
use crate::query::{self, complexity};
use crate::report::QueryText;
use crate::server::worker_process::{self, Death};
use anyhow::{Context, Result, bail};
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that marks the child process of a supervised query.
const CHILD: &str = "KYOTO_KG_QUERY_CHILD";

/// Runs `query`.
pub(crate) fn run(data: &Path, args: &QueryArgs) -> Result<Exit> {
    let supervised = args.timeout.is_some() || args.memory.is_some();
    if supervised && std::env::var_os(CHILD).is_none() {
        return supervise(args);
    }
    complexity::on_query_stack(|| evaluate(data, args))
        .context("cannot start the query thread")?
        .map(|()| Exit::Success)
}

/// Parses, evaluates and renders the query to standard output.
fn evaluate(data: &Path, args: &QueryArgs) -> Result<()> {
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
            (named.text.to_owned(), args.param.clone())
        }
        (None, None, None) => bail!("give a query, --file FILE or --name NAME"),
    };
    complexity::check(&text, complexity::Limits::default()).map_err(anyhow::Error::msg)?;
    let prepared = query::prepare(&text, &params).context(QueryText(text.clone()))?;
    let progress = Progress::start("opening the store");
    let store = open_store(data, &args.store, &progress)?;
    if let Some(mib) = args.memory {
        // The limit is for the query, set once the store is built and this thread started.
        super::limit_address_space("--memory", mib)?;
    }
    progress.task("evaluating the query", None, "");
    let results = query::run(&store, prepared)?;
    progress.clear();
    let out = BufWriter::new(io::stdout().lock());
    let mut out = query::render(results, args.format, out)?;
    out.flush()?;
    if args.store.store.is_none() {
        // As in `build`: the process ends with this command, and freeing an in-memory store
        // one allocation at a time was a sixth of `query --data` at 2·10^5 triples.
        std::mem::forget(store);
    }
    Ok(())
}

/// Runs this same command in a child process with `--memory` as its address-space limit,
/// collects its standard output in a temporary file, kills it at `--timeout`, and copies the
/// output to standard output only if the child succeeded. The child's standard error passes
/// through unless it died of a signal, which is then told in one line.
fn supervise(args: &QueryArgs) -> Result<Exit> {
    let program = std::env::current_exe().context("cannot find the kyoto-kg executable")?;
    let mut output = tempfile::tempfile().context("cannot create a temporary file")?;
    let mut child = Command::new(program)
        .args(std::env::args_os().skip(1))
        .env(CHILD, "1")
        .envs(worker_process::LIMITED_CHILD_ENVIRONMENT)
        .stdin(Stdio::inherit())
        .stdout(
            output
                .try_clone()
                .context("cannot create a temporary file")?,
        )
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start the query process")?;
    let mut stderr = child.stderr.take();
    let collector = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(stderr) = stderr.as_mut() {
            // At most 1 MiB of messages is kept.
            let _ = stderr.take(1 << 20).read_to_end(&mut text);
            let _ = io::copy(stderr, &mut io::sink());
        }
        text
    });
    let deadline = args.timeout.map(|t| Instant::now() + t);
    let status = loop {
        if let Some(status) = child
            .try_wait()
            .context("cannot wait for the query process")?
        {
            break Some(status);
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let messages = collector.join().unwrap_or_default();
    let text = String::from_utf8_lossy(&messages);
    let Some(status) = status else {
        bail!(
            "the query did not finish within the {} s of --timeout and was stopped; nothing was written",
            args.timeout.unwrap_or_default().as_secs_f64()
        );
    };
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let death = worker_process::classify(Some(status), &lines);
    match death {
        Death::Exited(Some(0)) => {
            output.rewind().context("cannot read the query's output")?;
            let mut out = io::stdout().lock();
            io::copy(&mut output, &mut out).context("cannot write the query's output")?;
            out.flush()?;
            Ok(Exit::Success)
        }
        Death::Exited(code) => {
            // The child reported its own error: pass it on as it is, with its exit status.
            let _ = io::stderr().write_all(&messages);
            Ok(Exit::Status(u8::try_from(code.unwrap_or(2)).unwrap_or(2)))
        }
        Death::OutOfMemory => bail!(
            "the query needed more than the {} MiB of --memory and was stopped; nothing was written",
            args.memory.unwrap_or_default()
        ),
        Death::StackOverflow => {
            bail!("the query is nested too deeply to evaluate; nothing was written")
        }
        other => bail!("the query process ended abnormally ({other}); nothing was written"),
    }
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
