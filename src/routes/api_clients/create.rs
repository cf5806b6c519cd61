use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::respond_with_secret;
use super::views::{ApiClientInput, ApiClientWithSecret};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::api_client::NewApiClient;
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::routes::body::JsonObject;

/// Create an API client
///
/// Admins only. The answer holds the `client_secret`, this once: store it. The client then
/// gets tokens from `POST /v1/auth/token` (OAuth 2.0 client credentials).
#[utoipa::path(
    tag = "api-clients",
    request_body = ApiClientInput,
    responses(
        (status = 201, description = "Created, with its secret", body = ApiClientWithSecret,
            headers(("Location" = String, description = "URL of the new client"), ("ETag" = String),
                ("Cache-Control" = String, description = "`no-store`"))),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/api-clients")]
pub async fn create_api_client(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-api-clients"))?;
    let new = NewApiClient::from_json(body.into_inner().0, chrono::Utc::now())
        .map_err(ApiError::Validation)?;
    let (secret, hash) = super::new_secret().await?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        db::api_clients::insert(conn, new, hash).await
    })
    .await
    .on_constraints(&[
        ("api_clients_cooperative_fkey", || {
            ApiError::invalid("cooperative_id", "unknown", msg!("no-such-cooperative"))
        }),
        ("api_clients_partner_fkey", || {
            ApiError::invalid("partner_id", "unknown", msg!("no-such-partner"))
        }),
    ])?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/api-clients/{}", row.id)));
    Ok(respond_with_secret(response, row, secret))
}
