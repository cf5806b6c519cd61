//! Eligibility: is a co-op covered by an agreement on a date, and if not, why. What a
//! partner's system asks.

use serde_json::json;

use crate::fixtures::agreements::{active_agreement, path_of, transition};
use crate::fixtures::cooperatives::create;
use crate::fixtures::enrollments::{eligibility, enroll, enroll_from};
use crate::fixtures::id;
use crate::fixtures::partners::token_of;
use crate::helpers::spawn_app;

#[actix_web::test]
async fn eligibility_says_whether_a_co_op_is_covered_on_a_date_and_why_not() {
    let app = spawn_app().await;
    let (partner, agreement) = active_agreement(&app, json!({})).await;
    // A member from 2018-06-12 that left on 2022-01-01.
    let coop = create(
        &app,
        json!({"federation_status": "former", "left_on": "2022-01-01"}),
    )
    .await;
    enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01", "ends_on": "2021-12-31"}),
    )
    .await
    .assert_problem(409);
    // Enrol while it was a member, then record that it left.
    let coop = create(&app, json!({"name": "Coop B", "neq": "1170000009"})).await;
    enroll_from(&app, &agreement, &coop, "2020-05-01")
        .await
        .assert_status(201);
    app.admin_patch(
        &format!("/v1/cooperatives/{}", id(&coop)),
        &json!({"federation_status": "former", "left_on": "2022-01-01"}),
    )
    .await
    .assert_status(200);
    transition(&app, &agreement, "suspended", "2021-01-01")
        .await
        .assert_status(201);
    transition(&app, &agreement, "active", "2021-02-01")
        .await
        .assert_status(201);

    let token = token_of(&app, &partner);
    let cases = [
        ("2020-06-01", true, "enrolled"),
        ("2020-04-15", false, "not_enrolled"),
        ("2020-03-15", false, "agreement_not_active"),
        ("2021-01-15", false, "agreement_not_active"),
        ("2021-02-01", true, "enrolled"),
        ("2022-01-01", false, "cooperative_not_member"),
    ];
    for (on, eligible, reason) in cases {
        let answer = eligibility(&app, &token, &agreement, id(&coop), on).await;
        assert_eq!(answer["eligible"], eligible, "{on}: {answer}");
        assert_eq!(answer["reason"], reason, "{on}: {answer}");
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let suspended = eligibility(&app, &token, &agreement, id(&coop), "2021-01-15").await;
    assert_eq!(suspended["agreement_status"], "suspended");
    let covered = eligibility(&app, &token, &agreement, id(&coop), "2020-06-01").await;
    assert!(covered["enrollment_id"].is_string());

    let unknown = uuid::Uuid::now_v7().to_string();
    let answer = eligibility(&app, &token, &agreement, &unknown, "2020-06-01").await;
    assert_eq!(answer["reason"], "unknown_cooperative");

    let bad = app
        .get(
            &format!("{}/eligibility?on=2020-13-01", path_of(&agreement)),
            &token,
        )
        .await;
    bad.assert_problem(400);
    assert_eq!(bad.error_fields(), ["cooperative_id", "on"]);
}
