//! Objectives, measurements and progress through HTTP: validation against the plan, the
//! tracking rule at its edges, a computed indicator, and the plan summary's counts.

use coopsante::auth::Role;
use serde_json::{Value, json};

use crate::cooperatives;
use crate::helpers::{TestApp, spawn_app};
use crate::plans::{create_orientation, create_plan};

fn id(v: &Value) -> &str {
    v["id"].as_str().expect("an id")
}

/// A valid objective of a plan covering 2021, with `overrides` merged in: from 0 on
/// 2021-01-01 to 100 on 2021-04-11, 100 days later.
fn objective(overrides: Value) -> Value {
    let mut body = json!({
        "code": "1.1",
        "title": "Faire connaître le modèle coopératif en santé",
        "owner": "Direction générale",
        "indicator": "Mentions dans les médias",
        "unit": "mentions",
        "direction": "increase",
        "baseline_value": 0,
        "baseline_date": "2021-01-01",
        "target_value": 100,
        "target_date": "2021-04-11"
    });
    json_patch::merge(&mut body, &overrides);
    body
}

/// A plan covering 2021 with one orientation; returns (plan, orientation).
async fn setup(app: &TestApp) -> (Value, Value) {
    let plan = create_plan(
        app,
        json!({"title": "Plan 2021", "period_start": "2021-01-01", "period_end": "2021-12-31"}),
    )
    .await;
    let orientation = create_orientation(app, id(&plan), json!({"title": "Notoriété"})).await;
    (plan, orientation)
}

async fn create_objective(app: &TestApp, orientation: &Value, overrides: Value) -> Value {
    let res = app
        .post(
            &format!("/v1/orientations/{}/objectives", id(orientation)),
            &app.admin(),
            &objective(overrides),
        )
        .await;
    res.assert_status(201);
    res.body.clone()
}

async fn measure(app: &TestApp, objective: &Value, as_of: &str, value: f64) -> Value {
    let res = app
        .post(
            &format!("/v1/objectives/{}/measurements", id(objective)),
            &app.admin(),
            &json!({"as_of": as_of, "value": value}),
        )
        .await;
    res.assert_status(201);
    res.body.clone()
}

async fn progress(app: &TestApp, objective: &Value) -> Value {
    let res = app
        .get(
            &format!("/v1/objectives/{}/progress", id(objective)),
            &app.token(Role::Reader),
        )
        .await;
    res.assert_status(200);
    res.body.clone()
}

#[actix_web::test]
async fn creating_an_objective_returns_it_with_defaults_and_a_location() {
    let app = spawn_app().await;
    let (_, orientation) = setup(&app).await;
    let res = app
        .post(
            &format!("/v1/orientations/{}/objectives", id(&orientation)),
            &app.admin(),
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
    assert_eq!(read.body, res.body);
    let patched = app
        .patch(
            &path,
            &app.admin(),
            &json!({"status": "in_progress", "owner": null}),
        )
        .await;
    patched.assert_status(200);
    assert_eq!(patched.body["owner"], Value::Null);
    assert_eq!(patched.body["version"], 2);
    let dup = app
        .post(
            &format!("/v1/orientations/{}/objectives", id(&orientation)),
            &app.admin(),
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
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
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
        let res = app
            .post(&path, &app.admin(), &objective(overrides.clone()))
            .await;
        res.assert_problem(422);
        assert_eq!(res.error_fields(), [field], "{overrides}: {}", res.text);
    }
    let decreasing = app
        .post(
            &path,
            &app.admin(),
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
        .patch(&path, &app.admin(), &json!({"period_end": "2021-03-31"}))
        .await;
    res.assert_problem(422);
    assert!(res.error_fields().contains(&"period_end".to_owned()));
    app.patch(&path, &app.admin(), &json!({"period_end": "2021-04-11"}))
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
async fn measurements_are_dated_in_the_past_from_the_baseline_and_once_per_day() {
    let app = spawn_app().await;
    let (_, orientation) = setup(&app).await;
    let obj = create_objective(&app, &orientation, json!({})).await;
    let path = format!("/v1/objectives/{}/measurements", id(&obj));
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    for (body, field) in [
        (json!({"as_of": tomorrow, "value": 1}), "as_of"),
        (json!({"as_of": "2020-12-31", "value": 1}), "as_of"),
        (json!({"as_of": "2021-02-30", "value": 1}), "as_of"),
        (json!({"as_of": "2021-02-01"}), "value"),
        (
            json!({"as_of": "2021-02-01", "value": 1, "note": "x"}),
            "note",
        ),
    ] {
        let res = app.post(&path, &app.admin(), &body).await;
        res.assert_problem(422);
        assert_eq!(res.error_fields(), [field], "{body}");
    }
    let m = measure(&app, &obj, "2021-02-01", 12.5).await;
    assert_eq!(m["objective_id"], obj["id"]);
    let again = app
        .post(
            &path,
            &app.admin(),
            &json!({"as_of": "2021-02-01", "value": 13}),
        )
        .await;
    again.assert_problem(409);
    measure(&app, &obj, "2021-01-15", 5.0).await;
    let list = app.get(&path, &app.token(Role::Reader)).await;
    list.assert_status(200);
    let days: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["as_of"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2021-01-15", "2021-02-01"]);

    let one = format!("/v1/measurements/{}", id(&m));
    let fixed = app
        .patch(
            &one,
            &app.admin(),
            &json!({"value": 13, "comment": "révisé"}),
        )
        .await;
    fixed.assert_status(200);
    assert_eq!(fixed.body["value"], 13.0);
    assert_eq!(fixed.body["as_of"], "2021-02-01");
    app.patch(&one, &app.admin(), &json!({"as_of": "2021-01-15"}))
        .await
        .assert_problem(409);
    app.post(
        &path,
        &app.token(Role::Reader),
        &json!({"as_of": "2021-03-01", "value": 1}),
    )
    .await
    .assert_problem(403);
    app.delete(&one, &app.admin()).await.assert_status(204);
    app.get(&one, &app.admin()).await.assert_problem(404);
    // Measurements go with their objective.
    app.delete(&format!("/v1/objectives/{}", id(&obj)), &app.admin())
        .await
        .assert_status(204);
    app.get(&path, &app.admin()).await.assert_problem(404);
}

/// On day 50 of 100 the line expects 50%: 10 points behind is still on track, 25 points
/// behind is at risk, and a hundredth more tips each over.
#[actix_web::test]
async fn tracking_follows_the_straight_line_at_its_exact_edges() {
    let app = spawn_app().await;
    let (_, orientation) = setup(&app).await;
    let cases = [
        ("1.1", 40.0, "on_track"),
        ("1.2", 39.99, "at_risk"),
        ("1.3", 25.0, "at_risk"),
        ("1.4", 24.99, "off_track"),
        ("1.5", 75.0, "on_track"),
    ];
    for (code, value, tracking) in cases {
        let obj = create_objective(&app, &orientation, json!({"code": code})).await;
        measure(&app, &obj, "2021-01-20", 1.0).await;
        measure(&app, &obj, "2021-02-20", value).await;
        let p = progress(&app, &obj).await;
        assert_eq!(p["tracking"], tracking, "{code}: {p}");
        assert_eq!(p["expected_percent"], 50.0);
        assert_eq!(p["percent_complete"], value);
        assert_eq!(p["latest"], json!({"as_of": "2021-02-20", "value": value}));
        assert_eq!(p["history"].as_array().unwrap().len(), 2);
        assert_eq!(p["baseline"], json!({"as_of": "2021-01-01", "value": 0.0}));
    }
}

#[actix_web::test]
async fn decreasing_objectives_progress_as_the_value_falls() {
    let app = spawn_app().await;
    let (_, orientation) = setup(&app).await;
    let obj = create_objective(
        &app,
        &orientation,
        json!({"direction": "decrease", "baseline_value": 200, "target_value": 100}),
    )
    .await;
    let p = progress(&app, &obj).await;
    assert_eq!(p["latest"], Value::Null);
    assert_eq!(p["tracking"], Value::Null);
    assert_eq!(p["percent_complete"], Value::Null);
    measure(&app, &obj, "2021-02-20", 160.0).await;
    let p = progress(&app, &obj).await;
    assert_eq!(p["percent_complete"], 40.0);
    assert_eq!(p["tracking"], "on_track");
    measure(&app, &obj, "2021-03-02", 190.0).await; // day 60: 60% expected, 10% done
    let p = progress(&app, &obj).await;
    assert_eq!(p["expected_percent"], 60.0);
    assert_eq!(p["percent_complete"], 10.0);
    assert_eq!(p["tracking"], "off_track");
}

/// `member_cooperatives` counts co-ops that were members on each day, from the register.
#[actix_web::test]
async fn a_computed_indicator_follows_the_register_and_refuses_measurements() {
    let app = spawn_app().await;
    cooperatives::create(
        &app,
        json!({"neq": "1170000001", "member_since": "2018-06-12"}),
    )
    .await;
    cooperatives::create(
        &app,
        json!({"neq": "1170000002", "member_since": "2021-06-01"}),
    )
    .await;
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
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(p["latest"], json!({"as_of": today, "value": 2.0}));
    assert_eq!(p["percent_complete"], 0.0);
    assert_eq!(p["expected_percent"], 100.0, "the target date has passed");
    assert_eq!(p["tracking"], "off_track");

    let res = app
        .post(
            &format!("/v1/objectives/{}/measurements", id(&obj)),
            &app.admin(),
            &json!({"as_of": "2021-06-01", "value": 3}),
        )
        .await;
    res.assert_problem(409);
    assert!(
        res.body["detail"]
            .as_str()
            .unwrap()
            .contains("member_cooperatives")
    );

    // A new member counts from the day it joins.
    cooperatives::create(
        &app,
        json!({"neq": "1170000005", "member_since": "2023-01-15"}),
    )
    .await;
    let p = progress(&app, &obj).await;
    assert_eq!(p["latest"]["value"], 3.0);
    assert_eq!(
        p["history"][3],
        json!({"as_of": "2023-01-15", "value": 3.0})
    );
    assert_eq!(p["percent_complete"], 25.0);
}

#[actix_web::test]
async fn the_plan_summary_gives_every_orientation_its_objectives_progress_and_counts() {
    let app = spawn_app().await;
    let (plan, first) = setup(&app).await;
    let second = create_orientation(&app, id(&plan), json!({"title": "Membership"})).await;
    let on = create_objective(
        &app,
        &first,
        json!({"code": "1.1", "status": "in_progress"}),
    )
    .await;
    measure(&app, &on, "2021-02-20", 45.0).await;
    let off = create_objective(
        &app,
        &first,
        json!({"code": "1.2", "status": "in_progress"}),
    )
    .await;
    measure(&app, &off, "2021-02-20", 5.0).await;
    create_objective(&app, &second, json!({"code": "2.1"})).await;
    create_objective(&app, &second, json!({"code": "2.2", "status": "abandoned"})).await;

    let res = app
        .get(
            &format!("/v1/strategic-plans/{}/summary", id(&plan)),
            &app.token(Role::Reader),
        )
        .await;
    res.assert_status(200);
    let s = &res.body;
    assert_eq!(s["plan"]["title"], "Plan 2021");
    assert_eq!(
        s["counts"],
        json!({"objectives": 4,
            "by_status": {"not_started": 1, "in_progress": 2, "achieved": 0, "abandoned": 1},
            "by_tracking": {"on_track": 1, "at_risk": 0, "off_track": 1, "unmeasured": 1}})
    );
    let orientations = s["orientations"].as_array().unwrap();
    assert_eq!(orientations.len(), 2);
    assert_eq!(orientations[0]["number"], 1);
    assert_eq!(orientations[0]["counts"]["objectives"], 2);
    let codes: Vec<&str> = orientations[0]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["1.1", "1.2"]);
    assert_eq!(orientations[0]["objectives"][0]["tracking"], "on_track");
    assert_eq!(orientations[0]["objectives"][1]["tracking"], "off_track");
    // The abandoned objective is listed but left out of the tracking counts.
    assert_eq!(orientations[1]["counts"]["by_status"]["abandoned"], 1);
    assert_eq!(orientations[1]["counts"]["by_tracking"]["unmeasured"], 1);
    assert_eq!(orientations[1]["objectives"].as_array().unwrap().len(), 2);
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
        for item in page.body["items"].as_array().unwrap() {
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
        .post(
            "/v1/strategic-plans",
            &app.admin(),
            &example("StrategicPlanInput"),
        )
        .await;
    plan.assert_status(201);
    let orientation = app
        .post(
            &format!("/v1/strategic-plans/{}/orientations", id(&plan.body)),
            &app.admin(),
            &example("OrientationInput"),
        )
        .await;
    orientation.assert_status(201);
    // The objective example belongs to the 2020-2023 plan.
    let plan_2020 = create_plan(&app, json!({"title": "Plan 2020-2023"})).await;
    let o2020 = create_orientation(&app, id(&plan_2020), json!({"title": "Membership"})).await;
    let objective = app
        .post(
            &format!("/v1/orientations/{}/objectives", id(&o2020)),
            &app.admin(),
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
        .post(
            &format!("/v1/objectives/{}/measurements", id(&typed)),
            &app.admin(),
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
        app.patch(&path, &app.admin(), &body)
            .await
            .assert_status(200);
    }
}

#[actix_web::test]
async fn hostile_values_are_refused_cleanly_and_stale_deletes_are_412() {
    let app = spawn_app().await;
    let (plan, orientation) = setup(&app).await;
    let obj = create_objective(&app, &orientation, json!({})).await;
    let path = format!("/v1/objectives/{}/measurements", id(&obj));
    for body in [
        json!({"as_of": "2021-02-01", "value": 1e13}),
        json!({"as_of": "2021-02-01", "value": "12"}),
        json!({"as_of": "2021-02-01", "value": true}),
        json!({"as_of": 20210201, "value": 1}),
        json!({"as_of": "2021-02-01", "value": 1, "comment": "a\u{0}b"}),
        json!({"as_of": "2021-02-01", "value": 1, "comment": "x".repeat(2001)}),
    ] {
        app.post(&path, &app.admin(), &body)
            .await
            .assert_problem(422);
    }
    for raw in [
        &b"[1, 2]"[..],
        b"{\"value\": 1, \"value\": 2}",
        b"{\"value\": 1e400}",
    ] {
        app.request("POST", &path, Some(&app.admin()), &[], Some(raw.to_vec()))
            .await
            .assert_problem(400);
    }
    let res = app
        .patch(
            &format!("/v1/strategic-plans/{}", id(&plan)),
            &app.admin(),
            &json!({"mission": "nul\u{0}", "values": ["ok", 3]}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["mission", "values[1]"]);
    app.get("/v1/objectives/not-a-uuid/progress", &app.admin())
        .await
        .assert_problem(404);
    let stale = app
        .request(
            "DELETE",
            &format!("/v1/objectives/{}", id(&obj)),
            Some(&app.admin()),
            &[("If-Match", "\"9\"")],
            None,
        )
        .await;
    stale.assert_problem(412);
    let current = app
        .request(
            "DELETE",
            &format!("/v1/objectives/{}", id(&obj)),
            Some(&app.admin()),
            &[("If-Match", "\"1\"")],
            None,
        )
        .await;
    current.assert_status(204);
}

#[actix_web::test]
async fn progress_and_summary_can_be_read_as_they_stood_on_a_past_day() {
    let app = spawn_app().await;
    cooperatives::create(
        &app,
        json!({"neq": "1170000001", "member_since": "2018-06-12"}),
    )
    .await;
    cooperatives::create(
        &app,
        json!({"neq": "1170000002", "member_since": "2021-06-01"}),
    )
    .await;
    let (plan, orientation) = setup(&app).await;
    let typed = create_objective(&app, &orientation, json!({"code": "1.1"})).await;
    measure(&app, &typed, "2021-01-20", 10.0).await;
    measure(&app, &typed, "2021-02-20", 45.0).await;
    let computed = create_objective(
        &app,
        &orientation,
        json!({"code": "1.2", "indicator_source": "member_cooperatives",
            "baseline_value": 1, "target_value": 3, "target_date": "2021-12-31"}),
    )
    .await;
    let at = |objective: &Value, day: &str| {
        format!("/v1/objectives/{}/progress?as_of={day}", id(objective))
    };

    let p = app.get(&at(&typed, "2021-02-01"), &app.admin()).await;
    p.assert_status(200);
    assert_eq!(
        p.body["latest"],
        json!({"as_of": "2021-01-20", "value": 10.0})
    );
    assert_eq!(p.body["history"].as_array().unwrap().len(), 1);
    let p = app.get(&at(&typed, "2020-12-31"), &app.admin()).await;
    assert_eq!(p.body["latest"], Value::Null);
    assert_eq!(p.body["tracking"], Value::Null);

    let p = app.get(&at(&computed, "2021-07-02"), &app.admin()).await;
    p.assert_status(200);
    assert_eq!(
        p.body["latest"],
        json!({"as_of": "2021-07-02", "value": 2.0})
    );
    assert_eq!(
        p.body["history"],
        json!([{"as_of": "2021-01-01", "value": 1.0}, {"as_of": "2021-06-01", "value": 2.0}])
    );
    assert_eq!(p.body["percent_complete"], 50.0);
    let p = app.get(&at(&computed, "2020-06-01"), &app.admin()).await;
    assert_eq!(p.body["latest"], Value::Null, "before the baseline date");

    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    for bad in [tomorrow.as_str(), "2021-13-01", "yesterday"] {
        let res = app.get(&at(&typed, bad), &app.admin()).await;
        res.assert_problem(400);
        assert_eq!(res.error_fields(), ["as_of"]);
    }
    let summary = app
        .get(
            &format!("/v1/strategic-plans/{}/summary?as_of=2021-02-01", id(&plan)),
            &app.token(Role::Reader),
        )
        .await;
    summary.assert_status(200);
    assert_eq!(summary.body["as_of"], "2021-02-01");
    let objectives = &summary.body["orientations"][0]["objectives"];
    assert_eq!(objectives[0]["latest"]["value"], 10.0);
    assert_eq!(
        objectives[1]["latest"],
        json!({"as_of": "2021-02-01", "value": 1.0})
    );
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
        app.post(&path, &app.admin(), &body)
            .await
            .assert_status(201);
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
    let (_, agreement) = crate::agreements::active_agreement(&app, json!({})).await;
    crate::enrollments::enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&a), "starts_on": "2021-02-01", "ends_on": "2021-05-31"}),
    )
    .await
    .assert_status(201);
    crate::enrollments::enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&b), "starts_on": "2021-03-01"}),
    )
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
