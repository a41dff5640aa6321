//! Deterministic RDF serialization shared by `query` (CONSTRUCT/DESCRIBE results) and `export`.
//!
//! Quads are sorted (graph, subject, predicate, object, by their N-Triples form) and written with
//! the project's prefixes, so the same graph always gives the same bytes. Formats are those of
//! [`oxigraph::io`] (Turtle, N-Triples, N-Quads, TriG, RDF/XML, expanded JSON-LD) plus JSON-LD
//! compacted with kyoto-kg's context ([`crate::jsonld`]).

use crate::jsonld::{self, ContextRef, Shape};
use crate::observe::{self, Observer, Step};
use crate::vocab::prefixes;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad};
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

mod pieces;

/// An RDF format a user can choose by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Turtle, with prefixes (the default).
    Turtle,
    /// N-Triples: one triple per line.
    NTriples,
    /// N-Quads: N-Triples plus the named graph.
    NQuads,
    /// TriG: Turtle with named graphs.
    TriG,
    /// RDF/XML.
    RdfXml,
    /// JSON-LD compacted with kyoto-kg's context (`ontology/context.jsonld`, embedded).
    JsonLd,
    /// JSON-LD in expanded form: full IRIs, no context.
    JsonLdExpanded,
}

impl Format {
    /// Every format, in the order they are listed in help and errors.
    pub const ALL: [Self; 7] = [
        Self::Turtle,
        Self::NTriples,
        Self::NQuads,
        Self::TriG,
        Self::RdfXml,
        Self::JsonLd,
        Self::JsonLdExpanded,
    ];

    /// The name users type (`--format turtle`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Turtle => "turtle",
            Self::NTriples => "ntriples",
            Self::NQuads => "nquads",
            Self::TriG => "trig",
            Self::RdfXml => "rdfxml",
            Self::JsonLd => "jsonld",
            Self::JsonLdExpanded => "jsonld-expanded",
        }
    }

    /// The Oxigraph format.
    pub const fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::NTriples => RdfFormat::NTriples,
            Self::NQuads => RdfFormat::NQuads,
            Self::TriG => RdfFormat::TriG,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd | Self::JsonLdExpanded => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }

    /// Whether the format keeps named graphs.
    pub const fn supports_datasets(self) -> bool {
        self.rdf_format().supports_datasets()
    }

    /// The usual file extension.
    pub const fn extension(self) -> &'static str {
        self.rdf_format().file_extension()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.name() == wanted || f.extension() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "the RDF format {s:?} is unknown; choose from: {}",
                    names.join(", ")
                )
            })
    }
}

/// Sorts quads into the canonical output order and removes duplicates.
///
/// The quads are cut into one run per core; each run computes its sort keys and sorts itself on
/// a thread of its own, and the sorted runs are merged. Keys are unique per quad (see
/// `order_key`), so the order does not depend on the number of runs.
pub fn sort_quads(quads: &mut Vec<Quad>) {
    let threads = crate::threads::cores()
        .min(MAX_SORT_THREADS)
        .min(quads.len() / MIN_SORT_RUN)
        .max(1);
    let run_len = quads.len().div_ceil(threads).max(1);
    let mut unsorted = Vec::with_capacity(threads);
    while quads.len() > run_len {
        let tail = quads.split_off(quads.len() - run_len);
        unsorted.push(tail);
    }
    unsorted.push(std::mem::take(quads));
    let runs: Vec<Vec<(String, Quad)>> = crate::threads::map(&mut unsorted, |run| {
        let mut keyed: Vec<(String, Quad)> = std::mem::take(run)
            .into_iter()
            .map(|q| (order_key(&q), q))
            .collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        keyed
    });
    quads.reserve(runs.iter().map(Vec::len).sum());
    let mut runs: Vec<_> = runs.into_iter().map(Vec::into_iter).collect();
    let mut heads: Vec<Option<(String, Quad)>> = runs.iter_mut().map(Iterator::next).collect();
    let mut last: Option<String> = None;
    loop {
        // The run whose next key is smallest (there are few runs: a linear scan is enough).
        let mut best: Option<usize> = None;
        for (i, head) in heads.iter().enumerate() {
            if let Some((key, _)) = head {
                let smaller = best.is_none_or(|b| heads[b].as_ref().is_some_and(|(k, _)| key < k));
                if smaller {
                    best = Some(i);
                }
            }
        }
        let Some(b) = best else { break };
        let next = runs[b].next();
        let Some((key, quad)) = std::mem::replace(&mut heads[b], next) else {
            break;
        };
        // Equal keys are equal quads: keep the first.
        if last.as_ref() != Some(&key) {
            quads.push(quad);
            last = Some(key);
        }
    }
}

/// Runs shorter than this are not worth a thread.
const MIN_SORT_RUN: usize = 1 << 14;

/// Sorting gains little beyond this many threads, and merging costs one comparison per run.
const MAX_SORT_THREADS: usize = 8;

/// The sort key of a quad: its graph name (empty for the default graph), subject, predicate and
/// object in their N-Triples form, joined by NUL. No term's N-Triples form contains NUL (IRIs
/// cannot, blank node ids are alphanumeric, literals escape every control character), so keys
/// order like the four strings compared one after the other, with one allocation per quad
/// instead of four (allocating and freeing four strings per quad was a fifth of an export at
/// 10^6 triples).
fn order_key(quad: &Quad) -> String {
    use std::fmt::Write as _;
    let mut key = String::with_capacity(192);
    // Writing into a String cannot fail.
    let _ = match &quad.graph_name {
        GraphName::DefaultGraph => Ok(()),
        g => write!(key, "{g}"),
    };
    let _ = write!(
        key,
        "\0{}\0{}\0{}",
        quad.subject, quad.predicate, quad.object
    );
    key
}

/// Writes `quads` in `format`, sorted, with prefixes.
///
/// For formats without named graphs, every quad is written as a triple of the default graph
/// (duplicates across graphs are written once).
pub fn write_quads<W: Write>(quads: Vec<Quad>, format: Format, writer: W) -> io::Result<W> {
    write_quads_with_prefixes(quads, format, &prefixes(), writer)
}

/// Writes `quads` in `format`, sorted, declaring only the given `(name, namespace)` prefixes.
///
/// For files whose bytes must not change when the project gains a prefix (the committed SDG
/// snapshot), a fixed list keeps the output stable.
pub fn write_quads_with_prefixes<W: Write>(
    quads: Vec<Quad>,
    format: Format,
    prefixes: &[(String, String)],
    writer: W,
) -> io::Result<W> {
    Ok(write_quads_observed(quads, format, prefixes, writer, &observe::ignore)?.0)
}

/// [`write_quads_with_prefixes`], reporting progress to `observer`; also returns the number of
/// quads written.
pub(crate) fn write_quads_observed<W: Write>(
    mut quads: Vec<Quad>,
    format: Format,
    prefixes: &[(String, String)],
    writer: W,
    observer: Observer<'_>,
) -> io::Result<(W, u64)> {
    if !format.supports_datasets() {
        for quad in &mut quads {
            quad.graph_name = GraphName::DefaultGraph;
        }
    }
    observer(Step::Sorting {
        total: quads.len() as u64,
    });
    sort_quads(&mut quads);
    let total = quads.len() as u64;
    if format == Format::JsonLd {
        let writer = jsonld::write_compacted(&quads, Shape::Flat, &ContextRef::Embedded, writer)
            .map_err(io::Error::other)?;
        observer(Step::Done(total));
        return Ok((writer, total));
    }
    observer(Step::Writing { total });
    if pieces::splits(format.rdf_format()) {
        let writer = pieces::write(&quads, format.rdf_format(), prefixes, writer, observer)?;
        return Ok((writer, total));
    }
    let mut writer = serializer(format.rdf_format(), prefixes)?.for_writer(writer);
    for (done, chunk) in quads.chunks(observe::REPORT_EVERY).enumerate() {
        for quad in chunk {
            writer.serialize_quad(quad)?;
        }
        observer(Step::Done(
            (done * observe::REPORT_EVERY + chunk.len()) as u64,
        ));
    }
    Ok((writer.finish()?, quads.len() as u64))
}

/// Oxigraph's serializer for `format`, declaring `prefixes`.
fn serializer(format: RdfFormat, prefixes: &[(String, String)]) -> io::Result<RdfSerializer> {
    let mut serializer = RdfSerializer::from_format(format);
    for (name, iri) in prefixes {
        serializer = serializer
            .with_prefix(name.as_str(), iri.as_str())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    }
    Ok(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip_and_unknown_names_list_the_choices() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert_eq!("ttl".parse::<Format>(), Ok(Format::Turtle));
        let err = "yaml".parse::<Format>().err().unwrap_or_default();
        assert!(
            err.contains("turtle, ntriples, nquads, trig, rdfxml, jsonld, jsonld-expanded"),
            "{err}"
        );
    }

    #[test]
    fn sorting_in_runs_gives_the_order_and_the_quads_of_one_sort() {
        use oxigraph::model::{Literal, NamedNode};
        let ex = |s: String| NamedNode::new_unchecked(format!("http://example.org/{s}"));
        // Several runs' worth, in a scrambled order, every quad three times (so repeats fall
        // into different runs), in two graphs.
        let n = 3 * MIN_SORT_RUN + 11;
        let mut quads = Vec::new();
        for copy in 0..3 {
            for i in 0..n {
                let j = (i * 7919 + copy * 104_729) % n;
                let graph: GraphName = if j.is_multiple_of(2) {
                    GraphName::DefaultGraph
                } else {
                    ex("g".into()).into()
                };
                quads.push(Quad::new(
                    ex(format!("s{}", j % 97)),
                    ex(format!("p{}", j % 5)),
                    Literal::new_simple_literal(format!("{j}")),
                    graph,
                ));
            }
        }
        let mut expected = quads.clone();
        expected.sort_by_cached_key(order_key);
        expected.dedup();
        sort_quads(&mut quads);
        assert_eq!(quads.len(), n);
        assert!(quads == expected);
    }

    #[test]
    fn quads_sort_like_their_four_terms_compared_in_turn() {
        use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term};
        let iri = |s: &str| NamedNode::new_unchecked(s);
        // IRIs with characters below and above '>' after a common prefix; blank nodes whose
        // N-Triples forms are prefixes of one another (a separator above '0' would put `_:b1`
        // before `_:b`); literals holding a NUL and a newline; the default graph.
        let subjects: [NamedOrBlankNode; 5] = [
            iri("http://ex.org/a").into(),
            iri("http://ex.org/a/b").into(),
            iri("http://ex.org/a-b").into(),
            BlankNode::new_unchecked("b").into(),
            BlankNode::new_unchecked("b1").into(),
        ];
        let objects: Vec<Term> = vec![
            iri("http://ex.org/a").into(),
            iri("http://ex.org/ab").into(),
            Literal::new_simple_literal("a").into(),
            Literal::new_simple_literal("a\0b").into(),
            Literal::new_simple_literal("a\nb").into(),
            Literal::new_language_tagged_literal_unchecked("a", "en").into(),
            Literal::from(1).into(),
            BlankNode::new_unchecked("b1").into(),
        ];
        let graphs: [GraphName; 4] = [
            GraphName::DefaultGraph,
            iri("http://ex.org/g").into(),
            BlankNode::new_unchecked("g").into(),
            BlankNode::new_unchecked("g0").into(),
        ];
        let mut quads = Vec::new();
        for g in &graphs {
            for s in &subjects {
                for o in &objects {
                    quads.push(Quad::new(
                        s.clone(),
                        iri("http://ex.org/p"),
                        o.clone(),
                        g.clone(),
                    ));
                }
            }
        }
        quads.reverse();
        let mut expected = quads.clone();
        expected.sort_by_key(|q| {
            let graph = match &q.graph_name {
                GraphName::DefaultGraph => String::new(),
                g => g.to_string(),
            };
            (
                graph,
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        });
        sort_quads(&mut quads);
        assert_eq!(quads, expected);
    }
}
