//! What is kept: the change feed is trimmed past its retention, the audit trail is not
//! (unless an audit retention is set), and expired idempotency keys go for every caller.

use serde_json::{Value, json};

use crate::fixtures::{cooperatives, id};
use crate::helpers::{Options, TestApp, spawn_app, spawn_app_on};
use coopsante::db::changes::purge;

async fn audit_of(app: &TestApp, coop: &Value) -> Vec<Value> {
    let res = app
        .get(
            &format!("/v1/audit-events?resource_id={}", id(coop)),
            &app.admin(),
        )
        .await;
    res.assert_status(200);
    res.items().clone()
}

/// A co-op created then updated, both changes recorded `age` ago.
async fn aged_coop(app: &TestApp, age: &str) -> Value {
    let coop = cooperatives::create(app, json!({})).await;
    app.admin_patch(
        &format!("/v1/cooperatives/{}", id(&coop)),
        &json!({"phone": "514 555-0100"}),
    )
    .await
    .assert_status(200);
    app.sql(&format!("UPDATE changes SET at = now() - interval '{age}'"))
        .await;
    coop
}

#[actix_web::test]
async fn trimming_the_feed_keeps_every_audit_event_and_the_history() {
    let app = spawn_app().await;
    let coop = aged_coop(&app, "100 days").await;
    let before = audit_of(&app, &coop).await;
    assert_eq!(before.len(), 2, "{before:#?}");
    let history_path = format!("/v1/cooperatives/{}/history", id(&coop));
    let history = app.get(&history_path, &app.admin()).await;
    history.assert_status(200);

    let mut conn = app.connection().await;
    let trimmed = purge::trim_feed(&mut conn, chrono::Utc::now() - chrono::Duration::days(90))
        .await
        .unwrap();
    assert_eq!(trimmed, 2, "two commits trimmed");
    // Trimming again finds nothing new.
    let again = purge::trim_feed(&mut conn, chrono::Utc::now() - chrono::Duration::days(90))
        .await
        .unwrap();
    assert_eq!(again, 0);

    // Who changed what, and when, is all still there, exactly as before.
    assert_eq!(audit_of(&app, &coop).await, before);
    let kept = app.get(&history_path, &app.admin()).await;
    kept.assert_status(200);
    assert_eq!(kept.body["items"], history.body["items"]);
    let update = &before[0];
    assert_eq!(
        update["changes"],
        json!([{"field": "phone", "old": "514 555-0199", "new": "514 555-0100"}])
    );

    // The feed no longer serves them: an old cursor must take a new snapshot, and a follower
    // without a cursor starts after the trimmed commits.
    app.get("/v1/changes?after=0.0", &app.admin())
        .await
        .assert_problem(410);
    let fresh = app.get("/v1/changes", &app.admin()).await;
    fresh.assert_status(200);
    assert!(fresh.items().is_empty(), "{:#?}", fresh.body);
    // What is written after the trim is followed as before.
    cooperatives::create(&app, cooperatives::numbered(2)).await;
    let next = app.get("/v1/changes", &app.admin()).await;
    next.assert_status(200);
    assert_eq!(next.items().len(), 1, "{:#?}", next.body);
    assert_eq!(next.items()[0]["action"], "created");
}

#[actix_web::test]
async fn a_cursor_inside_the_last_trimmed_commit_has_lost_the_rest_of_it() {
    let app = spawn_app().await;
    for n in 1..=2 {
        cooperatives::create(&app, cooperatives::numbered(n)).await;
    }
    // One commit of two changes: both co-ops updated by one statement.
    app.sql("UPDATE cooperatives SET phone = '514 555-0001', version = version + 1")
        .await;
    let admin = app.admin();
    let partway = app.get("/v1/changes?limit=3", &admin).await;
    partway.assert_status(200);
    assert_eq!(partway.items()[2]["action"], "updated");
    let middle = partway.body["next_cursor"].as_str().unwrap().to_owned();
    let whole = app.get("/v1/changes", &admin).await;
    assert_eq!(whole.items().len(), 4);
    let end = whole.body["next_cursor"].as_str().unwrap().to_owned();

    app.sql("UPDATE changes SET at = now() - interval '100 days'")
        .await;
    let mut conn = app.connection().await;
    let trimmed = purge::trim_feed(&mut conn, chrono::Utc::now() - chrono::Duration::days(90))
        .await
        .unwrap();
    assert_eq!(trimmed, 3);
    // Halfway through the last trimmed commit: its second change is gone from the feed.
    app.get(&format!("/v1/changes?after={middle}"), &admin)
        .await
        .assert_problem(410);
    // Past all of it: nothing was lost.
    let after_all = app.get(&format!("/v1/changes?after={end}"), &admin).await;
    after_all.assert_status(200);
    assert!(after_all.items().is_empty());
}

#[actix_web::test]
async fn an_audit_retention_deletes_only_what_is_older_than_it() {
    let app = spawn_app().await;
    let old = aged_coop(&app, "400 days").await;
    let recent = cooperatives::create(&app, cooperatives::numbered(3)).await;
    let mut conn = app.connection().await;
    let gone = purge::purge_audit(&mut conn, chrono::Utc::now() - chrono::Duration::days(365))
        .await
        .unwrap();
    assert_eq!(gone, 2, "the old co-op's creation and update");
    assert!(audit_of(&app, &old).await.is_empty());
    assert_eq!(audit_of(&app, &recent).await.len(), 1);
    // The feed knows those changes are gone.
    app.get("/v1/changes?after=0.0", &app.admin())
        .await
        .assert_problem(410);
}

#[actix_web::test]
async fn the_upkeep_forgets_expired_idempotency_keys_of_every_caller() {
    use coopsante::db::schema::idempotency_keys as k;
    use diesel::prelude::*;
    use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
    // Keys of a caller who never writes again, there before the service starts.
    let db = crate::helpers::test_db().await;
    let mut conn = AsyncPgConnection::establish(&db.url).await.unwrap();
    diesel::sql_query(
        "INSERT INTO idempotency_keys (owner, key, request_hash, created_at) VALUES
           ('gone-caller', 'old', 'h', now() - interval '25 hours'),
           ('gone-caller', 'fresh', 'h', now() - interval '1 hour')",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    // The service's upkeep runs once at start, then hourly.
    let _app = spawn_app_on(db, Options::default()).await;
    let mut left: Vec<String> = Vec::new();
    for _ in 0..100 {
        left = k::table.select(k::key).load(&mut conn).await.unwrap();
        if left.len() == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(left, vec!["fresh".to_owned()]);
}
