//! API clients: created, read, listed, rotated and revoked by admins; a secret is shown once.

use coopsante::auth::Role;
use serde_json::{Value, json};

use crate::fixtures::cooperatives::create;
use crate::fixtures::id;
use crate::fixtures::partners::create_partner;
use crate::helpers::{TestApp, spawn_app};

async fn create_client(app: &TestApp, body: Value) -> Value {
    let res = app.admin_post("/v1/api-clients", &body).await;
    res.assert_status(201);
    res.body.clone()
}

#[actix_web::test]
async fn creating_a_client_returns_201_with_its_secret_once() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let res = app
        .admin_post(
            "/v1/api-clients",
            &json!({"name": "SAGE : adhésions 🛡️", "role": "partner", "partner_id": partner["id"]}),
        )
        .await;
    res.assert_status(201);
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let created = &res.body;
    assert_eq!(created["client_id"], created["id"]);
    assert_eq!(created["name"], "SAGE : adhésions 🛡️");
    assert_eq!(created["role"], "partner");
    assert_eq!(created["partner_id"], partner["id"]);
    let secret = created["client_secret"].as_str().expect("a secret");
    assert!(
        secret.starts_with("cs_secret_") && secret.len() > 40,
        "{secret}"
    );
    assert_eq!(
        res.header("location"),
        Some(format!("/v1/api-clients/{}", id(created)).as_str())
    );

    let read = app
        .get(&format!("/v1/api-clients/{}", id(created)), &app.admin())
        .await;
    read.assert_status(200);
    assert!(read.body.get("client_secret").is_none(), "{}", read.text);
    assert!(!read.text.contains(secret));
    let list = app.get("/v1/api-clients", &app.admin()).await;
    list.assert_status(200);
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
    assert!(!list.text.contains(secret));
    assert!(!list.text.contains("argon2"), "no hash is ever shown");
}

#[actix_web::test]
async fn a_role_needs_exactly_its_binding_and_every_problem_is_named() {
    let app = spawn_app().await;
    let coop = create(&app, json!({})).await;
    let cases = [
        (
            json!({"name": "Site", "role": "coop_manager"}),
            vec!["cooperative_id"],
        ),
        (
            json!({"name": "SAGE", "role": "partner"}),
            vec!["partner_id"],
        ),
        (
            json!({"name": "Script", "role": "reader", "cooperative_id": coop["id"]}),
            vec!["cooperative_id"],
        ),
        (
            json!({"role": "root", "client_secret": "mine"}),
            vec!["client_secret", "name", "role"],
        ),
        (json!({"name": "x\u{0}y", "role": "reader"}), vec!["name"]),
        (
            json!({"name": "Script", "role": "reader", "expires_at": "2001-01-01T00:00:00Z"}),
            vec!["expires_at"],
        ),
    ];
    for (body, fields) in cases {
        let res = app.admin_post("/v1/api-clients", &body).await;
        res.assert_problem(422);
        assert_eq!(res.sorted_error_fields(), fields, "{body}");
    }
    let unknown = app
        .admin_post(
            "/v1/api-clients",
            &json!({"name": "SAGE", "role": "partner", "partner_id": uuid::Uuid::now_v7()}),
        )
        .await;
    unknown.assert_problem(422);
    assert_eq!(unknown.error_fields(), ["partner_id"]);
    let manager = create_client(
        &app,
        json!({"name": "Site", "role": "coop_manager", "cooperative_id": coop["id"]}),
    )
    .await;
    assert_eq!(manager["cooperative_id"], coop["id"]);
}

#[actix_web::test]
async fn only_admins_manage_clients() {
    let app = spawn_app().await;
    let client = create_client(&app, json!({"name": "Script", "role": "reader"})).await;
    let path = format!("/v1/api-clients/{}", id(&client));
    for token in [app.token(Role::Reader), app.partner_token()] {
        app.get("/v1/api-clients", &token).await.assert_problem(403);
        app.get(&path, &token).await.assert_problem(403);
        app.post(&format!("{path}/revoke"), &token, &json!({}))
            .await
            .assert_problem(403);
        app.post(
            "/v1/api-clients",
            &token,
            &json!({"name": "Mine", "role": "admin"}),
        )
        .await
        .assert_problem(403);
    }
    app.get("/v1/api-clients", "").await.assert_problem(401);
}

#[actix_web::test]
async fn rotating_gives_a_new_secret_and_keeps_the_old_one_for_a_grace_period() {
    let app = spawn_app().await;
    let client = create_client(&app, json!({"name": "Script", "role": "reader"})).await;
    let path = format!("/v1/api-clients/{}", id(&client));
    let rotated = app
        .admin_post(&format!("{path}/rotate-secret"), &json!({}))
        .await;
    rotated.assert_status(200);
    assert_eq!(rotated.header("cache-control"), Some("no-store"));
    let new_secret = rotated.body["client_secret"].as_str().unwrap();
    assert_ne!(new_secret, client["client_secret"].as_str().unwrap());
    assert_eq!(rotated.body["version"], 2);
    let until = rotated.body["previous_secret_until"]
        .as_str()
        .expect("a grace period");
    let until = chrono::DateTime::parse_from_rfc3339(until).unwrap();
    let hours =
        (until.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((23.9..=24.0).contains(&hours), "{hours} hours of grace");
}

#[actix_web::test]
async fn revoking_is_final_and_keeps_its_first_time() {
    let app = spawn_app().await;
    let client = create_client(&app, json!({"name": "Script", "role": "reader"})).await;
    let path = format!("/v1/api-clients/{}", id(&client));
    let revoked = app.admin_post(&format!("{path}/revoke"), &json!({})).await;
    revoked.assert_status(200);
    let at = revoked.body["revoked_at"]
        .as_str()
        .expect("revoked")
        .to_owned();
    let again = app.admin_post(&format!("{path}/revoke"), &json!({})).await;
    again.assert_status(200);
    assert_eq!(again.body["revoked_at"], at.as_str());
    app.admin_post(&format!("{path}/rotate-secret"), &json!({}))
        .await
        .assert_problem(409);
    let missing = format!("/v1/api-clients/{}/revoke", uuid::Uuid::now_v7());
    app.admin_post(&missing, &json!({}))
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn the_clients_create_command_prints_credentials_the_api_knows() {
    let app = spawn_app().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_coopsante"))
        .args([
            "clients",
            "create",
            "--name",
            "Première console",
            "--role",
            "admin",
        ])
        .env("DATABASE_URL", app.database_url())
        .env("RUST_LOG", "error")
        .output()
        .expect("the coopsante binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: Value = serde_json::from_slice(&output.stdout).expect("JSON alone on stdout");
    let fields: Vec<&str> = printed
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(fields, ["client_id", "client_secret"]);
    let client_id = printed["client_id"].as_str().unwrap();
    let read = app
        .get(&format!("/v1/api-clients/{client_id}"), &app.admin())
        .await;
    read.assert_status(200);
    assert_eq!(read.body["role"], "admin");
    assert_eq!(read.body["name"], "Première console");

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_coopsante"))
        .args([
            "clients",
            "create",
            "--name",
            "Site",
            "--role",
            "coop_manager",
        ])
        .env("DATABASE_URL", app.database_url())
        .output()
        .expect("the coopsante binary runs");
    assert!(!refused.status.success());
    assert!(refused.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("cooperative_id"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}
