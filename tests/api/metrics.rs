//! `GET /metrics`: Prometheus text, requests by route template (never by raw path),
//! the pool, database errors.

use crate::helpers::spawn_app;

/// The value of the sample whose line starts with `prefix` (name and labels), if any.
fn sample(text: &str, name: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|l| l.starts_with(name) && labels.iter().all(|want| l.contains(want)))
        .find_map(|l| l.rsplit(' ').next()?.parse().ok())
}

#[actix_web::test]
async fn requests_are_counted_by_route_template_with_latency_histograms() {
    let app = spawn_app().await;
    let token = app.admin();
    for _ in 0..3 {
        let res = app
            .get(
                &format!("/v1/cooperatives/{}", uuid::Uuid::now_v7()),
                &token,
            )
            .await;
        assert_eq!(res.status, 404);
    }
    for i in 0..20 {
        let res = app.get(&format!("/no/such/path/{i}"), &token).await;
        assert_eq!(res.status, 404);
    }
    let res = app.anonymous_get("/metrics").await;
    assert_eq!(res.status, 200);
    let content_type = res.headers.get("content-type").expect("a content type");
    assert!(
        content_type.to_str().unwrap().starts_with("text/plain"),
        "{content_type:?}"
    );
    let text = &res.text;
    assert_eq!(
        sample(
            text,
            "coopsante_http_requests_total",
            &[
                r#"endpoint="/v1/cooperatives/{id}""#,
                r#"status="404""#,
                r#"method="GET""#
            ]
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        sample(
            text,
            "coopsante_http_requests_duration_seconds_count",
            &[r#"endpoint="/v1/cooperatives/{id}""#]
        ),
        Some(3.0),
        "{text}"
    );
    assert!(
        text.contains(
            r#"coopsante_http_requests_duration_seconds_bucket{endpoint="/v1/cooperatives/{id}""#
        ),
        "{text}"
    );
    // Twenty raw paths make one label, not twenty.
    assert!(!text.contains("/no/such/path"), "{text}");
    assert_eq!(
        sample(
            text,
            "coopsante_http_requests_total",
            &[r#"endpoint="unmatched""#]
        ),
        Some(20.0),
        "{text}"
    );
}

#[actix_web::test]
async fn the_pool_is_reported_when_scraped() {
    let app = spawn_app().await;
    let res = app.get("/v1/cooperatives", &app.admin()).await;
    assert_eq!(res.status, 200);
    let res = app.anonymous_get("/metrics").await;
    assert_eq!(res.status, 200);
    // The test app's pool holds 4 connections; the list above opened at least one.
    assert_eq!(
        sample(&res.text, "coopsante_db_pool_max_size", &[]),
        Some(4.0)
    );
    let open = sample(&res.text, "coopsante_db_pool_connections", &[]).expect("open");
    assert!((1.0..=4.0).contains(&open), "{}", res.text);
    // The webhook worker may hold one or two at this instant.
    let in_use = sample(&res.text, "coopsante_db_pool_in_use", &[]).expect("in use");
    assert!((0.0..=open).contains(&in_use), "{}", res.text);
    // The background tasks share the pool: under a loaded machine one may briefly wait.
    let waiting = sample(&res.text, "coopsante_db_pool_waiting", &[]).expect("waiting");
    assert!(waiting >= 0.0 && waiting.fract() == 0.0, "{}", res.text);
}

#[actix_web::test]
async fn database_errors_are_counted_by_kind() {
    let app = spawn_app().await;
    let token = app.admin();
    let body = crate::fixtures::cooperatives::coop(serde_json::json!({}));
    assert_eq!(
        app.post("/v1/cooperatives", &token, &body).await.status,
        201
    );
    // The same NEQ again: the unique index refuses it (409).
    let again = app.post("/v1/cooperatives", &token, &body).await;
    assert_eq!(again.status, 409, "{}", again.text);
    let res = app.anonymous_get("/metrics").await;
    assert_eq!(res.status, 200);
    let conflicts = sample(
        &res.text,
        "coopsante_db_errors_total",
        &[r#"kind="conflict""#],
    );
    assert!(conflicts.is_some_and(|n| n >= 1.0), "{}", res.text);
}
