//! `/v1/objectives/{id}/measurements` and `/v1/measurements/{id}`: recording, correcting
//! and deleting measurements, and refusing hostile values.

use coopsante::auth::Role;
use serde_json::json;

use crate::fixtures::id;
use crate::fixtures::objectives::{create_objective, measure, setup};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn measurements_are_dated_in_the_past_from_the_baseline_and_once_per_day() {
    let app = spawn_app().await;
    let (_, orientation) = setup(&app).await;
    let obj = create_objective(&app, &orientation, json!({})).await;
    let path = format!("/v1/objectives/{}/measurements", id(&obj));
    let tomorrow = (crate::helpers::today() + chrono::Days::new(1)).to_string();
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
        let res = app.admin_post(&path, &body).await;
        res.assert_problem(422);
        assert_eq!(res.error_fields(), [field], "{body}");
    }
    let m = measure(&app, &obj, "2021-02-01", 12.5).await;
    assert_eq!(m["objective_id"], obj["id"]);
    let again = app
        .admin_post(&path, &json!({"as_of": "2021-02-01", "value": 13}))
        .await;
    again.assert_problem(409);
    measure(&app, &obj, "2021-01-15", 5.0).await;
    let list = app.get(&path, &app.token(Role::Reader)).await;
    list.assert_status(200);
    let days = list.texts("as_of");
    assert_eq!(days, ["2021-01-15", "2021-02-01"]);

    let one = format!("/v1/measurements/{}", id(&m));
    let fixed = app
        .admin_patch(&one, &json!({"value": 13, "comment": "révisé"}))
        .await;
    fixed.assert_status(200);
    assert_eq!(fixed.body["value"], 13.0);
    assert_eq!(fixed.body["as_of"], "2021-02-01");
    app.admin_patch(&one, &json!({"as_of": "2021-01-15"}))
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

#[actix_web::test]
async fn hostile_values_are_refused_cleanly() {
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
        app.admin_post(&path, &body).await.assert_problem(422);
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
        .admin_patch(
            &format!("/v1/strategic-plans/{}", id(&plan)),
            &json!({"mission": "nul\u{0}", "values": ["ok", 3]}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["mission", "values[1]"]);
    app.get("/v1/objectives/not-a-uuid/progress", &app.admin())
        .await
        .assert_problem(404);
}
