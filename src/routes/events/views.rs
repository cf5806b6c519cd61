//! What clients send and receive for events, their participations and presentations.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::events::{EventRow, ParticipationRow, PresentationRow, TalliedEvent};
use crate::domain::event::{AttendanceSource, EventKind, attendance};
use crate::domain::ids::{
    CooperativeId, EventId, ParticipationId, PartnerId, PresentationId, ProjectId,
};
use crate::domain::patch::writable_part;
use crate::routes::pagination::{Listed, Page};

/// An event of the federation: a members' day, a national day, an AGM, a committee.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0c01",
    "title": "Journée santé des membres de la FQCS",
    "kind": "members_day",
    "starts_on": "2019-09-19",
    "ends_on": null,
    "municipality": "Drummondville",
    "description": "Rencontre des membres avec l'AGA de la FQCS, du réseautage et des conférences.",
    "reported_representatives": 17,
    "reported_cooperatives": 12,
    "approximate_representatives": null,
    "attendance_note": "17 représentants de 12 coopératives de santé",
    "attendance_source": "reported",
    "attendance_representatives": 17,
    "attendance_cooperatives": 12,
    "attendance_approximate": false,
    "created_at": "2026-11-29T14:00:00Z",
    "updated_at": "2026-11-29T14:00:00Z",
    "version": 1
}))]
pub struct Event {
    pub id: EventId,
    /// Unique per start date.
    pub title: String,
    pub kind: EventKind,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub starts_on: NaiveDate,
    /// Last day, for events over several days; not before `starts_on`.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub ends_on: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub description: Option<String>,
    /// An exact total of representatives a document reports without naming the co-ops.
    pub reported_representatives: Option<i32>,
    /// An exact number of co-ops a document reports without naming them.
    pub reported_cooperatives: Option<i32>,
    /// An estimated head count ("une quinzaine": 15); never set with
    /// `reported_representatives`.
    pub approximate_representatives: Option<i32>,
    /// The source's own words about attendance.
    pub attendance_note: Option<String>,
    /// Where the `attendance_*` figures come from: `participations` when any co-op's
    /// participation is recorded, else `reported` totals, else an `approximate` head count,
    /// else `unknown`. (In the change feed's state, participations are not counted: they are
    /// changes of their own.)
    pub attendance_source: AttendanceSource,
    /// Representatives who attended, per `attendance_source`.
    pub attendance_representatives: Option<i32>,
    /// Co-ops that attended, per `attendance_source`.
    pub attendance_cooperatives: Option<i32>,
    /// True when `attendance_representatives` is an estimate.
    pub attendance_approximate: bool,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<TalliedEvent> for Event {
    fn from((r, coops, reps): TalliedEvent) -> Self {
        let a = attendance(
            Some((coops, reps)),
            (r.reported_representatives, r.reported_cooperatives),
            r.approximate_representatives,
        );
        Self {
            id: r.id,
            title: r.title,
            kind: r.kind,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            municipality: r.municipality,
            description: r.description,
            reported_representatives: r.reported_representatives,
            reported_cooperatives: r.reported_cooperatives,
            approximate_representatives: r.approximate_representatives,
            attendance_note: r.attendance_note,
            attendance_source: a.source,
            attendance_representatives: a.representatives,
            attendance_cooperatives: a.cooperatives,
            attendance_approximate: a.approximate,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// The event from its row alone (the change feed's state): no participation is counted.
impl From<EventRow> for Event {
    fn from(r: EventRow) -> Self {
        Self::from((r, 0, 0))
    }
}

/// A JSON merge patch (RFC 7386) of an event.
pub struct EventPatch;

impl PartialSchema for EventPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            crate::domain::event::EventProfile::schema(),
            "an event",
            &[],
        )
    }
}

impl ToSchema for EventPatch {}

pub type EventPage = Page<Event>;

impl Listed for Event {
    const PAGE: &'static str = "EventPage";
    const PLURAL: &'static str = "events";
}

/// A co-op's attendance at an event.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0c11",
    "event_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0c01",
    "cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
    "representatives": 2,
    "created_at": "2026-11-29T14:00:00Z",
    "updated_at": "2026-11-29T14:00:00Z",
    "version": 1
}))]
pub struct Participation {
    pub id: ParticipationId,
    pub event_id: EventId,
    /// The co-op (never changes; once per event).
    pub cooperative_id: CooperativeId,
    /// How many of its representatives came.
    pub representatives: i32,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<ParticipationRow> for Participation {
    fn from(r: ParticipationRow) -> Self {
        Self {
            id: r.id,
            event_id: r.event_id,
            cooperative_id: r.cooperative_id,
            representatives: r.representatives,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

impl Participation {
    pub fn writable_json(&self) -> Map<String, Value> {
        writable_part(self, &crate::domain::event::PARTICIPATION_WRITABLE[1..])
    }
}

/// A co-op's participation to record.
#[derive(ToSchema)]
#[schema(example = json!({"cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d", "representatives": 2}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by NewParticipation"
)]
pub struct ParticipationInput {
    /// An existing co-op (422 otherwise); a co-op manager may name only its own.
    cooperative_id: CooperativeId,
    /// 1–1000.
    #[schema(minimum = 1, maximum = 1000)]
    representatives: i32,
}

/// A JSON merge patch (RFC 7386) of a participation.
pub struct ParticipationPatch;

impl PartialSchema for ParticipationPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            ParticipationInput::schema(),
            "a participation: its `representatives` only",
            &["cooperative_id"],
        )
    }
}

impl ToSchema for ParticipationPatch {}

pub type ParticipationPage = Page<Participation>;

impl Listed for Participation {
    const PAGE: &'static str = "ParticipationPage";
    const PLURAL: &'static str = "participations";
}

/// A talk given at an event.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0c21",
    "event_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0c02",
    "title": "Offre de services en assurance collective",
    "presenter_name": "Simon Jomphe",
    "presenter_role": "Directeur de comptes, SAGE",
    "partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1e",
    "project_id": null,
    "created_at": "2026-11-29T14:00:00Z",
    "updated_at": "2026-11-29T14:00:00Z",
    "version": 1
}))]
pub struct Presentation {
    pub id: PresentationId,
    pub event_id: EventId,
    /// Unique per event.
    pub title: String,
    pub presenter_name: Option<String>,
    pub presenter_role: Option<String>,
    /// The partner presenting, if any.
    pub partner_id: Option<PartnerId>,
    /// The federation's project presented, if any.
    pub project_id: Option<ProjectId>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<PresentationRow> for Presentation {
    fn from(r: PresentationRow) -> Self {
        Self {
            id: r.id,
            event_id: r.event_id,
            title: r.title,
            presenter_name: r.presenter_name,
            presenter_role: r.presenter_role,
            partner_id: r.partner_id,
            project_id: r.project_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A JSON merge patch (RFC 7386) of a presentation.
pub struct PresentationPatch;

impl PartialSchema for PresentationPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            crate::domain::event::PresentationProfile::schema(),
            "a presentation",
            &[],
        )
    }
}

impl ToSchema for PresentationPatch {}

pub type PresentationPage = Page<Presentation>;

impl Listed for Presentation {
    const PAGE: &'static str = "PresentationPage";
    const PLURAL: &'static str = "presentations";
}
