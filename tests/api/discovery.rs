//! `GET /.well-known/oauth-authorization-server` (RFC 8414): an OAuth client finds the token
//! endpoint from the service's address alone, and the spec offers `oauth2` wherever it
//! offers `bearer`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::helpers::{FORM, spawn_app};

const METADATA: &str = "/.well-known/oauth-authorization-server";

#[actix_web::test]
async fn the_metadata_names_the_token_endpoint_a_client_then_uses() {
    let app = spawn_app().await;
    let res = app.anonymous_get(METADATA).await;
    res.assert_status(200);
    assert_eq!(res.header("content-type"), Some("application/json"));
    let origin = &app.address;
    // The test issuer (`coopsante`) is not a URL: the address the request reached stands.
    assert_eq!(
        res.body,
        json!({
            "issuer": origin,
            "token_endpoint": format!("{origin}/v1/auth/token"),
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "response_types_supported": [],
            "service_documentation": format!("{origin}/docs/"),
        })
    );

    let created = app
        .admin_post(
            "/v1/api-clients",
            &json!({"name": "Tableau de bord", "role": "reader"}),
        )
        .await;
    created.assert_status(201);
    let (id, secret) = (
        created.body["client_id"].as_str().unwrap(),
        created.body["client_secret"].as_str().unwrap(),
    );
    let endpoint = res.body["token_endpoint"].as_str().unwrap();
    let path = endpoint.strip_prefix(origin.as_str()).unwrap();
    let basic = format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")));
    let token = app
        .request(
            "POST",
            path,
            None,
            &[FORM, ("Authorization", &basic)],
            Some(b"grant_type=client_credentials".to_vec()),
        )
        .await;
    token.assert_status(200);
    let access = token.body["access_token"].as_str().unwrap();
    app.get("/v1/cooperatives", access).await.assert_status(200);
}

#[actix_web::test]
async fn behind_a_proxy_the_metadata_names_the_public_address() {
    let app = spawn_app().await;
    let res = app
        .request(
            "GET",
            METADATA,
            None,
            &[
                ("X-Forwarded-Proto", "https"),
                ("X-Forwarded-Host", "api.fqcs.example"),
            ],
            None,
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.body["issuer"], "https://api.fqcs.example");
    assert_eq!(
        res.body["token_endpoint"],
        "https://api.fqcs.example/v1/auth/token"
    );
}

#[test]
fn every_operation_open_to_bearer_tokens_lists_oauth2_with_the_same_roles() {
    let spec: Value = serde_json::from_str(&coopsante::openapi::spec_json()).unwrap();
    let flow = &spec["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"];
    assert_eq!(flow["tokenUrl"], "/v1/auth/token");
    let mut scopes: Vec<&String> = flow["scopes"].as_object().unwrap().keys().collect();
    scopes.sort();
    assert_eq!(scopes, ["admin", "coop_manager", "partner", "reader"]);
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let security = op["security"].as_array().cloned().unwrap_or_default();
            let bearer = security.iter().find_map(|s| s.get("bearer"));
            let oauth2 = security.iter().find_map(|s| s.get("oauth2"));
            assert_eq!(bearer, oauth2, "{method} {path}");
            checked += usize::from(bearer.is_some());
        }
    }
    assert!(checked > 100, "only {checked} operations checked");
}
