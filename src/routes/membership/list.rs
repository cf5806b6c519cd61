use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::MembershipCount;
use super::{facts, may_read};
use crate::auth::Caller;
use crate::db::membership::{CountRow, ListQuery};
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::domain::fields::Day;
use crate::domain::ids::CooperativeId;
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::{Format, fetch};
use crate::routes::pagination::{Paging, bad_query};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListCountsParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Counts on or after this date.
    #[param(example = "2019-01-01", value_type = Option<NaiveDate>)]
    from: Option<Day>,
    /// Counts on or before this date.
    #[param(example = "2020-12-31", value_type = Option<NaiveDate>)]
    to: Option<Day>,
    /// `-as_of` (default, most recent first) or `as_of`.
    #[param(example = "-as_of")]
    sort: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching count, streamed (`limit`
    /// is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "csv", value_type = Option<Format>)]
    format: Option<String>,
}

/// List a co-op's membership counts
#[utoipa::path(
    tag = "membership",
    params(("id" = Uuid, Path, description = "Cooperative id"), ListCountsParams),
    responses(
        ListResponses<MembershipCount>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/cooperatives/{id}/membership-counts")]
pub async fn list_membership_counts(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    params: web::Query<ListCountsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let cooperative = id.into_inner();
    may_read(&caller, cooperative)?;
    let p = params.into_inner();
    let mut errors = Vec::new();
    let sort = match p.sort.as_deref().unwrap_or("-as_of") {
        "as_of" => "as_of",
        "-as_of" => "-as_of",
        _ => {
            errors.push(FieldError::new("sort", "enum", msg!("counts-sort")));
            "-as_of"
        }
    };
    let format = crate::routes::pagination::format(&mut errors, &req, p.format.as_deref())?;
    let paging = Paging::<NaiveDate>::parse(&mut errors, p.limit, p.cursor.as_deref(), sort);
    if let (Some(from), Some(to)) = (p.from, p.to)
        && from > to
    {
        errors.push(FieldError::new(
            "to",
            "date_order",
            msg!("not-before", other = "from"),
        ));
    }
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let mut conn = db::conn(&pool).await?;
    facts(&mut conn, cooperative).await?;
    let descending = sort == "-as_of";
    drop(conn);
    let (from, to) = (p.from.map(Day::get), p.to.map(Day::get));
    let fetch = fetch!(=> |conn, after, limit| {
        let query = ListQuery {
            cooperative,
            from,
            to,
            descending,
            after,
            limit,
        };
        db::membership::list(conn, query)
    });
    let position = |row: &CountRow| row.as_of;
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
