use actix_web::{HttpRequest, HttpResponse, delete, web};
use diesel_async::AsyncConnection;

use crate::auth::{Caller, Role};
use crate::db::Resource;
use crate::db::plans::PlanRow;
use crate::db::{self, DbPool};
use crate::domain::ids::PlanId;
use crate::domain::plans::PlanStatus;
use crate::error::OrNotFound;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;
use crate::routes::responses;

/// Delete a strategic plan
///
/// Admins only, and only a draft without orientations (409 otherwise): an adopted plan is a
/// record of the federation; close it instead.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Strategic plan id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if this is still the current `ETag`"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, response = responses::Conflict),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[delete("/strategic-plans/{id}")]
pub async fn delete_strategic_plan(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "delete strategic plans")?;
    let id = id.into_inner();
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    conn.transaction(async |conn| {
        let current = PlanRow::find_for_update(conn, id)
            .await.or_404()?;
        if_match.check(current.version)?;
        if current.status != PlanStatus::Draft {
            return Err(ApiError::Conflict(format!(
                "only draft plans can be deleted and this one is {}; an adopted plan is closed instead",
                current.status
            )));
        }
        Ok(PlanRow::delete(conn, id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
