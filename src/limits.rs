//! Request heads larger than the service reads, refused as problems. actix itself reads a
//! head up to 128 KiB and answers anything larger with a bare 431 (a URI over 65534 bytes
//! or a malformed request line with a bare 400) before any of our code runs; below that, these tighter limits
//! answer 414 or 431 as problem details, in the caller's language, with a request id.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};

use crate::error::ApiError;

/// The longest request target read (RFC 9110 §4.1 asks for at least 8000 octets). Below it,
/// an overlong parameter (`?q=`) is a 400 naming it, as the list that reads it says. Just
/// under the URI parser's own bound (65534 bytes, a bare 400 beyond), so that as many long
/// targets as possible get a problem.
pub const MAX_URI: usize = 63 * 1024;
/// The most header bytes (names and values) read.
pub const MAX_HEADERS: usize = 32 * 1024;

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let uri = req
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    let headers: usize = req
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    let refused = if uri > MAX_URI {
        Some(ApiError::UriTooLong(MAX_URI))
    } else if headers > MAX_HEADERS {
        Some(ApiError::HeadersTooLarge(MAX_HEADERS))
    } else {
        None
    };
    match refused {
        Some(e) => Ok(req.into_response(e.error_response())),
        None => next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body),
    }
}
