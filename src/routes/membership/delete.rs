use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, delete, web};

use super::may_write;
use crate::auth::Caller;
use crate::db::membership::CountRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::fields::Day;
use crate::domain::ids::CooperativeId;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;

/// Delete the count of a date
#[utoipa::path(
    tag = "membership",
    params(
        ("id" = Uuid, Path, description = "Cooperative id"),
        ("as_of" = NaiveDate, Path, description = "Date of the count (YYYY-MM-DD)"),
    ),
    responses(
        (status = 204, description = "Deleted"),
    ),
    security(("bearer" = ["admin", "coop_manager"]))
)]
#[delete("/cooperatives/{id}/membership-counts/{as_of}")]
pub async fn delete_membership_count(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(CooperativeId, Day)>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let (cooperative, as_of) = path.into_inner();
    let as_of = as_of.get();
    may_write(&caller, cooperative)?;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    db::write(&mut conn, &caller.actor(), async |conn| {
        let current = db::membership::find_on_for_update(conn, cooperative, as_of)
            .await?
            .ok_or_else(|| ApiError::NotFound(msg!("no-count-on-date")))?;
        if_match.check(current.version)?;
        Ok::<_, ApiError>(CountRow::delete(conn, current.id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
