//! Versions of the dataset and of the ontology: the IRIs a release gets
//! (`https://w3id.org/kyoto-kg/dataset/0.2.0`, `https://w3id.org/kyoto-kg/ontology/0.2.0`).

use crate::export::void::DATASET;
use oxigraph::model::NamedNode;

/// The IRI of the ontology, without its `#`.
pub const ONTOLOGY: &str = "https://w3id.org/kyoto-kg/ontology";

/// The IRI of the release `version` of the dataset.
pub fn dataset_version_iri(version: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DATASET}/{}", iri_safe(version)))
}

/// The IRI of the ontology as released in `version`.
pub fn ontology_version_iri(version: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ONTOLOGY}/{}", iri_safe(version)))
}

/// `version` with anything an IRI path segment cannot hold percent-encoded.
fn iri_safe(version: &str) -> String {
    let mut out = String::with_capacity(version.len());
    for b in version.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~' | b'+') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
