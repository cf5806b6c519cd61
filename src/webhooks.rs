//! The webhook worker, run by every instance beside the requests: it queues each active
//! subscription's changes from the change feed, then sends them, in order per subscription,
//! signed the Standard Webhooks way, retrying failures on a schedule.
//!
//! Several instances share the work through the database: queueing locks subscriptions with
//! `FOR UPDATE SKIP LOCKED` (one instance queues a subscription at a time, in one
//! transaction with moving its position, so nothing is queued twice); sending claims a
//! delivery with a lease (no transaction is held across the HTTP call, and a worker that
//! dies lets the lease lapse so another retries). A receiver may still get a delivery twice
//! (an answer lost after it was processed): `webhook-id` is the same on every attempt.

use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use awc::error::SendRequestError;
use chrono::Utc;
use diesel_async::AsyncConnection;

use crate::config::WebhookConfig;
use crate::db::changes::ChangeRow;
use crate::db::webhooks::{Claimed, Outcome, Queued};
use crate::db::{self, DbPool};
use crate::domain::api_client::Binding;
use crate::domain::change::ResourceType;
use crate::domain::ids::{DeliveryId, WebhookId};
use crate::domain::webhook::{EventFilter, signatures};
use crate::error::ApiError;
use crate::i18n::msg;
use crate::routes::webhooks::resolve_target;
use crate::routes::webhooks::views::WebhookPayload;

/// Changes queued per subscription per round, and deliveries claimed per round.
const BATCH: i64 = 200;

/// Addresses of a target tried in turn when one cannot be reached (each up to the timeout).
const ADDRESSES_TRIED: usize = 3;

/// Runs until `stop` turns true; a round under way is finished first, so no delivery is left
/// sent but unrecorded.
pub async fn run(
    pool: web::Data<DbPool>,
    config: web::Data<WebhookConfig>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let client = client(&config);
    let mut tick = tokio::time::interval(config.poll);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            // A closed channel (the state dropped) also stops the worker.
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
        if let Err(e) = queue(&pool).await {
            log::warn!("webhooks: queueing failed (will retry): {e}");
        }
        if let Err(e) = send_due(&pool, &config, &client).await {
            log::warn!("webhooks: sending failed (will retry): {e}");
        }
    }
}

fn client(config: &WebhookConfig) -> awc::Client {
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map(|b| b.with_root_certificates(roots).with_no_client_auth());
    let mut connector = awc::Connector::new().timeout(config.timeout);
    match tls {
        Ok(tls) => connector = connector.rustls_0_23(Arc::new(tls)),
        Err(e) => log::error!("webhooks: no TLS ({e}); https deliveries will fail"),
    }
    awc::Client::builder()
        .connector(connector)
        .timeout(config.timeout)
        // A redirect could lead to an address the target check refused.
        .disable_redirects()
        // Kept-alive connections are pooled by host name: each was opened to an address
        // checked then, and a name that resolves to a refused address now is refused before
        // any request, so a reused connection never reaches a refused address.
        .add_default_header(("user-agent", "coopsante-webhooks/1"))
        .finish()
}

/// Moves each active subscription's queue forward: one delivery per matching change.
async fn queue(pool: &DbPool) -> Result<(), ApiError> {
    let mut conn = db::conn(pool).await?;
    conn.transaction(async |conn| {
        for sub in db::webhooks::lock_active(conn, 100).await? {
            let filters: Vec<EventFilter> = sub
                .events
                .iter()
                .filter_map(|e| EventFilter::parse(e).ok())
                .collect();
            let audience = sub.partner_id.map_or(Binding::Admin, Binding::Partner);
            let mut types: Vec<ResourceType> = filters
                .iter()
                .map(|f| f.resource)
                .filter(|t| ResourceType::followable_by(audience).contains(t))
                .collect();
            types.sort();
            types.dedup();
            let rows = db::changes::feed::read(conn, sub.queued(), &types, audience, BATCH).await?;
            let Some(through) = rows.last().map(ChangeRow::place) else {
                continue;
            };
            let mut items = Vec::new();
            for row in rows {
                if filters
                    .iter()
                    .any(|f| f.matches(row.resource_type, row.action))
                {
                    let event = format!("{}.{}", row.resource_type, row.action);
                    let place = row.place();
                    let timestamp = row.at;
                    let data = crate::routes::changes::view(row)?;
                    let payload = serde_json::to_value(WebhookPayload {
                        kind: event.clone(),
                        timestamp,
                        data,
                    })
                    .map_err(ApiError::internal)?;
                    items.push(Queued {
                        place,
                        event,
                        payload,
                    });
                }
            }
            db::webhooks::enqueue(conn, sub.id, items, through).await?;
        }
        Ok::<_, ApiError>(())
    })
    .await
}

/// Claims the due deliveries and sends them, each subscription's one at a time.
async fn send_due(
    pool: &DbPool,
    config: &WebhookConfig,
    client: &awc::Client,
) -> Result<(), ApiError> {
    // Long enough for every address tried to time out, then the answer.
    let lease = config.timeout * (ADDRESSES_TRIED as u32 + 1) + Duration::from_secs(30);
    let claimed = {
        let mut conn = db::conn(pool).await?;
        db::webhooks::claim(&mut conn, lease, BATCH).await?
    };
    let sends = claimed.into_iter().map(|c| async move {
        let outcome = attempt(config, client, &c).await;
        let gone = matches!(
            outcome,
            Outcome::Failed {
                status: Some(410),
                ..
            }
        );
        let label = match &outcome {
            Outcome::Delivered { .. } => "delivered",
            Outcome::Failed {
                retry_at: Some(_), ..
            } => "retry",
            Outcome::Failed { retry_at: None, .. } => "failed",
        };
        crate::metrics::WEBHOOK_DELIVERIES
            .with_label_values(&[label])
            .inc();
        let mut conn = db::conn(pool).await?;
        db::webhooks::record(&mut conn, DeliveryId::from(c.id), outcome).await?;
        if gone {
            let actor = db::Actor::command("webhooks");
            let id = WebhookId::from(c.subscription_id);
            db::write(&mut conn, &actor, async |conn| {
                db::webhooks::disable(conn, id, "the receiver answered 410 Gone").await
            })
            .await?;
        }
        Ok::<_, ApiError>(())
    });
    for result in futures_util::future::join_all(sends).await {
        result?;
    }
    Ok(())
}

/// One attempt at one delivery.
async fn attempt(config: &WebhookConfig, client: &awc::Client, c: &Claimed) -> Outcome {
    // `attempts` counts this one; after the last retry, give up.
    let retry_at = usize::try_from(c.attempts - 1)
        .ok()
        .and_then(|n| config.retries.get(n))
        .and_then(|wait| chrono::Duration::from_std(*wait).ok())
        .map(|wait| Utc::now() + wait);
    let failed = |status: Option<i32>, error: String| Outcome::Failed {
        status,
        error,
        retry_at,
    };
    let url = match url::Url::parse(&c.url) {
        Ok(url) => url,
        Err(e) => return failed(None, format!("invalid URL: {e}")),
    };
    let addresses = match resolve_target(&url, config).await {
        Ok(addresses) => addresses,
        Err(why) => return failed(None, format!("refused: {why}")),
    };
    let body = match serde_json::to_vec(&c.payload) {
        Ok(body) => web::Bytes::from(body),
        Err(e) => return failed(None, format!("cannot encode the payload: {e}")),
    };
    let id = c.id.to_string();
    let timestamp = Utc::now().timestamp();
    // During a rotation's grace the receiver may still hold the old secret: sign with both.
    let secrets: Vec<&str> = std::iter::once(c.secret.as_str())
        .chain(c.previous_secret.as_deref())
        .collect();
    let signature = signatures(&secrets, &id, timestamp, &body);
    // Only to the addresses just checked (awc keeps the URL's name for `Host` and TLS), the
    // next one when one cannot be reached.
    let mut response = Err(format!("refused: {}", msg!("url-does-not-resolve")));
    for address in addresses.into_iter().take(ADDRESSES_TRIED) {
        let sent = client
            .post(url.as_str())
            .address(address)
            .insert_header(("content-type", "application/json"))
            .insert_header(("webhook-id", id.as_str()))
            .insert_header(("webhook-timestamp", timestamp.to_string()))
            .insert_header(("webhook-signature", signature.as_str()))
            .send_body(body.clone())
            .await;
        match sent {
            Err(SendRequestError::Connect(e)) => {
                response = Err(format!("cannot connect to {address}: {e}"));
            }
            Ok(res) => {
                response = Ok(res);
                break;
            }
            Err(e) => {
                response = Err(format!("no answer: {e}"));
                break;
            }
        }
    }
    match response {
        Ok(res) if res.status().is_success() => Outcome::Delivered {
            status: i32::from(res.status().as_u16()),
        },
        Ok(res) if res.status().as_u16() == 410 => Outcome::Failed {
            status: Some(410),
            error: "410 Gone: the subscription is disabled".into(),
            retry_at: None,
        },
        Ok(res) => failed(
            Some(i32::from(res.status().as_u16())),
            format!("the receiver answered {}", res.status()),
        ),
        Err(e) => failed(None, e),
    }
}
