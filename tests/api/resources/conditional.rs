//! Conditional requests on every resource: a creation answers with its `Location` and `ETag`,
//! a read with an unchanged `ETag` is a 304, and a write under a stale `If-Match` is a 412
//! that changes nothing.

use serde_json::json;

use super::RESOURCES;
use crate::helpers::spawn_app;

#[actix_web::test]
async fn every_resource_is_created_with_a_location_and_an_etag_and_reads_back_the_same() {
    let app = spawn_app().await;
    for r in RESOURCES {
        let fixture = r.fixture(&app).await;
        let (path, created) = r
            .create(&app, &fixture.collection, &fixture.bodies[0])
            .await;
        assert_eq!(created.header("etag"), Some("\"1\""), "{}", r.name);
        assert_eq!(created.body["version"], 1, "{}", r.name);
        let id = created.body["id"].as_str().expect("an id");
        assert_eq!(
            uuid::Uuid::parse_str(id).map(|u| u.get_version_num()),
            Ok(7),
            "{}: ids are UUID v7",
            r.name
        );
        assert!(path.ends_with(id), "{}: {path} names {id}", r.name);
        let read = app.get(&path, &app.admin()).await;
        assert_eq!(read.status, 200, "{}: {}", r.name, read.text);
        assert_eq!(read.header("etag"), Some("\"1\""), "{}", r.name);
        // A creation may show once what no read shows again (a webhook's secret).
        for (field, value) in read.body.as_object().expect("an object") {
            assert_eq!(
                &created.body[field], value,
                "{}: {field} as created and as read",
                r.name
            );
        }
    }
}

#[actix_web::test]
async fn every_resource_answers_304_to_its_current_etag_and_200_to_another() {
    let app = spawn_app().await;
    let token = app.admin();
    for r in RESOURCES {
        let (path, _) = r.first(&app).await;
        let cached = app.get_if_none_match(&path, &token, "\"1\"").await;
        assert_eq!(cached.status, 304, "{}: {}", r.name, cached.text);
        assert_eq!(cached.header("etag"), Some("\"1\""), "{}", r.name);
        assert!(cached.text.is_empty(), "{}: a 304 has no body", r.name);
        let other = app.get_if_none_match(&path, &token, "\"0\"").await;
        assert_eq!(other.status, 200, "{}: {}", r.name, other.text);
    }
}

#[actix_web::test]
async fn every_resource_refuses_a_patch_or_delete_under_a_stale_if_match_with_412() {
    let app = spawn_app().await;
    let token = app.admin();
    for r in RESOURCES {
        let (path, before) = r.first(&app).await;
        let patch = r.patch();
        let stale = app.patch_if_match(&path, &token, "\"0\"", &patch).await;
        assert_eq!(stale.status, 412, "{}: {}", r.name, stale.text);
        stale.assert_problem(412);
        let unchanged = app.get(&path, &token).await;
        assert_eq!(
            unchanged.body, before.body,
            "{}: a 412 writes nothing",
            r.name
        );

        let current = app.patch_if_match(&path, &token, "\"1\"", &patch).await;
        assert_eq!(current.status, 200, "{}: {}", r.name, current.text);
        assert_eq!(current.header("etag"), Some("\"2\""), "{}", r.name);
        for tag in ["\"1\"", "W/\"2\""] {
            let res = app.patch_if_match(&path, &token, tag, &patch).await;
            assert_eq!(res.status, 412, "{}: If-Match {tag}: {}", r.name, res.text);
            let res = app.delete_if_match(&path, &token, tag).await;
            assert_eq!(res.status, 412, "{}: If-Match {tag}: {}", r.name, res.text);
        }
        let deleted = app.delete_if_match(&path, &token, "\"2\"").await;
        assert_eq!(deleted.status, 204, "{}: {}", r.name, deleted.text);
        let gone = app.get(&path, &token).await;
        assert_eq!(gone.status, 404, "{}: {}", r.name, gone.text);
        let again = app.patch(&path, &token, &json!({})).await;
        assert_eq!(again.status, 404, "{}: {}", r.name, again.text);
        let twice = app.delete(&path, &token).await;
        assert_eq!(twice.status, 404, "{}: {}", r.name, twice.text);
    }
}
