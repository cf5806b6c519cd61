//! Everything that talks to PostgreSQL: the pool, the embedded migrations, the schema, and
//! one module of queries per resource. Nothing outside this module builds SQL.

pub mod agreements;
pub mod api_clients;
pub mod board;
pub mod changes;
pub mod cooperatives;
pub mod demo;
pub mod enrollments;
pub mod events;
pub mod idempotency;
pub mod indicators;
pub mod keyset;
pub mod list;
pub mod membership;
pub mod objectives;
pub mod partners;
pub mod plans;
pub mod position;
pub mod projects;
pub mod reports;
pub mod representations;
mod resource;
/// The tables, declared below every layer (the domain's profiles name their columns).
pub use coopsante_domain::schema;
pub mod stats;
pub mod tls;
pub mod transitions;
pub mod webhooks;

use std::time::Duration;

use deadpool::Runtime;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncMigrationHarness, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use coopsante_config::DbConfig;
use coopsante_domain as domain;
use coopsante_i18n as i18n;

pub use changes::{Actor, write};
pub use diesel_async::AsyncPgConnection;
pub use diesel_async::pooled_connection::deadpool::PoolError;
pub use resource::Resource;
pub(crate) use resource::resource;
pub use tls::Target;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

pub type DbPool = Pool<AsyncPgConnection>;
pub type Conn = Object<AsyncPgConnection>;

/// The connections of the read-only handlers that tolerate a little replication lag (the
/// public directory, the statistics, the plan's summary, the annual report): a streaming
/// replica's when `COOPSANTE_READ_DATABASE_URL` is set, else the primary's own pool.
#[derive(Clone)]
pub struct ReadPool(pub DbPool);

impl std::ops::Deref for ReadPool {
    type Target = DbPool;

    fn deref(&self) -> &DbPool {
        &self.0
    }
}

/// A connection of its own to the database at `url`, with the TLS its `sslmode` asks for: what
/// every connection outside the pool uses (migrations, the LISTEN connection, commands).
pub async fn connect(url: &str) -> Result<AsyncPgConnection, String> {
    Target::parse(url)?
        .connect()
        .await
        .map_err(|e| format!("cannot connect to the database: {e}"))
}

pub fn pool(config: &DbConfig) -> Result<DbPool, String> {
    let target = Target::parse(&config.url)?;
    // Fast recycling skips a `SELECT 1` round-trip per checkout (the default): a connection
    // that died is found broken on its first query (503) and then dropped by the pool.
    let mut manager_config = ManagerConfig::default();
    manager_config.recycling_method = RecyclingMethod::Fast;
    // Bounded waits: a statement that runs away or waits on a lock held elsewhere ends (503)
    // instead of holding its connection until the pool is empty for everyone.
    // Generic plans: the service's prepared statements are fixed shapes over indexed keys,
    // and PostgreSQL's default kept re-planning them on every run (a parameter as LIMIT makes
    // the generic plan look dearer than a custom one): −20 % database CPU per first page.
    // No JIT: a generic plan's estimates (an array of unknown length) priced the statistics
    // above `jit_above_cost`, and compiling took longer than the query (as_of 7 → 25-37 ms).
    let settings = format!(
        "SET statement_timeout = {}; SET lock_timeout = {}; \
         SET plan_cache_mode = force_generic_plan; SET jit = off",
        config.statement_timeout.as_millis(),
        config.lock_timeout.as_millis()
    );
    // The manager's URL is `config.url`, read once into `target`.
    manager_config.custom_setup = Box::new(move |_url| {
        let (target, settings) = (target.clone(), settings.clone());
        Box::pin(async move {
            use diesel_async::SimpleAsyncConnection;
            let mut conn = target.connect().await?;
            conn.batch_execute(&settings)
                .await
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(conn)
        })
    });
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(
        &config.url,
        manager_config,
    );
    Pool::builder(manager)
        .max_size(config.pool_size)
        .wait_timeout(Some(config.acquire_timeout))
        .create_timeout(Some(config.acquire_timeout))
        .recycle_timeout(Some(Duration::from_secs(2)))
        .runtime(Runtime::Tokio1)
        .build()
        .map_err(|e| format!("could not build the database pool: {e}"))
}

/// A pooled connection, or the pool's error when none can be had in the configured time.
pub async fn conn(pool: &DbPool) -> Result<Conn, PoolError> {
    pool.get().await
}

/// What a query through the pool can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no database connection: {0}")]
    Pool(#[from] PoolError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// Applies pending migrations; returns the versions applied. Several instances may start at
/// once: an advisory lock (held until this connection closes) lets one migrate at a time.
pub async fn migrate(url: &str) -> Result<Vec<String>, String> {
    let mut conn = connect(url).await?;
    diesel::sql_query("SELECT pg_advisory_lock(7270001)")
        .execute(&mut conn)
        .await
        .map_err(|e| format!("cannot take the migration lock: {e}"))?;
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

/// Where the database is, for the readiness probe's own connection.
#[derive(Debug, Clone)]
pub struct DatabaseUrl(pub String);

/// True when the database answers a trivial query: on an idle pooled connection if there is
/// one, else on a connection of its own, so that a pool busy with slow requests does not
/// make a healthy database look down (a load balancer would pull every instance).
pub async fn ping(pool: &DbPool, url: Option<&DatabaseUrl>) -> bool {
    use deadpool::managed::Timeouts;
    let at_once = Timeouts {
        wait: Some(Duration::ZERO),
        create: Some(Duration::from_secs(2)),
        recycle: Some(Duration::from_secs(2)),
    };
    let select_one = async |conn: &mut AsyncPgConnection| {
        diesel::sql_query("SELECT 1").execute(conn).await.is_ok()
    };
    match (pool.timeout_get(&at_once).await, url) {
        (Ok(mut conn), _) => select_one(&mut conn).await,
        (Err(PoolError::Timeout(_)), Some(url)) => {
            let own = tokio::time::timeout(Duration::from_secs(2), async {
                let mut conn = Target::parse(&url.0).ok()?.connect().await.ok()?;
                Some(select_one(&mut conn).await)
            });
            matches!(own.await, Ok(Some(true)))
        }
        _ => false,
    }
}

/// A named constraint and what its violation means to a client: the field at fault and a
/// message. Each table module lists its own; `ApiError`'s conversion looks them up.
pub struct Constraint {
    pub name: &'static str,
    pub field: &'static str,
    pub message: fn() -> crate::i18n::Message,
}

/// The meaning of a named constraint, from the tables' lists.
pub fn constraint(name: &str) -> Option<&'static Constraint> {
    [
        api_clients::CONSTRAINTS,
        cooperatives::CONSTRAINTS,
        membership::CONSTRAINTS,
        plans::CONSTRAINTS,
        objectives::CONSTRAINTS,
        partners::CONSTRAINTS,
        agreements::CONSTRAINTS,
        enrollments::CONSTRAINTS,
        events::CONSTRAINTS,
        projects::CONSTRAINTS,
        representations::CONSTRAINTS,
        board::CONSTRAINTS,
    ]
    .iter()
    .flat_map(|table| table.iter())
    .find(|c| c.name == name)
}
