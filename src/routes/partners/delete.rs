use actix_web::{HttpRequest, HttpResponse, delete, web};
use diesel_async::AsyncConnection;

use crate::auth::{Caller, Role};
use crate::db::Resource;
use crate::db::partners::PartnerRow;
use crate::db::{self, DbPool};
use crate::domain::ids::PartnerId;
use crate::error::OrNotFound;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;
use crate::routes::responses;

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
    let id = id.into_inner();
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    conn.transaction(async |conn| {
        let current = PartnerRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        Ok::<_, ApiError>(PartnerRow::delete(conn, id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
