//! `GET /.well-known/oauth-authorization-server`: OAuth 2.0 authorization server metadata
//! (RFC 8414), so that a client library configured with the service's address alone finds
//! the token endpoint and how to authenticate to it.

use actix_web::{HttpRequest, HttpResponse, get, http::header, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::TokenKeys;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_oauth_metadata);
}

/// What the token endpoint serves (RFC 8414 §2).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "issuer": "https://api.fqcs.example",
    "token_endpoint": "https://api.fqcs.example/v1/auth/token",
    "grant_types_supported": ["client_credentials"],
    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    "response_types_supported": [],
    "service_documentation": "https://api.fqcs.example/docs/"
}))]
pub struct AuthorizationServerMetadata {
    /// `COOPSANTE_JWT_ISSUER` when it is an http(s) URL without query or fragment; otherwise
    /// the address the request reached (scheme and host, as a proxy's `Forwarded` or
    /// `X-Forwarded-Proto`/`X-Forwarded-Host` say).
    pub issuer: String,
    /// The absolute URL of `POST /v1/auth/token`, at the address the request reached.
    pub token_endpoint: String,
    /// Only client credentials (RFC 6749 §4.4): there is no authorization endpoint.
    pub grant_types_supported: [&'static str; 1],
    /// HTTP Basic or the `client_id` and `client_secret` form fields.
    pub token_endpoint_auth_methods_supported: [&'static str; 2],
    /// Empty: no authorization endpoint, so no response type.
    pub response_types_supported: [&'static str; 0],
    /// The interactive reference (Swagger UI).
    pub service_documentation: String,
}

/// The service's address as the client reached it: `scheme://host[:port]`.
fn origin(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

/// RFC 8414 §2: the issuer is a URL with no query or fragment. A configured issuer that is
/// not one (the default `coopsante`) cannot be named here, so the service's address stands.
fn issuer_url(configured: &str) -> Option<String> {
    let url = url::Url::parse(configured).ok()?;
    let plain = matches!(url.scheme(), "https" | "http")
        && url.host().is_some()
        && url.query().is_none()
        && url.fragment().is_none();
    plain.then(|| configured.trim_end_matches('/').to_owned())
}

/// OAuth 2.0 authorization server metadata (RFC 8414)
///
/// Public. Names the token endpoint, the one grant it serves (client credentials) and how a
/// client authenticates to it, so that an OAuth client library can discover them from the
/// service's address. Scopes are not requested: a client's role is fixed when it is
/// registered, and its tokens carry that role. The `issuer` is `COOPSANTE_JWT_ISSUER` when that
/// is a URL; otherwise the address the request reached.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The metadata", body = AuthorizationServerMetadata,
        headers(("Cache-Control" = String, description = "`public, max-age=3600`")))),
    security(())
)]
#[get("/.well-known/oauth-authorization-server")]
pub async fn get_oauth_metadata(req: HttpRequest, keys: web::Data<TokenKeys>) -> HttpResponse {
    let origin = origin(&req);
    let metadata = AuthorizationServerMetadata {
        issuer: issuer_url(keys.issuer()).unwrap_or_else(|| origin.clone()),
        token_endpoint: format!("{origin}/v1/auth/token"),
        grant_types_supported: ["client_credentials"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        response_types_supported: [],
        service_documentation: format!("{origin}/docs/"),
    };
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .json(metadata)
}

#[cfg(test)]
mod tests {
    use super::issuer_url;

    #[test]
    fn only_a_plain_http_url_is_an_issuer() {
        assert_eq!(
            issuer_url("https://api.fqcs.example/").as_deref(),
            Some("https://api.fqcs.example")
        );
        assert_eq!(
            issuer_url("https://fqcs.example/coopsante").as_deref(),
            Some("https://fqcs.example/coopsante")
        );
        for not_one in [
            "coopsante",
            "urn:fqcs:coopsante",
            "https://x.example/?a=1",
            "https://x.example/#f",
            "ftp://x.example",
        ] {
            assert_eq!(issuer_url(not_one), None, "{not_one}");
        }
    }
}
