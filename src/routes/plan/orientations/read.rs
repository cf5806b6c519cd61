use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Orientation;
use crate::auth::Caller;
use crate::db::plans::OrientationRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::OrientationId;
use crate::error::{ApiResult, OrNotFound};
use crate::routes::plan::shared::{READERS, read_response};

/// Read an orientation
///
/// Admins, readers and co-op managers. Honours `If-None-Match` (304).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Orientation id")),
    responses(
        (status = 200, description = "The orientation", body = Orientation, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/orientations/{id}")]
pub async fn get_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-strategic-plans"))?;
    let mut conn = db::conn(&pool).await?;
    let row = OrientationRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    Ok(read_response(&req, row.version, Orientation::from(row)))
}
