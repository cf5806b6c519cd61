//! The membership statistics on a small scenario: the definition at its edges, groups and
//! series.

use serde_json::{Value, json};

use crate::fixtures::cooperatives::create;
use crate::helpers::{TestApp, spawn_app};

async fn count(app: &TestApp, coop: &Value, as_of: &str, users: i64, workers: i64) {
    let path = format!(
        "/v1/cooperatives/{}/membership-counts",
        coop["id"].as_str().unwrap()
    );
    let body = json!({"as_of": as_of, "users": users, "workers": workers, "source": "agm"});
    app.admin_post(&path, &body).await.assert_status(201);
}

/// A: member since 2018-06-12 (region 06); B: member 2019-03-01 to 2020-06-30 (region 12);
/// C: a prospect with a count; D: member since 2020-01-01 without counts (06);
/// E: member since 2017 in Ontario whose only count predates its joining.
async fn scenario(app: &TestApp) {
    let a = create(
        app,
        json!({"name": "A", "neq": null, "member_since": "2018-06-12"}),
    )
    .await;
    let b = create(
        app,
        json!({"name": "B", "neq": null, "region": "12", "postal_code": "G6V 1A1",
        "federation_status": "former", "member_since": "2019-03-01", "left_on": "2020-06-30"}),
    )
    .await;
    let c = create(
        app,
        json!({"name": "C", "neq": null, "federation_status": "prospect", "member_since": null}),
    )
    .await;
    create(
        app,
        json!({"name": "D", "neq": null, "member_since": "2020-01-01"}),
    )
    .await;
    let e = create(
        app,
        json!({"name": "E", "neq": null, "province": "ON", "region": null, "postal_code": "K1A 0B1",
        "member_since": "2017-01-01", "founded_on": null}),
    )
    .await;
    count(app, &a, "2018-12-31", 100, 0).await;
    count(app, &a, "2019-12-31", 150, 5).await;
    count(app, &b, "2019-06-30", 80, 0).await;
    count(app, &c, "2019-12-31", 1000, 0).await;
    count(app, &e, "2016-12-31", 40, 0).await;
}

fn figures(v: &Value) -> (i64, i64, i64, i64, Value) {
    (
        v["member_cooperatives"].as_i64().unwrap(),
        v["cooperatives_with_count"].as_i64().unwrap(),
        v["cooperatives_without_count"].as_i64().unwrap(),
        v["total_members"].as_i64().unwrap(),
        v["oldest_count_as_of"].clone(),
    )
}

#[actix_web::test]
async fn membership_on_a_date_counts_members_with_their_latest_count_only() {
    let app = spawn_app().await;
    scenario(&app).await;
    let stats = |d: &'static str| {
        let app = &app;
        async move {
            let res = app
                .get(&format!("/v1/stats/membership?as_of={d}"), &app.admin())
                .await;
            res.assert_status(200);
            res.body
        }
    };
    // E alone: A joins later in 2018.
    assert_eq!(
        figures(&stats("2018-01-01").await),
        (1, 1, 0, 40, json!("2016-12-31"))
    );
    // A (150+5, not 100: latest only), B (80), E (40); C is a prospect, D has not joined.
    let s = stats("2019-12-31").await;
    assert_eq!(figures(&s), (3, 3, 0, 275, json!("2016-12-31")));
    assert_eq!(
        (
            s["users"].as_i64(),
            s["workers"].as_i64(),
            s["supporting"].as_i64()
        ),
        (Some(270), Some(5), Some(0))
    );
    // B left on 2020-06-30: not a member that day. D is a member without a count.
    assert_eq!(
        figures(&stats("2020-06-29").await),
        (4, 3, 1, 275, json!("2016-12-31"))
    );
    assert_eq!(
        figures(&stats("2020-06-30").await),
        (3, 2, 1, 195, json!("2016-12-31"))
    );
    // A joins on 2018-06-12: counted that very day, with no count yet.
    assert_eq!(
        figures(&stats("2018-06-12").await),
        (2, 1, 1, 40, json!("2016-12-31"))
    );
    assert_eq!(
        figures(&stats("2016-06-01").await),
        (0, 0, 0, 0, Value::Null)
    );
}

#[actix_web::test]
async fn membership_groups_by_region_province_and_legal_form() {
    let app = spawn_app().await;
    scenario(&app).await;
    let res = app
        .get(
            "/v1/stats/membership?as_of=2020-06-30&group_by=region",
            &app.admin(),
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.body["group_by"], "region");
    assert_eq!(res.body["total_members"], 195);
    let groups = res.body["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["key"], "06");
    assert_eq!(figures(&groups[0]), (2, 1, 1, 155, json!("2019-12-31")));
    assert_eq!(
        groups[1]["key"],
        Value::Null,
        "outside Québec there is no region"
    );
    assert_eq!(figures(&groups[1]), (1, 1, 0, 40, json!("2016-12-31")));

    let res = app
        .get(
            "/v1/stats/membership?as_of=2019-12-31&group_by=province",
            &app.admin(),
        )
        .await;
    res.assert_status(200);
    let keys: Vec<&str> = res.body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["ON", "QC"]);
    let res = app
        .get(
            "/v1/stats/membership?as_of=2019-12-31&group_by=legal_form",
            &app.admin(),
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.body["groups"][0]["key"], "solidarity");
    let res = app
        .get("/v1/stats/membership?as_of=2019-12-31", &app.admin())
        .await;
    res.assert_status(200);
    assert_eq!(res.body["groups"], json!([]));
    assert_eq!(res.body["group_by"], "none");

    for query in [
        "group_by=city",
        "as_of=2019-13-01",
        "as_of=soon",
        "when=2019-01-01",
    ] {
        app.get(&format!("/v1/stats/membership?{query}"), &app.admin())
            .await
            .assert_problem(400);
    }
    app.anonymous_get("/v1/stats/membership")
        .await
        .assert_problem(401);
    app.get("/v1/stats/membership", &app.partner_token())
        .await
        .assert_status(200);
}

#[actix_web::test]
async fn a_series_gives_each_period_end_with_its_change() {
    let app = spawn_app().await;
    scenario(&app).await;
    let res = app.get("/v1/stats/membership/series?from=2018-01-01&to=2020-12-31&interval=year&group_by=region", &app.admin()).await;
    res.assert_status(200);
    let points = res.body["points"].as_array().unwrap();
    let summary: Vec<(&str, i64, Value)> = points
        .iter()
        .map(|p| {
            (
                p["as_of"].as_str().unwrap(),
                p["total_members"].as_i64().unwrap(),
                p["change"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("2018-12-31", 140, Value::Null),
            (
                "2019-12-31",
                275,
                json!({"absolute": 135, "percent": 96.43})
            ),
            (
                "2020-12-31",
                195,
                json!({"absolute": -80, "percent": -29.09})
            ),
        ]
    );
    assert_eq!(points[0]["period_start"], "2018-01-01");
    // Region 12 (B) appears in 2019 only; region 06 grows from 100 to 155.
    let region = |p: &Value, key: &str| {
        p["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == key)
            .cloned()
    };
    assert_eq!(
        region(&points[1], "12").unwrap()["change"],
        json!({"absolute": 80, "percent": null})
    );
    assert!(region(&points[2], "12").is_none());
    assert_eq!(
        region(&points[1], "06").unwrap()["change"],
        json!({"absolute": 55, "percent": 55.0})
    );

    let res = app
        .get(
            "/v1/stats/membership/series?from=2019-11-15&to=2020-02-10&interval=month",
            &app.admin(),
        )
        .await;
    res.assert_status(200);
    let ends: Vec<&str> = res.body["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["as_of"].as_str().unwrap())
        .collect();
    assert_eq!(
        ends,
        ["2019-11-30", "2019-12-31", "2020-01-31", "2020-02-10"]
    );
    let res = app
        .get(
            "/v1/stats/membership/series?from=2019-01-01&to=2019-12-31&interval=quarter",
            &app.admin(),
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.body["points"].as_array().unwrap().len(), 4);

    for query in [
        "from=2020-01-01&to=2019-01-01",
        "from=1900-01-01&to=2000-01-01&interval=month",
        "from=2019-01-01&to=2020-01-01&interval=week",
        "to=2020-01-01",
    ] {
        app.get(
            &format!("/v1/stats/membership/series?{query}"),
            &app.admin(),
        )
        .await
        .assert_problem(400);
    }
}
