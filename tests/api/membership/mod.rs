//! Membership counts: CRUD, rules, permissions, batch.

mod batch;
mod crud;
mod list;
mod replace;
mod spans;

use serde_json::{Value, json};

use crate::fixtures::cooperatives::create;
use crate::helpers::{Response, TestApp};

fn counts_path(coop: &Value) -> String {
    format!(
        "/v1/cooperatives/{}/membership-counts",
        coop["id"].as_str().unwrap()
    )
}

async fn member(app: &TestApp) -> Value {
    create(app, json!({"neq": null, "founded_on": "2009-04-15"})).await
}

/// Posts these rows as one batch of counts.
async fn batch(app: &TestApp, token: &str, items: Value) -> Response {
    let body = json!({ "items": items });
    app.post("/v1/membership-counts:batch", token, &body).await
}
