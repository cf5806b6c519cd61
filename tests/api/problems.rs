//! The public error bodies (RFC 9457 problem details) as clients receive them, pinned as
//! snapshots under `snapshots/`: a changed type, title, detail or list of fields shows up as
//! a diff to review, not as a silent change of the API's contract.

use coopsante::auth::{Claims, Role};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::fixtures::cooperatives::{coop, create};
use crate::fixtures::id;
use crate::helpers::{Response, SECRET, TestApp, spawn_app};

/// An id no cooperative has, fixed so that it reads the same in every snapshot.
const UNKNOWN_ID: &str = "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d";

/// Asserts the status and the problem content type, then snapshots the whole body. Only
/// the request id, new on every request, is redacted; it must still be the one the
/// response's `X-Request-Id` names.
#[track_caller]
fn assert_problem_snapshot(name: &str, res: &Response, status: u16) {
    assert_eq!(res.status.as_u16(), status, "{name}: {}", res.text);
    assert_eq!(
        res.header("content-type"),
        Some("application/problem+json"),
        "{name}: {}",
        res.text
    );
    assert!(
        res.body["request_id"]
            .as_str()
            .is_some_and(|id| Some(id) == res.header("x-request-id")),
        "{name}: the problem names the request id: {}",
        res.text
    );
    insta::assert_json_snapshot!(name, res.body, {".request_id" => "[request_id]"});
}

/// Posts raw bytes to the register as admin, with these headers.
async fn post_raw(app: &TestApp, headers: &[(&str, &str)], body: &[u8]) -> Response {
    app.request(
        "POST",
        "/v1/cooperatives",
        Some(&app.admin()),
        headers,
        Some(body.to_vec()),
    )
    .await
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs()
}

/// A token signed with `secret`, for an admin, valid until `exp`.
fn token(secret: &str, exp: u64) -> String {
    let claims = Claims {
        sub: "someone".into(),
        role: Role::Admin,
        cooperative_id: None,
        partner_id: None,
        iss: "coopsante".into(),
        aud: "coopsante-api".into(),
        iat: exp - 600,
        nbf: exp - 600,
        exp,
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("a signed token")
}

#[actix_web::test]
async fn malformed_json_is_a_400_problem() {
    let app = spawn_app().await;
    let res = post_raw(&app, &[], b"{\"name\": ").await;
    assert_problem_snapshot("400_malformed_json", &res, 400);
}

#[actix_web::test]
async fn a_duplicate_key_in_json_is_a_400_problem_naming_the_key() {
    let app = spawn_app().await;
    let res = post_raw(&app, &[], br#"{"name": "A", "name": "B"}"#).await;
    assert_problem_snapshot("400_duplicate_key", &res, 400);
}

#[actix_web::test]
async fn an_invalid_query_parameter_is_a_400_problem_naming_the_parameter() {
    let app = spawn_app().await;
    let res = app.get("/v1/cooperatives?limit=0", &app.admin()).await;
    assert_problem_snapshot("400_invalid_limit", &res, 400);
}

#[actix_web::test]
async fn no_token_is_a_401_problem_asking_for_a_bearer_token() {
    let app = spawn_app().await;
    let res = app.anonymous_get("/v1/cooperatives").await;
    res.assert_status(401);
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    assert_problem_snapshot("401_no_token", &res, 401);
}

#[actix_web::test]
async fn a_forged_or_expired_token_is_a_401_problem() {
    let app = spawn_app().await;
    let forged = token("another-secret-that-is-also-long-enough", now() + 600);
    let res = app.get("/v1/cooperatives", &forged).await;
    res.assert_status(401);
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    assert_problem_snapshot("401_forged_token", &res, 401);

    let expired = token(SECRET, now() - 3600);
    let res = app.get("/v1/cooperatives", &expired).await;
    res.assert_status(401);
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    assert_problem_snapshot("401_expired_token", &res, 401);
}

#[actix_web::test]
async fn a_reader_creating_a_cooperative_is_a_403_problem() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/v1/cooperatives",
            &app.token(Role::Reader),
            &coop(json!({})),
        )
        .await;
    assert_problem_snapshot("403_reader_creates", &res, 403);
}

#[actix_web::test]
async fn an_unknown_or_malformed_cooperative_id_is_a_404_problem() {
    let app = spawn_app().await;
    let res = app
        .get(&format!("/v1/cooperatives/{UNKNOWN_ID}"), &app.admin())
        .await;
    assert_problem_snapshot("404_unknown_cooperative", &res, 404);

    let res = app.get("/v1/cooperatives/not-a-uuid", &app.admin()).await;
    assert_problem_snapshot("404_malformed_uuid", &res, 404);
}

#[actix_web::test]
async fn a_wrong_method_is_a_405_problem_naming_the_allowed_ones() {
    let app = spawn_app().await;
    let res = app
        .request(
            "PUT",
            "/v1/cooperatives",
            Some(&app.admin()),
            &[],
            Some(b"{}".to_vec()),
        )
        .await;
    res.assert_status(405);
    assert_eq!(res.header("allow"), Some("GET, POST"));
    assert_problem_snapshot("405_wrong_method", &res, 405);
}

#[actix_web::test]
async fn a_second_cooperative_with_the_same_neq_is_a_409_problem() {
    let app = spawn_app().await;
    create(&app, json!({"neq": "1170000001"})).await;
    let res = app
        .admin_post(
            "/v1/cooperatives",
            &coop(json!({"name": "Autre coop", "neq": "1170000001"})),
        )
        .await;
    assert_problem_snapshot("409_duplicate_neq", &res, 409);
}

#[actix_web::test]
async fn a_stale_if_match_is_a_412_problem() {
    let app = spawn_app().await;
    let created = create(&app, json!({})).await;
    let res = app
        .request(
            "PATCH",
            &format!("/v1/cooperatives/{}", id(&created)),
            Some(&app.admin()),
            &[
                ("If-Match", "\"9\""),
                ("Content-Type", "application/merge-patch+json"),
            ],
            Some(br#"{"hosts_gmf": false}"#.to_vec()),
        )
        .await;
    assert_problem_snapshot("412_stale_if_match", &res, 412);
}

#[actix_web::test]
async fn a_body_over_one_mebibyte_is_a_413_problem() {
    let app = spawn_app().await;
    let big = coop(json!({"street": "x".repeat(1024 * 1024)})).to_string();
    let res = post_raw(&app, &[], big.as_bytes()).await;
    assert_problem_snapshot("413_body_too_large", &res, 413);
}

#[actix_web::test]
async fn a_missing_or_wrong_content_type_is_a_415_problem() {
    let app = spawn_app().await;
    let body = coop(json!({})).to_string();
    let res = post_raw(&app, &[("Content-Type", "text/plain")], body.as_bytes()).await;
    assert_problem_snapshot("415_wrong_content_type", &res, 415);

    // The request helper adds `application/json` to any body unless told otherwise, so the
    // request is built here without it.
    let mut res = app
        .client
        .post(format!("{}/v1/cooperatives", app.address))
        .insert_header(("Authorization", format!("Bearer {}", app.admin())))
        .send_body(body)
        .await
        .expect("request sent");
    let bytes = res.body().await.expect("body read");
    let res = Response {
        status: res.status(),
        headers: res.headers().clone(),
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        text: String::from_utf8_lossy(&bytes).into_owned(),
    };
    assert_problem_snapshot("415_no_content_type", &res, 415);
}

#[actix_web::test]
async fn several_invalid_fields_are_one_422_problem_listing_every_field() {
    let app = spawn_app().await;
    let res = app
        .admin_post(
            "/v1/cooperatives",
            &coop(json!({
                "name": " ",
                "legal_form": "cartel",
                "postal_code": "12345",
                "email": "not-an-email",
                "founded_on": "2009-02-30",
                "services": ["nursing", "surgery"]
            })),
        )
        .await;
    res.assert_status(422);
    assert_eq!(
        res.error_fields(),
        [
            "name",
            "legal_form",
            "postal_code",
            "email",
            "founded_on",
            "services[1]"
        ],
        "{}",
        res.text
    );
    assert_problem_snapshot("422_several_invalid_fields", &res, 422);
}

#[actix_web::test]
async fn an_unknown_field_is_a_422_problem_naming_it() {
    let app = spawn_app().await;
    let res = app
        .admin_post("/v1/cooperatives", &coop(json!({"nmae": "Coop"})))
        .await;
    res.assert_status(422);
    assert_eq!(res.error_fields(), ["nmae"], "{}", res.text);
    assert_problem_snapshot("422_unknown_field", &res, 422);
}

#[actix_web::test]
async fn refusals_of_the_http_layer_are_problems_too() {
    let app = crate::helpers::spawn_app().await;
    let admin = app.admin();
    // A URI over the service's limit (63 KiB; no client library sends one, so written on a
    // socket): a problem, not actix's bare status.
    let address = app.address.trim_start_matches("http://").to_owned();
    let answer = actix_web::rt::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let path = format!("/v1/directory/cooperatives?q={}", "a".repeat(64_800));
        let mut socket = std::net::TcpStream::connect(&address).unwrap();
        socket
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let _ = socket.write_all(request.as_bytes());
        let mut answer = Vec::new();
        let _ = socket.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 414 "), "{answer}");
    let lower = answer.to_ascii_lowercase();
    assert!(
        lower.contains("content-type: application/problem+json"),
        "{answer}"
    );
    assert!(
        answer.contains("https://coopsante.dev/problems/uri-too-long"),
        "{answer}"
    );
    assert!(answer.contains("64512"), "{answer}");
    // Header fields too large, in English when asked.
    let big = "x".repeat(40 * 1024);
    let res = app
        .request(
            "GET",
            "/v1/cooperatives",
            Some(&admin),
            &[("X-Padding", &big), ("Accept-Language", "en")],
            None,
        )
        .await;
    res.assert_problem(431);
    assert_eq!(
        res.body["type"],
        "https://coopsante.dev/problems/headers-too-large"
    );
    res.assert_detail_contains("header fields exceed 32768 bytes");
    assert!(res.body["request_id"].is_string(), "{}", res.text);
    // A malformed percent-escape in the query string.
    let res = app.get("/v1/cooperatives?limit=%zz", &admin).await;
    res.assert_problem(400);
}
