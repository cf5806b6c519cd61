//! Lists as CSV or NDJSON (`?format=csv|ndjson` or `Accept`), streamed page by page through
//! the same keyset queries as JSON pages, so an export of millions of rows runs in constant
//! memory, in one snapshot of the database.

use std::task::Poll;

use crate::i18n::msg;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use futures_util::stream;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::{RefOr, Schema};

use crate::db::list::ListConn;
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::error::ApiError;
use crate::routes::csv_cells::Cells;

/// How a list answers `?format=`: `json` pages (the default), or every matching row as `csv` or
/// `ndjson`, streamed. A named enum in the spec, so generated clients get a type, not a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToSchema)]
#[schema(as = ExportFormat, rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
    Ndjson,
}

/// Why a list cannot answer in a format.
pub enum Refused {
    /// `?format=` names none.
    Format(FieldError),
    /// `Accept` allows none of [`Format::OFFERED`].
    NotAcceptable,
}

impl Format {
    /// What a list offers to `Accept`, in the order ties are settled (`application/ndjson` is
    /// taken for `application/x-ndjson`).
    pub const OFFERED: [(&'static str, Format); 4] = [
        ("application/json", Format::Json),
        ("text/csv", Format::Csv),
        ("application/x-ndjson", Format::Ndjson),
        ("application/ndjson", Format::Ndjson),
    ];

    /// `?format=` wins over the `Accept` header, ranked by q-values; JSON pages are the default.
    pub fn negotiate(req: &HttpRequest, param: Option<&str>) -> Result<Self, Refused> {
        match param {
            Some("json") => Ok(Format::Json),
            Some("csv") => Ok(Format::Csv),
            Some("ndjson") => Ok(Format::Ndjson),
            Some(other) => Err(Refused::Format(FieldError::new(
                "format",
                "enum",
                msg!("format-enum", value = format!("{other:?}")),
            ))),
            None => {
                crate::routes::accept::choose(req, &Self::OFFERED).ok_or(Refused::NotAcceptable)
            }
        }
    }

    /// The media types offered, for a 406.
    pub fn offered() -> String {
        Self::OFFERED[..3]
            .iter()
            .map(|(media, _)| *media)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Rows fetched per query while exporting.
pub const PAGE: i64 = 1000;

fn encode<V: Serialize>(
    format: Format,
    columns: &[String],
    items: &[V],
    header: bool,
) -> Result<Bytes, String> {
    let mut out = Vec::new();
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            if header {
                w.write_record(columns).map_err(|e| e.to_string())?;
            }
            let mut cells = Cells::new(columns);
            for item in items {
                let record = cells.fill(item).map_err(|e| e.to_string())?;
                w.write_record(record).map_err(|e| e.to_string())?;
            }
            w.flush().map_err(|e| e.to_string())?;
        }
        Format::Ndjson | Format::Json => {
            for item in items {
                serde_json::to_writer(&mut out, item).map_err(|e| e.to_string())?;
                out.push(b'\n');
            }
        }
    }
    Ok(Bytes::from(out))
}

/// The CSV columns of a view: its fields, in the order its schema (and its JSON) lists them.
pub fn columns<V: ToSchema>() -> Vec<String> {
    match V::schema() {
        RefOr::T(Schema::Object(object)) => object.properties.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// The `Changes-Cursor` header: the change-feed position of the snapshot a list or an
/// export was read from. Following the feed from it yields exactly the changes the data
/// does not contain.
pub const CHANGES_CURSOR: &str = "changes-cursor";

/// Reads a page of rows after a position (`None`: from the start), at most `limit`, on the
/// connection given. Every list provides one, used for its pages and its exports alike.
pub trait Fetch<R, P>:
    for<'c> Fn(&'c ListConn<'c>, Option<P>, i64) -> LocalBoxFuture<'c, Result<Vec<R>, ApiError>>
    + 'static
{
}

impl<R, P, F> Fetch<R, P> for F where
    F: for<'c> Fn(&'c ListConn<'c>, Option<P>, i64) -> LocalBoxFuture<'c, Result<Vec<R>, ApiError>>
        + 'static
{
}

/// Gives a closure the signature of a [`Fetch`] (closures infer it only from a direct
/// `Fn` bound). Lists use it through [`fetch!`](crate::routes::export::fetch).
pub fn fetcher<R, P, F>(f: F) -> F
where
    F: for<'c> Fn(&'c ListConn<'c>, Option<P>, i64) -> LocalBoxFuture<'c, Result<Vec<R>, ApiError>>
        + 'static,
{
    f
}

/// A list's [`Fetch`] from its query:
/// `fetch!(filter => |conn, after, limit| db::partners::list(conn, &filter, after, limit))`;
/// the captures named before `=>` are cloned for each page.
macro_rules! fetch {
    ($($capture:ident),* => |$conn:ident, $after:ident, $limit:ident| $query:expr) => {
        $crate::routes::export::fetcher(move |$conn, $after, $limit| {
            $(let $capture = $capture.clone();)*
            Box::pin(async move { Ok($query.await?) })
        })
    };
}
pub(crate) use fetch;

/// Streams every row from `start` on, [`PAGE`] rows per query, all in one snapshot (a
/// read-only REPEATABLE READ transaction on one connection, held for the length of the
/// export): the export is consistent however others write meanwhile, and its
/// `Changes-Cursor` says where to follow the change feed from. `position` gives a row's
/// position, `view` what the client sees of it. A database failure after the first bytes
/// can only cut the stream short; it is logged.
pub async fn respond<R, P, V>(
    pool: &DbPool,
    format: Format,
    name: &str,
    start: Option<P>,
    fetch: impl Fetch<R, P>,
    position: impl Fn(&R) -> P + 'static,
    view: impl Fn(R) -> V + 'static,
) -> Result<HttpResponse, ApiError>
where
    R: 'static,
    P: 'static,
    V: Serialize + ToSchema + 'static,
{
    struct State<R, P, F, G, H> {
        conn: db::Conn,
        columns: Vec<String>,
        after: Option<P>,
        /// The next page, read while the previous one was being encoded.
        next: Option<Result<Vec<R>, ApiError>>,
        fetch: F,
        position: G,
        view: H,
        first: bool,
        done: bool,
    }
    let mut conn = db::conn(pool).await?;
    let cursor = db::changes::snapshot::begin(&mut conn).await?;
    let state = State {
        conn,
        columns: columns::<V>(),
        after: start,
        next: None,
        fetch,
        position,
        view,
        first: true,
        done: false,
    };
    let stopped = |e: ApiError| {
        log::error!("export stopped: {e}");
        Err(actix_web::error::ErrorInternalServerError("export stopped"))
    };
    let body = stream::unfold(state, move |mut s| async move {
        if s.done {
            return None;
        }
        let rows = match s.next.take() {
            Some(rows) => rows,
            None => (s.fetch)(&ListConn::plain(&s.conn), s.after.take(), PAGE).await,
        };
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) => {
                s.done = true;
                return Some((stopped(e), s));
            }
        };
        s.done = (rows.len() as i64) < PAGE;
        let after = rows.last().map(&s.position);
        let items: Vec<V> = rows.into_iter().map(&s.view).collect();
        if s.done {
            if let Err(e) = db::changes::snapshot::end(&mut s.conn).await {
                log::warn!("export: ending its snapshot failed: {e}");
            }
            let chunk = encode(format, &s.columns, &items, s.first)
                .map_err(actix_web::error::ErrorInternalServerError);
            return Some((chunk, s));
        }
        // The next page's query goes out before this one is encoded, so that PostgreSQL
        // reads it meanwhile: one poll sends it, one yield lets the connection's task write
        // it to the socket. Otherwise each side waits for the other (about a tenth of the time).
        let (chunk, next) = {
            let conn = ListConn::plain(&s.conn);
            let mut next = std::pin::pin!((s.fetch)(&conn, after, PAGE));
            let early = std::future::poll_fn(|cx| Poll::Ready(next.as_mut().poll(cx))).await;
            tokio::task::yield_now().await;
            let chunk = encode(format, &s.columns, &items, s.first)
                .map_err(actix_web::error::ErrorInternalServerError);
            match early {
                Poll::Ready(rows) => (chunk, rows),
                Poll::Pending => (chunk, next.await),
            }
        };
        s.first = false;
        s.next = Some(next);
        Some((chunk, s))
    });
    let mut response = HttpResponse::Ok();
    response.insert_header((CHANGES_CURSOR, cursor.to_string()));
    match format {
        Format::Csv => {
            response.content_type("text/csv; charset=utf-8");
            response.insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ));
        }
        _ => {
            response.content_type("application/x-ndjson");
        }
    }
    Ok(response.streaming(body))
}
