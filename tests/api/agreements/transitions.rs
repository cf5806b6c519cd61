//! `/v1/service-agreements/{id}/transitions`: the life cycle, its history, its dates, and
//! expiry computed on read.

use coopsante::auth::Role;
use serde_json::json;

use crate::fixtures::agreements::{active_agreement, create_agreement, path_of, transition};
use crate::fixtures::partners::{create_partner, token_of};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn the_life_cycle_allows_only_its_moves_and_names_them_when_refusing() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let agreement = create_agreement(&app, &partner, json!({})).await;

    let skip = transition(&app, &agreement, "active", "2020-03-01").await;
    skip.assert_problem(409);
    let detail = skip.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("permis depuis draft : negotiating, terminated"),
        "{detail}"
    );

    for (to, on) in [
        ("negotiating", "2020-01-10"),
        ("active", "2020-04-01"),
        ("suspended", "2020-06-01"),
        ("active", "2020-07-01"),
    ] {
        let res = transition(&app, &agreement, to, on).await;
        res.assert_status(201);
        assert_eq!(res.body["to"], to);
    }
    let read = app.get(&path_of(&agreement), &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body["status"], "active");
    assert_eq!(read.body["version"], 5, "each transition is a new version");

    let expired = transition(&app, &agreement, "expired", "2020-08-01").await;
    expired.assert_problem(409);
    expired.assert_detail_contains("ends_on");

    transition(&app, &agreement, "terminated", "2020-12-31")
        .await
        .assert_status(201);
    let after = transition(&app, &agreement, "active", "2021-01-01").await;
    after.assert_problem(409);
    after.assert_detail_contains("permis depuis terminated : aucun");

    let history = app
        .get(
            &format!("{}/transitions", path_of(&agreement)),
            &app.admin(),
        )
        .await;
    history.assert_status(200);
    let moves: Vec<(String, String, String)> = history
        .items()
        .iter()
        .map(|t| {
            (
                t["from"].as_str().unwrap().to_owned(),
                t["to"].as_str().unwrap().to_owned(),
                t["effective_on"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("draft", "negotiating", "2020-01-10"),
        ("negotiating", "active", "2020-04-01"),
        ("active", "suspended", "2020-06-01"),
        ("suspended", "active", "2020-07-01"),
        ("active", "terminated", "2020-12-31"),
    ];
    assert_eq!(
        moves,
        expected.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    assert_eq!(history.body["items"][0]["recorded_by"], "test");
}

#[actix_web::test]
async fn transitions_default_to_today_and_may_not_go_back_before_the_previous_one() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let agreement = create_agreement(&app, &partner, json!({})).await;
    let path = format!("{}/transitions", path_of(&agreement));
    transition(&app, &agreement, "negotiating", "2020-03-04")
        .await
        .assert_status(201);

    let before = transition(&app, &agreement, "active", "2020-03-01").await;
    before.assert_problem(422);
    assert_eq!(before.error_fields(), ["effective_on"]);

    let future = transition(&app, &agreement, "active", "2999-01-01").await;
    future.assert_problem(422);
    assert_eq!(future.error_fields(), ["effective_on"]);

    let missing = app.admin_post(&path, &json!({"to": "active"})).await;
    missing.assert_problem(422);
    assert_eq!(missing.error_fields(), ["reason"]);

    let today = app
        .admin_post(&path, &json!({"to": "active", "reason": "Signée"}))
        .await;
    today.assert_status(201);
    assert_eq!(
        today.body["effective_on"],
        crate::helpers::today().to_string()
    );
}

#[actix_web::test]
async fn transitions_honour_if_match_and_need_an_admin() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let agreement = create_agreement(&app, &partner, json!({})).await;
    let path = format!("{}/transitions", path_of(&agreement));
    let body = br#"{"to": "negotiating", "reason": "Offre"}"#.to_vec();
    let stale = app
        .request(
            "POST",
            &path,
            Some(&app.admin()),
            &[("If-Match", "\"7\"")],
            Some(body.clone()),
        )
        .await;
    stale.assert_problem(412);
    let fresh = app
        .request(
            "POST",
            &path,
            Some(&app.admin()),
            &[("If-Match", "\"1\"")],
            Some(body),
        )
        .await;
    fresh.assert_status(201);
    assert_eq!(fresh.header("etag"), Some("\"2\""));
    app.post(
        &path,
        &app.token(Role::Reader),
        &json!({"to": "active", "reason": "x"}),
    )
    .await
    .assert_problem(403);
    app.post(
        &path,
        &token_of(&app, &partner),
        &json!({"to": "active", "reason": "x"}),
    )
    .await
    .assert_problem(403);
}

#[actix_web::test]
async fn an_active_agreement_reads_expired_once_its_last_day_has_passed() {
    let app = spawn_app().await;
    let (_, agreement) = active_agreement(&app, json!({"ends_on": "2021-03-31"})).await;
    let read = app.get(&path_of(&agreement), &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body["status"], "expired");

    // Moves are judged on their effective date: suspending before the end is history...
    transition(&app, &agreement, "suspended", "2021-01-15")
        .await
        .assert_status(201);
    transition(&app, &agreement, "active", "2021-02-01")
        .await
        .assert_status(201);
    // ...but once expired, there is nowhere to go.
    let late = transition(&app, &agreement, "suspended", "2021-06-01").await;
    late.assert_problem(409);
    late.assert_detail_contains("passer de expired");
    // Extending the agreement brings it back.
    let extended = app
        .admin_patch(&path_of(&agreement), &json!({"ends_on": null}))
        .await;
    extended.assert_status(200);
    assert_eq!(extended.body["status"], "active");
}
