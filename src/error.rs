//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`.
//!
//! Handlers return `ApiError`; actix's own extractor failures are routed here through the
//! `*_error_handler` functions, so every 4xx/5xx a client sees has the same shape and carries
//! the request id. A 500 shows nothing internal: the cause is logged with the request id.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError, error};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{self, Resource};
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
        response.append_header((header::VARY, "Accept-Language"));
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

/// Maps a database error to what the client should see: unique or exclusion -> 409,
/// check -> 422 (both named by the table's [`db::Constraint`] list), foreign key -> 409,
/// lost connection -> 503, serialization failure -> 409; anything else is a logged 500.
/// What a foreign key means depends on the statement: call sites say it with
/// [`OnConstraint`].
impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        let mapped = from_database(err);
        let kind = match &mapped {
            ApiError::Unavailable => "unavailable",
            ApiError::Conflict(_) => "conflict",
            ApiError::Validation(_) | ApiError::BadRequest(_) => "constraint",
            _ => "internal",
        };
        crate::metrics::DB_ERRORS.with_label_values(&[kind]).inc();
        mapped
    }
}

fn from_database(err: diesel::result::Error) -> ApiError {
    {
        use diesel::result::{DatabaseErrorKind as Kind, Error as E};
        let E::DatabaseError(kind, info) = &err else {
            return ApiError::internal(err);
        };
        let name = info.constraint_name().unwrap_or("");
        let known = db::constraint(name);
        match kind {
            Kind::UniqueViolation | Kind::ExclusionViolation => {
                ApiError::Conflict(known.map_or_else(
                    || msg!("conflict-existing-record", constraint = name),
                    |c| (c.message)(),
                ))
            }
            Kind::ForeignKeyViolation => {
                ApiError::Conflict(msg!("conflict-broken-reference", constraint = name))
            }
            Kind::CheckViolation | Kind::NotNullViolation => match known {
                Some(c) => ApiError::invalid(c.field, "constraint", (c.message)()),
                None => ApiError::invalid(
                    "body",
                    "constraint",
                    msg!("violates-rule", constraint = name),
                ),
            },
            Kind::ClosedConnection => ApiError::Unavailable,
            Kind::SerializationFailure => ApiError::Conflict(msg!("conflict-concurrent-change")),
            _ if transient(info.message()) => {
                log::warn!("database unavailable for this request: {}", info.message());
                ApiError::Unavailable
            }
            _ if refused_value(info.message()) => {
                // Values are checked before they reach SQL; this is the net under that.
                log::warn!("the database refused a value: {}", info.message());
                ApiError::BadRequest(msg!("bad-request-value-not-storable"))
            }
            _ => ApiError::internal(err),
        }
    }
}

/// The database cannot serve this request now but may in a moment: a statement or lock
/// timeout, a server shutting down or starting, a connection lost mid-query.
fn transient(message: &str) -> bool {
    [
        "canceling statement due to statement timeout",
        "canceling statement due to lock timeout",
        "terminating connection due to administrator command",
        "the database system is shutting down",
        "the database system is starting up",
        "the database system is in recovery mode",
        "connection closed",
        "server closed the connection",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// PostgreSQL's data exceptions (SQLSTATE class 22) for a value it cannot store.
fn refused_value(message: &str) -> bool {
    [
        "invalid byte sequence",
        "out of range",
        "value too long",
        "invalid input syntax",
        "numeric field overflow",
        "unsupported Unicode escape",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// No pooled connection in the configured time: 503, and a line in the log.
impl From<db::PoolError> for ApiError {
    fn from(err: db::PoolError) -> Self {
        log::warn!("database connection unavailable: {err}");
        crate::metrics::DB_ERRORS
            .with_label_values(&["unavailable"])
            .inc();
        ApiError::Unavailable
    }
}

impl From<db::Error> for ApiError {
    fn from(err: db::Error) -> Self {
        match err {
            db::Error::Pool(e) => e.into(),
            db::Error::Query(e) => e.into(),
        }
    }
}

/// A constraint's name and the error its violation means here.
pub type ConstraintCase<'a> = (&'a str, fn() -> ApiError);

/// What a violated constraint means, said where the statement is run: the same foreign key
/// means "the parent is missing" on insert and "still in use" on delete.
pub trait OnConstraint<T> {
    /// A violation of the constraint `name` becomes `error()`; other errors map as usual.
    fn on_constraint(self, name: &str, error: impl FnOnce() -> ApiError) -> ApiResult<T>;

    /// [`Self::on_constraint`] for several constraints of one statement.
    fn on_constraints(self, cases: &[ConstraintCase<'_>]) -> ApiResult<T>;

    /// For a delete: any violated foreign key means other records still refer to this one.
    fn still_referenced(self, message: Message) -> ApiResult<T>;
}

impl<T> OnConstraint<T> for diesel::QueryResult<T> {
    fn on_constraint(self, name: &str, error: impl FnOnce() -> ApiError) -> ApiResult<T> {
        use diesel::result::Error as E;
        match self {
            Err(E::DatabaseError(_, info)) if info.constraint_name() == Some(name) => Err(error()),
            other => other.map_err(ApiError::from),
        }
    }

    fn on_constraints(self, cases: &[ConstraintCase<'_>]) -> ApiResult<T> {
        use diesel::result::Error as E;
        match self {
            Err(E::DatabaseError(kind, info)) => {
                let name = info.constraint_name().unwrap_or("");
                match cases.iter().find(|(case, _)| *case == name) {
                    Some((_, error)) => Err(error()),
                    None => Err(E::DatabaseError(kind, info).into()),
                }
            }
            other => other.map_err(ApiError::from),
        }
    }

    fn still_referenced(self, message: Message) -> ApiResult<T> {
        use diesel::result::{DatabaseErrorKind, Error as E};
        match self {
            Err(E::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => {
                Err(ApiError::Conflict(message))
            }
            other => other.map_err(ApiError::from),
        }
    }
}

/// A row that may be missing, as a 404 naming the resource: `R::find(conn, id).await.or_404()`.
pub trait OrNotFound<R> {
    fn or_404(self) -> ApiResult<R>;
}

impl<R: Resource> OrNotFound<R> for diesel::QueryResult<Option<R>> {
    fn or_404(self) -> ApiResult<R> {
        self?.ok_or_else(|| ApiError::not_found(R::NAME))
    }
}

/// Malformed, oversized or mistyped JSON bodies.
pub fn json_error_handler(err: error::JsonPayloadError, _req: &HttpRequest) -> error::Error {
    use error::JsonPayloadError as E;
    let api = match &err {
        E::Overflow { limit } | E::OverflowKnownLength { limit, .. } => {
            ApiError::PayloadTooLarge(msg!("body-too-large", limit = *limit))
        }
        E::ContentType => ApiError::UnsupportedMediaType(msg!("body-not-json")),
        E::Deserialize(e) => {
            ApiError::BadRequest(msg!("body-malformed-json", error = e.to_string()))
        }
        other => ApiError::BadRequest(msg!("body-unreadable", error = other.to_string())),
    };
    api.into()
}

/// Query strings that do not parse. An unknown parameter (`?regoin=06`) is named in
/// `errors`, as a value that does not parse is by the list that reads it (`limit`, `cursor`).
pub fn query_error_handler(err: error::QueryPayloadError, _req: &HttpRequest) -> error::Error {
    let text = err.to_string();
    match unknown_parameter(&text) {
        Some((name, known)) => ApiError::InvalidQuery(vec![FieldError::new(
            name,
            "unknown_field",
            msg!("parameter-unknown", known = known),
        )]),
        None => ApiError::BadRequest(msg!("query-string-invalid", error = text)),
    }
    .into()
}

/// The parameter and the known ones in serde's "unknown field `x`, expected one of `a`, `b`".
fn unknown_parameter(text: &str) -> Option<(&str, String)> {
    let (_, rest) = text.split_once("unknown field `")?;
    let (name, rest) = rest.split_once('`')?;
    let known = rest
        .split_once("expected ")
        .map(|(_, known)| known.trim_start_matches("one of ").replace('`', ""))
        .unwrap_or_default();
    Some((name, known))
}

/// A path segment that does not parse (a malformed UUID) names no resource: 404.
/// A path segment that cannot be an id or a date names nothing: 404, without the parser's
/// words (they stay in the debug log).
pub fn path_error_handler(err: error::PathError, req: &HttpRequest) -> error::Error {
    log::debug!("{} {}: {err}", req.method(), req.path());
    ApiError::NotFound(msg!("path-names-nothing")).into()
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

    #[test]
    fn a_violated_foreign_key_means_what_the_call_site_says() {
        use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error as E};
        struct Info;
        impl DatabaseErrorInformation for Info {
            fn message(&self) -> &str {
                "violates foreign key constraint"
            }
            fn details(&self) -> Option<&str> {
                None
            }
            fn hint(&self) -> Option<&str> {
                None
            }
            fn table_name(&self) -> Option<&str> {
                None
            }
            fn column_name(&self) -> Option<&str> {
                None
            }
            fn constraint_name(&self) -> Option<&str> {
                Some("service_agreements_partner_id_fkey")
            }
            fn statement_position(&self) -> Option<i32> {
                None
            }
        }
        let violation = || -> diesel::QueryResult<()> {
            Err(E::DatabaseError(
                DatabaseErrorKind::ForeignKeyViolation,
                Box::new(Info),
            ))
        };
        let on_insert = violation()
            .on_constraint("service_agreements_partner_id_fkey", || {
                ApiError::invalid("partner_id", "unknown", msg!("no-such-partner"))
            })
            .unwrap_err();
        assert!(matches!(&on_insert, ApiError::Validation(e) if e[0].field == "partner_id"));
        let on_delete = violation()
            .still_referenced(msg!("partner-has-agreements"))
            .unwrap_err();
        assert!(
            matches!(&on_delete, ApiError::Conflict(m) if *m == msg!("partner-has-agreements"))
        );
        let elsewhere = violation()
            .on_constraint("another_constraint", || ApiError::PreconditionFailed)
            .unwrap_err();
        assert!(matches!(elsewhere, ApiError::Conflict(_)), "{elsewhere:?}");
    }
}
