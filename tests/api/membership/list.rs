//! `GET /v1/cooperatives/{id}/membership-counts` and `…/latest`: date ranges, orders, pages
//! and exports.

use serde_json::{Value, json};

use super::{counts_path, member};
use crate::helpers::spawn_app;

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
        app.admin_post(&path, &body).await.assert_status(201);
    }
    let dates = |res: &crate::helpers::Response| -> Vec<String> {
        res.items()
            .iter()
            .map(|c| c["as_of"].as_str().unwrap().to_owned())
            .collect()
    };
    let res = app.get(&path, &app.admin()).await;
    res.assert_status(200);
    assert_eq!(dates(&res)[0], "2020-12-31", "most recent first by default");
    let res = app
        .get(
            &format!("{path}?from=2019-01-01&to=2020-06-30&sort=as_of"),
            &app.admin(),
        )
        .await;
    res.assert_status(200);
    assert_eq!(dates(&res), ["2019-06-30", "2019-12-31", "2020-06-30"]);

    let first = app.get(&format!("{path}?limit=2"), &app.admin()).await;
    first.assert_status(200);
    assert_eq!(dates(&first), ["2020-12-31", "2020-06-30"]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app
        .get(&format!("{path}?limit=2&cursor={cursor}"), &app.admin())
        .await;
    second.assert_status(200);
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
    latest.assert_status(200);
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
    csv.assert_status(200);
    assert!(
        csv.text
            .starts_with("id,cooperative_id,as_of,users,workers,supporting,total,source,note,")
    );
    assert_eq!(csv.text.lines().count(), 6);
}
