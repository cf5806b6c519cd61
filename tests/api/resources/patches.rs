//! Merge patches and history on every resource: a patch changes the fields it names and no
//! other, a `null` clears an optional field, and the history lists the creation and the update.

use serde_json::{Value, json};

use super::RESOURCES;
use crate::helpers::spawn_app;

/// Fields a write changes whatever it writes.
const BOOKKEEPING: [&str; 2] = ["version", "updated_at"];

#[actix_web::test]
async fn a_patch_of_any_resource_changes_only_its_fields_and_bumps_the_version() {
    let app = spawn_app().await;
    for r in RESOURCES {
        let (path, before) = r.first(&app).await;
        let patch = r.patch();
        let res = app.admin_patch(&path, &patch).await;
        assert_eq!(res.status, 200, "{}: {}", r.name, res.text);
        assert_eq!(res.body["version"], 2, "{}", r.name);
        assert_eq!(res.header("etag"), Some("\"2\""), "{}", r.name);
        assert!(
            res.body["updated_at"].as_str() > before.body["updated_at"].as_str(),
            "{}: updated_at moves on: {}",
            r.name,
            res.text
        );
        let patched = patch.as_object().expect("a patch is an object");
        for (field, value) in before.body.as_object().expect("an object") {
            let expected = patched.get(field).unwrap_or(value);
            if !BOOKKEEPING.contains(&field.as_str()) {
                assert_eq!(&res.body[field], expected, "{}: {field}", r.name);
            }
        }
        let read = app.get(&path, &app.admin()).await;
        assert_eq!(
            read.body, res.body,
            "{}: what was stored is what was returned",
            r.name
        );
    }
}

#[actix_web::test]
async fn a_null_in_a_merge_patch_clears_an_optional_field_of_any_resource() {
    let app = spawn_app().await;
    for r in RESOURCES {
        let (path, before) = r.first(&app).await;
        assert!(
            !before.body[r.nullable].is_null(),
            "{}: the first body sets {}",
            r.name,
            r.nullable
        );
        let res = app.admin_patch(&path, &json!({ r.nullable: null })).await;
        assert_eq!(res.status, 200, "{}: {}", r.name, res.text);
        assert_eq!(res.body[r.nullable], Value::Null, "{}", r.name);
        let read = app.get(&path, &app.admin()).await;
        assert_eq!(
            read.body[r.nullable],
            Value::Null,
            "{}: stored cleared",
            r.name
        );
    }
}

#[actix_web::test]
async fn the_history_of_any_resource_lists_its_update_then_its_creation() {
    let app = spawn_app().await;
    for r in RESOURCES {
        let Some(resource_type) = r.history else {
            continue;
        };
        let (path, before) = r.first(&app).await;
        app.admin_patch(&path, &r.patch()).await.assert_status(200);
        let history = app.get(&format!("{path}/history"), &app.admin()).await;
        assert_eq!(history.status, 200, "{}: {}", r.name, history.text);
        let events = history.items();
        let actions: Vec<&str> = events
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            ["updated", "created"],
            "{}: {}",
            r.name,
            history.text
        );
        for event in events {
            assert_eq!(event["resource_type"], resource_type, "{}", r.name);
            assert_eq!(event["resource_id"], before.body["id"], "{}", r.name);
        }
        let (field, value) = r
            .patch()
            .as_object()
            .unwrap()
            .clone()
            .into_iter()
            .next()
            .unwrap();
        let change = events[0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == field.as_str())
            .unwrap_or_else(|| panic!("{}: the update names {field}: {}", r.name, events[0]));
        assert_eq!(change["new"], value, "{}", r.name);
    }
}
