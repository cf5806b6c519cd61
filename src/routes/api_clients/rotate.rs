use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, post, web};

use super::views::ApiClientWithSecret;
use super::{ROTATION_GRACE, respond_with_secret};
use crate::auth::{Caller, Role};
use crate::db::api_clients::ApiClientRow;
use crate::db::{self, DbPool};
use crate::domain::ids::ApiClientId;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;
use crate::routes::resource::load_for_update;
use crate::routes::responses;

/// Rotate an API client's secret
///
/// Admins only. Answers the new `client_secret`, this once. The secret it replaces keeps
/// working for 24 hours (`previous_secret_until`), so that the client can be redeployed with
/// the new one without downtime; rotating again within that time ends the older one at once.
/// A revoked client cannot be given a secret (409).
#[utoipa::path(
    tag = "api-clients",
    params(
        ("id" = Uuid, Path, description = "API client id (its client_id)"),
        ("If-Match" = Option<String>, Header, description = "Rotate only if this is still the client's current `ETag`"),
    ),
    responses(
        (status = 200, description = "The client with its new secret", body = ApiClientWithSecret,
            headers(("ETag" = String), ("Cache-Control" = String, description = "`no-store`"))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/api-clients/{id}/rotate-secret")]
pub async fn rotate_api_client_secret(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ApiClientId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-api-clients"))?;
    let id = id.into_inner();
    let if_match = IfMatch::of(&req);
    let (secret, hash) = super::new_secret().await?;
    let grace_until = chrono::Utc::now() + ROTATION_GRACE;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = load_for_update::<ApiClientRow>(conn, id).await?;
        if_match.check(current.version)?;
        if current.revoked_at.is_some() {
            return Err(ApiError::Conflict(msg!("api-client-revoked")));
        }
        Ok(db::api_clients::rotate(conn, id, hash, grace_until).await?)
    })
    .await?;
    Ok(respond_with_secret(HttpResponse::Ok(), row, secret))
}
