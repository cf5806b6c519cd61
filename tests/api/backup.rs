//! Backups: `scripts/backup` then `scripts/restore` into a new database gives a service that
//! answers exactly as before, and keeps working (writes, the change feed) from there.

use std::process::Command;

use serde_json::json;

use crate::fixtures::{cooperatives, partners};
use crate::helpers::{Options, TestDb, spawn_app, spawn_app_on};

fn script(name: &str, database_url: &str, args: &[&str]) -> String {
    let out = Command::new(format!("{}/scripts/{name}", env!("CARGO_MANIFEST_DIR")))
        .args(args)
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap_or_else(|e| panic!("scripts/{name}: {e}"));
    assert!(
        out.status.success(),
        "scripts/{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[actix_web::test]
async fn a_backup_restored_into_a_new_database_is_served_unchanged() {
    let app = spawn_app().await;
    let admin = app.admin();
    let coop = cooperatives::create(&app, json!({"name": "Coop de santé Énergie 🌿"})).await;
    let id = coop["id"].as_str().unwrap().to_owned();
    app.request(
        "PUT",
        &format!("/v1/cooperatives/{id}/membership-counts/2022-12-31"),
        Some(&admin),
        &[],
        Some(
            json!({"users": 1500, "workers": 12, "supporting": 40, "source": "agm"})
                .to_string()
                .into_bytes(),
        ),
    )
    .await
    .assert_status(201);
    partners::create_partner(&app, json!({})).await;
    let paths = [
        "/v1/cooperatives".to_owned(),
        format!("/v1/cooperatives/{id}"),
        format!("/v1/cooperatives/{id}/history"),
        "/v1/membership-counts".to_owned(),
        "/v1/partners".to_owned(),
        "/v1/stats/membership?as_of=2023-01-01&group_by=region".to_owned(),
        "/v1/changes".to_owned(),
        "/v1/audit-events".to_owned(),
    ];
    let mut before = Vec::new();
    for path in &paths {
        let res = app.get(path, &admin).await;
        res.assert_status(200);
        let etag = res.header("etag").map(str::to_owned);
        before.push((res.body, etag));
    }

    let file = std::env::temp_dir().join(format!("coopsante-{}.dump", uuid::Uuid::now_v7()));
    let file = file.to_str().unwrap();
    let printed = script("backup", app.database_url(), &[file]);
    assert_eq!(printed.trim(), file, "the backup names its file");
    // The original goes on after the backup: what it records now, the restore loses.
    let last = before[6].0["items"].as_array().unwrap().last().unwrap()["position"].clone();
    let last = last.as_str().unwrap().to_owned();
    cooperatives::create(
        &app,
        json!({"name": "Perdue à la restauration", "neq": null}),
    )
    .await;
    let lost = app
        .get(&format!("/v1/changes?after={last}"), &app.admin())
        .await;
    lost.assert_status(200);
    assert_eq!(lost.items().len(), 1);
    let lost = lost.body["next_cursor"].as_str().unwrap().to_owned();
    let restored = TestDb::future(&TestDb::default_server());
    let restored_url = restored.url.clone();
    script("restore", &restored_url, &[file]);
    let _ = std::fs::remove_file(file);
    // Restoring into a database that exists already is refused (nothing is overwritten).
    let again = Command::new(format!("{}/scripts/restore", env!("CARGO_MANIFEST_DIR")))
        .arg("/nonexistent.dump")
        .env("DATABASE_URL", &restored_url)
        .output()
        .unwrap();
    assert!(!again.status.success());

    let copy = spawn_app_on(restored, Options::default()).await;
    let admin = copy.admin();
    for (path, (body, etag)) in paths.iter().zip(&before) {
        let res = copy.get(path, &admin).await;
        res.assert_status(200);
        assert_eq!(&res.body, body, "{path} differs after the restore");
        assert_eq!(res.header("etag"), etag.as_deref(), "{path}'s ETag");
    }
    // A follower that had read the lost change is told to take a new snapshot, before and
    // after the restored service writes again (its numbers are never given again).
    for n in 1..=2 {
        let gone = copy.get(&format!("/v1/changes?after={lost}"), &admin).await;
        gone.assert_problem(410);
        gone.assert_detail_contains("restaurée");
        let name = format!("Après la restauration {n}");
        cooperatives::create(&copy, json!({"name": name, "neq": null})).await;
    }
    // The restored service goes on: a follower of the restored changes reads the new ones.
    let feed = copy.get(&format!("/v1/changes?after={last}"), &admin).await;
    feed.assert_status(200);
    let items = feed.items();
    assert_eq!(items.len(), 2, "{}", feed.text);
    assert_eq!(items[0]["action"], "created");
    // And a list's snapshot taken now follows from after the restore.
    let list = copy.get("/v1/cooperatives", &admin).await;
    let cursor = list
        .header("changes-cursor")
        .expect("Changes-Cursor")
        .to_owned();
    copy.get(&format!("/v1/changes?after={cursor}"), &admin)
        .await
        .assert_status(200);
}
