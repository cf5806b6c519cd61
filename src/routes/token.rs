//! `POST /v1/auth/token`: OAuth 2.0 client credentials (RFC 6749 §4.4). An API client
//! presents its `client_id` and `client_secret` (HTTP Basic, or form fields) and gets a
//! bearer token of its role. Answers and errors take the RFC's JSON shape (§5.1, §5.2),
//! which OAuth client libraries parse, rather than problem+json.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, post, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::StreamExt;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{TokenKeys, secret};
use crate::db::api_clients::ApiClientRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::ApiClientId;
use crate::error::ApiError;
use crate::ratelimit::RateLimits;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(issue_token);
}

/// Bodies over this size are refused (a token request is a few hundred bytes).
const BODY_LIMIT: usize = 4096;

/// A client credentials request (`application/x-www-form-urlencoded`).
#[derive(ToSchema)]
#[schema(example = json!({"grant_type": "client_credentials"}))]
#[expect(
    dead_code,
    reason = "documents the form; it is parsed by hand to answer in OAuth's shape"
)]
pub struct TokenRequest {
    /// Always `client_credentials`.
    grant_type: GrantType,
    /// When the client does not authenticate with HTTP Basic.
    client_id: Option<String>,
    /// When the client does not authenticate with HTTP Basic.
    client_secret: Option<String>,
}

/// The only grant this endpoint serves (RFC 6749 §4.4).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum GrantType {
    ClientCredentials,
}

/// A bearer token (RFC 6749 §5.1).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMTkzN2E0Yy05ZDQwIn0.c2lnbmF0dXJl",
    "token_type": "Bearer",
    "expires_in": 900
}))]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires; ask for a new one then (there is no refresh token).
    pub expires_in: u64,
}

/// An OAuth 2.0 error (RFC 6749 §5.2).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"error": "invalid_client", "error_description": "unknown client or wrong secret"}))]
pub struct TokenError {
    /// `invalid_request`, `invalid_client`, `unsupported_grant_type`, or
    /// `temporarily_unavailable` / `server_error`.
    pub error: &'static str,
    pub error_description: String,
}

enum Refusal {
    InvalidRequest(String),
    /// `basic`: the client authenticated with HTTP Basic, so the answer challenges it.
    InvalidClient {
        basic: bool,
    },
    UnsupportedGrantType(String),
    Unavailable,
    Internal(String),
    /// A rate limit: answered as a 429 problem like everywhere else.
    Limited(ApiError),
}

impl Refusal {
    fn respond(self) -> HttpResponse {
        let (status, error, description, challenge) = match self {
            Refusal::Limited(limited) => return limited.error_response(),
            Refusal::InvalidRequest(why) => {
                (StatusCode::BAD_REQUEST, "invalid_request", why, false)
            }
            Refusal::InvalidClient { basic } => (
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "unknown, revoked or expired client, or wrong secret".to_owned(),
                basic,
            ),
            Refusal::UnsupportedGrantType(grant) => (
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                format!("{grant:?} is not supported; use client_credentials"),
                false,
            ),
            Refusal::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "temporarily_unavailable",
                "the database is unavailable, retry shortly".to_owned(),
                false,
            ),
            Refusal::Internal(cause) => {
                log::error!("token endpoint: {cause}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "server_error",
                    "an unexpected error occurred".to_owned(),
                    false,
                )
            }
        };
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CACHE_CONTROL, "no-store"));
        if challenge {
            response.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"coopsante\""));
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.insert_header((header::RETRY_AFTER, "2"));
        }
        response.json(TokenError {
            error,
            error_description: description,
        })
    }
}

/// The form's parameters; a repeated one is refused (§3.2).
fn parameters(body: &[u8]) -> Result<Vec<(String, String)>, Refusal> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for (name, value) in url::form_urlencoded::parse(body) {
        if seen.iter().any(|(n, _)| *n == name) {
            return Err(Refusal::InvalidRequest(format!(
                "the parameter {name} is repeated"
            )));
        }
        seen.push((name.into_owned(), value.into_owned()));
    }
    Ok(seen)
}

/// `client_id:client_secret` from HTTP Basic, each form-urlencoded first (§2.3.1).
fn basic(req: &HttpRequest) -> Result<Option<(String, String)>, Refusal> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed =
        || Refusal::InvalidRequest("expected Authorization: Basic <base64 of id:secret>".into());
    let value = value.to_str().map_err(|_| malformed())?;
    // Another scheme (a Bearer token, say) is an unsupported authentication method: §5.2's
    // invalid_client, challenged with the one this endpoint takes.
    let Some(encoded) = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
    else {
        return Err(Refusal::InvalidClient { basic: true });
    };
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    let unescape = |s: &str| -> String {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Ok(Some((unescape(id), unescape(secret))))
}

async fn read_body(mut payload: web::Payload) -> Result<Vec<u8>, Refusal> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| Refusal::InvalidRequest(format!("could not read the body: {e}")))?;
        if body.len() + chunk.len() > BODY_LIMIT {
            return Err(Refusal::InvalidRequest(format!(
                "the body exceeds the limit of {BODY_LIMIT} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Checks a presented secret against the client's hashes off the async workers; an unknown
/// client is checked against a fixed hash, so that timing tells nothing about which ids exist.
async fn secret_matches(presented: String, hashes: Vec<String>) -> Result<bool, Refusal> {
    web::block(move || {
        if hashes.is_empty() {
            // The cost of one check, for an unknown client.
            secret::verify(&presented, &UNKNOWN_CLIENT_HASH);
            return false;
        }
        // Every hash is checked, so that the time does not tell which one matched.
        hashes.iter().fold(false, |found, hash| {
            secret::verify(&presented, hash) | found
        })
    })
    .await
    .map_err(|e| Refusal::Internal(format!("secret check failed: {e}")))
}

/// The hash of a secret nobody holds, made like every stored one.
static UNKNOWN_CLIENT_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    secret::generate()
        .and_then(|s| secret::hash(&s))
        .unwrap_or_default()
});

/// Get a token (OAuth 2.0 client credentials)
///
/// Form-encoded `grant_type=client_credentials`, the client authenticated by HTTP Basic
/// (`client_id:client_secret`, each form-urlencoded) or by the `client_id` and
/// `client_secret` form fields, not both. Answers a bearer token of the client's role, valid
/// `expires_in` seconds (`COOPSANTE_TOKEN_TTL`, 15 minutes by default); ask for a new one
/// when it expires. Errors follow RFC 6749 §5.2 (`invalid_client` is a 401, with
/// `WWW-Authenticate: Basic` when Basic was used). Never cached (`Cache-Control: no-store`).
#[utoipa::path(
    tag = "auth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded",
        example = json!({"grant_type": "client_credentials"})),
    responses(
        (status = 200, description = "A bearer token", body = TokenResponse,
            headers(("Cache-Control" = String, description = "`no-store`"))),
        (status = 400, description = "`invalid_request` or `unsupported_grant_type`", body = TokenError),
        (status = 401, description = "`invalid_client`: unknown, revoked or expired client, or wrong secret", body = TokenError,
            headers(("WWW-Authenticate" = String, description = "`Basic realm=\"coopsante\"` when the client used HTTP Basic"))),
        (status = 503, description = "`temporarily_unavailable`: the database could not be reached in time", body = TokenError,
            headers(("Retry-After" = String))),
    ),
    security(("basic" = []), ())
)]
#[post("/auth/token")]
pub async fn issue_token(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    limits: web::Data<RateLimits>,
    payload: web::Payload,
) -> HttpResponse {
    match token(&req, &pool, &keys, &limits, payload).await {
        Ok(token) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::PRAGMA, "no-cache"))
            .json(token),
        Err(refusal) => refusal.respond(),
    }
}

async fn token(
    req: &HttpRequest,
    pool: &DbPool,
    keys: &TokenKeys,
    limits: &RateLimits,
    payload: web::Payload,
) -> Result<TokenResponse, Refusal> {
    let form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !form {
        return Err(Refusal::InvalidRequest(
            "expected Content-Type: application/x-www-form-urlencoded".into(),
        ));
    }
    let params = parameters(&read_body(payload).await?)?;
    let param = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    match param("grant_type").as_deref() {
        None => return Err(Refusal::InvalidRequest("grant_type is required".into())),
        Some("client_credentials") => {}
        Some(other) => return Err(Refusal::UnsupportedGrantType(other.to_owned())),
    }
    let basic = basic(req)?;
    let via_basic = basic.is_some();
    let (client_id, presented) = match (basic, param("client_id"), param("client_secret")) {
        (Some(_), _, Some(_)) => {
            return Err(Refusal::InvalidRequest(
                "authenticate with HTTP Basic or with client_secret, not both".into(),
            ));
        }
        (Some((id, secret)), form_id, None) => {
            if form_id.is_some_and(|f| f != id) {
                return Err(Refusal::InvalidRequest(
                    "client_id differs from the one in HTTP Basic".into(),
                ));
            }
            (id, secret)
        }
        (None, Some(id), Some(secret)) => (id, secret),
        // No client authentication at all: `invalid_client` (RFC 6749 §5.2), challenged so
        // that a client library retries with HTTP Basic.
        (None, _, _) => return Err(Refusal::InvalidClient { basic: true }),
    };
    // Per client_id, before any secret is checked: guessing one client's secret is slow.
    limits
        .token_client
        .check(&client_id)
        .await
        .into_result()
        .map_err(Refusal::Limited)?;
    let now = chrono::Utc::now();
    let client = match client_id.parse::<ApiClientId>() {
        Ok(id) => {
            let mut conn = db::conn(pool).await.map_err(|_| Refusal::Unavailable)?;
            ApiClientRow::find(&mut conn, id)
                .await
                .map_err(unavailable)?
        }
        Err(_) => None,
    };
    let hashes = client
        .as_ref()
        .map(|c| {
            c.secret_hashes(now)
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let matched = secret_matches(presented, hashes).await?;
    let client = match client {
        Some(c) if matched && c.revoked_at.is_none() && c.expires_at.is_none_or(|at| now < at) => c,
        _ => return Err(Refusal::InvalidClient { basic: via_basic }),
    };
    let access_token = keys
        .issue(
            &client.id.to_string(),
            client.role,
            client.cooperative_id,
            client.partner_id,
        )
        .map_err(|e| Refusal::Internal(format!("cannot sign a token: {e}")))?;
    if let Ok(mut conn) = db::conn(pool).await
        && let Err(e) = db::api_clients::touch(&mut conn, client.id).await
    {
        log::warn!("could not record the use of client {}: {e}", client.id);
    }
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: keys.ttl().as_secs(),
    })
}

fn unavailable(err: diesel::result::Error) -> Refusal {
    match err {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ClosedConnection,
            _,
        ) => Refusal::Unavailable,
        other => Refusal::Internal(format!("reading the client: {other}")),
    }
}
