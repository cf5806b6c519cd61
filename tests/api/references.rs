//! What a reference between records means depends on the request: deleting a record that
//! others still refer to is a 409 saying what to do instead, and nothing is deleted.

use serde_json::json;

use crate::fixtures::agreements::create_agreement;
use crate::fixtures::cooperatives::create;
use crate::fixtures::id;
use crate::fixtures::partners::create_partner;
use crate::fixtures::plans::{create_orientation, create_plan};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_cooperative_with_membership_counts_cannot_be_deleted_and_stays() {
    let app = spawn_app().await;
    let coop = create(&app, json!({"neq": null, "founded_on": "2009-04-15"})).await;
    let path = format!("/v1/cooperatives/{}", id(&coop));
    app.admin_post(&format!("{path}/membership-counts"),
        &json!({"as_of": "2024-12-31", "users": 1200, "workers": 10, "supporting": 5, "source": "agm"}),
    )
    .await
    .assert_status(201);

    let res = app.delete(&path, &app.admin()).await;
    res.assert_problem(409);
    assert_eq!(
        res.body["detail"],
        "d'autres enregistrements renvoient à cette coopérative ; mettre plutôt son federation_status à former"
    );
    app.get(&path, &app.admin()).await.assert_status(200);
}

#[actix_web::test]
async fn a_partner_with_agreements_cannot_be_deleted_and_stays() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    create_agreement(&app, &partner, json!({})).await;
    let path = format!("/v1/partners/{}", id(&partner));

    let res = app.delete(&path, &app.admin()).await;
    res.assert_problem(409);
    assert_eq!(
        res.body["detail"],
        "le partenaire a des ententes de service ; y mettre fin plutôt que de le supprimer"
    );
    app.get(&path, &app.admin()).await.assert_status(200);
}

#[actix_web::test]
async fn a_draft_plan_with_orientations_cannot_be_deleted_and_stays() {
    let app = spawn_app().await;
    let plan = create_plan(&app, json!({})).await;
    create_orientation(
        &app,
        id(&plan),
        json!({"title": "Représenter les coopératives"}),
    )
    .await;
    let path = format!("/v1/strategic-plans/{}", id(&plan));

    let res = app.delete(&path, &app.admin()).await;
    res.assert_problem(409);
    assert_eq!(
        res.body["detail"],
        "le plan a encore des orientations ; les supprimer d'abord"
    );
    app.get(&path, &app.admin()).await.assert_status(200);
}
