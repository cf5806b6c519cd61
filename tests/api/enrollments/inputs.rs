//! What the partner, agreement and enrolment routes accept: the examples of the spec, and
//! hostile input refused with a clean 4xx.

use serde_json::json;

use crate::fixtures::agreements::{active_agreement, path_of, transition};
use crate::fixtures::cooperatives::create;
use crate::fixtures::enrollments::enroll;
use crate::fixtures::id;
use crate::helpers::spawn_app;

#[actix_web::test]
async fn the_spec_examples_of_partners_agreements_transitions_and_enrolments_are_valid() {
    let app = spawn_app().await;
    let spec = coopsante::openapi::spec();
    let spec = serde_json::to_value(&spec).unwrap();
    let example = |name: &str| spec["components"]["schemas"][name]["example"].clone();
    let patch_example = |path: &str| {
        spec["paths"][path]["patch"]["requestBody"]["content"]["application/merge-patch+json"]
            ["example"]
            .clone()
    };

    let partner = app
        .admin_post("/v1/partners", &example("PartnerInput"))
        .await;
    partner.assert_status(201);
    app.admin_patch(
        &format!("/v1/partners/{}", id(&partner.body)),
        &patch_example("/v1/partners/{id}"),
    )
    .await
    .assert_status(200);

    let mut body = example("AgreementInput");
    body["partner_id"] = partner.body["id"].clone();
    body["ends_on"] = json!("2099-12-31");
    let agreement = app.admin_post("/v1/service-agreements", &body).await;
    agreement.assert_status(201);
    let path = path_of(&agreement.body);
    app.admin_patch(&path, &patch_example("/v1/service-agreements/{id}"))
        .await
        .assert_status(200);
    app.admin_post(&format!("{path}/transitions"), &example("TransitionInput"))
        .await
        .assert_status(201);
    transition(&app, &agreement.body, "active", "2020-04-01")
        .await
        .assert_status(201);

    let coop = create(&app, json!({})).await;
    let mut body = example("EnrollmentInput");
    body["cooperative_id"] = coop["id"].clone();
    let enrolment = app.admin_post(&format!("{path}/enrollments"), &body).await;
    enrolment.assert_status(201);
    app.admin_patch(
        &format!("{path}/enrollments/{}", id(&enrolment.body)),
        &patch_example("/v1/service-agreements/{id}/enrollments/{enrollment_id}"),
    )
    .await
    .assert_status(200);
}

#[actix_web::test]
async fn hostile_input_to_partners_and_agreements_is_a_clean_4xx() {
    let app = spawn_app().await;
    let res = app
        .admin_post(
            "/v1/partners",
            &json!({"name": "SOS\u{0}Cuisine", "kind": "nutrition", "notes": "x".repeat(5001)}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["name", "notes"]);
    app.get("/v1/service-agreements/not-a-uuid", &app.admin())
        .await
        .assert_problem(404);
    app.get(
        "/v1/service-agreements/not-a-uuid/eligibility?cooperative_id=x",
        &app.admin(),
    )
    .await
    .assert_problem(404);
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let coop = create(&app, json!({})).await;
    for people in [json!(1e30), json!(1.5), json!("12"), json!(-1)] {
        let res = enroll(
            &app,
            &agreement,
            json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01", "people_covered": people}),
        )
        .await;
        res.assert_problem(422);
        assert_eq!(res.error_fields(), ["people_covered"]);
    }
    let res = app
        .admin_post(
            &format!("{}/transitions", path_of(&agreement)),
            &json!({"to": "suspended", "reason": "   ", "effective_on": "2021-02-30"}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["reason", "effective_on"]);
}
