//! `/v1/events` with its participations and presentations: attendance says where its
//! figures come from, and an estimate is never shown as exact.

use serde_json::{Value, json};

use crate::fixtures::cooperatives;
use crate::fixtures::events::{create_event, event_body, participate, path_of};
use crate::fixtures::partners::create_partner;
use crate::helpers::spawn_app;

#[actix_web::test]
async fn an_approximate_head_count_stays_approximate_until_co_ops_are_known() {
    let app = spawn_app().await;
    let event = create_event(&app, json!({})).await;
    assert_eq!(event["approximate_representatives"], 15);
    assert_eq!(event["reported_representatives"], Value::Null);
    assert_eq!(event["attendance_source"], "approximate");
    assert_eq!(event["attendance_representatives"], 15);
    assert_eq!(event["attendance_approximate"], true);
    assert_eq!(event["attendance_cooperatives"], Value::Null);

    let coop = cooperatives::create(&app, json!({})).await;
    participate(&app, &app.admin(), &event, &coop, 2)
        .await
        .assert_status(201);
    let read = app.get(&path_of(&event), &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body["attendance_source"], "participations");
    assert_eq!(read.body["attendance_representatives"], 2);
    assert_eq!(read.body["attendance_cooperatives"], 1);
    assert_eq!(read.body["attendance_approximate"], false);
    assert_eq!(
        read.body["approximate_representatives"], 15,
        "the estimate is kept"
    );
}

#[actix_web::test]
async fn reported_totals_are_exact_and_exclude_an_estimate() {
    let app = spawn_app().await;
    let event = create_event(
        &app,
        json!({"kind": "members_day", "starts_on": "2019-09-19", "title": "Journée santé des membres",
               "approximate_representatives": null, "reported_representatives": 17, "reported_cooperatives": 12}),
    )
    .await;
    assert_eq!(event["attendance_source"], "reported");
    assert_eq!(
        (
            &event["attendance_representatives"],
            &event["attendance_cooperatives"]
        ),
        (&json!(17), &json!(12))
    );
    let both = app
        .admin_patch(
            &path_of(&event),
            &json!({"approximate_representatives": 15}),
        )
        .await;
    both.assert_problem(422);
    assert_eq!(both.error_fields(), ["approximate_representatives"]);
}

#[actix_web::test]
async fn invalid_events_are_422_naming_every_field() {
    let app = spawn_app().await;
    let res = app
        .admin_post(
            "/v1/events",
            &json!({"title": "a\u{0}b", "kind": "party", "starts_on": "2101-01-01",
                    "ends_on": "2020-01-01", "reported_representatives": -1, "colour": "red",
                    "attendance_source": "reported"}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(
        res.sorted_error_fields(),
        [
            "attendance_source",
            "colour",
            "kind",
            "reported_representatives",
            "starts_on",
            "title"
        ]
    );
    let order = app
        .admin_post("/v1/events", &event_body(json!({"ends_on": "2020-03-03"})))
        .await;
    order.assert_problem(422);
    assert_eq!(order.error_fields(), ["ends_on"]);
}

#[actix_web::test]
async fn the_same_title_on_the_same_day_is_a_conflict() {
    let app = spawn_app().await;
    create_event(&app, json!({})).await;
    let again = app.admin_post("/v1/events", &event_body(json!({}))).await;
    again.assert_problem(409);
}

#[actix_web::test]
async fn events_are_listed_by_date_within_a_range_and_exported() {
    let app = spawn_app().await;
    create_event(&app, json!({"title": "B", "starts_on": "2020-03-04"})).await;
    create_event(
        &app,
        json!({"title": "A", "starts_on": "2019-09-19", "kind": "members_day"}),
    )
    .await;
    create_event(&app, json!({"title": "C", "starts_on": "2021-06-01"})).await;
    let year = app
        .get(
            "/v1/events?from=2019-04-01&to=2020-03-31",
            &app.token(coopsante::auth::Role::Reader),
        )
        .await;
    year.assert_status(200);
    let titles = year.texts("title");
    assert_eq!(titles, ["A", "B"]);
    let kinds = app.get("/v1/events?kind=members_day", &app.admin()).await;
    kinds.assert_status(200);
    assert_eq!(kinds.items().len(), 1);

    let csv = app
        .get("/v1/events?format=csv&to=2020-12-31", &app.admin())
        .await;
    csv.assert_status(200);
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines.len(), 3, "{}", csv.text);
    assert!(lines[0].starts_with("id,title,kind,starts_on"));
    assert!(lines[0].contains("attendance_source"));

    for bad in [
        "from=2020-13-01",
        "to=1899-12-31",
        "from=2020-04-01&to=2020-03-31",
        "kind=party",
        "colour=red",
    ] {
        let res = app.get(&format!("/v1/events?{bad}"), &app.admin()).await;
        res.assert_problem(400);
    }
}

#[actix_web::test]
async fn a_co_op_manager_records_its_own_participation_only() {
    let app = spawn_app().await;
    let event = create_event(&app, json!({})).await;
    let own = cooperatives::create(&app, json!({})).await;
    let other = cooperatives::create(
        &app,
        json!({"name": "Coopérative de santé Robert-Cliche", "neq": "1170000002"}),
    )
    .await;
    let manager = app.manager_token(own["id"].as_str().unwrap());
    let mine = participate(&app, &manager, &event, &own, 2).await;
    mine.assert_status(201);
    assert_eq!(mine.body["representatives"], 2);
    participate(&app, &manager, &event, &other, 1)
        .await
        .assert_problem(403);
    participate(&app, &app.admin(), &event, &other, 3)
        .await
        .assert_status(201);
    participate(&app, &app.admin(), &event, &other, 3)
        .await
        .assert_problem(409);

    let seen = app
        .get(&format!("{}/participations", path_of(&event)), &manager)
        .await;
    seen.assert_status(200);
    let items = seen.items();
    assert_eq!(items.len(), 1, "a manager sees its own co-op's only");
    assert_eq!(items[0]["cooperative_id"], own["id"]);
    let all = app
        .get(&format!("{}/participations", path_of(&event)), &app.admin())
        .await;
    all.assert_status(200);
    assert_eq!(all.items().len(), 2);

    let mine_path = format!(
        "{}/participations/{}",
        path_of(&event),
        mine.body["id"].as_str().unwrap()
    );
    let edited = app
        .patch(&mine_path, &manager, &json!({"representatives": 4}))
        .await;
    edited.assert_status(200);
    assert_eq!(edited.body["representatives"], 4);
    let moved = app
        .patch(
            &mine_path,
            &manager,
            &json!({"cooperative_id": other["id"]}),
        )
        .await;
    moved.assert_problem(422);
    assert_eq!(moved.error_fields(), ["cooperative_id"]);

    let theirs = &all
        .items()
        .iter()
        .find(|p| p["cooperative_id"] == other["id"])
        .unwrap()["id"];
    let theirs_path = format!(
        "{}/participations/{}",
        path_of(&event),
        theirs.as_str().unwrap()
    );
    app.delete(&theirs_path, &manager).await.assert_problem(403);
    app.delete(&mine_path, &manager).await.assert_status(204);

    let read = app.get(&path_of(&event), &manager).await;
    read.assert_status(200);
    assert_eq!(read.body["attendance_representatives"], 3);
    app.post("/v1/events", &manager, &event_body(json!({"title": "X"})))
        .await
        .assert_problem(403);
}

#[actix_web::test]
async fn bad_participations_are_refused_with_the_field_named() {
    let app = spawn_app().await;
    let event = create_event(&app, json!({})).await;
    let path = format!("{}/participations", path_of(&event));
    let cases = [
        (
            json!({"cooperative_id": uuid::Uuid::now_v7().to_string(), "representatives": 1}),
            vec!["cooperative_id"],
        ),
        (
            json!({"cooperative_id": "nope", "representatives": 0}),
            vec!["cooperative_id", "representatives"],
        ),
        (
            json!({"representatives": 1001, "event_id": "x"}),
            vec!["event_id", "cooperative_id", "representatives"],
        ),
    ];
    for (body, fields) in cases {
        let res = app.admin_post(&path, &body).await;
        res.assert_problem(422);
        let mut want = fields.clone();
        want.sort();
        assert_eq!(res.sorted_error_fields(), want, "{body}");
    }
    let coop = cooperatives::create(&app, json!({})).await;
    let missing = format!("/v1/events/{}/participations", uuid::Uuid::now_v7());
    app.admin_post(
        &missing,
        &json!({"cooperative_id": coop["id"], "representatives": 1}),
    )
    .await
    .assert_problem(404);
}

#[actix_web::test]
async fn presentations_name_their_partner_and_go_with_their_event() {
    let app = spawn_app().await;
    let event = create_event(&app, json!({})).await;
    let sage = create_partner(&app, json!({"name": "SAGE", "kind": "insurance_broker"})).await;
    let path = format!("{}/presentations", path_of(&event));
    let talk = app
        .admin_post(&path,
            &json!({"title": "Offre de services en assurance collective", "presenter_name": "Simon Jomphe",
                    "presenter_role": "Directeur de comptes", "partner_id": sage["id"]}),
        )
        .await;
    talk.assert_status(201);
    assert_eq!(talk.body["partner_id"], sage["id"]);
    let unknown = app
        .admin_post(
            &path,
            &json!({"title": "Autre", "partner_id": uuid::Uuid::now_v7().to_string()}),
        )
        .await;
    unknown.assert_problem(422);
    assert_eq!(unknown.error_fields(), ["partner_id"]);
    let reader = app.token(coopsante::auth::Role::Reader);
    app.post(&path, &reader, &json!({"title": "Autre"}))
        .await
        .assert_problem(403);
    let listed = app.get(&path, &reader).await;
    listed.assert_status(200);
    assert_eq!(listed.body["items"][0]["presenter_name"], "Simon Jomphe");

    let item = format!("{path}/{}", talk.body["id"].as_str().unwrap());
    let edited = app
        .admin_patch(&item, &json!({"presenter_role": null}))
        .await;
    edited.assert_status(200);
    assert_eq!(edited.body["presenter_role"], Value::Null);

    app.delete(&path_of(&event), &app.admin())
        .await
        .assert_status(204);
    app.get(&path, &app.admin()).await.assert_problem(404);
    let history = app
        .get(&format!("{}/history", path_of(&event)), &app.admin())
        .await;
    history.assert_problem(404);
}

#[actix_web::test]
async fn a_co_op_manager_may_not_read_an_events_history() {
    let app = spawn_app().await;
    let event = create_event(&app, json!({})).await;
    let manager = app.manager_token(&uuid::Uuid::now_v7().to_string());
    app.get(&format!("{}/history", path_of(&event)), &manager)
        .await
        .assert_problem(403);
}
