//! The federation's fiscal year, written `YYYY-YYYY` as its annual reports name it
//! ("Rapport annuel 2019-2020"): from the first day of the start month (April by default,
//! `COOPSANTE_FISCAL_YEAR_START_MONTH`) of the first year to the day before that day of the
//! second.

use crate::i18n::msg;
use chrono::NaiveDate;

use super::Invalid;

/// The month a fiscal year starts in (1–12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalYearStart(u32);

impl FiscalYearStart {
    pub const APRIL: FiscalYearStart = FiscalYearStart(4);

    pub fn new(month: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self(month))
    }

    pub fn month(self) -> u32 {
        self.0
    }
}

impl Default for FiscalYearStart {
    fn default() -> Self {
        Self::APRIL
    }
}

/// One fiscal year: `first`-`first + 1`, both years within 1900..=2100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalYear {
    first: i32,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

impl FiscalYear {
    pub fn parse(raw: &str, start: FiscalYearStart) -> Result<Self, Invalid> {
        let format = || Invalid::format(msg!("fiscal-year-format"));
        let bytes = raw.as_bytes();
        let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
        if bytes.len() != 9 || bytes[4] != b'-' || !digits(&bytes[..4]) || !digits(&bytes[5..]) {
            return Err(format());
        }
        // Four ASCII digits each: these parse.
        let first: i32 = raw[..4].parse().map_err(|_| format())?;
        let second: i32 = raw[5..].parse().map_err(|_| format())?;
        if second != first + 1 {
            return Err(Invalid::new("range", msg!("fiscal-year-consecutive")));
        }
        if first < 1900 || second > 2100 {
            return Err(Invalid::new("range", msg!("fiscal-year-range")));
        }
        let day = |year| NaiveDate::from_ymd_opt(year, start.month(), 1).ok_or_else(format);
        let starts_on = day(first)?;
        let ends_on = day(second)?.pred_opt().ok_or_else(format)?;
        Ok(Self {
            first,
            starts_on,
            ends_on,
        })
    }

    /// `YYYY-YYYY`.
    pub fn label(self) -> String {
        format!("{}-{}", self.first, self.first + 1)
    }

    pub fn starts_on(self) -> NaiveDate {
        self.starts_on
    }

    pub fn ends_on(self) -> NaiveDate {
        self.ends_on
    }

    /// The eve of its first day: who was a member "at the start" was one on that day.
    pub fn eve(self) -> NaiveDate {
        self.starts_on.pred_opt().unwrap_or(self.starts_on)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        (self.starts_on..=self.ends_on).contains(&day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_year_runs_from_april_first_to_march_thirty_first() {
        let year = FiscalYear::parse("2019-2020", FiscalYearStart::default()).unwrap();
        assert_eq!(
            (year.starts_on(), year.ends_on(), year.eve()),
            (day(2019, 4, 1), day(2020, 3, 31), day(2019, 3, 31))
        );
        assert_eq!(year.label(), "2019-2020");
        assert!(year.contains(day(2020, 3, 31)) && !year.contains(day(2020, 4, 1)));
    }

    #[test]
    fn the_start_month_is_configurable() {
        let july = FiscalYearStart::new(7).unwrap();
        let year = FiscalYear::parse("2019-2020", july).unwrap();
        assert_eq!(
            (year.starts_on(), year.ends_on()),
            (day(2019, 7, 1), day(2020, 6, 30))
        );
        let january = FiscalYearStart::new(1).unwrap();
        let year = FiscalYear::parse("2019-2020", january).unwrap();
        assert_eq!(
            (year.starts_on(), year.ends_on()),
            (day(2019, 1, 1), day(2019, 12, 31))
        );
        assert_eq!(FiscalYearStart::new(0), None);
        assert_eq!(FiscalYearStart::new(13), None);
    }

    #[test]
    fn malformed_or_out_of_range_years_are_refused_with_a_reason() {
        for (raw, code) in [
            ("2019", "format"),
            ("", "format"),
            ("\0", "format"),
            ("2019-20", "format"),
            ("2019–2020", "format"),
            ("+019-2020", "format"),
            ("２０19-2020", "format"),
            ("2019-2021", "range"),
            ("2020-2019", "range"),
            ("2019-2019", "range"),
            ("0000-0001", "range"),
            ("1899-1900", "range"),
            ("2100-2101", "range"),
        ] {
            let got = FiscalYear::parse(raw, FiscalYearStart::default());
            assert_eq!(got.map_err(|e| e.code), Err(code), "{raw:?}");
        }
        assert!(FiscalYear::parse("1900-1901", FiscalYearStart::default()).is_ok());
        assert!(FiscalYear::parse("2099-2100", FiscalYearStart::default()).is_ok());
    }
}
