use actix_web::{HttpRequest, HttpResponse, delete, web};

use crate::auth::{Caller, Role};
use crate::db::DbPool;
use crate::db::agreements::AgreementRow;
use crate::domain::ids::AgreementId;
use crate::error::ApiResult;
use crate::routes::{resource, responses};

/// Delete a service agreement
///
/// Admins only, for agreements entered by mistake: its history goes with it. Refused with
/// 409 while co-ops are enrolled; record a `terminated` transition instead.
#[utoipa::path(
    tag = "service-agreements",
    params(
        ("id" = Uuid, Path, description = "Agreement id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if this is still the current `ETag`"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, response = responses::Conflict),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[delete("/service-agreements/{id}")]
pub async fn delete_service_agreement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "delete service agreements")?;
    resource::delete::<AgreementRow>(
        &pool,
        &req,
        id.into_inner(),
        "co-ops are enrolled in this agreement; end or remove their enrolments first",
    )
    .await
}
