use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::{ApiClient, ApiClientPage};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::ids::ApiClientId;
use crate::error::ApiResult;
use crate::routes::pagination::{PageParams, Paging, bad_query};

const SORT: &str = "created";

/// List API clients
///
/// Admins only. Oldest first; revoked and expired clients are listed too.
#[utoipa::path(
    tag = "api-clients",
    params(PageParams),
    responses(
        (status = 200, description = "One page of API clients", body = ApiClientPage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
    ),
    security(("bearer" = ["admin"]))
)]
#[get("/api-clients")]
pub async fn list_api_clients(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "manage API clients")?;
    let mut errors = Vec::new();
    let paging =
        Paging::<ApiClientId>::parse(&mut errors, params.limit, params.cursor.as_deref(), SORT);
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let mut conn = db::conn(&pool).await?;
    let rows = db::api_clients::list(&mut conn, paging.after, paging.fetch()).await?;
    Ok(paging.respond(&req, rows, |last| last.id, ApiClient::from))
}
