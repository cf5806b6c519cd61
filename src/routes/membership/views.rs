//! What clients send and receive for membership counts.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::membership::CountRow;
use crate::domain::ids::{CooperativeId, MembershipCountId};
use crate::domain::membership::CountSource;
use crate::routes::pagination::{Listed, Page};

/// A co-op's membership at a date.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-6a00-7c3a-9d1b-2f4e6a8c0b1d",
    "cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
    "as_of": "2020-06-30",
    "users": 2140,
    "workers": 18,
    "supporting": 35,
    "total": 2193,
    "source": "annual_report",
    "note": "Rapport annuel 2019-2020",
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1
}))]
pub struct MembershipCount {
    pub id: MembershipCountId,
    pub cooperative_id: CooperativeId,
    /// The date the count describes (one count per co-op and date).
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub as_of: NaiveDate,
    /// Membres utilisateurs.
    pub users: i32,
    /// Membres travailleurs.
    pub workers: i32,
    /// Membres de soutien.
    pub supporting: i32,
    /// users + workers + supporting.
    pub total: i32,
    pub source: CountSource,
    pub note: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

impl From<CountRow> for MembershipCount {
    fn from(r: CountRow) -> Self {
        Self {
            id: r.id,
            cooperative_id: r.cooperative_id,
            as_of: r.as_of,
            users: r.users,
            workers: r.workers,
            supporting: r.supporting,
            total: r.total,
            source: r.source,
            note: r.note,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A count to record. Categories default to 0; their total must be positive; a consumer
/// co-op has users only; the date may be neither in the future nor before the co-op was
/// founded.
#[derive(ToSchema)]
#[schema(example = json!({
    "as_of": "2020-06-30", "users": 2140, "workers": 18, "supporting": 35,
    "source": "annual_report", "note": "Rapport annuel 2019-2020"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by domain::membership"
)]
pub struct MembershipCountInput {
    as_of: NaiveDate,
    #[schema(minimum = 0, maximum = 10_000_000)]
    users: Option<i32>,
    #[schema(minimum = 0, maximum = 10_000_000)]
    workers: Option<i32>,
    #[schema(minimum = 0, maximum = 10_000_000)]
    supporting: Option<i32>,
    source: CountSource,
    #[schema(max_length = 2000)]
    note: Option<String>,
}

/// The count for the date in the path: `as_of` may be omitted (or must equal the path's).
pub struct MembershipCountReplacement;

impl PartialSchema for MembershipCountReplacement {
    fn schema() -> RefOr<Schema> {
        let mut schema = MembershipCountInput::schema();
        if let RefOr::T(Schema::Object(object)) = &mut schema {
            object.required.retain(|f| f != "as_of");
            object.description =
                Some("The count for the date in the path; `as_of` may be omitted.".to_owned());
            object.example = Some(serde_json::json!({
                "users": 2140, "workers": 18, "supporting": 35, "source": "agm"
            }));
        }
        schema
    }
}

impl ToSchema for MembershipCountReplacement {}

/// One page of counts.
pub type MembershipCountPage = Page<MembershipCount>;

impl Listed for MembershipCount {
    const PAGE: &'static str = "MembershipCountPage";
    const PLURAL: &'static str = "counts";
}

/// Many counts at once, for any co-ops.
#[derive(ToSchema)]
#[schema(example = json!({"items": [
    {"cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d", "as_of": "2020-06-30",
     "users": 2140, "workers": 18, "supporting": 35, "source": "annual_report"}
]}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by domain::membership"
)]
pub struct MembershipCountBatch {
    /// 1 to 10,000 counts; (cooperative_id, as_of) may appear once.
    #[schema(min_items = 1, max_items = 10_000)]
    items: Vec<MembershipCountBatchItem>,
}

#[derive(ToSchema)]
#[expect(dead_code, reason = "documents the request")]
pub struct MembershipCountBatchItem {
    cooperative_id: CooperativeId,
    as_of: NaiveDate,
    users: Option<i32>,
    workers: Option<i32>,
    supporting: Option<i32>,
    source: CountSource,
    note: Option<String>,
}

/// The outcome of a batch.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"written": 3}))]
pub struct BatchOutcome {
    /// Counts created or replaced.
    #[schema(example = 1)]
    pub written: usize,
}
