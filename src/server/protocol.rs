//! The query operation of the SPARQL 1.1 Protocol: what a request asks, whichever of the three
//! ways it was sent (<https://www.w3.org/TR/sparql11-protocol/#query-operation>).
//!
//! - `GET /sparql?query=...&default-graph-uri=...&named-graph-uri=...`;
//! - `POST` with `application/x-www-form-urlencoded` (parameters in the body; graph IRIs may
//!   also be in the URL);
//! - `POST` with `application/sparql-query` (the body is the query, UTF-8; graph IRIs in the URL).
//!
//! Updates (`update=`, `application/sparql-update`) are refused: the endpoint is read-only.
//! The non-standard `format` parameter picks the result format like `Accept` does.

use super::error::ApiError;

/// The largest request body accepted (413 beyond).
pub const MAX_SPARQL_BODY_SIZE: usize = 1024 * 1024;

/// What a SPARQL protocol request asks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryRequest {
    /// The query text; `None` when there is none (GET without `query` asks for the service
    /// description).
    pub query: Option<String>,
    /// `default-graph-uri` values.
    pub default_graphs: Vec<String>,
    /// `named-graph-uri` values.
    pub named_graphs: Vec<String>,
    /// The `format` parameter: its values, comma-separated when it is repeated.
    pub format: Option<String>,
}

/// The message of a refused update.
pub const READ_ONLY: &str = "this endpoint is read-only: SPARQL Update requests are refused. Run a query (SELECT, ASK, CONSTRUCT, DESCRIBE) instead";

fn collect(pairs: &[(String, String)], into: &mut QueryRequest) -> Result<(), ApiError> {
    for (name, value) in pairs {
        match name.as_str() {
            "query" => {
                if into.query.is_some() {
                    return Err(ApiError::BadRequest(
                        "the request has more than one `query` parameter; send exactly one".into(),
                    ));
                }
                into.query = Some(value.clone());
            }
            "update" | "using-graph-uri" | "using-named-graph-uri" => {
                return Err(ApiError::ReadOnly(READ_ONLY.into()));
            }
            "default-graph-uri" => into.default_graphs.push(value.clone()),
            "named-graph-uri" => into.named_graphs.push(value.clone()),
            // SPARQLWrapper sends `format` twice (`format=json-ld&format=application/ld+json,
            // application/x-json+ld`): every value counts, in order.
            "format" => {
                into.format = Some(match into.format.take() {
                    Some(before) => format!("{before},{value}"),
                    None => value.clone(),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

fn pairs(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes).into_owned().collect()
}

/// Reads a GET request's query string.
pub fn from_get(query_string: Option<&str>) -> Result<QueryRequest, ApiError> {
    let mut request = QueryRequest::default();
    collect(&pairs(query_string.unwrap_or("").as_bytes()), &mut request)?;
    Ok(request)
}

/// Reads a POST request: its query string, `Content-Type` and body.
pub fn from_post(
    query_string: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<QueryRequest, ApiError> {
    let url_pairs = pairs(query_string.unwrap_or("").as_bytes());
    let Some(content_type) = content_type else {
        return Err(ApiError::UnsupportedMediaType(
            "a POST request needs a Content-Type: application/sparql-query (the body is the query) or application/x-www-form-urlencoded (query=...)".into(),
        ));
    };
    let mut parts = content_type.split(';').map(str::trim);
    let media = parts.next().unwrap_or("").to_ascii_lowercase();
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase());
    if charset
        .as_deref()
        .is_some_and(|c| c != "utf-8" && c != "utf8")
    {
        return Err(ApiError::UnsupportedMediaType(format!(
            "the body must be UTF-8, not {}",
            charset.unwrap_or_default()
        )));
    }
    let mut request = QueryRequest::default();
    match media.as_str() {
        "application/x-www-form-urlencoded" => {
            collect(&url_pairs, &mut request)?;
            collect(&pairs(body), &mut request)?;
        }
        "application/sparql-query" => {
            collect(&url_pairs, &mut request)?;
            if request.query.is_some() {
                return Err(ApiError::BadRequest(
                    "the query is both in the URL and in the body; send it once".into(),
                ));
            }
            let text = std::str::from_utf8(body)
                .map_err(|e| ApiError::BadRequest(format!("the query is not valid UTF-8: {e}")))?;
            request.query = Some(text.to_owned());
        }
        "application/sparql-update" => return Err(ApiError::ReadOnly(READ_ONLY.into())),
        other => {
            return Err(ApiError::UnsupportedMediaType(format!(
                "unsupported Content-Type {other:?}: send application/sparql-query or application/x-www-form-urlencoded"
            )));
        }
    }
    if request.query.is_none() {
        return Err(ApiError::BadRequest(
            "the request has no `query`: send the query in the body (application/sparql-query) or as query=... ".into(),
        ));
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_iris_accumulate_and_a_second_query_is_refused() {
        let request = from_get(Some(
            "query=ASK%7B%7D&default-graph-uri=a&default-graph-uri=b",
        ))
        .ok();
        assert_eq!(
            request.map(|r| r.default_graphs),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert!(matches!(
            from_get(Some("query=ASK%7B%7D&query=ASK%7B%7D")),
            Err(ApiError::BadRequest(_))
        ));
    }

    #[test]
    fn updates_are_refused_as_read_only() {
        assert!(matches!(
            from_get(Some("update=CLEAR%20ALL")),
            Err(ApiError::ReadOnly(_))
        ));
    }

    #[test]
    fn posts_need_a_known_utf8_media_type() {
        assert!(matches!(
            from_post(None, Some("text/plain"), b"ASK {}"),
            Err(ApiError::UnsupportedMediaType(_))
        ));
        assert!(matches!(
            from_post(
                None,
                Some("application/sparql-query; charset=UTF-16"),
                b"ASK {}"
            ),
            Err(ApiError::UnsupportedMediaType(_))
        ));
        assert!(from_post(None, Some("application/sparql-query"), b"ASK {}").is_ok());
    }
}
