//! How a list's query is read: [`ListConn`] runs it as is, or, for a first page, with the
//! change feed's head in the same statement, so that the page and its `Changes-Cursor`
//! come from one snapshot in one round trip (instead of BEGIN, head, page and COMMIT).

use std::sync::OnceLock;

use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Nullable};
use diesel_async::methods::LoadQuery;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::position::{self, Position};

/// The connection a list reads a page on. Built [`plain`](Self::plain), it loads rows;
/// built [`with_head`](Self::with_head), its first load also reads the feed's head.
pub struct ListConn<'c> {
    conn: &'c AsyncPgConnection,
    /// `Some` when the head is wanted: then what the first load found.
    head: Option<OnceLock<Position>>,
}

impl<'c> ListConn<'c> {
    pub fn plain(conn: &'c AsyncPgConnection) -> Self {
        ListConn { conn, head: None }
    }

    pub fn with_head(conn: &'c AsyncPgConnection) -> Self {
        ListConn {
            conn,
            head: Some(OnceLock::new()),
        }
    }

    /// The connection itself, for a read that is not a list's query: what it reads carries
    /// no head (the change feed's own pages, for one, need none).
    pub fn connection(&self) -> &'c AsyncPgConnection {
        self.conn
    }

    /// The head read with the page; `None` when the page was empty (a statement with no row
    /// carries no head) or the head was not asked for.
    pub fn head(&self) -> Option<Position> {
        self.head.as_ref().and_then(|head| head.get().copied())
    }
}

/// `query.load_list(conn)`: loads a list's rows on a [`ListConn`], with the feed's head if
/// the connection asks for it.
// Its futures stay on the thread that polls them (lists are `LocalBoxFuture`s), so callers
// need no `Send` bound on them.
#[allow(async_fn_in_trait)]
pub trait LoadList: Sized {
    async fn load_list<'q, 'c, R>(self, conn: &ListConn<'c>) -> QueryResult<Vec<R>>
    where
        Self: LoadQuery<'q, &'c AsyncPgConnection, R> + 'q,
        WithHead<Self>: LoadQuery<'q, &'c AsyncPgConnection, (Option<i64>, Option<i64>, R)>,
        R: Send + 'q,
    {
        let mut db = conn.conn;
        let Some(head) = &conn.head else {
            return RunQueryDsl::load(self, &mut db).await;
        };
        let rows: Vec<(Option<i64>, Option<i64>, R)> =
            RunQueryDsl::load(WithHead::new(self), &mut db).await?;
        if let [(sequence, position, _), ..] = rows.as_slice() {
            // A list makes one query; were there a second, the first one's head stays.
            let _ = head.set(Position {
                sequence: sequence.unwrap_or(0),
                position: position.unwrap_or(0),
            });
        }
        Ok(rows.into_iter().map(|(_, _, row)| row).collect())
    }
}

impl<Q> LoadList for Q {}

/// `SELECT <head sequence>, <head position>, q.* FROM (<query>) q`: the head as two
/// uncorrelated subqueries (computed once), beside every row of the query, in its order
/// (a subquery scan keeps the order of the subquery's ORDER BY).
#[derive(QueryId)]
pub struct WithHead<Q> {
    sequence: position::head_sequence,
    position: position::head_position,
    query: Q,
}

impl<Q> WithHead<Q> {
    fn new(query: Q) -> Self {
        WithHead {
            sequence: position::head_sequence(),
            position: position::head_position(),
            query,
        }
    }
}

impl<Q: Query> Query for WithHead<Q> {
    type SqlType = (Nullable<BigInt>, Nullable<BigInt>, Q::SqlType);
}

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for WithHead<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("SELECT ");
        self.sequence.walk_ast(out.reborrow())?;
        out.push_sql(", ");
        self.position.walk_ast(out.reborrow())?;
        out.push_sql(", q.* FROM (");
        self.query.walk_ast(out.reborrow())?;
        out.push_sql(") q");
        Ok(())
    }
}
