//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`.
//!
//! Handlers return `ApiError`; actix's own extractor failures are routed here through the
//! `*_error_handler` functions (`extractors`), and database and pool errors are mapped in
//! `database`, so every 4xx/5xx a client sees has the same shape and carries the request
//! id. A 500 shows nothing internal: the cause is logged with the request id.

mod database;
mod extractors;

pub use database::{ConstraintCase, OnConstraint, OrNotFound};
pub use extractors::{json_error_handler, path_error_handler, query_error_handler};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::FieldError;
use crate::i18n::{self, Message, msg};
use crate::request_id;

const PROBLEM_BASE: &str = "https://coopsante.dev/problems/";

/// RFC 9457 problem details, as sent for every error. `title`, `detail` and the errors'
/// `message` are in the language negotiated from `Accept-Language` (French by default).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "https://coopsante.dev/problems/validation",
    "title": "Requête invalide",
    "status": 422,
    "detail": "1 champ est invalide : postal_code",
    "errors": [{"field": "postal_code", "code": "format", "message": "code postal canadien attendu, par exemple H2X 1Y4"}],
    "request_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d"
}))]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// For validation problems: every invalid field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The id of the request (also in the `X-Request-Id` header), for support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(Message),
    #[error("{0}")]
    Unauthorized(Message),
    #[error("{0}")]
    Forbidden(Message),
    #[error("{0}")]
    NotFound(Message),
    #[error("{0}")]
    Conflict(Message),
    /// What the client asked for existed once and is gone for good (e.g. purged history).
    #[error("{0}")]
    Gone(Message),
    /// The path exists, but not with this method; carries the methods it allows.
    #[error("this endpoint does not accept this method; it allows {0}")]
    MethodNotAllowed(String),
    #[error("{}", msg!("problem-precondition-failed"))]
    PreconditionFailed,
    #[error("{0}")]
    PayloadTooLarge(Message),
    #[error("{0}")]
    UnsupportedMediaType(Message),
    /// The request line's target is longer than the service reads (the limit, in bytes).
    #[error("the URI is longer than {0} bytes")]
    UriTooLong(usize),
    /// The request's header fields are larger than the service reads (the limit, in bytes).
    #[error("the header fields exceed {0} bytes")]
    HeadersTooLarge(usize),
    /// `Accept` allows none of what the operation answers; carries the media types offered.
    #[error("none of the media types offered is acceptable: {0}")]
    NotAcceptable(String),
    #[error("{}", validation_detail(.0))]
    Validation(Vec<FieldError>),
    #[error("{}", query_detail(.0))]
    InvalidQuery(Vec<FieldError>),
    /// A rate limit is reached; carries the seconds to wait and the rate-limit headers.
    #[error("too many requests; retry in {retry_after} s")]
    TooManyRequests {
        retry_after: u64,
        headers: Vec<(header::HeaderName, HeaderValue)>,
    },
    #[error("{}", msg!("problem-unavailable"))]
    Unavailable,
    /// Anything the client cannot act on; the cause is logged whole, never sent.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

fn validation_detail(errors: &[FieldError]) -> Message {
    match errors {
        [one] => msg!("problem-validation-one", field = one.field.as_str()),
        many => msg!("problem-validation-many", count = many.len()),
    }
}

fn query_detail(errors: &[FieldError]) -> Message {
    let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    msg!("problem-bad-query", names = names.join(", "))
}

impl ApiError {
    /// A 404 naming the resource (`cooperative`, `partner`…; see `resource-name` in the
    /// locales).
    pub fn not_found(what: &str) -> Self {
        // Fluent selects on identifiers: `membership count` -> `membership_count`.
        ApiError::NotFound(msg!(
            "problem-no-such-resource",
            resource = what.replace(' ', "_")
        ))
    }

    /// A 500 for `cause`, which is logged with its whole chain of sources.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        ApiError::Internal(cause.into())
    }

    pub fn invalid(field: &str, code: &'static str, message: Message) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    fn slug_and_title(&self) -> (&'static str, Message) {
        match self {
            ApiError::BadRequest(_) => ("bad-request", msg!("title-bad-request")),
            ApiError::Unauthorized(_) => ("unauthorized", msg!("title-unauthorized")),
            ApiError::Forbidden(_) => ("forbidden", msg!("title-forbidden")),
            ApiError::NotFound(_) => ("not-found", msg!("title-not-found")),
            ApiError::Conflict(_) => ("conflict", msg!("title-conflict")),
            ApiError::Gone(_) => ("gone", msg!("title-gone")),
            ApiError::MethodNotAllowed(_) => {
                ("method-not-allowed", msg!("title-method-not-allowed"))
            }
            ApiError::PreconditionFailed => {
                ("precondition-failed", msg!("title-precondition-failed"))
            }
            ApiError::PayloadTooLarge(_) => ("payload-too-large", msg!("title-payload-too-large")),
            ApiError::UnsupportedMediaType(_) => (
                "unsupported-media-type",
                msg!("title-unsupported-media-type"),
            ),
            ApiError::NotAcceptable(_) => ("not-acceptable", msg!("title-not-acceptable")),
            ApiError::UriTooLong(_) => ("uri-too-long", msg!("title-uri-too-long")),
            ApiError::HeadersTooLarge(_) => ("headers-too-large", msg!("title-headers-too-large")),
            ApiError::Validation(_) => ("validation", msg!("title-validation")),
            ApiError::InvalidQuery(_) => ("bad-query", msg!("title-bad-query")),
            ApiError::TooManyRequests { .. } => {
                ("too-many-requests", msg!("title-too-many-requests"))
            }
            ApiError::Unavailable => ("unavailable", msg!("title-unavailable")),
            ApiError::Internal(_) => ("internal", msg!("title-internal")),
        }
    }

    /// What went wrong, for the client (an internal error says nothing of its cause).
    fn detail(&self) -> Message {
        match self {
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::Gone(m)
            | ApiError::PayloadTooLarge(m)
            | ApiError::UnsupportedMediaType(m) => m.clone(),
            ApiError::MethodNotAllowed(allowed) => {
                msg!("problem-method-not-allowed", allowed = allowed.as_str())
            }
            ApiError::UriTooLong(limit) => msg!("problem-uri-too-long", limit = *limit),
            ApiError::HeadersTooLarge(limit) => msg!("problem-headers-too-large", limit = *limit),
            ApiError::NotAcceptable(offered) => {
                msg!("problem-not-acceptable", offered = offered.as_str())
            }
            ApiError::PreconditionFailed => msg!("problem-precondition-failed"),
            ApiError::Validation(errors) => validation_detail(errors),
            ApiError::InvalidQuery(errors) => query_detail(errors),
            ApiError::TooManyRequests { retry_after, .. } => {
                msg!("problem-too-many-requests", seconds = *retry_after)
            }
            ApiError::Unavailable => msg!("problem-unavailable"),
            ApiError::Internal(_) => msg!("problem-internal"),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) | ApiError::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            ApiError::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            ApiError::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let request_id = request_id::current();
        if let ApiError::Internal(cause) = self {
            log::error!(
                "request {}: internal error: {}",
                request_id.as_deref().unwrap_or("-"),
                chain(cause.as_ref())
            );
        }
        let lang = i18n::current();
        let (slug, title) = self.slug_and_title();
        let status = self.status_code();
        let problem = Problem {
            kind: format!("{PROBLEM_BASE}{slug}"),
            title: title.render(lang),
            status: status.as_u16(),
            detail: self.detail().render(lang),
            errors: match self {
                ApiError::Validation(errors) | ApiError::InvalidQuery(errors) => errors.clone(),
                _ => Vec::new(),
            },
            request_id,
        };
        let mut response = HttpResponse::build(status);
        response.content_type("application/problem+json");
        response.insert_header((header::CONTENT_LANGUAGE, lang.tag()));
        // The text is in the language `Accept-Language` chose; a 406 answers `Accept`.
        let vary = match self {
            ApiError::NotAcceptable(_) => "Accept, Accept-Language",
            _ => "Accept-Language",
        };
        response.append_header((header::VARY, vary));
        match self {
            ApiError::Unauthorized(_) => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            ApiError::Unavailable => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("2")));
            }
            ApiError::TooManyRequests {
                retry_after,
                headers,
            } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
                for (name, value) in headers {
                    response.insert_header((name.clone(), value.clone()));
                }
            }
            ApiError::MethodNotAllowed(allowed) => {
                if let Ok(value) = HeaderValue::from_str(allowed) {
                    response.insert_header((header::ALLOW, value));
                }
            }
            _ => {}
        }
        response.json(problem)
    }
}

/// An error and every source under it: `a: b: c`.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("loading the plan")]
    struct Loading(#[source] std::io::Error);

    #[test]
    fn an_internal_error_keeps_its_whole_cause_for_the_log_and_shows_none_of_it() {
        let err = ApiError::internal(Loading(std::io::Error::other("disk on fire")));
        let ApiError::Internal(cause) = &err else {
            panic!("expected an internal error, got {err:?}");
        };
        assert_eq!(chain(cause.as_ref()), "loading the plan: disk on fire");
        let response = err.error_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = actix_web::body::to_bytes(response.into_body());
        let body = futures_util::FutureExt::now_or_never(body)
            .expect("a body in memory")
            .expect("a readable body");
        let text = String::from_utf8_lossy(&body);
        assert!(!text.contains("disk on fire"), "the cause leaked: {text}");
    }
}
