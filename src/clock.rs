//! "Today" is the federation's date, in its time zone (`America/Montreal` by default), not
//! UTC's: from 20:00 (19:00 in summer) UTC is already tomorrow in UTC but not in Québec, and a
//! meeting held that evening must not be "in the future".
//!
//! The date is read once per request (a middleware puts it in a task-local), so every rule of
//! one request sees the same day, and tests can give the app a fixed instant.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// The zone "today" is read in unless `COOPSANTE_TIMEZONE` says otherwise.
pub const DEFAULT_ZONE: Tz = chrono_tz::America::Montreal;

/// Where the service reads the time: the system clock, or a fixed instant (tests).
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    zone: Tz,
    fixed: Option<DateTime<Utc>>,
}

static ZONE: std::sync::OnceLock<Tz> = std::sync::OnceLock::new();

/// Sets the zone of the process's default clock, once, at start (`COOPSANTE_TIMEZONE`).
pub fn set_zone(zone: Tz) {
    let _ = ZONE.set(zone);
}

impl Default for Clock {
    /// The system clock in the configured zone ([`set_zone`]), else [`DEFAULT_ZONE`].
    fn default() -> Self {
        Self::new(ZONE.get().copied().unwrap_or(DEFAULT_ZONE))
    }
}

impl Clock {
    /// The system clock, dates read in `zone`.
    pub fn new(zone: Tz) -> Self {
        Self { zone, fixed: None }
    }

    /// Always `at`, dates read in `zone`.
    pub fn fixed(zone: Tz, at: DateTime<Utc>) -> Self {
        Self {
            zone,
            fixed: Some(at),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now)
    }

    /// The calendar date in the federation's zone at this instant.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.zone).date_naive()
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }
}

tokio::task_local! {
    static TODAY: NaiveDate;
}

/// The date of the request being served (fixed when it began); outside a request (commands,
/// streamed bodies), the default clock's.
pub fn today() -> NaiveDate {
    TODAY
        .try_with(|d| *d)
        .unwrap_or_else(|_| Clock::default().today())
}

/// Reads the app's clock once and serves the request with that date.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let clock = req
        .app_data::<web::Data<Clock>>()
        .map_or_else(Clock::default, |c| *c.get_ref());
    TODAY.scope(clock.today(), next.call(req)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_date_is_montreals_not_utcs_around_midnight() {
        // 23:30 in Montréal (EST, UTC-5) is 04:30 the next day in UTC.
        let winter = Clock::fixed(DEFAULT_ZONE, at("2026-01-15T04:30:00Z"));
        assert_eq!(winter.today().to_string(), "2026-01-14");
        // 00:30 in Montréal is 05:30 UTC: both agree.
        let after = Clock::fixed(DEFAULT_ZONE, at("2026-01-15T05:30:00Z"));
        assert_eq!(after.today().to_string(), "2026-01-15");
        // Summer (EDT, UTC-4): 23:59 on July 1 is 03:59 UTC on July 2.
        let summer = Clock::fixed(DEFAULT_ZONE, at("2026-07-02T03:59:00Z"));
        assert_eq!(summer.today().to_string(), "2026-07-01");
        let utc = Clock::fixed(chrono_tz::UTC, at("2026-07-02T03:59:00Z"));
        assert_eq!(utc.today().to_string(), "2026-07-02");
    }

    #[test]
    fn the_system_clock_moves() {
        let clock = Clock::default();
        assert!(clock.fixed.is_none());
        let before = Utc::now();
        assert!(clock.now() >= before);
    }
}
