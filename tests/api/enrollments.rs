//! Enrolments of co-ops in agreements, the overlap rule the database enforces, eligibility
//! on a date, who sees which enrolments, and the seeded partners.

use coopsante::auth::Role;
use diesel_async::AsyncConnection;
use serde_json::{Value, json};

use crate::agreements::{active_agreement, create_agreement, path_of, transition};
use crate::cooperatives::create;
use crate::eligibility::eligibility;
use crate::helpers::{Response, TestApp, spawn_app, test_db};
use crate::partners::{create_partner, token_of};

pub fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap()
}

pub async fn enroll(app: &TestApp, agreement: &Value, body: Value) -> Response {
    app.post(
        &format!("{}/enrollments", path_of(agreement)),
        &app.admin(),
        &body,
    )
    .await
}

#[actix_web::test]
async fn a_member_co_op_enrols_in_an_active_agreement_and_is_listed_under_both_parents() {
    let app = spawn_app().await;
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let coop = create(&app, json!({})).await;
    let res = enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01", "people_covered": 1850}),
    )
    .await;
    res.assert_status(201);
    assert_eq!(res.header("etag"), Some("\"1\""));
    assert_eq!(res.body["ends_on"], Value::Null);
    let location = res.header("location").unwrap().to_owned();
    assert_eq!(
        location,
        format!("{}/enrollments/{}", path_of(&agreement), id(&res.body))
    );
    app.get(&location, &app.admin()).await.assert_status(200);

    let by_agreement = app
        .get(
            &format!("{}/enrollments", path_of(&agreement)),
            &app.admin(),
        )
        .await;
    by_agreement.assert_status(200);
    assert_eq!(by_agreement.body["items"], json!([res.body]));
    let by_coop = app
        .get(
            &format!("/v1/cooperatives/{}/enrollments", id(&coop)),
            &app.token(Role::Reader),
        )
        .await;
    assert_eq!(by_coop.body["items"], json!([res.body]));
    let on_date = app
        .get(
            &format!("{}/enrollments?on=2020-04-15", path_of(&agreement)),
            &app.admin(),
        )
        .await;
    assert_eq!(on_date.body["items"], json!([]), "not yet enrolled then");

    let ended = app
        .patch(&location, &app.admin(), &json!({"ends_on": "2022-12-31"}))
        .await;
    ended.assert_status(200);
    assert_eq!(ended.body["ends_on"], "2022-12-31");
    assert_eq!(ended.body["people_covered"], 1850);
    let moved = app
        .patch(
            &location,
            &app.admin(),
            &json!({"cooperative_id": id(&coop)}),
        )
        .await;
    moved.assert_problem(422);
    assert_eq!(moved.error_fields(), ["cooperative_id"]);
}

#[actix_web::test]
async fn overlapping_enrolments_of_a_co_op_in_an_agreement_are_refused_by_the_database() {
    let app = spawn_app().await;
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let coop = create(&app, json!({})).await;
    let first = enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01", "ends_on": "2020-12-31"}),
    )
    .await;
    first.assert_status(201);

    for (starts, ends) in [
        ("2020-12-31", Value::Null),
        ("2020-04-01", json!("2020-05-01")),
        ("2020-06-01", json!("2020-06-30")),
    ] {
        let res = enroll(
            &app,
            &agreement,
            json!({"cooperative_id": id(&coop), "starts_on": starts, "ends_on": ends}),
        )
        .await;
        res.assert_problem(409);
        assert!(
            res.body["detail"]
                .as_str()
                .unwrap()
                .contains("already enrolled"),
            "{}",
            res.text
        );
    }
    // The next day is free (last days are inclusive), and open-ended from then on.
    let second = enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&coop), "starts_on": "2021-01-01"}),
    )
    .await;
    second.assert_status(201);
    // Stretching the first one over the second is refused too.
    let stretch = app
        .patch(
            &format!("{}/enrollments/{}", path_of(&agreement), id(&first.body)),
            &app.admin(),
            &json!({"ends_on": null}),
        )
        .await;
    stretch.assert_problem(409);

    // Another co-op on the same dates is fine.
    let other = create(
        &app,
        json!({"name": "Coop santé Robert-Cliche", "neq": "1170000002"}),
    )
    .await;
    enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&other), "starts_on": "2020-05-01"}),
    )
    .await
    .assert_status(201);
}

#[actix_web::test]
async fn only_member_co_ops_of_active_agreements_can_be_enrolled() {
    let app = spawn_app().await;
    let partner = create_partner(&app, json!({})).await;
    let draft = create_agreement(&app, &partner, json!({})).await;
    let coop = create(&app, json!({})).await;
    let res = enroll(
        &app,
        &draft,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01"}),
    )
    .await;
    res.assert_problem(409);
    assert!(res.body["detail"].as_str().unwrap().contains("draft"));

    let (_, active) = active_agreement(&app, json!({"ends_on": "2030-12-31"})).await;
    let prospect = create(
        &app,
        json!({"name": "Coop future", "neq": "1170000003", "federation_status": "prospect", "member_since": null}),
    )
    .await;
    let res = enroll(
        &app,
        &active,
        json!({"cooperative_id": id(&prospect), "starts_on": "2020-05-01"}),
    )
    .await;
    res.assert_problem(409);
    assert!(res.body["detail"].as_str().unwrap().contains("member"));

    let unknown = enroll(
        &app,
        &active,
        json!({"cooperative_id": uuid::Uuid::now_v7().to_string(), "starts_on": "2020-05-01"}),
    )
    .await;
    unknown.assert_problem(422);
    assert_eq!(unknown.error_fields(), ["cooperative_id"]);

    let outside = enroll(
        &app,
        &active,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-01-01", "ends_on": "2031-01-01"}),
    )
    .await;
    outside.assert_problem(422);
    assert_eq!(outside.error_fields(), ["starts_on", "ends_on"]);

    let negative = enroll(
        &app,
        &active,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-04-01", "people_covered": -1}),
    )
    .await;
    negative.assert_problem(422);
    assert_eq!(negative.error_fields(), ["people_covered"]);

    let newcomer = create(
        &app,
        json!({"name": "Coop nouvelle", "neq": "1170000004", "member_since": "2021-01-01"}),
    )
    .await;
    let early = enroll(
        &app,
        &active,
        json!({"cooperative_id": id(&newcomer), "starts_on": "2020-05-01"}),
    )
    .await;
    early.assert_problem(422);
    assert_eq!(early.body["errors"][0]["code"], "before_membership");
    let enrolled = enroll(
        &app,
        &active,
        json!({"cooperative_id": id(&newcomer), "starts_on": "2021-01-01"}),
    )
    .await;
    enrolled.assert_status(201);
    let moved_back = app
        .patch(
            &format!("{}/enrollments/{}", path_of(&active), id(&enrolled.body)),
            &app.admin(),
            &json!({"starts_on": "2020-12-31"}),
        )
        .await;
    moved_back.assert_problem(422);
    assert_eq!(moved_back.error_fields(), ["starts_on"]);
}

#[actix_web::test]
async fn an_enrolled_co_op_cannot_be_deleted() {
    let app = spawn_app().await;
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let coop = create(&app, json!({})).await;
    enroll(
        &app,
        &agreement,
        json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01"}),
    )
    .await
    .assert_status(201);
    app.delete(&format!("/v1/cooperatives/{}", id(&coop)), &app.admin())
        .await
        .assert_problem(409);
    app.delete(&path_of(&agreement), &app.admin())
        .await
        .assert_problem(409);
}

#[actix_web::test]
async fn a_coop_manager_sees_its_own_enrolments_only() {
    let app = spawn_app().await;
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let mine = create(&app, json!({})).await;
    let theirs = create(&app, json!({"name": "Coop B", "neq": "1170000009"})).await;
    for coop in [&mine, &theirs] {
        enroll(
            &app,
            &agreement,
            json!({"cooperative_id": id(coop), "starts_on": "2020-05-01"}),
        )
        .await
        .assert_status(201);
    }
    let manager = app.manager_token(id(&mine));
    let list = app
        .get(&format!("{}/enrollments", path_of(&agreement)), &manager)
        .await;
    list.assert_status(200);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["cooperative_id"], mine["id"]);
    app.get(
        &format!("/v1/cooperatives/{}/enrollments", id(&mine)),
        &manager,
    )
    .await
    .assert_status(200);
    app.get(
        &format!("/v1/cooperatives/{}/enrollments", id(&theirs)),
        &manager,
    )
    .await
    .assert_problem(403);
    let path = format!(
        "{}/eligibility?cooperative_id={}",
        path_of(&agreement),
        id(&theirs)
    );
    app.get(&path, &manager).await.assert_problem(403);
    let answer = eligibility(&app, &manager, &agreement, id(&mine), "2020-06-01").await;
    assert_eq!(answer["eligible"], true);
    app.post(
        &format!("{}/enrollments", path_of(&agreement)),
        &manager,
        &json!({"cooperative_id": id(&mine), "starts_on": "2025-01-01"}),
    )
    .await
    .assert_problem(403);

    // Once the agreement is terminated, it stays visible to the co-ops enrolled in it only.
    transition(&app, &agreement, "terminated", "2024-12-31")
        .await
        .assert_status(201);
    app.get(&path_of(&agreement), &manager)
        .await
        .assert_status(200);
    let outsider = create(&app, json!({"name": "Coop C", "neq": "1170000010"})).await;
    app.get(&path_of(&agreement), &app.manager_token(id(&outsider)))
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn a_partner_sees_a_co_ops_enrolments_in_its_own_agreements_only() {
    let app = spawn_app().await;
    let (akira, telemedicine) = active_agreement(&app, json!({})).await;
    let sos = create_partner(&app, json!({})).await;
    let nutrition = create_agreement(
        &app,
        &sos,
        json!({"title": "Nutrition", "category": "nutrition"}),
    )
    .await;
    crate::agreements::activate(&app, &nutrition).await;
    let coop = create(&app, json!({})).await;
    for agreement in [&telemedicine, &nutrition] {
        enroll(
            &app,
            agreement,
            json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01"}),
        )
        .await
        .assert_status(201);
    }
    let res = app
        .get(
            &format!("/v1/cooperatives/{}/enrollments", id(&coop)),
            &token_of(&app, &akira),
        )
        .await;
    res.assert_status(200);
    let items = res.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["agreement_id"], telemedicine["id"]);
    let all = app
        .get(
            &format!("/v1/cooperatives/{}/enrollments", id(&coop)),
            &app.admin(),
        )
        .await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn seeding_adds_the_partners_and_agreements_of_the_seeds_once() {
    let db = test_db().await;
    let mut conn = diesel_async::AsyncPgConnection::establish(&db.url)
        .await
        .unwrap();
    let first = coopsante::seed::run(&mut conn).await.unwrap();
    let (_, report) = first.iter().find(|(part, _)| *part == "partners").unwrap();
    assert_eq!((report.created, report.unchanged), (10, 0));
    let second = coopsante::seed::run(&mut conn).await.unwrap();
    let (_, report) = second.iter().find(|(part, _)| *part == "partners").unwrap();
    assert_eq!((report.created, report.unchanged), (0, 10));
}

#[derive(diesel::QueryableByName)]
struct Constraint {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// The overlap rule holds even for writes that bypass the API.
#[actix_web::test]
async fn the_database_itself_refuses_overlapping_enrolments() {
    use diesel_async::RunQueryDsl;
    let db = test_db().await;
    let mut conn = diesel_async::AsyncPgConnection::establish(&db.url)
        .await
        .unwrap();
    let setup = [
        "INSERT INTO cooperatives (id, name, legal_form, municipality, province, region, federation_status, member_since)
         VALUES ('00000000-0000-7000-8000-000000000001', 'Coop', 'solidarity', 'Montréal', 'QC', '06', 'member', '2018-06-12')",
        "INSERT INTO partners (id, name, kind) VALUES ('00000000-0000-7000-8000-000000000002', 'Akira', 'telemedicine')",
        "INSERT INTO service_agreements (id, partner_id, title, category, beneficiaries, status)
         VALUES ('00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000002', 'Télémédecine', 'telemedicine', 'members', 'active')",
        "INSERT INTO enrollments (id, agreement_id, cooperative_id, starts_on, ends_on)
         VALUES ('00000000-0000-7000-8000-000000000004', '00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000001', '2020-01-01', '2020-12-31')",
    ];
    for sql in setup {
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }
    let overlapping = diesel::sql_query(
        "INSERT INTO enrollments (id, agreement_id, cooperative_id, starts_on)
         VALUES ('00000000-0000-7000-8000-000000000005', '00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000001', '2020-12-31')",
    )
    .execute(&mut conn)
    .await;
    match overlapping {
        Err(diesel::result::Error::DatabaseError(kind, info)) => {
            assert!(matches!(
                kind,
                diesel::result::DatabaseErrorKind::ExclusionViolation
            ));
            assert_eq!(info.constraint_name(), Some("enrollments_no_overlap"));
        }
        other => panic!("expected an exclusion violation, got {other:?}"),
    }
    let names: Vec<Constraint> = diesel::sql_query(
        "SELECT conname AS name FROM pg_constraint WHERE conrelid = 'enrollments'::regclass AND contype = 'x'",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].name, "enrollments_no_overlap");
}

#[actix_web::test]
async fn the_spec_examples_of_partners_agreements_transitions_and_enrolments_are_valid() {
    let app = spawn_app().await;
    let spec = coopsante::openapi::spec();
    let spec = serde_json::to_value(&spec).unwrap();
    let example = |name: &str| spec["components"]["schemas"][name]["example"].clone();
    let patch_example = |path: &str| {
        spec["paths"][path]["patch"]["requestBody"]["content"]["application/merge-patch+json"]
            ["example"]
            .clone()
    };

    let partner = app
        .post("/v1/partners", &app.admin(), &example("PartnerInput"))
        .await;
    partner.assert_status(201);
    app.patch(
        &format!("/v1/partners/{}", id(&partner.body)),
        &app.admin(),
        &patch_example("/v1/partners/{id}"),
    )
    .await
    .assert_status(200);

    let mut body = example("AgreementInput");
    body["partner_id"] = partner.body["id"].clone();
    body["ends_on"] = json!("2099-12-31");
    let agreement = app
        .post("/v1/service-agreements", &app.admin(), &body)
        .await;
    agreement.assert_status(201);
    let path = path_of(&agreement.body);
    app.patch(
        &path,
        &app.admin(),
        &patch_example("/v1/service-agreements/{id}"),
    )
    .await
    .assert_status(200);
    app.post(
        &format!("{path}/transitions"),
        &app.admin(),
        &example("TransitionInput"),
    )
    .await
    .assert_status(201);
    transition(&app, &agreement.body, "active", "2020-04-01")
        .await
        .assert_status(201);

    let coop = create(&app, json!({})).await;
    let mut body = example("EnrollmentInput");
    body["cooperative_id"] = coop["id"].clone();
    let enrolment = app
        .post(&format!("{path}/enrollments"), &app.admin(), &body)
        .await;
    enrolment.assert_status(201);
    app.patch(
        &format!("{path}/enrollments/{}", id(&enrolment.body)),
        &app.admin(),
        &patch_example("/v1/service-agreements/{id}/enrollments/{enrollment_id}"),
    )
    .await
    .assert_status(200);
}

#[actix_web::test]
async fn hostile_input_to_partners_and_agreements_is_a_clean_4xx() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/v1/partners",
            &app.admin(),
            &json!({"name": "SOS\u{0}Cuisine", "kind": "nutrition", "notes": "x".repeat(5001)}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["name", "notes"]);
    app.get("/v1/service-agreements/not-a-uuid", &app.admin())
        .await
        .assert_problem(404);
    app.get(
        "/v1/service-agreements/not-a-uuid/eligibility?cooperative_id=x",
        &app.admin(),
    )
    .await
    .assert_problem(404);
    let (_, agreement) = active_agreement(&app, json!({})).await;
    let coop = create(&app, json!({})).await;
    for people in [json!(1e30), json!(1.5), json!("12"), json!(-1)] {
        let res = enroll(
            &app,
            &agreement,
            json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01", "people_covered": people}),
        )
        .await;
        res.assert_problem(422);
        assert_eq!(res.error_fields(), ["people_covered"]);
    }
    let res = app
        .post(
            &format!("{}/transitions", path_of(&agreement)),
            &app.admin(),
            &json!({"to": "suspended", "reason": "   ", "effective_on": "2021-02-30"}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["reason", "effective_on"]);
}

#[actix_web::test]
async fn a_partner_exports_the_enrolments_of_its_agreement_as_csv() {
    let app = spawn_app().await;
    let (partner, agreement) = active_agreement(&app, json!({})).await;
    for name in ["Coop A", "Coop B"] {
        let coop = create(&app, json!({"name": name, "neq": null})).await;
        enroll(
            &app,
            &agreement,
            json!({"cooperative_id": id(&coop), "starts_on": "2020-05-01"}),
        )
        .await
        .assert_status(201);
    }
    let token = crate::partners::token_of(&app, &partner);
    let res = app
        .get(
            &format!("{}/enrollments?format=csv", path_of(&agreement)),
            &token,
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = res.text.lines().collect();
    assert!(lines[0].starts_with("id,agreement_id,cooperative_id,starts_on,ends_on"));
    assert_eq!(lines.len(), 3);
    let other =
        crate::partners::create_partner(&app, json!({"name": "Autre", "kind": "other"})).await;
    let res = app
        .get(
            &format!("{}/enrollments?format=csv", path_of(&agreement)),
            &crate::partners::token_of(&app, &other),
        )
        .await;
    res.assert_problem(404);
}
