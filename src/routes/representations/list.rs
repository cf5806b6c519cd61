use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::READERS;
use super::views::Representation;
use crate::auth::Caller;
use crate::db::representations::{Filter, RepresentationRow};
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::domain::ids::RepresentationId;
use crate::domain::representation::RepresentationKind;
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::{Paging, bad_query, format};
use crate::routes::query;

/// Filters and page of the representation list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListRepresentationsParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// `brief`, `meeting`, or both comma-separated.
    #[param(example = "brief")]
    kind: Option<String>,
    /// Only those filed or held on or after this date (undated ones are left out).
    #[param(value_type = Option<chrono::NaiveDate>, example = "2019-04-01")]
    from: Option<String>,
    /// Only those filed or held on or before this date (undated ones are left out).
    #[param(value_type = Option<chrono::NaiveDate>, example = "2020-03-31")]
    to: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching one, streamed.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

/// List representations
///
/// In creation order. Admins and readers.
#[utoipa::path(
    tag = "representations",
    params(ListRepresentationsParams),
    responses(
        ListResponses<Representation>,
    ),
    security(("bearer" = ["admin", "reader"]))
)]
#[get("/representations")]
pub async fn list_representations(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListRepresentationsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-representations"))?;
    let p = params.into_inner();
    let mut errors = Vec::new();
    let format = format(&mut errors, &req, p.format.as_deref())?;
    let paging = Paging::<RepresentationId>::parse(&mut errors, p.limit, p.cursor.as_deref(), "id");
    let filter = Filter {
        kind: query::list(&mut errors, "kind", p.kind, RepresentationKind::parse),
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
        db::representations::list(conn, &filter, after, limit)
    });
    let position = |row: &RepresentationRow| row.id;
    paging
        .serve(
            &req,
            &pool,
            (format, "representations"),
            fetch,
            position,
            Representation::from,
        )
        .await
}
