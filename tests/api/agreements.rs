//! Service agreements: creation, the life cycle and its history, expiry computed on read,
//! filters, and who may see which (another partner's agreement is a 404, not a 403).

use coopsante::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{Response, TestApp, spawn_app};
use crate::partners::{create_partner, token_of};

/// A valid agreement of `partner`, with `overrides` merged in.
pub fn agreement_body(partner: &Value, overrides: Value) -> Value {
    let mut body = json!({
        "partner_id": partner["id"],
        "title": "Télémédecine pour les membres",
        "category": "telemedicine",
        "beneficiaries": "members",
        "terms": "Consultation médicale à distance.",
        "pricing": "Abonnement mensuel",
        "signed_on": "2020-03-01",
        "starts_on": "2020-04-01"
    });
    json_patch::merge(&mut body, &overrides);
    body
}

pub async fn create_agreement(app: &TestApp, partner: &Value, overrides: Value) -> Value {
    let res = app
        .post(
            "/v1/service-agreements",
            &app.admin(),
            &agreement_body(partner, overrides),
        )
        .await;
    res.assert_status(201);
    res.body.clone()
}

pub fn path_of(agreement: &Value) -> String {
    format!(
        "/v1/service-agreements/{}",
        agreement["id"].as_str().unwrap()
    )
}

pub async fn transition(app: &TestApp, agreement: &Value, to: &str, on: &str) -> Response {
    app.post(
        &format!("{}/transitions", path_of(agreement)),
        &app.admin(),
        &json!({"to": to, "reason": format!("passage à {to}"), "effective_on": on}),
    )
    .await
}

/// Negotiated from 2020-03-04, active from 2020-04-01.
pub async fn activate(app: &TestApp, agreement: &Value) {
    transition(app, agreement, "negotiating", "2020-03-04")
        .await
        .assert_status(201);
    transition(app, agreement, "active", "2020-04-01")
        .await
        .assert_status(201);
}

/// A partner and one of its agreements, active since 2020-04-01.
pub async fn active_agreement(app: &TestApp, overrides: Value) -> (Value, Value) {
    let partner = create_partner(app, json!({"name": "Akira", "kind": "telemedicine"})).await;
    let agreement = create_agreement(app, &partner, overrides).await;
    activate(app, &agreement).await;
    (partner, agreement)
}

#[actix_web::test]
async fn new_agreements_start_as_drafts_and_their_status_cannot_be_written() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let res = app
        .post(
            "/v1/service-agreements",
            &app.admin(),
            &agreement_body(&partner, json!({})),
        )
        .await;
    res.assert_status(201);
    assert_eq!(res.body["status"], "draft");
    assert_eq!(res.header("etag"), Some("\"1\""));
    let path = path_of(&res.body);
    assert_eq!(res.header("location"), Some(path.as_str()));

    let with_status = app
        .post(
            "/v1/service-agreements",
            &app.admin(),
            &agreement_body(&partner, json!({"title": "Autre", "status": "active"})),
        )
        .await;
    with_status.assert_problem(422);
    assert_eq!(with_status.error_fields(), ["status"]);
    assert_eq!(with_status.body["errors"][0]["code"], "read_only");

    let patch = app
        .patch(&path, &app.admin(), &json!({"status": "active"}))
        .await;
    patch.assert_problem(422);
    assert_eq!(patch.error_fields(), ["status"]);

    let ok = app
        .patch(
            &path,
            &app.admin(),
            &json!({"pricing": null, "ends_on": "2023-03-31"}),
        )
        .await;
    ok.assert_status(200);
    assert_eq!(ok.body["pricing"], Value::Null);
    assert_eq!(ok.body["ends_on"], "2023-03-31");
    assert_eq!(ok.body["status"], "draft");
}

#[actix_web::test]
async fn invalid_agreements_are_422_naming_every_field() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let res = app
        .post(
            "/v1/service-agreements",
            &app.admin(),
            &json!({"partner_id": "not-a-uuid", "category": "food", "beneficiaries": "all",
                    "starts_on": "2021-01-01", "ends_on": "2020-12-31", "signed_on": "2999-01-01"}),
        )
        .await;
    res.assert_problem(422);
    let mut fields = res.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        [
            "beneficiaries",
            "category",
            "ends_on",
            "partner_id",
            "signed_on",
            "title"
        ]
    );

    let unknown = app
        .post(
            "/v1/service-agreements",
            &app.admin(),
            &agreement_body(
                &partner,
                json!({"partner_id": uuid::Uuid::now_v7().to_string()}),
            ),
        )
        .await;
    unknown.assert_problem(422);
    assert_eq!(unknown.error_fields(), ["partner_id"]);

    create_agreement(&app, &partner, json!({})).await;
    app.post(
        "/v1/service-agreements",
        &app.admin(),
        &agreement_body(&partner, json!({})),
    )
    .await
    .assert_problem(409);
}

#[actix_web::test]
async fn the_life_cycle_allows_only_its_moves_and_names_them_when_refusing() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let agreement = create_agreement(&app, &partner, json!({})).await;

    let skip = transition(&app, &agreement, "active", "2020-03-01").await;
    skip.assert_problem(409);
    let detail = skip.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("allowed from draft: negotiating, terminated"),
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
    assert_eq!(read.body["status"], "active");
    assert_eq!(read.body["version"], 5, "each transition is a new version");

    let expired = transition(&app, &agreement, "expired", "2020-08-01").await;
    expired.assert_problem(409);
    assert!(expired.body["detail"].as_str().unwrap().contains("ends_on"));

    transition(&app, &agreement, "terminated", "2020-12-31")
        .await
        .assert_status(201);
    let after = transition(&app, &agreement, "active", "2021-01-01").await;
    after.assert_problem(409);
    assert!(
        after.body["detail"]
            .as_str()
            .unwrap()
            .contains("allowed from terminated: none")
    );

    let history = app
        .get(
            &format!("{}/transitions", path_of(&agreement)),
            &app.admin(),
        )
        .await;
    history.assert_status(200);
    let moves: Vec<(String, String, String)> = history.body["items"]
        .as_array()
        .unwrap()
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

    let missing = app
        .post(&path, &app.admin(), &json!({"to": "active"}))
        .await;
    missing.assert_problem(422);
    assert_eq!(missing.error_fields(), ["reason"]);

    let today = app
        .post(
            &path,
            &app.admin(),
            &json!({"to": "active", "reason": "Signée"}),
        )
        .await;
    today.assert_status(201);
    assert_eq!(
        today.body["effective_on"],
        chrono::Utc::now().date_naive().to_string()
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
    assert!(
        late.body["detail"]
            .as_str()
            .unwrap()
            .contains("from expired")
    );
    // Extending the agreement brings it back.
    let extended = app
        .patch(
            &path_of(&agreement),
            &app.admin(),
            &json!({"ends_on": null}),
        )
        .await;
    assert_eq!(extended.body["status"], "active");
}

async fn ids(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let res = app
        .get(&format!("/v1/service-agreements{query}"), token)
        .await;
    res.assert_status(200);
    res.body["items"]
        .as_array()
        .unwrap()
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
async fn another_partners_agreement_is_404_not_403_everywhere() {
    let app = spawn_app().await;
    let (akira, agreement) = active_agreement(&app, json!({})).await;
    let sos = create_partner(&app, json!({})).await;
    let own = create_agreement(
        &app,
        &sos,
        json!({"title": "Nutrition", "category": "nutrition"}),
    )
    .await;
    let intruder = token_of(&app, &sos);
    let path = path_of(&agreement);
    let coop = crate::cooperatives::create(&app, json!({})).await;
    let coop_id = coop["id"].as_str().unwrap();

    let enrolment = app
        .post(
            &format!("{path}/enrollments"),
            &app.admin(),
            &json!({"cooperative_id": coop_id, "starts_on": "2020-05-01"}),
        )
        .await;
    enrolment.assert_status(201);
    for sub in [
        String::new(),
        "/transitions".into(),
        "/enrollments".into(),
        format!("/enrollments/{}", enrolment.body["id"].as_str().unwrap()),
        format!("/eligibility?cooperative_id={coop_id}"),
    ] {
        let res = app.get(&format!("{path}{sub}"), &intruder).await;
        res.assert_problem(404);
        assert_eq!(
            res.body["detail"], "no service agreement with this id",
            "{sub}: the same answer as for an id that does not exist"
        );
    }
    let theirs = app
        .get(
            &format!("/v1/cooperatives/{coop_id}/enrollments"),
            &intruder,
        )
        .await;
    assert_eq!(
        theirs.body["items"],
        json!([]),
        "not its agreement's enrolments"
    );
    let list = app.get("/v1/service-agreements", &intruder).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["items"][0]["id"], own["id"]);

    // Its own partner sees it, and so do readers.
    let owner = token_of(&app, &akira);
    app.get(&path, &owner).await.assert_status(200);
    app.get(&format!("{path}/transitions"), &owner)
        .await
        .assert_status(200);
    app.get(&path, &app.token(Role::Reader))
        .await
        .assert_status(200);
    app.patch(&path, &app.token(Role::Reader), &json!({"pricing": "x"}))
        .await
        .assert_problem(403);
}

#[actix_web::test]
async fn a_coop_manager_sees_agreements_open_to_co_ops_but_not_drafts() {
    let app = spawn_app().await;
    let (_, active) = active_agreement(&app, json!({})).await;
    let sos = create_partner(&app, json!({})).await;
    let draft = create_agreement(&app, &sos, json!({"title": "Brouillon"})).await;
    let coop = crate::cooperatives::create(&app, json!({})).await;
    let manager = app.manager_token(coop["id"].as_str().unwrap());

    let list = app.get("/v1/service-agreements", &manager).await;
    list.assert_status(200);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], active["id"]);
    app.get(&path_of(&active), &manager)
        .await
        .assert_status(200);
    app.get(&path_of(&draft), &manager)
        .await
        .assert_problem(404);
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
        .request(
            "GET",
            "/v1/service-agreements",
            Some(&token_of(&app, &akira)),
            &[("Accept", "application/x-ndjson")],
            None,
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
