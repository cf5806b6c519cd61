use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::READERS;
use super::views::Event;
use crate::auth::Caller;
use crate::db::events::{Filter, TalliedEvent};
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::domain::event::EventKind;
use crate::domain::ids::EventId;
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::{Paging, bad_query, format};
use crate::routes::query;

/// Filters and page of the event list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListEventsParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Kinds, comma-separated, e.g. `members_day,national_day`.
    #[param(example = "national_day")]
    kind: Option<String>,
    /// Only events that end on or after this date.
    #[param(value_type = Option<NaiveDate>, example = "2019-04-01")]
    from: Option<String>,
    /// Only events that start on or before this date.
    #[param(value_type = Option<NaiveDate>, example = "2020-03-31")]
    to: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching event, streamed
    /// (`limit` is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

const SORT: &str = "starts_on,id";

/// List events
///
/// In date order. Admins, readers and co-op managers.
#[utoipa::path(
    tag = "events",
    params(ListEventsParams),
    responses(
        ListResponses<Event>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/events")]
pub async fn list_events(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListEventsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-events"))?;
    let p = params.into_inner();
    let mut errors = Vec::new();
    let format = format(&mut errors, &req, p.format.as_deref())?;
    let paging =
        Paging::<(NaiveDate, EventId)>::parse(&mut errors, p.limit, p.cursor.as_deref(), SORT);
    let filter = Filter {
        kind: query::list(&mut errors, "kind", p.kind, EventKind::parse),
        from: query::date(&mut errors, "from", p.from),
        to: query::date(&mut errors, "to", p.to),
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to < from
    {
        errors.push(FieldError::new(
            "to",
            "date_order",
            msg!("not-before", other = "from"),
        ));
    }
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let fetch = fetch!(filter => |conn, after, limit| {
        db::events::list(conn, &filter, after, limit)
    });
    let position = |row: &TalliedEvent| (row.0.starts_on, row.0.id);
    paging
        .serve(
            &req,
            &pool,
            (format, "events"),
            fetch,
            position,
            Event::from,
        )
        .await
}
