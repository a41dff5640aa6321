//! [SPARQL 1.1 Update](https://www.w3.org/TR/sparql11-update/) fallback: replaces a graph by
//! `DROP SILENT GRAPH <g>` and `INSERT DATA { GRAPH <g> { ... } }` requests, for stores without
//! the Graph Store Protocol.
//!
//! The first request drops the graph and inserts the first batch (one request, so a store that
//! runs each request in a transaction never shows the graph empty); the others insert one batch
//! each. Triples with blank nodes all go in the first batch, because a blank node label only
//! means the same node within one `INSERT DATA`. Requests are sent as
//! `application/x-www-form-urlencoded` `update=...`, the form every SPARQL endpoint accepts.

use super::http::{Http, Outcome};
use super::{GraphTarget, Protocol, PushError, Pushed};
use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use reqwest::Url;
use reqwest::header::CONTENT_TYPE;

/// The media type of a form-encoded body.
const FORM: &str = "application/x-www-form-urlencoded";

/// The update requests that replace `graph` with `triples`, `batch_size` triples each (at least
/// one request, even for an empty graph).
pub(crate) fn requests(graph: &GraphTarget, triples: &[Quad], batch_size: usize) -> Vec<String> {
    let (with_blank, ground): (Vec<&Quad>, Vec<&Quad>) = triples.iter().partition(|q| {
        matches!(q.subject, NamedOrBlankNode::BlankNode(_))
            || matches!(q.object, Term::BlankNode(_))
    });
    let mut batches: Vec<Vec<&Quad>> = Vec::new();
    let mut first = with_blank;
    let room = batch_size.max(1).saturating_sub(first.len());
    let split = room.min(ground.len());
    first.extend(&ground[..split]);
    batches.push(first);
    for chunk in ground[split..].chunks(batch_size.max(1)) {
        batches.push(chunk.to_vec());
    }
    let (drop, open, close) = match graph {
        GraphTarget::Named(iri) => (
            format!("DROP SILENT GRAPH {iri}"),
            format!("INSERT DATA {{ GRAPH {iri} {{\n"),
            "} }",
        ),
        GraphTarget::Default => (
            "DROP SILENT DEFAULT".to_owned(),
            "INSERT DATA {\n".to_owned(),
            "}",
        ),
    };
    batches
        .into_iter()
        .enumerate()
        .map(|(i, batch)| {
            let mut text = String::new();
            if i == 0 {
                text.push_str(&drop);
                text.push_str(" ;\n");
            }
            if !batch.is_empty() || i > 0 {
                text.push_str(&open);
                for quad in batch {
                    text.push_str(&format!(
                        "{} {} {} .\n",
                        quad.subject, quad.predicate, quad.object
                    ));
                }
                text.push_str(close);
            } else {
                // Nothing to insert: drop the trailing separator.
                text.truncate(text.len() - 3);
            }
            text
        })
        .collect()
}

/// Replaces `graph` with `triples` through the SPARQL Update endpoint.
pub(crate) fn replace(
    http: &Http,
    endpoint: &Url,
    graph: &GraphTarget,
    triples: &[Quad],
    batch_size: usize,
    on_retry: &mut dyn FnMut(u32, &str),
) -> Result<Pushed, PushError> {
    let updates = requests(graph, triples, batch_size);
    let total = updates.len();
    let mut sent = 0;
    let mut bytes = 0;
    let mut last_status = 0;
    for (done, update) in updates.iter().enumerate() {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("update", update)
            .finish();
        bytes += update.len() as u64;
        let outcome = http.send(
            endpoint,
            || {
                sent += 1;
                Ok(http
                    .client()
                    .post(endpoint.clone())
                    .header(CONTENT_TYPE, FORM)
                    .body(body.clone()))
            },
            |attempt, reason| on_retry(attempt, reason),
        );
        let error = match outcome {
            Ok(Outcome::Success(status)) => {
                last_status = status.as_u16();
                continue;
            }
            Ok(Outcome::Refused { status, message }) => match status.as_u16() {
                401 | 403 => PushError::Unauthorized {
                    url: endpoint.to_string(),
                    status: status.as_u16(),
                    message,
                },
                _ => PushError::Refused {
                    url: endpoint.to_string(),
                    graph: graph.clone(),
                    status: status.as_u16(),
                    message,
                },
            },
            Err(error) => error,
        };
        return Err(if done == 0 {
            error
        } else {
            PushError::Partial {
                graph: graph.clone(),
                done,
                total,
                source: Box::new(error),
            }
        });
    }
    Ok(Pushed {
        graph: graph.clone(),
        triples: triples.len(),
        protocol: Protocol::Update,
        requests: sent,
        bytes,
        status: last_status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode};

    fn triple(s: NamedOrBlankNode, o: impl Into<Term>) -> Quad {
        Quad::new(
            s,
            NamedNode::new_unchecked("http://example.org/p"),
            o,
            GraphName::DefaultGraph,
        )
    }

    #[test]
    fn the_first_request_drops_the_graph_and_blank_node_triples_stay_together() {
        let g = GraphTarget::Named(NamedNode::new_unchecked("http://example.org/g"));
        let iri = |i: usize| {
            NamedOrBlankNode::from(NamedNode::new_unchecked(format!("http://example.org/s{i}")))
        };
        let b = BlankNode::new_unchecked("b");
        let mut triples: Vec<Quad> = (0..5)
            .map(|i| triple(iri(i), Literal::from("say \"hi\"\n")))
            .collect();
        triples.push(triple(b.clone().into(), iri(1)));
        triples.push(triple(iri(2), b));
        let updates = requests(&g, &triples, 2);
        assert_eq!(updates.len(), 4, "{updates:#?}");
        assert!(updates[0].starts_with("DROP SILENT GRAPH <http://example.org/g> ;\nINSERT DATA { GRAPH <http://example.org/g> {"));
        assert_eq!(updates[0].matches("_:b").count(), 2, "{}", updates[0]);
        assert!(
            updates[1..]
                .iter()
                .all(|u| !u.contains("DROP") && !u.contains("_:b"))
        );
        let inserted: usize = updates.iter().map(|u| u.matches(" .\n").count()).sum();
        assert_eq!(inserted, triples.len());
        assert!(updates[1].contains(r#""say \"hi\"\n""#), "{}", updates[1]);
    }

    #[test]
    fn an_empty_graph_is_dropped_and_nothing_inserted() {
        let updates = requests(&GraphTarget::Default, &[], 10);
        assert_eq!(updates, ["DROP SILENT DEFAULT"]);
    }
}
