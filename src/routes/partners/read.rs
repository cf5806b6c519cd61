use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Partner;
use super::visible_to;
use crate::auth::Caller;
use crate::db::partners::PartnerRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::PartnerId;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional;

/// Read a partner
///
/// Admins, readers and co-op managers read any partner; a partner token reads its own
/// record only (any other is a 404). Honours `If-None-Match`.
#[utoipa::path(
    tag = "partners",
    params(("id" = Uuid, Path, description = "Partner id")),
    responses(
        (status = 200, description = "The partner", body = Partner, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/partners/{id}")]
pub async fn get_partner(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PartnerId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let only = visible_to(&caller)?;
    let id = id.into_inner();
    if only.is_some_and(|own| own != id) {
        return Err(ApiError::not_found(PartnerId::RESOURCE));
    }
    let mut conn = db::conn(&pool).await?;
    let row = PartnerRow::find(&mut conn, id).await.or_404()?;
    Ok(conditional::read(&req, row.version, Partner::from(row)))
}
