//! `POST /v1/auth/token`: OAuth 2.0 client credentials, answered in the RFC's shape.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::fixtures::cooperatives::create;
use crate::helpers::{FORM, Response, TestApp, spawn_app};

async fn client(app: &TestApp, body: Value) -> (String, String) {
    let res = app.admin_post("/v1/api-clients", &body).await;
    res.assert_status(201);
    (
        res.body["client_id"].as_str().unwrap().to_owned(),
        res.body["client_secret"].as_str().unwrap().to_owned(),
    )
}

async fn form(app: &TestApp, body: &str, headers: &[(&str, &str)]) -> Response {
    let mut all = vec![FORM];
    all.extend_from_slice(headers);
    app.request(
        "POST",
        "/v1/auth/token",
        None,
        &all,
        Some(body.as_bytes().to_vec()),
    )
    .await
}

fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

#[track_caller]
fn assert_oauth_error(res: &Response, status: u16, error: &str) {
    res.assert_status(status);
    assert_eq!(
        res.header("content-type"),
        Some("application/json"),
        "{}",
        res.text
    );
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert_eq!(res.body["error"], error, "{}", res.text);
    assert!(
        res.body["error_description"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
}

#[actix_web::test]
async fn a_client_gets_a_token_of_its_role_with_basic_or_form_credentials() {
    let app = spawn_app().await;
    let coop = create(&app, json!({})).await;
    let (id, secret) = client(
        &app,
        json!({"name": "Site web", "role": "coop_manager", "cooperative_id": coop["id"]}),
    )
    .await;

    let auth = basic(&id, &secret);
    let by_basic = form(
        &app,
        "grant_type=client_credentials",
        &[("Authorization", &auth)],
    )
    .await;
    by_basic.assert_status(200);
    assert_eq!(by_basic.header("cache-control"), Some("no-store"));
    assert_eq!(by_basic.body["token_type"], "Bearer");
    assert_eq!(
        by_basic.body["expires_in"], 600,
        "the test server's COOPSANTE_TOKEN_TTL"
    );
    let token = by_basic.body["access_token"].as_str().unwrap().to_owned();

    // The token acts as the client: its own co-op, nothing more.
    let own = format!("/v1/cooperatives/{}", coop["id"].as_str().unwrap());
    app.get(&own, &token).await.assert_status(200);
    app.post("/v1/cooperatives", &token, &json!({}))
        .await
        .assert_problem(403);

    let body = format!("grant_type=client_credentials&client_id={id}&client_secret={secret}");
    let by_form = form(&app, &body, &[]).await;
    by_form.assert_status(200);
    let used = app
        .get(&format!("/v1/api-clients/{id}"), &app.admin())
        .await;
    used.assert_status(200);
    assert!(used.body["last_used_at"].is_string(), "{}", used.text);
}

#[actix_web::test]
async fn wrong_unknown_revoked_or_rotated_out_credentials_are_invalid_client() {
    let app = spawn_app().await;
    let (id, secret) = client(&app, json!({"name": "Script", "role": "reader"})).await;
    let grant = "grant_type=client_credentials";

    let wrong = basic(&id, "cs_secret_wrong");
    let res = form(&app, grant, &[("Authorization", &wrong)]).await;
    assert_oauth_error(&res, 401, "invalid_client");
    assert_eq!(
        res.header("www-authenticate"),
        Some("Basic realm=\"coopsante\"")
    );
    assert!(!res.text.contains("cs_secret_wrong"));

    let unknown = format!(
        "{grant}&client_id={}&client_secret={secret}",
        uuid::Uuid::now_v7()
    );
    assert_oauth_error(&form(&app, &unknown, &[]).await, 401, "invalid_client");
    let garbage = format!("{grant}&client_id=%00%F0%9F%92%A5&client_secret={secret}");
    assert_oauth_error(&form(&app, &garbage, &[]).await, 401, "invalid_client");

    // After a rotation both secrets work during the grace period.
    let rotated = app
        .admin_post(&format!("/v1/api-clients/{id}/rotate-secret"), &json!({}))
        .await;
    rotated.assert_status(200);
    let new_secret = rotated.body["client_secret"].as_str().unwrap();
    for s in [secret.as_str(), new_secret] {
        let auth = basic(&id, s);
        form(&app, grant, &[("Authorization", &auth)])
            .await
            .assert_status(200);
    }
    // Once the grace period is over, only the new one does.
    app.sql(&format!(
        "UPDATE api_clients SET previous_secret_until = now() - interval '1 second' WHERE id = '{id}'"
    ))
    .await;
    let old = basic(&id, &secret);
    assert_oauth_error(
        &form(&app, grant, &[("Authorization", &old)]).await,
        401,
        "invalid_client",
    );

    app.admin_post(&format!("/v1/api-clients/{id}/revoke"), &json!({}))
        .await
        .assert_status(200);
    let current = basic(&id, new_secret);
    assert_oauth_error(
        &form(&app, grant, &[("Authorization", &current)]).await,
        401,
        "invalid_client",
    );
}

#[actix_web::test]
async fn an_expired_client_gets_no_token() {
    let app = spawn_app().await;
    let (id, secret) = client(
        &app,
        json!({"name": "Stage", "role": "reader", "expires_at": "2099-01-01T00:00:00Z"}),
    )
    .await;
    app.sql(&format!(
        "UPDATE api_clients SET expires_at = now() - interval '1 second' WHERE id = '{id}'"
    ))
    .await;
    let body = format!("grant_type=client_credentials&client_id={id}&client_secret={secret}");
    assert_oauth_error(&form(&app, &body, &[]).await, 401, "invalid_client");
}

#[actix_web::test]
async fn malformed_requests_are_invalid_request_or_unsupported_grant_type() {
    let app = spawn_app().await;
    let (id, secret) = client(&app, json!({"name": "Script", "role": "reader"})).await;
    let creds = format!("client_id={id}&client_secret={secret}");
    let auth = basic(&id, &secret);
    // (body, extra headers, the error)
    type Case<'a> = (String, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (creds.clone(), vec![], "invalid_request"),
        (
            format!("grant_type=password&{creds}"),
            vec![],
            "unsupported_grant_type",
        ),
        (
            format!("grant_type=client_credentials&grant_type=client_credentials&{creds}"),
            vec![],
            "invalid_request",
        ),
        (
            format!("grant_type=client_credentials&client_secret={secret}"),
            vec![("Authorization", auth.as_str())],
            "invalid_request",
        ),
        (
            "grant_type=client_credentials".into(),
            vec![("Authorization", "Basic %%%")],
            "invalid_request",
        ),
        (
            format!("grant_type=client_credentials&{}", "x=".repeat(3000)),
            vec![],
            "invalid_request",
        ),
    ];
    for (body, headers, error) in cases {
        let res = form(&app, &body, &headers).await;
        assert_oauth_error(&res, 400, error);
    }
    let json_body = app
        .request(
            "POST",
            "/v1/auth/token",
            None,
            &[],
            Some(br#"{"grant_type": "client_credentials"}"#.to_vec()),
        )
        .await;
    assert_oauth_error(&json_body, 400, "invalid_request");

    // Another authentication scheme is an unsupported method (§5.2): 401, challenged with Basic.
    let bearer = form(
        &app,
        "grant_type=client_credentials",
        &[("Authorization", "Bearer abc")],
    )
    .await;
    assert_oauth_error(&bearer, 401, "invalid_client");
    assert_eq!(
        bearer.header("www-authenticate"),
        Some("Basic realm=\"coopsante\"")
    );
}

async fn token_of(app: &TestApp, id: &str, secret: &str) -> String {
    let auth = basic(id, secret);
    let res = form(
        app,
        "grant_type=client_credentials",
        &[("Authorization", &auth)],
    )
    .await;
    res.assert_status(200);
    res.body["access_token"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn a_revoked_clients_tokens_are_refused_at_once() {
    let app = spawn_app().await;
    let (id, secret) = client(&app, json!({"name": "Script", "role": "reader"})).await;
    let token = token_of(&app, &id, &secret).await;
    app.get("/v1/partners", &token).await.assert_status(200);

    app.admin_post(&format!("/v1/api-clients/{id}/revoke"), &json!({}))
        .await
        .assert_status(200);
    let refused = app.get("/v1/partners", &token).await;
    refused.assert_problem(401);
    refused.assert_detail_contains("révoqué");
}

#[actix_web::test]
async fn a_revocation_made_elsewhere_reaches_this_instance_through_the_database() {
    let app = spawn_app().await;
    let (id, secret) = client(&app, json!({"name": "Script", "role": "reader"})).await;
    let token = token_of(&app, &id, &secret).await;
    app.get("/v1/partners", &token).await.assert_status(200);

    // As another instance (or an operator) would: straight in the database.
    app.sql(&format!(
        "UPDATE api_clients SET revoked_at = now() WHERE id = '{id}'"
    ))
    .await;
    let mut status = 200;
    for _ in 0..50 {
        status = app.get("/v1/partners", &token).await.status.as_u16();
        if status == 401 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        status, 401,
        "the revocation did not arrive within 5 seconds"
    );
}

#[actix_web::test]
async fn a_request_without_client_authentication_is_invalid_client_and_challenged() {
    let app = spawn_app().await;
    for body in [
        "grant_type=client_credentials",
        "grant_type=client_credentials&client_id=abc",
    ] {
        let res = app
            .request(
                "POST",
                "/v1/auth/token",
                None,
                &[FORM],
                Some(body.as_bytes().to_vec()),
            )
            .await;
        res.assert_status(401);
        assert_eq!(res.body["error"], "invalid_client", "{body}");
        assert!(
            res.header("www-authenticate")
                .is_some_and(|h| h.starts_with("Basic"))
        );
    }
}
