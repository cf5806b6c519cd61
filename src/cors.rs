//! Cross-origin calls from browsers (a co-op's website showing the directory, a dashboard).
//!
//! Public reads (the operations needing no token, and the spec) answer any origin with `*`:
//! they are public anyway. Everything else answers only the origins listed in
//! `COOPSANTE_CORS_ORIGINS`. Tokens travel in the
//! `Authorization` header, never in cookies, so no credentials mode is needed. A call from an
//! origin not listed is still served, without CORS headers: the browser, not the server, then
//! withholds the answer from the page (server-to-server calls that send `Origin` still work).

use std::sync::Arc;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{RequestHead, ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use utoipa::openapi::security::SecurityRequirement;

use crate::config::CorsOrigins;

/// The public reads, which any page may make: the operations the spec documents as needing
/// no token (the directory, an adopted plan's summary, the metadata, the probes), and the
/// spec itself. They answer `Access-Control-Allow-Origin: *` (never with credentials), so a
/// cache shares one answer across origins; everything else answers only listed origins.
#[derive(Clone, Default)]
pub struct PublicReads(Arc<Vec<ResourceDef>>);

impl PublicReads {
    pub fn of(api: &utoipa::openapi::OpenApi) -> Self {
        let open = SecurityRequirement::default();
        let paths = api
            .paths
            .paths
            .iter()
            .filter(|(_, item)| {
                item.get
                    .as_ref()
                    .is_some_and(|get| get.security.iter().flatten().any(|r| r == &open))
            })
            .map(|(path, _)| ResourceDef::new(path.as_str()))
            .chain([ResourceDef::new("/openapi.json")])
            .collect();
        Self(Arc::new(paths))
    }

    /// A read (or its preflight) of a public path.
    fn matches(&self, head: &RequestHead) -> bool {
        let read = |m: &[u8]| m == b"GET" || m == b"HEAD";
        let reading = match head.method {
            Method::GET | Method::HEAD => true,
            Method::OPTIONS => head
                .headers
                .get(header::ACCESS_CONTROL_REQUEST_METHOD)
                .is_some_and(|m| read(m.as_bytes())),
            _ => false,
        };
        reading && self.0.iter().any(|def| def.is_match(head.uri.path()))
    }
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
const EXPOSED_HEADERS: [&str; 14] = [
    "etag",
    "link",
    "location",
    "retry-after",
    "x-request-id",
    "changes-cursor",
    "ratelimit",
    "ratelimit-policy",
    "idempotent-replayed",
    "content-disposition",
    "www-authenticate",
    "allow",
    "deprecation",
    "sunset",
];

pub fn middleware(origins: &CorsOrigins, public: &PublicReads) -> Cors {
    let origins = origins.clone();
    let public = public.clone();
    Cors::default()
        .allowed_origin_fn(move |origin, head| {
            public.matches(head)
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

/// Outside [`middleware`]: a public read's answer allows any origin as `*` rather than the
/// caller's own, so that one cached answer serves every origin.
pub async fn any_origin_for_public_reads(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let public = req
        .app_data::<web::Data<PublicReads>>()
        .is_some_and(|public| public.matches(req.head()));
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if public && headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    Ok(res)
}
