use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::Partner;
use super::visible_to;
use crate::auth::Caller;
use crate::db::partners::Filter;
use crate::db::partners::PartnerRow;
use crate::db::{self, DbPool};
use crate::domain::ids::PartnerId;
use crate::domain::partner::PartnerKind;
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::format;
use crate::routes::pagination::{Paging, bad_query};
use crate::routes::query;

/// Page and filter of the partner list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListPartnersParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Kinds, e.g. `insurer,insurance_broker`.
    #[param(example = "sponsor")]
    kind: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every row from `cursor` on, streamed
    /// (`limit` is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

const SORT: &str = "name";

/// List partners
///
/// Sorted by name (ignoring case and accents). Admins, readers and co-op managers see every
/// partner; a partner token sees only its own record.
#[utoipa::path(
    tag = "partners",
    params(ListPartnersParams),
    responses(
        ListResponses<Partner>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/partners")]
pub async fn list_partners(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListPartnersParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let only = visible_to(&caller)?;
    let params = params.into_inner();
    let mut errors = Vec::new();
    let paging = Paging::<(String, PartnerId)>::parse(
        &mut errors,
        params.limit,
        params.cursor.as_deref(),
        SORT,
    );
    let kind = query::list(&mut errors, "kind", params.kind, PartnerKind::parse);
    let format = format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let filter = Filter { kind, only };
    let fetch =
        fetch!(filter => |conn, after, limit| db::partners::list(conn, &filter, after, limit));
    let position = |row: &PartnerRow| (row.sort_name.clone(), row.id);
    paging
        .serve(
            &req,
            &pool,
            (format, "partners"),
            fetch,
            position,
            Partner::from,
        )
        .await
}
