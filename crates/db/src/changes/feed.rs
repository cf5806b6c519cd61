//! The change feed: committed changes in commit order, for the feed's pages and exports and
//! for webhook deliveries.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::ChangeRow;
use crate::domain::api_client::Binding;
use crate::domain::change::ResourceType;
use crate::keyset;
use crate::position::Position;
use crate::schema::{change_commits, changes};

/// Committed changes after `after` in commit order, of the given types, that `audience` may
/// see. Every change committed before this statement started and after `after` is here
/// (up to `limit`), and none that commits later can sort before the last one returned.
pub async fn read(
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
