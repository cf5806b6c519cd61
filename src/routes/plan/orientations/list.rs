use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Orientation;
use crate::auth::Caller;
use crate::db::plans::OrientationRow;
use crate::db::plans::PlanRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::PlanId;
use crate::error::{ApiResult, OrNotFound};
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::format;
use crate::routes::pagination::{PageParams, Paging, bad_query};
use crate::routes::plan::shared::READERS;

const SORT: &str = "number";

/// List a plan's orientations
///
/// Admins, readers and co-op managers. Ordered by number.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Strategic plan id"), PageParams),
    responses(
        ListResponses<Orientation>,
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
    caller.require(READERS, msg!("may-read-strategic-plans"))?;
    let mut errors = Vec::new();
    let paging = Paging::<i32>::parse(
        &mut errors,
        params.limit.clone(),
        params.cursor.as_deref(),
        SORT,
    );
    let format = format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let plan = {
        let mut conn = db::conn(&pool).await?;
        PlanRow::find(&mut conn, id.into_inner()).await.or_404()?.id
    };
    let fetch =
        fetch!(=> |conn, after, limit| db::plans::list_orientations(conn, plan, after, limit));
    let position = |row: &OrientationRow| row.number;
    paging
        .serve(
            &req,
            &pool,
            (format, "orientations"),
            fetch,
            position,
            Orientation::from,
        )
        .await
}
