//! Queries on `webhook_subscriptions` and `webhook_deliveries`.
//!
//! Deliveries are queued from the change feed (each subscription remembers the feed
//! position it has queued up to) and claimed by workers with a lease: a claimed delivery is
//! held by one worker until the lease ends, without a transaction open across the HTTP
//! call; a worker that dies lets the lease lapse and another retries.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Interval, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::keyset;
use super::list::{ListConn, LoadList};
use super::position::Position;
use super::schema::webhook_deliveries::{self, dsl as d};
use super::schema::webhook_subscriptions::{self, dsl as w};
use crate::domain::ids::{DeliveryId, PartnerId, WebhookId};
use crate::domain::webhook::{DeliveryStatus, WebhookProfile, WebhookStatus};

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

/// One change to deliver.
pub struct Queued {
    pub place: Position,
    pub event: String,
    pub payload: serde_json::Value,
}

/// Queues deliveries and moves the subscription's queue position to `through`.
pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    subscription: WebhookId,
    items: Vec<Queued>,
    through: Position,
) -> QueryResult<()> {
    if !items.is_empty() {
        let rows: Vec<_> = items
            .into_iter()
            .map(|q| {
                (
                    d::id.eq(DeliveryId::generate()),
                    d::subscription_id.eq(subscription),
                    d::sequence.eq(q.place.sequence),
                    d::position.eq(q.place.position),
                    d::event.eq(q.event),
                    d::payload.eq(q.payload),
                )
            })
            .collect();
        diesel::insert_into(webhook_deliveries::table)
            .values(rows)
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
    }
    diesel::update(w::webhook_subscriptions.find(subscription))
        .set((
            w::queued_sequence.eq(through.sequence),
            w::queued_position.eq(through.position),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// A claimed delivery with what sending it needs.
#[derive(Debug, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = SqlUuid)]
    pub id: uuid::Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub subscription_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    pub url: String,
    #[diesel(sql_type = Text)]
    pub secret: String,
    /// The secret a rotation replaced, while its grace lasts.
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    pub previous_secret: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub payload: serde_json::Value,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
}

/// Claims, for `lease`, the next delivery of up to `limit` subscriptions: each active
/// subscription's oldest pending delivery, if it is due and nobody holds it. Only the oldest,
/// so each subscription receives its changes in order. The conditions on the delivery row
/// itself are checked again once it is locked, so two workers never claim the same one.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    lease: std::time::Duration,
    limit: i64,
) -> QueryResult<Vec<Claimed>> {
    let lease = diesel::data_types::PgInterval::from_microseconds(lease.as_micros() as i64);
    diesel::sql_query(
        "WITH heads AS (
             SELECT DISTINCT ON (subscription_id) id
               FROM webhook_deliveries
              WHERE status = 'pending'
              ORDER BY subscription_id, sequence, position
         ), due AS (
             SELECT dl.id
               FROM webhook_deliveries dl
               JOIN heads USING (id)
               JOIN webhook_subscriptions s ON s.id = dl.subscription_id AND s.status = 'active'
              WHERE dl.status = 'pending'
                AND dl.next_attempt_at <= now()
                AND (dl.leased_until IS NULL OR dl.leased_until < now())
              LIMIT $2
                FOR UPDATE OF dl SKIP LOCKED
         )
         UPDATE webhook_deliveries dl
            SET leased_until = now() + $1, attempts = dl.attempts + 1
           FROM due, webhook_subscriptions s
          WHERE dl.id = due.id AND s.id = dl.subscription_id
         RETURNING dl.id, dl.subscription_id, s.url, s.secret,
                   CASE WHEN s.previous_secret_until > now() THEN s.previous_secret END AS previous_secret,
                   dl.payload, dl.attempts",
    )
    .bind::<Interval, _>(lease)
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .load(conn)
    .await
}

/// What came of one attempt.
pub enum Outcome {
    Delivered {
        status: i32,
    },
    /// Failed; try again at `retry_at`, or never (`None`: the delivery has failed for good).
    Failed {
        status: Option<i32>,
        error: String,
        retry_at: Option<DateTime<Utc>>,
    },
}

pub async fn record(
    conn: &mut AsyncPgConnection,
    id: DeliveryId,
    outcome: Outcome,
) -> QueryResult<()> {
    let none: Option<DateTime<Utc>> = None;
    match outcome {
        Outcome::Delivered { status } => {
            diesel::update(d::webhook_deliveries.find(id))
                .set((
                    d::status.eq(DeliveryStatus::Succeeded),
                    d::last_status_code.eq(Some(status)),
                    d::last_error.eq(None::<String>),
                    d::leased_until.eq(none),
                    d::completed_at.eq(Some(Utc::now())),
                ))
                .execute(conn)
                .await?;
        }
        Outcome::Failed {
            status,
            error,
            retry_at,
        } => {
            let (state, completed) = match retry_at {
                Some(_) => (DeliveryStatus::Pending, None),
                None => (DeliveryStatus::Failed, Some(Utc::now())),
            };
            diesel::update(d::webhook_deliveries.find(id))
                .set((
                    d::status.eq(state),
                    d::last_status_code.eq(status),
                    d::last_error.eq(Some(error)),
                    d::leased_until.eq(none),
                    d::next_attempt_at.eq(retry_at.unwrap_or_else(Utc::now)),
                    d::completed_at.eq(completed),
                ))
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}

/// A subscription's deliveries, newest first, after the previous page's last.
pub async fn deliveries(
    conn: &ListConn<'_>,
    subscription: WebhookId,
    after: Option<(i64, i64)>,
    limit: i64,
) -> QueryResult<Vec<DeliveryRow>> {
    let mut q = d::webhook_deliveries
        .filter(d::subscription_id.eq(subscription))
        .into_boxed();
    if let Some((sequence, position)) = after {
        q = q.filter(keyset::before(
            (d::sequence, d::position),
            (sequence, position),
        ));
    }
    q.order((d::sequence.desc(), d::position.desc()))
        .select(DeliveryRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// Sends a delivery again, next for its subscription (whatever happened to it before).
pub async fn redeliver(
    conn: &mut AsyncPgConnection,
    subscription: WebhookId,
    id: DeliveryId,
) -> QueryResult<Option<DeliveryRow>> {
    let none: Option<DateTime<Utc>> = None;
    diesel::update(
        d::webhook_deliveries
            .filter(d::id.eq(id))
            .filter(d::subscription_id.eq(subscription)),
    )
    .set((
        d::status.eq(DeliveryStatus::Pending),
        d::attempts.eq(0),
        d::next_attempt_at.eq(diesel::dsl::now),
        d::leased_until.eq(none),
        d::completed_at.eq(none),
    ))
    .returning(DeliveryRow::as_returning())
    .get_result(conn)
    .await
    .optional()
}
