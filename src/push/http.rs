//! The HTTP side of `push`: one blocking client with authentication, timeouts and retries.
//!
//! A request is retried ([`crate::http_client::Retry`]) when the store could not be reached or
//! timed out, or answered with a status that says "later"
//! ([`crate::http_client::is_transient_write`]), waiting what its `Retry-After` header asks or
//! an exponential backoff. Any other failure is returned at once with the store's own message.
//! Bodies are rebuilt for every attempt (a streamed file is reopened), so retries resend them
//! whole.

use super::{Auth, PushError, PushOptions};
use crate::http_client::{Attempt, Retry, error_chain, is_transient_write, retry_after};
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::{StatusCode, Url};
/// How much of a store's error message is reported.
const MAX_MESSAGE_CHARS: usize = 2000;

/// A client bound to the options and credentials of one push.
pub(crate) struct Http {
    client: Client,
    auth: Auth,
    options: PushOptions,
}

/// A failed attempt that another attempt may not have.
enum Failure {
    /// A status that says "later", with the store's message.
    Refused { status: StatusCode, message: String },
    /// The network failed.
    Network(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused { status, message } => write!(f, "{status}: {message}"),
            Self::Network(message) => f.write_str(message),
        }
    }
}

/// What became of a request, after retries.
pub(crate) enum Outcome {
    /// A 2xx answer.
    Success(StatusCode),
    /// A final non-2xx answer, with the store's message.
    Refused {
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
        let retry = Retry {
            retries: self.options.retries,
            backoff: self.options.backoff,
        };
        let sent = retry.run(
            |attempt| {
                let request = match build() {
                    Ok(request) => self.auth.apply(request),
                    Err(error) => return Attempt::Done(Err(error)),
                };
                match request.send() {
                    Ok(response) => {
                        let status = response.status();
                        if status.is_success() {
                            return Attempt::Done(Ok(Outcome::Success(status)));
                        }
                        let wait = retry_after(response.headers());
                        let message = message(response);
                        if is_transient_write(status) {
                            Attempt::Failed {
                                error: Failure::Refused { status, message },
                                wait,
                            }
                        } else {
                            Attempt::Done(Ok(Outcome::Refused { status, message }))
                        }
                    }
                    Err(error) if is_network(&error) => Attempt::Failed {
                        error: Failure::Network(self.diagnose(url, &error)),
                        wait: None,
                    },
                    Err(error) => Attempt::Done(Err(PushError::Unreachable {
                        url: url.to_string(),
                        attempts: attempt,
                        message: self.diagnose(url, &error),
                    })),
                }
            },
            |attempt, failure, _| on_retry(attempt, &failure.to_string()),
        );
        match sent {
            Ok(result) => result,
            Err((Failure::Refused { status, message }, _)) => {
                Ok(Outcome::Refused { status, message })
            }
            Err((Failure::Network(message), attempts)) => Err(PushError::Unreachable {
                url: url.to_string(),
                attempts,
                message,
            }),
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
