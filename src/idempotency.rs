//! `Idempotency-Key` on POST: a client that retries a create (after a timeout, say) with the
//! same key and the same request gets the first response again instead of a duplicate; the
//! same key with another request is a 422. Keys belong to the caller (the token's subject
//! and role) and are remembered 24 hours. A request that fails on the server's side (5xx)
//! is forgotten, so that its retry runs again.

use crate::i18n::msg;
use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes, BytesMut};
use actix_web::{Error, HttpMessage, HttpResponse, ResponseError};
use futures_util::StreamExt;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::auth::Caller;
use crate::config::BATCH_LIMIT;
use crate::db::{self, DbPool};
use crate::error::ApiError;

pub const HEADER: HeaderName = HeaderName::from_static("idempotency-key");
const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// Response headers worth replaying.
const KEPT: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Who owns a key: the verified token's role, subject and bindings. None without a valid
/// token (the handler will answer 401 itself).
fn owner(req: &ServiceRequest) -> Option<String> {
    let caller = Caller::of(req.request()).ok()?;
    let binding = caller.binding();
    // The same text as before typed ids, so that keys stored across an upgrade still match.
    Some(format!(
        "{:?}:{}:{:?}:{:?}",
        caller.role(),
        caller.subject(),
        binding.cooperative_id().map(|id| id.as_uuid()),
        binding.partner_id().map(|id| id.as_uuid())
    ))
}

async fn read_body(req: &mut ServiceRequest) -> Result<Bytes, ApiError> {
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|e| ApiError::BadRequest(msg!("body-unreadable", error = e.to_string())))?;
        if body.len() + chunk.len() > BATCH_LIMIT {
            return Err(ApiError::PayloadTooLarge(msg!(
                "body-too-large",
                limit = BATCH_LIMIT
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn replay(status: i32, headers: Option<Value>, body: Option<Vec<u8>>) -> HttpResponse {
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    if let Some(Value::Object(headers)) = headers {
        for (name, value) in headers {
            if let (Ok(name), Some(value)) = (HeaderName::try_from(name.as_str()), value.as_str())
                && let Ok(value) = HeaderValue::from_str(value)
            {
                response.insert_header((name, value));
            }
        }
    }
    response.insert_header((REPLAYED, HeaderValue::from_static("true")));
    response.body(body.unwrap_or_default())
}

fn kept_headers(headers: &HeaderMap) -> Value {
    let map: Map<String, Value> = KEPT
        .iter()
        .filter_map(|name| {
            let value = headers.get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), Value::String(value.to_owned())))
        })
        .collect();
    Value::Object(map)
}

/// Whether POSTs to `path` are remembered. Answers that carry a secret or a token (API
/// clients, the token endpoint, a new webhook subscription or a rotated webhook secret) are
/// never stored, so a key there is ignored.
pub fn remembers(path: &str) -> bool {
    !(path.starts_with("/v1/api-clients")
        || path.starts_with("/v1/auth/")
        || path == "/v1/webhooks"
        || (path.starts_with("/v1/webhooks/") && path.ends_with("/rotate-secret")))
}

/// 1 to 255 visible ASCII characters, as the spec's pattern says.
fn is_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let key = req
        .headers()
        .get(&HEADER)
        .map(|v| v.to_str().map(str::to_owned));
    let (Some(key), true) = (key, req.method() == Method::POST && remembers(req.path())) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let fail = |req: ServiceRequest, e: ApiError| Ok(req.into_response(e.error_response()));
    // The documented pattern, `^[!-~]{1,255}$`. A header value may also hold spaces and
    // tabs, which the pattern excludes: checking only the length let them through.
    let key = match key {
        Ok(k) if is_key(&k) => k,
        _ => {
            return fail(
                req,
                ApiError::invalid("Idempotency-Key", "format", msg!("idempotency-key-format")),
            );
        }
    };
    let Some(owner) = owner(&req) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let body = match read_body(&mut req).await {
        Ok(body) => body,
        Err(e) => return fail(req, e),
    };
    let mut hash = Sha256::new();
    hash.update(req.path().as_bytes());
    hash.update(b"?");
    hash.update(req.query_string().as_bytes());
    hash.update(b"\n");
    hash.update(&body);
    let hash = hex(&hash.finalize());
    req.set_payload(Payload::from(body));

    let Some(pool) = req.app_data::<web::Data<DbPool>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let claimed = async {
        let mut conn = db::conn(&pool).await?;
        if let Some(stored) = db::idempotency::find(&mut conn, &owner, &key).await? {
            return Err(match stored {
                s if s.request_hash != hash => {
                    ApiError::invalid("Idempotency-Key", "reused", msg!("idempotency-key-reused"))
                }
                s => match s.status {
                    Some(status) => return Ok(Some(replay(status, s.headers, s.body))),
                    None => ApiError::Conflict(msg!("idempotency-key-in-flight")),
                },
            });
        }
        if db::idempotency::claim(&mut conn, &owner, &key, &hash).await? {
            Ok(None)
        } else {
            Err(ApiError::Conflict(msg!("idempotency-key-in-flight")))
        }
    }
    .await;
    match claimed {
        Ok(Some(replayed)) => return Ok(req.into_response(replayed)),
        Ok(None) => {}
        Err(e) => return fail(req, e),
    }

    let res = next.call(req).await?;
    let (req, res) = res.into_parts();
    let status = res.status();
    let headers = kept_headers(res.headers());
    let (res, body) = res.into_parts();
    let body = to_bytes(body)
        .await
        .map_err(|_| ApiError::Internal("could not read the response".into()))?;
    if let Ok(mut conn) = db::conn(&pool).await {
        let recorded = if status.is_server_error() {
            db::idempotency::release(&mut conn, &owner, &key).await
        } else {
            db::idempotency::complete(
                &mut conn,
                &owner,
                &key,
                i32::from(status.as_u16()),
                headers,
                body.to_vec(),
            )
            .await
        };
        if let Err(e) = recorded {
            log::warn!("could not record the response of Idempotency-Key {key}: {e}");
        }
    }
    Ok(ServiceResponse::new(
        req,
        res.set_body(body).map_into_boxed_body(),
    ))
}
