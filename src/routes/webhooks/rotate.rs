use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};

use super::views::{Webhook, WebhookWithSecret};
use crate::auth::{Caller, Role};
use crate::config::WebhookConfig;
use crate::db::webhooks::WebhookRow;
use crate::db::{self, DbPool};
use crate::domain::ids::WebhookId;
use crate::domain::webhook::new_secret;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::{IfMatch, with_etag};
use crate::routes::resource::load_for_update;

/// Rotate a webhook subscription's signing secret
///
/// Admins only. Answers the subscription with its new `secret`, this once. For the grace
/// period the service is configured with (24 hours by default), every delivery is signed
/// with both secrets (`webhook-signature: v1,<new> v1,<old>`), so that the receiver can
/// switch to the new one without refusing any delivery; then with the new one alone.
/// Rotating again within the grace ends the oldest secret at once.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = Uuid, Path, description = "Webhook subscription id"),
        ("If-Match" = Option<String>, Header, description = "Rotate only if this is still the subscription's current `ETag`"),
    ),
    responses(
        (status = 200, description = "The subscription with its new secret", body = WebhookWithSecret,
            headers(("ETag" = String), ("Cache-Control" = String, description = "`no-store`"))),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    caller: Caller,
    pool: web::Data<DbPool>,
    config: web::Data<WebhookConfig>,
    id: web::Path<WebhookId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-webhooks"))?;
    let (id, if_match) = (id.into_inner(), IfMatch::of(&req));
    let secret = new_secret().map_err(ApiError::internal)?;
    let grace = chrono::Duration::from_std(config.secret_grace).map_err(ApiError::internal)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = load_for_update::<WebhookRow>(conn, id).await?;
        if_match.check(current.version)?;
        let previous = (!grace.is_zero()).then(|| (current.secret, chrono::Utc::now() + grace));
        Ok::<_, ApiError>(db::webhooks::rotate(conn, id, secret.clone(), previous).await?)
    })
    .await?;
    let mut response = HttpResponse::Ok();
    response.insert_header((header::CACHE_CONTROL, "no-store"));
    let version = row.version;
    Ok(with_etag(
        response,
        version,
        WebhookWithSecret {
            webhook: Webhook::from(row),
            secret,
        },
    ))
}
