//! Signing keys rotate without downtime: tokens name their key (`kid`); the previous key is
//! accepted until it is retired, and any other key is refused.

use coopsante::auth::{Claims, Role};
use jsonwebtoken::{Algorithm, EncodingKey, Header};

use crate::helpers::{PREVIOUS_SECRET, SECRET, spawn_app};

fn claims() -> Claims {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    Claims {
        sub: "someone".into(),
        role: Role::Reader,
        cooperative_id: None,
        partner_id: None,
        iss: "coopsante".into(),
        aud: "coopsante-api".into(),
        iat: now,
        nbf: now,
        exp: now + 600,
    }
}

fn sign(kid: Option<&str>, secret: &str) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(
        &header,
        &claims(),
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[actix_web::test]
async fn the_current_and_previous_keys_are_accepted_and_no_other() {
    let app = spawn_app().await;
    // The test server signs with kid "2" and still accepts kid "1" (see helpers::jwt_config).
    let issued = app.token(Role::Reader);
    let header = jsonwebtoken::decode_header(&issued).unwrap();
    assert_eq!(
        header.kid.as_deref(),
        Some("2"),
        "tokens name the current key"
    );

    for token in [
        issued,
        sign(Some("2"), SECRET),
        sign(Some("1"), PREVIOUS_SECRET),
        sign(None, SECRET),
    ] {
        app.get("/v1/partners", &token).await.assert_status(200);
    }
    let refused = [
        ("an unknown kid", sign(Some("3"), SECRET)),
        ("a retired kid", sign(Some("0"), PREVIOUS_SECRET)),
        (
            "the previous key under the current kid",
            sign(Some("2"), PREVIOUS_SECRET),
        ),
        (
            "the current key under the previous kid",
            sign(Some("1"), SECRET),
        ),
        ("no kid and the previous key", sign(None, PREVIOUS_SECRET)),
    ];
    for (what, token) in refused {
        let res = app.get("/v1/partners", &token).await;
        assert_eq!(res.status.as_u16(), 401, "{what}: {}", res.text);
        assert_eq!(res.header("www-authenticate"), Some("Bearer"), "{what}");
    }
}

#[actix_web::test]
async fn algorithm_confusion_and_malformed_authorization_headers_are_401() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use hmac::{Hmac, Mac};

    let app = spawn_app().await;
    let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
    let payload = b64(&serde_json::to_vec(&claims()).unwrap());
    // The classic confusion: claim RS256 but sign with the shared secret as an HMAC key.
    let mut confused = Vec::new();
    for alg in ["RS256", "HS512", "ES256", "none"] {
        let header = b64(format!(r#"{{"alg":"{alg}","typ":"JWT","kid":"2"}}"#).as_bytes());
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("{header}.{payload}").as_bytes());
        let signature = b64(&mac.finalize().into_bytes());
        confused.push((alg, format!("{header}.{payload}.{signature}")));
    }
    for (alg, token) in &confused {
        let res = app.get("/v1/partners", token).await;
        assert_eq!(res.status.as_u16(), 401, "alg {alg}: {}", res.text);
    }
    let good = app.token(Role::Reader);
    for header in [
        String::new(),
        "Bearer".to_owned(),
        "Bearer ".to_owned(),
        format!("Token {good}"),
        format!("Bearer {good} extra"),
        format!("Bearer {}", &good[..good.len() - 2]),
    ] {
        let res = app
            .request(
                "GET",
                "/v1/partners",
                None,
                &[("Authorization", &header)],
                None,
            )
            .await;
        assert_eq!(
            res.status.as_u16(),
            401,
            "Authorization: {header:?}: {}",
            res.text
        );
        assert_eq!(res.header("www-authenticate"), Some("Bearer"), "{header:?}");
    }
}
