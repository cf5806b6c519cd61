use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::check_target;
use super::views::{Webhook, WebhookInput, WebhookWithSecret};
use crate::auth::{Caller, Role};
use crate::config::WebhookConfig;
use crate::db::{self, DbPool};
use crate::domain::webhook::{WebhookProfile, new_secret};
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::routes::body::JsonObject;
use crate::routes::conditional::etag;

/// Subscribe to changes
///
/// Every change committed from now on that matches `events` (and, with `partner_id`, that
/// the partner may read) is POSTed to `url`, in commit order, signed with the secret this
/// answer shows once. See the `WebhookPayload` schema and the spec's `webhooks` for what
/// the receiver gets.
#[utoipa::path(
    tag = "webhooks",
    request_body = WebhookInput,
    responses(
        (status = 201, description = "Subscribed; the secret is shown this once", body = WebhookWithSecret,
            headers(("Location" = String), ("ETag" = String))),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/webhooks")]
pub async fn create_webhook(
    caller: Caller,
    pool: web::Data<DbPool>,
    config: web::Data<WebhookConfig>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-webhooks"))?;
    let profile = WebhookProfile::from_json(body.into_inner().0, config.allow_private)
        .map_err(ApiError::Validation)?;
    check_target(&profile.url, &config)
        .await
        .map_err(|why| ApiError::invalid("url", "address", why))?;
    let secret = new_secret().map_err(ApiError::internal)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let from = db::position::head(conn).await?;
        db::webhooks::insert(conn, profile, secret.clone(), from).await
    })
    .await
    .on_constraint("webhook_subscriptions_partner_fkey", || {
        ApiError::invalid("partner_id", "not_found", msg!("no-such-partner"))
    })?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/webhooks/{}", row.id)))
        .insert_header((header::ETAG, etag(row.version)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(WebhookWithSecret {
            webhook: Webhook::from(row),
            secret,
        }))
}
