use actix_web::{HttpRequest, HttpResponse, delete, web};

use crate::auth::{Caller, Role};
use crate::db::DbPool;
use crate::db::plans::OrientationRow;
use crate::domain::ids::OrientationId;
use crate::error::ApiResult;
use crate::routes::{resource, responses};

/// Delete an orientation
///
/// Admins only; refused with 409 while it has objectives. Other orientations keep their numbers.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Orientation id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if this is still the current `ETag`"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, response = responses::Conflict),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[delete("/orientations/{id}")]
pub async fn delete_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "edit strategic plans")?;
    resource::delete::<OrientationRow>(
        &pool,
        &req,
        id.into_inner(),
        "the orientation still has objectives; delete them first",
    )
    .await
}
