//! `/v1/representations` and their numbered requests.

use coopsante::auth::Role;
use serde_json::json;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_brief_keeps_its_numbered_requests_and_their_later_outcome() {
    let app = spawn_app().await;
    let brief = app
        .admin_post(
            "/v1/representations",
            &json!({"title": "Consultations prébudgétaires 2019-2020", "kind": "brief",
                    "authority": "ministère des Finances"}),
        )
        .await;
    brief.assert_status(201);
    let requests = format!("{}/requests", brief.header("location").unwrap());
    let first = app
        .admin_post(
            &requests,
            &json!({"number": 1, "text": "Crédit d'impôt remboursable."}),
        )
        .await;
    first.assert_status(201);
    app.admin_post(
        &requests,
        &json!({"number": 2, "text": "Meilleures pratiques."}),
    )
    .await
    .assert_status(201);
    app.admin_post(&requests, &json!({"number": 1, "text": "Doublon"}))
        .await
        .assert_problem(409);
    let bad = app
        .admin_post(
            &requests,
            &json!({"number": 0, "text": "a\u{0}", "status": "x"}),
        )
        .await;
    bad.assert_problem(422);
    let item = format!("{requests}/{}", first.body["id"].as_str().unwrap());
    let outcome = app
        .admin_patch(&item, &json!({"outcome": "Non retenue."}))
        .await;
    outcome.assert_status(200);
    assert_eq!(outcome.body["outcome"], "Non retenue.");
    let stale = app
        .patch_if_match(&item, &app.admin(), "\"1\"", &json!({"outcome": null}))
        .await;
    stale.assert_problem(412);
    let listed = app.get(&requests, &app.token(Role::Reader)).await;
    listed.assert_status(200);
    let numbers: Vec<i64> = listed
        .items()
        .iter()
        .map(|r| r["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2]);
    let manager = app.manager_token(&uuid::Uuid::now_v7().to_string());
    app.get(&requests, &manager).await.assert_problem(403);
}

#[actix_web::test]
async fn a_meeting_is_held_not_filed_and_never_in_the_future() {
    let app = spawn_app().await;
    let res = app
        .admin_post(
            "/v1/representations",
            &json!({"title": "Rencontre MSSS", "kind": "meeting", "authority": "MSSS",
                    "filed_on": "2020-04-01", "held_on": "2100-01-01"}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["held_on", "filed_on"]);
    let ok = app
        .admin_post("/v1/representations",
            &json!({"title": "Rencontre MSSS", "kind": "meeting", "authority": "MSSS", "held_on": "2020-04-15"}),
        )
        .await;
    ok.assert_status(201);
    let range = app
        .get(
            "/v1/representations?from=2020-04-01&to=2020-04-30",
            &app.admin(),
        )
        .await;
    range.assert_status(200);
    assert_eq!(range.items().len(), 1);
    let before = app
        .get("/v1/representations?to=2020-03-31&format=csv", &app.admin())
        .await;
    before.assert_status(200);
    assert_eq!(before.text.lines().count(), 1, "the header only");
    app.get(
        "/v1/representations?from=2020-05-01&to=2020-04-01",
        &app.admin(),
    )
    .await
    .assert_problem(400);
}
