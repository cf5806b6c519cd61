use actix_web::{HttpRequest, HttpResponse, delete, web};

use crate::auth::{Caller, Role};
use crate::db::DbPool;
use crate::db::objectives::ObjectiveRow;
use crate::domain::ids::ObjectiveId;
use crate::error::ApiResult;
use crate::routes::{resource, responses};

/// Delete an objective
///
/// Admins only. Its measurements go with it.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Objective id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if this is still the current `ETag`"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[delete("/objectives/{id}")]
pub async fn delete_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "edit strategic plans")?;
    resource::delete::<ObjectiveRow>(
        &pool,
        &req,
        id.into_inner(),
        "other records refer to this objective",
    )
    .await
}
