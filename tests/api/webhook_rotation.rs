//! Rotating a subscription's signing secret: the new secret is shown once, and for the grace
//! period every delivery carries both signatures, so that a receiver (here also the Python
//! reference verifier of Standard Webhooks) accepts it with either secret.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::fixtures::webhooks::{Received, receiver, signature_with, subscribe, verify};
use crate::fixtures::{cooperatives, id};
use crate::helpers::{Response, TestApp, spawn_app, spawn_app_with_webhooks, test_webhooks};

/// Reads the body and headers the way Standard Webhooks' own Python library does
/// (`pip install standardwebhooks`).
const PYTHON_VERIFIER: &str = r#"
import sys
try:
    from standardwebhooks import Webhook
except ImportError:
    sys.exit(3)
secret, msg_id, timestamp, signature = sys.argv[1:5]
headers = {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature}
try:
    Webhook(secret).verify(sys.stdin.buffer.read(), headers)
except Exception as e:
    print(f"refused: {e}")
    sys.exit(1)
"#;

/// Whether the reference verifier accepts the delivery with `secret`; `None` (with a message
/// saying why) when python3 or the package is missing here.
fn python_accepts(secret: &str, r: &Received) -> Option<bool> {
    let child = Command::new("python3")
        .args([
            "-c",
            PYTHON_VERIFIER,
            secret,
            &r.id,
            &r.timestamp,
            &r.signature,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("SKIPPED the Python reference verifier: no python3 here ({e})");
            return None;
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(r.body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    match out.status.code() {
        Some(0) => Some(true),
        Some(1) => Some(false),
        Some(3) => {
            eprintln!(
                "SKIPPED the Python reference verifier: `pip install standardwebhooks` to run it"
            );
            None
        }
        other => panic!(
            "the verifier failed ({other:?}): {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

async fn rotate(app: &TestApp, sub: &Value, if_match: Option<&str>) -> Response {
    let path = format!("/v1/webhooks/{}/rotate-secret", id(sub));
    let token = app.admin();
    let headers: Vec<(&str, &str)> = if_match.map(|e| ("If-Match", e)).into_iter().collect();
    app.request("POST", &path, Some(&token), &headers, None)
        .await
}

/// A change the subscription (to `cooperative.*`) is sent.
async fn change(app: &TestApp, n: u32) {
    cooperatives::create(
        app,
        json!({"name": format!("Coop {n}"), "neq": format!("117000000{n}")}),
    )
    .await;
}

#[actix_web::test]
async fn a_rotated_secret_is_shown_once_and_both_sign_during_the_grace() {
    let app = spawn_app().await;
    let hook = receiver(vec![]);
    let sub = subscribe(&app, json!({"url": hook.url, "events": ["cooperative.*"]})).await;
    let old = sub["secret"].as_str().unwrap().to_owned();

    let rotated = rotate(&app, &sub, Some("\"1\"")).await;
    rotated.assert_status(200);
    assert_eq!(rotated.header("cache-control"), Some("no-store"));
    assert_eq!(rotated.header("etag"), Some("\"2\""));
    let new = rotated.body["secret"].as_str().unwrap().to_owned();
    assert!(new.starts_with("whsec_") && new.len() > 40, "{new}");
    assert_ne!(new, old);
    assert_eq!(rotated.body["id"], sub["id"]);
    assert_eq!(rotated.body["version"], 2);
    assert!(rotated.body["secret_rotated_at"].is_string());

    // Never shown again, nor the old one, nor when the old one stops.
    let path = format!("/v1/webhooks/{}", id(&sub));
    let read = app.get(&path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body["version"], 2);
    assert!(!read.text.contains("whsec_"), "{}", read.text);
    assert!(!read.text.contains("previous_secret"), "{}", read.text);
    let list = app.get("/v1/webhooks", &app.admin()).await;
    list.assert_status(200);
    assert!(!list.text.contains("whsec_"));

    // During the grace: two signatures, the new one first; either secret verifies.
    change(&app, 1).await;
    let got = hook.wait_for(1).await;
    let signatures: Vec<&str> = got[0].signature.split(' ').collect();
    assert_eq!(
        signatures,
        [
            signature_with(&new, &got[0]).as_str(),
            signature_with(&old, &got[0]).as_str()
        ],
        "`v1,<with new> v1,<with old>`"
    );
    for secret in [&new, &old] {
        assert!(verify(secret, &got[0]));
        if let Some(accepted) = python_accepts(secret, &got[0]) {
            assert!(
                accepted,
                "the reference verifier accepts it with either secret"
            );
        }
    }
    // Another secret (the Standard Webhooks specification's example) does not verify.
    if let Some(accepted) = python_accepts("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &got[0]) {
        assert!(!accepted, "and refuses it with another");
    }

    // Once the grace is over (moved to the past behind the API's back), the new one alone.
    app.sql(&format!(
        "UPDATE webhook_subscriptions SET previous_secret_until = now() - interval '1 second' \
         WHERE id = '{}'",
        id(&sub)
    ))
    .await;
    change(&app, 2).await;
    let got = hook.wait_for(2).await;
    assert_eq!(got[1].signature, signature_with(&new, &got[1]));
    assert!(!verify(&old, &got[1]));
    if let Some(accepted) = python_accepts(&new, &got[1]) {
        assert!(accepted);
        assert_eq!(python_accepts(&old, &got[1]), Some(false));
    }

    // The audit trail records the rotation, not the secrets.
    let audit = app
        .get(
            &format!(
                "/v1/audit-events?resource_type=webhook_subscription&resource_id={}",
                id(&sub)
            ),
            &app.admin(),
        )
        .await;
    audit.assert_status(200);
    assert!(!audit.text.contains("whsec_"), "{}", audit.text);
    assert!(!audit.text.contains("previous_secret"), "{}", audit.text);
    let rotation = audit
        .items()
        .iter()
        .find(|e| e["action"] == "updated")
        .expect("the rotation is recorded");
    let fields: Vec<&str> = rotation["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["secret_rotated_at"]);
    assert_eq!(rotation["actor"], "test");
}

#[actix_web::test]
async fn with_no_grace_the_old_secret_stops_signing_at_once() {
    let app = spawn_app_with_webhooks(coopsante::config::WebhookConfig {
        secret_grace: Duration::ZERO,
        ..test_webhooks()
    })
    .await;
    let hook = receiver(vec![]);
    let sub = subscribe(&app, json!({"url": hook.url, "events": ["cooperative.*"]})).await;
    let old = sub["secret"].as_str().unwrap().to_owned();
    let rotated = rotate(&app, &sub, None).await;
    rotated.assert_status(200);
    let new = rotated.body["secret"].as_str().unwrap().to_owned();

    change(&app, 1).await;
    let got = hook.wait_for(1).await;
    assert_eq!(
        got[0].signature,
        signature_with(&new, &got[0]),
        "one signature"
    );
    assert!(!verify(&old, &got[0]));
    if let Some(accepted) = python_accepts(&old, &got[0]) {
        assert!(!accepted);
        assert_eq!(python_accepts(&new, &got[0]), Some(true));
    }
}

#[actix_web::test]
async fn rotating_is_refused_when_stale_unknown_or_not_an_admin() {
    let app = spawn_app().await;
    let hook = receiver(vec![]);
    let sub = subscribe(&app, json!({"url": hook.url, "events": ["cooperative.*"]})).await;
    let old = sub["secret"].as_str().unwrap().to_owned();
    let path = format!("/v1/webhooks/{}", id(&sub));
    app.admin_patch(&path, &json!({"description": "Changed by another admin"}))
        .await
        .assert_status(200);

    let stale = rotate(&app, &sub, Some("\"1\"")).await;
    stale.assert_problem(412);
    let unknown = rotate(&app, &json!({"id": uuid::Uuid::now_v7().to_string()}), None).await;
    unknown.assert_problem(404);
    for token in [
        app.partner_token(),
        app.token(coopsante::auth::Role::Reader),
    ] {
        let refused = app
            .request(
                "POST",
                &format!("{path}/rotate-secret"),
                Some(&token),
                &[],
                None,
            )
            .await;
        refused.assert_problem(403);
    }

    // Nothing changed: the subscription is at the version the patch left, signed as before.
    let read = app.get(&path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body["version"], 2);
    assert_eq!(read.body["secret_rotated_at"], Value::Null);
    change(&app, 1).await;
    let got = hook.wait_for(1).await;
    assert_eq!(got[0].signature, signature_with(&old, &got[0]));
}

#[actix_web::test]
async fn a_rotated_secret_is_never_kept_for_an_idempotent_replay() {
    let app = spawn_app().await;
    let sub = subscribe(
        &app,
        json!({"url": "http://127.0.0.1:9/hook", "events": ["cooperative.*"]}),
    )
    .await;
    let path = format!("/v1/webhooks/{}/rotate-secret", id(&sub));
    let token = app.admin();
    let mut secrets = Vec::new();
    for _ in 0..2 {
        let res = app
            .request(
                "POST",
                &path,
                Some(&token),
                &[("Idempotency-Key", "rotate-once")],
                None,
            )
            .await;
        res.assert_status(200);
        assert_eq!(res.header("idempotent-replayed"), None);
        secrets.push(res.body["secret"].as_str().unwrap().to_owned());
    }
    assert_ne!(
        secrets[0], secrets[1],
        "each call rotates: nothing replayed"
    );

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    use diesel_async::RunQueryDsl;
    let stored: Count =
        diesel::sql_query("SELECT count(*) AS n FROM idempotency_keys WHERE key = 'rotate-once'")
            .get_result(&mut app.connection().await)
            .await
            .unwrap();
    assert_eq!(stored.n, 0, "no answer (with its secret) kept for replays");
}
