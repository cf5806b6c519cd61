//! Objectives, measurements and progress through HTTP: validation against the plan, the
//! tracking rule at its edges, computed indicators, and the plan summary's counts.

mod crud;
mod indicators;
mod measurements;
mod progress;

use coopsante::auth::Role;
use serde_json::{Value, json};

use crate::fixtures::id;
use crate::fixtures::plans::{create_orientation, create_plan};
use crate::helpers::TestApp;

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
pub(crate) async fn setup(app: &TestApp) -> (Value, Value) {
    let plan = create_plan(
        app,
        json!({"title": "Plan 2021", "period_start": "2021-01-01", "period_end": "2021-12-31"}),
    )
    .await;
    let orientation = create_orientation(app, id(&plan), json!({"title": "Notoriété"})).await;
    (plan, orientation)
}

pub(crate) async fn create_objective(
    app: &TestApp,
    orientation: &Value,
    overrides: Value,
) -> Value {
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

pub(crate) async fn measure(app: &TestApp, objective: &Value, as_of: &str, value: f64) -> Value {
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
