//! What the audit trail shows of a change.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::changes::ChangeRow;
use crate::domain::change::{ChangeAction, ResourceType};
use crate::routes::pagination::{Listed, Page};

/// One write to one resource: who made it, when, and the fields it changed.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "1042.88310",
    "at": "2026-11-27T14:03:12.482Z",
    "actor": "01937a4c-9d40-7c3a-9d1b-2f4e6a8c0b1d",
    "actor_role": "coop_manager",
    "request_id": "01937a4d-1b2c-7d3e-8f40-516273849abc",
    "resource_type": "cooperative",
    "resource_id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d",
    "action": "updated",
    "changes": [{"field": "phone", "old": "418 555-0199", "new": "418 555-0100"}]
}))]
pub struct AuditEvent {
    /// The change's place in commit order (`commit.position`); later changes sort after.
    pub id: String,
    /// When the writing transaction started.
    pub at: DateTime<Utc>,
    /// Who wrote: an API client's id, a development token's subject, or a command of the
    /// binary (`cli`, `seed`).
    pub actor: String,
    /// The actor's role at the time.
    pub actor_role: String,
    /// The `X-Request-Id` of the request that wrote (none for commands).
    pub request_id: Option<String>,
    pub resource_type: ResourceType,
    pub resource_id: Uuid,
    pub action: ChangeAction,
    /// Every field the write changed, with its old and new values (`old` is null on
    /// creation, `new` on deletion). Secrets are never recorded.
    pub changes: Vec<FieldChange>,
}

/// One field's old and new value.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

impl From<ChangeRow> for AuditEvent {
    fn from(row: ChangeRow) -> Self {
        let id = row.place().to_string();
        let changes = match row.changed {
            Value::Object(fields) => fields
                .into_iter()
                .map(|(field, mut pair)| {
                    let mut take = |k: &str| pair.get_mut(k).map(Value::take).unwrap_or_default();
                    FieldChange {
                        old: take("old"),
                        new: take("new"),
                        field,
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        AuditEvent {
            id,
            at: row.at,
            actor: row.actor,
            actor_role: row.actor_role,
            request_id: row.request_id,
            resource_type: row.resource_type,
            resource_id: row.resource_id,
            action: row.action,
            changes,
        }
    }
}

impl Listed for AuditEvent {
    const PAGE: &'static str = "AuditEventPage";
    const PLURAL: &'static str = "audit events";
}

pub type AuditEventPage = Page<AuditEvent>;
