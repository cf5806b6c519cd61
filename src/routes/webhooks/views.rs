//! What admins send and receive for webhook subscriptions, and what receivers get.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::webhooks::{DeliveryRow, WebhookRow};
use crate::domain::ids::{DeliveryId, PartnerId, WebhookId};
use crate::domain::webhook::{DeliveryStatus, WebhookStatus};
use crate::routes::changes::views::FeedChange;
use crate::routes::pagination::{Listed, Page};

/// Where to POST which changes. Its signing secret is shown only at creation and rotation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-9d40-7c3a-9d1b-2f4e6a8c0b1d",
    "url": "https://sage.example/coopsante/hooks",
    "events": ["enrollment.*", "service_agreement.updated"],
    "partner_id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d",
    "description": "SAGE: enrolments in group insurance",
    "status": "active",
    "disabled_reason": null,
    "secret_rotated_at": null,
    "created_at": "2026-11-27T14:00:00Z",
    "updated_at": "2026-11-27T14:00:00Z",
    "version": 1
}))]
pub struct Webhook {
    pub id: WebhookId,
    /// Where deliveries are POSTed (https).
    pub url: String,
    /// `resource.action` (`cooperative.updated`) or `resource.*`.
    pub events: Vec<String>,
    /// A partner's subscription gets only what that partner may read.
    pub partner_id: Option<PartnerId>,
    pub description: Option<String>,
    pub status: WebhookStatus,
    /// Why the service disabled it (the receiver answered 410 Gone).
    pub disabled_reason: Option<String>,
    /// When its signing secret was last rotated (`POST …/rotate-secret`); null if never.
    #[serde(serialize_with = "crate::routes::json_dates::opt_instant")]
    pub secret_rotated_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

impl From<WebhookRow> for Webhook {
    fn from(r: WebhookRow) -> Self {
        Self {
            id: r.id,
            url: r.url,
            events: r.events,
            partner_id: r.partner_id,
            description: r.description,
            status: r.status,
            disabled_reason: r.disabled_reason,
            secret_rotated_at: r.secret_rotated_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A subscription with its new signing secret (created, or its secret rotated): answered
/// once, never again.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-9d40-7c3a-9d1b-2f4e6a8c0b1d",
    "url": "https://sage.example/coopsante/hooks",
    "events": ["enrollment.*"],
    "partner_id": null,
    "description": null,
    "status": "active",
    "disabled_reason": null,
    "secret_rotated_at": null,
    "created_at": "2026-11-27T14:00:00Z",
    "updated_at": "2026-11-27T14:00:00Z",
    "version": 1,
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwx0rBPdMwkqM="
}))]
pub struct WebhookWithSecret {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// The Standard Webhooks signing secret (`whsec_` and base64 of the key). Store it now.
    pub secret: String,
}

/// A new subscription. Unknown fields are refused by name.
#[derive(ToSchema)]
#[schema(example = json!({
    "url": "https://sage.example/coopsante/hooks",
    "events": ["enrollment.*", "service_agreement.updated"],
    "description": "SAGE: enrolments in group insurance"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by WebhookProfile"
)]
pub struct WebhookInput {
    /// https (http only where the service allows private addresses); it must not resolve to
    /// a loopback, private, link-local or metadata address.
    #[schema(max_length = 2000)]
    url: String,
    /// At least one `resource.action` or `resource.*`.
    #[schema(min_items = 1, example = json!(["cooperative.*"]))]
    events: Vec<String>,
    /// Deliver only what this partner may read (its events must be of partner, agreements,
    /// transitions or enrolments).
    partner_id: Option<PartnerId>,
    /// Up to 500 characters.
    description: Option<String>,
    /// `active` (default) or `paused`.
    status: Option<WebhookStatus>,
}

/// A JSON merge patch (RFC 7386) of a subscription: pause it with `{"status": "paused"}`.
pub struct WebhookPatch;

impl PartialSchema for WebhookPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            WebhookInput::schema(),
            "a webhook subscription: any subset of its writable fields",
            &[],
        )
    }
}

impl ToSchema for WebhookPatch {}

pub type WebhookPage = Page<Webhook>;

impl Listed for Webhook {
    const PAGE: &'static str = "WebhookPage";
    const PLURAL: &'static str = "webhook subscriptions";
}

/// One change sent (or to send) to a subscription, and how it went.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4d-2c3e-7f40-8a1b-2c3d4e5f6a7b",
    "event": "enrollment.created",
    "position": "1042.88310",
    "status": "pending",
    "attempts": 2,
    "next_attempt_at": "2026-11-27T14:38:12Z",
    "last_status_code": 503,
    "last_error": "the receiver answered 503 Service Unavailable",
    "created_at": "2026-11-27T14:03:12Z",
    "completed_at": null
}))]
pub struct Delivery {
    /// Also the `webhook-id` header of every attempt (the same on retries).
    pub id: DeliveryId,
    /// `resource.action`.
    pub event: String,
    /// The change's position in the feed.
    pub position: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// When the next attempt is due, while pending.
    #[serde(serialize_with = "crate::routes::json_dates::opt_instant")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's last HTTP status, if it answered.
    pub last_status_code: Option<i32>,
    /// What went wrong last (a status, a timeout, a refused address).
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_instant")]
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<DeliveryRow> for Delivery {
    fn from(r: DeliveryRow) -> Self {
        Self {
            id: r.id,
            event: r.event,
            position: format!("{}.{}", r.sequence, r.position),
            next_attempt_at: (r.status == DeliveryStatus::Pending).then_some(r.next_attempt_at),
            status: r.status,
            attempts: r.attempts,
            last_status_code: r.last_status_code,
            last_error: r.last_error,
            created_at: r.created_at,
            completed_at: r.completed_at,
        }
    }
}

pub type DeliveryPage = Page<Delivery>;

impl Listed for Delivery {
    const PAGE: &'static str = "DeliveryPage";
    const PLURAL: &'static str = "webhook deliveries";
}

/// What a receiver gets: POSTed as JSON with the headers `webhook-id` (the delivery's id,
/// the same on every retry: deduplicate on it), `webhook-timestamp` (Unix seconds) and
/// `webhook-signature` (`v1,` and the base64 HMAC-SHA256, keyed with the subscription's
/// secret, of `{webhook-id}.{webhook-timestamp}.{body}`; after a rotation, for its grace
/// period, also the old secret's, space separated), as Standard Webhooks define them.
/// Answer 2xx within 15 seconds; anything else is retried (5 s, 5 min, 30 min, 2 h, 5 h,
/// 10 h, 10 h); 410 Gone disables the subscription.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "cooperative.updated",
    "timestamp": "2026-11-27T14:03:12.482Z",
    "data": {
        "position": "1042.88310",
        "resource_type": "cooperative",
        "resource_id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d",
        "action": "updated",
        "at": "2026-11-27T14:03:12.482Z",
        "state": {"id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d", "name": "Coopérative de santé (exemple)", "version": 4}
    }
}))]
pub struct WebhookPayload {
    /// `resource.action`, as subscribed to.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the change was made.
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub timestamp: DateTime<Utc>,
    /// The change, as the feed gives it.
    pub data: FeedChange,
}
