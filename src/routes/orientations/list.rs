use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::{Orientation, OrientationPage};
use crate::auth::Caller;
use crate::db::plans::PlanRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::PlanId;
use crate::error::{ApiResult, OrNotFound};
use crate::routes::pagination::{PageParams, Paging, bad_query};
use crate::routes::plans::READERS;

const SORT: &str = "number";

/// List a plan's orientations
///
/// Admins, readers and co-op managers. Ordered by number.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Strategic plan id"), PageParams),
    responses(
        (status = 200, description = "One page of orientations", body = OrientationPage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/strategic-plans/{id}/orientations")]
pub async fn list_orientations(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, "read strategic plans")?;
    let mut errors = Vec::new();
    let paging = Paging::<i32>::parse(&mut errors, params.limit, params.cursor.as_deref(), SORT);
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let mut conn = db::conn(&pool).await?;
    let plan = PlanRow::find(&mut conn, id.into_inner()).await.or_404()?;
    let rows =
        db::plans::list_orientations(&mut conn, plan.id, paging.after, paging.fetch()).await?;
    Ok(paging.respond(&req, rows, |last| last.number, Orientation::from))
}
