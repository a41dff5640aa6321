//! Outgoing HTTP (`sdg fetch`, `push`): one place that sets up reqwest clients, retries what
//! may be transient, and words errors.
//!
//! reqwest is built with rustls but without a default crypto provider (the default, aws-lc-rs,
//! needs cmake and a long C build); ring is installed here as the process-wide provider before
//! any client is built.
//!
//! Retries ([`Retry::run`]) wait the server's `Retry-After` when it gives one (at most
//! [`MAX_RETRY_AFTER`]), else an exponential backoff. Which answers are worth another attempt
//! is the caller's judgement, named where it is made: reading the UN's service retries every
//! 5xx and 429 ([`is_transient_read`]); writing to a triplestore retries only the statuses that
//! say "later" (408, 425, 429, 502, 503, 504: [`is_transient_write`]), because a 500 from a
//! store that is writing ("disk full") is not cured by sending the same data again.

use reqwest::StatusCode;
use reqwest::blocking::ClientBuilder;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::Duration;

/// The most a `Retry-After` header can make us wait.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The longest backoff between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Installs ring as rustls' crypto provider (once per process; later calls do nothing).
pub fn install_tls_provider() {
    // Fails only when a provider is already installed, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A blocking client builder with TLS ready and kyoto-kg's user agent.
pub fn blocking_builder(purpose: &str) -> ClientBuilder {
    install_tls_provider();
    reqwest::blocking::Client::builder().user_agent(format!(
        "kyoto-kg/{} ({purpose})",
        env!("CARGO_PKG_VERSION")
    ))
}

/// Whether a read (a `GET` of a public service) is worth trying again after `status`.
pub fn is_transient_read(status: StatusCode) -> bool {
    status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS
}

/// Whether a write (a request that changes a triplestore) is worth trying again after
/// `status`: only the statuses that say "not now".
pub fn is_transient_write(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 425 | 429 | 502 | 503 | 504)
}

/// How long the server asks us to wait (`Retry-After` in seconds), at most
/// [`MAX_RETRY_AFTER`].
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: u64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

/// An error with its causes, on one line ("error sending request: connection refused").
pub fn error_chain(error: &dyn std::error::Error) -> String {
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

/// How one attempt ended.
#[derive(Debug)]
pub enum Attempt<T, E> {
    /// With a result that needs no other attempt (a success, or a failure no retry can help).
    Done(T),
    /// With a failure that another attempt may not have.
    Failed {
        /// What went wrong.
        error: E,
        /// How long the server asked us to wait, if it did.
        wait: Option<Duration>,
    },
}

/// How often, and how patiently, a request is tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// How many times a failed attempt is tried again.
    pub retries: u32,
    /// The wait before the first retry; it doubles at each further retry, up to
    /// [`MAX_BACKOFF`].
    pub backoff: Duration,
}

impl Retry {
    /// The wait after failed attempt `attempt` (1-based) when the server named none.
    pub fn backoff_after(&self, attempt: u32) -> Duration {
        let factor = 2_u32.saturating_pow(attempt.saturating_sub(1));
        self.backoff.saturating_mul(factor).min(MAX_BACKOFF)
    }

    /// Runs `attempt` (with the attempt's number, from 1) until it is done or has failed
    /// `retries + 1` times; `on_retry` hears of each failure that is retried and the wait
    /// before the next attempt. The last failure is returned with the number of attempts.
    pub fn run<T, E>(
        &self,
        mut attempt: impl FnMut(u32) -> Attempt<T, E>,
        mut on_retry: impl FnMut(u32, &E, Duration),
    ) -> Result<T, (E, u32)> {
        let mut number = 1;
        loop {
            match attempt(number) {
                Attempt::Done(result) => return Ok(result),
                Attempt::Failed { error, .. } if number > self.retries => {
                    return Err((error, number));
                }
                Attempt::Failed { error, wait } => {
                    let wait = wait.unwrap_or_else(|| self.backoff_after(number));
                    on_retry(number, &error, wait);
                    std::thread::sleep(wait);
                    number += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_retried_as_often_as_allowed_with_the_servers_wait_first() {
        let retry = Retry {
            retries: 2,
            backoff: Duration::from_millis(1),
        };
        let mut waits = Vec::new();
        let outcome: Result<(), (&str, u32)> = retry.run(
            |n| Attempt::Failed {
                error: "busy",
                wait: (n == 2).then_some(Duration::from_millis(3)),
            },
            |n, _, wait| waits.push((n, wait)),
        );
        assert_eq!(outcome, Err(("busy", 3)));
        assert_eq!(
            waits,
            [(1, Duration::from_millis(1)), (2, Duration::from_millis(3))]
        );
        let done: Result<u32, (&str, u32)> = retry.run(
            |n| {
                if n < 2 {
                    Attempt::Failed {
                        error: "busy",
                        wait: None,
                    }
                } else {
                    Attempt::Done(n)
                }
            },
            |_, _, _| {},
        );
        assert_eq!(done, Ok(2));
    }

    #[test]
    fn backoff_doubles_up_to_its_cap_and_retry_after_is_capped() {
        let retry = Retry {
            retries: 40,
            backoff: Duration::from_millis(500),
        };
        assert_eq!(retry.backoff_after(1), Duration::from_millis(500));
        assert_eq!(retry.backoff_after(3), Duration::from_secs(2));
        assert_eq!(retry.backoff_after(40), MAX_BACKOFF);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, reqwest::header::HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            reqwest::header::HeaderValue::from_static("99999"),
        );
        assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER));
        headers.insert(
            RETRY_AFTER,
            reqwest::header::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn reads_retry_server_errors_and_writes_only_the_statuses_that_say_later() {
        for code in [500, 502, 503, 504, 429] {
            assert!(is_transient_read(
                StatusCode::from_u16(code).unwrap_or_default()
            ));
        }
        assert!(!is_transient_read(StatusCode::NOT_FOUND));
        assert!(!is_transient_write(StatusCode::INTERNAL_SERVER_ERROR));
        assert!(is_transient_write(StatusCode::SERVICE_UNAVAILABLE));
        assert!(is_transient_write(StatusCode::REQUEST_TIMEOUT));
    }
}
