//! actix's extractor failures (a JSON body, a query string, a path that does not parse)
//! as problems of the same shape as every other error.

use actix_web::{HttpRequest, error};

use super::ApiError;
use crate::domain::FieldError;
use crate::i18n::msg;

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
