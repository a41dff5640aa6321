//! What each path serves.
//!
//! | path | what |
//! |---|---|
//! | `/` | the browser UI: declaration, pillars, timeline, query editor; `?q=NAME` and `?query=TEXT` run a query and show its results without JavaScript ([`super::ui`]) |
//! | `/sparql` | the SPARQL 1.1 Protocol endpoint (GET, POST form, POST query); without a query, the service description |
//! | `/id/...`, `/ontology`, `/graph/...` | the resource whose IRI is the base IRI + the path: HTML, Turtle, JSON-LD, N-Triples, RDF/XML by `Accept` or a `.html`/`.ttl`/`.jsonld`/`.nt`/`.rdf` suffix |
//! | `/dataset` | the VoID/DCAT description (the one a release carries, with this endpoint), with downloads at `/dataset/kyoto.{ttl,nt,nq,trig,rdf,jsonld}` |
//! | `/assets/...` | the UI's CSS and JavaScript (YASGUI among them), embedded in the binary |
//! | `/favicon.ico` | the site icon |
//! | `/context.jsonld` | the JSON-LD context of the compacted exports (any origin may fetch it) |
//! | `/prefixes.json` | the prefixes queries may use undeclared, as a JSON object (any origin) |
//! | `/metrics` | the server's metrics in the Prometheus text format ([`super::metrics`]) |

use super::error::ApiError;
use super::negotiate::{self, Output};
use super::protocol::{self, MAX_SPARQL_BODY_SIZE, QueryRequest};
use super::wire::{Failure, Job, Reply};
use super::workers::Answer;
use super::{AppState, access_log, body, description, metrics, ui};
use crate::export::{self, GraphSelection};
use crate::page::{DATASET_FORMATS, Describer};
use crate::query::complexity::{self, Form};
use crate::serialize::{self, Format};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use oxigraph::model::Quad;
use std::sync::Arc;
use std::time::Instant;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

/// The response header carrying the result cap when results were left out.
pub const TRUNCATED_HEADER: &str = "x-kyoto-truncated";
/// The response header carrying the number of results sent.
pub const COUNT_HEADER: &str = "x-kyoto-result-count";

/// The outputs of a linked-data resource, HTML first (browsers, and `*/*`).
const RESOURCE_OUTPUTS: [Output; 5] = [
    Output::Html,
    Output::Turtle,
    Output::JsonLd,
    Output::NTriples,
    Output::RdfXml,
];

type Shared = State<Arc<AppState>>;

/// The application's routes over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    let cors = cors_layer(&state.config.cors);
    let metrics = Arc::clone(&state.metrics);
    let router = Router::new()
        .route("/", get(ui::home))
        .route("/sparql", get(sparql_get).post(sparql_post))
        .route("/assets/{file}", get(ui::asset))
        .route("/favicon.ico", get(ui::favicon))
        .route(crate::jsonld::CONTEXT_PATH, get(context))
        .route("/prefixes.json", get(prefix_map))
        .route("/metrics", get(metrics_text))
        .route("/releases", get(releases_redirect))
        .route(super::releases::PAGE_PATH, get(releases_page))
        .route("/release/{version}/{file}", get(release_file))
        .route("/dataset/{file}", get(dataset_file))
        .fallback(linked_data)
        .with_state(state);
    let router = match cors {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router.layer(axum::middleware::from_fn_with_state(
        metrics,
        access_log::log,
    ))
}

/// `/dataset/FILE`: a download of the whole graph (`kyoto.EXT`), else the linked-data page of
/// an IRI under the dataset's (a version, a partition).
async fn dataset_file(
    state: Shared,
    Path(file): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    match file.strip_prefix("kyoto.") {
        Some(ext) => download(Arc::clone(&state.0), ext.to_owned()).await,
        None => linked_data(state, method, uri, headers).await,
    }
}

/// `/releases` is `/releases/`.
async fn releases_redirect() -> Response {
    Redirect::permanent(super::releases::PAGE_PATH).into_response()
}

/// Without `--releases` there is no history to show.
fn no_releases() -> ApiError {
    ApiError::NotFound(
        "this server was started without --releases DIR, so it has no release history".into(),
    )
}

/// `/releases/`: the release history page.
async fn releases_page(State(state): Shared) -> Result<Response, ApiError> {
    state
        .releases
        .as_ref()
        .map(super::releases::Releases::page)
        .ok_or_else(no_releases)
}

/// `/release/VERSION/FILE`: a file of a release.
async fn release_file(
    State(state): Shared,
    Path((version, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    state
        .releases
        .as_ref()
        .ok_or_else(no_releases)?
        .file(&version, &file)
        .await
}

/// `/metrics`: the Prometheus text format.
async fn metrics_text(State(state): Shared) -> Response {
    (
        [(header::CONTENT_TYPE, metrics::MEDIA_TYPE)],
        state.metrics.encode(),
    )
        .into_response()
}

fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([
            header::HeaderName::from_static(TRUNCATED_HEADER),
            header::HeaderName::from_static(COUNT_HEADER),
        ]);
    Some(if origins.iter().any(|o| o == "*") {
        layer.allow_origin(Any)
    } else {
        layer.allow_origin(AllowOrigin::list(
            origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()),
        ))
    })
}

/// The published JSON-LD context. JSON-LD processors in browsers fetch contexts from other
/// origins, so it is readable from any origin whatever `--cors` says.
async fn context() -> Response {
    let mut response = Response::new(Body::from(crate::jsonld::CONTEXT));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::jsonld::MEDIA_TYPE),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// `/prefixes.json`: the prefixes queries may use without declaring them, for editors and
/// clients; like the context, readable from any origin.
async fn prefix_map() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        crate::vocab::prefix_map_json(),
    )
        .into_response()
}

/// Runs store work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
}

fn internal(error: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(error.to_string())
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn typed(output: Output, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    if let Ok(value) = HeaderValue::from_str(&output.content_type()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept"));
    response
}

/// Writes `quads` as one graph (a description is a graph, whichever named graphs it comes from).
fn rdf(quads: Vec<Quad>, output: Output) -> Result<Response, ApiError> {
    rdf_with_prefixes(quads, output, &crate::vocab::prefixes())
}

/// [`rdf`] with these prefixes.
fn rdf_with_prefixes(
    mut quads: Vec<Quad>,
    output: Output,
    prefixes: &[(String, String)],
) -> Result<Response, ApiError> {
    let format = output
        .rdf_format()
        .ok_or_else(|| internal("not an RDF output"))?;
    for quad in &mut quads {
        quad.graph_name = oxigraph::model::GraphName::DefaultGraph;
    }
    let body = serialize::write_quads_with_prefixes(quads, format, prefixes, Vec::new())
        .map_err(internal)?;
    Ok(typed(output, body))
}

// --- SPARQL ---------------------------------------------------------------------------------

async fn sparql_get(
    State(state): Shared,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let request = protocol::from_get(uri.query())?;
    if request.query.is_none() {
        return service_description(state, &headers, request.format.as_deref()).await;
    }
    answer(state, request, &headers).await
}

async fn sparql_post(
    State(state): Shared,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let declared = header_str(&headers, header::CONTENT_LENGTH).and_then(|n| n.parse().ok());
    let read_timeout = state.config.connections.read_timeout;
    let bytes = tokio::time::timeout(
        read_timeout,
        body::read_limited(body, declared, MAX_SPARQL_BODY_SIZE),
    )
    .await
    .map_err(|_| ApiError::RequestTimeout(read_timeout))??;
    let request = protocol::from_post(
        uri.query(),
        header_str(&headers, header::CONTENT_TYPE),
        &bytes,
    )?;
    answer(state, request, &headers).await
}

/// Evaluates a query request in a worker and builds the complete response.
async fn answer(
    state: Arc<AppState>,
    request: QueryRequest,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let text = request.query.unwrap_or_default();
    let form = query_form(&state, &text)?;
    let offered: &[Output] = if form.is_graph() {
        &Output::RDF
    } else {
        &Output::RESULTS
    };
    let output = negotiate::choose(
        header_str(headers, header::ACCEPT),
        request.format.as_deref(),
        offered,
    )?;
    let evaluated = evaluate(
        &state,
        text,
        request.default_graphs,
        request.named_graphs,
        output,
    )
    .await?;
    let mut response = typed(output, evaluated.body);
    let headers = response.headers_mut();
    headers.insert(COUNT_HEADER, HeaderValue::from(evaluated.results));
    if let Some(cap) = evaluated.truncated {
        headers.insert(TRUNCATED_HEADER, HeaderValue::from(cap));
    }
    Ok(response)
}

/// The form of the query `text` (SELECT, ASK, CONSTRUCT, DESCRIBE), measured without parsing
/// (the server never parses a query: a crash in the parser would take it down; the workers
/// do): refused when beyond the limits, empty, or an update.
pub(super) fn query_form(state: &AppState, text: &str) -> Result<Form, ApiError> {
    let shape = complexity::check(text, state.config.query_limits)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if shape.empty {
        return Err(ApiError::BadRequest(
            "no query: the `query` parameter is empty; send a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)".into(),
        ));
    }
    if shape.form == Form::Update {
        return Err(ApiError::ReadOnly(protocol::READ_ONLY.into()));
    }
    Ok(shape.form)
}

/// A query a worker answered.
pub(super) struct Evaluated {
    /// The answer in the output asked for, from memory or streamed from its spool file.
    pub body: Body,
    /// Solutions or triples sent.
    pub results: usize,
    /// The result cap, when results were left out because of it.
    pub truncated: Option<usize>,
    /// How long the query took.
    pub elapsed: std::time::Duration,
}

/// Evaluates `text` in a worker, within the server's timeout, result cap and spool budget.
pub(super) async fn evaluate(
    state: &Arc<AppState>,
    text: String,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    output: Output,
) -> Result<Evaluated, ApiError> {
    let started = Instant::now();
    let deadline = started + state.config.timeout;
    if state.spool.is_full() {
        return Err(ApiError::Busy(format!(
            "the server is sending {} MiB of large answers already; retry shortly",
            state.spool.budget() >> 20
        )));
    }
    let spool = state.spool.path();
    let job = Job {
        query: text,
        base_iri: state.config.base_iri.clone(),
        default_graphs,
        named_graphs,
        output,
        max_results: state.config.max_results,
        timeout_ms: u64::try_from(state.config.timeout.as_millis()).unwrap_or(u64::MAX),
        spool: Some(spool.clone()),
    };
    let answer = state.pool.run(job, deadline).await;
    state
        .metrics
        .query_duration
        .observe(started.elapsed().as_secs_f64());
    let (reply, inline): Answer = answer?;
    match reply {
        Reply::Done {
            results,
            truncated,
            spooled,
        } => {
            let body = match inline {
                Some(bytes) if !spooled => Body::from(bytes),
                _ => state.spool.stream(&spool).await.map_err(internal)?.0,
            };
            Ok(Evaluated {
                body,
                results,
                truncated: truncated.then_some(state.config.max_results),
                elapsed: started.elapsed(),
            })
        }
        Reply::Failed { kind, message } => Err(match kind {
            Failure::BadRequest => ApiError::BadRequest(message),
            Failure::Refused => ApiError::ReadOnly(message),
            Failure::Timeout => ApiError::Timeout(format!(
                "{message}: it did not finish within the {} s timeout; narrow it down (add a LIMIT, restrict the patterns)",
                state.config.timeout.as_secs_f64()
            )),
            Failure::NotAcceptable => ApiError::BadRequest(message),
            Failure::Evaluation => ApiError::Internal(message),
        }),
        Reply::Ready => Err(internal("unexpected message from the query worker")),
    }
}

async fn service_description(
    state: Arc<AppState>,
    headers: &HeaderMap,
    format: Option<&str>,
) -> Result<Response, ApiError> {
    // Turtle first: `curl .../sparql` (Accept: */*) gets the description; browsers, which
    // prefer text/html, are sent to the query editor.
    let mut offered = Output::RDF.to_vec();
    offered.push(Output::Html);
    let output = negotiate::choose(header_str(headers, header::ACCEPT), format, &offered)?;
    if output == Output::Html {
        return Ok(Redirect::to("/#query").into_response());
    }
    let endpoint = format!("{}sparql", reached_root(headers, &state.config.base_iri));
    rdf_with_prefixes(
        state.described.service_description(&endpoint),
        output,
        &description::prefixes(),
    )
}

/// Where the client reached the server's `/`: the base IRI when the `Host` header names the
/// base's host (the server published at its base, perhaps behind a proxy), else
/// `http://HOST/`; the base IRI when there is no usable `Host`. The service description and
/// the dataset description give the endpoint and the downloads at this address, so that a
/// client can follow them.
fn reached_root(headers: &HeaderMap, base: &str) -> String {
    let base_host = base
        .split_once("://")
        .and_then(|(_, rest)| rest.split('/').next());
    match header_str(headers, header::HOST) {
        Some(host) if Some(host) == base_host => base.to_owned(),
        Some(host) => Some(format!("http://{host}/"))
            .filter(|root| oxigraph::model::NamedNode::new(root.as_str()).is_ok())
            .unwrap_or_else(|| base.to_owned()),
        None => base.to_owned(),
    }
}

// --- linked data ----------------------------------------------------------------------------

/// The output named by a path suffix, and the path without it.
fn split_suffix(path: &str) -> (&str, Option<Output>) {
    for (suffix, output) in [
        (".html", Output::Html),
        (".ttl", Output::Turtle),
        (".jsonld", Output::JsonLd),
        (".nt", Output::NTriples),
        (".rdf", Output::RdfXml),
    ] {
        if let Some(stem) = path.strip_suffix(suffix) {
            return (stem, Some(output));
        }
    }
    (path, None)
}

async fn linked_data(
    State(state): Shared,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if method != Method::GET && method != Method::HEAD {
        return Ok((
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "405 Method Not Allowed: linked-data pages are read-only\n",
        )
            .into_response());
    }
    let path = uri.path().trim_start_matches('/').to_owned();
    let (stem, suffix) = split_suffix(&path);
    let stem = stem.to_owned();
    let output = match suffix {
        Some(output) => output,
        None => negotiate::choose(
            header_str(&headers, header::ACCEPT),
            None,
            &RESOURCE_OUTPUTS,
        )?,
    };
    let root = reached_root(&headers, &state.config.base_iri);
    blocking(move || resource(&state, &stem, output, &root)).await
}

fn resource(
    state: &AppState,
    path: &str,
    output: Output,
    root: &str,
) -> Result<Response, ApiError> {
    let not_found = |iri: &str| -> Result<Response, ApiError> {
        if output == Output::Html {
            let page = state.pages.not_found(iri).map_err(internal)?;
            Ok((StatusCode::NOT_FOUND, Html(page)).into_response())
        } else {
            Err(ApiError::NotFound(format!(
                "the graph has nothing about <{iri}>; start from / to browse it"
            )))
        }
    };
    let describer = Describer::new(&state.store, &state.linker);
    if path == "dataset" {
        if output != Output::Html {
            let quads = state.described.dataset_quads(root);
            return rdf_with_prefixes(quads, output, &export::void::prefixes());
        }
        let page = state
            .pages
            .dataset(state.described.view())
            .map_err(internal)?;
        return Ok(typed(Output::Html, page));
    }
    let Some(iri) = state.linker.iri(path) else {
        return not_found(&format!("{}{path}", state.config.base_iri));
    };
    if output == Output::Html {
        return match describer.describe(&iri).map_err(internal)? {
            Some(description) => Ok(typed(
                Output::Html,
                state.pages.entity(&description).map_err(internal)?,
            )),
            None => not_found(iri.as_str()),
        };
    }
    let quads = describer.quads(&iri).map_err(internal)?;
    if quads.is_empty() && describer.describe(&iri).map_err(internal)?.is_none() {
        return not_found(iri.as_str());
    }
    rdf(quads, output)
}

async fn download(state: Arc<AppState>, ext: String) -> Result<Response, ApiError> {
    let Some(media) = DATASET_FORMATS
        .iter()
        .find(|f| f.file_extension() == ext)
        .map(|f| f.media_type())
    else {
        return Err(ApiError::NotFound(format!(
            "there is no download kyoto.{ext}; choose from: {}",
            DATASET_FORMATS
                .iter()
                .map(|f| format!("kyoto.{}", f.file_extension()))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let format: Format = ext.parse().map_err(internal)?;
    let store = state.store.clone();
    let (body, _) = state
        .spool
        .write_and_stream(move |out| {
            export::export(&store, GraphSelection::All, format, out)
                .map(|_| ())
                .map_err(internal)
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, format!("{media}; charset=utf-8")),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"kyoto.{ext}\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(header::HOST, value);
        }
        headers
    }

    #[test]
    fn the_root_a_client_reached_is_its_host_or_the_base_it_came_through() {
        let base = "https://w3id.org/kyoto-kg/";
        assert_eq!(
            reached_root(&host("127.0.0.1:7878"), base),
            "http://127.0.0.1:7878/"
        );
        assert_eq!(reached_root(&host("w3id.org"), base), base);
        assert_eq!(reached_root(&HeaderMap::new(), base), base);
        assert_eq!(reached_root(&host("a b"), base), base, "no IRI: ignored");
    }
}
