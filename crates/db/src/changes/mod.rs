//! The `changes` table: every write to a resource, recorded by triggers in the writing
//! transaction (see the migration). One table serves the audit trail (who changed which
//! fields, old and new) and the change feed (each change's new state, in commit order).
//!
//! Writes go through [`write`], which names the actor for the triggers; a write without an
//! actor is refused by the database, so no write path can skip the record. The reads are
//! one module each: the feed, the audit trail, snapshots (reads that line up with the feed)
//! and purging old changes.

pub mod audit;
pub mod feed;
pub mod purge;
pub mod snapshot;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, TransactionManager};
use uuid::Uuid;

use super::position::Position;
use super::schema::{change_commits, changes};
use crate::domain::change::{ChangeAction, ResourceType};

/// Who makes a write: recorded with every change it causes.
#[derive(Debug, Clone)]
pub struct Actor {
    /// An API client's id, a development token's subject, or a command (`cli`, `seed`).
    pub id: String,
    pub role: String,
    pub request_id: Option<String>,
}

impl Actor {
    /// Writes made by a command of the binary (seeding, `clients create`).
    pub fn command(name: &str) -> Self {
        Actor {
            id: name.to_owned(),
            role: "admin".to_owned(),
            request_id: None,
        }
    }
}

/// The connection's transaction manager, driven by hand where diesel-async's `transaction`
/// cannot serve (its callback's bounds cannot be named outside it).
type Tm = <AsyncPgConnection as AsyncConnection>::TransactionManager;

/// Runs `f` in a transaction whose changes are recorded as made by `actor`: committed with
/// it when `f` succeeds, rolled back (with them) when it fails.
pub async fn write<T, E>(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    f: impl AsyncFnOnce(&mut AsyncPgConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    // As `AsyncConnection::transaction`, with the actor set first.
    Tm::begin_transaction(conn).await?;
    let result = match act_as(conn, actor).await {
        Ok(()) => f(&mut *conn).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(value) => {
            Tm::commit_transaction(conn).await?;
            Ok(value)
        }
        Err(error) => match Tm::rollback_transaction(conn).await {
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(error),
            Err(rollback) => Err(rollback.into()),
        },
    }
}

/// Names the actor for the rest of the current transaction.
async fn act_as(conn: &mut AsyncPgConnection, actor: &Actor) -> QueryResult<()> {
    diesel::sql_query(
        "SELECT set_config('coopsante.actor', $1, true), \
                set_config('coopsante.actor_role', $2, true), \
                set_config('coopsante.request_id', $3, true)",
    )
    .bind::<Text, _>(&actor.id)
    .bind::<Text, _>(&actor.role)
    .bind::<Text, _>(actor.request_id.as_deref().unwrap_or(""))
    .execute(conn)
    .await
    .map(drop)
}

/// One recorded change, with its commit number (read through the join with
/// `change_commits`).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = changes, check_for_backend(diesel::pg::Pg))]
pub struct ChangeRow {
    #[diesel(select_expression = change_commits::sequence)]
    #[diesel(select_expression_type = change_commits::sequence)]
    pub sequence: i64,
    pub position: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub actor_role: String,
    pub request_id: Option<String>,
    pub resource_type: ResourceType,
    pub resource_id: Uuid,
    pub action: ChangeAction,
    pub changed: serde_json::Value,
    pub state: Option<serde_json::Value>,
}

impl ChangeRow {
    pub fn place(&self) -> Position {
        Position {
            sequence: self.sequence,
            position: self.position,
        }
    }
}
