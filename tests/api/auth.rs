//! Tokens and what each role may do with the register.

use coopsante::auth::{Claims, Role};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;

use crate::fixtures::cooperatives::{coop, create};
use crate::helpers::{SECRET, spawn_app};

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims() -> Claims {
    Claims {
        sub: "someone".into(),
        role: Role::Admin,
        cooperative_id: None,
        partner_id: None,
        iss: "coopsante".into(),
        aud: "coopsante-api".into(),
        iat: now(),
        nbf: now(),
        exp: now() + 600,
    }
}

fn sign(claims: &Claims, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[actix_web::test]
async fn missing_malformed_expired_forged_or_misdirected_tokens_are_401_with_www_authenticate() {
    let app = spawn_app().await;
    let good = sign(&claims(), SECRET);
    app.get("/v1/cooperatives", &good).await.assert_status(200);

    let expired = sign(
        &Claims {
            exp: now() - 3600,
            iat: now() - 7200,
            nbf: now() - 7200,
            ..claims()
        },
        SECRET,
    );
    let not_yet = sign(
        &Claims {
            nbf: now() + 3600,
            ..claims()
        },
        SECRET,
    );
    let forged = sign(&claims(), "another-secret-that-is-also-long-enough");
    let wrong_issuer = sign(
        &Claims {
            iss: "someone-else".into(),
            ..claims()
        },
        SECRET,
    );
    let wrong_audience = sign(
        &Claims {
            aud: "another-api".into(),
            ..claims()
        },
        SECRET,
    );
    let unbound_manager = sign(
        &Claims {
            role: Role::CoopManager,
            ..claims()
        },
        SECRET,
    );
    // alg "none": header {"alg":"none","typ":"JWT"}, the same claims, no signature.
    let b64 =
        |s: &str| base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, s);
    let none = format!(
        "{}.{}.",
        b64(r#"{"alg":"none","typ":"JWT"}"#),
        b64(&serde_json::to_string(&claims()).unwrap())
    );
    let tampered = {
        let parts: Vec<&str> = good.split('.').collect();
        let payload = serde_json::to_string(&Claims {
            sub: "intruder".into(),
            ..claims()
        })
        .unwrap();
        format!("{}.{}.{}", parts[0], b64(&payload), parts[2])
    };

    for (what, token) in [
        ("expired", expired.as_str()),
        ("not yet valid", &not_yet),
        ("forged", &forged),
        ("wrong issuer", &wrong_issuer),
        ("wrong audience", &wrong_audience),
        ("coop_manager without cooperative", &unbound_manager),
        ("alg none", &none),
        ("tampered payload", &tampered),
        ("garbage", "not-a-jwt"),
    ] {
        let res = app.get("/v1/cooperatives", token).await;
        res.assert_problem(401);
        assert_eq!(res.header("www-authenticate"), Some("Bearer"), "{what}");
    }

    let res = app.anonymous_get("/v1/cooperatives").await;
    res.assert_problem(401);
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    let res = app
        .request(
            "GET",
            "/v1/cooperatives",
            None,
            &[("Authorization", &format!("Basic {good}"))],
            None,
        )
        .await;
    res.assert_problem(401);
}

#[actix_web::test]
async fn a_reader_reads_but_never_writes() {
    let app = spawn_app().await;
    let created = create(&app, json!({})).await;
    let path = format!("/v1/cooperatives/{}", created["id"].as_str().unwrap());
    let reader = app.token(Role::Reader);
    app.get(&path, &reader).await.assert_status(200);
    app.get("/v1/cooperatives", &reader)
        .await
        .assert_status(200);
    app.post("/v1/cooperatives", &reader, &coop(json!({"neq": null})))
        .await
        .assert_problem(403);
    app.patch(&path, &reader, &json!({"phone": "514 555-0100"}))
        .await
        .assert_problem(403);
    app.delete(&path, &reader).await.assert_problem(403);
}

#[actix_web::test]
async fn a_coop_manager_edits_its_own_profile_only_and_not_its_standing() {
    let app = spawn_app().await;
    let own = create(&app, json!({})).await;
    let other = create(
        &app,
        json!({"name": "Coopérative de santé Robert-Cliche", "neq": "1160000002",
        "municipality": "Saint-Joseph-de-Beauce", "region": "12", "postal_code": "G0S 2V0"}),
    )
    .await;
    let own_path = format!("/v1/cooperatives/{}", own["id"].as_str().unwrap());
    let other_path = format!("/v1/cooperatives/{}", other["id"].as_str().unwrap());
    let manager = app.manager_token(own["id"].as_str().unwrap());

    app.get(&other_path, &manager).await.assert_status(200);
    app.get("/v1/cooperatives", &manager)
        .await
        .assert_status(200);
    let res = app
        .patch(
            &own_path,
            &manager,
            &json!({"phone": "514 555-0177", "services": ["psychology"]}),
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.body["phone"], "514 555-0177");

    app.patch(&other_path, &manager, &json!({"phone": "514 555-0177"}))
        .await
        .assert_problem(403);
    app.patch(
        &own_path,
        &manager,
        &json!({"federation_status": "former", "left_on": "2025-01-01"}),
    )
    .await
    .assert_problem(403);
    app.patch(&own_path, &manager, &json!({"member_since": "2019-01-01"}))
        .await
        .assert_problem(403);
    // Restating the current standing is not a change.
    app.patch(&own_path, &manager, &json!({"federation_status": "member"}))
        .await
        .assert_status(200);
    app.post("/v1/cooperatives", &manager, &coop(json!({"neq": null})))
        .await
        .assert_problem(403);
    app.delete(&own_path, &manager).await.assert_problem(403);
    let read = app.get(&other_path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body, other, "the other co-op is untouched");
}

#[actix_web::test]
async fn a_partner_sees_the_directory_but_not_the_register() {
    let app = spawn_app().await;
    let created = create(&app, json!({})).await;
    let partner = app.partner_token();
    app.get("/v1/cooperatives", &partner)
        .await
        .assert_problem(403);
    app.get(
        &format!("/v1/cooperatives/{}", created["id"].as_str().unwrap()),
        &partner,
    )
    .await
    .assert_problem(403);
    app.post("/v1/cooperatives", &partner, &coop(json!({"neq": null})))
        .await
        .assert_problem(403);
    let res = app.get("/v1/directory/cooperatives", &partner).await;
    res.assert_status(200);
    assert_eq!(res.items().len(), 1);
}

/// Runs `coopsante token ARGS` and returns its stdout, which must be one line.
fn token_command(args: &[&str]) -> std::process::Output {
    crate::helpers::binary()
        .arg("token")
        .args(args)
        .output()
        .expect("the coopsante binary runs")
}

/// The one line a successful `coopsante token` prints: the token alone.
fn printed_token(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout.clone()).expect("UTF-8 on stdout");
    assert_eq!(stdout.lines().count(), 1, "one line: {stdout:?}");
    assert!(stdout.ends_with('\n'), "{stdout:?}");
    let token = stdout.trim_end_matches('\n');
    assert_eq!(
        token.split('.').count(),
        3,
        "a JWT and nothing else: {stdout:?}"
    );
    assert!(!token.contains(char::is_whitespace), "{stdout:?}");
    token.to_owned()
}

#[actix_web::test]
async fn the_token_command_signs_tokens_the_api_accepts() {
    let app = spawn_app().await;
    let admin = printed_token(&token_command(&["--role", "admin", "--subject", "script"]));
    let created = app
        .post(
            "/v1/cooperatives",
            &admin,
            &coop(json!({"name": "Coop du jeton", "neq": null})),
        )
        .await;
    created.assert_status(201);
    let claims = app.keys.verify(&admin).expect("the app's keys verify it");
    assert_eq!((claims.role, claims.sub.as_str()), (Role::Admin, "script"));

    // The role printed is the role the API enforces.
    let reader = printed_token(&token_command(&["--role", "reader"]));
    app.get("/v1/cooperatives", &reader)
        .await
        .assert_status(200);
    app.post(
        "/v1/cooperatives",
        &reader,
        &coop(json!({"name": "Refusée", "neq": null})),
    )
    .await
    .assert_problem(403);

    // A coop_manager token without its co-op, or an admin one bound to a co-op, is refused
    // with nothing on stdout.
    let coop = uuid::Uuid::now_v7().to_string();
    for args in [
        vec!["--role", "coop_manager"],
        vec!["--role", "partner"],
        vec!["--role", "admin", "--cooperative", coop.as_str()],
    ] {
        let out = token_command(&args);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {:?}", out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }

    // Signed with another secret, it is refused.
    let forged = crate::helpers::binary()
        .env(
            "COOPSANTE_JWT_SECRET",
            "another-secret-that-is-long-enough-for-hs256",
        )
        .args(["token", "--role", "admin"])
        .output()
        .expect("the coopsante binary runs");
    let forged = printed_token(&forged);
    app.get("/v1/cooperatives", &forged)
        .await
        .assert_problem(401);
}
