//! What clients send and receive for enrolments.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::enrollments::EnrollmentRow;
use crate::domain::enrollment::WRITABLE;
use crate::domain::ids::{AgreementId, CooperativeId, EnrollmentId};
use crate::domain::patch::writable_part;
use crate::routes::pagination::{Listed, Page};

/// A co-op's enrolment in a service agreement.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b4d",
    "agreement_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b2a",
    "cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
    "starts_on": "2020-05-01",
    "ends_on": null,
    "people_covered": 1850,
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1
}))]
pub struct Enrollment {
    /// Identifier (UUID v7).
    pub id: EnrollmentId,
    pub agreement_id: AgreementId,
    pub cooperative_id: CooperativeId,
    /// First day covered.
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub starts_on: NaiveDate,
    /// Last day covered (inclusive); null while open-ended.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub ends_on: Option<NaiveDate>,
    /// How many people the enrolment covers, when known.
    pub people_covered: Option<i32>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

impl From<EnrollmentRow> for Enrollment {
    fn from(r: EnrollmentRow) -> Self {
        Self {
            id: r.id,
            agreement_id: r.agreement_id,
            cooperative_id: r.cooperative_id,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            people_covered: r.people_covered,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

impl Enrollment {
    /// The fields a merge patch applies to (`cooperative_id` excluded: it never changes).
    pub fn writable_json(&self) -> Map<String, Value> {
        writable_part(self, &WRITABLE[1..])
    }
}

/// A new enrolment in the agreement of the path.
#[derive(ToSchema)]
#[schema(example = json!({
    "cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
    "starts_on": "2020-05-01",
    "people_covered": 1850
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by NewEnrollment"
)]
pub struct EnrollmentInput {
    /// A member co-op (422 if unknown, 409 if not a member). Cannot be changed afterwards.
    cooperative_id: CooperativeId,
    /// First day covered: not before the co-op joined the federation nor before the
    /// agreement starts, not after it ends.
    starts_on: NaiveDate,
    /// Last day covered (inclusive), not before `starts_on` nor after the agreement ends.
    /// Two enrolments of a co-op in an agreement may not overlap (409).
    ends_on: Option<NaiveDate>,
    /// 0–1 000 000.
    #[schema(minimum = 0, maximum = 1_000_000)]
    people_covered: Option<i32>,
}

/// A JSON merge patch (RFC 7386) of an enrolment.
pub struct EnrollmentPatch;

impl PartialSchema for EnrollmentPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            EnrollmentInput::schema(),
            "an enrolment: `starts_on`, `ends_on`, `people_covered`",
            &["cooperative_id"],
        )
    }
}

impl ToSchema for EnrollmentPatch {}

/// One page of enrolments.
pub type EnrollmentPage = Page<Enrollment>;

impl Listed for Enrollment {
    const PAGE: &'static str = "EnrollmentPage";
    const PLURAL: &'static str = "enrolments";
}
