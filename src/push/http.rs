//! The HTTP side of `push`: one blocking client with authentication, timeouts and retries.
//!
//! A request is retried when the store could not be reached or timed out, or answered with a
//! transient status (408, 425, 429, 502, 503, 504), with exponential backoff that honours a
//! `Retry-After` header. Any other failure is returned at once with the store's own message.
//! Bodies are rebuilt for every attempt (a streamed file is reopened), so retries resend them
//! whole.

use super::{Auth, PushError, PushOptions};
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use std::thread;
use std::time::Duration;

/// The most a `Retry-After` header can make us wait.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// The longest backoff between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How much of a store's error message is reported.
const MAX_MESSAGE_CHARS: usize = 2000;

/// A client bound to the options and credentials of one push.
pub(crate) struct Http {
    client: Client,
    auth: Auth,
    options: PushOptions,
}

/// What became of a request, after retries.
pub(crate) enum Outcome {
    /// A 2xx answer.
    Success(StatusCode),
    /// A final non-2xx answer, with the store's message.
    Refused {
        /// The status.
        status: StatusCode,
        /// The body of the answer, trimmed.
        message: String,
    },
}

impl Http {
    /// A client for `options`, sending `auth` with every request.
    pub(crate) fn new(auth: Auth, options: PushOptions) -> Result<Self, PushError> {
        let client = crate::http_client::blocking_builder("push")
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .build()
            .map_err(|e| PushError::Client(e.to_string()))?;
        Ok(Self {
            client,
            auth,
            options,
        })
    }

    /// The underlying client, to build requests with.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// Sends the request `build` makes (once per attempt), retrying transient failures.
    pub(crate) fn send(
        &self,
        url: &Url,
        mut build: impl FnMut() -> Result<RequestBuilder, PushError>,
        mut on_retry: impl FnMut(u32, &str),
    ) -> Result<Outcome, PushError> {
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let request = self.auth.apply(build()?);
            let last = attempt > self.options.retries;
            match request.send() {
                Ok(response) => {
                    let status = response.status();
                    if status.is_success() {
                        return Ok(Outcome::Success(status));
                    }
                    let wait = retry_after(response.headers());
                    let message = message(response);
                    if is_transient(status) && !last {
                        on_retry(attempt, &format!("{status}: {message}"));
                        thread::sleep(wait.unwrap_or_else(|| self.backoff(attempt)));
                        continue;
                    }
                    return Ok(Outcome::Refused { status, message });
                }
                Err(error) if !last && is_network(&error) => {
                    on_retry(attempt, &self.diagnose(url, &error));
                    thread::sleep(self.backoff(attempt));
                }
                Err(error) => {
                    return Err(PushError::Unreachable {
                        url: url.to_string(),
                        attempts: attempt,
                        message: self.diagnose(url, &error),
                    });
                }
            }
        }
    }

    /// What went wrong with a request, in words a user can act on.
    ///
    /// With a streamed body, a refused connection surfaces as "send failed because receiver is
    /// gone" from the body's side; a bare `GET` of the same URL then tells the real cause
    /// ("Connection refused", "dns error", ...).
    fn diagnose(&self, url: &Url, error: &reqwest::Error) -> String {
        let message = error_chain(error);
        if (error.is_body() || error.is_request())
            && let Err(probe) = self.client.get(url.clone()).send()
        {
            return error_chain(&probe);
        }
        message
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2_u32.saturating_pow(attempt.saturating_sub(1));
        self.options.backoff.saturating_mul(factor).min(MAX_BACKOFF)
    }
}

impl Auth {
    fn apply(&self, request: RequestBuilder) -> RequestBuilder {
        match self {
            Self::None => request,
            Self::Basic { user, password } => request.basic_auth(user, Some(password)),
            Self::Bearer(token) => request.bearer_auth(token),
        }
    }
}

/// Whether a request failed in the network (refused, reset, timed out) rather than in our hands.
fn is_network(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout() || error.is_request() || error.is_body()
}

/// Whether a status says "try again later".
pub(crate) fn is_transient(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 425 | 429 | 502 | 503 | 504)
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: u64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

/// The body of a refusal, whitespace collapsed and cut to a readable length.
fn message(response: Response) -> String {
    let text = response.text().unwrap_or_default();
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return "(no message)".to_owned();
    }
    let mut cut: String = collapsed.chars().take(MAX_MESSAGE_CHARS).collect();
    if cut.len() < collapsed.len() {
        cut.push_str(" ...");
    }
    cut
}

/// An error with its causes ("error sending request: connection refused").
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
