//! `PUT /v1/cooperatives/{id}/membership-counts/{as_of}`: creating or replacing the count of
//! a date, idempotently and under `If-Match`.

use serde_json::json;

use super::{counts_path, member};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn put_creates_idempotently_and_honours_if_match() {
    let app = spawn_app().await;
    let coop = member(&app).await;
    let one = format!("{}/2021-12-31", counts_path(&coop));
    let body = json!({"users": 100, "workers": 2, "source": "estimate"})
        .to_string()
        .into_bytes();
    let first = app
        .request("PUT", &one, Some(&app.admin()), &[], Some(body.clone()))
        .await;
    first.assert_status(201);
    let again = app
        .request("PUT", &one, Some(&app.admin()), &[], Some(body.clone()))
        .await;
    again.assert_status(200);
    assert_eq!(again.body["total"], first.body["total"]);
    let list = app.get(&counts_path(&coop), &app.admin()).await;
    list.assert_status(200);
    assert_eq!(list.items().len(), 1, "PUT twice stores one count");

    app.request(
        "PUT",
        &one,
        Some(&app.admin()),
        &[("If-Match", "\"1\"")],
        Some(body.clone()),
    )
    .await
    .assert_problem(412);
    app.request(
        "PUT",
        &one,
        Some(&app.admin()),
        &[("If-Match", "\"2\"")],
        Some(body.clone()),
    )
    .await
    .assert_status(200);
    let other = format!("{}/2021-06-30", counts_path(&coop));
    app.request(
        "PUT",
        &other,
        Some(&app.admin()),
        &[("If-Match", "\"1\"")],
        Some(body),
    )
    .await
    .assert_problem(412);
    let contradicting = json!({"as_of": "2021-01-01", "users": 5, "source": "other"})
        .to_string()
        .into_bytes();
    let res = app
        .request("PUT", &one, Some(&app.admin()), &[], Some(contradicting))
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["as_of"]);
}
