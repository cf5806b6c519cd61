//! Problem details speak the client's language: French by default, English on request through
//! `Accept-Language`; field names, codes and `type` URIs are the same in both.

use serde_json::{Value, json};

use crate::fixtures::cooperatives::coop;
use crate::helpers::{Response, TestApp, spawn_app};

/// A cooperative with several invalid fields.
fn invalid_coop() -> Value {
    coop(json!({
        "name": " ",
        "legal_form": "cartel",
        "postal_code": "12345",
        "email": "not-an-email",
        "founded_on": "2009-02-30"
    }))
}

async fn post_coop(app: &TestApp, accept_language: Option<&str>) -> Response {
    let headers: Vec<(&str, &str)> = accept_language
        .map(|l| vec![("Accept-Language", l)])
        .unwrap_or_default();
    app.request(
        "POST",
        "/v1/cooperatives",
        Some(&app.admin()),
        &headers,
        Some(invalid_coop().to_string().into_bytes()),
    )
    .await
}

async fn get(app: &TestApp, path: &str, token: Option<&str>, language: Option<&str>) -> Response {
    let headers: Vec<(&str, &str)> = language
        .map(|l| vec![("Accept-Language", l)])
        .unwrap_or_default();
    app.request("GET", path, token, &headers, None).await
}

/// Each error's field and code, in order.
fn fields_and_codes(res: &Response) -> Vec<(String, String)> {
    res.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn message_of<'a>(res: &'a Response, field: &str) -> &'a str {
    res.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .find(|e| e["field"] == field)
        .and_then(|e| e["message"].as_str())
        .unwrap_or_else(|| panic!("no message for {field}: {}", res.text))
}

#[actix_web::test]
async fn a_422_with_several_invalid_fields_is_in_french_by_default_and_in_english_on_request() {
    let app = spawn_app().await;
    let fr = post_coop(&app, None).await;
    fr.assert_problem(422);
    assert_eq!(fr.header("content-language"), Some("fr"), "{}", fr.text);
    assert_eq!(fr.body["title"], "Requête invalide");
    assert_eq!(fr.body["detail"], "5 champs sont invalides");
    assert_eq!(message_of(&fr, "name"), "ne doit pas être vide");
    assert_eq!(
        message_of(&fr, "postal_code"),
        "code postal canadien attendu, par exemple H2X 1Y4"
    );
    assert_eq!(
        message_of(&fr, "email"),
        "adresse courriel attendue, par exemple info@coop.ca"
    );
    assert!(
        message_of(&fr, "legal_form").starts_with("valeur attendue parmi : "),
        "{}",
        fr.text
    );

    let en = post_coop(&app, Some("en-CA,en;q=0.9")).await;
    en.assert_problem(422);
    assert_eq!(en.header("content-language"), Some("en"), "{}", en.text);
    assert_eq!(en.body["title"], "Invalid request");
    assert_eq!(en.body["detail"], "5 fields are invalid");
    assert_eq!(message_of(&en, "name"), "must not be empty");
    assert_eq!(
        message_of(&en, "postal_code"),
        "expected a Canadian postal code such as H2X 1Y4"
    );
    assert!(
        message_of(&en, "legal_form").starts_with("expected one of: "),
        "{}",
        en.text
    );

    assert_eq!(fields_and_codes(&fr), fields_and_codes(&en));
    assert_eq!(fr.body["type"], en.body["type"]);
    assert_eq!(fr.body["status"], en.body["status"]);
    for field in ["name", "legal_form", "postal_code", "email", "founded_on"] {
        assert_ne!(message_of(&fr, field), message_of(&en, field), "{field}");
    }
}

#[actix_web::test]
async fn a_404_is_in_the_requested_language() {
    let app = spawn_app().await;
    let path = "/v1/cooperatives/01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d";
    let token = app.admin();
    let fr = get(&app, path, Some(&token), Some("fr-CA")).await;
    fr.assert_problem(404);
    assert_eq!(fr.header("content-language"), Some("fr"));
    assert_eq!(fr.body["title"], "Introuvable");
    assert_eq!(fr.body["detail"], "aucune coopérative avec cet identifiant");
    let en = get(&app, path, Some(&token), Some("en-US")).await;
    en.assert_problem(404);
    assert_eq!(en.header("content-language"), Some("en"));
    assert_eq!(en.body["title"], "Not found");
    assert_eq!(en.body["detail"], "no cooperative with this id");
    assert_eq!(fr.body["type"], en.body["type"]);
}

#[actix_web::test]
async fn a_401_is_in_the_requested_language_and_still_asks_for_a_bearer_token() {
    let app = spawn_app().await;
    let fr = get(&app, "/v1/cooperatives", None, None).await;
    fr.assert_problem(401);
    assert_eq!(fr.header("www-authenticate"), Some("Bearer"));
    assert_eq!(fr.header("content-language"), Some("fr"));
    assert_eq!(fr.body["title"], "Authentification requise");
    assert_eq!(
        fr.body["detail"],
        "ce point de terminaison exige un jeton Authorization: Bearer"
    );
    let en = get(&app, "/v1/cooperatives", None, Some("en")).await;
    en.assert_problem(401);
    assert_eq!(en.header("www-authenticate"), Some("Bearer"));
    assert_eq!(en.header("content-language"), Some("en"));
    assert_eq!(en.body["title"], "Authentication required");
    assert_eq!(
        en.body["detail"],
        "this endpoint needs an Authorization: Bearer token"
    );
}

#[actix_web::test]
async fn a_bad_query_parameter_is_a_400_in_the_requested_language() {
    let app = spawn_app().await;
    let token = app.admin();
    let path = "/v1/cooperatives?limit=0";
    let fr = get(&app, path, Some(&token), None).await;
    fr.assert_problem(400);
    assert_eq!(fr.header("content-language"), Some("fr"));
    assert_eq!(fr.body["title"], "Paramètres de requête invalides");
    assert_eq!(fr.body["detail"], "paramètre de requête invalide : limit");
    assert_eq!(
        message_of(&fr, "limit"),
        "doit être entre 1 et 500 (reçu : 0)"
    );
    let en = get(&app, path, Some(&token), Some("en")).await;
    en.assert_problem(400);
    assert_eq!(en.header("content-language"), Some("en"));
    assert_eq!(en.body["title"], "Invalid query parameters");
    assert_eq!(en.body["detail"], "invalid query parameter: limit");
    assert_eq!(message_of(&en, "limit"), "must be between 1 and 500, got 0");
    assert_eq!(fields_and_codes(&fr), fields_and_codes(&en));

    // A limit that is not a number is named like one out of range.
    let typed = get(&app, "/v1/cooperatives?limit=abc", Some(&token), None).await;
    typed.assert_problem(400);
    assert_eq!(fields_and_codes(&typed), fields_and_codes(&fr));
    assert_eq!(
        message_of(&typed, "limit"),
        "doit être entre 1 et 500 (reçu : abc)"
    );

    // A query string serde cannot read (a parameter given twice): its own words come inside
    // the localised sentence.
    let typed = get(&app, "/v1/cooperatives?limit=5&limit=6", Some(&token), None).await;
    typed.assert_problem(400);
    assert!(
        typed.body["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("chaîne de requête invalide : ")),
        "{}",
        typed.text
    );
}

#[actix_web::test]
async fn an_unknown_language_gets_french_and_weights_are_honoured() {
    let app = spawn_app().await;
    let token = app.admin();
    let path = "/v1/cooperatives/01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d";
    for (accept, expected) in [
        ("de", "fr"),
        ("*", "fr"),
        ("fr;q=0.1, en;q=0.8", "en"),
        ("en;q=0, fr;q=0.5", "fr"),
        ("es, en;q=0.5", "en"),
    ] {
        let res = get(&app, path, Some(&token), Some(accept)).await;
        res.assert_problem(404);
        assert_eq!(res.header("content-language"), Some(expected), "{accept}");
        let detail = res.body["detail"].as_str().unwrap();
        match expected {
            "fr" => assert_eq!(
                detail, "aucune coopérative avec cet identifiant",
                "{accept}"
            ),
            _ => assert_eq!(detail, "no cooperative with this id", "{accept}"),
        }
    }
}

#[actix_web::test]
async fn errors_raised_by_middleware_are_in_the_requested_language_too() {
    let app = spawn_app().await;
    // The idempotency middleware refuses a malformed key before any handler runs.
    let headers = [("Accept-Language", "en"), ("Idempotency-Key", "")];
    let body = coop(json!({})).to_string().into_bytes();
    let en = app
        .request(
            "POST",
            "/v1/cooperatives",
            Some(&app.admin()),
            &headers,
            Some(body.clone()),
        )
        .await;
    en.assert_problem(422);
    assert_eq!(en.header("content-language"), Some("en"), "{}", en.text);
    assert_eq!(en.body["title"], "Invalid request");
    let fr = app
        .request(
            "POST",
            "/v1/cooperatives",
            Some(&app.admin()),
            &[("Idempotency-Key", "")],
            Some(body),
        )
        .await;
    fr.assert_problem(422);
    assert_eq!(fr.header("content-language"), Some("fr"), "{}", fr.text);
    assert_eq!(fr.body["title"], "Requête invalide");
}

#[actix_web::test]
async fn a_successful_response_is_unchanged_by_accept_language() {
    let app = spawn_app().await;
    let token = app.admin();
    let fr = get(&app, "/v1/cooperatives", Some(&token), None).await;
    let en = get(&app, "/v1/cooperatives", Some(&token), Some("en")).await;
    fr.assert_status(200);
    en.assert_status(200);
    assert_eq!(fr.body, en.body);
}
