//! Everything that talks to PostgreSQL: the pool, the embedded migrations, the schema, and
//! one module of queries per resource. Nothing outside this module builds SQL.

pub mod cooperatives;
pub mod schema;

use std::time::Duration;

use deadpool::Runtime;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::pooled_connection::deadpool::{Object, Pool, PoolError};
use diesel_async::{AsyncMigrationHarness, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DbConfig;
use crate::error::ApiError;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub type DbPool = Pool<AsyncPgConnection>;
pub type Conn = Object<AsyncPgConnection>;

pub fn pool(config: &DbConfig) -> Result<DbPool, String> {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(&config.url);
    Pool::builder(manager)
        .max_size(config.pool_size)
        .wait_timeout(Some(config.acquire_timeout))
        .create_timeout(Some(config.acquire_timeout))
        .recycle_timeout(Some(Duration::from_secs(2)))
        .runtime(Runtime::Tokio1)
        .build()
        .map_err(|e| format!("could not build the database pool: {e}"))
}

/// A pooled connection, or 503 when none can be had in the configured time.
pub async fn conn(pool: &DbPool) -> Result<Conn, ApiError> {
    pool.get().await.map_err(|e| {
        log::warn!("database connection unavailable: {e}");
        match e {
            PoolError::Timeout(_)
            | PoolError::Backend(_)
            | PoolError::Closed
            | PoolError::NoRuntimeSpecified => ApiError::Unavailable,
            PoolError::PostCreateHook(_) => ApiError::Unavailable,
        }
    })
}

/// Applies pending migrations; returns the versions applied.
pub async fn migrate(url: &str) -> Result<Vec<String>, String> {
    use diesel_async::AsyncConnection;
    let conn = AsyncPgConnection::establish(url)
        .await
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    // The harness drives sync diesel's migration code; keep it off the async workers.
    tokio::task::spawn_blocking(move || {
        let mut harness = AsyncMigrationHarness::new(conn);
        harness
            .run_pending_migrations(MIGRATIONS)
            .map(|versions| versions.iter().map(ToString::to_string).collect())
            .map_err(|e| format!("migration failed: {e}"))
    })
    .await
    .map_err(|e| format!("migration task failed: {e}"))?
}

/// True when the database answers a trivial query.
pub async fn ping(pool: &DbPool) -> bool {
    let Ok(mut conn) = pool.get().await else {
        return false;
    };
    diesel::sql_query("SELECT 1")
        .execute(&mut conn)
        .await
        .is_ok()
}

/// Maps a database error to what the client should see. Constraint names are chosen so
/// that the message can name the field at fault.
pub fn map_error(err: DieselError) -> ApiError {
    match err {
        DieselError::NotFound => ApiError::NotFound("not found".into()),
        DieselError::DatabaseError(kind, info) => {
            let constraint = info.constraint_name().unwrap_or("").to_owned();
            match kind {
                DatabaseErrorKind::UniqueViolation => {
                    ApiError::Conflict(unique_message(&constraint))
                }
                DatabaseErrorKind::ForeignKeyViolation => {
                    ApiError::Conflict(format!("the change would break a reference ({constraint})"))
                }
                DatabaseErrorKind::CheckViolation | DatabaseErrorKind::NotNullViolation => {
                    ApiError::invalid(
                        constraint_field(&constraint),
                        "constraint",
                        format!("violates the rule {constraint}"),
                    )
                }
                DatabaseErrorKind::ClosedConnection => ApiError::Unavailable,
                DatabaseErrorKind::SerializationFailure => {
                    ApiError::Conflict("a concurrent change got there first; retry".into())
                }
                _ => ApiError::Internal(format!("database error: {}", info.message())),
            }
        }
        other => ApiError::Internal(format!("database error: {other}")),
    }
}

fn unique_message(constraint: &str) -> String {
    match constraint {
        "cooperatives_neq_key" => "another cooperative already has this neq".to_owned(),
        "" => "the record conflicts with an existing one".to_owned(),
        other => format!("the record conflicts with an existing one ({other})"),
    }
}

fn constraint_field(constraint: &str) -> &str {
    match constraint {
        "cooperatives_region_iff_quebec" => "region",
        "cooperatives_status_dates" => "federation_status",
        "cooperatives_founded_before_joining" => "member_since",
        "cooperatives_neq_format" => "neq",
        _ => "body",
    }
}
