//! What clients send and receive for projects, their transitions and funders.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::projects::{FunderRow, ProjectRow, ProjectTransitionRow};
use crate::domain::ids::{
    ObjectiveId, OrientationId, PartnerId, ProjectFunderId, ProjectId, ProjectTransitionId,
};
use crate::domain::project::{ProjectKind, ProjectStatus};
use crate::routes::pagination::{Listed, Page};

/// A project or study of the federation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0d01",
    "title": "Développement des services de gériatrie sociale",
    "kind": "committee",
    "objective": "Implanter des pratiques en gériatrie sociale dans les coopératives de santé.",
    "context": null,
    "expected_outcomes": ["Bonifier l'offre de services des coopératives de santé"],
    "status": "paused",
    "started_on": "2020-01-09",
    "completed_on": null,
    "document_url": null,
    "orientation_ids": ["01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0a04"],
    "objective_ids": [],
    "public": true,
    "created_at": "2026-11-29T14:00:00Z",
    "updated_at": "2026-11-29T14:00:00Z",
    "version": 3
}))]
pub struct Project {
    pub id: ProjectId,
    /// Unique.
    pub title: String,
    pub kind: ProjectKind,
    pub objective: Option<String>,
    pub context: Option<String>,
    pub expected_outcomes: Vec<String>,
    /// The last transition's status (`planned` before any); it changes only through
    /// `POST /v1/projects/{id}/transitions`.
    pub status: ProjectStatus,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub started_on: Option<NaiveDate>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub completed_on: Option<NaiveDate>,
    /// Where the project's document is published.
    pub document_url: Option<String>,
    /// Orientations of the strategic plan the project serves.
    pub orientation_ids: Vec<OrientationId>,
    /// Objectives of the strategic plan the project serves.
    pub objective_ids: Vec<ObjectiveId>,
    /// Visible to co-op managers when true.
    pub public: bool,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<ProjectRow> for Project {
    fn from(r: ProjectRow) -> Self {
        Self {
            id: r.id,
            title: r.title,
            kind: r.kind,
            objective: r.objective,
            context: r.context,
            expected_outcomes: r.expected_outcomes,
            status: r.status,
            started_on: r.started_on,
            completed_on: r.completed_on,
            document_url: r.document_url,
            orientation_ids: r.orientation_ids,
            objective_ids: r.objective_ids,
            public: r.public,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A JSON merge patch (RFC 7386) of a project.
pub struct ProjectPatch;

impl PartialSchema for ProjectPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            crate::domain::project::ProjectProfile::schema(),
            "a project. Naming `status` is a 422: it changes only through transitions",
            &[],
        )
    }
}

impl ToSchema for ProjectPatch {}

pub type ProjectPage = Page<Project>;

impl Listed for Project {
    const PAGE: &'static str = "ProjectPage";
    const PLURAL: &'static str = "projects";
}

/// A recorded change of a project's status.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0d11",
    "project_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0d01",
    "from": "in_progress",
    "to": "paused",
    "reason": "Mis de côté temporairement en raison de la COVID-19",
    "effective_on": "2020-03-13",
    "recorded_by": "fqcs-admin",
    "recorded_at": "2026-11-29T14:00:00Z"
}))]
pub struct ProjectTransition {
    pub id: ProjectTransitionId,
    pub project_id: ProjectId,
    /// The status on `effective_on`, before the change.
    pub from: ProjectStatus,
    pub to: ProjectStatus,
    pub reason: String,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub effective_on: NaiveDate,
    /// The `sub` of the token that recorded it.
    pub recorded_by: String,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub recorded_at: DateTime<Utc>,
}

impl From<ProjectTransitionRow> for ProjectTransition {
    fn from(r: ProjectTransitionRow) -> Self {
        Self {
            id: r.id,
            project_id: r.project_id,
            from: r.from_status,
            to: r.to_status,
            reason: r.reason,
            effective_on: r.effective_on,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
        }
    }
}

/// A change of status to record.
#[derive(ToSchema)]
#[schema(example = json!({"to": "paused", "reason": "COVID-19", "effective_on": "2020-03-13"}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by TransitionRequest"
)]
pub struct ProjectTransitionInput {
    /// planned → in_progress ⇄ paused; in_progress → completed; planned, in_progress or
    /// paused → abandoned.
    to: ProjectStatus,
    /// Why, 1–2000 characters.
    #[schema(min_length = 1, max_length = 2000)]
    reason: String,
    /// Defaults to today; not before the previous transition, nor in the future.
    effective_on: Option<NaiveDate>,
}

/// A project's history, oldest first.
#[derive(Serialize, ToSchema)]
pub struct ProjectTransitionList {
    pub items: Vec<ProjectTransition>,
}

/// A partner funding a project.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0d21",
    "project_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0d01",
    "partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b30",
    "amount": null,
    "created_at": "2026-11-29T14:00:00Z",
    "updated_at": "2026-11-29T14:00:00Z",
    "version": 1
}))]
pub struct Funder {
    pub id: ProjectFunderId,
    pub project_id: ProjectId,
    /// A partner of kind `funder`.
    pub partner_id: PartnerId,
    /// In whole Canadian dollars; null when not known.
    pub amount: Option<i32>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<FunderRow> for Funder {
    fn from(r: FunderRow) -> Self {
        Self {
            id: r.id,
            project_id: r.project_id,
            partner_id: r.partner_id,
            amount: r.amount,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A project's funders.
#[derive(Serialize, ToSchema)]
pub struct FunderList {
    pub items: Vec<Funder>,
}
