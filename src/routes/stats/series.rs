use crate::i18n::msg;
use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::as_of::group_by;
use super::views::{Change, Figures, MembershipSeries, SeriesGroup, SeriesPoint};
use super::{may_read, withhold_small_groups};
use crate::auth::Caller;
use crate::db;
use crate::db::stats::GroupBy;
use crate::domain::FieldError;
use crate::domain::fields::Day;
use crate::domain::periods::{Interval, periods};
use crate::error::ApiResult;
use crate::routes::pagination::bad_query;

/// At most this many periods in one series (50 years by month).
pub const MAX_POINTS: usize = 600;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SeriesParams {
    /// First day of the series.
    #[param(example = "2015-01-01", value_type = NaiveDate)]
    from: Day,
    /// Last day of the series.
    #[param(example = "2024-12-31", value_type = NaiveDate)]
    to: Day,
    /// `month`, `quarter` or `year` (default).
    #[param(example = "year", value_type = Option<Interval>)]
    interval: Option<String>,
    /// `none` (default), `region`, `province` or `legal_form`.
    #[param(example = "region", value_type = Option<GroupBy>)]
    group_by: Option<String>,
}

/// Federation membership over time
///
/// The figures of `GET /v1/stats/membership` at the end of each calendar period (month,
/// quarter or year) overlapping `from`–`to`; the last period ends on `to`. Each point and
/// each group carries the change of `total_members` since the previous period (absolute and
/// percent). At most 600 periods.
#[utoipa::path(
    tag = "statistics",
    params(SeriesParams),
    responses(
        (status = 200, description = "One point per period", body = MembershipSeries, example = json!({
            "from": "2019-01-01", "to": "2020-12-31", "interval": "year", "group_by": "none",
            "points": [
                {"period_start": "2019-01-01", "as_of": "2019-12-31",
                 "member_cooperatives": 40, "cooperatives_with_count": 38, "cooperatives_without_count": 2,
                 "total_members": 84100, "users": 82000, "workers": 800, "supporting": 1300,
                 "oldest_count_as_of": "2018-06-30", "change": null, "groups": []},
                {"period_start": "2020-01-01", "as_of": "2020-12-31",
                 "member_cooperatives": 42, "cooperatives_with_count": 41, "cooperatives_without_count": 1,
                 "total_members": 85360, "users": 83150, "workers": 810, "supporting": 1400,
                 "oldest_count_as_of": "2019-12-31", "change": {"absolute": 1260, "percent": 1.5}, "groups": []}
            ]
        })),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/stats/membership/series")]
pub async fn get_membership_series(
    caller: Caller,
    pool: web::Data<db::ReadPool>,
    params: web::Query<SeriesParams>,
) -> ApiResult<HttpResponse> {
    may_read(&caller)?;
    let p = params.into_inner();
    let mut errors = Vec::new();
    let group = group_by(p.group_by.as_deref())
        .map_err(|e| errors.push(e))
        .unwrap_or(GroupBy::None);
    let interval = p
        .interval
        .as_deref()
        .map_or(Ok(Interval::Year), Interval::parse)
        .map_err(|e| errors.push(FieldError::new("interval", e.code, e.message)))
        .unwrap_or(Interval::Year);
    if p.from > p.to {
        errors.push(FieldError::new(
            "to",
            "date_order",
            msg!("not-before", other = "from"),
        ));
    }
    let periods = if errors.is_empty() {
        periods(p.from.get(), p.to.get(), interval)
    } else {
        Vec::new()
    };
    if periods.len() > MAX_POINTS {
        errors.push(FieldError::new(
            "interval",
            "too_many_periods",
            msg!("series-too-many-periods", max = MAX_POINTS),
        ));
    }
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }

    let dates: Vec<NaiveDate> = periods.iter().map(|p| p.end).collect();
    let rows = db::stats::membership(&mut *db::conn(&pool).await?, &dates, group).await?;
    let mut by_date: HashMap<NaiveDate, Vec<SeriesGroup>> = HashMap::new();
    for r in &rows {
        by_date.entry(r.as_of).or_default().push(SeriesGroup {
            key: r.key.clone(),
            suppressed: false,
            figures: Some(Figures::from_row(r)),
            change: None,
        });
    }

    let mut points: Vec<SeriesPoint> = Vec::with_capacity(periods.len());
    for period in periods {
        let mut groups = by_date.remove(&period.end).unwrap_or_default();
        let figures = Figures::sum(groups.iter().filter_map(|g| g.figures.as_ref()));
        let previous = points.last();
        let change =
            previous.map(|prev| Change::between(prev.figures.total_members, figures.total_members));
        if let Some(prev) = previous {
            let before: HashMap<&Option<String>, i64> = prev
                .groups
                .iter()
                .map(|g| (&g.key, g.figures.as_ref().map_or(0, |f| f.total_members)))
                .collect();
            for g in &mut groups {
                let was = before.get(&g.key).copied().unwrap_or(0);
                let now = g.figures.as_ref().map_or(0, |f| f.total_members);
                g.change = Some(Change::between(was, now));
            }
        }
        if group == GroupBy::None {
            groups.clear();
        }
        points.push(SeriesPoint {
            period_start: period.start,
            as_of: period.end,
            figures,
            change,
            groups,
        });
    }
    // Only once every change is computed from the whole figures.
    for point in &mut points {
        withhold_small_groups(&caller, &mut point.groups);
    }
    Ok(HttpResponse::Ok().json(MembershipSeries {
        from: p.from.get(),
        to: p.to.get(),
        interval,
        group_by: group,
        points,
    }))
}
