use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::{Figures, Group, MembershipStats};
use super::{may_read, withhold_small_groups};
use crate::auth::Caller;
use crate::db;
use crate::db::stats::GroupBy;
use crate::domain::FieldError;
use crate::domain::fields::Day;
use crate::error::ApiResult;
use crate::routes::pagination::bad_query;
use crate::routes::today;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatsParams {
    /// The date (default today).
    #[param(example = "2020-06-30", value_type = Option<NaiveDate>)]
    as_of: Option<Day>,
    /// `none` (default), `region`, `province` or `legal_form`.
    #[param(example = "region", value_type = Option<GroupBy>)]
    group_by: Option<String>,
}

pub fn group_by(raw: Option<&str>) -> Result<GroupBy, FieldError> {
    raw.map_or(Ok(GroupBy::None), |g| {
        GroupBy::parse(g).map_err(|e| FieldError::new("group_by", e.code, e.message))
    })
}

/// Federation membership on a date
///
/// On `as_of`, every co-op that was a member that day (joined on or before it, and had not
/// left: a co-op that left on `as_of` no longer counts) contributes its latest count at or
/// before `as_of`. Member co-ops without such a count are reported in
/// `cooperatives_without_count`; `oldest_count_as_of` shows how old the figures may be.
/// Any role may read statistics; for partner and coop_manager tokens, groups of fewer than 3
/// co-ops are `suppressed` (see `groups`).
#[utoipa::path(
    tag = "statistics",
    params(StatsParams),
    responses(
        (status = 200, description = "The figures", body = MembershipStats, example = json!({
            "as_of": "2020-06-30", "group_by": "region",
            "member_cooperatives": 2, "cooperatives_with_count": 2, "cooperatives_without_count": 0,
            "total_members": 4150, "users": 4000, "workers": 50, "supporting": 100,
            "oldest_count_as_of": "2019-12-31",
            "groups": [
                {"key": "06", "suppressed": false, "member_cooperatives": 1, "cooperatives_with_count": 1, "cooperatives_without_count": 0,
                 "total_members": 2193, "users": 2140, "workers": 18, "supporting": 35, "oldest_count_as_of": "2020-06-30"},
                {"key": "12", "suppressed": false, "member_cooperatives": 1, "cooperatives_with_count": 1, "cooperatives_without_count": 0,
                 "total_members": 1957, "users": 1860, "workers": 32, "supporting": 65, "oldest_count_as_of": "2019-12-31"}
            ]
        })),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/stats/membership")]
pub async fn get_membership_stats(
    caller: Caller,
    pool: web::Data<db::ReadPool>,
    params: web::Query<StatsParams>,
) -> ApiResult<HttpResponse> {
    may_read(&caller)?;
    let p = params.into_inner();
    let group = group_by(p.group_by.as_deref()).map_err(|e| bad_query(vec![e]))?;
    let as_of = p.as_of.map_or_else(today, Day::get);
    let rows = db::stats::membership(&mut *db::conn(&pool).await?, &[as_of], group).await?;
    let mut groups: Vec<Group> = rows
        .iter()
        .map(|r| Group {
            key: r.key.clone(),
            suppressed: false,
            figures: Some(Figures::from_row(r)),
        })
        .collect();
    let figures = Figures::sum(groups.iter().filter_map(|g| g.figures.as_ref()));
    if group == GroupBy::None {
        groups.clear();
    }
    withhold_small_groups(&caller, &mut groups);
    Ok(HttpResponse::Ok().json(MembershipStats {
        as_of,
        group_by: group,
        figures,
        groups,
    }))
}
