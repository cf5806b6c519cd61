//! Objectives of a plan, the measurements of their indicators, and the rule that says
//! whether an objective is on track.

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::fields::{self, Fields};
use super::plans::{Period, READ_ONLY, long_text};
use super::text::Line;
use super::{Invalid, text_enum};

text_enum! {
    /// Which way the indicator must move.
    pub enum Direction {
        Increase = "increase",
        Decrease = "decrease",
    }
}

text_enum! {
    /// Where an objective stands, as staff judge it.
    pub enum ObjectiveStatus {
        NotStarted = "not_started",
        InProgress = "in_progress",
        Achieved = "achieved",
        Abandoned = "abandoned",
    }
}

text_enum! {
    /// A built-in indicator computed from the API's own data instead of typed-in measurements.
    /// `member_cooperatives`: co-ops that were federation members on the day
    /// (`member_since` on or before it, and not yet `left_on`).
    pub enum IndicatorSource {
        MemberCooperatives = "member_cooperatives",
        /// Total members of the federation (see `GET /v1/stats/membership`).
        FederationMembers = "federation_members",
        /// Enrolments of co-ops in service agreements covering the day.
        ActiveEnrollments = "active_enrollments",
    }
}

text_enum! {
    /// How the latest value compares with the straight line from baseline to target.
    pub enum Tracking {
        OnTrack = "on_track",
        AtRisk = "at_risk",
        OffTrack = "off_track",
    }
}

/// Largest magnitude accepted for a value (keeps every value exact to the cent as a double).
pub const MAX_MAGNITUDE: f64 = 1e12;

pub fn number(v: &Value) -> Result<f64, Invalid> {
    match v.as_f64() {
        Some(x) if x.is_finite() && x.abs() <= MAX_MAGNITUDE => Ok(x),
        Some(_) => Err(Invalid::new("range", msg!("number-magnitude"))),
        None => Err(Invalid::new("type", msg!("number-expected"))),
    }
}

/// An objective: what is measured, from where to where, by when.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveProfile {
    pub code: String,
    pub title: Line<300>,
    pub description: Option<String>,
    pub owner: Option<Line<200>>,
    pub indicator: Line<300>,
    pub indicator_source: Option<IndicatorSource>,
    pub unit: Option<Line<50>>,
    pub direction: Direction,
    pub baseline_value: f64,
    pub baseline_date: NaiveDate,
    pub target_value: f64,
    pub target_date: NaiveDate,
    pub status: ObjectiveStatus,
}

pub const OBJECTIVE_WRITABLE: &[&str] = &[
    "code",
    "title",
    "description",
    "owner",
    "indicator",
    "indicator_source",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "status",
];

/// The numbers of a valid code, for ordering ("1.10" after "1.9").
pub fn code_key(code: &str) -> Vec<i32> {
    code.split('.').filter_map(|p| p.parse().ok()).collect()
}

/// "2.1" (orientation 2, objective 1), or "2.1.3" for a sub-objective.
pub fn objective_code(raw: &str) -> Result<String, Invalid> {
    let parts: Vec<&str> = raw.split('.').collect();
    // 1 or 2 digits without a leading zero ("0" alone is allowed after the first part).
    let number = |p: &&str| {
        (1..=2).contains(&p.len())
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p.len() == 1 || !p.starts_with('0'))
    };
    let ok = (2..=3).contains(&parts.len()) && parts.iter().all(number) && parts[0] != "0";
    if ok {
        Ok(raw.to_owned())
    } else {
        Err(Invalid::format(msg!("objective-code-format")))
    }
}

impl ObjectiveProfile {
    /// Parses an objective of a plan covering `period`; its dates must lie within it.
    pub fn from_json(map: Map<String, Value>, period: Period) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, OBJECTIVE_WRITABLE, READ_ONLY);
        let code = f.required("code", fields::string(objective_code));
        let title = f.required("title", fields::string(Line::parse));
        let description = f.optional("description", fields::string(long_text(4000)));
        let owner = f.optional("owner", fields::string(Line::parse));
        let indicator = f.required("indicator", fields::string(Line::parse));
        let source = f.optional("indicator_source", fields::string(IndicatorSource::parse));
        let unit = f.optional("unit", fields::string(Line::parse));
        let direction = f.required("direction", fields::string(Direction::parse));
        let baseline_value = f.required("baseline_value", number);
        let baseline_date = f.required("baseline_date", fields::date);
        let target_value = f.required("target_value", number);
        let target_date = f.required("target_date", fields::date);
        let status = f.optional("status", fields::string(ObjectiveStatus::parse));

        for (name, date) in [
            ("baseline_date", baseline_date),
            ("target_date", target_date),
        ] {
            if let Some(d) = date
                && !period.contains(d)
            {
                f.error(
                    name,
                    Invalid::new(
                        "outside_plan",
                        msg!(
                            "objective-outside-plan",
                            start = period.start.to_string(),
                            end = period.end.to_string()
                        ),
                    ),
                );
            }
        }
        if let (Some(b), Some(t)) = (baseline_date, target_date)
            && t <= b
        {
            f.error(
                "target_date",
                Invalid::new("date_order", msg!("must-be-after", other = "baseline_date")),
            );
        }
        if let (Some(dir), Some(b), Some(t)) = (direction, baseline_value, target_value) {
            let fits = match dir {
                Direction::Increase => t > b,
                Direction::Decrease => t < b,
            };
            if t == b {
                f.error(
                    "target_value",
                    Invalid::new("same_as_baseline", msg!("objective-same-as-baseline")),
                );
            } else if !fits {
                let message = if dir == Direction::Increase {
                    msg!("objective-target-above", direction = dir.to_string())
                } else {
                    msg!("objective-target-below", direction = dir.to_string())
                };
                f.error("target_value", Invalid::new("direction", message));
            }
        }

        if f.has_errors() {
            return Err(f.into_errors());
        }
        let (
            Some(code),
            Some(title),
            Ok(description),
            Ok(owner),
            Some(indicator),
            Ok(indicator_source),
            Ok(unit),
            Some(direction),
            Some(baseline_value),
            Some(baseline_date),
            Some(target_value),
            Some(target_date),
            Ok(status),
        ) = (
            code,
            title,
            description,
            owner,
            indicator,
            source,
            unit,
            direction,
            baseline_value,
            baseline_date,
            target_value,
            target_date,
            status,
        )
        else {
            unreachable!("an invalid field is always reported");
        };
        Ok(Self {
            code,
            title,
            description,
            owner,
            indicator,
            indicator_source,
            unit,
            direction,
            baseline_value,
            baseline_date,
            target_value,
            target_date,
            status: status.unwrap_or(ObjectiveStatus::NotStarted),
        })
    }
}

/// A measurement of an objective's indicator on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementProfile {
    pub as_of: NaiveDate,
    pub value: f64,
    pub comment: Option<String>,
    pub source: Option<Line<200>>,
}

pub const MEASUREMENT_WRITABLE: &[&str] = &["as_of", "value", "comment", "source"];

impl MeasurementProfile {
    /// `as_of` may be neither in the future nor before the objective's baseline date.
    pub fn from_json(
        map: Map<String, Value>,
        baseline_date: NaiveDate,
        today: NaiveDate,
    ) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, MEASUREMENT_WRITABLE, READ_ONLY);
        let as_of = f.required("as_of", fields::date);
        let value = f.required("value", number);
        let comment = f.optional("comment", fields::string(long_text(2000)));
        let source = f.optional("source", fields::string(Line::parse));
        match as_of {
            Some(d) if d > today => {
                f.error("as_of", Invalid::new("future_date", msg!("future-date")))
            }
            Some(d) if d < baseline_date => f.error(
                "as_of",
                Invalid::new(
                    "before_baseline",
                    msg!("before-baseline", baseline_date = baseline_date.to_string()),
                ),
            ),
            _ => {}
        }
        if f.has_errors() {
            return Err(f.into_errors());
        }
        let (Some(as_of), Some(value), Ok(comment), Ok(source)) = (as_of, value, comment, source)
        else {
            unreachable!("an invalid field is always reported");
        };
        Ok(Self {
            as_of,
            value,
            comment,
            source,
        })
    }
}

/// Points behind the straight line still counted as on track.
pub const ON_TRACK_MARGIN: i64 = 10;
/// Points behind the line still counted as at risk; beyond this an objective is off track.
pub const AT_RISK_MARGIN: i64 = 25;

/// Where an objective stands on a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// Share of the way from baseline to target, in percent (may be negative or over 100).
    pub percent_complete: f64,
    /// Share of the time from baseline date to target date elapsed on the day, in percent
    /// (0 up to the baseline date, 100 from the target date on).
    pub expected_percent: f64,
    pub tracking: Tracking,
}

/// Hundredths of a percent, so that comparisons at the thresholds are exact.
fn hundredths(ratio: f64) -> i64 {
    // Values are bounded (MAX_MAGNITUDE) and baselines differ from targets, but a ratio can
    // still be huge; saturating keeps it meaningful.
    (ratio * 10_000.0).round().clamp(-1e15, 1e15) as i64
}

/// The tracking rule. Progress is `(value - baseline) / (target - baseline)`, which already
/// accounts for the direction; the expected progress on `as_of` is the elapsed share of the
/// baseline-to-target time. Both are rounded to 0.01 point, then the shortfall
/// (expected - progress) is compared: at most 10 points is `on_track`, at most 25 `at_risk`,
/// more is `off_track`. Being ahead of the line is on track.
pub fn assess(
    baseline: (NaiveDate, f64),
    target: (NaiveDate, f64),
    latest: (NaiveDate, f64),
) -> Assessment {
    let ((b_date, b_value), (t_date, t_value), (as_of, value)) = (baseline, target, latest);
    let progress = hundredths((value - b_value) / (t_value - b_value));
    let expected = if as_of <= b_date {
        0
    } else if as_of >= t_date {
        10_000
    } else {
        let elapsed = (as_of - b_date).num_days() as f64;
        let total = (t_date - b_date).num_days() as f64;
        hundredths(elapsed / total)
    };
    let shortfall = expected - progress;
    let tracking = if shortfall <= ON_TRACK_MARGIN * 100 {
        Tracking::OnTrack
    } else if shortfall <= AT_RISK_MARGIN * 100 {
        Tracking::AtRisk
    } else {
        Tracking::OffTrack
    };
    Assessment {
        percent_complete: progress as f64 / 100.0,
        expected_percent: expected as f64 / 100.0,
        tracking,
    }
}

#[cfg(test)]
mod tests;
