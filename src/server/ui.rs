//! The browser UI: the home page and its query form, the stylesheet, the editor (the page's
//! script and the vendored [YASGUI](https://github.com/rdfjs/Yasgui), embedded in the binary so
//! that it works offline), the site icon and the prefix map the editor completes with.
//!
//! The form works without JavaScript (progressive enhancement): `/?q=NAME` shows the named
//! query and `/?query=TEXT` the query, each with its results (a table, a yes/no answer, a
//! graph in Turtle) or its error, run by the server through the same workers, limits and
//! messages as `/sparql`. With JavaScript, YASGUI takes over the editor and the results.

use super::AppState;
use super::error::ApiError;
use super::negotiate::Output;
use super::routes::{evaluate, query_form};
use crate::page::{self, Describer, Home, Outcome, QueryForm};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;

/// The stylesheet of every page (the static site writes it too).
pub const STYLE_CSS: &str = include_str!("assets/style.css");
/// The script that sets up the editor on the home page.
const APP_JS: &str = include_str!("assets/app.js");
/// The site icon; `favicon.ico` is the same drawing rasterised at 32 px.
pub const FAVICON_SVG: &str = include_str!("assets/favicon.svg");
/// [`FAVICON_SVG`] as an ICO file (one 32 px PNG), for clients that ask for `/favicon.ico`.
pub const FAVICON_ICO: &[u8] = include_bytes!("assets/favicon.ico");
/// YASGUI's built script (`vendor/yasgui/`, refreshed by `scripts/refresh-yasgui.sh`).
const YASGUI_JS: &[u8] = include_bytes!("../../vendor/yasgui/yasgui.min.js");
/// YASGUI's built stylesheet.
const YASGUI_CSS: &[u8] = include_bytes!("../../vendor/yasgui/yasgui.min.css");
/// YASGUI's licence (MIT).
const YASGUI_LICENSE: &[u8] = include_bytes!("../../vendor/yasgui/LICENSE");
/// The licences of the packages YASGUI's build bundles.
const YASGUI_THIRD_PARTY: &[u8] = include_bytes!("../../vendor/yasgui/THIRD-PARTY-LICENSES.txt");

/// The most bytes of an answer the home page shows; larger answers are for the endpoint.
pub const PAGE_ANSWER_BYTES: usize = 8 * 1024 * 1024;

type Shared = State<Arc<AppState>>;

/// What the query string of `/` asks: a named query (`q`) or a query text (`query`).
#[derive(Debug, Default, PartialEq, Eq)]
struct FormRequest {
    name: Option<String>,
    text: Option<String>,
}

fn form_request(query: Option<&str>) -> Result<FormRequest, ApiError> {
    let mut request = FormRequest::default();
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let slot = match key.as_ref() {
            "q" => &mut request.name,
            "query" => &mut request.text,
            _ => continue,
        };
        if slot.is_some() {
            return Err(ApiError::BadRequest(format!(
                "the address has more than one `{key}` parameter; give one"
            )));
        }
        *slot = Some(value.into_owned());
    }
    Ok(request)
}

/// `/`: the home page; with `?q=NAME` or `?query=TEXT`, the query run and its results or error.
pub(super) async fn home(State(state): Shared, uri: Uri) -> Result<Response, ApiError> {
    let worker_state = Arc::clone(&state);
    let mut home: Home = tokio::task::spawn_blocking(move || {
        let describer = Describer::new(&worker_state.store, &worker_state.linker);
        page::home(&worker_state.store, &describer)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut status = StatusCode::OK;
    match form_request(uri.query()) {
        Err(error) => {
            status = error.status();
            home.form.outcome = Some(failure(&error));
        }
        Ok(FormRequest {
            text: Some(text), ..
        }) => {
            let (outcome, code) = run(&state, &text).await;
            status = code;
            home.form = QueryForm {
                name: home
                    .queries
                    .iter()
                    .find(|q| q.text == text)
                    .map(|q| q.name.clone()),
                text,
                outcome: Some(outcome),
            };
        }
        Ok(FormRequest {
            name: Some(name), ..
        }) => match home.query(&name).map(|q| q.text.clone()) {
            Some(text) => {
                let (outcome, code) = run(&state, &text).await;
                status = code;
                home.form = QueryForm {
                    name: Some(name),
                    text,
                    outcome: Some(outcome),
                };
            }
            None => {
                let names: Vec<&str> = home.queries.iter().map(|q| q.name.as_str()).collect();
                let error = ApiError::NotFound(format!(
                    "there is no named query {name:?}; choose one from the list: {}",
                    names.join(", ")
                ));
                status = error.status();
                home.form.outcome = Some(failure(&error));
            }
        },
        Ok(FormRequest {
            name: None,
            text: None,
        }) => {}
    }
    let html = state
        .pages
        .home(&home)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((status, Html(html)).into_response())
}

/// The outcome of an error, as the endpoint would report it.
fn failure(error: &ApiError) -> Outcome {
    Outcome::Error {
        status: error.status().to_string(),
        message: error.to_string(),
    }
}

/// Runs `text` as `/sparql` would (SELECT and ASK as JSON results, CONSTRUCT and DESCRIBE as
/// Turtle) and reads the answer for the page; the status code is the endpoint's.
async fn run(state: &Arc<AppState>, text: &str) -> (Outcome, StatusCode) {
    match try_run(state, text).await {
        Ok(outcome) => (outcome, StatusCode::OK),
        Err(error) => (failure(&error), error.status()),
    }
}

async fn try_run(state: &Arc<AppState>, text: &str) -> Result<Outcome, ApiError> {
    let form = query_form(state, text)?;
    let output = if form.is_graph() {
        Output::Turtle
    } else {
        Output::ResultsJson
    };
    let evaluated = evaluate(state, text.to_owned(), Vec::new(), Vec::new(), output).await?;
    let bytes = axum::body::to_bytes(evaluated.body, PAGE_ANSWER_BYTES)
        .await
        .map_err(|_| {
            ApiError::BadRequest(format!(
                "the answer has {} results, more than this page shows ({} MiB); run the query at the SPARQL endpoint /sparql, or add a LIMIT",
                evaluated.results,
                PAGE_ANSWER_BYTES >> 20
            ))
        })?;
    let truncated = evaluated.truncated.map(|cap| cap as u64);
    let millis = evaluated.elapsed.as_millis();
    if form.is_graph() {
        return Ok(Outcome::Graph {
            turtle: String::from_utf8_lossy(&bytes).into_owned(),
            count: evaluated.results,
            truncated,
            millis,
        });
    }
    page::results_from_json(
        &bytes,
        &state.linker,
        page::display_prefixes(),
        truncated,
        millis,
    )
    .map_err(|e| ApiError::Internal(e.to_string()))
}

/// `/assets/{file}`: the stylesheet, the editor's script, YASGUI and its licences, the icon.
pub(super) async fn asset(Path(file): Path<String>) -> Response {
    let (body, media): (Body, &str) = match file.as_str() {
        "style.css" => (STYLE_CSS.into(), "text/css; charset=utf-8"),
        "app.js" => (APP_JS.into(), "text/javascript; charset=utf-8"),
        "yasgui.min.js" => (YASGUI_JS.into(), "text/javascript; charset=utf-8"),
        "yasgui.min.css" => (YASGUI_CSS.into(), "text/css; charset=utf-8"),
        "yasgui-LICENSE.txt" => (YASGUI_LICENSE.into(), "text/plain; charset=utf-8"),
        "yasgui-THIRD-PARTY-LICENSES.txt" => {
            (YASGUI_THIRD_PARTY.into(), "text/plain; charset=utf-8")
        }
        "favicon.svg" => (FAVICON_SVG.into(), "image/svg+xml"),
        _ => {
            return ApiError::NotFound(format!("there is no asset {file:?}")).into_response();
        }
    };
    (
        [
            (header::CONTENT_TYPE, media),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// `/favicon.ico`, which browsers ask for on pages that name no icon (Turtle, text).
pub(super) async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/x-icon"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON_ICO,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_takes_one_name_or_one_text_and_ignores_other_parameters() {
        assert_eq!(form_request(None).ok(), Some(FormRequest::default()));
        assert_eq!(
            form_request(Some("q=timeline&x=1")).ok(),
            Some(FormRequest {
                name: Some("timeline".into()),
                text: None
            })
        );
        assert_eq!(
            form_request(Some("query=ASK+%7B%7D")).ok(),
            Some(FormRequest {
                name: None,
                text: Some("ASK {}".into())
            })
        );
        assert!(form_request(Some("query=a&query=b")).is_err());
    }
}
