//! A PostgreSQL whose messages are in French (`lc_messages = 'fr_CA.UTF-8'`, natural in
//! Québec): its errors are read by SQLSTATE, so a lock timeout or a statement timeout is still
//! a 503, not a 500.

use std::time::Duration;

use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde_json::json;

use crate::fixtures::cooperatives;
use crate::helpers::{Options, TestApp, TestDb, spawn_app_on};
use crate::private_postgres::PrivatePostgres;

const LOCALE: &str = "fr_CA.UTF-8";

/// Whether this machine has the French locale PostgreSQL needs to speak French.
fn french_locale_installed() -> bool {
    std::process::Command::new("locale")
        .arg("-a")
        .output()
        .is_ok_and(|out| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.eq_ignore_ascii_case("fr_CA.utf8") || l == LOCALE)
        })
}

/// The reason to skip, printed, when the server cannot be made to speak French here.
fn cannot_run() -> Option<&'static str> {
    if !PrivatePostgres::binaries_installed() {
        Some("no PostgreSQL server binaries (initdb, pg_ctl) to start a server of its own")
    } else if !french_locale_installed() {
        Some(
            "the locale fr_CA.UTF-8 is not installed (Debian: apt-get install locales; \
             localedef -i fr_CA -f UTF-8 fr_CA.UTF-8)",
        )
    } else {
        None
    }
}

/// A server speaking French, a migrated database on it, and the app over that database.
async fn french_app(pg: &PrivatePostgres, options: Options) -> TestApp {
    let db = TestDb::future(&pg.server_url());
    let mut admin = coopsante::db::connect(&format!("{}/postgres", pg.server_url()))
        .await
        .expect("the private server");
    diesel::sql_query(format!("CREATE DATABASE {}", db.name))
        .execute(&mut admin)
        .await
        .expect("create the database");
    coopsante::db::migrate(&db.url).await.expect("migrations");
    spawn_app_on(db, options).await
}

fn start_french_server() -> PrivatePostgres {
    PrivatePostgres::start_with(|data| {
        let conf = data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).expect("postgresql.conf");
        text.push_str(&format!("\nlc_messages = '{LOCALE}'\n"));
        std::fs::write(conf, text).expect("postgresql.conf");
    })
}

/// The server's own words for a cancelled statement, to be sure the test is not vacuous.
async fn message_of_a_timeout(conn: &mut AsyncPgConnection) -> String {
    conn.batch_execute("SET statement_timeout = 10; SELECT pg_sleep(1)")
        .await
        .expect_err("the statement times out")
        .to_string()
}

/// A session holding a row of `cooperatives` locked until it ends.
async fn lock_row(app: &TestApp, id: &str) -> AsyncPgConnection {
    let mut conn = app.connection().await;
    conn.batch_execute(&format!(
        "BEGIN; SELECT 1 FROM cooperatives WHERE id = '{id}' FOR UPDATE"
    ))
    .await
    .expect("the row lock");
    conn
}

#[actix_web::test]
async fn a_lock_timeout_and_a_statement_timeout_are_503s_when_postgresql_speaks_french() {
    if let Some(reason) = cannot_run() {
        eprintln!(
            "SKIPPED a_lock_timeout_and_a_statement_timeout_are_503s_when_postgresql_speaks_french: {reason}"
        );
        return;
    }
    let pg = start_french_server();

    // Lock timeout (55P03): a PATCH waiting on a row another session holds.
    let app = french_app(
        &pg,
        Options {
            lock_timeout: Duration::from_millis(300),
            ..Options::default()
        },
    )
    .await;
    let said = message_of_a_timeout(&mut app.connection().await).await;
    assert!(
        said.contains("annulation"),
        "the server speaks French: {said}"
    );
    let coop = cooperatives::create(&app, json!({})).await;
    let id = coop["id"].as_str().expect("an id").to_owned();
    let path = format!("/v1/cooperatives/{id}");
    let mut locker = lock_row(&app, &id).await;
    let res = app
        .patch(&path, &app.admin(), &json!({"name": "Coop verrouillée"}))
        .await;
    res.assert_problem(503);
    assert!(res.header("retry-after").is_some(), "{:?}", res.headers);
    locker.batch_execute("ROLLBACK").await.expect("unlock");
    app.patch(&path, &app.admin(), &json!({"name": "Coop libérée"}))
        .await
        .assert_status(200);
    drop(app);

    // Statement timeout (57014): the same wait, cut by the statement timeout first.
    let app = french_app(
        &pg,
        Options {
            lock_timeout: Duration::from_secs(30),
            statement_timeout: Duration::from_millis(300),
            ..Options::default()
        },
    )
    .await;
    let coop = cooperatives::create(&app, json!({})).await;
    let id = coop["id"].as_str().expect("an id").to_owned();
    let mut locker = lock_row(&app, &id).await;
    let res = app
        .patch(
            &format!("/v1/cooperatives/{id}"),
            &app.admin(),
            &json!({"name": "Coop trop lente"}),
        )
        .await;
    res.assert_problem(503);
    assert!(res.header("retry-after").is_some(), "{:?}", res.headers);
    locker.batch_execute("ROLLBACK").await.expect("unlock");
}
