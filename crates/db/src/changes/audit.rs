//! The audit trail: recorded changes, newest first, filtered by resource, actor, action and
//! time.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::ChangeRow;
use crate::domain::change::{ChangeAction, ResourceType};
use crate::keyset;
use crate::list::{ListConn, LoadList};
use crate::position::Position;
use crate::schema::{change_commits, changes};

/// What the audit trail may be filtered by.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub resource_type: Option<ResourceType>,
    pub resource_id: Option<Uuid>,
    pub actor: Option<String>,
    pub action: Option<ChangeAction>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Recorded changes, newest first, before `before` (a previous page's last).
pub async fn list(
    conn: &ListConn<'_>,
    filter: &AuditFilter,
    before: Option<Position>,
    limit: i64,
) -> QueryResult<Vec<ChangeRow>> {
    let mut q = changes::table
        .inner_join(change_commits::table.on(change_commits::tx.eq(changes::tx)))
        .select(ChangeRow::as_select())
        .into_boxed();
    if let Some(t) = filter.resource_type {
        q = q.filter(changes::resource_type.eq(t.as_str()));
    }
    if let Some(id) = filter.resource_id {
        q = q.filter(changes::resource_id.eq(id));
    }
    if let Some(actor) = &filter.actor {
        q = q.filter(changes::actor.eq(actor.clone()));
    }
    if let Some(action) = filter.action {
        q = q.filter(changes::action.eq(action.as_str()));
    }
    if let Some(from) = filter.from {
        q = q.filter(changes::at.ge(from));
    }
    if let Some(to) = filter.to {
        q = q.filter(changes::at.lt(to));
    }
    if let Some(b) = before {
        // As in the feed (`feed::read`): the bound on the commit number is the one an index can use.
        q = q
            .filter(change_commits::sequence.le(b.sequence))
            .filter(keyset::before(
                (change_commits::sequence, changes::position),
                (b.sequence, b.position),
            ));
    }
    q.order((change_commits::sequence.desc(), changes::position.desc()))
        .limit(limit)
        .load_list(conn)
        .await
}
