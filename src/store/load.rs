//! The extra RDF files of `--load`: which graph each goes into, its format from its
//! extension, and JSON-LD refused before parsing when it nests too deep.

use super::StoreError;
use crate::observe::{Observer, Step};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::NamedNode;
use oxigraph::store::Store;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An extra RDF file to load, and the named graph to load it into (`FILE[=GRAPH-IRI]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadSpec {
    /// The file; its extension gives the format.
    pub path: PathBuf,
    /// The named graph; `None` loads triples into the default graph (quads keep their graph).
    pub graph: Option<NamedNode>,
}

impl FromStr for LoadSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (path, graph) = match s.split_once('=') {
            Some((path, iri)) => {
                let graph = NamedNode::new(iri)
                    .map_err(|e| format!("{iri:?} is not a valid graph IRI: {e}"))?;
                (path, Some(graph))
            }
            None => (s, None),
        };
        if path.is_empty() {
            return Err("expected FILE or FILE=GRAPH-IRI".into());
        }
        Ok(Self {
            path: PathBuf::from(path),
            graph,
        })
    }
}

impl fmt::Display for LoadSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.graph {
            Some(g) => write!(f, "{}={}", self.path.display(), g.as_str()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// Loads the `--load` files, each into its graph.
pub(super) fn load_extra(
    store: &Store,
    extra: &[LoadSpec],
    observer: Observer<'_>,
) -> Result<(), StoreError> {
    for (index, spec) in extra.iter().enumerate() {
        observer(Step::LoadingFile { index });
        load_file(store, spec)?;
    }
    Ok(())
}

/// Loads one extra RDF file into `store`.
pub fn load_file(store: &Store, spec: &LoadSpec) -> Result<(), StoreError> {
    let format = spec
        .path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(RdfFormat::from_extension)
        .ok_or_else(|| StoreError::UnknownFormat(spec.path.clone()))?;
    let file = std::fs::File::open(&spec.path).map_err(|source| StoreError::Io {
        path: spec.path.clone(),
        source,
    })?;
    if matches!(format, RdfFormat::JsonLd { .. }) {
        check_json_depth(&spec.path, std::io::BufReader::new(&file))?;
        std::io::Seek::rewind(&mut &file).map_err(|source| StoreError::Io {
            path: spec.path.clone(),
            source,
        })?;
    }
    let mut parser = RdfParser::from_format(format);
    if let Some(graph) = &spec.graph {
        parser = parser.with_default_graph(graph.clone());
    }
    store
        .load_from_reader(parser, std::io::BufReader::new(file))
        .map_err(|source| StoreError::Load {
            path: spec.path.clone(),
            source,
        })
}

/// The deepest nesting of JSON arrays and objects accepted in a JSON-LD file: the JSON-LD
/// parser recurses on nesting, and 20,000 nested objects overflowed an 8 MiB stack (issue 14).
pub const MAX_JSON_DEPTH: usize = 1000;

/// Refuses JSON nested deeper than [`MAX_JSON_DEPTH`], in one pass over the bytes (strings
/// skipped), before the file is parsed.
fn check_json_depth(path: &Path, input: impl std::io::Read) -> Result<(), StoreError> {
    let mut depth = 0_usize;
    let (mut line, mut column) = (1_usize, 0_usize);
    let (mut in_string, mut escaped) = (false, false);
    for byte in std::io::Read::bytes(std::io::BufReader::new(input)) {
        let byte = byte.map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        column += 1;
        if byte == b'\n' {
            line += 1;
            column = 0;
        }
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(StoreError::TooDeep {
                        path: path.to_path_buf(),
                        line,
                        column,
                        limit: MAX_JSON_DEPTH,
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_nested_past_the_limit_is_refused_with_its_position_and_strings_do_not_count() {
        let path = Path::new("deep.jsonld");
        let at_limit = format!(
            "{}{}",
            "[".repeat(MAX_JSON_DEPTH),
            "]".repeat(MAX_JSON_DEPTH)
        );
        assert!(check_json_depth(path, at_limit.as_bytes()).is_ok());
        let in_strings = format!("[\"{}\\\"[\"]", "[{".repeat(MAX_JSON_DEPTH));
        assert!(check_json_depth(path, in_strings.as_bytes()).is_ok());
        let deeper = format!("{{\n  \"a\": {}", "[".repeat(MAX_JSON_DEPTH));
        let error = check_json_depth(path, deeper.as_bytes());
        assert!(
            matches!(error, Err(StoreError::TooDeep { line: 2, column, .. }) if column == 7 + MAX_JSON_DEPTH),
            "{error:?}"
        );
    }
}
