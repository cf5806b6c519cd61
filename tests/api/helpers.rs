//! The test harness: each test gets the real app, served on a free port, over its own
//! database, created from a migrated template (fast) and dropped when the test ends.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderMap, HeaderName};
use awc::Client;
use coopsante::app::{self, AppState};
use coopsante::auth::{Role, TokenKeys};
use coopsante::config::{DbConfig, JwtConfig, RateLimitConfig, WebhookConfig};
use coopsante::db;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

pub const SECRET: &str = "test-secret-that-is-long-enough-for-hs256";

fn server_url() -> String {
    let url = std::env::var("TEST_DATABASE_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    // Keep the server part; databases are named per test.
    match url.rsplit_once('/') {
        Some((server, _)) if server.contains("//") && server.len() > "postgres://".len() => {
            server.to_owned()
        }
        _ => url,
    }
}

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
    if let Some((kid, secret)) = jwt.previous {
        cmd.env("COOPSANTE_JWT_PREVIOUS_KID", kid).env(
            "COOPSANTE_JWT_PREVIOUS_SECRET",
            String::from_utf8(secret).expect("UTF-8"),
        );
    }
    cmd
}

async fn admin() -> AsyncPgConnection {
    admin_at(&server_url()).await
}

async fn admin_at(server: &str) -> AsyncPgConnection {
    let url = format!("{server}/postgres");
    AsyncPgConnection::establish(&url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {url}: {e}"))
}

async fn exec(conn: &mut AsyncPgConnection, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Renaming or copying a database fails while anyone is connected to it; connections that
/// were just closed linger a moment, so retry briefly.
async fn retry(conn: &mut AsyncPgConnection, sql: &str) {
    for attempt in 0.. {
        match diesel::sql_query(sql).execute(conn).await {
            Ok(_) => return,
            Err(_) if attempt < 100 => tokio::time::sleep(Duration::from_millis(50)).await,
            Err(e) => panic!("{sql}: {e}"),
        }
    }
}

/// A stable name for the template of the current migrations: a new migration makes a new one.
/// Only the migrations' relative paths and contents count, so two checkouts of the same
/// migrations share a template.
fn template_name() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut entries: Vec<_> = walk(&dir);
    entries.sort();
    // FNV-1a: stable across runs and toolchains.
    let mut hash: u64 = 0xcbf29ce484222325;
    for path in entries {
        let relative = path.strip_prefix(&dir).unwrap_or(&path).to_owned();
        for byte in relative
            .to_string_lossy()
            .bytes()
            .chain(std::fs::read(&path).unwrap_or_default())
        {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x100000001b3);
        }
    }
    format!("coopsante_tpl_{hash:016x}")
}

fn checkout() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    datname: String,
}

#[derive(diesel::QueryableByName)]
struct Exists {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    exists: bool,
}

/// Creates the migrated template once; test processes run in parallel, so an advisory lock
/// lets one build it while the others wait.
async fn ensure_template(conn: &mut AsyncPgConnection) -> String {
    let name = template_name();
    exec(conn, "SELECT pg_advisory_lock(727274)").await;
    let found: Exists =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<diesel::sql_types::Text, _>(&name)
            .get_result(conn)
            .await
            .expect("query pg_database");
    if !found.exists {
        let building = format!("{name}_building");
        exec(
            conn,
            &format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
        )
        .await;
        exec(conn, &format!("CREATE DATABASE {building}")).await;
        db::migrate(&format!("{}/{building}", server_url()))
            .await
            .expect("migrations apply");
        retry(conn, &format!("ALTER DATABASE {building} RENAME TO {name}")).await;
        // The comment says which checkout built it: another checkout (another branch, other
        // migrations) may share this server, and its templates are not ours to drop.
        exec(
            conn,
            &format!(
                "COMMENT ON DATABASE {name} IS '{}'",
                checkout().replace('\'', "''")
            ),
        )
        .await;
        // Our templates of older migrations are of no more use; one still being copied stays.
        let stale: Vec<Name> = diesel::sql_query(
            "SELECT datname FROM pg_database d \
             WHERE datname LIKE 'coopsante\\_tpl\\_%' AND datname <> $1 \
               AND shobj_description(d.oid, 'pg_database') = $2",
        )
        .bind::<diesel::sql_types::Text, _>(&name)
        .bind::<diesel::sql_types::Text, _>(checkout())
        .load(conn)
        .await
        .unwrap_or_default();
        for old in stale {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {}", old.datname))
                .execute(conn)
                .await;
        }
    }
    exec(conn, "SELECT pg_advisory_unlock(727274)").await;
    name
}

/// A database of one test's own, dropped (even after a failure) when the test ends.
pub struct TestDb {
    pub name: String,
    pub url: String,
    /// The server it lives on (`postgres://…:port`, no database).
    pub server: String,
}

impl TestDb {
    /// A name for a database not yet created on `server` (a restore creates it), dropped
    /// with this value if it exists by then.
    pub fn future(server: &str) -> Self {
        let name = format!("coopsante_test_{}", Uuid::now_v7().simple());
        TestDb {
            url: format!("{server}/{name}"),
            name,
            server: server.to_owned(),
        }
    }

    /// The default test server.
    pub fn default_server() -> String {
        server_url()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (name, server) = (self.name.clone(), self.server.clone());
        // Drop runs outside any runtime we can block on: use a thread with its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                let mut conn = admin_at(&server).await;
                exec(
                    &mut conn,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await;
            });
        })
        .join();
    }
}

/// A database with nothing in it (not even the migrations), dropped when the test ends.
pub async fn empty_db() -> TestDb {
    let mut conn = admin().await;
    let name = format!("coopsante_empty_{}", Uuid::now_v7().simple());
    exec(&mut conn, &format!("CREATE DATABASE {name}")).await;
    TestDb {
        url: format!("{}/{name}", server_url()),
        name,
        server: server_url(),
    }
}

pub async fn test_db() -> TestDb {
    let mut conn = admin().await;
    let template = ensure_template(&mut conn).await;
    let name = format!("coopsante_test_{}", Uuid::now_v7().simple());
    retry(
        &mut conn,
        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
    )
    .await;
    TestDb {
        url: format!("{}/{name}", server_url()),
        name,
        server: server_url(),
    }
}

pub struct TestApp {
    pub address: String,
    db: TestDb,
    pub keys: TokenKeys,
    pub client: Client,
    /// Background work (the webhook worker) runs as long as the app.
    _tasks: coopsante::app::Tasks,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(HeaderName::from_bytes(name.as_bytes()).ok()?)
            .and_then(|v| v.to_str().ok())
    }

    /// The `field`s named in a problem's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    /// Asserts a problem+json response with this status.
    #[track_caller]
    pub fn assert_problem(&self, status: u16) -> &Self {
        self.assert_status(status);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "body: {}",
            self.text
        );
        assert_eq!(self.body["status"], status);
        assert!(
            self.body["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("https://coopsante.dev/problems/"))
        );
        assert!(self.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
        assert_eq!(
            self.body["request_id"].as_str(),
            self.header("x-request-id"),
            "problem names the request id"
        );
        self
    }
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
    /// Where "today" is read; the system clock in Montréal unless a test fixes it.
    pub clock: coopsante::clock::Clock,
    pub cors: coopsante::config::CorsOrigins,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limits: RateLimitConfig::default(),
            webhooks: test_webhooks(),
            pool_size: 4,
            acquire_timeout: Duration::from_secs(5),
            lock_timeout: Duration::from_secs(1),
            clock: coopsante::clock::Clock::default(),
            cors: coopsante::config::CorsOrigins::default(),
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
        statement_timeout: Duration::from_secs(10),
        lock_timeout: options.lock_timeout,
    };
    let pool = db::pool(&db_config).expect("pool");
    let keys = TokenKeys::new(&jwt_config());
    let state = AppState::new(pool, TokenKeys::new(&jwt_config()))
        .with_rate_limits(options.limits)
        .with_webhooks(options.webhooks)
        .with_database_url(&db.url)
        .with_clock(options.clock)
        .with_cors(options.cors);
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

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.request("DELETE", path, Some(token), &[], None).await
    }
}
