//! Purging: changes older than the retention period go, and the clock remembers how far, so
//! that a cursor from before then is known to have lost changes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{change_clock, change_commits, changes};

/// The highest commit number purged: cursors below it have lost changes.
pub async fn purged_through(conn: &mut AsyncPgConnection) -> QueryResult<i64> {
    change_clock::table
        .select(change_clock::purged_through)
        .first(conn)
        .await
}

/// Deletes the changes of transactions that committed before `before`; returns how many.
pub async fn older_than(conn: &mut AsyncPgConnection, before: DateTime<Utc>) -> QueryResult<usize> {
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
