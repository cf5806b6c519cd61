//! Webhooks, against a real HTTP receiver on loopback: signed deliveries, in order, retried,
//! scoped to a partner, and refused targets.

use std::time::Duration;

use serde_json::{Value, json};

use crate::fixtures::webhooks::{Received, receiver, settled_log, subscribe, verify};
use crate::fixtures::{agreements, cooperatives, id, partners};
use crate::helpers::{spawn_app, spawn_app_with_webhooks, test_webhooks};

#[actix_web::test]
async fn changes_arrive_signed_in_order_and_the_log_shows_them() {
    let app = spawn_app().await;
    let hook = receiver(vec![]);
    let sub = subscribe(&app, json!({"url": hook.url, "events": ["cooperative.*"]})).await;
    let secret = sub["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    let read = app
        .get(&format!("/v1/webhooks/{}", id(&sub)), &app.admin())
        .await;
    read.assert_status(200);
    assert!(
        read.body.get("secret").is_none(),
        "the secret is shown once"
    );

    partners::create_partner(&app, json!({})).await; // not subscribed to
    let coop = cooperatives::create(&app, json!({})).await;
    let path = format!("/v1/cooperatives/{}", id(&coop));
    for phone in ["514 555-0101", "514 555-0102"] {
        app.admin_patch(&path, &json!({"phone": phone}))
            .await
            .assert_status(200);
    }

    let got = hook.wait_for(3).await;
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        hook.got.lock().unwrap().len(),
        3,
        "nothing else (the partner is not subscribed)"
    );
    let bodies: Vec<Value> = got.iter().map(Received::json).collect();
    let kinds: Vec<&str> = bodies.iter().map(|b| b["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "cooperative.created",
            "cooperative.updated",
            "cooperative.updated"
        ]
    );
    let versions: Vec<i64> = bodies
        .iter()
        .map(|b| b["data"]["state"]["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [1, 2, 3], "in commit order");
    let read = app.get(&path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(bodies[2]["data"]["state"], read.body);
    for r in &got {
        assert!(
            verify(&secret, r),
            "a valid Standard Webhooks signature: {r:?}"
        );
        let sent: i64 = r.timestamp.parse().unwrap();
        assert!((chrono::Utc::now().timestamp() - sent).abs() < 60);
    }
    let mut forged = got[0].clone();
    forged.body = forged.body.replace("created", "deleted");
    assert!(!verify(&secret, &forged));

    // The log: each delivery succeeded once, its id the webhook-id the receiver saw.
    let log = settled_log(&app, &sub).await;
    let items = log.items();
    assert_eq!(items.len(), 3);
    for (delivery, r) in items.iter().rev().zip(&got) {
        assert_eq!(delivery["id"], r.id.as_str());
        assert_eq!(delivery["status"], "succeeded");
        assert_eq!(delivery["attempts"], 1);
        assert_eq!(delivery["last_status_code"], 200);
    }
}

#[actix_web::test]
async fn a_failure_is_retried_before_the_next_change_is_sent() {
    let app = spawn_app().await;
    let hook = receiver(vec![500, 503]);
    let sub = subscribe(&app, json!({"url": hook.url, "events": ["partner.*"]})).await;
    let partner = partners::create_partner(&app, json!({})).await;
    app.admin_patch(
        &format!("/v1/partners/{}", id(&partner)),
        &json!({"website": "https://akira.example"}),
    )
    .await
    .assert_status(200);

    let got = hook.wait_for(4).await;
    let kinds: Vec<String> = got
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "partner.created",
            "partner.created",
            "partner.created",
            "partner.updated"
        ]
    );
    assert!(
        got[..3].iter().all(|r| r.id == got[0].id),
        "the same webhook-id on every attempt"
    );
    let log = settled_log(&app, &sub).await;
    let first = &log.body["items"][1];
    assert_eq!(first["attempts"], 3);
    assert_eq!(first["status"], "succeeded");

    // An admin may send one again.
    let again = app
        .admin_post(
            &format!(
                "/v1/webhooks/{}/deliveries/{}/redeliver",
                id(&sub),
                first["id"].as_str().unwrap()
            ),
            &json!({}),
        )
        .await;
    again.assert_status(202);
    let got = hook.wait_for(5).await;
    assert_eq!(got[4].id, got[0].id);
}

#[actix_web::test]
async fn a_partners_subscription_gets_only_that_partners_changes() {
    let app = spawn_app().await;
    let (mine, agreement) = agreements::active_agreement(&app, json!({})).await;
    let other = partners::create_partner(&app, json!({"name": "Autre partenaire"})).await;
    let hook = receiver(vec![]);
    subscribe(
        &app,
        json!({"url": hook.url, "events": ["partner.*", "service_agreement.*"], "partner_id": mine["id"]}),
    )
    .await;
    for partner in [&other, &mine] {
        app.admin_patch(
            &format!("/v1/partners/{}", id(partner)),
            &json!({"website": "https://changed.example"}),
        )
        .await
        .assert_status(200);
    }
    app.admin_patch(
        &format!("/v1/service-agreements/{}", id(&agreement)),
        &json!({"title": "Nouveau titre"}),
    )
    .await
    .assert_status(200);
    let got = hook.wait_for(2).await;
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let got_now = hook.got.lock().unwrap().clone();
    assert_eq!(got_now.len(), 2, "{got:#?}");
    let ids: Vec<Value> = got_now
        .iter()
        .map(|r| r.json()["data"]["resource_id"].clone())
        .collect();
    assert_eq!(ids, [mine["id"].clone(), agreement["id"].clone()]);

    let refused = app
        .admin_post(
            "/v1/webhooks",
            &json!({"url": hook.url, "events": ["cooperative.*"], "partner_id": mine["id"]}),
        )
        .await;
    refused.assert_problem(422);
    assert_eq!(refused.error_fields(), ["events"]);
}

#[actix_web::test]
async fn a_410_disables_the_subscription_and_pausing_stops_deliveries() {
    let app = spawn_app().await;
    let hook = receiver(vec![410]);
    let sub = subscribe(
        &app,
        json!({"url": hook.url, "events": ["cooperative.created"]}),
    )
    .await;
    let path = format!("/v1/webhooks/{}", id(&sub));
    cooperatives::create(&app, json!({})).await;
    hook.wait_for(1).await;
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let read = app.get(&path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body["status"], "disabled");
    assert!(
        read.body["disabled_reason"]
            .as_str()
            .unwrap()
            .contains("410")
    );

    // Paused (the patch also re-enables it), then resumed: what was committed meanwhile
    // comes after resuming, in order.
    let paused = app.admin_patch(&path, &json!({"status": "paused"})).await;
    paused.assert_status(200);
    assert_eq!(paused.body["disabled_reason"], Value::Null);
    cooperatives::create(&app, json!({"name": "Deux", "neq": "1170000002"})).await;
    actix_web::rt::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(hook.got.lock().unwrap().len(), 1, "nothing while paused");
    app.admin_patch(&path, &json!({"status": "active"}))
        .await
        .assert_status(200);
    let got = hook.wait_for(2).await;
    assert_eq!(got[1].json()["data"]["state"]["name"], "Deux");
}

#[actix_web::test]
async fn private_targets_and_plain_http_are_refused_unless_allowed() {
    let app = spawn_app_with_webhooks(coopsante::config::WebhookConfig {
        allow_private: false,
        ..test_webhooks()
    })
    .await;
    for url in [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.8/hook",
        "https://[::1]/hook",
        "http://93.184.216.34/hook",
        "https://user:pw@93.184.216.34/hook",
        "ftp://93.184.216.34/hook",
    ] {
        let res = app
            .admin_post(
                "/v1/webhooks",
                &json!({"url": url, "events": ["cooperative.*"]}),
            )
            .await;
        res.assert_problem(422);
        assert_eq!(res.error_fields(), ["url"], "{url}");
    }
    let public = app
        .admin_post(
            "/v1/webhooks",
            &json!({"url": "https://93.184.216.34/hook", "events": ["cooperative.*"]}),
        )
        .await;
    public.assert_status(201);

    // Every other role is refused; the audit trail records the subscription, not its secret.
    app.get("/v1/webhooks", &app.partner_token())
        .await
        .assert_problem(403);
    let audit = app
        .get(
            "/v1/audit-events?resource_type=webhook_subscription&format=ndjson",
            &app.admin(),
        )
        .await;
    audit.assert_status(200);
    assert!(audit.text.contains("93.184.216.34"));
    assert!(!audit.text.contains(public.body["secret"].as_str().unwrap()));
    assert!(!audit.text.contains("whsec_"));
}
