use actix_web::{HttpRequest, HttpResponse, get, web};

use super::scope;
use super::views::Agreement;
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::domain::ids::AgreementId;
use crate::error::{ApiResult, OrNotFound};
use crate::routes::conditional;

/// Read a service agreement
///
/// Admins and readers read any agreement; a partner its own; a co-op manager those open to
/// co-ops (active or suspended) and those its co-op is enrolled in. Any other is a 404.
#[utoipa::path(
    tag = "service-agreements",
    params(("id" = Uuid, Path, description = "Agreement id")),
    responses(
        (status = 200, description = "The agreement", body = Agreement, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/service-agreements/{id}")]
pub async fn get_service_agreement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let mut conn = db::conn(&pool).await?;
    let row = db::agreements::find_visible(&mut conn, id.into_inner(), scope(&caller))
        .await
        .or_404()?;
    Ok(conditional::read(&req, row.version, Agreement::from(row)))
}
