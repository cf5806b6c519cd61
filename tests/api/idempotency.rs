//! `Idempotency-Key` on POST.

use std::time::Duration;

use serde_json::json;

use crate::fixtures::cooperatives::coop;
use crate::helpers::{Response, spawn_app};

#[actix_web::test]
async fn a_retried_create_with_the_same_key_replays_the_first_response() {
    let app = spawn_app().await;
    let token = app.admin();
    let body = coop(json!({})).to_string().into_bytes();
    let send = |key: &'static str, body: Vec<u8>| {
        let (app, token) = (&app, token.clone());
        async move {
            app.request(
                "POST",
                "/v1/cooperatives",
                Some(&token),
                &[("Idempotency-Key", key)],
                Some(body),
            )
            .await
        }
    };
    let first = send("create-montreal-1", body.clone()).await;
    first.assert_status(201);
    let again = send("create-montreal-1", body.clone()).await;
    again.assert_status(201);
    assert_eq!(
        again.body, first.body,
        "the same cooperative, not a second one"
    );
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(again.header("etag"), first.header("etag"));
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert!(first.header("idempotent-replayed").is_none());

    let list = app.get("/v1/cooperatives", &token).await;
    list.assert_status(200);
    assert_eq!(list.items().len(), 1);

    // The same key with another body is refused; a new key creates (and here conflicts on the NEQ).
    let other = coop(json!({"name": "Autre"})).to_string().into_bytes();
    let res = send("create-montreal-1", other.clone()).await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["Idempotency-Key"]);
    send("create-other-1", other.clone())
        .await
        .assert_problem(409);
    // A refusal is remembered too: the retry gets the same 409 without trying again.
    let replayed = send("create-other-1", other).await;
    replayed.assert_status(409);
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
}

#[actix_web::test]
async fn keys_belong_to_their_caller_and_must_be_sane() {
    let app = spawn_app().await;
    let body = coop(json!({"neq": null})).to_string().into_bytes();
    let first = app
        .request(
            "POST",
            "/v1/cooperatives",
            Some(&app.admin()),
            &[("Idempotency-Key", "k1")],
            Some(body.clone()),
        )
        .await;
    first.assert_status(201);
    // Another caller using the same key string is not replayed someone else's response.
    let other_admin = app
        .keys
        .issue("someone-else", coopsante::auth::Role::Admin, None, None)
        .unwrap();
    let second = app
        .request(
            "POST",
            "/v1/cooperatives",
            Some(&other_admin),
            &[("Idempotency-Key", "k1")],
            Some(body.clone()),
        )
        .await;
    second.assert_status(201);
    assert_ne!(second.body["id"], first.body["id"]);

    let long = "k".repeat(256);
    app.request(
        "POST",
        "/v1/cooperatives",
        Some(&app.admin()),
        &[("Idempotency-Key", &long)],
        Some(body),
    )
    .await
    .assert_problem(422);
}

/// POSTs a new co-op with this key.
async fn create_with_key(app: &crate::helpers::TestApp, key: &str, name: &str) -> Response {
    let body = coop(json!({"name": name, "neq": null}))
        .to_string()
        .into_bytes();
    app.request(
        "POST",
        "/v1/cooperatives",
        Some(&app.admin()),
        &[("Idempotency-Key", key)],
        Some(body),
    )
    .await
}

async fn cooperatives(app: &crate::helpers::TestApp) -> usize {
    let list = app.get("/v1/cooperatives", &app.admin()).await;
    list.assert_status(200);
    list.items().len()
}

#[actix_web::test]
async fn a_server_error_is_not_replayed_the_retry_runs_again() {
    let app = spawn_app().await;
    app.sql(
        "CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'the disk is full'; END $$",
    )
    .await;
    app.sql(
        "CREATE TRIGGER fail_once BEFORE INSERT ON cooperatives
           FOR EACH ROW EXECUTE FUNCTION fail_once()",
    )
    .await;
    let failed = create_with_key(&app, "retry-after-500", "Coop").await;
    failed.assert_problem(500);
    app.sql("DROP TRIGGER fail_once ON cooperatives").await;
    let retried = create_with_key(&app, "retry-after-500", "Coop").await;
    retried.assert_status(201);
    assert_eq!(retried.header("idempotent-replayed"), None, "it ran again");
    assert_eq!(cooperatives(&app).await, 1);
    // And now it is remembered.
    let again = create_with_key(&app, "retry-after-500", "Coop").await;
    again.assert_status(201);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, retried.body);
}

#[actix_web::test]
async fn a_key_still_in_flight_is_a_409_and_then_replays() {
    let app = spawn_app().await;
    // The first request takes a second and a half to write.
    app.sql(
        "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$",
    )
    .await;
    app.sql(
        "CREATE TRIGGER slow BEFORE INSERT ON cooperatives
           FOR EACH ROW EXECUTE FUNCTION slow()",
    )
    .await;
    let first = create_with_key(&app, "in-flight", "Coop");
    let second = async {
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        create_with_key(&app, "in-flight", "Coop").await
    };
    let (first, second) = futures_util::future::join(first, second).await;
    first.assert_status(201);
    second.assert_problem(409);
    assert_eq!(second.header("idempotent-replayed"), None);
    let third = create_with_key(&app, "in-flight", "Coop").await;
    third.assert_status(201);
    assert_eq!(third.header("idempotent-replayed"), Some("true"));
    assert_eq!(third.body, first.body);
    assert_eq!(cooperatives(&app).await, 1);
}

#[actix_web::test]
async fn keys_are_remembered_24_hours_and_then_forgotten() {
    let app = spawn_app().await;
    let first = create_with_key(&app, "daily", "Coop").await;
    first.assert_status(201);
    // Just under 24 hours later it still replays.
    app.sql("UPDATE idempotency_keys SET created_at = now() - interval '23 hours 59 minutes'")
        .await;
    let replayed = create_with_key(&app, "daily", "Coop").await;
    replayed.assert_status(201);
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
    assert_eq!(cooperatives(&app).await, 1);
    // Just over, the key is forgotten: the same request runs again, as a new one.
    app.sql("UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute'")
        .await;
    let again = create_with_key(&app, "daily", "Coop").await;
    again.assert_status(201);
    assert_eq!(again.header("idempotent-replayed"), None);
    assert_ne!(again.body["id"], first.body["id"]);
    assert_eq!(cooperatives(&app).await, 2);
}

/// Every POST the spec says takes `Idempotency-Key`, with a concrete path.
fn keyed_posts() -> Vec<String> {
    let spec: serde_json::Value = serde_json::from_str(&coopsante::openapi::spec_json()).unwrap();
    let mut posts = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(parameters) = item["post"]["parameters"].as_array() else {
            continue;
        };
        if !parameters.iter().any(|p| p["name"] == "Idempotency-Key") {
            continue;
        }
        let mut concrete = path.clone();
        while let Some(start) = concrete.find('{') {
            let end = start + concrete[start..].find('}').unwrap();
            concrete.replace_range(start..=end, &uuid::Uuid::now_v7().to_string());
        }
        posts.push(concrete);
    }
    posts
}

#[actix_web::test]
async fn every_post_taking_a_key_refuses_one_outside_the_documented_pattern_the_same_way() {
    let app = spawn_app().await;
    let posts = keyed_posts();
    assert!(posts.len() > 20, "{posts:?}");
    // The documented pattern is `^[!-~]{1,255}$`: visible ASCII, no space, 1 to 255 long.
    let long = "k".repeat(256);
    for key in ["a b", "tab\there", &long] {
        for path in &posts {
            let res = app
                .request(
                    "POST",
                    path,
                    Some(&app.admin()),
                    &[("Idempotency-Key", key)],
                    Some(b"{}".to_vec()),
                )
                .await;
            assert_eq!(
                res.status, 422,
                "POST {path} with key {key:?}: {}",
                res.text
            );
            res.assert_problem(422);
            assert_eq!(res.error_fields(), ["Idempotency-Key"], "POST {path}");
            assert_eq!(res.body["errors"][0]["code"], "format", "POST {path}");
        }
    }
}
