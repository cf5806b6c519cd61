//! Cross-origin calls from browsers (a co-op's website showing the directory, a dashboard).
//!
//! The public directory and the spec answer any origin: they are public anyway. Everything
//! else answers only the origins listed in `COOPSANTE_CORS_ORIGINS`. Tokens travel in the
//! `Authorization` header, never in cookies, so no credentials mode is needed. A call from an
//! origin not listed is still served, without CORS headers: the browser, not the server, then
//! withholds the answer from the page (server-to-server calls that send `Origin` still work).

use actix_cors::Cors;
use actix_web::http::{Method, header};

use crate::config::CorsOrigins;

/// Paths any origin may call.
fn is_public(path: &str) -> bool {
    path == "/v1/directory/cooperatives"
        || path.starts_with("/v1/directory/")
        || path == "/openapi.json"
        || path.starts_with("/.well-known/")
}

/// The request headers a front end may send beyond the CORS-safelisted ones.
const REQUEST_HEADERS: [&str; 7] = [
    "authorization",
    "content-type",
    "if-match",
    "if-none-match",
    "idempotency-key",
    "x-request-id",
    "accept-language",
];

/// The response headers a page may read beyond the CORS-safelisted ones.
const EXPOSED_HEADERS: [&str; 9] = [
    "etag",
    "link",
    "location",
    "retry-after",
    "x-request-id",
    "changes-cursor",
    "ratelimit",
    "ratelimit-policy",
    "idempotent-replayed",
];

pub fn middleware(origins: &CorsOrigins) -> Cors {
    let origins = origins.clone();
    Cors::default()
        .allowed_origin_fn(move |origin, head| {
            is_public(head.uri.path())
                || origins.any
                || origin
                    .to_str()
                    .is_ok_and(|o| origins.listed.iter().any(|l| l == o))
        })
        .allowed_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers(
            REQUEST_HEADERS
                .iter()
                .map(|h| header::HeaderName::from_static(h)),
        )
        .expose_headers(
            EXPOSED_HEADERS
                .iter()
                .map(|h| header::HeaderName::from_static(h)),
        )
        // Browsers cap this (Chromium at 2 h); an hour spares most preflights.
        .max_age(3600)
}
