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
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
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

/// Bookkeeping and derived columns (sort and search keys): not changes of their own. The
/// change log's trigger (`record_changes`) leaves the same out of an update's diff.
const NOT_CHANGES: [&str; 8] = [
    "id",
    "version",
    "created_at",
    "updated_at",
    "last_used_at",
    "search_text",
    "sort_name",
    "code_key",
];

impl From<ChangeRow> for AuditEvent {
    fn from(row: ChangeRow) -> Self {
        let id = row.place().to_string();
        let changes = match (row.action, row.changed, row.state) {
            // The change log records no diff for a creation: its fields are its state.
            (ChangeAction::Created, Value::Object(diff), Some(Value::Object(state)))
                if diff.is_empty() =>
            {
                state
                    .into_iter()
                    .filter(|(field, value)| {
                        !value.is_null() && !NOT_CHANGES.contains(&field.as_str())
                    })
                    .map(|(field, new)| FieldChange {
                        field,
                        old: Value::Null,
                        new,
                    })
                    .collect()
            }
            (_, Value::Object(fields), _) => fields
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(action: ChangeAction, changed: Value, state: Option<Value>) -> ChangeRow {
        ChangeRow {
            sequence: 1,
            position: 1,
            at: Utc::now(),
            actor: "someone".into(),
            actor_role: "admin".into(),
            request_id: None,
            resource_type: ResourceType::Cooperative,
            resource_id: Uuid::nil(),
            action,
            changed,
            state,
        }
    }

    fn fields(event: &AuditEvent) -> Vec<(&str, &Value, &Value)> {
        event
            .changes
            .iter()
            .map(|c| (c.field.as_str(), &c.old, &c.new))
            .collect()
    }

    #[test]
    fn a_creation_shows_its_set_fields_from_its_state_as_before() {
        let state = json!({"id": "x", "name": "Coop", "note": null, "version": 1,
                           "sort_name": "coop", "created_at": "t", "region": "06"});
        let now = AuditEvent::from(row(ChangeAction::Created, json!({}), Some(state)));
        // As the database recorded creations before: the same fields, old null.
        let before = AuditEvent::from(row(
            ChangeAction::Created,
            json!({"name": {"old": null, "new": "Coop"}, "region": {"old": null, "new": "06"}}),
            None,
        ));
        assert_eq!(fields(&now), fields(&before));
        assert_eq!(
            fields(&now),
            [
                ("name", &Value::Null, &json!("Coop")),
                ("region", &Value::Null, &json!("06"))
            ]
        );
    }

    #[test]
    fn an_update_shows_its_diff_not_its_state() {
        let event = AuditEvent::from(row(
            ChangeAction::Updated,
            json!({"phone": {"old": "1", "new": "2"}}),
            Some(json!({"phone": "2", "name": "Coop"})),
        ));
        assert_eq!(fields(&event), [("phone", &json!("1"), &json!("2"))]);
    }
}
