//! Databases for tests: a migrated template built once per set of migrations, and a copy of
//! it per test, dropped when the test ends (even after a failure).

use std::time::Duration;

use coopsante::db;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

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

async fn admin() -> AsyncPgConnection {
    admin_at(&server_url()).await
}

async fn admin_at(server: &str) -> AsyncPgConnection {
    let url = format!("{server}/postgres");
    AsyncPgConnection::establish(&url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {url}: {e}"))
}

pub(super) async fn exec(conn: &mut AsyncPgConnection, sql: &str) {
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
