//! Rate limits: per client on the whole API, per address on the token endpoint; a refusal is
//! a 429 problem with `Retry-After`, and every answer says how much is left.

use coopsante::config::RateLimitConfig;
use serde_json::json;

use crate::helpers::{FORM, spawn_app_with_limits};

#[actix_web::test]
async fn a_client_over_its_limit_gets_429_and_the_others_go_on() {
    let app = spawn_app_with_limits(RateLimitConfig {
        per_client: 5,
        token_requests: 30,
    })
    .await;
    let admin = app.admin();
    for left in (0..5).rev() {
        let res = app.get("/v1/partners", &admin).await;
        res.assert_status(200);
        assert_eq!(res.header("ratelimit-policy"), Some("\"api\";q=5;w=60"));
        let state = res.header("ratelimit").unwrap();
        assert!(
            state.starts_with(&format!("\"api\";r={left};t=")),
            "{state}"
        );
    }
    let refused = app.get("/v1/partners", &admin).await;
    refused.assert_problem(429);
    assert_eq!(
        refused.body["type"],
        "https://coopsante.dev/problems/too-many-requests"
    );
    let retry: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "Retry-After: {retry}");
    assert!(refused.header("ratelimit").unwrap().contains(";r=0;"));

    // Another client is not starved by this one.
    app.get("/v1/partners", &app.partner_token())
        .await
        .assert_status(200);
    // Health checks are never limited.
    app.anonymous_get("/healthz").await.assert_status(200);
}

#[actix_web::test]
async fn the_token_endpoint_is_limited_per_address_whatever_the_credentials() {
    let app = spawn_app_with_limits(RateLimitConfig {
        per_client: 1000,
        token_requests: 3,
    })
    .await;
    let created = app
        .admin_post(
            "/v1/api-clients",
            &json!({"name": "Script", "role": "reader"}),
        )
        .await;
    created.assert_status(201);
    for attempt in 0..3 {
        let body = format!(
            "grant_type=client_credentials&client_id={}&client_secret=guess-{attempt}",
            uuid::Uuid::now_v7()
        );
        let res = app
            .request(
                "POST",
                "/v1/auth/token",
                None,
                &[FORM],
                Some(body.into_bytes()),
            )
            .await;
        res.assert_status(401);
    }
    let body = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        created.body["client_id"].as_str().unwrap(),
        created.body["client_secret"].as_str().unwrap()
    );
    let res = app
        .request(
            "POST",
            "/v1/auth/token",
            None,
            &[FORM],
            Some(body.into_bytes()),
        )
        .await;
    res.assert_problem(429);
    assert!(res.header("retry-after").is_some());
}
