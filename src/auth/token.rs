//! Issuing and verifying tokens.

use crate::i18n::{Message, msg};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::Role;
use crate::config::JwtConfig;
use crate::domain::api_client::Binding;
use crate::domain::ids::{CooperativeId, PartnerId};

/// What a token says about its bearer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// Who the token was issued to (a person, a script, a partner system).
    pub sub: String,
    pub role: Role,
    /// The co-op a `coop_manager` manages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooperative_id: Option<CooperativeId>,
    /// The partner a `partner` token speaks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<PartnerId>,
    pub iss: String,
    pub aud: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("a {0} token must name its {1}")]
    MissingBinding(&'static str, &'static str),
    #[error("only a {0} token may name a {1}")]
    UnexpectedBinding(&'static str, &'static str),
    #[error("could not sign the token: {0}")]
    Signing(#[from] jsonwebtoken::errors::Error),
}

/// Keys and rules, built once from the configuration. Tokens are signed with the current
/// key and name it in their `kid`; the previous key is still accepted until it is removed
/// from the configuration, so signing keys rotate without downtime.
pub struct TokenKeys {
    encoding: EncodingKey,
    /// Verification keys by `kid`: the current one and, during a rotation, the previous one.
    decoding: HashMap<String, DecodingKey>,
    validation: Validation,
    config: JwtConfig,
    /// Tokens already verified, with their claims. A client sends the same token with every
    /// request, and checking it again (two base64 decodings, two JSON parses, an HMAC) took
    /// a tenth of the service's CPU time reading one co-op. Only tokens that passed every
    /// check enter; an entry serves only while its token is unexpired. Bounded by
    /// [`VERIFIED_MAX`].
    verified: Mutex<HashMap<String, Claims>>,
}

/// At most this many verified tokens are remembered (a few hundred bytes each).
const VERIFIED_MAX: usize = 4096;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl TokenKeys {
    /// A key for another purpose (signing list cursors), derived from the signing secret so
    /// that every instance has the same one without another setting.
    pub fn derive(&self, purpose: &str) -> Vec<u8> {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&self.config.secret)
            .expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    pub fn new(config: &JwtConfig) -> Self {
        // Exactly one algorithm: a token claiming `none` or RS256 is refused before any check.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&config.issuer]);
        validation.set_audience(&[&config.audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        let mut decoding =
            HashMap::from([(config.kid.clone(), DecodingKey::from_secret(&config.secret))]);
        if let Some((kid, secret)) = &config.previous {
            decoding.insert(kid.clone(), DecodingKey::from_secret(secret));
        }
        Self {
            encoding: EncodingKey::from_secret(&config.secret),
            decoding,
            validation,
            config: config.clone(),
            verified: Mutex::default(),
        }
    }

    /// How long the tokens it signs are valid.
    pub fn ttl(&self) -> std::time::Duration {
        self.config.ttl
    }

    /// The `iss` of the tokens it signs (`COOPSANTE_JWT_ISSUER`).
    pub fn issuer(&self) -> &str {
        &self.config.issuer
    }

    /// Signs a token for a role; bindings must match the role.
    pub fn issue(
        &self,
        subject: &str,
        role: Role,
        cooperative_id: Option<CooperativeId>,
        partner_id: Option<PartnerId>,
    ) -> Result<String, TokenError> {
        match (role, cooperative_id, partner_id) {
            (Role::CoopManager, None, _) => {
                return Err(TokenError::MissingBinding("coop_manager", "cooperative"));
            }
            (Role::Partner, _, None) => {
                return Err(TokenError::MissingBinding("partner", "partner"));
            }
            (r, Some(_), _) if r != Role::CoopManager => {
                return Err(TokenError::UnexpectedBinding("coop_manager", "cooperative"));
            }
            (r, _, Some(_)) if r != Role::Partner => {
                return Err(TokenError::UnexpectedBinding("partner", "partner"));
            }
            _ => {}
        }
        let iat = now();
        let claims = Claims {
            sub: subject.to_owned(),
            role,
            cooperative_id,
            partner_id,
            iss: self.config.issuer.clone(),
            aud: self.config.audience.clone(),
            iat,
            nbf: iat,
            exp: iat + self.config.ttl.as_secs(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.config.kid.clone());
        Ok(jsonwebtoken::encode(&header, &claims, &self.encoding)?)
    }

    /// Checks the key (`kid`: the current key, the previous one during a rotation, or the
    /// current one when the token names none), signature, algorithm, `exp`, `nbf`, `iss` and
    /// `aud`, and the role's binding.
    pub fn verify(&self, token: &str) -> Result<Claims, Message> {
        if let Some(claims) = self.remembered(token, now()) {
            return Ok(claims);
        }
        let claims = self.check(token)?;
        let mut verified = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        if verified.len() >= VERIFIED_MAX {
            let now = now();
            verified.retain(|_, c| !self.expired(c, now));
            if verified.len() >= VERIFIED_MAX {
                verified.clear();
            }
        }
        verified.insert(token.to_owned(), claims.clone());
        Ok(claims)
    }

    /// The claims of a token verified before, if it is still unexpired at `now`.
    fn remembered(&self, token: &str, now: u64) -> Option<Claims> {
        let verified = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        verified
            .get(token)
            .filter(|c| !self.expired(c, now))
            .cloned()
    }

    /// Expired as the library judges it: `exp` before `now` less the leeway.
    fn expired(&self, claims: &Claims, now: u64) -> bool {
        claims.exp < now.saturating_sub(self.validation.leeway)
    }

    fn check(&self, token: &str) -> Result<Claims, Message> {
        // The header is read unverified only to pick a key from our own fixed map.
        let header = jsonwebtoken::decode_header(token).map_err(|e| refusal(&e))?;
        let kid = header.kid.as_deref().unwrap_or(&self.config.kid);
        let key = self
            .decoding
            .get(kid)
            .ok_or_else(|| msg!("token-unknown-key"))?;
        let claims = jsonwebtoken::decode::<Claims>(token, key, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| refusal(&e))?;
        claims.binding()?;
        Ok(claims)
    }
}

/// Why a token is refused, in words a client can act on; the library's own messages (which
/// name its parsers' internals) go to the debug log only.
fn refusal(e: &jsonwebtoken::errors::Error) -> Message {
    use jsonwebtoken::errors::ErrorKind as K;
    log::debug!("token refused: {e}");
    match e.kind() {
        K::ExpiredSignature => msg!("token-expired"),
        K::ImmatureSignature => msg!("token-immature"),
        K::InvalidSignature => msg!("token-bad-signature"),
        K::InvalidIssuer => msg!("token-bad-issuer"),
        K::InvalidAudience => msg!("token-bad-audience"),
        K::InvalidAlgorithm | K::MissingAlgorithm | K::InvalidAlgorithmName => {
            msg!("token-bad-algorithm")
        }
        K::MissingRequiredClaim(_) => msg!("token-missing-claim"),
        _ => msg!("token-not-ours"),
    }
}

impl Claims {
    /// The role with what it is bound to; a token whose bindings do not fit its role is
    /// invalid (the service never issues one).
    pub fn binding(&self) -> Result<Binding, Message> {
        Binding::new(self.role, self.cooperative_id, self.partner_id)
            .map_err(|_| msg!("token-bad-binding"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn keys() -> TokenKeys {
        TokenKeys::new(&JwtConfig {
            secret: b"unit-test-secret-unit-test-secret".to_vec(),
            kid: "1".into(),
            previous: None,
            issuer: "coopsante".into(),
            audience: "coopsante-api".into(),
            ttl: Duration::from_secs(600),
        })
    }

    #[test]
    fn a_verified_token_is_remembered_until_it_expires_and_a_forged_one_never() {
        let keys = keys();
        let token = keys.issue("someone", Role::Reader, None, None).unwrap();
        assert_eq!(keys.remembered(&token, now()), None, "not before verifying");
        let claims = keys.verify(&token).unwrap();
        assert_eq!(keys.remembered(&token, now()), Some(claims.clone()));
        assert_eq!(keys.verify(&token).unwrap(), claims);
        // The library's own rule: refused once `exp` is more than the leeway in the past.
        let last = claims.exp + keys.validation.leeway;
        assert!(keys.remembered(&token, last).is_some());
        assert_eq!(keys.remembered(&token, last + 1), None);

        // One character of the signature changed (not the last, whose low bits may be padding).
        let at = token.len() - 10;
        let swapped = if &token[at..=at] == "A" { "B" } else { "A" };
        let forged = format!("{}{swapped}{}", &token[..at], &token[at + 1..]);
        assert!(keys.verify(&forged).is_err());
        assert_eq!(keys.remembered(&forged, now()), None);
    }

    #[test]
    fn remembered_tokens_are_bounded() {
        let keys = keys();
        for n in 0..=VERIFIED_MAX {
            let token = keys
                .issue(&format!("client-{n}"), Role::Reader, None, None)
                .unwrap();
            keys.verify(&token).unwrap();
        }
        let held = keys.verified.lock().unwrap().len();
        assert!((1..=VERIFIED_MAX).contains(&held), "{held}");
    }
}
