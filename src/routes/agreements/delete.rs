use actix_web::{HttpRequest, HttpResponse, delete, web};
use diesel_async::AsyncConnection;

use crate::auth::{Caller, Role};
use crate::db::Resource;
use crate::db::agreements::AgreementRow;
use crate::db::{self, DbPool};
use crate::domain::ids::AgreementId;
use crate::error::OrNotFound;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;
use crate::routes::responses;

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
    let id = id.into_inner();
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    conn.transaction(async |conn| {
        let current = AgreementRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        Ok::<_, ApiError>(AgreementRow::delete(conn, id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
