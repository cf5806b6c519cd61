//! `Idempotency-Key` on POST.

use serde_json::json;

use crate::fixtures::cooperatives::coop;
use crate::helpers::spawn_app;

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
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);

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
