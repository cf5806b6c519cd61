//! What clients send and receive for strategic plans.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::plans::PlanRow;
use crate::domain::ids::PlanId;
use crate::domain::plans::PlanStatus;
use crate::routes::pagination::{Listed, Page};

/// A strategic plan of the federation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
    "title": "Planification stratégique 2020-2023",
    "period_start": "2020-04-01",
    "period_end": "2023-03-31",
    "adopted_on": "2020-06-15",
    "status": "adopted",
    "mission": "La mission de la FQCS est de promouvoir, défendre et protéger les intérêts de l’ensemble des coopératives de santé…",
    "vision": null,
    "values": [],
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1
}))]
pub struct StrategicPlan {
    /// Identifier (UUID v7).
    pub id: PlanId,
    /// Unique among plans.
    pub title: String,
    /// First day the plan covers.
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub period_start: NaiveDate,
    /// Last day the plan covers (included).
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub period_end: NaiveDate,
    /// Day the plan was adopted; present exactly when `status` is not `draft`.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub adopted_on: Option<NaiveDate>,
    /// `draft` -> `adopted` -> `closed`, forward only. Adopted plans never overlap in time.
    pub status: PlanStatus,
    pub mission: Option<String>,
    pub vision: Option<String>,
    /// The plan's values, in order.
    pub values: Vec<String>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

impl From<PlanRow> for StrategicPlan {
    fn from(r: PlanRow) -> Self {
        Self {
            id: r.id,
            title: r.title,
            period_start: r.period_start,
            period_end: r.period_end,
            adopted_on: r.adopted_on,
            status: r.status,
            mission: r.mission,
            vision: r.vision,
            values: r.core_values,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A new strategic plan. Unknown fields are refused by name; text is trimmed and stored in NFC.
#[derive(ToSchema)]
#[schema(example = json!({
    "title": "Planification stratégique 2023-2026",
    "period_start": "2023-04-01",
    "period_end": "2026-03-31",
    "status": "draft",
    "mission": "Promouvoir, défendre et protéger les intérêts des coopératives de santé.",
    "values": ["Solidarité", "Proximité"]
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by PlanProfile"
)]
pub struct StrategicPlanInput {
    /// 1–200 characters, unique.
    #[schema(min_length = 1, max_length = 200)]
    title: String,
    period_start: NaiveDate,
    /// After `period_start`.
    period_end: NaiveDate,
    /// Required when `status` is `adopted` or `closed`, absent for `draft`; not in the future.
    adopted_on: Option<NaiveDate>,
    /// Defaults to `draft`. Moves forward only (`draft` -> `adopted` -> `closed`). An adopted
    /// plan whose period overlaps another adopted plan is refused with 409.
    status: Option<PlanStatus>,
    /// Up to 4000 characters, several lines allowed.
    #[schema(max_length = 4000)]
    mission: Option<String>,
    /// Up to 4000 characters, several lines allowed.
    #[schema(max_length = 4000)]
    vision: Option<String>,
    /// Up to 20 values, each one line of 1–100 characters, no duplicates.
    #[schema(max_items = 20)]
    values: Option<Vec<String>>,
}

/// A JSON merge patch of a strategic plan.
pub struct StrategicPlanPatch;

impl PartialSchema for StrategicPlanPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::plan::shared::patch_schema(StrategicPlanInput::schema(), "a strategic plan")
    }
}

impl ToSchema for StrategicPlanPatch {}

/// One page of strategic plans.
pub type StrategicPlanPage = Page<StrategicPlan>;

impl Listed for StrategicPlan {
    const PAGE: &'static str = "StrategicPlanPage";
    const PLURAL: &'static str = "strategic plans";
}
