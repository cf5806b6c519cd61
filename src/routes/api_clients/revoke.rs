use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, post, web};

use super::respond;
use super::views::ApiClient;
use crate::auth::revocation::Revoked;
use crate::auth::{Caller, Role};
use crate::db::api_clients::ApiClientRow;
use crate::db::{self, DbPool};
use crate::domain::ids::ApiClientId;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;
use crate::routes::resource::load_for_update;

/// Revoke an API client
///
/// Admins only. From now on the client gets no token, and the tokens it already holds are
/// refused (401) by every running instance; revoking it again changes nothing (`revoked_at`
/// keeps the first time). Revocation is final: create a new client instead.
#[utoipa::path(
    tag = "api-clients",
    params(
        ("id" = Uuid, Path, description = "API client id (its client_id)"),
        ("If-Match" = Option<String>, Header, description = "Revoke only if this is still the client's current `ETag`"),
    ),
    responses(
        (status = 200, description = "The revoked client", body = ApiClient, headers(("ETag" = String))),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/api-clients/{id}/revoke")]
pub async fn revoke_api_client(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ApiClientId>,
    req: HttpRequest,
    revoked: web::Data<Revoked>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-api-clients"))?;
    let id = id.into_inner();
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row: ApiClientRow = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = load_for_update::<ApiClientRow>(conn, id).await?;
        if_match.check(current.version)?;
        Ok::<_, ApiError>(db::api_clients::revoke(conn, id).await?)
    })
    .await?;
    // At once here; other instances hear of it through the database (`auth::revocation`).
    revoked.insert(row.id);
    Ok(respond(HttpResponse::Ok(), row))
}
