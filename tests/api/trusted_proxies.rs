//! Behind a reverse proxy (`COOPSANTE_TRUSTED_PROXIES`): the client address the rate limits
//! and the access log count is the one a trusted proxy forwards; anyone else's
//! `X-Forwarded-For` is ignored, so sending one buys no new budget.

use std::io::Read;

use coopsante::config::{RateLimitConfig, TrustedProxies};

use crate::helpers::{Options, Response, TestApp, spawn_app_with};
use crate::resilience::Served;

/// The test client reaches the app from 127.0.0.1: the proxy, when trusted.
async fn app_trusting(proxies: &str) -> TestApp {
    spawn_app_with(Options {
        limits: RateLimitConfig {
            per_client: 2,
            token_requests: 30,
        },
        trusted_proxies: TrustedProxies::parse(proxies).unwrap(),
        ..Options::default()
    })
    .await
}

/// An anonymous call of the public directory, forwarded for `forwarded_for`.
async fn call(app: &TestApp, forwarded_for: &str) -> Response {
    app.request(
        "GET",
        "/v1/directory/cooperatives",
        None,
        &[("X-Forwarded-For", forwarded_for)],
        None,
    )
    .await
}

#[actix_web::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let app = app_trusting("127.0.0.1, ::1").await;
    for _ in 0..2 {
        call(&app, "203.0.113.7").await.assert_status(200);
    }
    call(&app, "203.0.113.7").await.assert_problem(429);
    // Another client behind the same proxy is not held back.
    call(&app, "203.0.113.8").await.assert_status(200);
    // What a client writes itself lands left of the address the proxy saw: it changes
    // nothing, nor does a hop through another trusted proxy.
    call(&app, "198.51.100.99, 203.0.113.7")
        .await
        .assert_problem(429);
    call(&app, "198.51.100.99, 203.0.113.7, 127.0.0.1")
        .await
        .assert_problem(429);
    // Without the header, the proxy itself is the client.
    for _ in 0..2 {
        app.anonymous_get("/v1/directory/cooperatives")
            .await
            .assert_status(200);
    }
    app.anonymous_get("/v1/directory/cooperatives")
        .await
        .assert_problem(429);
}

#[actix_web::test]
async fn from_an_untrusted_peer_the_header_is_ignored() {
    // Unset, as by default: never trusted.
    let app = app_trusting("").await;
    for forwarded_for in ["203.0.113.7", "203.0.113.8"] {
        call(&app, forwarded_for).await.assert_status(200);
    }
    let spoofed = call(&app, "203.0.113.9").await;
    spoofed.assert_problem(429);
    assert!(spoofed.header("retry-after").is_some());

    // Trusting other proxies does not make this peer one.
    let app = app_trusting("10.0.0.0/8, fd00::/8").await;
    for forwarded_for in ["203.0.113.7", "203.0.113.8"] {
        call(&app, forwarded_for).await.assert_status(200);
    }
    call(&app, "203.0.113.9").await.assert_problem(429);
}

#[actix_web::test]
async fn the_access_log_names_the_forwarded_client_only_behind_a_trusted_proxy() {
    let app = crate::helpers::spawn_app().await;
    let client = awc::Client::default();
    for (trusted, expected) in [(Some("127.0.0.1"), "203.0.113.7"), (None, "127.0.0.1")] {
        let settings: Vec<(&str, &str)> = trusted
            .map(|t| ("COOPSANTE_TRUSTED_PROXIES", t))
            .into_iter()
            .collect();
        let mut served = Served::start(app.database_url(), &settings);
        served.ready(&client).await;
        let res = client
            .get(format!(
                "http://{}/v1/directory/cooperatives",
                served.address
            ))
            .insert_header(("X-Forwarded-For", "203.0.113.7"))
            .insert_header(("X-Request-Id", "proxied-call"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        served.child.kill().unwrap();
        served.child.wait().unwrap();
        let mut logs = String::new();
        served
            .child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut logs)
            .unwrap();
        let line = logs
            .lines()
            .find(|l| l.contains("request_id=proxied-call"))
            .unwrap_or_else(|| panic!("no access log line: {logs}"));
        assert!(
            line.contains(&format!("{expected} \"GET /v1/directory/cooperatives")),
            "{trusted:?}: {line}"
        );
    }
}
