//! `kyoto-kg push`: replace graphs of a remote triplestore with the store's.

use super::open_store;
use crate::cli::PushArgs;
use crate::iri::graph;
use crate::push::{self, Auth, Event, GraphTarget, PushOptions, Target};
use anyhow::{Context, Result, bail};
use oxigraph::model::NamedNode;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

/// Runs `push`.
pub(crate) fn run(data: &Path, args: &PushArgs) -> Result<()> {
    if let Some(changes) = &args.changes {
        return apply_changes(changes, args);
    }
    let progress = crate::progress::Progress::start("opening the store");
    let store = open_store(data, &args.store, &progress)?;
    progress.clear();
    let quads = store
        .iter()
        .collect::<Result<Vec<_>, _>>()
        .context("cannot read the store")?;
    let mut graphs = push::graphs_of(quads);
    if !args.graph.is_empty() {
        let wanted = args
            .graph
            .iter()
            .map(|g| parse_graph(g))
            .collect::<Result<Vec<_>>>()?;
        let available: Vec<String> = graphs.keys().map(ToString::to_string).collect();
        let mut selected = BTreeMap::new();
        for graph in wanted {
            match graphs.remove(&graph) {
                Some(triples) => {
                    selected.insert(graph, triples);
                }
                None if selected.contains_key(&graph) => {}
                None => bail!("the store has no {graph}; it has: {}", available.join(", ")),
            }
        }
        graphs = selected;
    }
    let (target, options) = target_of(args);
    let mut err = io::stderr().lock();
    let mut out = io::stdout().lock();
    let pushed = push::push(&graphs, &target, &options, &mut |event| {
        let _ = match event {
            Event::Start {
                graph,
                triples,
                protocol,
            } => writeln!(err, "pushing {graph} ({triples} triples) via {protocol}"),
            Event::Retry {
                graph,
                attempt,
                reason,
            } => writeln!(
                err,
                "  attempt {attempt} for {graph} failed: {reason}; retrying"
            ),
            Event::Fallback { reason } => writeln!(
                err,
                "the Graph Store endpoint refused ({reason}); falling back to SPARQL Update"
            ),
            Event::Done(p) => writeln!(
                out,
                "replaced {} with {} triples ({} bytes, {} request{}, {}, status {})",
                p.graph,
                p.triples,
                p.bytes,
                p.requests,
                if p.requests == 1 { "" } else { "s" },
                p.protocol,
                p.status
            ),
        };
    })
    .context("the push did not complete")?;
    writeln!(
        out,
        "pushed {} graph{}",
        pushed.len(),
        if pushed.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

/// Where to push and how, from the command line.
fn target_of(args: &PushArgs) -> (Target, PushOptions) {
    let auth = match (&args.user, &args.password, &args.token) {
        (Some(user), Some(password), _) => Auth::Basic {
            user: user.clone(),
            password: password.clone(),
        },
        (_, _, Some(token)) => Auth::Bearer(token.clone()),
        _ => Auth::None,
    };
    let target = Target {
        graph_store: args.endpoint.clone(),
        update: args.update_endpoint.clone(),
        auth,
    };
    let options = PushOptions {
        retries: args.retries,
        timeout: Duration::from_secs(args.timeout),
        batch_size: usize::try_from(args.batch_size).unwrap_or(usize::MAX),
        ..PushOptions::default()
    };
    (target, options)
}

/// `push --changes FILE`: checks the file is a SPARQL Update, then sends it whole.
fn apply_changes(path: &Path, args: &PushArgs) -> Result<()> {
    let update = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the changes {}", path.display()))?;
    if let Err(e) = spargebra::SparqlParser::new().parse_update(&update) {
        bail!(
            "{} is not a SPARQL 1.1 Update ({e}); give a release's changes.ru or the output of `kyoto-kg diff --format sparql`",
            path.display()
        );
    }
    let (target, options) = target_of(args);
    let mut err = io::stderr().lock();
    let applied = push::changes::apply(&update, &target, &options, &mut |attempt, reason| {
        let _ = writeln!(err, "  attempt {attempt} failed: {reason}; retrying");
    })
    .with_context(|| format!("the changes in {} were not applied", path.display()))?;
    writeln!(
        io::stdout().lock(),
        "applied {} ({} bytes) to {}, status {}",
        path.display(),
        applied.bytes,
        applied.url,
        applied.status
    )?;
    Ok(())
}

/// `data`, `ontology`, `sdg`, `default` or a graph IRI.
fn parse_graph(text: &str) -> Result<GraphTarget> {
    Ok(match text {
        "data" => GraphTarget::Named(graph::DATA.into_owned()),
        "ontology" => GraphTarget::Named(graph::ONTOLOGY.into_owned()),
        "sdg" => GraphTarget::Named(graph::SDG.into_owned()),
        "default" => GraphTarget::Default,
        iri => GraphTarget::Named(NamedNode::new(iri).with_context(|| {
            format!("--graph {iri:?} is neither data, ontology, sdg, default nor a valid IRI")
        })?),
    })
}
