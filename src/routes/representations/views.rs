//! What clients send and receive for representations and their requests.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::representations::{RepresentationRow, RequestRow};
use crate::domain::ids::{RepresentationId, RequestId};
use crate::domain::patch::writable_part;
use crate::domain::representation::{RepresentationKind, WRITABLE};
use crate::routes::pagination::{Listed, Page};

/// A brief filed with, or a meeting held with, an authority.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0e01",
    "title": "Consultations prébudgétaires 2019-2020",
    "kind": "brief",
    "authority": "ministère des Finances",
    "consultation": "Consultations prébudgétaires 2019-2020",
    "filed_on": null,
    "held_on": null,
    "summary": "Demandes pour favoriser la pérennité des coopératives de santé.",
    "created_at": "2026-11-29T14:00:00Z",
    "updated_at": "2026-11-29T14:00:00Z",
    "version": 1
}))]
pub struct Representation {
    pub id: RepresentationId,
    /// Unique.
    pub title: String,
    pub kind: RepresentationKind,
    /// The ministry or body addressed.
    pub authority: String,
    pub consultation: Option<String>,
    /// When a brief was filed.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub filed_on: Option<NaiveDate>,
    /// When a meeting was held.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub held_on: Option<NaiveDate>,
    pub summary: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<RepresentationRow> for Representation {
    fn from(r: RepresentationRow) -> Self {
        Self {
            id: r.id,
            title: r.title,
            kind: r.kind,
            authority: r.authority,
            consultation: r.consultation,
            filed_on: r.filed_on,
            held_on: r.held_on,
            summary: r.summary,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

impl Representation {
    pub fn writable_json(&self) -> Map<String, Value> {
        writable_part(self, WRITABLE)
    }
}

/// A new representation.
#[derive(ToSchema)]
#[schema(example = json!({
    "title": "Mémoire sur le Plan d'action en économie sociale 2020-2025",
    "kind": "brief",
    "authority": "ministère de l'Économie et de l'Innovation",
    "consultation": "Plan d'action en économie sociale 2020-2025"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by RepresentationProfile"
)]
pub struct RepresentationInput {
    /// 1–300 characters, unique.
    #[schema(min_length = 1, max_length = 300)]
    title: String,
    kind: RepresentationKind,
    #[schema(min_length = 1, max_length = 300)]
    authority: String,
    #[schema(max_length = 300)]
    consultation: Option<String>,
    /// For a brief; not in the future.
    filed_on: Option<NaiveDate>,
    /// For a meeting; not in the future.
    held_on: Option<NaiveDate>,
    #[schema(max_length = 5000)]
    summary: Option<String>,
}

/// A JSON merge patch (RFC 7386) of a representation.
pub struct RepresentationPatch;

impl PartialSchema for RepresentationPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(RepresentationInput::schema(), "a representation", &[])
    }
}

impl ToSchema for RepresentationPatch {}

pub type RepresentationPage = Page<Representation>;

impl Listed for Representation {
    const PAGE: &'static str = "RepresentationPage";
    const PLURAL: &'static str = "representations";
}

/// A numbered request (or recommendation) of a representation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0e11",
    "representation_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0e01",
    "number": 1,
    "text": "Mise sur pied d'un crédit d'impôt remboursable pour la contribution annuelle des membres des coopératives de santé.",
    "outcome": null,
    "created_at": "2026-11-29T14:00:00Z",
    "updated_at": "2026-11-29T14:00:00Z",
    "version": 1
}))]
pub struct Request {
    pub id: RequestId,
    pub representation_id: RepresentationId,
    /// Unique per representation.
    pub number: i32,
    pub text: String,
    /// What came of it, once known.
    pub outcome: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<RequestRow> for Request {
    fn from(r: RequestRow) -> Self {
        Self {
            id: r.id,
            representation_id: r.representation_id,
            number: r.number,
            text: r.text,
            outcome: r.outcome,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A JSON merge patch (RFC 7386) of a request, e.g. its `outcome`.
pub struct RequestPatch;

impl PartialSchema for RequestPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            crate::domain::representation::RequestProfile::schema(),
            "a request",
            &[],
        )
    }
}

impl ToSchema for RequestPatch {}

/// A representation's requests, by number.
#[derive(Serialize, ToSchema)]
pub struct RequestList {
    pub items: Vec<Request>,
}
