use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::ApiClient;
use crate::auth::{Caller, Role};
use crate::db::api_clients::ApiClientRow;
use crate::db::{self, DbPool};
use crate::domain::ids::ApiClientId;
use crate::error::ApiResult;
use crate::routes::conditional;
use crate::routes::resource::load;

/// Read an API client
///
/// Admins only. Never shows the secret.
#[utoipa::path(
    tag = "api-clients",
    params(("id" = Uuid, Path, description = "API client id (its client_id)")),
    responses(
        (status = 200, description = "The client", body = ApiClient, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin"]))
)]
#[get("/api-clients/{id}")]
pub async fn get_api_client(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ApiClientId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-api-clients"))?;
    let mut conn = db::conn(&pool).await?;
    let row = load::<ApiClientRow>(&mut conn, id.into_inner()).await?;
    Ok(conditional::read(&req, row.version, ApiClient::from(row)))
}
