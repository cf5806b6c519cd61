//! What is kept, and for how long. The change feed and the audit trail are the same rows, kept
//! on two clocks:
//! - the feed is trimmed past its retention: an update's copy of the row (`state`, the bulk
//!   of a change) goes, and the clock remembers through which commit, so that a cursor from
//!   before then is known to have lost changes (410: take a new snapshot);
//! - the audit trail (who, when, what changed: `changed`, and a creation's `state`, which is
//!   its fields) stays for as long as the database lives, unless an audit retention is set;
//!   then events older than it are deleted.
//!
//! And what a restore lost: the commits made after the backup, whose numbers a saved cursor
//! may still carry (`restored_over`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::position::Position;
use crate::schema::{change_clock, change_commits, change_restores, changes};

/// The highest commit number trimmed from the feed: cursors below it have lost changes.
pub async fn purged_through(conn: &mut AsyncPgConnection) -> QueryResult<i64> {
    change_clock::table
        .select(change_clock::purged_through)
        .first(conn)
        .await
}

/// Whether a follower that has read up to `after` has missed changes the trim removed: it
/// is before the last trimmed commit, or inside it with some of its changes unread.
pub async fn lost_after(conn: &mut AsyncPgConnection, after: Position) -> QueryResult<bool> {
    let purged = purged_through(conn).await?;
    if after.sequence != purged || purged == 0 {
        return Ok(after.sequence < purged);
    }
    diesel::select(diesel::dsl::exists(
        changes::table
            .inner_join(change_commits::table.on(change_commits::tx.eq(changes::tx)))
            .filter(change_commits::sequence.eq(purged))
            .filter(changes::position.gt(after.position)),
    ))
    .get_result(conn)
    .await
}

/// Whether `after` was made by commits a restore from a backup lost (`scripts/restore`
/// records them: `change_restores`): their numbers mean nothing in this database.
pub async fn restored_over(conn: &mut AsyncPgConnection, after: Position) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        change_restores::table
            .filter(change_restores::backup_head.lt(after.sequence))
            .filter(change_restores::resumed_at.gt(after.sequence)),
    ))
    .get_result(conn)
    .await
}

/// Where a follower without a cursor starts: after every trimmed commit.
pub async fn feed_start(conn: &mut AsyncPgConnection) -> QueryResult<Position> {
    Ok(Position {
        sequence: purged_through(conn).await?,
        position: i64::MAX,
    })
}

/// The last commit whose changes were all recorded before `before`, above `above`.
async fn last_commit_before(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
    above: i64,
) -> QueryResult<Option<i64>> {
    change_commits::table
        .inner_join(changes::table.on(changes::tx.eq(change_commits::tx)))
        .filter(changes::at.lt(before))
        .filter(change_commits::sequence.gt(above))
        .select(diesel::dsl::max(change_commits::sequence))
        .first(conn)
        .await
}

/// Trims from the feed the commits recorded before `before` that are not trimmed yet:
/// their updates' copies of the row go, their audit events stay. Returns how many commits.
pub async fn trim_feed(conn: &mut AsyncPgConnection, before: DateTime<Utc>) -> QueryResult<i64> {
    conn.transaction(async |conn| {
        // Locked for the whole trim, so that two instances trimming at once do not both work.
        let from: i64 = change_clock::table
            .select(change_clock::purged_through)
            .for_no_key_update()
            .first(conn)
            .await?;
        let Some(through) = last_commit_before(conn, before, from).await? else {
            return Ok(0);
        };
        diesel::update(changes::table)
            .filter(changes::action.eq("updated"))
            .filter(changes::state.is_not_null())
            .filter(
                changes::tx.eq_any(
                    change_commits::table
                        .filter(change_commits::sequence.gt(from))
                        .filter(change_commits::sequence.le(through))
                        .select(change_commits::tx),
                ),
            )
            .set(changes::state.eq(None::<serde_json::Value>))
            .execute(conn)
            .await?;
        diesel::update(change_clock::table)
            .set(change_clock::purged_through.eq(through))
            .execute(conn)
            .await?;
        Ok(through - from)
    })
    .await
}

/// Deletes the audit events of the commits recorded before `before` (an audit retention is
/// set); returns how many events. The feed is trimmed through them too, whatever its own
/// retention says, since their changes are gone.
pub async fn purge_audit(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
) -> QueryResult<usize> {
    conn.transaction(async |conn| {
        let Some(through) = last_commit_before(conn, before, 0).await? else {
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
