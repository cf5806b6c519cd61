//! What clients send and receive for measurements.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::objectives::MeasurementRow;
use crate::domain::ids::{MeasurementId, ObjectiveId};
use crate::routes::pagination::{Listed, Page};

/// A measurement of an objective's indicator.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-8c30-7c3a-9d1b-2f4e6a8c0b1d",
    "objective_id": "01937a4c-7b20-7c3a-9d1b-2f4e6a8c0b1d",
    "as_of": "2021-03-31",
    "value": 12500.0,
    "comment": "Revenus autonomes de l'exercice 2020-2021",
    "source": "États financiers 2020-2021",
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1
}))]
pub struct Measurement {
    pub id: MeasurementId,
    pub objective_id: ObjectiveId,
    /// The day the value was true; one measurement per objective and day.
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub as_of: NaiveDate,
    pub value: f64,
    pub comment: Option<String>,
    /// Where the value comes from (a report, a survey, …).
    pub source: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

impl From<MeasurementRow> for Measurement {
    fn from(r: MeasurementRow) -> Self {
        Self {
            id: r.id,
            objective_id: r.objective_id,
            as_of: r.as_of,
            value: r.value,
            comment: r.comment,
            source: r.source,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A new measurement.
#[derive(ToSchema)]
#[schema(example = json!({
    "as_of": "2021-03-31",
    "value": 12500,
    "comment": "Revenus autonomes de l'exercice 2020-2021",
    "source": "États financiers 2020-2021"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by MeasurementProfile"
)]
pub struct MeasurementInput {
    /// Not in the future, not before the objective's `baseline_date`; unique per objective
    /// (409 if the day already has a measurement).
    as_of: NaiveDate,
    /// A number (at most 1e12 in magnitude).
    value: f64,
    /// Up to 2000 characters.
    comment: Option<String>,
    /// 1–200 characters.
    source: Option<String>,
}

/// A JSON merge patch of a measurement.
pub struct MeasurementPatch;

impl PartialSchema for MeasurementPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::plan::shared::patch_schema(MeasurementInput::schema(), "a measurement")
    }
}

impl ToSchema for MeasurementPatch {}

/// One page of measurements.
pub type MeasurementPage = Page<Measurement>;

impl Listed for Measurement {
    const PAGE: &'static str = "MeasurementPage";
    const PLURAL: &'static str = "measurements";
}
