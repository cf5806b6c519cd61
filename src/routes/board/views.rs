//! What clients send and receive for board terms.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::board::BoardTermRow;
use crate::domain::board::Office;
use crate::domain::ids::{BoardTermId, CooperativeId};
use crate::routes::pagination::{Listed, Page};

/// A term on the federation's board: a name and an office (no other personal data).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0f01",
    "person_name": "Chantal Dubuc",
    "office": "president",
    "cooperative_id": null,
    "from": null,
    "until": null,
    "public": true,
    "created_at": "2026-11-29T14:00:00Z",
    "updated_at": "2026-11-29T14:00:00Z",
    "version": 1
}))]
pub struct BoardTerm {
    pub id: BoardTermId,
    pub person_name: String,
    pub office: Office,
    /// The co-op the person comes from, when known.
    pub cooperative_id: Option<CooperativeId>,
    /// First day in office; null when not recorded.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub from: Option<NaiveDate>,
    /// Last day in office; null while in office or when not recorded.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub until: Option<NaiveDate>,
    /// Readable by co-op managers and partners when true.
    pub public: bool,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<BoardTermRow> for BoardTerm {
    fn from(r: BoardTermRow) -> Self {
        Self {
            id: r.id,
            person_name: r.person_name,
            office: r.office,
            cooperative_id: r.cooperative_id,
            from: r.from_on,
            until: r.until_on,
            public: r.public,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A JSON merge patch (RFC 7386) of a board term.
pub struct BoardTermPatch;

impl PartialSchema for BoardTermPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            crate::domain::board::BoardTermProfile::schema(),
            "a board term",
            &[],
        )
    }
}

impl ToSchema for BoardTermPatch {}

pub type BoardTermPage = Page<BoardTerm>;

impl Listed for BoardTerm {
    const PAGE: &'static str = "BoardTermPage";
    const PLURAL: &'static str = "board terms";
}
