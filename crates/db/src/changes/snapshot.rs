//! Reads in one snapshot that line up with the change feed: each snapshot comes with the
//! feed's position at that snapshot, so a client that reads a list and then follows the feed
//! from that position misses nothing and sees nothing twice.

use diesel::QueryResult;
use diesel::connection::TransactionDepthChange;
use diesel_async::{AsyncPgConnection, SimpleAsyncConnection, TransactionManager};

use super::Tm;
use crate::position::{self, Position};

/// A read-only transaction whose one snapshot every read sees.
const SNAPSHOT: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// Starts a read-only transaction whose one snapshot every later read sees, and returns the
/// feed position of that snapshot: following the feed from it yields exactly the changes the
/// reads miss. End it with [`end`]; a connection dropped before is discarded by the
/// pool (it is in a transaction), never reused.
pub async fn begin(conn: &mut AsyncPgConnection) -> QueryResult<Position> {
    Tm::begin_transaction_sql(conn, SNAPSHOT).await?;
    match position::head(conn).await {
        Ok(position) => Ok(position),
        Err(e) => {
            let _ = Tm::rollback_transaction(conn).await;
            Err(e)
        }
    }
}

pub async fn end(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    Tm::commit_transaction(conn).await
}

/// Runs the reads of `f` in one snapshot; returns what they read and the snapshot's feed
/// position (see [`begin`]).
pub async fn read<T, E>(
    conn: &mut AsyncPgConnection,
    f: impl AsyncFnOnce(&mut AsyncPgConnection) -> Result<T, E>,
) -> Result<(T, Position), E>
where
    E: From<diesel::result::Error>,
{
    let position = begin(conn).await?;
    match f(&mut *conn).await {
        Ok(value) => {
            end(conn).await?;
            Ok((value, position))
        }
        Err(error) => {
            let _ = Tm::rollback_transaction(conn).await;
            Err(error)
        }
    }
}

/// [`read`] for reads that share the connection, in fewer round trips: BEGIN, the head
/// and the reads go out together (pipelined) and PostgreSQL answers them in order; COMMIT
/// follows once every answer is in, so it cannot overtake a read still being prepared. A
/// first page thus costs two round trips instead of four.
pub async fn pipelined<T, E>(
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
        position::head(shared),
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
