//! `/v1/service-agreements/{id}/enrollments` and `…/{enrollment_id}`: enrolling a co-op,
//! the overlap and membership rules, editing an enrolment, and what it keeps from deletion.

use coopsante::auth::Role;
use serde_json::{Value, json};

use crate::fixtures::agreements::{active_agreement, create_agreement, path_of};
use crate::fixtures::cooperatives::create;
use crate::fixtures::enrollments::{enroll, enroll_from};
use crate::fixtures::id;
use crate::fixtures::partners::create_partner;
use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_member_co_op_enrols_in_an_active_agreement_and_is_listed_under_both_parents() {
    let app = spawn_app().await;
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let coop = create(&app, json!({})).await;
    let res = enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01", "people_covered": 1850}),
    )
    .await;
    res.assert_status(201);
    assert_eq!(res.body["ends_on"], Value::Null);
    let location = res.header("location").unwrap().to_owned();
    assert_eq!(
        location,
        format!("{}/enrollments/{}", path_of(&agreement), id(&res.body))
    );
    app.get(&location, &app.admin()).await.assert_status(200);

    let by_agreement = app
        .get(
            &format!("{}/enrollments", path_of(&agreement)),
            &app.admin(),
        )
        .await;
    by_agreement.assert_status(200);
    assert_eq!(by_agreement.body["items"], json!([res.body]));
    let by_coop = app
        .get(
            &format!("/v1/cooperatives/{}/enrollments", id(&coop)),
            &app.token(Role::Reader),
        )
        .await;
    by_coop.assert_status(200);
    assert_eq!(by_coop.body["items"], json!([res.body]));
    let on_date = app
        .get(
            &format!("{}/enrollments?on=2020-04-15", path_of(&agreement)),
            &app.admin(),
        )
        .await;
    on_date.assert_status(200);
    assert_eq!(on_date.body["items"], json!([]), "not yet enrolled then");

    let ended = app
        .admin_patch(&location, &json!({"ends_on": "2022-12-31"}))
        .await;
    ended.assert_status(200);
    assert_eq!(ended.body["ends_on"], "2022-12-31");
    assert_eq!(ended.body["people_covered"], 1850);
    let moved = app
        .admin_patch(&location, &json!({"cooperative_id": id(&coop)}))
        .await;
    moved.assert_problem(422);
    assert_eq!(moved.error_fields(), ["cooperative_id"]);
}

#[actix_web::test]
async fn overlapping_enrolments_of_a_co_op_in_an_agreement_are_refused_by_the_database() {
    let app = spawn_app().await;
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let coop = create(&app, json!({})).await;
    let first = enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01", "ends_on": "2020-12-31"}),
    )
    .await;
    first.assert_status(201);

    for (starts, ends) in [
        ("2020-12-31", Value::Null),
        ("2020-04-01", json!("2020-05-01")),
        ("2020-06-01", json!("2020-06-30")),
    ] {
        let res = enroll(
            &app,
            &agreement,
            json!({"cooperative_id": id(&coop), "starts_on": starts, "ends_on": ends}),
        )
        .await;
        res.assert_problem(409);
        res.assert_detail_contains("déjà inscrite");
    }
    // The next day is free (last days are inclusive), and open-ended from then on.
    let second = enroll_from(&app, &agreement, &coop, "2021-01-01").await;
    second.assert_status(201);
    // Stretching the first one over the second is refused too.
    let stretch = app
        .admin_patch(
            &format!("{}/enrollments/{}", path_of(&agreement), id(&first.body)),
            &json!({"ends_on": null}),
        )
        .await;
    stretch.assert_problem(409);

    // Another co-op on the same dates is fine.
    let other = create(
        &app,
        json!({"name": "Coop santé Robert-Cliche", "neq": "1170000002"}),
    )
    .await;
    enroll_from(&app, &agreement, &other, "2020-05-01")
        .await
        .assert_status(201);
}

#[actix_web::test]
async fn only_member_co_ops_of_active_agreements_can_be_enrolled() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let draft = create_agreement(&app, &partner, json!({})).await;
    let coop = create(&app, json!({})).await;
    let res = enroll_from(&app, &draft, &coop, "2020-05-01").await;
    res.assert_problem(409);
    res.assert_detail_contains("draft");

    // An end ten years ahead of whenever the test runs.
    let ends = crate::helpers::today() + chrono::Days::new(3650);
    let (_, active) = active_agreement(&app, json!({ "ends_on": ends.to_string() })).await;
    let prospect = create(
        &app,
        json!({"name": "Coop future", "neq": "1170000003", "federation_status": "prospect", "member_since": null}),
    )
    .await;
    let res = enroll_from(&app, &active, &prospect, "2020-05-01").await;
    res.assert_problem(409);
    res.assert_detail_contains("seules les coopératives membres peuvent être inscrites");

    let unknown = enroll(
        &app,
        &active,
        json!({"cooperative_id": uuid::Uuid::now_v7().to_string(), "starts_on": "2020-05-01"}),
    )
    .await;
    unknown.assert_problem(422);
    assert_eq!(unknown.error_fields(), ["cooperative_id"]);

    let outside = enroll(
        &app,
        &active,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-01-01", "ends_on": (ends + chrono::Days::new(1)).to_string()}),
    )
    .await;
    outside.assert_problem(422);
    assert_eq!(outside.error_fields(), ["starts_on", "ends_on"]);

    let negative = enroll(
        &app,
        &active,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-04-01", "people_covered": -1}),
    )
    .await;
    negative.assert_problem(422);
    assert_eq!(negative.error_fields(), ["people_covered"]);

    let newcomer = create(
        &app,
        json!({"name": "Coop nouvelle", "neq": "1170000004", "member_since": "2021-01-01"}),
    )
    .await;
    let early = enroll_from(&app, &active, &newcomer, "2020-05-01").await;
    early.assert_problem(422);
    assert_eq!(early.body["errors"][0]["code"], "before_membership");
    let enrolled = enroll_from(&app, &active, &newcomer, "2021-01-01").await;
    enrolled.assert_status(201);
    let moved_back = app
        .admin_patch(
            &format!("{}/enrollments/{}", path_of(&active), id(&enrolled.body)),
            &json!({"starts_on": "2020-12-31"}),
        )
        .await;
    moved_back.assert_problem(422);
    assert_eq!(moved_back.error_fields(), ["starts_on"]);
}

#[actix_web::test]
async fn an_enrolled_co_op_cannot_be_deleted() {
    let app = spawn_app().await;
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let coop = create(&app, json!({})).await;
    enroll_from(&app, &agreement, &coop, "2020-05-01")
        .await
        .assert_status(201);
    app.delete(&format!("/v1/cooperatives/{}", id(&coop)), &app.admin())
        .await
        .assert_problem(409);
    app.delete(&path_of(&agreement), &app.admin())
        .await
        .assert_problem(409);
}
