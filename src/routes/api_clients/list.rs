use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::ApiClient;
use crate::auth::{Caller, Role};
use crate::db::api_clients::ApiClientRow;
use crate::db::{self, DbPool};
use crate::domain::ids::ApiClientId;
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::format;
use crate::routes::pagination::{PageParams, Paging, bad_query};

const SORT: &str = "created";

/// List API clients
///
/// Admins only. Oldest first; revoked and expired clients are listed too.
#[utoipa::path(
    tag = "api-clients",
    params(PageParams),
    responses(
        ListResponses<ApiClient>,
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
    caller.require(&[Role::Admin], msg!("may-manage-api-clients"))?;
    let mut errors = Vec::new();
    let paging = Paging::<ApiClientId>::parse(
        &mut errors,
        params.limit.clone(),
        params.cursor.as_deref(),
        SORT,
    );
    let format = format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let fetch = fetch!(=> |conn, after, limit| db::api_clients::list(conn, after, limit));
    let position = |row: &ApiClientRow| row.id;
    paging
        .serve(
            &req,
            &pool,
            (format, "api-clients"),
            fetch,
            position,
            ApiClient::from,
        )
        .await
}
