//! Error reports for people: source-data problems rendered like compiler diagnostics (with
//! annotate-snippets, see [`crate::source::render_diagnostic`]), query
//! syntax errors with the offending line and a caret, everything else as a cause chain.

#![expect(
    clippy::print_stderr,
    reason = "this module writes the error report to stderr"
)]

use crate::query::QueryError;
use crate::source::{self, Diagnostic, SourceError};
use std::fs;
use std::io::IsTerminal;

/// The query text whose syntax error is being reported, attached as context.
#[derive(Debug)]
pub struct QueryText(pub String);

impl std::fmt::Display for QueryText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("in this query")
    }
}

/// A refusal to go on because the graph violates the shapes or checks (the findings are
/// already printed): an error, so that a build aborts before anything replaces the old store;
/// the command turns it into exit status 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

/// Prints `error` to stderr.
pub fn error(error: &anyhow::Error) {
    if let Some(source) = error.downcast_ref::<SourceError>()
        && !source.diagnostics().is_empty()
    {
        for diagnostic in source.diagnostics() {
            eprintln!("{}\n", render_diagnostic(diagnostic));
        }
        let n = source.diagnostics().len();
        eprintln!(
            "error: the source data has {n} problem{}; nothing was written",
            if n == 1 { "" } else { "s" }
        );
        return;
    }
    if let Some(QueryError::Syntax { message, position }) = error.downcast_ref::<QueryError>() {
        eprintln!("error: the query is not valid SPARQL: {message}");
        if let (Some((line, column)), Some(text)) = (position, find_query_text(error))
            && let Some(source_line) = text.lines().nth(line.saturating_sub(1))
        {
            eprintln!("{line:>4} | {source_line}");
            eprintln!("     | {}^", " ".repeat(column.saturating_sub(1)));
        }
        eprintln!(
            "  hint: check the syntax near that position; prefixes such as kyoto:, skos:, schema:, dct: are predefined"
        );
        return;
    }
    eprintln!("error: {error}");
    for cause in error.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}

fn find_query_text(error: &anyhow::Error) -> Option<&str> {
    error.downcast_ref::<QueryText>().map(|t| t.0.as_str())
}

/// Renders one diagnostic with the line it points at, like a compiler (annotate-snippets).
fn render_diagnostic(d: &Diagnostic) -> String {
    let text = fs::read_to_string(&d.location.file).ok();
    source::render_diagnostic(d, text.as_deref(), colours())
}

/// Whether to colour the report: stderr is a terminal and `NO_COLOR` is not set.
fn colours() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Reports a refusal (the findings it refers to are already printed).
pub fn refusal(refusal: &Refusal) {
    eprintln!("error: {refusal}");
}

/// Whether the error is a closed standard output (e.g. `kyoto-kg export | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
