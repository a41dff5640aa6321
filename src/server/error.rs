//! The HTTP errors of the server, and the one place that maps each to a status code: client
//! faults are 4xx, overload and timeouts 503/504, our own faults 500. Bodies are plain text
//! messages that say what to change.

use super::negotiate::NotAcceptable;
use super::workers::PoolError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Seconds a client is told to wait before retrying when the server is busy.
pub const RETRY_AFTER_SECONDS: u32 = 2;

/// An error response.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The request is malformed (syntax error, repeated parameter, bad graph IRI).
    #[error("{0}")]
    BadRequest(String),
    /// A write was attempted on the read-only endpoint.
    #[error("{0}")]
    ReadOnly(String),
    /// Nothing at this path.
    #[error("{0}")]
    NotFound(String),
    /// No offered representation matches `Accept`/`format`.
    #[error(transparent)]
    NotAcceptable(#[from] NotAcceptable),
    /// The request body did not arrive in time.
    #[error(
        "the request body did not arrive within {} s; send it at once",
        .0.as_secs()
    )]
    RequestTimeout(std::time::Duration),
    /// The body exceeds the limit.
    #[error("the request body is larger than the limit of {0} bytes; send a shorter query")]
    PayloadTooLarge(usize),
    /// The body's media type or charset is not supported.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Every worker is busy.
    #[error("{0}")]
    Busy(String),
    /// The query ran out of time.
    #[error("{0}")]
    Timeout(String),
    /// The query needed more memory than the server allows.
    #[error("{0}")]
    ResourcesExhausted(String),
    /// A fault of the server.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The status code of this error.
    pub const fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::ReadOnly(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            Self::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            Self::ResourcesExhausted(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<std::io::Error> for ApiError {
    fn from(error: std::io::Error) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<PoolError> for ApiError {
    fn from(error: PoolError) -> Self {
        match error {
            PoolError::Busy { .. } => Self::Busy(error.to_string()),
            PoolError::Timeout(_) => Self::Timeout(error.to_string()),
            PoolError::TooDeep => Self::BadRequest(error.to_string()),
            PoolError::OutOfMemory(_) => Self::ResourcesExhausted(error.to_string()),
            PoolError::WorkerDied(_) | PoolError::Spawn(_) => Self::Internal(error.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (status, format!("{status}: {self}\n")).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        if matches!(self, Self::Busy(_) | Self::ResourcesExhausted(_)) {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}
