//! The test harness: each test gets the real app, served on a free port, over its own
//! database, created from a migrated template (fast) and dropped when the test ends.

use std::net::TcpListener;
use std::time::Duration;

use awc::Client;
use coopsante::app::{self, AppState};
use coopsante::auth::{Role, TokenKeys};
use coopsante::config::{DbConfig, JwtConfig, RateLimitConfig, WebhookConfig};
use coopsante::db;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::Value;
use uuid::Uuid;

mod databases;
mod response;

use databases::exec;
pub use databases::{TestDb, empty_db, test_db};
pub use response::Response;

/// Today as the service reads it: in its time zone (Montréal), not UTC's, which is already
/// tomorrow every evening.
pub fn today() -> chrono::NaiveDate {
    coopsante::clock::Clock::default().today()
}

/// The header of an HTML form's body, as OAuth token requests send it.
pub const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

pub const SECRET: &str = "test-secret-that-is-long-enough-for-hs256";

/// The key the test server accepted before its last rotation.
pub const PREVIOUS_SECRET: &str = "previous-test-secret-long-enough-for-hs256";

pub fn jwt_config() -> JwtConfig {
    JwtConfig {
        secret: SECRET.as_bytes().to_vec(),
        kid: "2".into(),
        previous: Some(("1".into(), PREVIOUS_SECRET.as_bytes().to_vec())),
        issuer: "coopsante".into(),
        audience: "coopsante-api".into(),
        ttl: Duration::from_secs(600),
    }
}

/// The real `coopsante` binary with the token settings of the test app ([`jwt_config`]) and
/// nothing else from the environment, so that what it signs the test app accepts and a
/// variable set where the tests run cannot change what it does.
pub fn binary() -> std::process::Command {
    let jwt = jwt_config();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_coopsante"));
    cmd.env_clear()
        .env(
            "COOPSANTE_JWT_SECRET",
            String::from_utf8(jwt.secret).expect("UTF-8"),
        )
        .env("COOPSANTE_JWT_KID", &jwt.kid)
        .env("COOPSANTE_JWT_ISSUER", &jwt.issuer)
        .env("COOPSANTE_JWT_AUDIENCE", &jwt.audience)
        .env("COOPSANTE_TOKEN_TTL", jwt.ttl.as_secs().to_string());
    // The clock the tests run on (`scripts/test-at` moves it with faketime) is the binary's.
    for clock in ["LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC"] {
        if let Some(value) = std::env::var_os(clock) {
            cmd.env(clock, value);
        }
    }
    if let Some((kid, secret)) = jwt.previous {
        cmd.env("COOPSANTE_JWT_PREVIOUS_KID", kid).env(
            "COOPSANTE_JWT_PREVIOUS_SECRET",
            String::from_utf8(secret).expect("UTF-8"),
        );
    }
    cmd
}

pub struct TestApp {
    pub address: String,
    db: TestDb,
    pub keys: TokenKeys,
    pub client: Client,
    /// Background work (the webhook worker) runs as long as the app.
    _tasks: coopsante::app::Tasks,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

/// Webhooks as tests need them: to loopback receivers, retried within a second.
pub fn test_webhooks() -> WebhookConfig {
    WebhookConfig {
        allow_private: true,
        retries: vec![Duration::from_millis(200); 3],
        timeout: Duration::from_secs(2),
        poll: Duration::from_millis(50),
        secret_grace: Duration::from_secs(24 * 3600),
        resolve: Vec::new(),
    }
}

/// The app with these rate limits (the defaults are far above what a test sends).
pub async fn spawn_app_with_limits(limits: RateLimitConfig) -> TestApp {
    spawn_app_with(Options {
        limits,
        ..Options::default()
    })
    .await
}

/// The app with these webhook settings.
pub async fn spawn_app_with_webhooks(webhooks: WebhookConfig) -> TestApp {
    spawn_app_with(Options {
        webhooks,
        ..Options::default()
    })
    .await
}

/// What a test may change in the app it spawns.
pub struct Options {
    pub limits: RateLimitConfig,
    pub webhooks: WebhookConfig,
    pub pool_size: usize,
    pub acquire_timeout: Duration,
    pub lock_timeout: Duration,
    pub statement_timeout: Duration,
    /// Where "today" is read; the system clock in Montréal unless a test fixes it.
    pub clock: coopsante::clock::Clock,
    pub cors: coopsante::config::CorsOrigins,
    /// Rate limits shared through Redis (each instance's own as the fallback).
    pub shared_limits: Option<coopsante::ratelimit::Shared>,
    /// Whose `X-Forwarded-For` is believed (none, as in the service by default).
    pub trusted_proxies: coopsante::config::TrustedProxies,
    /// The database the lag-tolerant reads go to (a replica's stand-in: another test app's).
    pub read_database_url: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limits: RateLimitConfig::default(),
            webhooks: test_webhooks(),
            pool_size: 4,
            acquire_timeout: Duration::from_secs(5),
            lock_timeout: Duration::from_secs(1),
            statement_timeout: Duration::from_secs(10),
            clock: coopsante::clock::Clock::default(),
            cors: coopsante::config::CorsOrigins::default(),
            shared_limits: None,
            trusted_proxies: coopsante::config::TrustedProxies::default(),
            read_database_url: None,
        }
    }
}

/// The app on a database of its own, made from the migrated template.
pub async fn spawn_app_with(options: Options) -> TestApp {
    spawn_app_on(test_db().await, options).await
}

/// The app on a given database (already migrated), dropped with the app.
pub async fn spawn_app_on(db: TestDb, options: Options) -> TestApp {
    let db_config = DbConfig {
        url: db.url.clone(),
        pool_size: options.pool_size,
        acquire_timeout: options.acquire_timeout,
        statement_timeout: options.statement_timeout,
        lock_timeout: options.lock_timeout,
    };
    let pool = db::pool(&db_config).expect("pool");
    let keys = TokenKeys::new(&jwt_config());
    let state = AppState::new(pool, TokenKeys::new(&jwt_config()))
        .with_rate_limits(options.limits)
        .with_webhooks(options.webhooks)
        .with_database_url(&db.url)
        .with_clock(options.clock)
        .with_cors(options.cors)
        .with_trusted_proxies(options.trusted_proxies);
    let state = match options.shared_limits {
        Some(shared) => state.with_shared_rate_limits(options.limits, shared),
        None => state,
    };
    let state = match &options.read_database_url {
        Some(url) => state.with_read_pool(
            db::pool(&DbConfig {
                url: url.clone(),
                ..db_config.clone()
            })
            .expect("read pool"),
        ),
        None => state,
    };
    let tasks = state.start_tasks(&db.url);
    let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
    let port = listener.local_addr().expect("address").port();
    let server = actix_web::HttpServer::new(move || app::build(state.clone()))
        .workers(1)
        .listen(listener)
        .expect("listen")
        .disable_signals()
        .run();
    actix_web::rt::spawn(server);
    let client = Client::builder()
        .timeout(Duration::from_secs(30))
        .disable_redirects()
        .finish();
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        db,
        keys,
        client,
        _tasks: tasks,
    }
}

impl TestApp {
    /// The URL of this test's own database, for running the real binary against it.
    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    /// Runs SQL directly on this test's database (for bulk fixtures the API would make slow,
    /// or changes made behind the API's back). Its writes are recorded as the actor `sql`.
    pub async fn sql(&self, sql: &str) {
        exec(&mut self.sql_connection().await, sql).await;
    }

    /// A connection of its own to this test's database, whose writes are recorded as the
    /// actor `sql` (for reading results back, which [`Self::sql`] does not).
    pub async fn sql_connection(&self) -> AsyncPgConnection {
        let mut conn = AsyncPgConnection::establish(&self.db.url)
            .await
            .expect("connect to the test database");
        exec(&mut conn, "SET coopsante.actor = 'sql'").await;
        exec(&mut conn, "SET coopsante.actor_role = 'admin'").await;
        conn
    }

    /// A plain connection of its own to this test's database (writes name no actor).
    pub async fn connection(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.db.url)
            .await
            .expect("connect to the test database")
    }

    /// A session holding an exclusive lock on `table` until it ends or is dropped, for
    /// requests that must wait on it.
    pub async fn lock_table(&self, table: &str) -> AsyncPgConnection {
        use diesel_async::SimpleAsyncConnection;
        let mut conn = self.connection().await;
        conn.batch_execute(&format!(
            "BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"
        ))
        .await
        .expect("the lock");
        conn
    }

    pub fn token(&self, role: Role) -> String {
        self.keys.issue("test", role, None, None).expect("token")
    }

    pub fn manager_token(&self, cooperative: &str) -> String {
        let id = cooperative.parse().expect("a cooperative id");
        self.keys
            .issue("manager", Role::CoopManager, Some(id), None)
            .expect("token")
    }

    pub fn partner_token(&self) -> String {
        self.keys
            .issue("partner", Role::Partner, None, Some(Uuid::now_v7().into()))
            .expect("token")
    }

    pub fn admin(&self) -> String {
        self.token(Role::Admin)
    }

    /// Sends a request. `token` and `body` are optional; a JSON body is sent as
    /// `application/json` unless a content type is given in `headers`.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Response {
        let method = actix_web::http::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.address));
        if let Some(token) = token {
            req = req.insert_header(("Authorization", format!("Bearer {token}")));
        }
        let has_type = headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
        if body.is_some() && !has_type {
            req = req.insert_header(("Content-Type", "application/json"));
        }
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        let mut res = match body {
            Some(b) => req.send_body(b).await,
            None => req.send().await,
        }
        .expect("request sent");
        let bytes = res.body().limit(64 * 1024 * 1024).await.expect("body read");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Response {
            status: res.status(),
            headers: res.headers().clone(),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            text,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request("GET", path, Some(token), &[], None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(
            "POST",
            path,
            Some(token),
            &[],
            Some(body.to_string().into_bytes()),
        )
        .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> Response {
        let headers = [("Content-Type", "application/merge-patch+json")];
        self.request(
            "PATCH",
            path,
            Some(token),
            &headers,
            Some(body.to_string().into_bytes()),
        )
        .await
    }

    pub async fn admin_post(&self, path: &str, body: &Value) -> Response {
        self.post(path, &self.admin(), body).await
    }

    pub async fn admin_patch(&self, path: &str, body: &Value) -> Response {
        self.patch(path, &self.admin(), body).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.request("DELETE", path, Some(token), &[], None).await
    }

    /// A read asking for the representation of media type `accept`.
    pub async fn get_accepting(&self, path: &str, token: &str, accept: &str) -> Response {
        let headers = [("Accept", accept)];
        self.request("GET", path, Some(token), &headers, None).await
    }

    /// A request without a token.
    pub async fn anonymous_get(&self, path: &str) -> Response {
        self.request("GET", path, None, &[], None).await
    }

    /// A read made only if the representation is no longer `etag`.
    pub async fn get_if_none_match(&self, path: &str, token: &str, etag: &str) -> Response {
        let headers = [("If-None-Match", etag)];
        self.request("GET", path, Some(token), &headers, None).await
    }

    /// A merge patch made only if the record is still at `etag`.
    pub async fn patch_if_match(
        &self,
        path: &str,
        token: &str,
        etag: &str,
        body: &Value,
    ) -> Response {
        let headers = [
            ("If-Match", etag),
            ("Content-Type", "application/merge-patch+json"),
        ];
        let body = Some(body.to_string().into_bytes());
        self.request("PATCH", path, Some(token), &headers, body)
            .await
    }

    /// A deletion made only if the record is still at `etag`.
    pub async fn delete_if_match(&self, path: &str, token: &str, etag: &str) -> Response {
        let headers = [("If-Match", etag)];
        self.request("DELETE", path, Some(token), &headers, None)
            .await
    }
}
