//! Writes query results: an aligned text table for people, the standard SPARQL result formats
//! (JSON, XML, CSV, TSV) for programs, and RDF for CONSTRUCT/DESCRIBE.
//!
//! Result formats: <https://www.w3.org/TR/sparql11-results-json/>,
//! <https://www.w3.org/TR/rdf-sparql-XMLres/>, <https://www.w3.org/TR/sparql11-results-csv-tsv/>.

use crate::serialize::{self, Format};
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// How to write query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// An aligned text table with abbreviated IRIs (SELECT/ASK).
    Table,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// An RDF format (CONSTRUCT/DESCRIBE).
    Rdf(Format),
}

impl ResultFormat {
    const TABULAR: [(&'static str, Self); 5] = [
        ("table", Self::Table),
        ("json", Self::Json),
        ("xml", Self::Xml),
        ("csv", Self::Csv),
        ("tsv", Self::Tsv),
    ];

    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Json => Some(QueryResultsFormat::Json),
            Self::Xml => Some(QueryResultsFormat::Xml),
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Table | Self::Rdf(_) => None,
        }
    }

    /// Every accepted name, for help and errors.
    pub fn names() -> Vec<&'static str> {
        Self::TABULAR
            .iter()
            .map(|(n, _)| *n)
            .chain(Format::ALL.iter().map(|f| f.name()))
            .collect()
    }
}

impl fmt::Display for ResultFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rdf(format) => format.fmt(f),
            other => {
                let name = Self::TABULAR
                    .iter()
                    .find(|(_, v)| v == other)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

impl FromStr for ResultFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.to_ascii_lowercase();
        if let Some((_, format)) = Self::TABULAR.iter().find(|(n, _)| *n == wanted) {
            return Ok(*format);
        }
        wanted.parse::<Format>().map(Self::Rdf).map_err(|_| {
            format!(
                "the result format {s:?} is unknown; choose from: {}",
                Self::names().join(", ")
            )
        })
    }
}

/// Why results could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// Writing failed.
    #[error("cannot write the results: {0}")]
    Io(#[from] io::Error),
    /// Evaluation failed while results were being read.
    #[error(transparent)]
    Evaluation(#[from] oxigraph::sparql::QueryEvaluationError),
    /// The format does not fit the kind of result.
    #[error("{0}")]
    Mismatch(String),
}

/// Writes `results` in `format` (default: table for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE).
pub fn render<W: Write>(
    results: QueryResults<'_>,
    format: Option<ResultFormat>,
    mut out: W,
) -> Result<W, RenderError> {
    match results {
        QueryResults::Boolean(value) => match format.unwrap_or(ResultFormat::Table) {
            ResultFormat::Table => {
                writeln!(out, "{value}")?;
                Ok(out)
            }
            f => match f.results_format() {
                Some(rf) => Ok(QueryResultsSerializer::from_format(rf)
                    .serialize_boolean_to_writer(out, value)?),
                None => Err(mismatch_tabular(f)),
            },
        },
        QueryResults::Solutions(solutions) => {
            let format = format.unwrap_or(ResultFormat::Table);
            let variables = solutions.variables().to_vec();
            if format == ResultFormat::Table {
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| solution.get(v).map(display_term).unwrap_or_default())
                            .collect::<Vec<_>>(),
                    );
                }
                let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
                write_table(&mut out, &header, &rows)?;
                return Ok(out);
            }
            let rf = format
                .results_format()
                .ok_or_else(|| mismatch_tabular(format))?;
            let mut writer = QueryResultsSerializer::from_format(rf)
                .serialize_solutions_to_writer(out, variables)?;
            for solution in solutions {
                writer.serialize(&solution?)?;
            }
            Ok(writer.finish()?)
        }
        QueryResults::Graph(triples) => {
            let format = match format {
                None => Format::Turtle,
                Some(ResultFormat::Rdf(f)) => f,
                Some(other) => {
                    return Err(RenderError::Mismatch(format!(
                        "--format {other} is for SELECT and ASK results; a CONSTRUCT or DESCRIBE query returns RDF: choose from {}",
                        Format::ALL.map(|f| f.name()).join(", ")
                    )));
                }
            };
            let mut quads = Vec::new();
            for triple in triples {
                quads.push(triple?.in_graph(GraphName::DefaultGraph));
            }
            Ok(serialize::write_quads(quads, format, out)?)
        }
    }
}

fn mismatch_tabular(format: ResultFormat) -> RenderError {
    RenderError::Mismatch(format!(
        "--format {format} is for CONSTRUCT and DESCRIBE results; a SELECT or ASK query gives a table: choose from table, json, xml, csv, tsv"
    ))
}

/// A term as people read it: IRIs shortened with the project's prefixes, literals as their text.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => abbreviate(node.as_str()),
        Term::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

/// `https://w3id.org/kyoto-kg/id/session/2022-2` -> `session:2022-2`; unknown IRIs in `<>`.
pub fn abbreviate(iri: &str) -> String {
    crate::vocab::prefixes()
        .iter()
        .filter_map(|(name, ns)| iri.strip_prefix(ns.as_str()).map(|local| (name, local)))
        .min_by_key(|(_, local)| local.len())
        .map_or_else(
            || format!("<{iri}>"),
            |(name, local)| format!("{name}:{local}"),
        )
}

fn write_table<W: Write>(out: &mut W, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |out: &mut W, cells: &[String]| -> io::Result<()> {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            text.push_str(cell);
            if i + 1 < cells.len() {
                text.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("-+-"))?;
    for row in rows {
        line(out, row)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}

/// Collects CONSTRUCT/DESCRIBE results into quads of the default graph (for tests and pages).
pub fn graph_quads(results: QueryResults<'_>) -> Result<Vec<Quad>, RenderError> {
    match results {
        QueryResults::Graph(triples) => triples
            .map(|t| Ok(t?.in_graph(GraphName::DefaultGraph)))
            .collect(),
        _ => Err(RenderError::Mismatch(
            "not a CONSTRUCT or DESCRIBE result".into(),
        )),
    }
}
