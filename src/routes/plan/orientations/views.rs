//! What clients send and receive for orientations.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::plans::OrientationRow;
use crate::domain::ids::{OrientationId, PlanId};
use crate::routes::pagination::{Listed, Page};

/// One of a plan's strategic orientations, numbered within the plan.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d",
    "plan_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
    "number": 2,
    "title": "Poursuivre le développement du membership",
    "description": null,
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1
}))]
pub struct Orientation {
    pub id: OrientationId,
    /// The plan it belongs to.
    pub plan_id: PlanId,
    /// Its number within the plan (1–99, unique in the plan).
    pub number: i32,
    pub title: String,
    pub description: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

impl From<OrientationRow> for Orientation {
    fn from(r: OrientationRow) -> Self {
        Self {
            id: r.id,
            plan_id: r.plan_id,
            number: r.number,
            title: r.title,
            description: r.description,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A new orientation.
#[derive(ToSchema)]
#[schema(example = json!({
    "number": 2,
    "title": "Poursuivre le développement du membership"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by OrientationProfile"
)]
pub struct OrientationInput {
    /// 1–99, unique within the plan (409 if taken). Defaults to one more than the highest.
    #[schema(minimum = 1, maximum = 99)]
    number: Option<i32>,
    /// 1–300 characters, one line.
    #[schema(min_length = 1, max_length = 300)]
    title: String,
    /// Up to 4000 characters.
    #[schema(max_length = 4000)]
    description: Option<String>,
}

/// A JSON merge patch of an orientation.
pub struct OrientationPatch;

impl PartialSchema for OrientationPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::plan::shared::patch_schema(OrientationInput::schema(), "an orientation")
    }
}

impl ToSchema for OrientationPatch {}

/// One page of orientations.
pub type OrientationPage = Page<Orientation>;

impl Listed for Orientation {
    const PAGE: &'static str = "OrientationPage";
    const PLURAL: &'static str = "orientations";
}
