//! Health checks, request ids, and behaviour when the database is down.

use std::time::Duration;

use coopsante::app::{self, AppState};
use coopsante::auth::{Role, TokenKeys};
use coopsante::config::DbConfig;
use coopsante::db;

use crate::helpers::{jwt_config, spawn_app};

#[actix_web::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let res = app.anonymous_get("/healthz").await;
    res.assert_status(200);
    assert_eq!(res.body["status"], "ok");
    let res = app.anonymous_get("/readyz").await;
    res.assert_status(200);
    assert_eq!(res.body["status"], "ready");
}

#[actix_web::test]
async fn request_ids_are_echoed_or_generated() {
    let app = spawn_app().await;
    let res = app
        .request(
            "GET",
            "/healthz",
            None,
            &[("X-Request-Id", "abc-123")],
            None,
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.header("x-request-id"), Some("abc-123"));
    let res = app
        .request(
            "GET",
            "/v1/cooperatives",
            None,
            &[("X-Request-Id", "trace.42")],
            None,
        )
        .await;
    res.assert_status(401);
    assert_eq!(res.body["request_id"], "trace.42");
    // An unreasonable id is replaced, not echoed.
    let long = "x".repeat(300);
    let res = app
        .request("GET", "/healthz", None, &[("X-Request-Id", &long)], None)
        .await;
    res.assert_status(200);
    let id = res.header("x-request-id").unwrap();
    assert_ne!(id, long);
    assert!(uuid::Uuid::parse_str(id).is_ok());
}

#[actix_web::test]
async fn without_a_database_reads_are_503_with_retry_after_and_readiness_fails() {
    // A pool aimed at a port where nothing listens: one just bound and released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let config = DbConfig {
        url: format!("postgres://postgres@127.0.0.1:{port}/none"),
        pool_size: 2,
        acquire_timeout: Duration::from_millis(300),
        statement_timeout: Duration::from_secs(10),
        lock_timeout: Duration::from_secs(1),
    };
    let state = AppState::new(db::pool(&config).unwrap(), TokenKeys::new(&jwt_config()));
    let app = actix_web::test::init_service(app::build(state)).await;
    let token = TokenKeys::new(&jwt_config())
        .issue("t", Role::Admin, None, None)
        .unwrap();

    let req = actix_web::test::TestRequest::get()
        .uri("/readyz")
        .to_request();
    let res = actix_web::test::call_service(&app, req).await;
    assert_eq!(res.status(), 503);

    let req = actix_web::test::TestRequest::get()
        .uri("/v1/cooperatives")
        .insert_header(("Authorization", format!("Bearer {token}")))
        .to_request();
    let res = actix_web::test::call_service(&app, req).await;
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers().get("retry-after").unwrap(), "2");
    assert_eq!(
        res.headers().get("content-type").unwrap(),
        "application/problem+json"
    );

    let req = actix_web::test::TestRequest::get()
        .uri("/healthz")
        .to_request();
    assert_eq!(
        actix_web::test::call_service(&app, req).await.status(),
        200,
        "liveness does not need the database"
    );
}

#[actix_web::test]
async fn two_instances_starting_at_once_on_an_empty_database_migrate_it_once() {
    use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
    let db = crate::helpers::empty_db().await;
    let (first, second) = futures_util::future::join(
        coopsante::db::migrate(&db.url),
        coopsante::db::migrate(&db.url),
    )
    .await;
    let (first, second) = (
        first.expect("first instance"),
        second.expect("second instance"),
    );
    let total = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().join("up.sql").exists()))
        .count();
    // One took the lock and applied everything; the other then found nothing left to do.
    let mut applied = [first.len(), second.len()];
    applied.sort();
    assert_eq!(applied, [0, total], "{first:?} / {second:?}");

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = AsyncPgConnection::establish(&db.url).await.unwrap();
    let recorded: Count = diesel::sql_query("SELECT count(*) AS n FROM __diesel_schema_migrations")
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(recorded.n as usize, total, "each migration recorded once");
}

#[actix_web::test]
async fn json_logs_are_one_object_per_line_and_a_bad_format_is_one_line() {
    let app = crate::helpers::spawn_app().await;
    let bin = env!("CARGO_BIN_EXE_coopsante");
    let out = std::process::Command::new(bin)
        .arg("migrate")
        .env("DATABASE_URL", app.database_url())
        .env("COOPSANTE_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 logs");
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(!lines.is_empty(), "no log line");
    for line in &lines {
        assert_eq!(line["level"], "INFO", "{line}");
        assert!(
            line["ts"].as_str().is_some_and(|t| t.ends_with('Z')),
            "{line}"
        );
        assert!(
            line["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{line}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l["message"] == "database schema is up to date"),
        "{stderr}"
    );

    let out = std::process::Command::new(bin)
        .arg("migrate")
        .env("DATABASE_URL", app.database_url())
        .env("COOPSANTE_LOG_FORMAT", "yaml")
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(
        stderr.trim_end(),
        r#"error: COOPSANTE_LOG_FORMAT: expected text or json, got "yaml""#
    );
}
