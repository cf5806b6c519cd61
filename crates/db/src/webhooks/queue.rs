//! The delivery queue: changes queued per subscription from the feed, claimed under a lease,
//! their outcome recorded, listed and redelivered.

use super::DeliveryRow;
use crate::domain::ids::{DeliveryId, WebhookId};
use crate::domain::webhook::DeliveryStatus;
use crate::keyset;
use crate::list::{ListConn, LoadList};
use crate::position::Position;
use crate::schema::webhook_deliveries::{self, dsl as d};
use crate::schema::webhook_subscriptions::dsl as w;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Interval, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

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
