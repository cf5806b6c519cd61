//! What admins send and receive for API clients.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::api_clients::ApiClientRow;
use crate::domain::ids::{ApiClientId, CooperativeId, PartnerId};
use crate::domain::role::Role;
use crate::routes::pagination::{Listed, Page};

/// An outside system's credentials: whom it acts as, and their state. Never its secret.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-9d40-7c3a-9d1b-2f4e6a8c0b1d",
    "client_id": "01937a4c-9d40-7c3a-9d1b-2f4e6a8c0b1d",
    "name": "SAGE: group insurance enrolments",
    "role": "partner",
    "cooperative_id": null,
    "partner_id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d",
    "expires_at": null,
    "previous_secret_until": null,
    "revoked_at": null,
    "last_used_at": "2026-11-27T09:30:00Z",
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1
}))]
pub struct ApiClient {
    pub id: ApiClientId,
    /// The OAuth 2.0 `client_id` to present at `/v1/auth/token` (the same as `id`).
    pub client_id: ApiClientId,
    /// What the client is, for the people who manage it.
    pub name: String,
    /// The role of the tokens it gets.
    pub role: Role,
    /// The co-op a `coop_manager` client manages.
    pub cooperative_id: Option<CooperativeId>,
    /// The partner a `partner` client speaks for.
    pub partner_id: Option<PartnerId>,
    /// After this instant the client gets no new token.
    #[serde(serialize_with = "crate::routes::json_dates::opt_instant")]
    pub expires_at: Option<DateTime<Utc>>,
    /// After a rotation, the secret it replaced keeps working until then.
    #[serde(serialize_with = "crate::routes::json_dates::opt_instant")]
    pub previous_secret_until: Option<DateTime<Utc>>,
    /// Set once the client is revoked: it gets no new token.
    #[serde(serialize_with = "crate::routes::json_dates::opt_instant")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// The last time it obtained a token.
    #[serde(serialize_with = "crate::routes::json_dates::opt_instant")]
    pub last_used_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

impl From<ApiClientRow> for ApiClient {
    fn from(r: ApiClientRow) -> Self {
        Self {
            id: r.id,
            client_id: r.id,
            name: r.name,
            role: r.role,
            cooperative_id: r.cooperative_id,
            partner_id: r.partner_id,
            expires_at: r.expires_at,
            previous_secret_until: r.previous_secret_until,
            revoked_at: r.revoked_at,
            last_used_at: r.last_used_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A client with its secret: answered once, at creation or rotation, and never again.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-9d40-7c3a-9d1b-2f4e6a8c0b1d",
    "client_id": "01937a4c-9d40-7c3a-9d1b-2f4e6a8c0b1d",
    "name": "SAGE: group insurance enrolments",
    "role": "partner",
    "cooperative_id": null,
    "partner_id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d",
    "expires_at": null,
    "previous_secret_until": null,
    "revoked_at": null,
    "last_used_at": null,
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1,
    "client_secret": "cs_secret_3q2-7wQk9vXyZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345"
}))]
pub struct ApiClientWithSecret {
    #[serde(flatten)]
    pub client: ApiClient,
    /// The OAuth 2.0 `client_secret`. Store it now: it is never shown again.
    pub client_secret: String,
}

/// A new API client. Unknown fields are refused by name.
#[derive(ToSchema)]
#[schema(example = json!({
    "name": "SAGE: group insurance enrolments",
    "role": "partner",
    "partner_id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by NewApiClient"
)]
pub struct ApiClientInput {
    /// 1–200 characters.
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    role: Role,
    /// Required for `coop_manager`, refused otherwise.
    cooperative_id: Option<CooperativeId>,
    /// Required for `partner`, refused otherwise.
    partner_id: Option<PartnerId>,
    /// In the future; none by default.
    expires_at: Option<DateTime<Utc>>,
}

/// One page of API clients.
pub type ApiClientPage = Page<ApiClient>;

impl Listed for ApiClient {
    const PAGE: &'static str = "ApiClientPage";
    const PLURAL: &'static str = "API clients";
}
