use actix_web::{HttpRequest, HttpResponse, delete, web};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;
use crate::routes::responses;

/// Delete a cooperative
///
/// Admins only. Refused with 409 while other records (membership counts, enrolments, …)
/// refer to the co-op: set its `federation_status` to `former` instead.
#[utoipa::path(
    tag = "cooperatives",
    params(
        ("id" = Uuid, Path, description = "Cooperative id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if this is still the current `ETag`"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, response = responses::Conflict),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[delete("/cooperatives/{id}")]
pub async fn delete_cooperative(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "delete cooperatives")?;
    let id = id.into_inner();
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    conn.transaction(async |conn| {
        let current = db::cooperatives::find_for_update(conn, id)
            .await?
            .ok_or_else(|| ApiError::not_found("cooperative"))?;
        if_match.check(current.version)?;
        db::cooperatives::delete(conn, id).await.map_err(|e| match crate::db::map_error(e) {
            ApiError::Conflict(_) => ApiError::Conflict(
                "other records refer to this cooperative; set its federation_status to former instead".into(),
            ),
            other => other,
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
