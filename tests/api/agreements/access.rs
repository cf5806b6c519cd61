//! Who may see which agreement: another partner's is a 404 on every route under it, and a
//! co-op manager sees those open to co-ops but not drafts.

use coopsante::auth::Role;
use serde_json::json;

use crate::fixtures::agreements::{active_agreement, create_agreement, path_of};
use crate::fixtures::partners::{create_partner, token_of};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn another_partners_agreement_is_404_not_403_everywhere() {
    let app = spawn_app().await;
    let (akira, agreement) = active_agreement(&app, json!({})).await;
    let sos = create_partner(&app, json!({})).await;
    let own = create_agreement(
        &app,
        &sos,
        json!({"title": "Nutrition", "category": "nutrition"}),
    )
    .await;
    let intruder = token_of(&app, &sos);
    let path = path_of(&agreement);
    let coop = crate::fixtures::cooperatives::create(&app, json!({})).await;
    let coop_id = coop["id"].as_str().unwrap();

    let enrolment = app
        .admin_post(
            &format!("{path}/enrollments"),
            &json!({"cooperative_id": coop_id, "starts_on": "2020-05-01"}),
        )
        .await;
    enrolment.assert_status(201);
    for sub in [
        String::new(),
        "/transitions".into(),
        "/enrollments".into(),
        format!("/enrollments/{}", enrolment.body["id"].as_str().unwrap()),
        format!("/eligibility?cooperative_id={coop_id}"),
    ] {
        let res = app.get(&format!("{path}{sub}"), &intruder).await;
        res.assert_problem(404);
        assert_eq!(
            res.body["detail"], "aucune entente de service avec cet identifiant",
            "{sub}: the same answer as for an id that does not exist"
        );
    }
    let theirs = app
        .get(
            &format!("/v1/cooperatives/{coop_id}/enrollments"),
            &intruder,
        )
        .await;
    theirs.assert_status(200);
    assert_eq!(
        theirs.body["items"],
        json!([]),
        "not its agreement's enrolments"
    );
    let list = app.get("/v1/service-agreements", &intruder).await;
    list.assert_status(200);
    assert_eq!(list.items().len(), 1);
    assert_eq!(list.body["items"][0]["id"], own["id"]);

    // Its own partner sees it, and so do readers.
    let owner = token_of(&app, &akira);
    app.get(&path, &owner).await.assert_status(200);
    app.get(&format!("{path}/transitions"), &owner)
        .await
        .assert_status(200);
    app.get(&path, &app.token(Role::Reader))
        .await
        .assert_status(200);
    app.patch(&path, &app.token(Role::Reader), &json!({"pricing": "x"}))
        .await
        .assert_problem(403);
}

#[actix_web::test]
async fn a_coop_manager_sees_agreements_open_to_co_ops_but_not_drafts() {
    let app = spawn_app().await;
    let (_, active) = active_agreement(&app, json!({})).await;
    let sos = create_partner(&app, json!({})).await;
    let draft = create_agreement(&app, &sos, json!({"title": "Brouillon"})).await;
    let coop = crate::fixtures::cooperatives::create(&app, json!({})).await;
    let manager = app.manager_token(coop["id"].as_str().unwrap());

    let list = app.get("/v1/service-agreements", &manager).await;
    list.assert_status(200);
    let items = list.items();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], active["id"]);
    app.get(&path_of(&active), &manager)
        .await
        .assert_status(200);
    app.get(&path_of(&draft), &manager)
        .await
        .assert_problem(404);
}
