//! Progress of objectives whose indicator the API computes from the register, the
//! membership statistics or the enrolments, rather than from measurements.

use serde_json::json;

use super::progress;
use crate::fixtures::cooperatives;
use crate::fixtures::id;
use crate::fixtures::objectives::{create_objective, setup};
use crate::fixtures::plans::{create_orientation, create_plan};
use crate::helpers::spawn_app;

/// `member_cooperatives` counts co-ops that were members on each day, from the register.
#[actix_web::test]
async fn a_computed_indicator_follows_the_register_and_refuses_measurements() {
    let app = spawn_app().await;
    cooperatives::member_since(&app, "1170000001", "2018-06-12").await;
    cooperatives::member_since(&app, "1170000002", "2021-06-01").await;
    cooperatives::create(
        &app,
        json!({"neq": "1170000003", "federation_status": "former",
            "member_since": "2019-01-01", "left_on": "2022-01-01"}),
    )
    .await;
    cooperatives::create(
        &app,
        json!({"neq": "1170000004", "federation_status": "prospect", "member_since": null}),
    )
    .await;
    let plan = create_plan(
        &app,
        json!({"title": "Plan 2021-2023", "period_start": "2021-01-01", "period_end": "2023-12-31"}),
    )
    .await;
    let orientation = create_orientation(&app, id(&plan), json!({"title": "Membership"})).await;
    let obj = create_objective(
        &app,
        &orientation,
        json!({"code": "1.1", "indicator": "Coopératives membres",
            "indicator_source": "member_cooperatives",
            "baseline_value": 2, "target_value": 6, "target_date": "2022-12-31"}),
    )
    .await;
    assert_eq!(obj["indicator_source"], "member_cooperatives");
    let p = progress(&app, &obj).await;
    assert_eq!(
        p["history"],
        json!([
            {"as_of": "2021-01-01", "value": 2.0},
            {"as_of": "2021-06-01", "value": 3.0},
            {"as_of": "2022-01-01", "value": 2.0}
        ])
    );
    let today = crate::helpers::today().to_string();
    assert_eq!(p["latest"], json!({"as_of": today, "value": 2.0}));
    assert_eq!(p["percent_complete"], 0.0);
    assert_eq!(p["expected_percent"], 100.0, "the target date has passed");
    assert_eq!(p["tracking"], "off_track");

    let res = app
        .admin_post(
            &format!("/v1/objectives/{}/measurements", id(&obj)),
            &json!({"as_of": "2021-06-01", "value": 3}),
        )
        .await;
    res.assert_problem(409);
    res.assert_detail_contains("member_cooperatives");

    // A new member counts from the day it joins.
    cooperatives::member_since(&app, "1170000005", "2023-01-15").await;
    let p = progress(&app, &obj).await;
    assert_eq!(p["latest"]["value"], 3.0);
    assert_eq!(
        p["history"][3],
        json!({"as_of": "2023-01-15", "value": 3.0})
    );
    assert_eq!(p["percent_complete"], 25.0);
}

/// `federation_members` follows the statistics: members' latest counts, day by day.
#[actix_web::test]
async fn an_objective_can_follow_the_federations_total_membership() {
    let app = spawn_app().await;
    let a = cooperatives::create(&app, json!({"neq": null, "member_since": "2018-06-12"})).await;
    let b = cooperatives::create(
        &app,
        json!({"neq": null, "name": "B", "member_since": "2021-03-01"}),
    )
    .await;
    for (coop, as_of, users) in [
        (&a, "2020-12-31", 1000),
        (&a, "2021-06-30", 1200),
        (&b, "2021-02-01", 300),
    ] {
        let path = format!("/v1/cooperatives/{}/membership-counts", id(coop));
        let body = json!({"as_of": as_of, "users": users, "source": "annual_report"});
        app.admin_post(&path, &body).await.assert_status(201);
    }
    let (_, orientation) = setup(&app).await;
    let obj = create_objective(
        &app,
        &orientation,
        json!({"indicator": "Membres de la fédération", "indicator_source": "federation_members",
            "baseline_value": 1000, "target_value": 2000}),
    )
    .await;
    let p = progress(&app, &obj).await;
    // B's count of February only counts once B joins on March 1st.
    assert_eq!(
        p["history"],
        json!([
            {"as_of": "2021-01-01", "value": 1000.0},
            {"as_of": "2021-03-01", "value": 1300.0},
            {"as_of": "2021-06-30", "value": 1500.0}
        ])
    );
    assert_eq!(p["latest"]["value"], 1500.0);
    assert_eq!(p["percent_complete"], 50.0);
}

/// `active_enrollments` counts the enrolments covering each day, both ends included.
#[actix_web::test]
async fn an_objective_can_follow_the_enrolments_in_force() {
    let app = spawn_app().await;
    let a = cooperatives::create(&app, json!({"neq": null})).await;
    let b = cooperatives::create(&app, json!({"neq": null, "name": "B"})).await;
    let (_, agreement) = crate::fixtures::agreements::active_agreement(&app, json!({})).await;
    crate::fixtures::enrollments::enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&a), "starts_on": "2021-02-01", "ends_on": "2021-05-31"}),
    )
    .await
    .assert_status(201);
    crate::fixtures::enrollments::enroll_from(&app, &agreement, &b, "2021-03-01")
        .await
        .assert_status(201);
    let (_, orientation) = setup(&app).await;
    let obj = create_objective(
        &app,
        &orientation,
        json!({"indicator": "Adhésions aux ententes", "indicator_source": "active_enrollments",
            "baseline_value": 0, "target_value": 4}),
    )
    .await;
    let p = progress(&app, &obj).await;
    assert_eq!(
        p["history"],
        json!([
            {"as_of": "2021-01-01", "value": 0.0},
            {"as_of": "2021-02-01", "value": 1.0},
            {"as_of": "2021-03-01", "value": 2.0},
            {"as_of": "2021-06-01", "value": 1.0}
        ])
    );
}
