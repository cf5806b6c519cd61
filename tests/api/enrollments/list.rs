//! Listing and exporting enrolments, under an agreement or a co-op, within what the caller
//! may see: a manager its own co-op's, a partner those of its own agreements.

use serde_json::json;

use crate::fixtures::agreements::{active_agreement, create_agreement, path_of, transition};
use crate::fixtures::cooperatives::create;
use crate::fixtures::enrollments::{eligibility, enroll_from};
use crate::fixtures::id;
use crate::fixtures::partners::{create_partner, token_of};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_coop_manager_sees_its_own_enrolments_only() {
    let app = spawn_app().await;
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let mine = create(&app, json!({})).await;
    let theirs = create(&app, json!({"name": "Coop B", "neq": "1170000009"})).await;
    for coop in [&mine, &theirs] {
        enroll_from(&app, &agreement, coop, "2020-05-01")
            .await
            .assert_status(201);
    }
    let manager = app.manager_token(id(&mine));
    let list = app
        .get(&format!("{}/enrollments", path_of(&agreement)), &manager)
        .await;
    list.assert_status(200);
    let items = list.items();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["cooperative_id"], mine["id"]);
    app.get(
        &format!("/v1/cooperatives/{}/enrollments", id(&mine)),
        &manager,
    )
    .await
    .assert_status(200);
    app.get(
        &format!("/v1/cooperatives/{}/enrollments", id(&theirs)),
        &manager,
    )
    .await
    .assert_problem(403);
    let path = format!(
        "{}/eligibility?cooperative_id={}",
        path_of(&agreement),
        id(&theirs)
    );
    app.get(&path, &manager).await.assert_problem(403);
    let answer = eligibility(&app, &manager, &agreement, id(&mine), "2020-06-01").await;
    assert_eq!(answer["eligible"], true);
    app.post(
        &format!("{}/enrollments", path_of(&agreement)),
        &manager,
        &json!({"cooperative_id": id(&mine), "starts_on": "2025-01-01"}),
    )
    .await
    .assert_problem(403);

    // Once the agreement is terminated, it stays visible to the co-ops enrolled in it only.
    transition(&app, &agreement, "terminated", "2024-12-31")
        .await
        .assert_status(201);
    app.get(&path_of(&agreement), &manager)
        .await
        .assert_status(200);
    let outsider = create(&app, json!({"name": "Coop C", "neq": "1170000010"})).await;
    app.get(&path_of(&agreement), &app.manager_token(id(&outsider)))
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn a_partner_sees_a_co_ops_enrolments_in_its_own_agreements_only() {
    let app = spawn_app().await;
    let (akira, telemedicine) = active_agreement(&app, json!({})).await;
    let sos = create_partner(&app, json!({})).await;
    let nutrition = create_agreement(
        &app,
        &sos,
        json!({"title": "Nutrition", "category": "nutrition"}),
    )
    .await;
    crate::fixtures::agreements::activate(&app, &nutrition).await;
    let coop = create(&app, json!({})).await;
    for agreement in [&telemedicine, &nutrition] {
        enroll_from(&app, agreement, &coop, "2020-05-01")
            .await
            .assert_status(201);
    }
    let res = app
        .get(
            &format!("/v1/cooperatives/{}/enrollments", id(&coop)),
            &token_of(&app, &akira),
        )
        .await;
    res.assert_status(200);
    let items = res.items();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["agreement_id"], telemedicine["id"]);
    let all = app
        .get(
            &format!("/v1/cooperatives/{}/enrollments", id(&coop)),
            &app.admin(),
        )
        .await;
    all.assert_status(200);
    assert_eq!(all.items().len(), 2);
}

#[actix_web::test]
async fn a_partner_exports_the_enrolments_of_its_agreement_as_csv() {
    let app = spawn_app().await;
    let (partner, agreement) = active_agreement(&app, json!({})).await;
    for name in ["Coop A", "Coop B"] {
        let coop = create(&app, json!({"name": name, "neq": null})).await;
        enroll_from(&app, &agreement, &coop, "2020-05-01")
            .await
            .assert_status(201);
    }
    let token = crate::fixtures::partners::token_of(&app, &partner);
    let res = app
        .get(
            &format!("{}/enrollments?format=csv", path_of(&agreement)),
            &token,
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = res.text.lines().collect();
    assert!(lines[0].starts_with("id,agreement_id,cooperative_id,starts_on,ends_on"));
    assert_eq!(lines.len(), 3);
    let other =
        crate::fixtures::partners::create_partner(&app, json!({"name": "Autre", "kind": "other"}))
            .await;
    let res = app
        .get(
            &format!("{}/enrollments?format=csv", path_of(&agreement)),
            &crate::fixtures::partners::token_of(&app, &other),
        )
        .await;
    res.assert_problem(404);
}
