use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::MembershipCount;
use super::{facts, may_read, respond};
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::domain::fields::Day;
use crate::domain::ids::CooperativeId;
use crate::error::{ApiError, ApiResult};
use crate::routes::{conditional, today};

/// Read the count of a date
#[utoipa::path(
    tag = "membership",
    params(
        ("id" = Uuid, Path, description = "Cooperative id"),
        ("as_of" = NaiveDate, Path, description = "Date of the count (YYYY-MM-DD)"),
    ),
    responses(
        (status = 200, description = "The count", body = MembershipCount, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/cooperatives/{id}/membership-counts/{as_of}")]
pub async fn get_membership_count(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(CooperativeId, Day)>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let (cooperative, as_of) = path.into_inner();
    let as_of = as_of.get();
    may_read(&caller, cooperative)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::membership::find_on(&mut conn, cooperative, as_of)
        .await?
        .ok_or_else(|| ApiError::NotFound(msg!("no-count-on-date")))?;
    Ok(conditional::read(
        &req,
        row.version,
        MembershipCount::from(row),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LatestParams {
    /// The date to look back from (default today).
    #[param(example = "2020-12-31", value_type = Option<NaiveDate>)]
    as_of: Option<Day>,
}

/// Read a co-op's latest count at or before a date
///
/// The count the statistics would carry forward for this co-op on `as_of` (whether or not the
/// co-op was a member then). 404 when it has no count on or before that date.
#[utoipa::path(
    tag = "membership",
    params(("id" = Uuid, Path, description = "Cooperative id"), LatestParams),
    responses(
        (status = 200, description = "The latest count", body = MembershipCount, headers(("ETag" = String))),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/cooperatives/{id}/membership-counts/latest")]
pub async fn get_latest_membership_count(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    params: web::Query<LatestParams>,
) -> ApiResult<HttpResponse> {
    let cooperative = id.into_inner();
    may_read(&caller, cooperative)?;
    let on = params.into_inner().as_of.map_or_else(today, Day::get);
    let mut conn = db::conn(&pool).await?;
    facts(&mut conn, cooperative).await?;
    let row = db::membership::latest(&mut conn, cooperative, on)
        .await?
        .ok_or_else(|| ApiError::NotFound(msg!("no-count-by-date", on = on.to_string())))?;
    Ok(respond(HttpResponse::Ok(), row))
}
