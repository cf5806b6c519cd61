use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Webhook;
use crate::auth::Caller;
use crate::db::DbPool;
use crate::domain::ids::WebhookId;
use crate::error::ApiResult;
use crate::routes::crud;

/// Read a webhook subscription
///
/// Without its secret.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook subscription id")),
    responses(
        (status = 200, description = "The subscription", body = Webhook, headers(("ETag" = String))),
        (status = 304, description = "Not modified (`If-None-Match`)"),
    ),
    security(("bearer" = ["admin"]))
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<WebhookId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<Webhook>(caller, &pool, id.into_inner(), &req).await
}
