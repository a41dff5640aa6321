//! JSON-LD that people can read: compacted with kyoto-kg's published context
//! (`ontology/context.jsonld`), and a nested ("framed") view for web developers.
//!
//! The pipeline is: sorted quads -> expanded JSON-LD (`from_rdf`, types as `@type`, native
//! numbers and booleans) -> optionally nested (`frame`) -> compacted by a real JSON-LD 1.1
//! processor (the `json-ld` crate) with [`CONTEXT`]. Compaction, not hand-written key mapping,
//! decides every short key, so whatever the context says is what the output uses, and any
//! JSON-LD processor expands the output back to the same graph (checked in the tests with
//! sophia's independent JSON-LD parser).
//!
//! Specs: [JSON-LD 1.1](https://www.w3.org/TR/json-ld11/),
//! [JSON-LD 1.1 API](https://www.w3.org/TR/json-ld11-api/).

mod frame;
mod from_rdf;
mod pretty;

use json_ld::syntax::TryFromJson;
use json_ld::{JsonLdProcessor, NoLoader, Options, RemoteContextReference, RemoteDocument};
use oxigraph::model::Quad;
use serde_json::Value;
use std::io::{self, Write};

/// The kyoto-kg JSON-LD context document, as shipped in `ontology/context.jsonld`.
///
/// The server publishes it at [`CONTEXT_PATH`]; exports embed it unless told to reference a
/// published copy instead ([`ContextRef::Url`]).
pub const CONTEXT: &str = include_str!("../../ontology/context.jsonld");

/// Where the server publishes [`CONTEXT`], relative to its root.
pub const CONTEXT_PATH: &str = "/context.jsonld";

/// The media type of JSON-LD documents.
pub const MEDIA_TYPE: &str = "application/ld+json";

/// Why JSON-LD could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JsonLdError {
    /// The graph holds something JSON-LD 1.1 cannot express.
    #[error("JSON-LD 1.1 cannot express the term {0} (an RDF 1.2 triple term)")]
    Unsupported(String),
    /// The shipped context is not valid (a bug in the release).
    #[error("the built-in JSON-LD context is invalid: {0}")]
    Context(String),
    /// The JSON-LD processor refused the document.
    #[error("JSON-LD compaction failed: {0}")]
    Compaction(String),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// How a written document refers to the context.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ContextRef {
    /// Embed the whole context: the document stands alone (the default).
    #[default]
    Embedded,
    /// Write `"@context": "<url>"`: shorter, but readers must be able to fetch the URL.
    Url(String),
}

/// The shape of a JSON-LD document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// One flat node object per subject, in each graph (the default).
    #[default]
    Flat,
    /// The declaration -> pillars -> discussions -> sessions -> topics tree, then the rest.
    Framed,
}

/// The value of the context document's `@context` entry.
pub fn context_value() -> Result<Value, JsonLdError> {
    let document: Value =
        serde_json::from_str(CONTEXT).map_err(|e| JsonLdError::Context(e.to_string()))?;
    document
        .get("@context")
        .cloned()
        .ok_or_else(|| JsonLdError::Context("no @context entry".into()))
}

/// The expanded JSON-LD of `quads`, in the given shape; sorted, whatever the order of `quads`.
pub fn expand(quads: &[Quad], shape: Shape) -> Result<Value, JsonLdError> {
    let graphs = from_rdf::graph_map(quads)?;
    Ok(match shape {
        Shape::Flat => from_rdf::expanded_document(&graphs),
        Shape::Framed => frame::framed_document(&graphs),
    })
}

/// Compacts an expanded JSON-LD document with kyoto-kg's [`CONTEXT`].
pub fn compact(expanded: Value, context: &ContextRef) -> Result<Value, JsonLdError> {
    let context_json = json_syntax::Value::from_serde_json(context_value()?);
    let processed = json_ld::syntax::context::Context::try_from_json(context_json)
        .map_err(|e| JsonLdError::Context(e.to_string()))?;
    let input = RemoteDocument::new(None, None, json_syntax::Value::from_serde_json(expanded));
    let options = Options {
        ordered: true,
        ..Options::default()
    };
    let compacted = futures::executor::block_on(input.compact_using(
        RemoteContextReference::Loaded(RemoteDocument::new(None, None, processed)),
        &NoLoader,
        options,
    ))
    .map_err(|e| JsonLdError::Compaction(e.to_string()))?;
    let mut compacted = compacted.into_serde_json();
    if let ContextRef::Url(url) = context
        && let Some(object) = compacted.as_object_mut()
    {
        object.insert("@context".into(), Value::String(url.clone()));
    }
    Ok(compacted)
}

/// Writes `quads` as compacted JSON-LD in the given shape, pretty-printed (`@id` first), ending
/// with a newline.
pub fn write_compacted<W: Write>(
    quads: &[Quad],
    shape: Shape,
    context: &ContextRef,
    mut writer: W,
) -> Result<W, JsonLdError> {
    let document = compact(expand(quads, shape)?, context)?;
    pretty::write(&document, &mut writer)?;
    Ok(writer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_context_parses_and_defines_the_keys_the_issue_names() -> Result<(), JsonLdError>
    {
        let context = context_value()?;
        for key in [
            "title",
            "startDate",
            "pillar",
            "topics",
            "sessionNumber",
            "relatedSdg",
            "closeSdg",
        ] {
            assert!(context.get(key).is_some(), "the context lacks {key}");
        }
        Ok(())
    }
}
