use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;

use super::views::Measurement;
use crate::auth::Caller;
use crate::db::objectives::MeasurementRow;
use crate::db::objectives::ObjectiveRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::ObjectiveId;
use crate::error::{ApiResult, OrNotFound};
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::format;
use crate::routes::pagination::{PageParams, Paging, bad_query};
use crate::routes::plan::shared::READERS;

const SORT: &str = "as_of";

/// List an objective's measurements
///
/// Admins, readers and co-op managers. Oldest first. An objective with an `indicator_source`
/// has no measurements: its history is in its progress.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id"), PageParams),
    responses(
        ListResponses<Measurement>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/objectives/{id}/measurements")]
pub async fn list_measurements(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-strategic-plans"))?;
    let params = params.into_inner();
    let mut errors = Vec::new();
    let paging =
        Paging::<NaiveDate>::parse(&mut errors, params.limit, params.cursor.as_deref(), SORT);
    let format = format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let objective = {
        let mut conn = db::conn(&pool).await?;
        ObjectiveRow::find(&mut conn, id.into_inner())
            .await
            .or_404()?
            .id
    };
    let fetch = fetch!(=> |conn, after, limit| {
        db::objectives::list_measurements(conn, objective, after, limit)
    });
    let position = |row: &MeasurementRow| row.as_of;
    paging
        .serve(
            &req,
            &pool,
            (format, "measurements"),
            fetch,
            position,
            Measurement::from,
        )
        .await
}
