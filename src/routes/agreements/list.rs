use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::scope;
use super::views::Agreement;
use crate::auth::Caller;
use crate::db::agreements::{AgreementRow, Filter};
use crate::db::{self, DbPool};
use crate::domain::agreement::Category;
use crate::domain::fields;
use crate::domain::ids::AgreementId;
use crate::domain::lifecycle::AgreementStatus;
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::{Paging, bad_query};
use crate::routes::{query, today};

/// Filters and page of the agreement list. List filters take one value or several
/// separated by commas (any of them matches).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListAgreementsParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Only these partners (comma-separated ids).
    #[param(
        example = "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1e",
        pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(,[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})*$"
    )]
    partner_id: Option<String>,
    /// Categories, e.g. `group_insurance,property_insurance`.
    #[param(example = "telemedicine")]
    category: Option<String>,
    /// Statuses as of today, `expired` included, e.g. `active,suspended`.
    #[param(example = "active")]
    status: Option<String>,
    /// Only agreements in force on this date (`YYYY-MM-DD`): active by their transition
    /// history on that date, and within their `starts_on`..`ends_on`.
    #[param(value_type = Option<NaiveDate>, example = "2021-01-15")]
    active_on: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching agreement, streamed
    /// (`limit` is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

const SORT: &str = "id";

/// List service agreements
///
/// In creation order. Admins and readers see every agreement; a partner its own; a co-op
/// manager those open to co-ops and those its co-op is enrolled in.
#[utoipa::path(
    tag = "service-agreements",
    params(ListAgreementsParams),
    responses(
        ListResponses<Agreement>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/service-agreements")]
pub async fn list_service_agreements(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListAgreementsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let p = params.into_inner();
    let mut errors = Vec::new();
    let format = crate::routes::pagination::format(&mut errors, &req, p.format.as_deref())?;
    let paging = Paging::<AgreementId>::parse(&mut errors, p.limit, p.cursor.as_deref(), SORT);
    let filter = Filter {
        partner_id: query::list(&mut errors, "partner_id", p.partner_id, fields::parse_id),
        category: query::list(&mut errors, "category", p.category, Category::parse),
        status: query::list(&mut errors, "status", p.status, AgreementStatus::parse),
        active_on: query::date(&mut errors, "active_on", p.active_on),
    };
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let (scope, today) = (scope(&caller), today());
    let fetch = fetch!(filter => |conn, after, limit| {
        db::agreements::list(conn, scope, &filter, today, after, limit)
    });
    let position = |row: &AgreementRow| row.id;
    paging
        .serve(
            &req,
            &pool,
            (format, "service-agreements"),
            fetch,
            position,
            Agreement::from,
        )
        .await
}
