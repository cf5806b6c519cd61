//! Conditional requests: `ETag` from a resource's version, `If-None-Match` (304) on reads and
//! `If-Match` (412) on writes, so two editors never silently overwrite each other.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use serde::Serialize;

use crate::error::ApiError;

pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

fn tags(value: &HeaderValue) -> Vec<String> {
    value
        .to_str()
        .unwrap_or("")
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/").to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// A resource with its `ETag`.
pub fn with_etag(
    mut response: HttpResponseBuilder,
    version: i32,
    body: impl Serialize,
) -> HttpResponse {
    response
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// 200 with the resource and its `ETag`, or 304 when `If-None-Match` already names its version.
pub fn read(req: &HttpRequest, version: i32, body: impl Serialize) -> HttpResponse {
    if not_modified(req, version) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag(version)))
            .finish();
    }
    with_etag(HttpResponse::Ok(), version, body)
}

/// True when the client's `If-None-Match` already names this version (answer 304).
pub fn not_modified(req: &HttpRequest, version: i32) -> bool {
    let current = etag(version);
    req.headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| tags(v).iter().any(|t| t == "*" || *t == current))
}

/// The `If-Match` precondition of a write, read before the work starts (it must travel into
/// a transaction, where the request itself cannot go).
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<Vec<String>>);

impl IfMatch {
    pub fn of(req: &HttpRequest) -> Self {
        Self(req.headers().get(header::IF_MATCH).map(|v| {
            v.to_str()
                .unwrap_or("")
                .split(',')
                .map(|t| t.trim().to_owned())
                .collect()
        }))
    }

    pub fn is_present(&self) -> bool {
        self.0.is_some()
    }

    /// Fails with 412 when `If-Match` was sent and does not name the current version.
    /// If-Match compares strongly: a weak tag (`W/"3"`) never matches.
    pub fn check(&self, version: i32) -> Result<(), ApiError> {
        let Some(tags) = &self.0 else { return Ok(()) };
        let current = etag(version);
        if tags.iter().any(|t| t == "*" || *t == current) {
            Ok(())
        } else {
            Err(ApiError::PreconditionFailed)
        }
    }
}
