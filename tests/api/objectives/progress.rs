//! `/v1/objectives/{id}/progress` and `/v1/strategic-plans/{id}/summary`: the tracking rule
//! at its edges, in both directions, today and as things stood on a past day.

use coopsante::auth::Role;
use serde_json::{Value, json};

use super::progress;
use crate::fixtures::cooperatives;
use crate::fixtures::id;
use crate::fixtures::objectives::{create_objective, measure, setup};
use crate::fixtures::plans::create_orientation;
use crate::helpers::spawn_app;

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
async fn progress_and_summary_can_be_read_as_they_stood_on_a_past_day() {
    let app = spawn_app().await;
    cooperatives::member_since(&app, "1170000001", "2018-06-12").await;
    cooperatives::member_since(&app, "1170000002", "2021-06-01").await;
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
    p.assert_status(200);
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
    p.assert_status(200);
    assert_eq!(p.body["latest"], Value::Null, "before the baseline date");

    let tomorrow = (crate::helpers::today() + chrono::Days::new(1)).to_string();
    for bad in [
        tomorrow.as_str(),
        "2021-13-01",
        "yesterday",
        "0001-01-01",
        "",
    ] {
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
