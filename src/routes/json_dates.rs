//! Dates and instants written to JSON in one piece, for views' `serialize_with`. chrono's
//! own serde writes them through `Display` a few characters at a time, and serde_json
//! escapes each piece on its own: on a page of 50 co-ops that was a sixth of the service's
//! CPU. The text is chrono's exactly (`2024-12-31`, `2024-12-31T23:59:59.123456Z`, the
//! fraction in 0, 3, 6 or 9 digits); anything unusual (a year outside 0–9999, a leap
//! second) is left to chrono.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::{Serialize, Serializer};

/// A `NaiveDate` as chrono writes it.
pub fn day<S: Serializer>(day: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 10];
    if !write_day(&mut buf, *day) {
        return day.serialize(serializer);
    }
    serializer.serialize_str(ascii(&buf))
}

pub fn opt_day<S: Serializer>(day: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match day {
        Some(day) => self::day(day, serializer),
        None => serializer.serialize_none(),
    }
}

/// A `DateTime<Utc>` as chrono writes it.
pub fn instant<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 30];
    let nano = at.nanosecond();
    if nano >= 1_000_000_000 || !write_day(&mut buf, at.date_naive()) {
        return at.serialize(serializer);
    }
    buf[10] = b'T';
    two(&mut buf[11..13], at.hour());
    buf[13] = b':';
    two(&mut buf[14..16], at.minute());
    buf[16] = b':';
    two(&mut buf[17..19], at.second());
    let (fraction, digits) = match nano {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (n / 1_000_000, 3),
        n if n % 1_000 == 0 => (n / 1_000, 6),
        n => (n, 9),
    };
    let mut end = 19;
    if digits > 0 {
        buf[19] = b'.';
        let mut rest = fraction;
        for i in (0..digits).rev() {
            buf[20 + i] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        end = 20 + digits;
    }
    buf[end] = b'Z';
    serializer.serialize_str(ascii(&buf[..=end]))
}

pub fn opt_instant<S: Serializer>(
    at: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => instant(at, serializer),
        None => serializer.serialize_none(),
    }
}

/// `YYYY-MM-DD` into the first 10 bytes; false for a year chrono writes with a sign.
fn write_day(buf: &mut [u8], day: NaiveDate) -> bool {
    let Ok(year) = u32::try_from(day.year()) else {
        return false;
    };
    if year > 9999 {
        return false;
    }
    two(&mut buf[0..2], year / 100);
    two(&mut buf[2..4], year % 100);
    buf[4] = b'-';
    two(&mut buf[5..7], day.month());
    buf[7] = b'-';
    two(&mut buf[8..10], day.day());
    true
}

fn two(out: &mut [u8], n: u32) {
    out[0] = b'0' + (n / 10) as u8;
    out[1] = b'0' + (n % 10) as u8;
}

fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("digits and separators are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[derive(Serialize)]
    struct Ours {
        #[serde(serialize_with = "day")]
        day: NaiveDate,
        #[serde(serialize_with = "opt_day")]
        maybe_day: Option<NaiveDate>,
        #[serde(serialize_with = "instant")]
        at: DateTime<Utc>,
        #[serde(serialize_with = "opt_instant")]
        maybe_at: Option<DateTime<Utc>>,
    }

    #[derive(Serialize)]
    struct Chronos {
        day: NaiveDate,
        maybe_day: Option<NaiveDate>,
        at: DateTime<Utc>,
        maybe_at: Option<DateTime<Utc>>,
    }

    fn same(day: NaiveDate, at: DateTime<Utc>) {
        for (maybe_day, maybe_at) in [(Some(day), Some(at)), (None, None)] {
            let ours = serde_json::to_string(&Ours {
                day,
                maybe_day,
                at,
                maybe_at,
            })
            .unwrap();
            let theirs = serde_json::to_string(&Chronos {
                day,
                maybe_day,
                at,
                maybe_at,
            })
            .unwrap();
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn writes_what_chrono_writes() {
        let days = [
            NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2100, 2, 28).unwrap(),
            NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(-1, 6, 15).unwrap(),
            NaiveDate::MIN,
            NaiveDate::MAX,
        ];
        let nanos = [
            0,
            1,
            999,
            1_000,
            120_000,
            123_456_000,
            100_000_000,
            123_000_000,
            999_999_999,
            1_000_000_000, // a leap second
            1_500_000_000,
        ];
        for day in days {
            for nano in nanos {
                let Some(time) = day.and_hms_nano_opt(23, 59, 59, nano) else {
                    continue;
                };
                same(day, Utc.from_utc_datetime(&time));
                let Some(early) = day.and_hms_nano_opt(0, 0, 0, nano % 1_000_000_000) else {
                    continue;
                };
                same(day, Utc.from_utc_datetime(&early));
            }
        }
    }
}
