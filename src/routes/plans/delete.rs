use actix_web::{HttpRequest, HttpResponse, delete, web};

use crate::auth::{Caller, Role};
use crate::db::DbPool;
use crate::db::plans::PlanRow;
use crate::domain::ids::PlanId;
use crate::domain::plans::PlanStatus;
use crate::error::{ApiError, ApiResult};
use crate::routes::{resource, responses};

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
    let only_drafts = |plan: &PlanRow| match plan.status {
        PlanStatus::Draft => Ok(()),
        status => Err(ApiError::Conflict(format!(
            "only draft plans can be deleted and this one is {status}; an adopted plan is closed instead"
        ))),
    };
    let in_use = "the plan still has orientations; delete them first";
    resource::delete_if(&pool, &req, id.into_inner(), in_use, only_drafts).await
}
