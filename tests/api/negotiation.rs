//! Content negotiation as RFC 9110 ranks it: lists answer JSON, CSV or NDJSON by `format`,
//! else by `Accept` and its q-values; nothing acceptable is a 406 naming what is offered; and
//! caches are told the answer depends on `Accept`.

use crate::helpers::{Response, spawn_app};

#[track_caller]
fn assert_varies_on(res: &Response, name: &str) {
    let vary = res.header("vary").unwrap_or_default().to_ascii_lowercase();
    assert!(
        vary.split(',')
            .any(|v| v.trim() == name.to_ascii_lowercase()),
        "Vary: {vary:?} lacks {name}"
    );
}

#[actix_web::test]
async fn a_list_answers_the_type_accept_ranks_highest() {
    let app = spawn_app().await;
    crate::fixtures::cooperatives::create(&app, serde_json::json!({})).await;
    let admin = app.admin();
    let cases = [
        ("application/json, text/csv;q=0.1", "application/json"),
        ("text/csv;q=0.1, application/json", "application/json"),
        ("text/csv", "text/csv; charset=utf-8"),
        (
            "application/json;q=0.5, text/csv",
            "text/csv; charset=utf-8",
        ),
        ("application/x-ndjson", "application/x-ndjson"),
        ("application/ndjson", "application/x-ndjson"),
        ("*/*", "application/json"),
        ("text/*", "text/csv; charset=utf-8"),
    ];
    for (accept, expected) in cases {
        let res = app.get_accepting("/v1/cooperatives", &admin, accept).await;
        res.assert_status(200);
        assert_eq!(
            res.header("content-type"),
            Some(expected),
            "Accept: {accept}"
        );
        assert_varies_on(&res, "Accept");
    }
    let csv = app
        .get_accepting("/v1/cooperatives", &admin, "text/csv")
        .await;
    assert_eq!(
        csv.header("content-disposition"),
        Some("attachment; filename=\"cooperatives.csv\"")
    );
    let plain = app.get("/v1/cooperatives", &admin).await;
    plain.assert_status(200);
    assert_eq!(plain.header("content-type"), Some("application/json"));
    assert_varies_on(&plain, "Accept");
}

#[actix_web::test]
async fn an_accept_allowing_nothing_a_list_offers_is_a_406_naming_what_it_offers() {
    let app = spawn_app().await;
    for accept in [
        "text/html",
        "application/xml, image/*;q=0.5",
        "application/json;q=0",
    ] {
        let res = app
            .get_accepting("/v1/cooperatives", &app.admin(), accept)
            .await;
        res.assert_problem(406);
        assert_eq!(
            res.body["type"],
            "https://coopsante.dev/problems/not-acceptable"
        );
        res.assert_detail_contains("application/json, text/csv, application/x-ndjson");
        assert_varies_on(&res, "Accept");
        assert_varies_on(&res, "Accept-Language");
    }
    // Anonymous, on the public directory, and in English when asked.
    let res = app
        .request(
            "GET",
            "/v1/directory/cooperatives",
            None,
            &[("Accept", "text/html"), ("Accept-Language", "en")],
            None,
        )
        .await;
    res.assert_problem(406);
    res.assert_detail_contains("the Accept header allows none");
}

#[actix_web::test]
async fn the_format_parameter_wins_over_accept() {
    let app = spawn_app().await;
    let admin = app.admin();
    let res = app
        .get_accepting("/v1/cooperatives?format=csv", &admin, "application/json")
        .await;
    res.assert_status(200);
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    let res = app
        .get_accepting("/v1/cooperatives?format=json", &admin, "text/html")
        .await;
    res.assert_status(200);
    assert_eq!(res.header("content-type"), Some("application/json"));
    let res = app
        .get_accepting("/v1/cooperatives?format=xml", &admin, "text/html")
        .await;
    res.assert_problem(400);
    assert_eq!(res.error_fields(), ["format"]);
}

#[actix_web::test]
async fn the_annual_report_negotiates_json_or_html_the_same_way() {
    let app = spawn_app().await;
    let admin = app.admin();
    let path = "/v1/reports/annual?fiscal_year=2019-2020";
    let html = app
        .get_accepting(path, &admin, "text/html,application/xhtml+xml,*/*;q=0.8")
        .await;
    html.assert_status(200);
    assert_eq!(
        html.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_varies_on(&html, "Accept");
    let json = app
        .get_accepting(path, &admin, "application/json, text/html;q=0.1")
        .await;
    json.assert_status(200);
    assert_eq!(json.header("content-type"), Some("application/json"));
    let none = app.get_accepting(path, &admin, "text/csv").await;
    none.assert_problem(406);
    none.assert_detail_contains("application/json, text/html");
}
