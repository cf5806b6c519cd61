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
    // The restored service goes on: a write is recorded after the restored changes.
    let last = before[6].0["items"].as_array().unwrap().last().unwrap()["position"].clone();
    cooperatives::create(&copy, json!({"name": "Après la restauration", "neq": null})).await;
    let feed = copy
        .get(
            &format!("/v1/changes?after={}", last.as_str().unwrap()),
            &admin,
        )
        .await;
    feed.assert_status(200);
    let items = feed.items();
    assert_eq!(items.len(), 1, "{}", feed.text);
    assert_eq!(items[0]["action"], "created");
}
