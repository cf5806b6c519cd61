//! Built-in indicators: values computed from the register instead of typed in. Adding a
//! source is one value in `IndicatorSource` and one arm in [`series`].

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::cooperatives::dsl as c;
use super::schema::enrollments::dsl as e;
use super::schema::membership_counts::dsl as m;
use super::stats::{self, GroupBy};
use crate::domain::objectives::IndicatorSource;

/// The values of `source` from `from` to `to` (both included): the value on `from`, then
/// one point on each day the value changed. Empty when `to` is before `from`.
pub async fn series(
    conn: &mut AsyncPgConnection,
    source: IndicatorSource,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(NaiveDate, f64)>> {
    if to < from {
        return Ok(Vec::new());
    }
    match source {
        IndicatorSource::MemberCooperatives => member_cooperatives(conn, from, to).await,
        IndicatorSource::FederationMembers => federation_members(conn, from, to).await,
        IndicatorSource::ActiveEnrollments => active_enrollments(conn, from, to).await,
    }
}

/// The value of `source` on `day`.
pub async fn value_on(
    conn: &mut AsyncPgConnection,
    source: IndicatorSource,
    day: NaiveDate,
) -> QueryResult<f64> {
    Ok(series(conn, source, day, day)
        .await?
        .last()
        .map_or(0.0, |(_, v)| *v))
}

/// Co-ops that were members on each day: joined on or before it and not yet left.
async fn member_cooperatives(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(NaiveDate, f64)>> {
    let spans: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = c::cooperatives
        .filter(c::member_since.le(to))
        .filter(c::left_on.is_null().or(c::left_on.gt(from)))
        .select((c::member_since, c::left_on))
        .load(conn)
        .await?;
    let spans: Vec<(NaiveDate, Option<NaiveDate>)> = spans
        .into_iter()
        .filter_map(|(since, left)| since.map(|s| (s, left)))
        .collect();
    Ok(step_series(&spans, from, to))
}

/// Enrolments covering each day (`starts_on` to `ends_on`, both included).
async fn active_enrollments(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(NaiveDate, f64)>> {
    let spans: Vec<(NaiveDate, Option<NaiveDate>)> = e::enrollments
        .filter(e::starts_on.le(to))
        .filter(e::ends_on.is_null().or(e::ends_on.ge(from)))
        .select((e::starts_on, e::ends_on))
        .load(conn)
        .await?;
    // `ends_on` is the last day covered: the span ends the day after.
    let spans: Vec<(NaiveDate, Option<NaiveDate>)> = spans
        .into_iter()
        .map(|(start, end)| (start, end.and_then(|d| d.succ_opt())))
        .collect();
    Ok(step_series(&spans, from, to))
}

/// At most this many days are evaluated for the history of `federation_members`; beyond
/// it the history keeps the last day of each month.
const MAX_MEMBERSHIP_DAYS: usize = 2_000;

/// The federation's total membership (as `GET /v1/stats/membership` counts it) on `from`
/// and on every later day on which a count, a joining or a departure could change it.
async fn federation_members(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(NaiveDate, f64)>> {
    let in_range = |d: &NaiveDate| *d > from && *d <= to;
    let count_days: Vec<NaiveDate> = m::membership_counts
        .filter(m::as_of.gt(from).and(m::as_of.le(to)))
        .select(m::as_of)
        .distinct()
        .load(conn)
        .await?;
    let spans: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = c::cooperatives
        .filter(c::member_since.le(to))
        .select((c::member_since, c::left_on))
        .load(conn)
        .await?;
    let mut days: Vec<NaiveDate> = spans
        .into_iter()
        .flat_map(|(since, left)| [since, left])
        .flatten()
        .filter(in_range)
        .chain(count_days)
        .collect();
    days.push(from);
    days.sort();
    days.dedup();
    if days.len() > MAX_MEMBERSHIP_DAYS {
        days = month_ends(from, to);
    }
    let rows = stats::membership(conn, &days, GroupBy::None).await?;
    let total = |day: NaiveDate| {
        rows.iter()
            .find(|r| r.as_of == day)
            .map_or(0.0, |r| (r.users + r.workers + r.supporting) as f64)
    };
    let mut out: Vec<(NaiveDate, f64)> = Vec::new();
    for day in days {
        let value = total(day);
        if out.last().is_none_or(|(_, last)| *last != value) {
            out.push((day, value));
        }
    }
    Ok(out)
}

/// `from`, then the last day of every month up to `to`, then `to`.
fn month_ends(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> =
        crate::domain::periods::periods(from, to, crate::domain::periods::Interval::Month)
            .into_iter()
            .map(|p| p.end)
            .collect();
    days.insert(0, from);
    days.dedup();
    days
}

/// Counts of the spans `[since, left)` covering each day, as a step series.
fn step_series(
    spans: &[(NaiveDate, Option<NaiveDate>)],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(NaiveDate, f64)> {
    let count = |day: NaiveDate| {
        spans
            .iter()
            .filter(|(since, left)| *since <= day && left.is_none_or(|l| l > day))
            .count() as f64
    };
    let mut days: Vec<NaiveDate> = spans
        .iter()
        .flat_map(|(since, left)| [Some(*since), *left])
        .flatten()
        .filter(|d| *d > from && *d <= to)
        .collect();
    days.sort();
    days.dedup();
    let mut out = vec![(from, count(from))];
    for day in days {
        let value = count(day);
        if out.last().is_some_and(|(_, last)| *last != value) {
            out.push((day, value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn members_count_from_the_day_they_join_until_the_day_they_leave() {
        let spans = [
            (day("2019-01-01"), None),
            (day("2020-06-01"), Some(day("2021-01-01"))),
            (day("2020-09-01"), None),
        ];
        let s = step_series(&spans, day("2020-01-01"), day("2021-12-31"));
        assert_eq!(
            s,
            [
                (day("2020-01-01"), 1.0),
                (day("2020-06-01"), 2.0),
                (day("2020-09-01"), 3.0),
                (day("2021-01-01"), 2.0),
            ]
        );
    }

    #[test]
    fn a_join_and_a_departure_on_the_same_day_make_no_point() {
        let spans = [
            (day("2019-01-01"), Some(day("2020-06-01"))),
            (day("2020-06-01"), None),
        ];
        let s = step_series(&spans, day("2020-01-01"), day("2020-12-31"));
        assert_eq!(s, [(day("2020-01-01"), 1.0)]);
    }
}
