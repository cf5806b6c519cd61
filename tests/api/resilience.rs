//! Faults the service must survive without a restart and without hanging: PostgreSQL stopped
//! and started again, a lock held for seconds, far more requests than connections, and a
//! SIGTERM while a request is under way.

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde_json::json;

use crate::fixtures::{cooperatives, partners};
use crate::helpers::{Options, Response, TestApp, TestDb, spawn_app_on, spawn_app_with};
use crate::private_postgres::PrivatePostgres;

/// A 503 as clients may rely on: a problem, and when to retry.
#[track_caller]
fn assert_retryable(res: &Response) {
    res.assert_problem(503);
    assert!(
        res.header("retry-after")
            .is_some_and(|s| s.parse::<u64>().is_ok()),
        "503 without Retry-After: {:?}",
        res.headers
    );
}

/// Every status seen by `workers` clients looping on `path` until `stop` is set.
async fn load(
    app: &TestApp,
    path: &str,
    workers: usize,
    stop: &std::sync::atomic::AtomicBool,
) -> Vec<Response> {
    let token = app.admin();
    let one = async || {
        let mut seen = Vec::new();
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            let started = Instant::now();
            let res = app.get(path, &token).await;
            assert!(
                started.elapsed() < Duration::from_secs(8),
                "a request took {:?}",
                started.elapsed()
            );
            seen.push(res);
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
        seen
    };
    futures_util::future::join_all((0..workers).map(|_| one()))
        .await
        .into_iter()
        .flatten()
        .collect()
}

#[actix_web::test]
async fn postgresql_stopped_under_load_gives_503s_then_the_service_recovers_by_itself() {
    let pg = Arc::new(PrivatePostgres::start());
    let db = TestDb::future(&pg.server_url());
    let mut admin = AsyncPgConnection::establish(&format!("{}/postgres", pg.server_url()))
        .await
        .unwrap();
    diesel::sql_query(format!("CREATE DATABASE {}", db.name))
        .execute(&mut admin)
        .await
        .unwrap();
    drop(admin);
    coopsante::db::migrate(&db.url).await.unwrap();
    let app = spawn_app_on(
        db,
        Options {
            acquire_timeout: Duration::from_secs(2),
            ..Options::default()
        },
    )
    .await;
    let coop = cooperatives::create(&app, json!({})).await;
    let path = format!("/v1/cooperatives/{}", coop["id"].as_str().unwrap());

    let stop = std::sync::atomic::AtomicBool::new(false);
    let cycle = async {
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        let server = pg.clone();
        actix_web::rt::task::spawn_blocking(move || server.stop())
            .await
            .unwrap();
        // Down: data requests are 503, the process is alive, and not ready.
        let down = app.get(&path, &app.admin()).await;
        assert_retryable(&down);
        app.anonymous_get("/healthz").await.assert_status(200);
        app.anonymous_get("/readyz").await.assert_status(503);
        actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
        let server = pg.clone();
        actix_web::rt::task::spawn_blocking(move || server.resume())
            .await
            .unwrap();
        // Up again: the same pool serves again, within seconds and with no restart.
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let res = app.get(&path, &app.admin()).await;
            if res.status == 200 {
                assert_eq!(res.body["id"], coop["id"]);
                break;
            }
            assert!(Instant::now() < deadline, "not recovered: {}", res.text);
            actix_web::rt::time::sleep(Duration::from_millis(200)).await;
        }
        app.anonymous_get("/readyz").await.assert_status(200);
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    };
    let (seen, ()) = futures_util::future::join(load(&app, &path, 6, &stop), cycle).await;

    let unavailable: Vec<&Response> = seen.iter().filter(|r| r.status != 200).collect();
    assert!(!unavailable.is_empty(), "the load saw the database down");
    assert!(seen.iter().any(|r| r.status == 200));
    for res in unavailable {
        assert_retryable(res);
    }
}

#[actix_web::test]
async fn a_lock_held_for_seconds_ends_thirty_waiting_requests_at_the_timeout_while_other_resources_answer()
 {
    let app = spawn_app_with(Options::default()).await;
    partners::create_partner(&app, json!({})).await;
    cooperatives::create(&app, json!({})).await;
    let mut locker = app.lock_table("partners").await;
    let admin = app.admin();
    let started = Instant::now();
    let waiting = futures_util::future::join_all((0..30).map(|_| async {
        let res = app.get("/v1/partners", &admin).await;
        (res, started.elapsed())
    }));
    // Meanwhile, another resource: answered as usual, one request after another.
    let others = async {
        let mut answers = Vec::new();
        for _ in 0..10 {
            actix_web::rt::time::sleep(Duration::from_millis(200)).await;
            let t = Instant::now();
            let res = app.get("/v1/cooperatives", &admin).await;
            answers.push((res.status.as_u16(), t.elapsed()));
        }
        answers
    };
    let (waiting, others) = futures_util::future::join(waiting, others).await;
    for (status, took) in &others {
        assert_eq!(
            *status, 200,
            "another resource answered {status} during the lock"
        );
        assert!(
            *took < Duration::from_millis(500),
            "another resource took {took:?}"
        );
    }
    for (res, at) in &waiting {
        assert_retryable(res);
        // The lock timeout (1 s here) or the wait for a turn (5 s), never the lock's length.
        assert!(
            *at < Duration::from_secs(8),
            "a waiting request took {at:?}"
        );
    }
    assert!(
        locker.batch_execute("SELECT 1").await.is_ok(),
        "the lock was held all along"
    );
    locker.batch_execute("ROLLBACK").await.unwrap();
    app.get("/v1/partners", &admin).await.assert_status(200);
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[actix_web::test]
async fn five_hundred_concurrent_requests_against_a_pool_of_four_each_get_an_answer() {
    let mut app = spawn_app_with(Options {
        pool_size: 4,
        acquire_timeout: Duration::from_secs(2),
        ..Options::default()
    })
    .await;
    // No client-side queue: all 500 reach the server at once.
    app.client = awc::Client::builder()
        .connector(awc::Connector::new().limit(0))
        .timeout(Duration::from_secs(60))
        .finish();
    let coop = cooperatives::create(&app, json!({})).await;
    let admin = app.admin();
    let paths = [
        "/v1/cooperatives".to_owned(),
        format!("/v1/cooperatives/{}", coop["id"].as_str().unwrap()),
        "/v1/stats/membership".to_owned(),
        "/v1/partners".to_owned(),
    ];
    let before = rss_kib();
    let started = Instant::now();
    let all = futures_util::future::join_all((0..500).map(|i| {
        let (app, admin, path) = (&app, &admin, &paths[i % paths.len()]);
        async move { app.get(path, admin).await }
    }));
    let answers = actix_web::rt::time::timeout(Duration::from_secs(60), all)
        .await
        .expect("every request answered within a minute");
    let took = started.elapsed();
    let mut ok = 0;
    for res in &answers {
        if res.status == 200 {
            ok += 1;
        } else {
            assert_retryable(res);
        }
    }
    assert!(ok > 0, "some requests were served");
    let grown_mib = rss_kib().saturating_sub(before) / 1024;
    assert!(grown_mib < 128, "memory grew by {grown_mib} MiB");
    eprintln!(
        "500 requests, pool of 4: {ok} served, {} refused with 503, in {took:?}, +{grown_mib} MiB",
        500 - ok
    );
    // The pool is whole again afterwards.
    app.get("/v1/cooperatives", &admin).await.assert_status(200);
}

/// `coopsante serve` (the real binary) on a test database, until it exits.
pub struct Served {
    pub child: std::process::Child,
    pub address: String,
}

impl Served {
    pub fn start(database_url: &str, extra: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let address = format!("127.0.0.1:{port}");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_coopsante"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("COOPSANTE_BIND", &address)
            .env("COOPSANTE_JWT_SECRET", crate::helpers::SECRET)
            .env("COOPSANTE_WORKERS", "1")
            .env("RUST_LOG", "info")
            .envs(extra.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the coopsante binary starts");
        Self { child, address }
    }

    pub fn token(&self, database_url: &str) -> String {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_coopsante"))
            .args(["token", "--role", "admin"])
            .env("DATABASE_URL", database_url)
            .env("COOPSANTE_JWT_SECRET", crate::helpers::SECRET)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    pub async fn ready(&self, client: &awc::Client) {
        for _ in 0..100 {
            if let Ok(res) = client
                .get(format!("http://{}/readyz", self.address))
                .send()
                .await
                && res.status() == 200
            {
                return;
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("coopsante serve was not ready within 10 s");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[actix_web::test]
async fn sigterm_finishes_the_request_under_way_refuses_new_connections_and_exits_0() {
    let app = spawn_app_with(Options::default()).await;
    cooperatives::create(&app, json!({})).await;
    let mut served = Served::start(
        app.database_url(),
        &[("COOPSANTE_DB_LOCK_TIMEOUT_MS", "15000")],
    );
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(30))
        .finish();
    served.ready(&client).await;
    let token = served.token(app.database_url());

    // A request under way: it waits on a lock another session holds.
    let mut locker = app.lock_table("cooperatives").await;
    let address = served.address.clone();
    let under_way = async {
        let mut res = client
            .get(format!("http://{address}/v1/cooperatives"))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .send()
            .await
            .expect("the request under way is answered");
        let body = res.body().await.unwrap();
        (res.status().as_u16(), body)
    };
    let stop = async {
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        let pid = served.child.id().to_string();
        assert!(
            std::process::Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        // Stopping: no new connection is accepted.
        let refused =
            std::net::TcpStream::connect_timeout(&address.parse().unwrap(), Duration::from_secs(1));
        assert!(
            refused.is_err(),
            "a new connection was accepted after SIGTERM"
        );
        // The request under way is still waiting; let it go.
        locker.batch_execute("ROLLBACK").await.unwrap();
    };
    let ((status, body), ()) = futures_util::future::join(under_way, stop).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let listed: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    let deadline = Instant::now() + Duration::from_secs(25);
    let exit = loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running 25 s after SIGTERM"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    };
    let mut log = String::new();
    std::io::Read::read_to_string(served.child.stderr.as_mut().unwrap(), &mut log).unwrap();
    assert_eq!(exit.code(), Some(0), "exit status; log:\n{log}");
    assert!(log.contains("webhooks: worker stopped"), "log:\n{log}");
}
