//! Queries on `api_clients`: outside systems' credentials.

use crate::i18n::msg;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::Constraint;
use super::list::{ListConn, LoadList};
use super::schema::api_clients::{self, dsl as k};
use crate::domain::api_client::NewApiClient;
use crate::domain::ids::{ApiClientId, CooperativeId, PartnerId};
use crate::domain::role::Role;

pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "api_clients_name_length",
        field: "name",
        message: || msg!("constraint-name-length"),
    },
    Constraint {
        name: "api_clients_binding",
        field: "role",
        message: || msg!("constraint-api-client-binding"),
    },
];

/// A stored client; the hashes never leave the server.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_clients, check_for_backend(diesel::pg::Pg))]
pub struct ApiClientRow {
    pub id: ApiClientId,
    pub name: String,
    pub role: Role,
    pub cooperative_id: Option<CooperativeId>,
    pub partner_id: Option<PartnerId>,
    pub secret_hash: String,
    pub previous_secret_hash: Option<String>,
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(ApiClientRow, api_clients, ApiClientId);

impl ApiClientRow {
    /// The hashes a presented secret may match at `now`: the current one, and the previous
    /// one during its grace period after a rotation.
    pub fn secret_hashes(&self, now: DateTime<Utc>) -> Vec<&str> {
        let mut hashes = vec![self.secret_hash.as_str()];
        if let (Some(previous), Some(until)) =
            (&self.previous_secret_hash, self.previous_secret_until)
            && now < until
        {
            hashes.push(previous);
        }
        hashes
    }
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: NewApiClient,
    secret_hash: String,
) -> QueryResult<ApiClientRow> {
    diesel::insert_into(api_clients::table)
        .values((
            k::id.eq(ApiClientId::generate()),
            k::name.eq(new.name.into_inner()),
            k::role.eq(new.binding.role()),
            k::cooperative_id.eq(new.binding.cooperative_id()),
            k::partner_id.eq(new.binding.partner_id()),
            k::secret_hash.eq(secret_hash),
            k::expires_at.eq(new.expires_at),
        ))
        .returning(ApiClientRow::as_returning())
        .get_result(conn)
        .await
}

/// Replaces the secret; the one it replaces keeps working until `grace_until`.
pub async fn rotate(
    conn: &mut AsyncPgConnection,
    id: ApiClientId,
    secret_hash: String,
    grace_until: DateTime<Utc>,
) -> QueryResult<ApiClientRow> {
    diesel::update(k::api_clients.find(id))
        .set((
            k::previous_secret_hash.eq(k::secret_hash.nullable()),
            k::previous_secret_until.eq(Some(grace_until)),
            k::secret_hash.eq(secret_hash),
            k::version.eq(k::version + 1),
            k::updated_at.eq(diesel::dsl::now),
        ))
        .returning(ApiClientRow::as_returning())
        .get_result(conn)
        .await
}

/// Revokes the client from now on; revoking it again keeps the first time.
pub async fn revoke(conn: &mut AsyncPgConnection, id: ApiClientId) -> QueryResult<ApiClientRow> {
    diesel::update(k::api_clients.find(id).filter(k::revoked_at.is_null()))
        .set((
            k::revoked_at.eq(Some(Utc::now())),
            k::version.eq(k::version + 1),
            k::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    k::api_clients
        .find(id)
        .select(ApiClientRow::as_select())
        .first(conn)
        .await
}

/// Records that the client just obtained a token.
pub async fn touch(conn: &mut AsyncPgConnection, id: ApiClientId) -> QueryResult<()> {
    diesel::update(k::api_clients.find(id))
        .set(k::last_used_at.eq(Some(Utc::now())))
        .execute(conn)
        .await
        .map(drop)
}

/// Clients by creation (their ids are time-ordered), after the previous page's last id.
pub async fn list(
    conn: &ListConn<'_>,
    after: Option<ApiClientId>,
    limit: i64,
) -> QueryResult<Vec<ApiClientRow>> {
    let mut q = k::api_clients.into_boxed();
    if let Some(id) = after {
        q = q.filter(k::id.gt(id));
    }
    q.order(k::id.asc())
        .select(ApiClientRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// The channel on which a revocation is announced (see the migration's trigger); the
/// payload is the client's id.
pub const REVOKED_CHANNEL: &str = "api_client_revoked";

/// Subscribes this connection to revocations.
pub async fn listen_for_revocations(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    diesel::sql_query(format!("LISTEN {REVOKED_CHANNEL}"))
        .execute(conn)
        .await
        .map(drop)
}

/// Every revoked client.
pub async fn revoked(conn: &mut AsyncPgConnection) -> QueryResult<Vec<ApiClientId>> {
    k::api_clients
        .filter(k::revoked_at.is_not_null())
        .select(k::id)
        .load(conn)
        .await
}
