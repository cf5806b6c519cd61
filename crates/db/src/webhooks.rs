//! Queries on `webhook_subscriptions` and `webhook_deliveries`.
//!
//! Deliveries are queued from the change feed (each subscription remembers the feed
//! position it has queued up to) and claimed by workers with a lease: a claimed delivery is
//! held by one worker until the lease ends, without a transaction open across the HTTP
//! call; a worker that dies lets the lease lapse and another retries.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::list::{ListConn, LoadList};
use super::position::Position;
use super::schema::webhook_deliveries::{self};
use super::schema::webhook_subscriptions::{self, dsl as w};
use crate::domain::ids::{DeliveryId, PartnerId, WebhookId};
use crate::domain::webhook::{DeliveryStatus, WebhookProfile, WebhookStatus};

mod queue;

pub use queue::{Claimed, Outcome, Queued, claim, deliveries, enqueue, record, redeliver};

/// A stored subscription.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_subscriptions, check_for_backend(diesel::pg::Pg))]
pub struct WebhookRow {
    pub id: WebhookId,
    pub url: String,
    pub events: Vec<String>,
    pub partner_id: Option<PartnerId>,
    pub description: Option<String>,
    pub secret: String,
    pub status: WebhookStatus,
    pub disabled_reason: Option<String>,
    pub queued_sequence: i64,
    pub queued_position: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
    /// The secret the last rotation replaced, still signing beside the new one until
    /// `previous_secret_until`.
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub secret_rotated_at: Option<DateTime<Utc>>,
}

super::resource!(WebhookRow, webhook_subscriptions, WebhookId);

impl WebhookRow {
    pub fn queued(&self) -> Position {
        Position {
            sequence: self.queued_sequence,
            position: self.queued_position,
        }
    }
}

/// A delivery, as its log shows it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries, check_for_backend(diesel::pg::Pg))]
pub struct DeliveryRow {
    pub id: DeliveryId,
    pub subscription_id: WebhookId,
    pub sequence: i64,
    pub position: i64,
    pub event: String,
    pub payload: serde_json::Value,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub leased_until: Option<DateTime<Utc>>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// A new subscription, which gets the changes committed after `from`.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    profile: WebhookProfile,
    secret: String,
    from: Position,
) -> QueryResult<WebhookRow> {
    diesel::insert_into(webhook_subscriptions::table)
        .values((
            w::id.eq(WebhookId::generate()),
            w::url.eq(profile.url.to_string()),
            w::events.eq(profile
                .events
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()),
            w::partner_id.eq(profile.partner_id),
            w::description.eq(profile.description),
            w::secret.eq(secret),
            w::status.eq(profile.status),
            w::queued_sequence.eq(from.sequence),
            w::queued_position.eq(from.position),
        ))
        .returning(WebhookRow::as_returning())
        .get_result(conn)
        .await
}

/// Replaces the writable fields; re-activating a disabled subscription clears its reason.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: WebhookId,
    profile: WebhookProfile,
) -> QueryResult<WebhookRow> {
    let reason: Option<String> = None;
    diesel::update(w::webhook_subscriptions.find(id))
        .set((
            w::url.eq(profile.url.to_string()),
            w::events.eq(profile
                .events
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()),
            w::partner_id.eq(profile.partner_id),
            w::description.eq(profile.description),
            w::status.eq(profile.status),
            w::disabled_reason.eq(reason),
            w::version.eq(w::version + 1),
            w::updated_at.eq(diesel::dsl::now),
        ))
        .returning(WebhookRow::as_returning())
        .get_result(conn)
        .await
}

/// Replaces the signing secret; `previous` (the one it replaces, with the end of its grace)
/// keeps signing beside it until then. An older one, from a rotation still in its grace,
/// stops now.
pub async fn rotate(
    conn: &mut AsyncPgConnection,
    id: WebhookId,
    secret: String,
    previous: Option<(String, DateTime<Utc>)>,
) -> QueryResult<WebhookRow> {
    let (previous, until) = previous.unzip();
    diesel::update(w::webhook_subscriptions.find(id))
        .set((
            w::previous_secret.eq(previous),
            w::previous_secret_until.eq(until),
            w::secret.eq(secret),
            w::secret_rotated_at.eq(Some(Utc::now())),
            w::version.eq(w::version + 1),
            w::updated_at.eq(diesel::dsl::now),
        ))
        .returning(WebhookRow::as_returning())
        .get_result(conn)
        .await
}

/// Subscriptions by creation (ids are time-ordered), after the previous page's last.
pub async fn list(
    conn: &ListConn<'_>,
    after: Option<WebhookId>,
    limit: i64,
) -> QueryResult<Vec<WebhookRow>> {
    let mut q = w::webhook_subscriptions.into_boxed();
    if let Some(after) = after {
        q = q.filter(w::id.gt(after));
    }
    q.order(w::id.asc())
        .select(WebhookRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// Stops deliveries for good (the receiver said 410 Gone) until an admin re-activates it.
pub async fn disable(conn: &mut AsyncPgConnection, id: WebhookId, reason: &str) -> QueryResult<()> {
    diesel::update(w::webhook_subscriptions.find(id))
        .set((
            w::status.eq(WebhookStatus::Disabled),
            w::disabled_reason.eq(Some(reason)),
            w::version.eq(w::version + 1),
            w::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Active subscriptions no other worker is queueing for, locked for this transaction.
pub async fn lock_active(conn: &mut AsyncPgConnection, limit: i64) -> QueryResult<Vec<WebhookRow>> {
    w::webhook_subscriptions
        .filter(w::status.eq(WebhookStatus::Active))
        .order(w::id.asc())
        .limit(limit)
        .for_update()
        .skip_locked()
        .select(WebhookRow::as_select())
        .load(conn)
        .await
}
