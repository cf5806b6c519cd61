use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Objective;
use crate::auth::Caller;
use crate::db::objectives::ObjectiveRow;
use crate::db::plans::OrientationRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::{ObjectiveId, OrientationId};
use crate::error::{ApiResult, OrNotFound};
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::format;
use crate::routes::pagination::{PageParams, Paging, bad_query};
use crate::routes::plan::shared::READERS;

const SORT: &str = "code";

/// List an orientation's objectives
///
/// Admins, readers and co-op managers. Ordered by code.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Orientation id"), PageParams),
    responses(
        ListResponses<Objective>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/orientations/{id}/objectives")]
pub async fn list_objectives(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-strategic-plans"))?;
    let params = params.into_inner();
    let mut errors = Vec::new();
    let paging = Paging::<(String, ObjectiveId)>::parse(
        &mut errors,
        params.limit,
        params.cursor.as_deref(),
        SORT,
    );
    let format = format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let orientation = {
        let mut conn = db::conn(&pool).await?;
        OrientationRow::find(&mut conn, id.into_inner())
            .await
            .or_404()?
            .id
    };
    let fetch = fetch!(=> |conn, after, limit| {
        db::objectives::list_objectives(conn, orientation, after, limit)
    });
    let position = |row: &ObjectiveRow| (row.code.clone(), row.id);
    paging
        .serve(
            &req,
            &pool,
            (format, "objectives"),
            fetch,
            position,
            Objective::from,
        )
        .await
}
