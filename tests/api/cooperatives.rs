//! Cooperatives through HTTP: creating, reading, patching and deleting a member of the
//! register, the validation rules, unique NEQs, text normalisation and conditional requests.

use serde_json::{Value, json};

use crate::fixtures::cooperatives::{coop, create};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn creating_a_cooperative_returns_201_at_its_location_with_sorted_services() {
    let app = spawn_app().await;
    let res = app.admin_post("/v1/cooperatives", &coop(json!({}))).await;
    res.assert_status(201);
    let id = res.body["id"].as_str().expect("an id");
    assert_eq!(
        res.header("location"),
        Some(format!("/v1/cooperatives/{id}").as_str())
    );
    assert_eq!(
        res.body["services"],
        json!(["family_medicine", "nursing"]),
        "services come back sorted"
    );
    assert_eq!(res.body["left_on"], Value::Null);
    assert!(res.body["created_at"].as_str().unwrap().ends_with('Z'));
}

#[actix_web::test]
async fn minimal_cooperatives_get_defaults() {
    let app = spawn_app().await;
    let body = json!({"name": "Coop santé Nord", "legal_form": "consumer", "municipality": "Sudbury", "province": "ON"});
    let res = app.admin_post("/v1/cooperatives", &body).await;
    res.assert_status(201);
    assert_eq!(res.body["federation_status"], "prospect");
    assert_eq!(res.body["hosts_gmf"], false);
    assert_eq!(res.body["services"], json!([]));
    assert_eq!(res.body["region"], Value::Null);
}

#[actix_web::test]
async fn accents_and_emoji_round_trip_exactly_and_text_is_stored_trimmed_in_nfc() {
    let app = spawn_app().await;
    let name = "Coopérative de santé Îles-de-la-Madeleine — l'Étang-du-Nord 🩺";
    let created = create(
        &app,
        json!({"name": format!("  {name}  "), "municipality": "Cap-aux-Meules",
        "region": "11", "postal_code": "G4T 1A1", "neq": null}),
    )
    .await;
    assert_eq!(created["name"], name);
    let decomposed = "Coop sante\u{301} Que\u{301}bec"; // NFD input
    let created = create(&app, json!({"name": decomposed, "neq": null})).await;
    assert_eq!(created["name"], "Coop santé Québec");
    let read = app
        .get(
            &format!("/v1/cooperatives/{}", created["id"].as_str().unwrap()),
            &app.admin(),
        )
        .await;
    read.assert_status(200);
    assert_eq!(read.body["name"], "Coop santé Québec");
}

/// Each case: an override of a valid body, and the field the 422 must name.
const INVALID: &[(&str, &str)] = &[
    (r#"{"name": ""}"#, "name"),
    (r#"{"name": "   "}"#, "name"),
    (r#"{"name": null}"#, "name"),
    (r#"{"name": 42}"#, "name"),
    (r#"{"name": "a\u0000b"}"#, "name"),
    (r#"{"name": "line\nbreak"}"#, "name"),
    (r#"{"legal_name": ""}"#, "legal_name"),
    (r#"{"legal_form": "cooperative"}"#, "legal_form"),
    (r#"{"neq": "123"}"#, "neq"),
    (r#"{"neq": "12345678901"}"#, "neq"),
    (r#"{"neq": 1170000001}"#, "neq"),
    (r#"{"municipality": null}"#, "municipality"),
    (r#"{"province": "QB"}"#, "province"),
    (r#"{"province": "qc"}"#, "province"),
    (r#"{"postal_code": "H2L2H"}"#, "postal_code"),
    (r#"{"postal_code": "D2L 2H5"}"#, "postal_code"),
    (r#"{"postal_code": "K1A 0B1"}"#, "postal_code"),
    (r#"{"region": "18"}"#, "region"),
    (r#"{"region": "00"}"#, "region"),
    (r#"{"region": 6}"#, "region"),
    (r#"{"region": null}"#, "region"),
    (r#"{"province": "ON", "postal_code": "K1A 0B1"}"#, "region"),
    (r#"{"phone": "555-0199"}"#, "phone"),
    (r#"{"email": "info.coop.ca"}"#, "email"),
    (r#"{"website": "coop.ca"}"#, "website"),
    (r#"{"website": "javascript:alert(1)"}"#, "website"),
    (
        r#"{"founded_on": "2099-01-01", "member_since": "2099-01-02"}"#,
        "founded_on",
    ),
    (r#"{"founded_on": "2009-02-30"}"#, "founded_on"),
    (r#"{"founded_on": "15/04/2009"}"#, "founded_on"),
    (r#"{"services": "nursing"}"#, "services"),
    (r#"{"services": ["nursing", "surgery"]}"#, "services[1]"),
    (r#"{"hosts_gmf": "yes"}"#, "hosts_gmf"),
    (r#"{"federation_status": "active"}"#, "federation_status"),
    (r#"{"member_since": null}"#, "member_since"),
    (r#"{"member_since": "2008-01-01"}"#, "member_since"),
    (r#"{"left_on": "2020-01-01"}"#, "left_on"),
    (r#"{"federation_status": "prospect"}"#, "member_since"),
    (r#"{"federation_status": "former"}"#, "left_on"),
    (
        r#"{"federation_status": "former", "left_on": "2018-06-12"}"#,
        "left_on",
    ),
    (r#"{"id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d"}"#, "id"),
    (r#"{"version": 3}"#, "version"),
    (r#"{"nmae": "typo"}"#, "nmae"),
];

#[actix_web::test]
async fn every_validation_rule_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    for (overrides, field) in INVALID {
        let body = coop(serde_json::from_str(overrides).unwrap());
        let res = app.admin_post("/v1/cooperatives", &body).await;
        res.assert_problem(422);
        assert_eq!(
            res.error_fields(),
            vec![field.to_string()],
            "for {overrides}: {}",
            res.text
        );
    }
    let list = app.get("/v1/cooperatives", &app.admin()).await;
    list.assert_status(200);
    assert_eq!(list.body["items"], json!([]), "nothing invalid was stored");
}

#[actix_web::test]
async fn all_violations_are_reported_together() {
    let app = spawn_app().await;
    let body = coop(
        json!({"name": "", "region": "18", "email": "nope", "colour": "blue", "hosts_gmf": 1}),
    );
    let res = app.admin_post("/v1/cooperatives", &body).await;
    res.assert_problem(422);
    assert_eq!(
        res.sorted_error_fields(),
        ["colour", "email", "hosts_gmf", "name", "region"]
    );
    assert_eq!(res.body["detail"], "5 champs sont invalides");
}

#[actix_web::test]
async fn a_second_cooperative_with_the_same_neq_is_a_409() {
    let app = spawn_app().await;
    create(&app, json!({"neq": "1234567890"})).await;
    let res = app
        .admin_post(
            "/v1/cooperatives",
            &coop(json!({"neq": "1234 567 890", "name": "Autre"})),
        )
        .await;
    res.assert_problem(409);
    res.assert_detail_contains("neq");
}

#[actix_web::test]
async fn an_invalid_patch_is_a_422_and_changes_nothing() {
    let app = spawn_app().await;
    let created = create(&app, json!({})).await;
    let path = format!("/v1/cooperatives/{}", created["id"].as_str().unwrap());
    for patch in [
        json!({"province": "ON"}),
        json!({"region": "18"}),
        json!({"federation_status": "former"}),
        json!({"name": "x\u{0}"}),
        json!({"typo": null}),
        json!({"id": null}),
        json!({"version": 7}),
    ] {
        let res = app.admin_patch(&path, &patch).await;
        res.assert_problem(422);
    }
    let read = app.get(&path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body, created, "the stored cooperative is unchanged");
}

#[actix_web::test]
async fn moving_a_cooperative_out_of_quebec_needs_the_region_removed_in_the_same_patch() {
    let app = spawn_app().await;
    let created = create(&app, json!({})).await;
    let path = format!("/v1/cooperatives/{}", created["id"].as_str().unwrap());
    let patch = json!({"province": "ON", "region": null, "postal_code": "K1A 0B1", "municipality": "Ottawa"});
    let res = app.admin_patch(&path, &patch).await;
    res.assert_status(200);
    assert_eq!(res.body["province"], "ON");
    assert_eq!(res.body["region"], Value::Null);
}

#[actix_web::test]
async fn of_two_concurrent_editors_with_the_same_etag_exactly_one_wins() {
    let app = spawn_app().await;
    let created = create(&app, json!({})).await;
    let path = format!("/v1/cooperatives/{}", created["id"].as_str().unwrap());
    let token = app.admin();
    let send = |phone: &str| {
        let body = json!({ "phone": phone }).to_string().into_bytes();
        app.request(
            "PATCH",
            &path,
            Some(&token),
            &[("If-Match", "\"1\"")],
            Some(body),
        )
    };
    let (a, b) = tokio::join!(send("514 555-0111"), send("514 555-0122"));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 412]);
    let winner = if a.status == 200 { &a } else { &b };
    let read = app.get(&path, &token).await;
    read.assert_status(200);
    assert_eq!(read.body["phone"], winner.body["phone"]);
    assert_eq!(read.body["version"], 2);
}

#[actix_web::test]
async fn a_check_constraint_the_domain_let_through_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    // The database made stricter than the domain (founding strictly before joining), so that a
    // body the domain accepts reaches the CHECK: the net under the domain's rules.
    app.sql(
        "ALTER TABLE cooperatives
           DROP CONSTRAINT cooperatives_founded_before_joining,
           ADD CONSTRAINT cooperatives_founded_before_joining CHECK (founded_on < member_since)",
    )
    .await;
    let same_day = coop(json!({"founded_on": "2018-06-12", "member_since": "2018-06-12"}));
    let res = app.admin_post("/v1/cooperatives", &same_day).await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["member_since"], "{}", res.text);
    assert_eq!(res.body["errors"][0]["code"], "constraint");

    // The same through a patch of a stored co-op.
    let stored = create(&app, json!({"founded_on": "2009-04-15"})).await;
    let path = format!("/v1/cooperatives/{}", stored["id"].as_str().unwrap());
    let res = app
        .admin_patch(&path, &json!({"founded_on": "2018-06-12"}))
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["member_since"], "{}", res.text);

    // A CHECK the code does not know by name is a 422 too, naming the body, not a 500.
    app.sql(
        "ALTER TABLE cooperatives
           ADD CONSTRAINT cooperatives_not_nowhere CHECK (municipality <> 'Nulle-Part')",
    )
    .await;
    let res = app
        .admin_patch(&path, &json!({"municipality": "Nulle-Part"}))
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["body"], "{}", res.text);
    assert_eq!(res.body["errors"][0]["code"], "constraint");

    let read = app.get(&path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body, stored, "nothing refused was stored");
    let list = app.get("/v1/cooperatives", &app.admin()).await;
    list.assert_status(200);
    assert_eq!(list.items().len(), 1);
}
