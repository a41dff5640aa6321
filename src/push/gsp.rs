//! [SPARQL 1.1 Graph Store HTTP Protocol](https://www.w3.org/TR/sparql11-http-rdf-update/)
//! `PUT`: replaces one graph with a Turtle document.
//!
//! The Turtle is written once to a temporary file and streamed from it as the request body
//! (with its length), so memory stays flat whatever the graph's size, and a retry reopens the
//! file and sends it again.

use super::http::{Http, Outcome};
use super::{GraphTarget, Protocol, PushError, Pushed};
use crate::serialize::{self, Format};
use oxigraph::model::Quad;
use reqwest::Url;
use reqwest::blocking::Body;
use reqwest::header::CONTENT_TYPE;
use std::fs::File;
use std::io::{BufWriter, Write};

/// The media type of the body.
const TURTLE: &str = "text/turtle";

/// The URL of `graph` at the Graph Store endpoint: `?graph=<iri>` (encoded) or `?default`.
pub(crate) fn graph_url(endpoint: &Url, graph: &GraphTarget) -> Url {
    let mut url = endpoint.clone();
    match graph {
        GraphTarget::Named(iri) => {
            url.query_pairs_mut().append_pair("graph", iri.as_str());
        }
        GraphTarget::Default => {
            let query = match url.query() {
                Some(q) if !q.is_empty() => format!("{q}&default"),
                _ => "default".to_owned(),
            };
            url.set_query(Some(&query));
        }
    }
    url
}

/// Replaces `graph` with `triples` by one `PUT`.
pub(crate) fn put(
    http: &Http,
    endpoint: &Url,
    graph: &GraphTarget,
    triples: &[Quad],
    on_retry: &mut dyn FnMut(u32, &str),
) -> Result<Pushed, PushError> {
    let io = |source| PushError::Io {
        graph: graph.clone(),
        source,
    };
    let mut body = tempfile::NamedTempFile::new().map_err(io)?;
    {
        let mut writer = BufWriter::new(body.as_file_mut());
        serialize::write_quads(triples.to_vec(), Format::Turtle, &mut writer).map_err(io)?;
        writer.flush().map_err(io)?;
    }
    let bytes = body.as_file().metadata().map_err(io)?.len();
    let url = graph_url(endpoint, graph);
    let mut requests = 0;
    let outcome = http.send(
        &url,
        || {
            requests += 1;
            let file = File::open(body.path()).map_err(io)?;
            Ok(http
                .client()
                .put(url.clone())
                .header(CONTENT_TYPE, TURTLE)
                .body(Body::sized(file, bytes)))
        },
        |attempt, reason| on_retry(attempt, reason),
    )?;
    match outcome {
        Outcome::Success(status) => Ok(Pushed {
            graph: graph.clone(),
            triples: triples.len(),
            protocol: Protocol::GraphStore,
            requests,
            bytes,
            status: status.as_u16(),
        }),
        Outcome::Refused { status, message } => Err(match status.as_u16() {
            401 | 403 => PushError::Unauthorized {
                url: url.to_string(),
                status: status.as_u16(),
                message,
            },
            404 | 405 | 501 => PushError::NoGraphStore {
                url: url.to_string(),
                status: status.as_u16(),
                message,
            },
            _ => PushError::Refused {
                url: url.to_string(),
                graph: graph.clone(),
                status: status.as_u16(),
                message,
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    #[test]
    fn graph_iris_are_percent_encoded_in_the_query_and_the_default_graph_is_a_bare_flag()
    -> Result<(), Box<dyn std::error::Error>> {
        let endpoint = Url::parse("http://127.0.0.1:7878/store")?;
        let named = GraphTarget::Named(NamedNode::new(
            "https://w3id.org/kyoto-kg/graph/data?x=1&y",
        )?);
        assert_eq!(
            graph_url(&endpoint, &named).as_str(),
            "http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fkyoto-kg%2Fgraph%2Fdata%3Fx%3D1%26y"
        );
        assert_eq!(
            graph_url(&endpoint, &GraphTarget::Default).as_str(),
            "http://127.0.0.1:7878/store?default"
        );
        let with_query = Url::parse("http://host/ds/data?key=k")?;
        assert_eq!(
            graph_url(&with_query, &GraphTarget::Default).as_str(),
            "http://host/ds/data?key=k&default"
        );
        Ok(())
    }
}
