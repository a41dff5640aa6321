//! Canonical N-Quads: the [RDF Dataset Canonicalization](https://www.w3.org/TR/rdf-canon/)
//! (RDFC-1.0, SHA-256) of a dataset, serialized as sorted canonical N-Quads, and its SHA-256.
//!
//! The same dataset always gives the same bytes, whatever the order quads were inserted in and
//! whatever its blank nodes were called: blank nodes are relabelled `_:c14n0`, `_:c14n1`, ... by
//! the algorithm (Oxigraph's `oxrdf` implementation), and lines are sorted by code point. The
//! tests check the bytes against sophia's independent implementation (`sophia_c14n`).

use oxigraph::model::Quad;
use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use sha2::{Digest, Sha256};

/// The media type of N-Quads.
pub const MEDIA_TYPE: &str = "application/n-quads";

/// A canonical N-Quads document and its digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonical {
    /// The canonical N-Quads, one quad per line, sorted, each line ending with `\n`.
    pub nquads: String,
    /// The SHA-256 of [`Self::nquads`], as 64 lower-case hex digits.
    pub sha256: String,
}

/// Canonicalizes `quads` with RDFC-1.0 (SHA-256) into canonical N-Quads.
pub fn canonicalize(quads: impl IntoIterator<Item = Quad>) -> Canonical {
    let mut dataset: Dataset = quads.into_iter().collect();
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    // oxrdf's term formatting is the canonical N-Quads form (it is what RDFC-1.0 hashes).
    let mut lines: Vec<String> = dataset.iter().map(|q| format!("{q} .\n")).collect();
    lines.sort_unstable();
    lines.dedup();
    let nquads = lines.concat();
    let sha256 = sha256_hex(nquads.as_bytes());
    Canonical { nquads, sha256 }
}

/// The SHA-256 of `bytes` as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode};

    fn iri(s: &str) -> NamedNode {
        NamedNode::new_unchecked(s)
    }

    fn quads(a: &str, b: &str) -> Vec<Quad> {
        let (a, b) = (BlankNode::new_unchecked(a), BlankNode::new_unchecked(b));
        let p = iri("http://example.org/p");
        vec![
            Quad::new(a.clone(), p.clone(), b.clone(), GraphName::DefaultGraph),
            Quad::new(
                b,
                p.clone(),
                Literal::from("x"),
                iri("http://example.org/g"),
            ),
            Quad::new(a, p, iri("http://example.org/o"), GraphName::DefaultGraph),
        ]
    }

    #[test]
    fn blank_node_labels_and_insertion_order_do_not_change_the_bytes() {
        let one = canonicalize(quads("x", "y"));
        let mut reversed = quads("zz", "a1");
        reversed.reverse();
        let two = canonicalize(reversed);
        assert_eq!(one, two);
        assert!(one.nquads.contains("_:c14n0"), "{}", one.nquads);
        assert_eq!(one.nquads.lines().count(), 3);
        assert_eq!(one.sha256.len(), 64);
    }

    #[test]
    fn the_digest_is_the_sha256_of_the_bytes() {
        // FIPS 180-2 test vector.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
