use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::ApiClient;
use crate::auth::Caller;
use crate::db::DbPool;
use crate::domain::ids::ApiClientId;
use crate::error::ApiResult;
use crate::routes::crud;

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
    crud::read::<ApiClient>(caller, &pool, id.into_inner(), &req).await
}
