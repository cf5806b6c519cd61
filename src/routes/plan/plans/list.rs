use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::StrategicPlan;
use crate::auth::Caller;
use crate::db::plans::PlanRow;
use crate::db::{self, DbPool};
use crate::domain::ids::PlanId;
use crate::domain::plans::PlanStatus;
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::format;
use crate::routes::pagination::{Paging, bad_query};
use crate::routes::plan::shared::READERS;
use crate::routes::query;

const SORT: &str = "period_start";

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListStrategicPlansParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// `draft`, `adopted`, `closed`, or several separated by commas.
    #[param(example = "adopted,closed")]
    status: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every row from `cursor` on, streamed
    /// (`limit` is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

/// List strategic plans
///
/// Admins, readers and co-op managers. Ordered by `period_start`, oldest first; cursor-paginated.
#[utoipa::path(
    tag = "strategic-plans",
    params(ListStrategicPlansParams),
    responses(
        ListResponses<StrategicPlan>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/strategic-plans")]
pub async fn list_strategic_plans(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListStrategicPlansParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-strategic-plans"))?;
    let params = params.into_inner();
    let mut errors = Vec::new();
    let paging = Paging::<(NaiveDate, PlanId)>::parse(
        &mut errors,
        params.limit,
        params.cursor.as_deref(),
        SORT,
    );
    let status = query::list(&mut errors, "status", params.status, PlanStatus::parse);
    let format = format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let fetch =
        fetch!(status => |conn, after, limit| db::plans::list_plans(conn, status, after, limit));
    let position = |row: &PlanRow| (row.period_start, row.id);
    paging
        .serve(
            &req,
            &pool,
            (format, "strategic-plans"),
            fetch,
            position,
            StrategicPlan::from,
        )
        .await
}
