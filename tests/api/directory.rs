//! The public directory.

use serde_json::json;

use crate::fixtures::cooperatives::create;
use crate::helpers::spawn_app;

#[actix_web::test]
async fn the_directory_needs_no_token_and_shows_current_members_with_public_fields_only() {
    let app = spawn_app().await;
    create(&app, json!({"name": "Membre", "neq": "1000000001"})).await;
    create(&app, json!({"name": "Prospect", "neq": null, "federation_status": "prospect", "member_since": null})).await;
    create(&app, json!({"name": "Ancien", "neq": null, "federation_status": "former", "left_on": "2022-01-01"})).await;

    let res = app.anonymous_get("/v1/directory/cooperatives").await;
    res.assert_status(200);
    let items = res.items();
    assert_eq!(items.len(), 1);
    let entry = items[0].as_object().unwrap();
    let mut keys: Vec<&str> = entry.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "demo",
            "id",
            "municipality",
            "name",
            "phone",
            "region",
            "services",
            "website"
        ]
    );
    assert_eq!(entry["name"], "Membre");
    assert!(!res.text.contains("1000000001"), "the NEQ is not public");
    assert!(!res.text.contains("info@"), "the e-mail is not public");
    assert_eq!(res.header("cache-control"), Some("public, max-age=60"));

    let csv = app
        .request(
            "GET",
            "/v1/directory/cooperatives?format=csv",
            None,
            &[],
            None,
        )
        .await;
    csv.assert_status(200);
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(
        lines[0],
        "id,name,municipality,region,services,website,phone,demo"
    );
    assert_eq!(lines.len(), 2, "the header and the one member");
    assert!(!csv.text.contains("1000000001"), "the NEQ is not public");
}

#[actix_web::test]
async fn the_directory_filters_searches_and_pages() {
    let app = spawn_app().await;
    create(
        &app,
        json!({"name": "Coop solidarité santé Montréal", "neq": null, "services": ["psychology"]}),
    )
    .await;
    create(
        &app,
        json!({"name": "Coop santé Québec", "neq": null, "region": "03", "postal_code": "G1R 4P5",
        "municipality": "Québec"}),
    )
    .await;
    create(
        &app,
        json!({"name": "Coop santé Laval", "neq": null, "region": "13", "postal_code": "H7N 1A1",
        "municipality": "Laval"}),
    )
    .await;

    let get = |q: &'static str| app.anonymous_get(q);
    let res = get("/v1/directory/cooperatives?q=cooperative%20sante%20montreal").await;
    assert_eq!(
        res.body["items"][0]["name"],
        "Coop solidarité santé Montréal"
    );
    assert_eq!(res.items().len(), 1);
    let res = get("/v1/directory/cooperatives?region=03,13").await;
    assert_eq!(res.items().len(), 2);
    let res = get("/v1/directory/cooperatives?service=psychology").await;
    assert_eq!(res.items().len(), 1);

    let first = get("/v1/directory/cooperatives?limit=2").await;
    assert_eq!(first.items().len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app
        .request(
            "GET",
            &format!("/v1/directory/cooperatives?limit=2&cursor={cursor}"),
            None,
            &[],
            None,
        )
        .await;
    second.assert_status(200);
    assert_eq!(second.items().len(), 1);
    assert_eq!(second.body["next_cursor"], serde_json::Value::Null);
    assert_eq!(
        second.body["items"][0]["name"],
        "Coop solidarité santé Montréal"
    );

    get("/v1/directory/cooperatives?region=18")
        .await
        .assert_problem(400);
    get("/v1/directory/cooperatives?federation_status=former")
        .await
        .assert_problem(400);
}
