//! Rate limits shared by every instance through Redis (`COOPSANTE_REDIS_URL`): one budget
//! per client whatever instance it calls, and the instance's own budget when Redis is down.

use coopsante::config::RateLimitConfig;
use coopsante::ratelimit::Shared;

use crate::helpers::{Options, TestApp, spawn_app_with};

/// The Redis the tests use (`scripts/test` starts a private one when none answers).
fn redis_url() -> Option<String> {
    let url = std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let address = url
        .trim_start_matches("redis://")
        .split('/')
        .next()?
        .to_owned();
    let address = address.parse().ok()?;
    match std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_secs(1)) {
        Ok(_) => Some(url),
        Err(e) => {
            eprintln!("skipped: no Redis answers at {url} ({e}); install redis-server");
            None
        }
    }
}

/// Where nothing listens: every shared check fails.
const DOWN: &str = "redis://127.0.0.1:1";

/// An instance with a budget of five requests a minute per client, shared under `prefix`.
async fn instance(url: &str, prefix: &str) -> TestApp {
    let shared = Shared::new(url, prefix).expect("a Redis URL");
    if url != DOWN {
        shared.connect_now().await.expect("Redis answers");
    }
    spawn_app_with(Options {
        limits: RateLimitConfig {
            per_client: 5,
            token_requests: 30,
        },
        shared_limits: Some(shared),
        ..Options::default()
    })
    .await
}

/// The remaining count in a `RateLimit` header (`"api";r=3;t=12`).
fn remaining(res: &crate::helpers::Response) -> u32 {
    let state = res.header("ratelimit").expect("a RateLimit header");
    state
        .split(';')
        .find_map(|part| part.strip_prefix("r="))
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| panic!("no remaining count in {state}"))
}

#[actix_web::test]
async fn two_instances_draw_from_one_budget_per_client() {
    let Some(url) = redis_url() else { return };
    let prefix = format!("coopsante-test:{}", uuid::Uuid::now_v7());
    let (a, b) = (instance(&url, &prefix).await, instance(&url, &prefix).await);
    // The same client (the admin tokens of both name the same subject), alternately on each.
    let admin = a.admin();
    let mut left = Vec::new();
    for app in [&a, &b, &a, &b, &a] {
        let res = app.get("/v1/partners", &admin).await;
        res.assert_status(200);
        left.push(remaining(&res));
    }
    assert_eq!(left, [4, 3, 2, 1, 0], "one budget across the two instances");
    let refused = b.get("/v1/partners", &admin).await;
    refused.assert_problem(429);
    let retry: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "Retry-After: {retry}");
    a.get("/v1/partners", &admin).await.assert_problem(429);
}

#[actix_web::test]
async fn without_redis_each_instance_counts_its_own_budget_and_says_so() {
    // Every shared check fails, and the API goes on.
    let app = instance(DOWN, "coopsante-test:down").await;
    let admin = app.admin();
    for left in (0..5).rev() {
        let res = app.get("/v1/partners", &admin).await;
        res.assert_status(200);
        assert_eq!(remaining(&res), left);
    }
    app.get("/v1/partners", &admin).await.assert_problem(429);
    let metrics = app.anonymous_get("/metrics").await;
    metrics.assert_status(200);
    let fallbacks: f64 = metrics
        .text
        .lines()
        .find_map(|l| l.strip_prefix("coopsante_ratelimit_fallbacks_total "))
        .expect("the fallback counter")
        .parse()
        .unwrap();
    assert!(fallbacks >= 6.0, "{fallbacks}");
}
