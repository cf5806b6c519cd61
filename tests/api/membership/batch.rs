//! `POST /v1/membership-counts:batch`: many counts written whole or not at all.

use serde_json::{Value, json};

use super::{batch, counts_path, member};
use crate::fixtures::cooperatives::create;
use crate::helpers::spawn_app;

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
    let res = app.admin_post("/v1/membership-counts:batch", &good).await;
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
    let res = app.admin_post("/v1/membership-counts:batch", &bad).await;
    res.assert_problem(422);
    assert_eq!(
        res.error_fields(),
        ["items[5]"],
        "the shape is checked first"
    );
    let mut items = bad["items"].as_array().unwrap().clone();
    items.pop();
    let res = batch(&app, &app.admin(), json!(items)).await;
    res.assert_problem(422);
    assert_eq!(
        res.sorted_error_fields(),
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
    stored.assert_status(200);
    assert_eq!(stored.body["users"], 10, "a failed batch writes nothing");

    // A valid batch replaces existing dates.
    let replace = json!({"items": [{"cooperative_id": ida, "as_of": "2019-12-31", "users": 99, "source": "agm"}]});
    app.admin_post("/v1/membership-counts:batch", &replace)
        .await
        .assert_status(200);
    let stored = app
        .get(&format!("{}/2019-12-31", counts_path(&a)), &app.admin())
        .await;
    stored.assert_status(200);
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
        app.admin_post("/v1/membership-counts:batch", &body)
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
    app.admin_patch(
        &format!("/v1/cooperatives/{id}"),
        &json!({"founded_on": null}),
    )
    .await
    .assert_status(200);
    let res = batch(&app, &app.admin(), json!(rows(10_000))).await;
    res.assert_status(200);
    assert_eq!(res.body["written"], 10_000);
    let res = batch(&app, &app.admin(), json!(rows(10_001))).await;
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
    batch(&app, &manager, json!([row(&own)]))
        .await
        .assert_status(200);
    batch(&app, &manager, json!([row(&own), row(&other)]))
        .await
        .assert_problem(403);
    batch(
        &app,
        &app.token(coopsante::auth::Role::Reader),
        json!([row(&own)]),
    )
    .await
    .assert_problem(403);
}

#[actix_web::test]
async fn a_batch_the_database_refuses_while_writing_stores_nothing() {
    let app = spawn_app().await;
    // Founded on no known date, so that counts may go back to 1995.
    let coop = create(&app, json!({"neq": null, "founded_on": null})).await;
    let id = coop["id"].as_str().unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(1995, 1, 1).unwrap();
    let items: Vec<Value> = (0..9_500u64)
        .map(|i| {
            json!({"cooperative_id": id, "as_of": (first + chrono::Days::new(i)).to_string(),
                "users": 10 + i, "source": "estimate"})
        })
        .collect();
    // Every row is valid; the database refuses the 9,000th as it is written.
    let refused = first + chrono::Days::new(8_999);
    app.sql(&format!(
        "CREATE FUNCTION refuse_one_count() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.as_of = DATE '{refused}' THEN RAISE EXCEPTION 'disk full, say'; END IF;
           RETURN NEW;
         END $$"
    ))
    .await;
    app.sql(
        "CREATE TRIGGER refuse_one_count BEFORE INSERT ON membership_counts
           FOR EACH ROW EXECUTE FUNCTION refuse_one_count()",
    )
    .await;
    let res = batch(&app, &app.admin(), json!(items)).await;
    res.assert_problem(500);
    let stored = app
        .get(&format!("{}?limit=1", counts_path(&coop)), &app.admin())
        .await;
    stored.assert_status(200);
    assert_eq!(
        stored.body["items"],
        json!([]),
        "none of the 8,999 rows before the refused one was kept"
    );

    // Once the database accepts it, the same batch is written whole.
    app.sql("DROP TRIGGER refuse_one_count ON membership_counts")
        .await;
    let res = batch(&app, &app.admin(), json!(items)).await;
    res.assert_status(200);
    assert_eq!(res.body["written"], 9_500);
}

#[actix_web::test]
async fn a_batch_records_each_count_it_created_or_changed_in_order_and_no_other() {
    let app = spawn_app().await;
    let (a, b) = (member(&app).await, create(&app, json!({"neq": null})).await);
    let (ida, idb) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let batch = |items: Value| {
        let app = &app;
        async move {
            let res = batch(app, &app.admin(), json!(items)).await;
            res.assert_status(200);
        }
    };
    batch(json!([
        {"cooperative_id": idb, "as_of": "2020-12-31", "users": 50, "source": "agm"},
        {"cooperative_id": ida, "as_of": "2019-12-31", "users": 10, "source": "agm"},
        {"cooperative_id": ida, "as_of": "2020-12-31", "users": 12, "source": "agm"},
    ]))
    .await;
    // The first row as it is, the second changed, the third new.
    batch(json!([
        {"cooperative_id": ida, "as_of": "2019-12-31", "users": 10, "source": "agm"},
        {"cooperative_id": ida, "as_of": "2020-12-31", "users": 13, "source": "agm"},
        {"cooperative_id": ida, "as_of": "2021-12-31", "users": 14, "source": "agm"},
    ]))
    .await;

    let res = app
        .get(
            "/v1/audit-events?resource_type=membership_count",
            &app.admin(),
        )
        .await;
    res.assert_status(200);
    let s = |v: &str| v.to_owned();
    // Newest first.
    let seen: Vec<(String, String, String, Option<i64>)> = res.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            let field = |name: &str| {
                e["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["field"] == name)
                    .map(|c| c["new"].clone())
            };
            let text =
                |name: &str| field(name).map_or(s("same"), |v| v.as_str().unwrap().to_owned());
            (
                e["action"].as_str().unwrap().to_owned(),
                text("cooperative_id"),
                text("as_of"),
                field("users").and_then(|u| u.as_i64()),
            )
        })
        .collect();
    let created =
        |coop: &str, as_of: &str, users: i64| (s("created"), s(coop), s(as_of), Some(users));
    let mut expected = vec![
        created(idb, "2020-12-31", 50),
        created(ida, "2019-12-31", 10),
        created(ida, "2020-12-31", 12),
    ];
    // The second batch: the change and the creation, in either order (one statement wrote
    // both), and nothing for the count it left as it was.
    let (second, first) = seen.split_at(seen.len() - 3);
    expected.reverse();
    assert_eq!(first, expected, "the first batch, in its order: {seen:#?}");
    let mut second = second.to_vec();
    second.sort();
    assert_eq!(
        second,
        [
            created(ida, "2021-12-31", 14),
            (s("updated"), s("same"), s("same"), Some(13)),
        ],
        "{seen:#?}"
    );
}
