//! Built-in indicators: values computed from the register instead of typed in. Adding a
//! source is one value in `IndicatorSource` and one arm in [`series`].

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::cooperatives::dsl as c;
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
