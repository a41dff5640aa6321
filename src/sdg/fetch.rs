//! Refreshes the SDG vocabulary from the UN's service (`kyoto-kg sdg fetch`).
//!
//! Each concept of the snapshot is asked for by its IRI with `Accept: text/turtle` (the service
//! answers HTML by default and Turtle under content negotiation), with a timeout, retries with
//! exponential backoff on network errors and 5xx/429 answers, and a size limit. Every payload
//! must be Turtle (by media type and by parsing) and describe the concept asked for. Concepts the
//! selection rules newly call for (a new indicator of a Goal 16 target, say) are fetched too.
//! Nothing is written here: the caller saves the result only once every request has succeeded.

use super::SCHEME_IRI;
use super::snapshot::{self, SelectionError};
use super::vocabulary::{self, SdgError};
use crate::http_client::{Attempt, Retry, error_chain, is_transient_read, retry_after};
use crate::model::{SdgKind, SdgVocabulary};
use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedOrBlankNode, Triple};
use reqwest::blocking::Client;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use std::collections::BTreeSet;
use std::io::Read;
use std::time::Duration;

/// The largest payload accepted for one concept.
pub const MAX_PAYLOAD: u64 = 4 * 1024 * 1024;
/// The most rounds of "fetch what the selection newly calls for".
const MAX_ROUNDS: usize = 4;
/// The media types accepted as Turtle (N-Triples is a subset of Turtle).
const TURTLE_TYPES: [&str; 5] = [
    "text/turtle",
    "application/x-turtle",
    "application/turtle",
    "application/n-triples",
    "text/plain",
];

/// How to fetch.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address that stands for `http://metadata.un.org/sdg`: a concept `…/sdg/16.3` is
    /// fetched from `<from>/16.3`.
    pub from: String,
    /// The time limit of one request (connection, answer and body).
    pub timeout: Duration,
    /// How many times a failed request is retried.
    pub retries: u32,
    /// The wait before the first retry; it doubles at each further retry.
    pub backoff: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            from: SCHEME_IRI.to_owned(),
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

/// What is happening, for a progress display.
#[derive(Debug)]
#[non_exhaustive]
pub enum Progress<'a> {
    /// A concept is being fetched: the `index`-th (1-based) of `total` known so far.
    Fetching {
        /// 1-based position.
        index: usize,
        /// How many concepts are known so far.
        total: usize,
        /// The address asked.
        url: &'a str,
    },
    /// A concept was fetched.
    Fetched {
        /// How many triples its payload held.
        triples: usize,
    },
    /// A request failed and will be tried again after `wait`.
    Retrying {
        /// The attempt that failed (1-based).
        attempt: u32,
        /// Why.
        error: &'a str,
        /// How long until the next attempt.
        wait: Duration,
    },
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// `--from` is not an http(s) address.
    #[error("--from {0:?} is not an http:// or https:// address")]
    BadBase(String),
    /// The HTTP client could not be built.
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
    /// The request failed on the network, each time it was tried.
    #[error("GET {url} failed{}: {message}", after(*.attempts))]
    Network {
        /// The address.
        url: String,
        /// How many attempts were made.
        attempts: u32,
        /// The last error, with its causes.
        message: String,
    },
    /// The server answered with an error status.
    #[error("GET {url} answered HTTP {status}{}", after(*.attempts))]
    Status {
        /// The address.
        url: String,
        status: u16,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The server answered something else than Turtle.
    #[error(
        "GET {url} answered {what} instead of Turtle; the SDG KOS service answers `Accept: text/turtle` with Turtle (check --from)"
    )]
    NotTurtle {
        /// The address.
        url: String,
        /// What it answered (media type or a description of the body).
        what: String,
    },
    /// The payload is larger than [`MAX_PAYLOAD`].
    #[error(
        "GET {url} answered more than {MAX_PAYLOAD} bytes; an SDG concept's description is far smaller"
    )]
    TooLarge {
        /// The address.
        url: String,
    },
    /// The payload is not valid Turtle.
    #[error("the answer to GET {url} is not valid Turtle (truncated or damaged?): {message}")]
    Syntax {
        /// The address.
        url: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The payload does not describe the concept asked for.
    #[error("the answer to GET {url} is Turtle but says nothing about {iri}")]
    NotDescribed {
        /// The address.
        url: String,
        /// The concept asked for.
        iri: String,
    },
    /// The fetched vocabulary lacks something the snapshot needs.
    #[error("the fetched SDG data is incomplete: {0}")]
    Selection(#[from] SelectionError),
}

/// " after N attempts" when there were several.
fn after(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

impl FetchError {
    /// What went wrong, without the address (for a progress line that already shows it).
    fn reason(&self) -> String {
        match self {
            Self::Status { status, .. } => format!("HTTP {status}"),
            Self::Network { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}

/// One failed attempt, and whether trying again may help.
struct Failed {
    error: FetchError,
    retry: bool,
    /// How long the service asked us to wait (`Retry-After`).
    wait: Option<Duration>,
}

/// The address to fetch `iri` from.
pub fn url_for(iri: &str, from: &str) -> String {
    match iri.strip_prefix(SCHEME_IRI) {
        Some(rest) => format!("{}{rest}", from.trim_end_matches('/')),
        None => iri.to_owned(),
    }
}

/// Fetches the concepts of `current` (the snapshot) and those the selection rules add, and
/// returns the triples of the new snapshot. The scheme's own triples are carried over from
/// `current` (its page on the service is the whole taxonomy).
pub fn refresh(
    current: &SdgVocabulary,
    linked: &[&str],
    options: &Options,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Vec<Triple>, FetchError> {
    let base = reqwest::Url::parse(&options.from)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| FetchError::BadBase(options.from.clone()))?;
    let client = client(options)?;
    let schemes: BTreeSet<&str> = current
        .concepts
        .values()
        .filter(|c| c.kind == SdgKind::Scheme)
        .map(|c| c.iri.as_str())
        .collect();
    let mut triples: Vec<Triple> = current
        .triples
        .iter()
        .filter(|t| matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if schemes.contains(n.as_str())))
        .cloned()
        .collect();
    let mut queue: Vec<String> = current
        .concepts
        .values()
        .filter(|c| c.kind != SdgKind::Scheme)
        .map(|c| c.iri.clone())
        .collect();
    let mut fetched: BTreeSet<String> = BTreeSet::new();
    let mut index = 0;
    for _round in 0..MAX_ROUNDS {
        let total = fetched.len() + queue.len();
        for iri in std::mem::take(&mut queue) {
            index += 1;
            let url = url_for(&iri, base.as_str().trim_end_matches('/'));
            progress(Progress::Fetching {
                index,
                total,
                url: &url,
            });
            let got = fetch_one(&client, &iri, &url, options, progress)?;
            progress(Progress::Fetched { triples: got.len() });
            triples.extend(got);
            fetched.insert(iri);
        }
        let vocabulary = SdgVocabulary::from_triples(vec![options.from.clone()], triples.clone());
        let selected = snapshot::select(&vocabulary, linked)?;
        queue = selected
            .iter()
            .filter(|iri| !fetched.contains(*iri) && !schemes.contains(iri.as_str()))
            .cloned()
            .collect();
        if queue.is_empty() {
            return Ok(snapshot::triples(&vocabulary, &selected));
        }
    }
    let vocabulary = SdgVocabulary::from_triples(vec![options.from.clone()], triples);
    let selected = snapshot::select(&vocabulary, linked)?;
    Ok(snapshot::triples(&vocabulary, &selected))
}

fn client(options: &Options) -> Result<Client, FetchError> {
    crate::http_client::blocking_builder("sdg fetch")
        .timeout(options.timeout)
        .connect_timeout(options.timeout.min(Duration::from_secs(10)))
        .build()
        .map_err(|e| FetchError::Client(error_chain(&e)))
}

/// Fetches one concept, retrying what may be transient.
fn fetch_one(
    client: &Client,
    iri: &str,
    url: &str,
    options: &Options,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Vec<Triple>, FetchError> {
    let retry = Retry {
        retries: options.retries,
        backoff: options.backoff,
    };
    retry
        .run(
            |attempt| match try_once(client, iri, url, attempt) {
                Ok(triples) => Attempt::Done(Ok(triples)),
                Err(failed) if failed.retry => Attempt::Failed {
                    error: failed.error,
                    wait: failed.wait,
                },
                Err(failed) => Attempt::Done(Err(failed.error)),
            },
            |attempt, error, wait| {
                progress(Progress::Retrying {
                    attempt,
                    error: &error.reason(),
                    wait,
                });
            },
        )
        .map_err(|(error, _)| error)?
}

fn try_once(client: &Client, iri: &str, url: &str, attempt: u32) -> Result<Vec<Triple>, Failed> {
    let network = |e: &reqwest::Error| Failed {
        error: FetchError::Network {
            url: url.to_owned(),
            attempts: attempt,
            message: error_chain(e),
        },
        retry: true,
        wait: None,
    };
    let fail = |error| Failed {
        error,
        retry: false,
        wait: None,
    };
    let response = client
        .get(url)
        .header(ACCEPT, "text/turtle, application/n-triples;q=0.5")
        .send()
        .map_err(|e| network(&e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(Failed {
            error: FetchError::Status {
                url: url.to_owned(),
                status: status.as_u16(),
                attempts: attempt,
            },
            retry: is_transient_read(status),
            wait: retry_after(response.headers()),
        });
    }
    let media_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    if let Some(media_type) = &media_type
        && !TURTLE_TYPES.contains(&media_type.as_str())
    {
        return Err(fail(FetchError::NotTurtle {
            url: url.to_owned(),
            what: media_type.clone(),
        }));
    }
    if response.content_length().is_some_and(|n| n > MAX_PAYLOAD) {
        return Err(fail(FetchError::TooLarge {
            url: url.to_owned(),
        }));
    }
    let mut body = Vec::new();
    response
        .take(MAX_PAYLOAD + 1)
        .read_to_end(&mut body)
        .map_err(|e| Failed {
            error: FetchError::Network {
                url: url.to_owned(),
                attempts: attempt,
                message: format!(
                    "reading the answer failed (truncated?): {}",
                    error_chain(&e)
                ),
            },
            retry: true,
            wait: None,
        })?;
    if body.len() as u64 > MAX_PAYLOAD {
        return Err(fail(FetchError::TooLarge {
            url: url.to_owned(),
        }));
    }
    if media_type.is_none() && body.trim_ascii_start().starts_with(b"<") {
        return Err(fail(FetchError::NotTurtle {
            url: url.to_owned(),
            what: "markup (HTML or XML) without a media type".to_owned(),
        }));
    }
    let triples = vocabulary::parse(url, &body, RdfFormat::Turtle, Some(iri)).map_err(|e| {
        fail(FetchError::Syntax {
            url: url.to_owned(),
            message: match e {
                SdgError::Syntax { message, .. } => message,
                other => other.to_string(),
            },
        })
    })?;
    let describes = triples
        .iter()
        .any(|t| matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == iri));
    if !describes {
        return Err(fail(FetchError::NotDescribed {
            url: url.to_owned(),
            iri: iri.to_owned(),
        }));
    }
    Ok(triples)
}
