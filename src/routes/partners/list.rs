use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::{Partner, PartnerPage};
use super::visible_to;
use crate::auth::Caller;
use crate::db::partners::Filter;
use crate::db::{self, DbPool};
use crate::domain::ids::PartnerId;
use crate::domain::partner::PartnerKind;
use crate::error::ApiResult;
use crate::routes::pagination::{Paging, bad_query};
use crate::routes::query;

/// Page and filter of the partner list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListPartnersParams {
    /// Page size, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Kinds, e.g. `insurer,insurance_broker`.
    #[param(example = "sponsor")]
    kind: Option<String>,
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
        (status = 200, description = "One page of partners", body = PartnerPage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
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
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let mut conn = db::conn(&pool).await?;
    let rows = db::partners::list(
        &mut conn,
        &Filter { kind, only },
        paging.after.clone(),
        paging.fetch(),
    )
    .await?;
    Ok(paging.respond(
        &req,
        rows,
        |last| (last.sort_name.clone(), last.id),
        Partner::from,
    ))
}
