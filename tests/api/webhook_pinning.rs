//! Each delivery resolves its target once, checks every address, and connects only to the
//! address it checked: a name that leads to a private address is refused before any
//! connection, and a name is reached through the address the service resolved, never a
//! second lookup (the names here are under `.test`, which no DNS answers).

use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::time::Duration;

use coopsante::config::WebhookConfig;
use serde_json::{Value, json};

use crate::fixtures::webhooks::{receiver, subscribe, verify};
use crate::fixtures::{cooperatives, id};
use crate::helpers::{TestApp, spawn_app_with_webhooks, test_webhooks};

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// The first delivery of `sub` once an attempt at it is recorded (or fails after 10 s).
async fn first_attempt(app: &TestApp, sub: &Value) -> Value {
    let path = format!("/v1/webhooks/{}/deliveries", id(sub));
    for _ in 0..200 {
        let log = app.get(&path, &app.admin()).await;
        log.assert_status(200);
        if let Some(first) = log.items().last()
            && (!first["last_error"].is_null() || first["status"] != "pending")
        {
            return first.clone();
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no attempt recorded");
}

#[actix_web::test]
async fn a_name_that_resolves_to_a_private_address_is_refused_before_any_connection() {
    // Where the name leads: a port on loopback that counts connections.
    let target = TcpListener::bind((LOOPBACK, 0)).unwrap();
    target.set_nonblocking(true).unwrap();
    let port = target.local_addr().unwrap().port();
    let app = spawn_app_with_webhooks(WebhookConfig {
        allow_private: false,
        resolve: vec![("internal.coopsante.test".into(), LOOPBACK)],
        ..test_webhooks()
    })
    .await;
    let url = format!("https://internal.coopsante.test:{port}/hook");

    // Refused at registration, by the same resolution.
    let refused = app
        .admin_post(
            "/v1/webhooks",
            &json!({"url": url, "events": ["cooperative.*"]}),
        )
        .await;
    refused.assert_problem(422);
    assert_eq!(refused.error_fields(), ["url"]);

    // A name that passed the check at registration and resolves to a private address by
    // the time of delivery (DNS rebinding; the URL changed behind the API's back here).
    let sub = subscribe(
        &app,
        json!({"url": "https://93.184.216.34/hook", "events": ["cooperative.*"]}),
    )
    .await;
    app.sql(&format!(
        "UPDATE webhook_subscriptions SET url = '{url}' WHERE id = '{}'",
        id(&sub)
    ))
    .await;
    cooperatives::create(&app, json!({})).await;
    let delivery = first_attempt(&app, &sub).await;
    let error = delivery["last_error"].as_str().unwrap_or_default();
    assert!(error.starts_with("refused: "), "{delivery}");
    assert!(error.contains("private"), "{delivery}");
    assert_eq!(delivery["last_status_code"], Value::Null);
    match target.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("a connection was made to the refused address: {other:?}"),
    }
}

#[actix_web::test]
async fn a_name_is_delivered_to_through_the_address_resolved_and_checked() {
    let name = "receiver.coopsante.test";
    assert!(
        tokio::net::lookup_host((name, 80)).await.is_err(),
        "no DNS knows {name}: only the service's own resolution can reach it"
    );
    let hook = receiver(vec![]);
    let app = spawn_app_with_webhooks(WebhookConfig {
        allow_private: true,
        resolve: vec![(name.into(), LOOPBACK)],
        ..test_webhooks()
    })
    .await;
    let url = format!("http://{name}:{}/hook", hook.port);
    let sub = subscribe(&app, json!({"url": url, "events": ["cooperative.*"]})).await;
    cooperatives::create(&app, json!({})).await;

    let got = hook.wait_for(1).await;
    assert_eq!(
        got[0].host,
        format!("{name}:{}", hook.port),
        "the URL's name, not the address"
    );
    assert!(verify(sub["secret"].as_str().unwrap(), &got[0]));
    assert_eq!(got[0].json()["type"], "cooperative.created");
}
