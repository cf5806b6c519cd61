use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::public_only;
use super::views::BoardTerm;
use crate::auth::Caller;
use crate::db::board::{BoardTermRow, Filter};
use crate::db::{self, DbPool};
use crate::domain::ids::BoardTermId;
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::{Paging, bad_query, format};
use crate::routes::query;

/// Filters and page of the board terms.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListBoardTermsParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Who was on the board on this date: terms whose `from`..`until` covers it (a bound not
    /// recorded does not exclude a term).
    #[param(value_type = Option<chrono::NaiveDate>, example = "2020-03-31")]
    on: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching term, streamed.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

/// List board terms
///
/// In creation order; `?on=DATE` gives the board on that date. Admins and readers see every
/// term; co-op managers and partners those marked public.
#[utoipa::path(
    tag = "board",
    params(ListBoardTermsParams),
    responses(
        ListResponses<BoardTerm>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/board-terms")]
pub async fn list_board_terms(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListBoardTermsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let p = params.into_inner();
    let mut errors = Vec::new();
    let format = format(&mut errors, &req, p.format.as_deref())?;
    let paging = Paging::<BoardTermId>::parse(&mut errors, p.limit, p.cursor.as_deref(), "id");
    let filter = Filter {
        on: query::date(&mut errors, "on", p.on),
        public_only: public_only(&caller),
    };
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let fetch = fetch!(filter => |conn, after, limit| {
        db::board::list(conn, &filter, after, limit)
    });
    let position = |row: &BoardTermRow| row.id;
    paging
        .serve(
            &req,
            &pool,
            (format, "board-terms"),
            fetch,
            position,
            BoardTerm::from,
        )
        .await
}
