//! What clients send and receive for objectives and their progress.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::objectives::ObjectiveRow;
use crate::domain::ids::{ObjectiveId, OrientationId};
use crate::domain::objectives::{Direction, IndicatorSource, ObjectiveStatus};
use crate::routes::pagination::{Listed, Page};

/// An objective of an orientation: an indicator to move from a baseline to a target by a date.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-7b20-7c3a-9d1b-2f4e6a8c0b1d",
    "orientation_id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d",
    "code": "2.1",
    "title": "Accroître le nombre de coopératives membres",
    "description": null,
    "owner": "Direction générale",
    "indicator": "Coopératives membres de la FQCS",
    "indicator_source": "member_cooperatives",
    "unit": "coopératives",
    "direction": "increase",
    "baseline_value": 30.0,
    "baseline_date": "2020-04-01",
    "target_value": 40.0,
    "target_date": "2023-03-31",
    "status": "in_progress",
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1
}))]
pub struct Objective {
    pub id: ObjectiveId,
    /// The orientation it belongs to.
    pub orientation_id: OrientationId,
    /// Unique within the orientation, e.g. "2.1".
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    /// Who answers for it (a person, a role or a committee).
    pub owner: Option<String>,
    /// What is measured.
    pub indicator: String,
    /// When set, values are computed from the register and measurements cannot be recorded.
    pub indicator_source: Option<IndicatorSource>,
    /// Unit of the values (`coopératives`, `$`, `%`, …).
    pub unit: Option<String>,
    pub direction: Direction,
    pub baseline_value: f64,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub baseline_date: NaiveDate,
    pub target_value: f64,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub target_date: NaiveDate,
    pub status: ObjectiveStatus,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

impl From<ObjectiveRow> for Objective {
    fn from(r: ObjectiveRow) -> Self {
        Self {
            id: r.id,
            orientation_id: r.orientation_id,
            code: r.code,
            title: r.title,
            description: r.description,
            owner: r.owner,
            indicator: r.indicator,
            indicator_source: r.indicator_source,
            unit: r.unit,
            direction: r.direction,
            baseline_value: r.baseline_value,
            baseline_date: r.baseline_date,
            target_value: r.target_value,
            target_date: r.target_date,
            status: r.status,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A new objective. Its dates must lie within the plan's period.
#[derive(ToSchema)]
#[schema(example = json!({
    "code": "2.1",
    "title": "Accroître le nombre de coopératives membres",
    "owner": "Direction générale",
    "indicator": "Coopératives membres de la FQCS",
    "indicator_source": "member_cooperatives",
    "unit": "coopératives",
    "direction": "increase",
    "baseline_value": 30,
    "baseline_date": "2020-04-01",
    "target_value": 40,
    "target_date": "2023-03-31"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by ObjectiveProfile"
)]
pub struct ObjectiveInput {
    /// `N.M` or `N.M.K` (numbers of 1–2 digits without leading zeros), unique within the
    /// orientation (409 if taken). Objectives are listed in the order of these numbers.
    #[schema(pattern = r"^[1-9][0-9]?(\.(0|[1-9][0-9]?)){1,2}$")]
    code: String,
    /// 1–300 characters, one line.
    #[schema(min_length = 1, max_length = 300)]
    title: String,
    /// Up to 4000 characters.
    description: Option<String>,
    /// 1–200 characters.
    owner: Option<String>,
    /// What is measured, 1–300 characters.
    indicator: String,
    /// A built-in source computing the indicator from the register; then measurements are
    /// refused (409) and progress uses the computed values.
    indicator_source: Option<IndicatorSource>,
    /// 1–50 characters.
    unit: Option<String>,
    /// `increase`: the target is above the baseline; `decrease`: below.
    direction: Direction,
    /// A number (at most 1e12 in magnitude).
    baseline_value: f64,
    /// Within the plan's period.
    baseline_date: NaiveDate,
    /// Differs from the baseline, on the side given by `direction`.
    target_value: f64,
    /// Within the plan's period, after `baseline_date`.
    target_date: NaiveDate,
    /// Defaults to `not_started`.
    status: Option<ObjectiveStatus>,
}

/// A JSON merge patch of an objective.
pub struct ObjectivePatch;

impl PartialSchema for ObjectivePatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::plan::shared::patch_schema(ObjectiveInput::schema(), "an objective")
    }
}

impl ToSchema for ObjectivePatch {}

/// One page of objectives.
pub type ObjectivePage = Page<Objective>;

impl Listed for Objective {
    const PAGE: &'static str = "ObjectivePage";
    const PLURAL: &'static str = "objectives";
}
