//! Membership counts: CRUD, rules, permissions, batch.

use serde_json::{Value, json};

use crate::cooperatives::create;
use crate::helpers::{TestApp, spawn_app};

fn counts_path(coop: &Value) -> String {
    format!(
        "/v1/cooperatives/{}/membership-counts",
        coop["id"].as_str().unwrap()
    )
}

async fn member(app: &TestApp) -> Value {
    create(app, json!({"neq": null, "founded_on": "2009-04-15"})).await
}

#[actix_web::test]
async fn a_count_is_recorded_read_replaced_and_deleted() {
    let app = spawn_app().await;
    let coop = member(&app).await;
    let path = counts_path(&coop);
    let body = json!({"as_of": "2020-06-30", "users": 2140, "workers": 18, "supporting": 35, "source": "annual_report",
        "note": "Rapport annuel 2019-2020"});
    let res = app.post(&path, &app.admin(), &body).await;
    res.assert_status(201);
    assert_eq!(res.body["total"], 2193);
    assert_eq!(
        res.header("location"),
        Some(format!("{path}/2020-06-30").as_str())
    );
    assert_eq!(res.header("etag"), Some("\"1\""));

    // The same date again is a conflict; PUT replaces it.
    app.post(&path, &app.admin(), &body)
        .await
        .assert_problem(409);
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
    let not_modified = app
        .request(
            "GET",
            &one,
            Some(&app.admin()),
            &[("If-None-Match", "\"2\"")],
            None,
        )
        .await;
    not_modified.assert_status(304);

    app.request(
        "DELETE",
        &one,
        Some(&app.admin()),
        &[("If-Match", "\"1\"")],
        None,
    )
    .await
    .assert_problem(412);
    app.delete(&one, &app.admin()).await.assert_status(204);
    app.get(&one, &app.admin()).await.assert_problem(404);
}

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
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        1,
        "PUT twice stores one count"
    );

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
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string();
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
        let res = app.post(&path, &app.admin(), &body).await;
        res.assert_problem(422);
        assert_eq!(res.error_fields(), [field], "{body}: {}", res.text);
    }
    let res = app.post(&counts_path(&consumer), &app.admin(),
        &json!({"as_of": "2020-01-01", "users": 10, "workers": 1, "supporting": 2, "source": "agm"})).await;
    res.assert_problem(422);
    assert_eq!(
        res.error_fields(),
        ["workers", "supporting"],
        "a consumer co-op has users only"
    );
    app.post(
        &counts_path(&consumer),
        &app.admin(),
        &json!({"as_of": "2020-01-01", "users": 10, "source": "agm"}),
    )
    .await
    .assert_status(201);
    let list = app.get(&path, &app.admin()).await;
    assert_eq!(list.body["items"], json!([]), "nothing invalid was stored");
}

#[actix_web::test]
async fn counts_of_an_unknown_cooperative_are_404() {
    let app = spawn_app().await;
    let path = "/v1/cooperatives/01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d/membership-counts";
    app.post(
        path,
        &app.admin(),
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
    app.request("GET", &counts_path(&own), None, &[], None)
        .await
        .assert_problem(401);
}

#[actix_web::test]
async fn counts_list_by_date_range_in_both_orders_and_pages() {
    let app = spawn_app().await;
    let coop = member(&app).await;
    let path = counts_path(&coop);
    for (i, date) in [
        "2018-12-31",
        "2019-06-30",
        "2019-12-31",
        "2020-06-30",
        "2020-12-31",
    ]
    .iter()
    .enumerate()
    {
        let body = json!({"as_of": date, "users": 100 + i, "source": "agm"});
        app.post(&path, &app.admin(), &body)
            .await
            .assert_status(201);
    }
    let dates = |res: &crate::helpers::Response| -> Vec<String> {
        res.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["as_of"].as_str().unwrap().to_owned())
            .collect()
    };
    let res = app.get(&path, &app.admin()).await;
    assert_eq!(dates(&res)[0], "2020-12-31", "most recent first by default");
    let res = app
        .get(
            &format!("{path}?from=2019-01-01&to=2020-06-30&sort=as_of"),
            &app.admin(),
        )
        .await;
    assert_eq!(dates(&res), ["2019-06-30", "2019-12-31", "2020-06-30"]);

    let first = app.get(&format!("{path}?limit=2"), &app.admin()).await;
    assert_eq!(dates(&first), ["2020-12-31", "2020-06-30"]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app
        .get(&format!("{path}?limit=2&cursor={cursor}"), &app.admin())
        .await;
    assert_eq!(dates(&second), ["2019-12-31", "2019-06-30"]);

    app.get(
        &format!("{path}?from=2020-01-01&to=2019-01-01"),
        &app.admin(),
    )
    .await
    .assert_problem(400);
    app.get(&format!("{path}?from=yesterday"), &app.admin())
        .await
        .assert_problem(400);

    let latest = app
        .get(&format!("{path}/latest?as_of=2020-03-01"), &app.admin())
        .await;
    latest.assert_status(200);
    assert_eq!(latest.body["as_of"], "2019-12-31");
    let latest = app
        .get(&format!("{path}/latest?as_of=2018-01-01"), &app.admin())
        .await;
    latest.assert_problem(404);
    let latest = app.get(&format!("{path}/latest"), &app.admin()).await;
    assert_eq!(latest.body["as_of"], "2020-12-31");

    let export = app
        .get(
            &format!("{path}?format=ndjson&sort=as_of&from=2019-01-01"),
            &app.admin(),
        )
        .await;
    export.assert_status(200);
    let dates: Vec<String> = export
        .text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["as_of"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        dates,
        ["2019-06-30", "2019-12-31", "2020-06-30", "2020-12-31"]
    );
    let csv = app.get(&format!("{path}?format=csv"), &app.admin()).await;
    assert!(
        csv.text
            .starts_with("id,cooperative_id,as_of,users,workers,supporting,total,source,note,")
    );
    assert_eq!(csv.text.lines().count(), 6);
}

#[actix_web::test]
async fn a_cooperative_with_counts_cannot_be_deleted() {
    let app = spawn_app().await;
    let coop = member(&app).await;
    app.post(
        &counts_path(&coop),
        &app.admin(),
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
    assert!(
        res.body["detail"].as_str().unwrap().contains("former"),
        "{}",
        res.text
    );
}

#[actix_web::test]
async fn a_batch_is_written_whole_or_not_at_all_with_every_bad_row_named() {
    let app = spawn_app().await;
    let a = member(&app).await;
    let b = create(
        &app,
        json!({"name": "Coop B", "neq": null, "legal_form": "consumer"}),
    )
    .await;
    let (ida, idb) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let good = json!({"items": [
        {"cooperative_id": ida, "as_of": "2019-12-31", "users": 10, "workers": 1, "source": "agm"},
        {"cooperative_id": ida, "as_of": "2020-12-31", "users": 12, "source": "agm"},
        {"cooperative_id": idb, "as_of": "2020-12-31", "users": 50, "source": "annual_report"},
    ]});
    let res = app
        .post("/v1/membership-counts:batch", &app.admin(), &good)
        .await;
    res.assert_status(200);
    assert_eq!(res.body["written"], 3);

    let bad = json!({"items": [
        {"cooperative_id": ida, "as_of": "2019-12-31", "users": 99, "source": "agm"},
        {"cooperative_id": idb, "as_of": "2021-12-31", "users": 5, "workers": 1, "source": "agm"},
        {"cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d", "as_of": "2021-12-31", "users": 5, "source": "agm"},
        {"cooperative_id": ida, "as_of": "2019-12-31", "users": 7, "source": "agm"},
        {"cooperative_id": ida, "as_of": "2021-12-31", "users": -5, "source": "nope", "extra": 1},
        "not an object",
    ]});
    let res = app
        .post("/v1/membership-counts:batch", &app.admin(), &bad)
        .await;
    res.assert_problem(422);
    assert_eq!(
        res.error_fields(),
        ["items[5]"],
        "the shape is checked first"
    );
    let mut items = bad["items"].as_array().unwrap().clone();
    items.pop();
    let res = app
        .post(
            "/v1/membership-counts:batch",
            &app.admin(),
            &json!({ "items": items }),
        )
        .await;
    res.assert_problem(422);
    let mut fields = res.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        [
            "items[1].workers",
            "items[2].cooperative_id",
            "items[3].as_of",
            "items[4].extra",
            "items[4].source",
            "items[4].users"
        ]
    );
    let stored = app
        .get(&format!("{}/2019-12-31", counts_path(&a)), &app.admin())
        .await;
    assert_eq!(stored.body["users"], 10, "a failed batch writes nothing");

    // A valid batch replaces existing dates.
    let replace = json!({"items": [{"cooperative_id": ida, "as_of": "2019-12-31", "users": 99, "source": "agm"}]});
    app.post("/v1/membership-counts:batch", &app.admin(), &replace)
        .await
        .assert_status(200);
    let stored = app
        .get(&format!("{}/2019-12-31", counts_path(&a)), &app.admin())
        .await;
    assert_eq!(
        (
            stored.body["users"].as_i64(),
            stored.body["version"].as_i64()
        ),
        (Some(99), Some(2))
    );

    for body in [
        json!({"items": []}),
        json!({"items": {}}),
        json!({}),
        json!({"items": [], "more": 1}),
    ] {
        app.post("/v1/membership-counts:batch", &app.admin(), &body)
            .await
            .assert_problem(422);
    }
}

#[actix_web::test]
async fn a_batch_takes_ten_thousand_rows_and_refuses_more() {
    let app = spawn_app().await;
    let coop = member(&app).await;
    let id = coop["id"].as_str().unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    let rows = |n: u64| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"cooperative_id": id, "as_of": (start + chrono::Days::new(i)).to_string(), "users": 1 + i, "source": "estimate"}))
            .collect()
    };
    // Founded 2009: give it no founding date so 1990 onwards is allowed.
    app.patch(
        &format!("/v1/cooperatives/{id}"),
        &app.admin(),
        &json!({"founded_on": null}),
    )
    .await
    .assert_status(200);
    let res = app
        .post(
            "/v1/membership-counts:batch",
            &app.admin(),
            &json!({"items": rows(10_000)}),
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.body["written"], 10_000);
    let res = app
        .post(
            "/v1/membership-counts:batch",
            &app.admin(),
            &json!({"items": rows(10_001)}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["items"]);
}

#[actix_web::test]
async fn a_manager_batches_its_own_counts_only() {
    let app = spawn_app().await;
    let own = member(&app).await;
    let other = create(&app, json!({"name": "Autre", "neq": null})).await;
    let manager = app.manager_token(own["id"].as_str().unwrap());
    let row = |c: &Value| json!({"cooperative_id": c["id"], "as_of": "2020-01-01", "users": 3, "source": "agm"});
    app.post(
        "/v1/membership-counts:batch",
        &manager,
        &json!({"items": [row(&own)]}),
    )
    .await
    .assert_status(200);
    app.post(
        "/v1/membership-counts:batch",
        &manager,
        &json!({"items": [row(&own), row(&other)]}),
    )
    .await
    .assert_problem(403);
    app.post(
        "/v1/membership-counts:batch",
        &app.token(coopsante::auth::Role::Reader),
        &json!({"items": [row(&own)]}),
    )
    .await
    .assert_problem(403);
}
