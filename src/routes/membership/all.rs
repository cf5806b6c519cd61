use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::MembershipCount;
use crate::auth::{Caller, Role};
use crate::db::membership::{AllFilter, CountRow};
use crate::db::{self, DbPool};
use crate::domain::address::Region;
use crate::domain::fields;
use crate::domain::ids::CooperativeId;
use crate::error::{ApiError, ApiResult};
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::{Paging, bad_query, format};
use crate::routes::query;

/// Filters and page of the federation-wide list of counts.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListAllCountsParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Only these co-ops (comma-separated ids).
    #[param(value_type = Option<String>, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(,[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})*$")]
    cooperative_id: Option<String>,
    /// Only co-ops in these administrative regions (comma-separated codes, `06`, or names).
    #[param(example = "06,03")]
    region: Option<String>,
    /// Only counts on or after this date.
    #[param(value_type = Option<chrono::NaiveDate>, example = "2019-01-01")]
    from: Option<String>,
    /// Only counts on or before this date.
    #[param(value_type = Option<chrono::NaiveDate>, example = "2020-12-31")]
    to: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching count, streamed
    /// (`limit` is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

const SORT: &str = "cooperative_id,as_of";

/// List every co-op's counts
///
/// The analyst's table: every count of every co-op, by co-op then date, filtered by co-op,
/// region and dates; as pages, or whole as CSV/NDJSON (streamed, in one snapshot). Admins
/// and readers see every co-op's; a co-op manager its own co-op's.
#[utoipa::path(
    tag = "membership",
    params(ListAllCountsParams),
    responses(
        ListResponses<MembershipCount>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/membership-counts")]
pub async fn list_all_membership_counts(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListAllCountsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(
        &[Role::Admin, Role::Reader, Role::CoopManager],
        msg!("may-read-membership-counts"),
    )?;
    let p = params.into_inner();
    let mut errors = Vec::new();
    let paging = Paging::<(CooperativeId, chrono::NaiveDate)>::parse(
        &mut errors,
        p.limit,
        p.cursor.as_deref(),
        SORT,
    );
    let mut filter = AllFilter {
        cooperatives: query::list(&mut errors, "cooperative_id", p.cooperative_id, |s| {
            fields::parse_id(s)
        }),
        regions: query::list(&mut errors, "region", p.region, |s| {
            Region::parse(s).map(Region::code)
        }),
        from: query::date(&mut errors, "from", p.from),
        to: query::date(&mut errors, "to", p.to),
    };
    let format = format(&mut errors, &req, p.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    if let Some(own) = caller.binding().cooperative_id() {
        if filter.cooperatives.iter().any(|c| *c != own) {
            return Err(ApiError::Forbidden(msg!("coop-manager-own-counts-read")));
        }
        filter.cooperatives = vec![own];
    }
    let fetch = fetch!(filter => |conn, after, limit| db::membership::list_all(conn, &filter, after, limit));
    let position = |row: &CountRow| (row.cooperative_id, row.as_of);
    paging
        .serve(
            &req,
            &pool,
            (format, "membership-counts"),
            fetch,
            position,
            MembershipCount::from,
        )
        .await
}
