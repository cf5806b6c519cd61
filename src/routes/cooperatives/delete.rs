use actix_web::{HttpRequest, HttpResponse, delete, web};

use crate::auth::{Caller, Role};
use crate::db::DbPool;
use crate::db::cooperatives::CooperativeRow;
use crate::domain::ids::CooperativeId;
use crate::error::ApiResult;
use crate::routes::{resource, responses};

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
    id: web::Path<CooperativeId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "delete cooperatives")?;
    resource::delete::<CooperativeRow>(
        &pool,
        &req,
        id.into_inner(),
        "other records refer to this cooperative; set its federation_status to former instead",
    )
    .await
}
