//! What the change feed shows of a change.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::change::{ChangeAction, ResourceType};

/// One change to one resource, in commit order (an item of the change feed).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "position": "1042.88310",
    "resource_type": "cooperative",
    "resource_id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d",
    "action": "updated",
    "at": "2026-11-27T14:03:12.482Z",
    "state": {"id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d", "name": "Coopérative de santé (exemple)", "version": 4}
}))]
pub struct FeedChange {
    /// Where the change sits in the feed (`commit.position`): pass the last one you
    /// processed as `after` to continue.
    pub position: String,
    pub resource_type: ResourceType,
    pub resource_id: Uuid,
    pub action: ChangeAction,
    /// When the writing transaction started.
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub at: DateTime<Utc>,
    /// The resource as `GET` on it returned it just after this change (the same schema);
    /// null for a deletion.
    pub state: Option<Value>,
}

/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangePage {
    pub items: Vec<FeedChange>,
    /// Pass as `after` in the next poll. Never null: when there is nothing new it is the
    /// position you sent (or, from the start, the current end of the feed), so a consumer
    /// can keep polling with it.
    pub next_cursor: String,
}
