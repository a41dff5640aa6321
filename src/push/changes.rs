//! `push --changes`: applies a release's changeset (`changes.ru`, the SPARQL Update `diff`
//! writes) to a store that holds the previous release, as one update request, instead of
//! replacing whole graphs.
//!
//! One request, so that a store that runs each request in a transaction (Oxigraph, Fuseki)
//! never shows a half-applied change. The update deletes before it inserts and deletes every
//! copy of a changed blank-node structure before inserting NEW's, so sending it again after a
//! lost answer leaves the same result: it is retried like the other requests of a push.

use super::http::{Http, Outcome};
use super::{PushError, PushOptions, Target};
use reqwest::header::CONTENT_TYPE;

/// What a changeset push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The endpoint.
    pub url: String,
    /// The size of the update, in bytes.
    pub bytes: u64,
    /// The store's final status.
    pub status: u16,
}

/// Sends `update` to the SPARQL Update endpoint of `target` as one request.
pub fn apply(
    update: &str,
    target: &Target,
    options: &PushOptions,
    on_retry: &mut dyn FnMut(u32, &str),
) -> Result<Applied, PushError> {
    let endpoint = target.update.as_ref().ok_or(PushError::NoUpdateEndpoint)?;
    let http = Http::new(target.auth.clone(), options.clone())?;
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("update", update)
        .finish();
    let outcome = http.send(
        endpoint,
        || {
            Ok(http
                .client()
                .post(endpoint.clone())
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body.clone()))
        },
        |attempt, reason| on_retry(attempt, reason),
    )?;
    match outcome {
        Outcome::Success(status) => Ok(Applied {
            url: endpoint.to_string(),
            bytes: update.len() as u64,
            status: status.as_u16(),
        }),
        Outcome::Refused { status, message } => Err(match status.as_u16() {
            401 | 403 => PushError::Unauthorized {
                url: endpoint.to_string(),
                status: status.as_u16(),
                message,
            },
            code => PushError::ChangesRefused {
                url: endpoint.to_string(),
                status: code,
                message,
            },
        }),
    }
}
