//! Browsers on other origins: public reads (no token: the directory, an adopted plan's
//! summary, the OAuth metadata) answer any origin with `*`, the rest only the origins listed in
//! `COOPSANTE_CORS_ORIGINS`; preflights name what may be sent, answers
//! what may be read.

use coopsante::config::CorsOrigins;

use crate::helpers::{Options, TestApp, spawn_app_with};

const DASHBOARD: &str = "https://tableau.fqcs.example";
const STRANGER: &str = "https://ailleurs.example";

async fn app() -> TestApp {
    spawn_app_with(Options {
        cors: CorsOrigins::parse(DASHBOARD).expect("an origin"),
        ..Options::default()
    })
    .await
}

fn header<'a>(res: &'a crate::helpers::Response, name: &str) -> Option<&'a str> {
    res.headers.get(name).and_then(|v| v.to_str().ok())
}

#[actix_web::test]
async fn the_public_directory_answers_any_origin_with_a_wildcard() {
    let app = app().await;
    let res = app
        .request(
            "GET",
            "/v1/directory/cooperatives",
            None,
            &[("Origin", STRANGER)],
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    // `*`, never with credentials: one cached answer serves every origin.
    assert_eq!(header(&res, "access-control-allow-origin"), Some("*"));
    assert_eq!(header(&res, "access-control-allow-credentials"), None);
    assert!(
        header(&res, "vary").is_some_and(|v| v.to_ascii_lowercase().contains("origin")),
        "{:?}",
        res.headers
    );
    let exposed = header(&res, "access-control-expose-headers")
        .expect("exposed headers")
        .to_ascii_lowercase();
    for name in [
        "etag",
        "link",
        "location",
        "retry-after",
        "x-request-id",
        "changes-cursor",
        "content-disposition",
        "idempotent-replayed",
        "www-authenticate",
    ] {
        assert!(exposed.contains(name), "{name} not exposed: {exposed}");
    }
}

#[actix_web::test]
async fn every_read_needing_no_token_answers_any_origin_and_its_preflight_too() {
    let app = app().await;
    let plan = crate::fixtures::plans::create_plan(&app, serde_json::json!({})).await;
    let plan_path = format!("/v1/strategic-plans/{}", plan["id"].as_str().unwrap());
    app.admin_patch(
        &plan_path,
        &serde_json::json!({"status": "adopted", "adopted_on": "2020-06-15"}),
    )
    .await
    .assert_status(200);
    for path in [
        format!("{plan_path}/summary"),
        "/.well-known/oauth-authorization-server".to_owned(),
        "/openapi.json".to_owned(),
    ] {
        let res = app
            .request("GET", &path, None, &[("Origin", STRANGER)], None)
            .await;
        assert_eq!(res.status, 200, "{path}: {}", res.text);
        assert_eq!(
            header(&res, "access-control-allow-origin"),
            Some("*"),
            "{path}"
        );
    }
    let preflight = app
        .request(
            "OPTIONS",
            "/v1/directory/cooperatives",
            None,
            &[
                ("Origin", STRANGER),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "accept-language"),
            ],
            None,
        )
        .await;
    assert_eq!(preflight.status, 200, "{}", preflight.text);
    assert_eq!(header(&preflight, "access-control-allow-origin"), Some("*"));
    // The plan itself needs a token: only listed origins, and as themselves.
    let listed = app
        .request(
            "GET",
            &plan_path,
            Some(&app.admin()),
            &[("Origin", DASHBOARD)],
            None,
        )
        .await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(
        header(&listed, "access-control-allow-origin"),
        Some(DASHBOARD)
    );
    let stranger = app
        .request(
            "GET",
            &plan_path,
            Some(&app.admin()),
            &[("Origin", STRANGER)],
            None,
        )
        .await;
    assert_eq!(header(&stranger, "access-control-allow-origin"), None);
}

#[actix_web::test]
async fn a_listed_origin_may_call_the_rest_with_a_token_and_a_preflight() {
    let app = app().await;
    let preflight = app
        .request(
            "OPTIONS",
            "/v1/cooperatives",
            None,
            &[
                ("Origin", DASHBOARD),
                ("Access-Control-Request-Method", "PATCH"),
                (
                    "Access-Control-Request-Headers",
                    "authorization, content-type, if-match, idempotency-key",
                ),
            ],
            None,
        )
        .await;
    assert_eq!(preflight.status, 200, "{}", preflight.text);
    assert_eq!(
        header(&preflight, "access-control-allow-origin"),
        Some(DASHBOARD)
    );
    let methods = header(&preflight, "access-control-allow-methods").expect("methods");
    for m in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        assert!(methods.contains(m), "{m} not allowed: {methods}");
    }
    let allowed = header(&preflight, "access-control-allow-headers")
        .expect("headers")
        .to_ascii_lowercase();
    for h in [
        "authorization",
        "content-type",
        "if-match",
        "if-none-match",
        "idempotency-key",
    ] {
        assert!(allowed.contains(h), "{h} not allowed: {allowed}");
    }

    let res = app
        .request(
            "GET",
            "/v1/cooperatives",
            Some(&app.admin()),
            &[("Origin", DASHBOARD)],
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(header(&res, "access-control-allow-origin"), Some(DASHBOARD));
}

#[actix_web::test]
async fn an_origin_not_listed_gets_no_cors_headers_beyond_the_directory() {
    let app = app().await;
    let res = app
        .request(
            "GET",
            "/v1/cooperatives",
            Some(&app.admin()),
            &[("Origin", STRANGER)],
            None,
        )
        .await;
    // Served (a server-to-server call may send Origin too), but a browser withholds it.
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(header(&res, "access-control-allow-origin"), None);
    let preflight = app
        .request(
            "OPTIONS",
            "/v1/cooperatives",
            None,
            &[
                ("Origin", STRANGER),
                ("Access-Control-Request-Method", "POST"),
            ],
            None,
        )
        .await;
    assert!(preflight.status.is_client_error(), "{}", preflight.status);
    assert_eq!(header(&preflight, "access-control-allow-origin"), None);
}

#[actix_web::test]
async fn errors_carry_cors_headers_so_a_page_can_read_the_problem() {
    let app = app().await;
    let res = app
        .request(
            "GET",
            "/v1/cooperatives",
            Some("forged"),
            &[("Origin", DASHBOARD)],
            None,
        )
        .await;
    assert_eq!(res.status, 401, "{}", res.text);
    assert_eq!(header(&res, "access-control-allow-origin"), Some(DASHBOARD));
}

#[test]
fn origins_are_checked_when_configured() {
    let parsed = CorsOrigins::parse("https://a.example, http://localhost:5173/").expect("valid");
    assert_eq!(
        parsed.listed,
        ["https://a.example", "http://localhost:5173"]
    );
    assert!(!parsed.any);
    assert!(CorsOrigins::parse("*").expect("valid").any);
    for bad in [
        "a.example",
        "https://a.example/path",
        "ftp://a.example",
        "https://",
    ] {
        let err = CorsOrigins::parse(bad).expect_err(bad);
        assert!(err.contains(bad), "{err}");
    }
}
