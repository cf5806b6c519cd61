//! Progress of objectives: latest value, share of the way to the target, and tracking; and
//! counts of objectives by status and tracking. An objective's progress, a plan's summary and
//! the annual report are made of these.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::objectives::ObjectiveRow;
use crate::db::{self};
use crate::domain::FieldError;
use crate::domain::fields::Day;
use crate::domain::ids::ObjectiveId;
use crate::domain::objectives::{Direction, IndicatorSource, ObjectiveStatus, Tracking, assess};
use crate::error::ApiError;
use crate::i18n::msg;
use crate::routes::today;

/// The day progress is read for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AsOfParams {
    /// Read progress as it stood on this day (`YYYY-MM-DD`, not in the future; default today):
    /// only measurements up to that day count, computed indicators are evaluated on it.
    #[param(example = "2021-11-04", value_type = Option<NaiveDate>)]
    as_of: Option<String>,
}

impl AsOfParams {
    /// The requested day, or today; a malformed or future day is a 400.
    pub fn day(&self) -> Result<NaiveDate, ApiError> {
        let today = today();
        let Some(raw) = &self.as_of else {
            return Ok(today);
        };
        let bad =
            |code, message| ApiError::InvalidQuery(vec![FieldError::new("as_of", code, message)]);
        let day = Day::parse(raw).map_err(|e| bad(e.code, e.message))?.get();
        if day > today {
            return Err(bad("future", msg!("future-date")));
        }
        Ok(day)
    }
}

/// The progress of each objective as it stood on `today`, in the order given.
pub async fn progress_of(
    conn: &mut AsyncPgConnection,
    objectives: Vec<ObjectiveRow>,
    today: NaiveDate,
) -> Result<Vec<ObjectiveProgress>, ApiError> {
    let typed: Vec<ObjectiveId> = objectives
        .iter()
        .filter(|o| o.indicator_source.is_none())
        .map(|o| o.id)
        .collect();
    let mut measured: HashMap<ObjectiveId, Vec<Point>> = HashMap::new();
    for (id, as_of, value) in db::objectives::history(conn, &typed, today).await? {
        measured.entry(id).or_default().push(Point { as_of, value });
    }
    let mut out = Vec::with_capacity(objectives.len());
    for o in objectives {
        let (history, latest) = match o.indicator_source {
            None => {
                let history = measured.remove(&o.id).unwrap_or_default();
                let latest = history.last().copied();
                (history, latest)
            }
            Some(source) => {
                let history: Vec<Point> =
                    db::indicators::series(conn, source, o.baseline_date, today)
                        .await?
                        .into_iter()
                        .map(|(as_of, value)| Point { as_of, value })
                        .collect();
                // A computed value is known today, not only on the day it last changed.
                let latest = history.last().map(|p| Point {
                    as_of: today,
                    value: p.value,
                });
                (history, latest)
            }
        };
        let assessment = latest.map(|l| {
            assess(
                (o.baseline_date, o.baseline_value),
                (o.target_date, o.target_value),
                (l.as_of, l.value),
            )
        });
        out.push(ObjectiveProgress {
            objective_id: o.id,
            code: o.code,
            title: o.title,
            status: o.status,
            indicator: o.indicator,
            indicator_source: o.indicator_source,
            unit: o.unit,
            direction: o.direction,
            baseline: Point {
                as_of: o.baseline_date,
                value: o.baseline_value,
            },
            target: Point {
                as_of: o.target_date,
                value: o.target_value,
            },
            latest,
            percent_complete: assessment.map(|a| a.percent_complete),
            expected_percent: assessment.map(|a| a.expected_percent),
            tracking: assessment.map(|a| a.tracking),
            history,
        });
    }
    Ok(out)
}

/// A value of an indicator on a day.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct Point {
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub as_of: NaiveDate,
    pub value: f64,
}

/// Where an objective stands.
///
/// `percent_complete` = (latest − baseline) / (target − baseline) × 100, whatever the
/// direction. `expected_percent` = share of the time from `baseline.as_of` to `target.as_of`
/// elapsed on `latest.as_of` (0 up to the baseline date, 100 from the target date on). Both are
/// rounded to 0.01. The shortfall is `expected_percent − percent_complete`: up to 10 points is
/// `on_track`, up to 25 `at_risk`, more `off_track`; ahead of the line is `on_track`.
/// Without any value yet, `latest`, the percentages and `tracking` are null.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "objective_id": "01937a4c-7b20-7c3a-9d1b-2f4e6a8c0b1d",
    "code": "2.1",
    "title": "Accroître le nombre de coopératives membres",
    "status": "in_progress",
    "indicator": "Coopératives membres de la FQCS",
    "indicator_source": "member_cooperatives",
    "unit": "coopératives",
    "direction": "increase",
    "baseline": {"as_of": "2020-04-01", "value": 30.0},
    "target": {"as_of": "2023-03-31", "value": 40.0},
    "latest": {"as_of": "2021-10-01", "value": 35.0},
    "percent_complete": 50.0,
    "expected_percent": 50.09,
    "tracking": "on_track",
    "history": [{"as_of": "2020-04-01", "value": 30.0}, {"as_of": "2021-02-15", "value": 35.0}]
}))]
pub struct ObjectiveProgress {
    pub objective_id: ObjectiveId,
    pub code: String,
    pub title: String,
    pub status: ObjectiveStatus,
    pub indicator: String,
    pub indicator_source: Option<IndicatorSource>,
    pub unit: Option<String>,
    pub direction: Direction,
    pub baseline: Point,
    pub target: Point,
    /// The last measurement up to the day read (today, or `as_of`); for a computed
    /// indicator, its value on that day.
    pub latest: Option<Point>,
    pub percent_complete: Option<f64>,
    pub expected_percent: Option<f64>,
    pub tracking: Option<Tracking>,
    /// Every measurement up to the day read, oldest first; for a computed indicator, its
    /// value on the baseline date and on each day it changed since, up to the day read.
    pub history: Vec<Point>,
}

/// How many objectives have each status.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct StatusCounts {
    pub not_started: usize,
    pub in_progress: usize,
    pub achieved: usize,
    pub abandoned: usize,
}

/// How many objectives are on, near or off their line; `unmeasured` have no value yet.
/// Abandoned objectives are left out.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct TrackingCounts {
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    pub unmeasured: usize,
}

/// Counts over a set of objectives.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Counts {
    pub objectives: usize,
    pub by_status: StatusCounts,
    pub by_tracking: TrackingCounts,
}

impl Counts {
    pub fn add(&mut self, p: &ObjectiveProgress) {
        self.objectives += 1;
        let s = &mut self.by_status;
        *match p.status {
            ObjectiveStatus::NotStarted => &mut s.not_started,
            ObjectiveStatus::InProgress => &mut s.in_progress,
            ObjectiveStatus::Achieved => &mut s.achieved,
            ObjectiveStatus::Abandoned => &mut s.abandoned,
        } += 1;
        if p.status == ObjectiveStatus::Abandoned {
            return;
        }
        let t = &mut self.by_tracking;
        *match p.tracking {
            Some(Tracking::OnTrack) => &mut t.on_track,
            Some(Tracking::AtRisk) => &mut t.at_risk,
            Some(Tracking::OffTrack) => &mut t.off_track,
            None => &mut t.unmeasured,
        } += 1;
    }
}
