//! Objectives, measurements and progress through HTTP: validation against the plan, the
//! tracking rule at its edges, computed indicators, and the plan summary's counts.

mod crud;
mod indicators;
mod measurements;
mod progress;

use coopsante::auth::Role;
use serde_json::Value;

use crate::fixtures::id;
use crate::helpers::TestApp;

/// The progress of `objective`, read as a reader; must be a 200.
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
