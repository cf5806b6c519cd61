//! Builds the actix application once for the server and the tests alike.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Condition, DefaultHeaders, Logger, from_fn};
use actix_web::{App, Error, web};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::auth::TokenKeys;
use crate::auth::revocation::{self, Revoked};
use crate::clock::Clock;
use crate::config::{CorsOrigins, JSON_LIMIT, RateLimitConfig, TrustedProxies, WebhookConfig};
use crate::db::DbPool;
use crate::domain::fiscal_year::FiscalYearStart;
use crate::error::{self};
use crate::ratelimit::{self, RateLimits};
mod docs;

pub use docs::Docs;
use docs::{not_found, openapi_json, path_error};

use crate::{bulkhead, clock, cors, deprecation, idempotency, limits, metrics, request_id, routes};

/// Background work that must finish what it started before the process exits.
#[must_use = "stop the tasks at shutdown"]
pub struct Tasks {
    stop: tokio::sync::watch::Sender<bool>,
    webhooks: actix_web::rt::task::JoinHandle<()>,
}

impl Tasks {
    /// Asks the webhook worker to stop after its current round (deliveries under way are
    /// sent and recorded, none is started) and waits for it, at most `within`.
    pub async fn stop(self, within: std::time::Duration) {
        let _ = self.stop.send(true);
        match tokio::time::timeout(within, self.webhooks).await {
            Ok(_) => log::info!("webhooks: worker stopped"),
            Err(_) => log::warn!(
                "webhooks: worker still busy after {within:?}; leases of unfinished deliveries lapse and another instance retries them"
            ),
        }
    }
}

/// What every worker shares: built once at start.
#[derive(Clone)]
pub struct AppState {
    pub pool: web::Data<DbPool>,
    pub read_pool: web::Data<crate::db::ReadPool>,
    pub keys: web::Data<TokenKeys>,
    /// When fiscal years start (`COOPSANTE_FISCAL_YEAR_START_MONTH`), for the annual report.
    pub fiscal_year_start: web::Data<FiscalYearStart>,
    pub revoked: web::Data<Revoked>,
    pub limits: web::Data<RateLimits>,
    /// How long recorded changes are kept (`COOPSANTE_CHANGES_RETENTION_DAYS`).
    pub changes_retention: std::time::Duration,
    pub audit_retention: Option<std::time::Duration>,
    pub webhooks: web::Data<WebhookConfig>,
    /// For the readiness probe's own connection when the pool is busy.
    pub database_url: web::Data<Option<crate::db::DatabaseUrl>>,
    pub bulkheads: web::Data<bulkhead::Bulkheads>,
    /// Where "today" is read (`COOPSANTE_TIMEZONE`; fixed in tests).
    pub clock: web::Data<Clock>,
    /// Origins whose pages may call (`COOPSANTE_CORS_ORIGINS`).
    pub cors: CorsOrigins,
    /// Proxies whose `X-Forwarded-For` names the client (`COOPSANTE_TRUSTED_PROXIES`), for
    /// the rate limits and the access log.
    pub trusted_proxies: web::Data<TrustedProxies>,
    /// Request counters and `/metrics`, shared by every worker.
    pub metrics: actix_web_prom::PrometheusMetrics,
    /// The OpenAPI document, serialised once for every worker (each used to hold its own,
    /// about 1 MiB) and the route table answering 404 or 405.
    pub docs: web::Data<Docs>,
    /// Connections for the background work (webhooks, purges). Kept apart from the requests'
    /// pool because a connection is driven by the thread that opened it: one opened by
    /// background work on the main thread would make every request using it hop threads.
    pub background: DbPool,
}

impl AppState {
    pub fn new(pool: DbPool, keys: TokenKeys) -> Self {
        routes::pagination::set_cursor_key(keys.derive("coopsante list cursors"));
        let background = pool.clone();
        Self {
            bulkheads: web::Data::new(bulkhead::Bulkheads::for_pool(&pool)),
            metrics: metrics::middleware(&pool),
            read_pool: web::Data::new(crate::db::ReadPool(pool.clone())),
            pool: web::Data::new(pool),
            keys: web::Data::new(keys),
            fiscal_year_start: web::Data::new(FiscalYearStart::default()),
            revoked: web::Data::new(Revoked::default()),
            limits: web::Data::new(RateLimits::new(RateLimitConfig::default())),
            changes_retention: std::time::Duration::from_secs(90 * 86_400),
            audit_retention: None,
            webhooks: web::Data::new(WebhookConfig::default()),
            database_url: web::Data::new(None),
            clock: web::Data::new(Clock::default()),
            cors: CorsOrigins::default(),
            trusted_proxies: web::Data::new(TrustedProxies::default()),
            docs: web::Data::new(Docs::build()),
            background,
        }
    }

    /// The pool of a streaming replica, for the reads that tolerate a little lag.
    pub fn with_read_pool(mut self, pool: DbPool) -> Self {
        self.read_pool = web::Data::new(crate::db::ReadPool(pool));
        self
    }

    pub fn with_background_pool(mut self, pool: DbPool) -> Self {
        self.background = pool;
        self
    }

    pub fn with_cors(mut self, origins: CorsOrigins) -> Self {
        self.cors = origins;
        self
    }

    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.trusted_proxies = web::Data::new(proxies);
        self
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = web::Data::new(clock);
        self
    }

    pub fn with_changes_retention(mut self, retention: std::time::Duration) -> Self {
        self.changes_retention = retention;
        self
    }

    /// How long audit events are kept (`None`: for good).
    pub fn with_audit_retention(mut self, retention: Option<std::time::Duration>) -> Self {
        self.audit_retention = retention;
        self
    }

    pub fn with_database_url(mut self, url: &str) -> Self {
        self.database_url = web::Data::new(Some(crate::db::DatabaseUrl(url.to_owned())));
        self
    }

    pub fn with_webhooks(mut self, config: WebhookConfig) -> Self {
        self.webhooks = web::Data::new(config);
        self
    }

    /// Budgets every instance shares through Redis, each instance's own as the fallback.
    pub fn with_shared_rate_limits(
        mut self,
        config: RateLimitConfig,
        shared: crate::ratelimit::Shared,
    ) -> Self {
        self.limits = web::Data::new(RateLimits::sharing(config, Some(shared)));
        self
    }

    pub fn with_rate_limits(mut self, config: RateLimitConfig) -> Self {
        self.limits = web::Data::new(RateLimits::new(config));
        self
    }

    /// Starts what runs beside the requests, once, inside the server's runtime: following
    /// every instance's revocations of API clients (see `auth::revocation`), forgetting
    /// rate-limit keys that are whole again (see `ratelimit`), the hourly upkeep of what is
    /// kept for a time (`upkeep`; every instance may, each step is idempotent),
    /// and delivering webhooks (see `webhooks`; safe with several instances).
    /// The returned handle stops the webhook worker cleanly at shutdown.
    pub fn start_tasks(&self, database_url: &str) -> Tasks {
        actix_web::rt::spawn(revocation::follow(
            database_url.to_owned(),
            self.revoked.clone(),
        ));
        let limits = self.limits.clone();
        actix_web::rt::spawn(async move {
            let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every_minute.tick().await;
                limits.prune();
            }
        });
        let (pool, feed, audit) = (
            self.background.clone(),
            self.changes_retention,
            self.audit_retention,
        );
        actix_web::rt::spawn(async move {
            let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                every_hour.tick().await;
                upkeep(&pool, feed, audit).await;
            }
        });
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let webhooks = actix_web::rt::spawn(crate::webhooks::run(
            web::Data::new(self.background.clone()),
            self.webhooks.clone(),
            stopped,
        ));
        Tasks { stop, webhooks }
    }

    pub fn with_fiscal_year_start(mut self, start: FiscalYearStart) -> Self {
        self.fiscal_year_start = web::Data::new(start);
        self
    }
}

/// The hourly upkeep: the feed trimmed past its retention, audit events past theirs (when
/// set), and idempotency keys past theirs. Every instance runs it; each step is idempotent.
async fn upkeep(pool: &DbPool, feed: std::time::Duration, audit: Option<std::time::Duration>) {
    use crate::db::changes::purge;
    let before = |retention: std::time::Duration| {
        chrono::Duration::from_std(retention).map(|r| chrono::Utc::now() - r)
    };
    let mut conn = match crate::db::conn(pool).await {
        Ok(conn) => conn,
        Err(e) => return log::warn!("upkeep skipped, no connection (will retry): {e}"),
    };
    if let Ok(before) = before(feed) {
        match purge::trim_feed(&mut conn, before).await {
            Ok(0) => {}
            Ok(n) => log::info!("trimmed {n} commits older than the feed's retention"),
            Err(e) => log::warn!("could not trim the change feed (will retry): {e}"),
        }
    }
    if let Some(Ok(before)) = audit.map(before) {
        match purge::purge_audit(&mut conn, before).await {
            Ok(0) => {}
            Ok(n) => log::info!("deleted {n} audit events older than the audit retention"),
            Err(e) => log::warn!("could not purge old audit events (will retry): {e}"),
        }
    }
    match crate::db::idempotency::purge_expired(&mut conn).await {
        Ok(0) => {}
        Ok(n) => log::info!("forgot {n} expired idempotency keys"),
        Err(e) => log::warn!("could not purge expired idempotency keys (will retry): {e}"),
    }
}

fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .content_type(|mime| {
            mime.type_() == mime::APPLICATION
                && (mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON))
        })
        .error_handler(error::json_error_handler)
}

pub fn build(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    let cors = cors::middleware(&state.cors, &state.docs.public);
    let public_reads = web::Data::new(state.docs.public.clone());
    // The document the utoipa app collects here is dropped: `state.docs` holds the one served.
    let app = App::new()
        .into_utoipa_app()
        .app_data(state.pool)
        .app_data(state.read_pool)
        .app_data(state.keys)
        .app_data(state.fiscal_year_start)
        .app_data(state.revoked)
        .app_data(state.limits)
        .app_data(state.webhooks)
        .app_data(state.database_url)
        .app_data(state.bulkheads)
        .app_data(state.clock)
        .app_data(state.trusted_proxies)
        .app_data(json_config())
        .app_data(web::QueryConfig::default().error_handler(error::query_error_handler))
        .app_data(web::PathConfig::default().error_handler(path_error))
        .configure(routes::configure)
        .into_app();
    app.app_data(state.docs)
        .app_data(public_reads)
        .app_data(web::Data::new(deprecation::Deprecations::new(
            deprecation::current(),
        )))
        .route("/openapi.json", web::get().to(openapi_json))
        .service(SwaggerUi::new("/docs/{_:.*}").config(Config::from("/openapi.json")))
        .service(web::redirect("/docs", "/docs/"))
        .default_service(web::to(not_found))
        .wrap(from_fn(idempotency::middleware))
        .wrap(from_fn(bulkhead::middleware))
        .wrap(from_fn(ratelimit::middleware))
        .wrap(from_fn(clock::middleware))
        .wrap(from_fn(limits::middleware))
        .wrap(from_fn(deprecation::middleware))
        .wrap(DefaultHeaders::new().add(("X-Content-Type-Options", "nosniff")))
        .wrap(from_fn(crate::i18n::middleware))
        .wrap(from_fn(request_id::middleware))
        .wrap(state.metrics)
        .wrap(cors)
        .wrap(from_fn(cors::any_origin_for_public_reads))
        // The access log formats every request even when its level is filtered out: only
        // wrapped when it will be written.
        .wrap(Condition::new(
            log::log_enabled!(target: "actix_web::middleware::logger", log::Level::Info),
            // The client as the rate limits see it (a trusted proxy's `X-Forwarded-For`).
            Logger::new("%{client}xi \"%r\" %s %b %Dms request_id=%{x-request-id}o")
                .custom_request_replace("client", |req| {
                    ratelimit::client_address(req)
                        .map_or_else(|| "-".to_owned(), |ip| ip.to_string())
                }),
        ))
}
