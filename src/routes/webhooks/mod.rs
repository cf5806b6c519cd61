//! `/v1/webhooks`: subscriptions to the change feed, pushed to partners' systems and signed
//! the Standard Webhooks way; their delivery log. Admins manage them; delivery itself runs
//! in the service's background worker (`crate::webhooks`).

mod create;
mod deliveries;
mod list;
mod read;
mod rotate;
mod update;
pub mod views;

use crate::i18n::{Message, msg};
use std::net::{IpAddr, SocketAddr};

use actix_web::{HttpRequest, HttpResponse, delete, web};
use url::Host;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::config::WebhookConfig;
use crate::db::DbPool;
use crate::db::webhooks::WebhookRow;
use crate::domain::ids::WebhookId;
use crate::domain::webhook::is_private;
use crate::error::ApiResult;
use crate::routes::conditional::with_etag;
use crate::routes::crud::{self, Deletable, Readable};
use views::Webhook;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_webhooks)
        .service(create::create_webhook)
        .service(read::get_webhook)
        .service(update::update_webhook)
        .service(rotate::rotate_webhook_secret)
        .service(delete_webhook)
        .service(deliveries::list_webhook_deliveries)
        .service(deliveries::redeliver_webhook_delivery);
}

impl Readable for Webhook {
    type Row = WebhookRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-manage-webhooks"))
    }
}

impl Deletable for Webhook {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        Self::may_read(caller)
    }
}

/// Delete a webhook subscription
///
/// With its delivery log; nothing more is sent. Under `If-Match` if given.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook subscription id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin"]))
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<WebhookId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Webhook>(caller, &pool, id.into_inner(), &req).await
}

/// A subscription with its `ETag`.
fn respond(response: actix_web::HttpResponseBuilder, row: WebhookRow) -> HttpResponse {
    with_etag(response, row.version, Webhook::from(row))
}

/// Whether deliveries may go to `url`: refused when its host is or resolves to a loopback,
/// private, link-local (cloud metadata) or otherwise special address, unless private
/// addresses are allowed. Checked at registration; each attempt checks again, through
/// [`resolve_target`] (a name may resolve elsewhere later).
pub async fn check_target(url: &url::Url, config: &WebhookConfig) -> Result<(), Message> {
    if config.allow_private {
        return Ok(());
    }
    resolve_target(url, config).await.map(drop)
}

/// The addresses a delivery to `url` may connect to: its host resolved once (an IP address
/// as it is), and every address it resolves to checked (unless private addresses are
/// allowed), any one refused refusing them all. The delivery connects only to these and
/// never looks the name up again, so a name cannot pass the check and then lead elsewhere
/// (DNS rebinding).
pub async fn resolve_target(
    url: &url::Url,
    config: &WebhookConfig,
) -> Result<Vec<SocketAddr>, Message> {
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<IpAddr> = match url.host() {
        Some(Host::Ipv4(ip)) => vec![ip.into()],
        Some(Host::Ipv6(ip)) => vec![ip.into()],
        Some(Host::Domain(name)) => match config.resolve.iter().find(|(n, _)| n == name) {
            Some((_, ip)) => vec![*ip],
            None => tokio::net::lookup_host((name, port))
                .await
                .map_err(|_| msg!("host-does-not-resolve", host = name))?
                .map(|a| a.ip())
                .collect(),
        },
        None => return Err(msg!("url-no-host")),
    };
    if addresses.is_empty() {
        return Err(msg!("url-does-not-resolve"));
    }
    if !config.allow_private && addresses.iter().any(|ip| is_private(*ip)) {
        return Err(msg!("url-private-address"));
    }
    let mut addresses: Vec<SocketAddr> = addresses
        .into_iter()
        .map(|ip| SocketAddr::new(ip, port))
        .collect();
    addresses.dedup();
    Ok(addresses)
}
