//! The change feed: every committed change once, in commit order, scoped like the
//! resources, with each resource's state as its `GET` shows it.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use serde_json::{Value, json};

use crate::fixtures::{agreements, cooperatives, id, partners};
use crate::helpers::{TestApp, spawn_app};
use coopsante::auth::Role;

async fn poll(app: &TestApp, token: &str, query: &str) -> (Vec<Value>, String) {
    let res = app.get(&format!("/v1/changes?{query}"), token).await;
    res.assert_status(200);
    let cursor = res.body["next_cursor"]
        .as_str()
        .expect("next_cursor")
        .to_owned();
    (res.body["items"].as_array().expect("items").clone(), cursor)
}

#[actix_web::test]
async fn the_feed_gives_each_change_with_the_state_a_read_returns() {
    let app = spawn_app().await;
    let admin = app.admin();
    let (_, start) = poll(&app, &admin, "").await;
    let coop = cooperatives::create(
        &app,
        json!({"federation_status": "prospect", "member_since": null}),
    )
    .await;
    let path = format!("/v1/cooperatives/{}", id(&coop));
    app.patch(&path, &admin, &json!({"phone": "514 555-0100"}))
        .await
        .assert_status(200);
    let read = app.get(&path, &admin).await;
    app.delete(&path, &admin).await.assert_status(204);

    let (items, cursor) = poll(&app, &admin, &format!("after={start}")).await;
    let actions: Vec<&str> = items
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["created", "updated", "deleted"]);
    assert!(
        items
            .iter()
            .all(|c| c["resource_type"] == "cooperative" && c["resource_id"] == coop["id"])
    );
    assert_eq!(
        items[0]["state"], coop,
        "the state is the resource as the API shows it"
    );
    read.assert_status(200);
    assert_eq!(items[1]["state"], read.body);
    assert_eq!(items[2]["state"], Value::Null);
    assert_eq!(cursor, items[2]["position"]);

    // Nothing new: no items, and the same cursor to keep polling with.
    let (again, same) = poll(&app, &admin, &format!("after={cursor}")).await;
    assert!(again.is_empty());
    assert_eq!(same, cursor);

    // Pages of one.
    let (first, next) = poll(&app, &admin, &format!("after={start}&limit=1")).await;
    assert_eq!(first.len(), 1);
    let (second, _) = poll(&app, &admin, &format!("after={next}&limit=1")).await;
    assert_eq!(second[0]["action"], "updated");
}

#[actix_web::test]
async fn partners_and_co_op_managers_follow_only_what_they_may_read() {
    let app = spawn_app().await;
    let (partner, agreement) = agreements::active_agreement(&app, json!({})).await;
    let other = partners::create_partner(&app, json!({"name": "Autre partenaire"})).await;
    let coop = cooperatives::create(&app, json!({})).await;
    let other_coop =
        cooperatives::create(&app, json!({"name": "Autre", "neq": "1170000002"})).await;
    app.admin_patch(
        &format!("/v1/partners/{}", id(&other)),
        &json!({"website": "https://autre.example"}),
    )
    .await
    .assert_status(200);

    let (seen, _) = poll(&app, &partners::token_of(&app, &partner), "").await;
    assert!(!seen.is_empty());
    for change in &seen {
        let ok = match change["resource_type"].as_str().unwrap() {
            "partner" => change["resource_id"] == partner["id"],
            "service_agreement" => change["resource_id"] == agreement["id"],
            "agreement_transition" => change["state"]["agreement_id"] == agreement["id"],
            _ => false,
        };
        assert!(ok, "a partner saw {change:#}");
    }
    assert!(
        seen.iter()
            .any(|c| c["resource_type"] == "agreement_transition")
    );

    let manager = app.manager_token(id(&coop));
    let (seen, _) = poll(&app, &manager, "").await;
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert_eq!(seen[0]["resource_id"], coop["id"]);
    assert_ne!(seen[0]["resource_id"], other_coop["id"]);

    let refused = app.get("/v1/changes?types=partner", &manager).await;
    refused.assert_problem(403);
    let (all, _) = poll(&app, &app.token(Role::Reader), "types=partner").await;
    assert_eq!(all.len(), 3, "two partners created, one updated: {all:#?}");
}

#[actix_web::test]
async fn bad_forged_or_purged_cursors_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin();
    for query in [
        "after=abc",
        "after=1",
        "after=-1.2",
        "after=1.2.3",
        "limit=0",
        "limit=1001",
        "types=cooperative,nope",
        "since=1",
    ] {
        let res = app.get(&format!("/v1/changes?{query}"), &admin).await;
        res.assert_problem(400);
    }
    app.get("/v1/changes?after=999999.1", &admin)
        .await
        .assert_problem(400);

    cooperatives::create(&app, json!({})).await;
    let (items, early) = poll(&app, &admin, "").await;
    assert_eq!(items.len(), 1);
    cooperatives::create(&app, json!({"name": "Deux", "neq": "1170000002"})).await;
    let (items, cursor) = poll(&app, &admin, &format!("after={early}")).await;
    assert_eq!(items.len(), 1);
    // Everything recorded is now older than the feed's retention, and trimmed (2 commits).
    app.sql("UPDATE changes SET at = now() - interval '100 days'")
        .await;
    let mut conn = app.connection().await;
    let purged = coopsante::db::changes::purge::trim_feed(
        &mut conn,
        chrono::Utc::now() - chrono::Duration::days(90),
    )
    .await
    .unwrap();
    assert_eq!(purged, 2);
    // A consumer that had not seen the second change has lost it: it must re-snapshot.
    for lost in ["0.0", early.as_str()] {
        let gone = app.get(&format!("/v1/changes?after={lost}"), &admin).await;
        gone.assert_problem(410);
        gone.assert_detail_contains("instantané");
    }
    // The consumer that had seen everything up to the purge goes on.
    let (items, _) = poll(&app, &admin, &format!("after={cursor}")).await;
    assert!(items.is_empty(), "{items:#?}");
}

/// Several writers commit in an order unrelated to the order they started in (each takes
/// its transaction id on a private row first, then waits, then updates a shared one) while
/// a poller follows the feed. The poller must see every committed change exactly once,
/// and each shared co-op's versions in increasing order with none missing.
#[actix_web::test]
async fn concurrent_writers_and_a_poller_every_change_once_in_order() {
    use coopsante::db;
    use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

    const WRITERS: usize = 4;
    const ROUNDS: usize = 12;
    let app = spawn_app().await;
    let mut shared = Vec::new();
    for n in 0..3 {
        let c = cooperatives::create(
            &app,
            json!({"name": format!("Partagée {n}"), "neq": format!("118000000{n}")}),
        )
        .await;
        shared.push(id(&c).to_owned());
    }
    let mut own = Vec::new();
    for n in 0..WRITERS {
        let c = cooperatives::create(
            &app,
            json!({"name": format!("Écrivain {n}"), "neq": format!("119000000{n}")}),
        )
        .await;
        own.push(id(&c).to_owned());
    }
    let (_, start) = poll(&app, &app.admin(), "types=cooperative").await;

    let url = app.database_url().to_owned();
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (url, shared, mine) = (url.clone(), shared.clone(), own[w].clone());
        writers.push(actix_web::rt::spawn(async move {
            let mut conn = AsyncPgConnection::establish(&url).await.unwrap();
            let actor = db::Actor::command("writer");
            let mut committed = 0;
            for round in 0..ROUNDS {
                let target = shared[(w + round) % shared.len()].clone();
                let pause = format!("{:.3}", ((w * 7 + round * 3) % 5) as f64 * 0.01);
                let mine = mine.clone();
                db::write(&mut conn, &actor, async |conn| {
                    for (sql, id) in [
                        ("UPDATE cooperatives SET name = $1, version = version + 1 WHERE id = $2::uuid", &mine),
                        ("SELECT pg_sleep(0) WHERE $1 <> $2", &mine),
                        ("UPDATE cooperatives SET name = $1, version = version + 1 WHERE id = $2::uuid", &target),
                    ] {
                        let sql = sql.replace("pg_sleep(0)", &format!("pg_sleep({pause})"));
                        diesel::sql_query(sql)
                            .bind::<diesel::sql_types::Text, _>(format!("w{w} r{round}"))
                            .bind::<diesel::sql_types::Text, _>(id)
                            .execute(conn)
                            .await?;
                    }
                    Ok::<_, diesel::result::Error>(())
                })
                .await
                .unwrap();
                committed += 2;
            }
            committed
        }));
    }

    let admin = app.admin();
    let mut seen: Vec<Value> = Vec::new();
    let mut cursor = start;
    let mut done = false;
    loop {
        let (items, next) = poll(
            &app,
            &admin,
            &format!("types=cooperative&limit=7&after={cursor}"),
        )
        .await;
        cursor = next;
        let empty = items.is_empty();
        seen.extend(items);
        if done && empty {
            break;
        }
        if !done && writers.iter().all(|w| w.is_finished()) {
            done = true; // one more pass after the last commit
        }
        if empty {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    let mut expected = 0;
    for w in writers {
        expected += w.await.unwrap();
    }

    assert_eq!(seen.len(), expected, "every committed change, once");
    let positions: HashSet<&str> = seen
        .iter()
        .map(|c| c["position"].as_str().unwrap())
        .collect();
    assert_eq!(positions.len(), seen.len(), "no change twice");
    let mut versions: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for c in &seen {
        versions
            .entry(c["resource_id"].as_str().unwrap())
            .or_default()
            .push(c["state"]["version"].as_i64().unwrap());
    }
    for (coop, seen_versions) in &versions {
        let first = seen_versions[0];
        let in_order: Vec<i64> = (first..first + seen_versions.len() as i64).collect();
        assert_eq!(
            seen_versions, &in_order,
            "versions of {coop} out of order or missing"
        );
        let stored = app.get(&format!("/v1/cooperatives/{coop}"), &admin).await;
        stored.assert_status(200);
        assert_eq!(
            stored.body["version"],
            json!(seen_versions.last().unwrap()),
            "the last change is the stored state"
        );
    }
}
