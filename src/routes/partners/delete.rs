use actix_web::{HttpRequest, HttpResponse, delete, web};

use crate::auth::{Caller, Role};
use crate::db::DbPool;
use crate::db::partners::PartnerRow;
use crate::domain::ids::PartnerId;
use crate::error::ApiResult;
use crate::routes::{resource, responses};

/// Delete a partner
///
/// Admins only. Refused with 409 while the partner has service agreements.
#[utoipa::path(
    tag = "partners",
    params(
        ("id" = Uuid, Path, description = "Partner id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if this is still the current `ETag`"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, response = responses::Conflict),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[delete("/partners/{id}")]
pub async fn delete_partner(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PartnerId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "delete partners")?;
    resource::delete::<PartnerRow>(
        &pool,
        &req,
        id.into_inner(),
        "the partner has service agreements; terminate them instead of deleting it",
    )
    .await
}
