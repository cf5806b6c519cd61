//! Queries on `idempotency_keys`.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::idempotency_keys::{self, dsl as k};

/// How long a key is remembered.
pub const RETENTION_HOURS: i64 = 24;

fn cutoff() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() - chrono::Duration::hours(RETENTION_HOURS)
}

#[derive(Debug, Queryable)]
pub struct Stored {
    pub request_hash: String,
    pub status: Option<i32>,
    pub headers: Option<serde_json::Value>,
    pub body: Option<Vec<u8>>,
}

/// The remembered request of this caller with this key, if it is recent enough.
pub async fn find(
    conn: &mut AsyncPgConnection,
    owner: &str,
    key: &str,
) -> QueryResult<Option<Stored>> {
    k::idempotency_keys
        .filter(k::owner.eq(owner).and(k::key.eq(key)))
        .filter(k::created_at.gt(cutoff()))
        .select((k::request_hash, k::status, k::headers, k::body))
        .first(conn)
        .await
        .optional()
}

/// Claims a key for a request being served; false when another request holds it.
/// Expired keys of this caller are forgotten first.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    owner: &str,
    key: &str,
    request_hash: &str,
) -> QueryResult<bool> {
    diesel::delete(
        k::idempotency_keys
            .filter(k::owner.eq(owner))
            .filter(k::created_at.le(cutoff())),
    )
    .execute(conn)
    .await?;
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            k::owner.eq(owner),
            k::key.eq(key),
            k::request_hash.eq(request_hash),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

pub async fn complete(
    conn: &mut AsyncPgConnection,
    owner: &str,
    key: &str,
    status: i32,
    headers: serde_json::Value,
    body: Vec<u8>,
) -> QueryResult<()> {
    diesel::update(k::idempotency_keys.find((owner, key)))
        .set((
            k::status.eq(status),
            k::headers.eq(headers),
            k::body.eq(body),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Forgets every caller's expired keys (the hourly upkeep), so that the keys of a caller
/// who never writes again do not stay for good; returns how many.
pub async fn purge_expired(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    diesel::delete(k::idempotency_keys.filter(k::created_at.le(cutoff())))
        .execute(conn)
        .await
}

/// Forgets a key whose request failed on the server's side, so that a retry runs again.
pub async fn release(conn: &mut AsyncPgConnection, owner: &str, key: &str) -> QueryResult<()> {
    diesel::delete(k::idempotency_keys.find((owner, key)))
        .execute(conn)
        .await
        .map(drop)
}
