use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::views::{Webhook, WebhookPatch};
use super::{check_target, respond};
use crate::auth::{Caller, Role};
use crate::config::WebhookConfig;
use crate::db::webhooks::WebhookRow;
use crate::db::{self, DbPool};
use crate::domain::ids::WebhookId;
use crate::domain::patch::writable_part;
use crate::domain::webhook::{WRITABLE, WebhookProfile};
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::routes::body::JsonObject;
use crate::routes::conditional::IfMatch;
use crate::routes::resource::{load, load_for_update};

/// Update a webhook subscription
///
/// A JSON merge patch: change the URL or the events, pause (`{"status": "paused"}`) or
/// resume (`{"status": "active"}`, which also re-enables a subscription the service
/// disabled). A paused subscription queues nothing and sends nothing; resumed, it goes on
/// from where it stopped.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook subscription id")),
    request_body(content = WebhookPatch, content_type = "application/merge-patch+json",
        example = json!({"status": "paused"})),
    responses(
        (status = 200, description = "The updated subscription", body = Webhook, headers(("ETag" = String))),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    caller: Caller,
    pool: web::Data<DbPool>,
    config: web::Data<WebhookConfig>,
    id: web::Path<WebhookId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-webhooks"))?;
    let (id, patch, if_match) = (id.into_inner(), body.into_inner().0, IfMatch::of(&req));
    let mut conn = db::conn(&pool).await?;
    let current = load::<WebhookRow>(&mut conn, id).await?;
    let mut before = writable_part(&Webhook::from(current), WRITABLE);
    if before.get("status").and_then(|s| s.as_str()) == Some("disabled") {
        // Disabled by the service: a patch that does not set `status` leaves it paused.
        before.insert("status".into(), "paused".into());
    }
    let profile = WebhookProfile::patched(before, patch, config.allow_private)
        .map_err(ApiError::Validation)?;
    check_target(&profile.url, &config)
        .await
        .map_err(|why| ApiError::invalid("url", "address", why))?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = load_for_update::<WebhookRow>(conn, id).await?;
        if_match.check(current.version)?;
        db::webhooks::update(conn, id, profile)
            .await
            .on_constraint("webhook_subscriptions_partner_fkey", || {
                ApiError::invalid("partner_id", "not_found", msg!("no-such-partner"))
            })
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), row))
}
