//! Calendar periods for time series: months, quarters and years.

use chrono::{Datelike, Months, NaiveDate};

use super::text_enum;

text_enum! {
    /// The length of a period in a series.
    pub enum Interval {
        Month = "month",
        Quarter = "quarter",
        Year = "year",
    }
}

impl Interval {
    fn months(self) -> u32 {
        match self {
            Interval::Month => 1,
            Interval::Quarter => 3,
            Interval::Year => 12,
        }
    }

    /// First day of the calendar period containing `date`.
    fn start_of(self, date: NaiveDate) -> NaiveDate {
        let month0 = date.month0() - date.month0() % self.months();
        NaiveDate::from_ymd_opt(date.year(), month0 + 1, 1).unwrap_or(date)
    }
}

/// One period of a series: from `start` to `end` inclusive, both within the series' range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The calendar periods that overlap `from..=to`, clipped to it: the figures of a period are
/// taken on its `end`, so the last period ends on `to` even when the calendar period goes on.
pub fn periods(from: NaiveDate, to: NaiveDate, interval: Interval) -> Vec<Period> {
    let mut out = Vec::new();
    let mut start = interval.start_of(from);
    while start <= to {
        let Some(next) = start.checked_add_months(Months::new(interval.months())) else {
            break;
        };
        let end = next.pred_opt().unwrap_or(next).min(to);
        out.push(Period {
            start: start.max(from),
            end,
        });
        start = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn years_end_on_december_31_and_the_last_on_to() {
        let p = periods(d("2015-03-10"), d("2017-06-30"), Interval::Year);
        assert_eq!(
            p,
            [
                Period {
                    start: d("2015-03-10"),
                    end: d("2015-12-31")
                },
                Period {
                    start: d("2016-01-01"),
                    end: d("2016-12-31")
                },
                Period {
                    start: d("2017-01-01"),
                    end: d("2017-06-30")
                },
            ]
        );
    }

    #[test]
    fn quarters_and_months_follow_the_calendar() {
        let q = periods(d("2020-02-15"), d("2020-12-31"), Interval::Quarter);
        let ends: Vec<_> = q.iter().map(|p| p.end.to_string()).collect();
        assert_eq!(
            ends,
            ["2020-03-31", "2020-06-30", "2020-09-30", "2020-12-31"]
        );
        let m = periods(d("2020-01-31"), d("2020-03-01"), Interval::Month);
        let ends: Vec<_> = m.iter().map(|p| p.end.to_string()).collect();
        assert_eq!(ends, ["2020-01-31", "2020-02-29", "2020-03-01"]);
    }

    #[test]
    fn a_single_day_is_one_period() {
        assert_eq!(
            periods(d("2020-05-05"), d("2020-05-05"), Interval::Year).len(),
            1
        );
    }
}
