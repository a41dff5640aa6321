//! `kyoto-kg validate`: check the graph against the SHACL shapes and the quality checks.

use super::Exit;
use super::{load_data, open_store};
use crate::cli::ValidateArgs;
use crate::files;
use crate::model::Dataset;
use crate::report::Refusal;
use crate::serialize::Format;
use crate::store::{self, LoadSpec};
use crate::validate::{self, Origins, Outcome, checks, shapes};
use anyhow::{Context, Result};
use oxigraph::store::Store;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Runs `validate`.
pub(crate) fn run(data: &Path, args: &ValidateArgs) -> Result<Exit> {
    let (store, origins, what) = if args.files.is_empty() {
        let (store, origins) = match &args.store.store {
            Some(_) => (
                open_store(data, &args.store, &crate::progress::Progress::hidden())?,
                Origins::default(),
            ),
            None => {
                let dataset = load_data(data)?;
                let store = store::in_memory(&dataset, &args.store.load)?;
                (store, Origins::of(&dataset))
            }
        };
        let what = match &args.store.store {
            Some(dir) => format!("the store {}", dir.display()),
            None => format!("the graph built from {}", data.display()),
        };
        (store, origins, what)
    } else {
        let store = Store::new()?;
        for path in &args.files {
            let spec = LoadSpec {
                path: path.clone(),
                graph: None,
            };
            store::load_file(&store, &spec)?;
        }
        let names: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
        (store, Origins::default(), names.join(", "))
    };
    let outcome = validate::validate(&store, &origins)?;
    if let Some(path) = &args.report {
        let format = report_format(path);
        files::write(path, |w| {
            validate::write_report(&outcome.report, format, w).map(|_| ())
        })
        .with_context(|| format!("cannot write the validation report to {}", path.display()))?;
    }
    let mut out = BufWriter::new(io::stdout().lock());
    print_findings(&mut out, &outcome)?;
    writeln!(out, "{}", summary(&outcome, &what)?)?;
    out.flush()?;
    Ok(if outcome.conforms() {
        Exit::Success
    } else {
        Exit::Findings
    })
}

/// Validates the store `build` made; on violations prints them to stderr and refuses.
pub(crate) fn before_build(store: &Store, origins: &Origins) -> Result<()> {
    refuse_unless_conforms(&validate::validate(store, origins)?)
}

/// Validates what a build from `dataset` alone does not take from its records (the ontology
/// and the SDG snapshot); on violations prints them to stderr and refuses.
pub(crate) fn beyond_records(dataset: &Dataset) -> Result<()> {
    refuse_unless_conforms(&validate::validate_beyond_records(dataset)?)
}

fn refuse_unless_conforms(outcome: &Outcome) -> Result<()> {
    if outcome.conforms() {
        return Ok(());
    }
    let mut err = io::stderr().lock();
    print_findings(&mut err, outcome)?;
    let count = outcome.findings().count();
    Err(Refusal(format!(
            "the graph violates the shapes or quality checks {count} time{}; nothing was built. Fix the data (see above), or pass --no-validate to build anyway",
            if count == 1 { "" } else { "s" }
    ))
    .into())
}

fn print_findings(out: &mut impl Write, outcome: &Outcome) -> io::Result<()> {
    for finding in outcome.findings() {
        writeln!(out, "{finding}\n")?;
    }
    Ok(())
}

fn summary(outcome: &Outcome, what: &str) -> Result<String> {
    let shapes = shapes::node_shapes()?.len();
    let checks = checks::all().len();
    let checked = format!(
        "{} triples of {what} against {shapes} SHACL shapes and {checks} quality checks",
        outcome.triples
    );
    Ok(if outcome.conforms() {
        format!("Conforms: validated {checked}; no violations.")
    } else {
        format!(
            "Violations: {} from shapes and {} from quality checks, validating {checked}.",
            outcome.shape_findings.len(),
            outcome.check_findings.len()
        )
    })
}

/// The report's RDF format, from its extension; Turtle when unknown.
fn report_format(path: &Path) -> Format {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(|e| e.parse().ok())
        .unwrap_or(Format::Turtle)
}
