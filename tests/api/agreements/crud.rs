//! `POST /v1/service-agreements` and `/v1/service-agreements/{id}`: creating and editing an
//! agreement, whose status only transitions may change.

use serde_json::{Value, json};

use crate::fixtures::agreements::{create_agreement, path_of, post_agreement};
use crate::fixtures::partners::create_partner;
use crate::helpers::spawn_app;

#[actix_web::test]
async fn new_agreements_start_as_drafts_and_their_status_cannot_be_written() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let res = post_agreement(&app, &partner, json!({})).await;
    res.assert_status(201);
    assert_eq!(res.body["status"], "draft");
    assert_eq!(res.header("etag"), Some("\"1\""));
    let path = path_of(&res.body);
    assert_eq!(res.header("location"), Some(path.as_str()));

    let with_status = post_agreement(
        &app,
        &partner,
        json!({"title": "Autre", "status": "active"}),
    )
    .await;
    with_status.assert_problem(422);
    assert_eq!(with_status.error_fields(), ["status"]);
    assert_eq!(with_status.body["errors"][0]["code"], "read_only");

    let patch = app.admin_patch(&path, &json!({"status": "active"})).await;
    patch.assert_problem(422);
    assert_eq!(patch.error_fields(), ["status"]);

    let ok = app
        .admin_patch(&path, &json!({"pricing": null, "ends_on": "2023-03-31"}))
        .await;
    ok.assert_status(200);
    assert_eq!(ok.body["pricing"], Value::Null);
    assert_eq!(ok.body["ends_on"], "2023-03-31");
    assert_eq!(ok.body["status"], "draft");
}

#[actix_web::test]
async fn invalid_agreements_are_422_naming_every_field() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let res = app
        .admin_post(
            "/v1/service-agreements",
            &json!({"partner_id": "not-a-uuid", "category": "food", "beneficiaries": "all",
                    "starts_on": "2021-01-01", "ends_on": "2020-12-31", "signed_on": "2999-01-01"}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(
        res.sorted_error_fields(),
        [
            "beneficiaries",
            "category",
            "ends_on",
            "partner_id",
            "signed_on",
            "title"
        ]
    );

    let unknown = post_agreement(
        &app,
        &partner,
        json!({"partner_id": uuid::Uuid::now_v7().to_string()}),
    )
    .await;
    unknown.assert_problem(422);
    assert_eq!(unknown.error_fields(), ["partner_id"]);

    create_agreement(&app, &partner, json!({})).await;
    post_agreement(&app, &partner, json!({}))
        .await
        .assert_problem(409);
}
