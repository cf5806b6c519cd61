use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Webhook;
use crate::auth::{Caller, Role};
use crate::db::webhooks::WebhookRow;
use crate::db::{self, DbPool};
use crate::domain::ids::WebhookId;
use crate::error::ApiResult;
use crate::routes::conditional;
use crate::routes::resource::load;

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
    caller.require(&[Role::Admin], msg!("may-manage-webhooks"))?;
    let mut conn = db::conn(&pool).await?;
    let row = load::<WebhookRow>(&mut conn, id.into_inner()).await?;
    Ok(conditional::read(&req, row.version, Webhook::from(row)))
}
