//! Partners: registering, reading, editing, and who may see which.

use coopsante::auth::Role;
use serde_json::json;

use crate::fixtures::partners::{create_partner, partner_body, token_of};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn registering_a_partner_returns_201_at_its_location_with_what_was_sent() {
    let app = spawn_app().await;
    let res = app
        .admin_post("/v1/partners", &partner_body(json!({})))
        .await;
    res.assert_status(201);
    let id = res.body["id"].as_str().unwrap();
    assert_eq!(
        res.header("location"),
        Some(format!("/v1/partners/{id}").as_str())
    );
    assert_eq!(res.body["kind"], "nutrition");
    assert_eq!(res.body["contact_name"], "Cinzia Cuneo");
}

#[actix_web::test]
async fn partner_names_are_unique_ignoring_case_and_accents() {
    let app = spawn_app().await;
    create_partner(
        &app,
        json!({"name": "Caisse d'économie solidaire", "kind": "sponsor"}),
    )
    .await;
    let res = app
        .admin_post(
            "/v1/partners",
            &partner_body(json!({"name": "CAISSE D'ECONOMIE SOLIDAIRE", "kind": "sponsor"})),
        )
        .await;
    res.assert_problem(409);
    res.assert_detail_contains("un autre partenaire porte déjà ce nom");
}

#[actix_web::test]
async fn every_invalid_partner_field_is_reported_in_one_422() {
    let app = spawn_app().await;
    let body = partner_body(json!({
        "kind": "bank", "contact_email": "not-an-email", "website": "soscuisine.com",
        "contact_phone": "123", "nmae": "typo", "id": "x"
    }));
    let res = app.admin_post("/v1/partners", &body).await;
    res.assert_problem(422);
    assert_eq!(
        res.sorted_error_fields(),
        [
            "contact_email",
            "contact_phone",
            "id",
            "kind",
            "nmae",
            "website"
        ]
    );
}

#[actix_web::test]
async fn a_partner_token_sees_only_its_own_partner_record() {
    let app = spawn_app().await;
    let sos = create_partner(&app, json!({})).await;
    let akira = create_partner(&app, json!({"name": "Akira", "kind": "telemedicine"})).await;
    let token = token_of(&app, &sos);

    let list = app.get("/v1/partners", &token).await;
    list.assert_status(200);
    let names: Vec<_> = list
        .items()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["SOS Cuisine"]);

    let own = app
        .get(
            &format!("/v1/partners/{}", sos["id"].as_str().unwrap()),
            &token,
        )
        .await;
    own.assert_status(200);
    let other = app
        .get(
            &format!("/v1/partners/{}", akira["id"].as_str().unwrap()),
            &token,
        )
        .await;
    other.assert_problem(404);

    // Readers and co-op managers see them all, sorted by name.
    let list = app.get("/v1/partners", &app.token(Role::Reader)).await;
    list.assert_status(200);
    assert_eq!(list.body["items"][0]["name"], "Akira");
    assert_eq!(list.items().len(), 2);
}

#[actix_web::test]
async fn only_admins_write_partners() {
    let app = spawn_app().await;
    let sos = create_partner(&app, json!({})).await;
    let path = format!("/v1/partners/{}", sos["id"].as_str().unwrap());
    app.post(
        "/v1/partners",
        &app.token(Role::Reader),
        &partner_body(json!({"name": "X"})),
    )
    .await
    .assert_problem(403);
    app.patch(&path, &token_of(&app, &sos), &json!({"notes": "mine"}))
        .await
        .assert_problem(403);
    app.delete(&path, &app.token(Role::Reader))
        .await
        .assert_problem(403);
}

#[actix_web::test]
async fn a_patch_of_a_partner_names_every_problem_in_one_422_and_writes_nothing() {
    let app = spawn_app().await;
    let sos = create_partner(&app, json!({})).await;
    let path = format!("/v1/partners/{}", sos["id"].as_str().unwrap());
    // One 422 lists every problem of the patch: the read-only fields it names and the
    // invalid values beside them.
    let bad = app
        .admin_patch(
            &path,
            &json!({"version": 9, "id": "x", "kind": "bank", "contact_email": "nope", "nmae": "y"}),
        )
        .await;
    bad.assert_problem(422);
    let mut problems: Vec<(String, String)> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    problems.sort();
    assert_eq!(
        problems,
        [
            ("contact_email", "format"),
            ("id", "read_only"),
            ("kind", "enum"),
            ("nmae", "unknown_field"),
            ("version", "read_only"),
        ]
        .map(|(f, c)| (f.to_owned(), c.to_owned())),
        "{}",
        bad.text
    );
    let read = app.get(&path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.header("etag"), Some("\"1\""), "nothing was written");
}

#[actix_web::test]
async fn a_partner_with_agreements_cannot_be_deleted_but_one_without_can() {
    let app = spawn_app().await;
    let sos = create_partner(&app, json!({})).await;
    let id = sos["id"].as_str().unwrap();
    app.admin_post("/v1/service-agreements",
        &json!({"partner_id": id, "title": "Nutrition", "category": "nutrition", "beneficiaries": "members"}),
    )
    .await
    .assert_status(201);
    app.delete(&format!("/v1/partners/{id}"), &app.admin())
        .await
        .assert_problem(409);

    let other = create_partner(&app, json!({"name": "Desjardins", "kind": "sponsor"})).await;
    let path = format!("/v1/partners/{}", other["id"].as_str().unwrap());
    app.delete(&path, &app.admin()).await.assert_status(204);
    app.get(&path, &app.admin()).await.assert_problem(404);
}
