//! The `changes` table: every write to a resource, recorded by triggers in the writing
//! transaction (see the migration). One table serves the audit trail (who changed which
//! fields, old and new) and the change feed (each change's new state, in commit order).
//!
//! Writes go through [`write`], which names the actor for the triggers; a write without an
//! actor is refused by the database, so no write path can skip the record.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use diesel::connection::TransactionDepthChange;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{
    AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection, TransactionManager,
};
use uuid::Uuid;

use super::keyset;
use super::list::{ListConn, LoadList};
use super::schema::{change_clock, change_commits, changes};
use crate::domain::api_client::Binding;
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
    // As `AsyncConnection::transaction`, whose callback bounds cannot be named outside
    // diesel-async, with the actor set first.
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

/// A read-only transaction whose one snapshot every read sees.
const SNAPSHOT: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// Starts a read-only transaction whose one snapshot every later read sees, and returns the
/// feed position of that snapshot: following the feed from it yields exactly the changes the
/// reads miss. End it with [`end_snapshot`]; a connection dropped before is discarded by the
/// pool (it is in a transaction), never reused.
pub async fn begin_snapshot(conn: &mut AsyncPgConnection) -> QueryResult<Position> {
    Tm::begin_transaction_sql(conn, SNAPSHOT).await?;
    match head(conn).await {
        Ok(position) => Ok(position),
        Err(e) => {
            let _ = Tm::rollback_transaction(conn).await;
            Err(e)
        }
    }
}

pub async fn end_snapshot(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    Tm::commit_transaction(conn).await
}

/// Runs the reads of `f` in one snapshot; returns what they read and the snapshot's feed
/// position (see [`begin_snapshot`]).
pub async fn snapshot<T, E>(
    conn: &mut AsyncPgConnection,
    f: impl AsyncFnOnce(&mut AsyncPgConnection) -> Result<T, E>,
) -> Result<(T, Position), E>
where
    E: From<diesel::result::Error>,
{
    let position = begin_snapshot(conn).await?;
    match f(&mut *conn).await {
        Ok(value) => {
            end_snapshot(conn).await?;
            Ok((value, position))
        }
        Err(error) => {
            let _ = Tm::rollback_transaction(conn).await;
            Err(error)
        }
    }
}

/// [`snapshot`] for reads that share the connection, in fewer round trips: BEGIN, the head
/// and the reads go out together (pipelined) and PostgreSQL answers them in order; COMMIT
/// follows once every answer is in, so it cannot overtake a read still being prepared. A
/// first page thus costs two round trips instead of four.
pub async fn pipelined_snapshot<T, E>(
    conn: &mut AsyncPgConnection,
    read: impl AsyncFnOnce(&AsyncPgConnection) -> Result<T, E>,
) -> Result<(T, Position), E>
where
    E: From<diesel::result::Error>,
{
    // Counted as open before anything is sent: if this future is dropped midway, the pool
    // finds the connection inside a transaction and discards it.
    Tm::transaction_manager_status_mut(conn)
        .transaction_state()?
        .change_transaction_depth(TransactionDepthChange::IncreaseDepth)?;
    let shared: &AsyncPgConnection = conn;
    // `join3` polls in order, and each first poll sends its statement: BEGIN leaves first.
    let (begun, position, value) = futures_util::future::join3(
        async {
            let mut c = shared;
            c.batch_execute(SNAPSHOT).await
        },
        head(shared),
        read(shared),
    )
    .await;
    let outcome = begun
        .and(position)
        .map_err(E::from)
        .and_then(|position| value.map(|value| (value, position)));
    match outcome {
        Ok(done) => {
            Tm::commit_transaction(conn).await?;
            Ok(done)
        }
        Err(error) => {
            let _ = Tm::rollback_transaction(conn).await;
            Err(error)
        }
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

/// A change's place in commit order: its transaction's commit number, then its own
/// position within the transaction. Written `sequence.position` in cursors.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Position {
    pub sequence: i64,
    pub position: i64,
}

impl Position {
    /// Before every change.
    pub const START: Position = Position {
        sequence: 0,
        position: 0,
    };
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.sequence, self.position)
    }
}

impl FromStr for Position {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let (sequence, position) = s.split_once('.').ok_or(())?;
        let number = |t: &str| -> Result<i64, ()> {
            if t.is_empty() || t.len() > 18 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(());
            }
            t.parse().map_err(drop)
        };
        Ok(Position {
            sequence: number(sequence)?,
            position: number(position)?,
        })
    }
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

/// Committed changes after `after` in commit order, of the given types, that `audience` may
/// see. Every change committed before this statement started and after `after` is here
/// (up to `limit`), and none that commits later can sort before the last one returned.
pub async fn feed(
    mut conn: &AsyncPgConnection,
    after: Position,
    types: &[ResourceType],
    audience: Binding,
    limit: i64,
) -> QueryResult<Vec<ChangeRow>> {
    let mut q = changes::table
        .inner_join(change_commits::table.on(change_commits::tx.eq(changes::tx)))
        .select(ChangeRow::as_select())
        // The key spans two tables, so PostgreSQL draws no index bound from the row
        // comparison by itself: the bound on the commit number is said outright (without it,
        // every commit from the first was joined: 690 ms instead of 20 on 1,000,000 changes).
        .filter(change_commits::sequence.ge(after.sequence))
        .filter(keyset::after(
            (change_commits::sequence, changes::position),
            (after.sequence, after.position),
        ))
        .filter(changes::resource_type.eq_any(types.iter().map(|t| t.as_str())))
        .into_boxed();
    q = match audience {
        Binding::Admin | Binding::Reader => q,
        Binding::CoopManager(id) => q.filter(changes::cooperative_id.eq(id.as_uuid())),
        Binding::Partner(id) => q.filter(changes::partner_id.eq(id.as_uuid())),
    };
    q.order((change_commits::sequence.asc(), changes::position.asc()))
        .limit(limit)
        .load(&mut conn)
        .await
}

/// The position of the last committed change: a reader that has this position has seen
/// everything committed so far (in the reader's snapshot). One statement, since every first
/// page of a list reads it (most read it inside the page's own statement: `db::list`).
pub async fn head(mut conn: &AsyncPgConnection) -> QueryResult<Position> {
    let (sequence, position): (Option<i64>, Option<i64>) =
        diesel::select((head_sequence(), head_position()))
            .get_result(&mut conn)
            .await?;
    Ok(Position {
        sequence: sequence.unwrap_or(0),
        position: position.unwrap_or(0),
    })
}

/// The head's commit number, as a subquery. With the query builder, so that statements
/// using it are prepared once per connection (raw SQL is parsed on every call).
#[diesel::dsl::auto_type]
pub(super) fn head_sequence() -> _ {
    change_clock::table
        .select(change_clock::sequence)
        .single_value()
}

/// The head's position within its commit, as a subquery: the last commit's transaction
/// first, then its greatest position, one backward step of `changes_tx_idx` however many
/// changes that commit made (as a join, PostgreSQL read all of them: 5 ms after a batch of
/// 10,000).
#[diesel::dsl::auto_type]
pub(super) fn head_position() -> _ {
    let last_tx = change_commits::table
        .filter(change_commits::sequence.nullable().eq(head_sequence()))
        .select(change_commits::tx)
        .single_value();
    // `max` has no type of that name in `dsl`: auto_type needs it spelled out.
    let greatest: diesel::helper_types::max<changes::position> =
        diesel::dsl::max(changes::position);
    changes::table
        .filter(changes::tx.nullable().eq(last_tx))
        .select(greatest)
        .single_value()
}

/// The highest commit number purged: cursors below it have lost changes.
pub async fn purged_through(conn: &mut AsyncPgConnection) -> QueryResult<i64> {
    change_clock::table
        .select(change_clock::purged_through)
        .first(conn)
        .await
}

/// Deletes the changes of transactions that committed before `before`; returns how many.
pub async fn purge(conn: &mut AsyncPgConnection, before: DateTime<Utc>) -> QueryResult<usize> {
    conn.transaction(async |conn| {
        // The last commit wholly older than `before`: everything up to it goes.
        let through: Option<i64> = change_commits::table
            .inner_join(changes::table.on(changes::tx.eq(change_commits::tx)))
            .filter(changes::at.lt(before))
            .select(diesel::dsl::max(change_commits::sequence))
            .first(conn)
            .await?;
        let Some(through) = through else {
            return Ok(0);
        };
        let gone = diesel::delete(changes::table)
            .filter(
                changes::tx.eq_any(
                    change_commits::table
                        .filter(change_commits::sequence.le(through))
                        .select(change_commits::tx),
                ),
            )
            .execute(conn)
            .await?;
        diesel::delete(change_commits::table.filter(change_commits::sequence.le(through)))
            .execute(conn)
            .await?;
        diesel::update(change_clock::table)
            .filter(change_clock::purged_through.lt(through))
            .set(change_clock::purged_through.eq(through))
            .execute(conn)
            .await?;
        Ok(gone)
    })
    .await
}

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
pub async fn audit(
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
        // As in `feed`: the bound on the commit number is the one an index can use.
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

#[cfg(test)]
mod tests {
    use super::Position;

    #[test]
    fn positions_read_back_what_they_write_and_refuse_anything_else() {
        let p = Position {
            sequence: 42,
            position: 1007,
        };
        assert_eq!(p.to_string().parse::<Position>(), Ok(p));
        for bad in [
            "",
            "1",
            "1.",
            ".1",
            "-1.2",
            "1.-2",
            "1.2.3",
            "a.b",
            "1 .2",
            "99999999999999999999.1",
        ] {
            assert_eq!(bad.parse::<Position>(), Err(()), "{bad:?}");
        }
    }
}
