//! What the service does when the database is slow or locked, and with values nobody means:
//! a bounded 503 instead of a hang, a 4xx instead of a 500, nothing stored.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use crate::fixtures::{cooperatives, id, partners};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn a_locked_table_is_a_503_at_the_lock_timeout_while_other_resources_keep_answering() {
    use diesel_async::SimpleAsyncConnection;
    let app = spawn_app().await;
    partners::create_partner(&app, json!({})).await;
    let mut locker = app.lock_table("partners").await;

    let started = Instant::now();
    let blocked = app.get("/v1/partners", &app.admin()).await;
    blocked.assert_problem(503);
    assert!(blocked.header("retry-after").is_some());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered at the lock timeout (1 s here)"
    );
    // Meanwhile the rest of the API and the readiness probe are fine.
    app.get("/v1/cooperatives", &app.admin())
        .await
        .assert_status(200);
    app.anonymous_get("/readyz").await.assert_status(200);

    locker.batch_execute("ROLLBACK").await.unwrap();
    app.get("/v1/partners", &app.admin())
        .await
        .assert_status(200);
}

#[actix_web::test]
async fn dates_nobody_means_are_refused_before_they_reach_the_database() {
    let app = spawn_app().await;
    let admin = app.admin();
    let coop = cooperatives::create(&app, json!({})).await;
    for query in [
        "/v1/stats/membership?as_of=-4714-01-01",
        "/v1/stats/membership?as_of=0000-01-01",
        "/v1/stats/membership/series?from=-200000-01-01&to=2020-12-31",
        "/v1/stats/membership/series?from=2020-01-01&to=9999-12-31",
    ] {
        let res = app.get(query, &admin).await;
        res.assert_problem(400);
    }
    let counts = format!("/v1/cooperatives/{}/membership-counts", id(&coop));
    for query in ["?from=-4714-01-01", "?to=9999-12-31"] {
        app.get(&format!("{counts}{query}"), &admin)
            .await
            .assert_problem(400);
    }
    for day in ["-200000-01-01", "0000-01-01"] {
        let res = app.get(&format!("{counts}/{day}"), &admin).await;
        assert!(res.status.is_client_error(), "{day}: {}", res.status);
        let put = app
            .request(
                "PUT",
                &format!("{counts}/{day}"),
                Some(&admin),
                &[],
                Some(
                    json!({"users": 10, "source": "agm"})
                        .to_string()
                        .into_bytes(),
                ),
            )
            .await;
        assert!(put.status.is_client_error(), "{day}: {}", put.status);
    }
    for (field, value) in [
        ("member_since", "0000-01-01"),
        ("member_since", "9999-12-31"),
        ("founded_on", "1899-12-31"),
    ] {
        let res = app
            .patch(
                &format!("/v1/cooperatives/{}", id(&coop)),
                &admin,
                &json!({field: value}),
            )
            .await;
        res.assert_problem(422);
        assert!(
            res.error_fields().contains(&field.to_owned()),
            "{field} {value}: {:?}",
            res.error_fields()
        );
    }
    let batch = app
        .post(
            "/v1/membership-counts:batch",
            &admin,
            &json!({"items": [{"cooperative_id": coop["id"], "as_of": "0000-01-01", "users": 10, "source": "agm"}]}),
        )
        .await;
    batch.assert_problem(422);
    assert!(
        batch.error_fields().iter().all(|f| f.contains("as_of")),
        "{:?}",
        batch.error_fields()
    );
    let stored = app.get(&format!("{counts}?format=ndjson"), &admin).await;
    stored.assert_status(200);
    assert_eq!(stored.text, "", "nothing stored");
}

#[actix_web::test]
async fn edited_or_forged_cursors_are_400_everywhere_including_the_public_directory() {
    let app = spawn_app().await;
    let admin = app.admin();
    for n in 0..3 {
        cooperatives::create(
            &app,
            json!({"name": format!("Coop {n}"), "neq": format!("117000000{n}")}),
        )
        .await;
    }
    partners::create_partner(&app, json!({})).await;
    partners::create_partner(&app, json!({"name": "Deux"})).await;
    let page = app.get("/v1/cooperatives?limit=1", &admin).await;
    page.assert_status(200);
    let real = page.body["next_cursor"].as_str().unwrap().to_owned();
    let (json_part, _) = real.split_once('.').unwrap();
    let forge = |json: &str| {
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(json),
            URL_SAFE_NO_PAD.encode([0u8; 16])
        )
    };
    let tampered = {
        let mut bytes = URL_SAFE_NO_PAD.decode(json_part).unwrap();
        bytes[3] ^= 1;
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(bytes),
            real.split_once('.').unwrap().1
        )
    };
    let bad = [
        tampered,
        forge(
            r#"{"sort":"name","after":{"Name":["a\u0000b","00000000-0000-7000-8000-000000000001"]}}"#,
        ),
        forge(
            r#"{"sort":"name","after":{"MemberSince":["-4714-01-01","00000000-0000-7000-8000-000000000001"]}}"#,
        ),
        URL_SAFE_NO_PAD.encode(
            r#"{"sort":"name","after":{"Name":["a","00000000-0000-7000-8000-000000000001"]}}"#,
        ),
        "x".repeat(5000),
    ];
    for cursor in &bad {
        for list in [
            "/v1/directory/cooperatives",
            "/v1/cooperatives",
            "/v1/partners",
        ] {
            let token = if list.contains("directory") {
                ""
            } else {
                admin.as_str()
            };
            let res = app.get(&format!("{list}?cursor={cursor}"), token).await;
            res.assert_problem(400);
            assert_eq!(res.error_fields(), ["cursor"], "{list}");
        }
    }
    // The real one still works.
    app.get(&format!("/v1/cooperatives?limit=1&cursor={real}"), &admin)
        .await
        .assert_status(200);
}

#[actix_web::test]
async fn csv_exports_neutralise_cells_a_spreadsheet_would_run_as_formulas() {
    let app = spawn_app().await;
    let coop = cooperatives::create(&app, json!({})).await;
    let manager = app.manager_token(id(&coop));
    app.patch(
        &format!("/v1/cooperatives/{}", id(&coop)),
        &manager,
        &json!({"municipality": "=HYPERLINK(\"http://x.example\")", "street": "+1 rue du Test"}),
    )
    .await
    .assert_status(200);
    let csv = app.get("/v1/directory/cooperatives?format=csv", "").await;
    csv.assert_status(200);
    assert!(csv.text.contains("'=HYPERLINK"), "{}", csv.text);
    assert!(!csv.text.contains(",=HYPERLINK") && !csv.text.contains(",\"=HYPERLINK"));
    let json = app.get("/v1/directory/cooperatives", "").await;
    json.assert_status(200);
    assert_eq!(
        json.body["items"][0]["municipality"], "=HYPERLINK(\"http://x.example\")",
        "JSON keeps the value as stored"
    );
}

#[actix_web::test]
async fn readiness_says_whether_the_database_answers_not_whether_the_pool_is_busy() {
    use diesel_async::SimpleAsyncConnection;
    let app = spawn_app().await;
    let mut locker = app.lock_table("partners").await;
    let admin = app.admin();
    // More waiting requests than the test pool has connections (4).
    let blocked = futures_util::future::join_all((0..6).map(|_| async {
        let res = app.get("/v1/partners", &admin).await;
        (res, Instant::now())
    }));
    let probe = async {
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        let res = app.anonymous_get("/readyz").await;
        (res, Instant::now())
    };
    let (blocked, (ready, ready_at)) = futures_util::future::join(blocked, probe).await;
    ready.assert_status(200);
    // It answered while every pooled connection was still held by a waiting request.
    let first_freed = blocked.iter().map(|(_, at)| *at).min().unwrap();
    assert!(ready_at < first_freed, "readiness waited for the pool");
    for (res, _) in blocked {
        res.assert_problem(503);
    }
    locker.batch_execute("ROLLBACK").await.unwrap();
    app.get("/v1/partners", &admin).await.assert_status(200);
}

#[actix_web::test]
async fn a_500_shows_nothing_internal_and_logs_its_cause_with_the_request_id() {
    use std::io::Read;
    let app = spawn_app().await;
    partners::create_partner(&app, json!({})).await;
    // A column the partners' handlers read is gone: every read of a partner fails inside.
    app.sql("ALTER TABLE partners RENAME COLUMN contact_name TO contact_name_gone")
        .await;
    let mut served = crate::resilience::Served::start(app.database_url(), &[]);
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(30))
        .finish();
    served.ready(&client).await;
    let token = served.token(app.database_url());
    let mut res = client
        .get(format!("http://{}/v1/partners", served.address))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("X-Request-Id", "trace-500-x7"))
        .insert_header(("Accept-Language", "en"))
        .send()
        .await
        .expect("request sent");
    assert_eq!(res.status(), 500);
    let body = res.body().await.expect("body read");
    let text = String::from_utf8_lossy(&body).into_owned();
    let problem: serde_json::Value = serde_json::from_slice(&body).expect("a problem");
    assert_eq!(problem["status"], 500, "{text}");
    assert_eq!(problem["request_id"], "trace-500-x7", "{text}");
    for internal in [
        "contact_name",
        "partners",
        "column",
        "does not exist",
        "SELECT",
        "diesel",
        "postgres",
        "panicked",
        ".rs:",
        "backtrace",
    ] {
        assert!(
            !text.to_lowercase().contains(&internal.to_lowercase()),
            "{internal:?} shown to the client: {text}"
        );
    }
    let _ = served.child.kill();
    let _ = served.child.wait();
    let mut log = String::new();
    served
        .child
        .stderr
        .take()
        .expect("stderr piped")
        .read_to_string(&mut log)
        .expect("log read");
    assert!(
        log.lines().any(|line| line.contains("trace-500-x7")
            && line.contains("contact_name")
            && line.contains("does not exist")),
        "the cause, logged with the request id: {log}"
    );
}
