use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::READERS;
use super::views::{StrategicPlan, StrategicPlanPage};
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::domain::ids::PlanId;
use crate::domain::plans::PlanStatus;
use crate::error::ApiResult;
use crate::routes::pagination::{Paging, bad_query};
use crate::routes::query;

const SORT: &str = "period_start";

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListStrategicPlansParams {
    /// Page size, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// `draft`, `adopted`, `closed`, or several separated by commas.
    #[param(example = "adopted,closed")]
    status: Option<String>,
}

/// List strategic plans
///
/// Admins, readers and co-op managers. Ordered by `period_start`, oldest first; cursor-paginated.
#[utoipa::path(
    tag = "strategic-plans",
    params(ListStrategicPlansParams),
    responses(
        (status = 200, description = "One page of plans", body = StrategicPlanPage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
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
    caller.require(READERS, "read strategic plans")?;
    let params = params.into_inner();
    let mut errors = Vec::new();
    let paging = Paging::<(NaiveDate, PlanId)>::parse(
        &mut errors,
        params.limit,
        params.cursor.as_deref(),
        SORT,
    );
    let status = query::list(&mut errors, "status", params.status, PlanStatus::parse);
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let mut conn = db::conn(&pool).await?;
    let rows = db::plans::list_plans(&mut conn, status, paging.after, paging.fetch()).await?;
    Ok(paging.respond(
        &req,
        rows,
        |last| (last.period_start, last.id),
        StrategicPlan::from,
    ))
}
