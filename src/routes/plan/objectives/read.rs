use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Objective;
use crate::auth::Caller;
use crate::db::objectives::ObjectiveRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::ObjectiveId;
use crate::error::{ApiResult, OrNotFound};
use crate::routes::plan::shared::{READERS, read_response};

/// Read an objective
///
/// Admins, readers and co-op managers. Honours `If-None-Match` (304).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id")),
    responses(
        (status = 200, description = "The objective", body = Objective, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/objectives/{id}")]
pub async fn get_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-strategic-plans"))?;
    let mut conn = db::conn(&pool).await?;
    let row = ObjectiveRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    Ok(read_response(&req, row.version, Objective::from(row)))
}
