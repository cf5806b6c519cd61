//! `/v1/projects` with its transitions and funders.

use serde_json::json;

use crate::fixtures::partners::create_partner;
use crate::fixtures::projects::project;
use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_project_paused_because_of_covid_keeps_its_dated_history() {
    let app = spawn_app().await;
    let created = app.admin_post("/v1/projects", &project(json!({}))).await;
    created.assert_status(201);
    assert_eq!(created.body["status"], "planned");
    let path = created.header("location").unwrap().to_owned();
    let step =
        |to: &str, on: &str| json!({"to": to, "reason": format!("vers {to}"), "effective_on": on});
    let t = format!("{path}/transitions");
    app.admin_post(&t, &step("in_progress", "2020-01-09"))
        .await
        .assert_status(201);
    let paused = app
        .admin_post(
            &t,
            &json!({"to": "paused", "reason": "COVID-19", "effective_on": "2020-03-13"}),
        )
        .await;
    paused.assert_status(201);
    assert_eq!(paused.body["from"], "in_progress");
    assert_eq!(paused.header("etag"), Some("\"3\""));
    app.admin_post(&t, &step("completed", "2020-04-01"))
        .await
        .assert_problem(409);
    let early = app.admin_post(&t, &step("abandoned", "2020-01-01")).await;
    early.assert_problem(422);
    assert_eq!(early.error_fields(), ["effective_on"]);
    app.admin_post(&t, &step("abandoned", "2100-01-01"))
        .await
        .assert_problem(422);
    let history = app.get(&t, &app.token(coopsante::auth::Role::Reader)).await;
    history.assert_status(200);
    let tos = history.texts("to");
    assert_eq!(tos, ["in_progress", "paused"]);
    let read = app.get(&path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body["status"], "paused");
    let patch = app
        .admin_patch(&path, &json!({"status": "completed"}))
        .await;
    patch.assert_problem(422);
    assert_eq!(patch.error_fields(), ["status"]);
}

#[actix_web::test]
async fn a_co_op_manager_sees_public_projects_only() {
    let app = spawn_app().await;
    let public = app.admin_post("/v1/projects", &project(json!({}))).await;
    let private = app
        .admin_post(
            "/v1/projects",
            &project(json!({"title": "Étude interne", "public": false})),
        )
        .await;
    private.assert_status(201);
    let manager = app.manager_token(&uuid::Uuid::now_v7().to_string());
    let list = app.get("/v1/projects", &manager).await;
    list.assert_status(200);
    let items = list.items();
    assert_eq!(items.len(), 1);
    public.assert_status(201);
    assert_eq!(items[0]["id"], public.body["id"]);
    app.get(private.header("location").unwrap(), &manager)
        .await
        .assert_problem(404);
    app.get(public.header("location").unwrap(), &manager)
        .await
        .assert_status(200);
    app.post("/v1/projects", &manager, &project(json!({"title": "X"})))
        .await
        .assert_problem(403);
    let all = app
        .get(
            "/v1/projects?format=ndjson",
            &app.token(coopsante::auth::Role::Reader),
        )
        .await;
    all.assert_status(200);
    assert_eq!(all.text.lines().count(), 2);
}

#[actix_web::test]
async fn invalid_projects_name_every_field_and_unknown_plan_links() {
    let app = spawn_app().await;
    let res = app
        .admin_post("/v1/projects",
            &json!({"title": "a\u{0}", "kind": "party", "started_on": "2020-02-01",
                    "completed_on": "2020-01-01", "document_url": "javascript:alert(1)", "status": "completed"}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(
        res.sorted_error_fields(),
        ["completed_on", "document_url", "kind", "status", "title"]
    );
    let links = app
        .admin_post(
            "/v1/projects",
            &project(json!({"orientation_ids": [uuid::Uuid::now_v7().to_string()]})),
        )
        .await;
    links.assert_problem(422);
    assert_eq!(links.error_fields(), ["orientation_ids[0]"]);
}

#[actix_web::test]
async fn only_partners_of_kind_funder_fund_a_project_once_each() {
    let app = spawn_app().await;
    let created = app.admin_post("/v1/projects", &project(json!({}))).await;
    created.assert_status(201);
    let funders = format!("{}/funders", created.header("location").unwrap());
    let mei = create_partner(
        &app,
        json!({"name": "Ministère de l'Économie et de l'Innovation", "kind": "funder"}),
    )
    .await;
    let sage = create_partner(&app, json!({"name": "SAGE", "kind": "insurance_broker"})).await;
    let ok = app
        .admin_post(&funders, &json!({"partner_id": mei["id"], "amount": 25000}))
        .await;
    ok.assert_status(201);
    assert_eq!(ok.body["amount"], 25000);
    app.admin_post(&funders, &json!({"partner_id": mei["id"]}))
        .await
        .assert_problem(409);
    let not_funder = app
        .admin_post(&funders, &json!({"partner_id": sage["id"]}))
        .await;
    not_funder.assert_problem(422);
    assert_eq!(not_funder.body["errors"][0]["code"], "not_funder");
    let bad = app
        .admin_post(
            &funders,
            &json!({"partner_id": mei["id"], "amount": -5, "share": 1}),
        )
        .await;
    bad.assert_problem(422);
    let list = app.get(&funders, &app.admin()).await;
    list.assert_status(200);
    assert_eq!(list.items().len(), 1);
    let one = format!("{funders}/{}", ok.body["id"].as_str().unwrap());
    app.delete(&one, &app.admin()).await.assert_status(204);
    app.delete(
        &format!("/v1/partners/{}", mei["id"].as_str().unwrap()),
        &app.admin(),
    )
    .await
    .assert_status(204);
}
