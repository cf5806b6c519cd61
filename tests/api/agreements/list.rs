//! `GET /v1/service-agreements`: filters, pages and exports.

use serde_json::{Value, json};

use crate::fixtures::agreements::{active_agreement, create_agreement};
use crate::fixtures::partners::{create_partner, token_of};
use crate::helpers::{TestApp, spawn_app};

async fn ids(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let res = app
        .get(&format!("/v1/service-agreements{query}"), token)
        .await;
    res.assert_status(200);
    res.items()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn agreements_filter_by_partner_category_status_and_the_date_they_were_in_force() {
    let app = spawn_app().await;
    let (akira, telemedicine) = active_agreement(&app, json!({"ends_on": "2021-12-31"})).await;
    let sos = create_partner(&app, json!({})).await;
    let nutrition = create_agreement(
        &app,
        &sos,
        json!({"title": "Nutrition", "category": "nutrition", "starts_on": null}),
    )
    .await;
    let tele = telemedicine["id"].as_str().unwrap().to_owned();
    let nutri = nutrition["id"].as_str().unwrap().to_owned();
    let admin = app.admin();
    assert_eq!(ids(&app, &admin, "").await, [tele.as_str(), nutri.as_str()]);
    let by_partner = format!("?partner_id={}", akira["id"].as_str().unwrap());
    assert_eq!(ids(&app, &admin, &by_partner).await, [tele.as_str()]);
    assert_eq!(
        ids(&app, &admin, "?category=nutrition").await,
        [nutri.as_str()]
    );
    assert_eq!(ids(&app, &admin, "?status=expired").await, [tele.as_str()]);
    assert_eq!(
        ids(&app, &admin, "?status=draft,active").await,
        [nutri.as_str()]
    );
    assert_eq!(
        ids(&app, &admin, "?active_on=2021-06-01").await,
        [tele.as_str()]
    );
    assert!(
        ids(&app, &admin, "?active_on=2020-03-15").await.is_empty(),
        "only negotiating then"
    );
    assert!(
        ids(&app, &admin, "?active_on=2022-01-01").await.is_empty(),
        "expired by then"
    );
    let page = app.get("/v1/service-agreements?limit=1", &admin).await;
    page.assert_status(200);
    assert_eq!(page.body["items"][0]["id"], telemedicine["id"]);
    let next = page.body["next_cursor"].as_str().unwrap();
    assert!(page.header("link").unwrap().contains("rel=\"next\""));
    let rest = format!("?limit=1&cursor={next}");
    assert_eq!(ids(&app, &admin, &rest).await, [nutri.as_str()]);

    let bad = app
        .get("/v1/service-agreements?status=gone&active_on=soon", &admin)
        .await;
    bad.assert_problem(400);
    assert_eq!(bad.error_fields(), ["status", "active_on"]);
}

#[actix_web::test]
async fn agreements_export_as_csv_and_ndjson_within_the_callers_scope() {
    let app = spawn_app().await;
    let akira = create_partner(&app, json!({"name": "Akira", "kind": "telemedicine"})).await;
    let sage = create_partner(&app, json!({"name": "SAGE", "kind": "insurance_broker"})).await;
    let mine = create_agreement(&app, &akira, json!({"title": "Télémédecine, « membres »"})).await;
    create_agreement(
        &app,
        &sage,
        json!({"title": "Assurance collective", "category": "group_insurance",
        "beneficiaries": "employees"}),
    )
    .await;

    let csv = app
        .get("/v1/service-agreements?format=csv", &app.admin())
        .await;
    csv.assert_status(200);
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    assert_eq!(&reader.headers().unwrap()[2], "title");
    assert_eq!(reader.records().count(), 2);

    let ndjson = app
        .get_accepting(
            "/v1/service-agreements",
            &token_of(&app, &akira),
            "application/x-ndjson",
        )
        .await;
    ndjson.assert_status(200);
    let lines: Vec<Value> = ndjson
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "a partner exports its own agreements only");
    assert_eq!(lines[0]["id"], mine["id"]);
    assert_eq!(lines[0]["title"], "Télémédecine, « membres »");
}
