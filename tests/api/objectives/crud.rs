//! `/v1/orientations/{id}/objectives` and `/v1/objectives/{id}`: creating, validating,
//! listing and editing objectives, and what they hold their plan to.

use coopsante::auth::Role;
use serde_json::{Value, json};

use crate::fixtures::id;
use crate::fixtures::objectives::{create_objective, objective, setup};
use crate::fixtures::plans::{create_orientation, create_plan};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn creating_an_objective_returns_it_with_defaults_and_a_location() {
    let app = spawn_app().await;
    let (_, orientation) = setup(&app).await;
    let res = app
        .admin_post(
            &format!("/v1/orientations/{}/objectives", id(&orientation)),
            &objective(json!({})),
        )
        .await;
    res.assert_status(201);
    let path = format!("/v1/objectives/{}", id(&res.body));
    assert_eq!(res.header("location"), Some(path.as_str()));
    assert_eq!(res.body["status"], "not_started");
    assert_eq!(res.body["orientation_id"], orientation["id"]);
    assert_eq!(res.body["indicator_source"], Value::Null);
    assert_eq!(res.body["target_value"], 100.0);
    let read = app
        .get(&path, &app.manager_token(&uuid::Uuid::now_v7().to_string()))
        .await;
    read.assert_status(200);
    assert_eq!(read.body, res.body, "a co-op manager reads objectives");
    let dup = app
        .admin_post(
            &format!("/v1/orientations/{}/objectives", id(&orientation)),
            &objective(json!({})),
        )
        .await;
    dup.assert_problem(409);
    let list = app
        .get(
            &format!("/v1/orientations/{}/objectives", id(&orientation)),
            &app.admin(),
        )
        .await;
    list.assert_status(200);
    assert_eq!(list.items().len(), 1);
}

#[actix_web::test]
async fn objectives_are_checked_against_their_plan_and_direction() {
    let app = spawn_app().await;
    let (_, orientation) = setup(&app).await;
    let path = format!("/v1/orientations/{}/objectives", id(&orientation));
    let cases = [
        (json!({"baseline_date": "2020-12-31"}), "baseline_date"),
        (json!({"target_date": "2022-01-01"}), "target_date"),
        (json!({"target_date": "2021-01-01"}), "target_date"),
        (json!({"target_value": 0}), "target_value"),
        (json!({"direction": "decrease"}), "target_value"),
        (json!({"direction": "sideways"}), "direction"),
        (json!({"code": "1"}), "code"),
        (json!({"code": "01.1"}), "code"),
        (json!({"indicator": null}), "indicator"),
        (
            json!({"indicator_source": "federation_budget"}),
            "indicator_source",
        ),
        (json!({"baseline_value": "0"}), "baseline_value"),
        (json!({"target_value": 1e300}), "target_value"),
        (json!({"status": "done"}), "status"),
        (json!({"orientation_id": "x"}), "orientation_id"),
        (json!({"owner": "a\u{0}b"}), "owner"),
    ];
    for (overrides, field) in cases {
        let res = app.admin_post(&path, &objective(overrides.clone())).await;
        res.assert_problem(422);
        assert_eq!(res.error_fields(), [field], "{overrides}: {}", res.text);
    }
    let decreasing = app
        .admin_post(
            &path,
            &objective(json!({"direction": "decrease", "baseline_value": 50, "target_value": 20})),
        )
        .await;
    decreasing.assert_status(201);
    app.post(
        &path,
        &app.token(Role::Reader),
        &objective(json!({"code": "1.9"})),
    )
    .await
    .assert_problem(403);
}

#[actix_web::test]
async fn a_plan_period_cannot_shrink_past_its_objectives() {
    let app = spawn_app().await;
    let (plan, orientation) = setup(&app).await;
    create_objective(&app, &orientation, json!({})).await;
    let path = format!("/v1/strategic-plans/{}", id(&plan));
    let res = app
        .admin_patch(&path, &json!({"period_end": "2021-03-31"}))
        .await;
    res.assert_problem(422);
    assert!(res.error_fields().contains(&"period_end".to_owned()));
    app.admin_patch(&path, &json!({"period_end": "2021-04-11"}))
        .await
        .assert_status(200);
    // An orientation with objectives cannot be deleted.
    app.delete(
        &format!("/v1/orientations/{}", id(&orientation)),
        &app.admin(),
    )
    .await
    .assert_problem(409);
}

#[actix_web::test]
async fn objectives_are_listed_by_the_numbers_of_their_codes_across_pages() {
    let app = spawn_app().await;
    let (_, orientation) = setup(&app).await;
    for code in ["1.10", "1.9", "1.2", "1.2.1"] {
        create_objective(&app, &orientation, json!({"code": code})).await;
    }
    let base = format!("/v1/orientations/{}/objectives?limit=2", id(&orientation));
    let mut codes = Vec::new();
    let mut url = base.clone();
    loop {
        let page = app.get(&url, &app.admin()).await;
        page.assert_status(200);
        for item in page.items() {
            codes.push(item["code"].as_str().unwrap().to_owned());
        }
        match page.body["next_cursor"].as_str() {
            Some(c) => {
                assert!(
                    page.header("link")
                        .is_some_and(|l| l.contains("rel=\"next\""))
                );
                url = format!("{base}&cursor={c}");
            }
            None => break,
        }
    }
    assert_eq!(codes, ["1.2", "1.2.1", "1.9", "1.10"]);
    app.get(&format!("{base}&cursor=garbage"), &app.admin())
        .await
        .assert_problem(400);
}

/// The request examples of the spec are accepted by the API, in the order a client would
/// send them.
#[actix_web::test]
async fn the_spec_examples_of_plans_orientations_objectives_and_measurements_are_valid() {
    let app = spawn_app().await;
    let spec = coopsante::openapi::spec();
    let spec = serde_json::to_value(&spec).unwrap();
    let example = |schema: &str| {
        let e = spec["components"]["schemas"][schema]["example"].clone();
        assert!(e.is_object(), "{schema} has an example");
        e
    };
    let patch_example = |path: &str| {
        spec["paths"][path]["patch"]["requestBody"]["content"]["application/merge-patch+json"]
            ["example"]
            .clone()
    };
    let plan = app
        .admin_post("/v1/strategic-plans", &example("StrategicPlanInput"))
        .await;
    plan.assert_status(201);
    let orientation = app
        .admin_post(
            &format!("/v1/strategic-plans/{}/orientations", id(&plan.body)),
            &example("OrientationInput"),
        )
        .await;
    orientation.assert_status(201);
    // The objective example belongs to the 2020-2023 plan.
    let plan_2020 = create_plan(&app, json!({"title": "Plan 2020-2023"})).await;
    let o2020 = create_orientation(&app, id(&plan_2020), json!({"title": "Membership"})).await;
    let objective = app
        .admin_post(
            &format!("/v1/orientations/{}/objectives", id(&o2020)),
            &example("ObjectiveInput"),
        )
        .await;
    objective.assert_status(201);
    let typed = create_objective(
        &app,
        &o2020,
        json!({"code": "3.1", "baseline_date": "2020-04-01", "target_date": "2023-03-31"}),
    )
    .await;
    let measurement = app
        .admin_post(
            &format!("/v1/objectives/{}/measurements", id(&typed)),
            &example("MeasurementInput"),
        )
        .await;
    measurement.assert_status(201);

    for (template, resource) in [
        ("/v1/strategic-plans/{id}", &plan.body),
        ("/v1/orientations/{id}", &orientation.body),
        ("/v1/objectives/{id}", &objective.body),
        ("/v1/measurements/{id}", &measurement.body),
    ] {
        let body = patch_example(template);
        assert!(body.is_object(), "{template} has a PATCH example");
        let path = template.replace("{id}", id(resource));
        app.admin_patch(&path, &body).await.assert_status(200);
    }
}
