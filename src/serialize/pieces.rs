//! Writing sorted quads on every core: the quads are cut into pieces at subject boundaries, each
//! piece is serialized on a thread of its own, and the pieces are written in order.
//!
//! This gives the same bytes as one serializer writing every quad, for the formats whose
//! serializer keeps no state across subjects: N-Triples and N-Quads (a line per quad) and Turtle
//! (a statement per subject, ended by " ." when the next subject starts or at the end; a piece
//! starts with the prefix lines, which every piece but the first drops). TriG opens a block per
//! graph and RDF/XML an element around everything, so they are written by one serializer. The
//! unit tests below compare the bytes with a single serializer's.

use crate::observe::{Observer, Step};
use oxigraph::io::RdfFormat;
use oxigraph::model::Quad;
use std::io::{self, Write};

/// Quads per round: each round serializes this many quads into memory (split over the cores)
/// and writes them before the next, so memory stays bounded whatever the size of the export.
const ROUND: usize = 1 << 18;

/// Below this many quads one thread is as fast.
const MIN_PARALLEL: usize = 1 << 14;

/// Whether `format` can be written in pieces with the same bytes as a single serializer's.
pub(super) const fn splits(format: RdfFormat) -> bool {
    matches!(
        format,
        RdfFormat::NTriples | RdfFormat::NQuads | RdfFormat::Turtle
    )
}

/// Writes `quads` (sorted) in `format` with `prefixes`, on every core; `format` must be one that
/// [`splits`].
pub(super) fn write<W: Write>(
    quads: &[Quad],
    format: RdfFormat,
    prefixes: &[(String, String)],
    mut writer: W,
    observer: Observer<'_>,
) -> io::Result<W> {
    let threads = crate::threads::cores();
    let mut done = 0;
    let mut first = true;
    while done < quads.len() {
        let end = subject_boundary(quads, (done + ROUND).min(quads.len()));
        let round = &quads[done..end];
        let mut pieces = cut(
            round,
            if round.len() < MIN_PARALLEL {
                1
            } else {
                threads
            },
        );
        let outputs = crate::threads::map(&mut pieces, |piece| serialize(piece, format, prefixes))
            .into_iter()
            .collect::<io::Result<Vec<_>>>()?;
        for output in outputs {
            // Only the very first piece keeps the prefix lines.
            let skip = if first { 0 } else { prelude_len(&output) };
            writer.write_all(&output[skip..])?;
            first = false;
        }
        done = end;
        observer(Step::Done(done as u64));
    }
    if first {
        // No quad at all: what the serializer writes for an empty graph.
        writer.write_all(&serialize(&[], format, prefixes)?)?;
    }
    Ok(writer)
}

/// One serializer's output for `quads`, finished.
fn serialize(
    quads: &[Quad],
    format: RdfFormat,
    prefixes: &[(String, String)],
) -> io::Result<Vec<u8>> {
    let mut writer =
        super::serializer(format, prefixes)?.for_writer(Vec::with_capacity(quads.len() * 128));
    for quad in quads {
        writer.serialize_quad(quad)?;
    }
    writer.finish()
}

/// The length of the prefix (and base) lines a piece starts with: a Turtle statement never
/// starts with `@`, a directive always does.
fn prelude_len(output: &[u8]) -> usize {
    let mut at = 0;
    while output.get(at) == Some(&b'@') {
        match output[at..].iter().position(|&b| b == b'\n') {
            Some(newline) => at += newline + 1,
            None => return output.len(),
        }
    }
    at
}

/// `quads` cut into at most `n` pieces of about the same size, each starting at a new subject.
fn cut(quads: &[Quad], n: usize) -> Vec<&[Quad]> {
    let mut pieces = Vec::with_capacity(n);
    let mut start = 0;
    for i in 1..=n {
        let end = if i == n {
            quads.len()
        } else {
            subject_boundary(quads, (quads.len() * i / n).max(start))
        };
        if end > start {
            pieces.push(&quads[start..end]);
            start = end;
        }
    }
    pieces
}

/// The first index at or after `at` where a new subject (or graph) starts, or the end.
fn subject_boundary(quads: &[Quad], mut at: usize) -> usize {
    while at > 0 && at < quads.len() {
        let (before, here) = (&quads[at - 1], &quads[at]);
        if before.subject != here.subject || before.graph_name != here.graph_name {
            break;
        }
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn quads(subjects: usize, per_subject: usize) -> Vec<Quad> {
        let ex = |s: String| NamedNode::new_unchecked(format!("http://example.org/{s}"));
        let mut quads = Vec::new();
        for s in 0..subjects {
            for p in 0..per_subject {
                quads.push(Quad::new(
                    ex(format!("s{s:05}")),
                    ex(format!("p{}", p % 3)),
                    Literal::new_simple_literal(format!("o{p}")),
                    GraphName::DefaultGraph,
                ));
            }
        }
        quads
    }

    fn single(quads: &[Quad], format: RdfFormat, prefixes: &[(String, String)]) -> Vec<u8> {
        serialize(quads, format, prefixes).unwrap_or_default()
    }

    #[test]
    fn pieces_give_the_bytes_of_one_serializer() -> io::Result<()> {
        let prefixes = [("ex".to_owned(), "http://example.org/".to_owned())];
        // Enough quads for several rounds and pieces, subjects spanning piece boundaries.
        let quads = quads(ROUND / 5 + 7, 7);
        for format in [RdfFormat::Turtle, RdfFormat::NTriples, RdfFormat::NQuads] {
            let pieced = write(
                &quads,
                format,
                &prefixes,
                Vec::new(),
                &crate::observe::ignore,
            )?;
            assert!(
                pieced == single(&quads, format, &prefixes),
                "{format} differs"
            );
        }
        Ok(())
    }

    #[test]
    fn an_empty_graph_gives_what_one_serializer_gives() -> io::Result<()> {
        let prefixes = [("ex".to_owned(), "http://example.org/".to_owned())];
        let pieced = write(
            &[],
            RdfFormat::Turtle,
            &prefixes,
            Vec::new(),
            &crate::observe::ignore,
        )?;
        assert_eq!(pieced, single(&[], RdfFormat::Turtle, &prefixes));
        Ok(())
    }

    #[test]
    fn pieces_start_at_a_new_subject_and_cover_everything() {
        let quads = quads(10, 5);
        for n in 1..8 {
            let pieces = cut(&quads, n);
            assert_eq!(pieces.iter().map(|p| p.len()).sum::<usize>(), quads.len());
            let mut at = 0;
            for piece in &pieces {
                assert!(at == 0 || quads[at - 1].subject != piece[0].subject);
                at += piece.len();
            }
        }
        let statement = b"ex:s ex:p 1 .\n";
        let text = [b"@prefix a: <x> .\n@base <y> .\n".as_slice(), statement].concat();
        assert_eq!(prelude_len(&text), text.len() - statement.len());
        assert_eq!(prelude_len(b"<s> <p> <o> .\n"), 0);
    }
}
