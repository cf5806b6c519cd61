use actix_web::{HttpRequest, HttpResponse, delete, web};

use crate::auth::{Caller, Role};
use crate::db::DbPool;
use crate::db::objectives::MeasurementRow;
use crate::domain::ids::MeasurementId;
use crate::error::ApiResult;
use crate::routes::{resource, responses};

/// Delete a measurement
///
/// Admins only.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Measurement id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if this is still the current `ETag`"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[delete("/measurements/{id}")]
pub async fn delete_measurement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<MeasurementId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "record measurements")?;
    resource::delete::<MeasurementRow>(
        &pool,
        &req,
        id.into_inner(),
        "other records refer to this measurement",
    )
    .await
}
