//! The audit trail: every write recorded in its own transaction, with who, what and the
//! fields changed; nothing for a failed write; never a secret.

use serde_json::{Value, json};

use crate::fixtures::{cooperatives, id, partners};
use crate::helpers::{Response, TestApp, spawn_app};
use coopsante::auth::Role;

async fn events(app: &TestApp, query: &str) -> Vec<Value> {
    let res = app
        .get(&format!("/v1/audit-events?{query}"), &app.admin())
        .await;
    res.assert_status(200);
    res.body["items"].as_array().expect("items").clone()
}

fn change<'a>(event: &'a Value, field: &str) -> Option<&'a Value> {
    event["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["field"] == field)
}

#[actix_web::test]
async fn an_update_records_who_changed_which_fields_with_old_and_new_values() {
    let app = spawn_app().await;
    let coop = cooperatives::create(&app, json!({})).await;
    let path = format!("/v1/cooperatives/{}", id(&coop));
    let token = app.manager_token(id(&coop));
    let res = app
        .request(
            "PATCH",
            &path,
            Some(&token),
            &[
                ("Content-Type", "application/merge-patch+json"),
                ("X-Request-Id", "audit-test-42"),
            ],
            Some(json!({"phone": "514 555-0100"}).to_string().into_bytes()),
        )
        .await;
    res.assert_status(200);

    let found = events(&app, &format!("resource_id={}", id(&coop))).await;
    assert_eq!(found.len(), 2, "created then updated: {found:#?}");
    let (update, creation) = (&found[0], &found[1]);
    assert_eq!(update["action"], "updated");
    assert_eq!(update["resource_type"], "cooperative");
    assert_eq!(update["resource_id"], coop["id"]);
    assert_eq!(update["actor_role"], "coop_manager");
    assert_eq!(update["actor"], "manager", "the token's subject");
    assert_eq!(update["request_id"], "audit-test-42");
    assert_eq!(
        update["changes"],
        json!([{"field": "phone", "old": "514 555-0199", "new": "514 555-0100"}]),
        "only the changed field, without bookkeeping (version, updated_at)"
    );
    assert_eq!(creation["action"], "created");
    assert_eq!(creation["actor_role"], "admin");
    assert_eq!(
        change(creation, "name").expect("name recorded")["new"],
        coop["name"]
    );
    assert!(
        change(creation, "version").is_none() && change(creation, "sort_name").is_none(),
        "bookkeeping and derived columns are not changes: {creation:#}"
    );

    // The same events, as the co-op's history, for whoever may read the co-op.
    let history = app.get(&format!("{path}/history"), &token).await;
    history.assert_status(200);
    assert_eq!(history.body["items"], json!(found));
}

#[actix_web::test]
async fn a_failed_or_refused_write_records_nothing() {
    let app = spawn_app().await;
    let coop = cooperatives::create(&app, json!({})).await;
    let path = format!("/v1/cooperatives/{}", id(&coop));
    let before = events(&app, "").await.len();

    // Invalid (422), stale (412), forbidden (403), conflicting with the database (409).
    app.admin_patch(&path, &json!({"postal_code": "nope"}))
        .await
        .assert_status(422);
    app.patch_if_match(
        &path,
        &app.admin(),
        "\"999\"",
        &json!({"phone": "514 555-0111"}),
    )
    .await
    .assert_status(412);
    app.patch(
        &path,
        &app.token(Role::Reader),
        &json!({"phone": "514 555-0111"}),
    )
    .await
    .assert_status(403);
    let twin = cooperatives::coop(json!({"name": "Autre coop"}));
    app.admin_post("/v1/cooperatives", &twin)
        .await
        .assert_status(409);

    assert_eq!(events(&app, "").await.len(), before);
    let stored = app.get(&path, &app.admin()).await;
    stored.assert_status(200);
    assert_eq!(stored.body["phone"], "514 555-0199");
}

#[actix_web::test]
async fn deletions_transitions_and_client_management_are_recorded_without_secrets() {
    let app = spawn_app().await;
    let partner = partners::create_partner(&app, json!({})).await;
    let created = app
        .admin_post(
            "/v1/api-clients",
            &json!({"name": "SAGE sync", "role": "partner", "partner_id": partner["id"]}),
        )
        .await;
    created.assert_status(201);
    let client = created.body["id"].as_str().unwrap().to_owned();
    let first_secret = created.body["client_secret"].as_str().unwrap().to_owned();
    let rotated = app
        .admin_post(
            &format!("/v1/api-clients/{client}/rotate-secret"),
            &json!({}),
        )
        .await;
    rotated.assert_status(200);
    let second_secret = rotated.body["client_secret"].as_str().unwrap().to_owned();
    app.admin_post(&format!("/v1/api-clients/{client}/revoke"), &json!({}))
        .await
        .assert_status(200);

    let coop = cooperatives::create(
        &app,
        json!({"federation_status": "prospect", "member_since": null}),
    )
    .await;
    app.delete(&format!("/v1/cooperatives/{}", id(&coop)), &app.admin())
        .await
        .assert_status(204);

    let clients = events(
        &app,
        &format!("resource_type=api_client&resource_id={client}"),
    )
    .await;
    let actions: Vec<&str> = clients
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["updated", "updated", "created"]);
    assert!(
        change(&clients[0], "revoked_at").is_some(),
        "{:#}",
        clients[0]
    );
    assert!(
        change(&clients[1], "previous_secret_until").is_some(),
        "{:#}",
        clients[1]
    );

    let deleted = events(&app, &format!("action=deleted&resource_id={}", id(&coop))).await;
    assert_eq!(deleted.len(), 1);
    assert_eq!(change(&deleted[0], "name").unwrap()["old"], coop["name"]);
    assert_eq!(change(&deleted[0], "name").unwrap()["new"], Value::Null);

    // The whole trail, exported, holds neither secret nor any hash of one.
    let export = app
        .get("/v1/audit-events?format=ndjson", &app.admin())
        .await;
    export.assert_status(200);
    for needle in [
        first_secret.as_str(),
        second_secret.as_str(),
        "$argon2",
        "secret_hash",
    ] {
        assert!(
            !export.text.contains(needle),
            "{needle} leaked into the audit trail"
        );
    }
    assert_eq!(
        export.text.lines().count(),
        events(&app, "limit=500").await.len()
    );
}

#[actix_web::test]
async fn the_trail_filters_pages_and_exports_and_is_for_admins_only() {
    let app = spawn_app().await;
    for n in 0..3 {
        cooperatives::create(&app, cooperatives::numbered(n)).await;
    }
    let first = app
        .get(
            "/v1/audit-events?limit=2&resource_type=cooperative",
            &app.admin(),
        )
        .await;
    first.assert_status(200);
    assert_eq!(first.items().len(), 2);
    let cursor = first.body["next_cursor"].as_str().expect("a next page");
    let second = app
        .get(
            &format!("/v1/audit-events?limit=2&resource_type=cooperative&cursor={cursor}"),
            &app.admin(),
        )
        .await;
    second.assert_status(200);
    let names: Vec<&Value> = first
        .items()
        .iter()
        .chain(second.items())
        .map(|e| &change(e, "name").unwrap()["new"])
        .collect();
    assert_eq!(
        names,
        [&json!("Coop 2"), &json!("Coop 1"), &json!("Coop 0")],
        "newest first"
    );
    assert_eq!(second.body["next_cursor"], Value::Null);

    assert!(events(&app, "actor=someone-else").await.is_empty());
    assert_eq!(events(&app, "actor=test&action=created").await.len(), 3);
    assert_eq!(events(&app, "from=2000-01-01&to=2000-01-02").await.len(), 0);
    assert_eq!(events(&app, "from=2000-01-01").await.len(), 3);

    let csv = app.get("/v1/audit-events?format=csv", &app.admin()).await;
    csv.assert_status(200);
    let header = csv.text.lines().next().unwrap();
    assert_eq!(
        header,
        "id,at,actor,actor_role,request_id,resource_type,resource_id,action,changes"
    );
    assert_eq!(csv.text.lines().count(), 4);

    let bad: Response = app
        .get(
            "/v1/audit-events?resource_type=coop&action=renamed&from=yesterday&resource_id=42",
            &app.admin(),
        )
        .await;
    bad.assert_problem(400);
    assert_eq!(
        bad.error_fields(),
        ["resource_type", "resource_id", "action", "from"]
    );
    for role in [Role::Reader, Role::CoopManager, Role::Partner] {
        let token = match role {
            Role::CoopManager => app.manager_token("00000000-0000-7000-8000-000000000001"),
            Role::Partner => app.partner_token(),
            _ => app.token(role),
        };
        app.get("/v1/audit-events", &token)
            .await
            .assert_problem(403);
    }
}

#[actix_web::test]
async fn a_write_behind_the_api_that_names_no_actor_is_refused_by_the_database() {
    use diesel_async::RunQueryDsl;
    let app = spawn_app().await;
    let coop = cooperatives::create(&app, json!({})).await;
    let mut conn = app.connection().await;
    let anonymous = diesel::sql_query(format!(
        "UPDATE cooperatives SET phone = '514 555-0000' WHERE id = '{}'",
        id(&coop)
    ))
    .execute(&mut conn)
    .await;
    let error = anonymous.expect_err("a write without an actor").to_string();
    assert!(error.contains("names no actor"), "{error}");
    let stored = app
        .get(&format!("/v1/cooperatives/{}", id(&coop)), &app.admin())
        .await;
    stored.assert_status(200);
    assert_eq!(stored.body["phone"], "514 555-0199");
}
