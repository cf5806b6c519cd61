//! `/v1/cooperatives/{id}/membership-counts` and `…/{as_of}`: recording, reading and
//! deleting a count, every rule a count obeys, and who may read and write them.

use serde_json::{Value, json};

use super::{counts_path, member};
use crate::fixtures::cooperatives::create;
use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_count_is_recorded_read_replaced_and_deleted() {
    let app = spawn_app().await;
    let coop = member(&app).await;
    let path = counts_path(&coop);
    let body = json!({"as_of": "2020-06-30", "users": 2140, "workers": 18, "supporting": 35, "source": "annual_report",
        "note": "Rapport annuel 2019-2020"});
    let res = app.admin_post(&path, &body).await;
    res.assert_status(201);
    assert_eq!(res.body["total"], 2193);
    assert_eq!(
        res.header("location"),
        Some(format!("{path}/2020-06-30").as_str())
    );
    assert_eq!(res.header("etag"), Some("\"1\""));

    // The same date again is a conflict; PUT replaces it.
    app.admin_post(&path, &body).await.assert_problem(409);
    let one = format!("{path}/2020-06-30");
    let res = app
        .request(
            "PUT",
            &one,
            Some(&app.admin()),
            &[],
            Some(
                json!({"users": 2200, "source": "agm"})
                    .to_string()
                    .into_bytes(),
            ),
        )
        .await;
    res.assert_status(200);
    assert_eq!(
        (
            res.body["users"].as_i64(),
            res.body["workers"].as_i64(),
            res.body["total"].as_i64()
        ),
        (Some(2200), Some(0), Some(2200))
    );
    assert_eq!(
        res.body["note"],
        Value::Null,
        "PUT replaces the whole count"
    );
    assert_eq!(res.body["version"], 2);

    let read = app.get(&one, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body, res.body);
    let not_modified = app.get_if_none_match(&one, &app.admin(), "\"2\"").await;
    not_modified.assert_status(304);

    app.delete_if_match(&one, &app.admin(), "\"1\"")
        .await
        .assert_problem(412);
    app.delete(&one, &app.admin()).await.assert_status(204);
    app.get(&one, &app.admin()).await.assert_problem(404);
}

#[actix_web::test]
async fn every_count_rule_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let coop = member(&app).await;
    let consumer = create(
        &app,
        json!({"name": "Coop de consommateurs", "neq": null, "legal_form": "consumer"}),
    )
    .await;
    let path = counts_path(&coop);
    let tomorrow = (crate::helpers::today() + chrono::Days::new(2)).to_string();
    for (body, field) in [
        (
            json!({"as_of": "2020-01-01", "users": -1, "source": "agm"}),
            "users",
        ),
        (
            json!({"as_of": "2020-01-01", "users": 1.5, "source": "agm"}),
            "users",
        ),
        (
            json!({"as_of": "2020-01-01", "users": "12", "source": "agm"}),
            "users",
        ),
        (
            json!({"as_of": "2020-01-01", "users": 0, "workers": 0, "source": "agm"}),
            "users",
        ),
        (json!({"as_of": "2020-01-01", "source": "agm"}), "users"),
        (
            json!({"as_of": "2020-01-01", "users": 20000000, "source": "agm"}),
            "users",
        ),
        (
            json!({"as_of": tomorrow, "users": 10, "source": "agm"}),
            "as_of",
        ),
        (
            json!({"as_of": "2009-04-14", "users": 10, "source": "agm"}),
            "as_of",
        ),
        (
            json!({"as_of": "2020-13-01", "users": 10, "source": "agm"}),
            "as_of",
        ),
        (json!({"users": 10, "source": "agm"}), "as_of"),
        (
            json!({"as_of": "2020-01-01", "users": 10, "source": "rumour"}),
            "source",
        ),
        (json!({"as_of": "2020-01-01", "users": 10}), "source"),
        (
            json!({"as_of": "2020-01-01", "users": 10, "source": "agm", "note": "a\u{0}"}),
            "note",
        ),
        (
            json!({"as_of": "2020-01-01", "users": 10, "source": "agm", "total": 10}),
            "total",
        ),
        (
            json!({"as_of": "2020-01-01", "users": 10, "source": "agm", "members": 10}),
            "members",
        ),
    ] {
        let res = app.admin_post(&path, &body).await;
        res.assert_problem(422);
        assert_eq!(res.error_fields(), [field], "{body}: {}", res.text);
    }
    let res = app.admin_post(&counts_path(&consumer),
        &json!({"as_of": "2020-01-01", "users": 10, "workers": 1, "supporting": 2, "source": "agm"})).await;
    res.assert_problem(422);
    assert_eq!(
        res.error_fields(),
        ["workers", "supporting"],
        "a consumer co-op has users only"
    );
    app.admin_post(
        &counts_path(&consumer),
        &json!({"as_of": "2020-01-01", "users": 10, "source": "agm"}),
    )
    .await
    .assert_status(201);
    let list = app.get(&path, &app.admin()).await;
    list.assert_status(200);
    assert_eq!(list.body["items"], json!([]), "nothing invalid was stored");
}

#[actix_web::test]
async fn counts_of_an_unknown_cooperative_are_404() {
    let app = spawn_app().await;
    let path = "/v1/cooperatives/01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d/membership-counts";
    app.admin_post(
        path,
        &json!({"as_of": "2020-01-01", "users": 1, "source": "agm"}),
    )
    .await
    .assert_problem(404);
    app.get(path, &app.admin()).await.assert_problem(404);
    app.get(&format!("{path}/latest"), &app.admin())
        .await
        .assert_problem(404);
    app.get(
        "/v1/cooperatives/not-a-uuid/membership-counts/2020-01-01",
        &app.admin(),
    )
    .await
    .assert_problem(404);
    let coop = member(&app).await;
    app.get(&format!("{}/2020-02-30", counts_path(&coop)), &app.admin())
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn who_may_read_and_write_counts() {
    let app = spawn_app().await;
    let own = member(&app).await;
    let other = create(&app, json!({"name": "Autre coop", "neq": null})).await;
    let manager = app.manager_token(own["id"].as_str().unwrap());
    let body = json!({"as_of": "2020-01-01", "users": 10, "source": "agm"});

    app.post(&counts_path(&own), &manager, &body)
        .await
        .assert_status(201);
    app.get(&counts_path(&own), &manager)
        .await
        .assert_status(200);
    app.post(&counts_path(&other), &manager, &body)
        .await
        .assert_problem(403);
    app.get(&counts_path(&other), &manager)
        .await
        .assert_problem(403);

    let reader = app.token(coopsante::auth::Role::Reader);
    app.get(&counts_path(&own), &reader)
        .await
        .assert_status(200);
    app.get(&format!("{}/2020-01-01", counts_path(&own)), &reader)
        .await
        .assert_status(200);
    app.post(&counts_path(&own), &reader, &body)
        .await
        .assert_problem(403);
    app.delete(&format!("{}/2020-01-01", counts_path(&own)), &reader)
        .await
        .assert_problem(403);

    let partner = app.partner_token();
    app.get(&counts_path(&own), &partner)
        .await
        .assert_problem(403);
    app.get(&format!("{}/latest", counts_path(&own)), &partner)
        .await
        .assert_problem(403);
    app.anonymous_get(&counts_path(&own))
        .await
        .assert_problem(401);
}

#[actix_web::test]
async fn a_cooperative_with_counts_cannot_be_deleted() {
    let app = spawn_app().await;
    let coop = member(&app).await;
    app.admin_post(
        &counts_path(&coop),
        &json!({"as_of": "2020-01-01", "users": 1, "source": "agm"}),
    )
    .await
    .assert_status(201);
    let res = app
        .delete(
            &format!("/v1/cooperatives/{}", coop["id"].as_str().unwrap()),
            &app.admin(),
        )
        .await;
    res.assert_problem(409);
    res.assert_detail_contains("former");
}
