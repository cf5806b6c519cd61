//! What the token signer and verifier need (`COOPSANTE_JWT_SECRET`, …).

use std::time::Duration;

use crate::{ConfigError, in_range, invalid, parsed, var};

/// What the token signer and verifier need.
#[derive(Clone, Debug)]
pub struct JwtConfig {
    /// The key tokens are signed with.
    pub secret: Vec<u8>,
    /// Its id, sent as the tokens' `kid`.
    pub kid: String,
    /// The key used before the last rotation, with its id: still accepted until removed.
    pub previous: Option<(String, Vec<u8>)>,
    pub issuer: String,
    pub audience: String,
    pub ttl: Duration,
}

impl JwtConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        const VAR: &str = "COOPSANTE_JWT_SECRET";
        let secret = var(VAR)?
            .ok_or_else(|| invalid(VAR, "is required (at least 32 bytes of random text)"))?;
        if secret.len() < 32 {
            return Err(invalid(VAR, "must be at least 32 bytes long"));
        }
        let kid = var("COOPSANTE_JWT_KID")?.unwrap_or_else(|| "1".to_owned());
        let previous = match (
            var("COOPSANTE_JWT_PREVIOUS_KID")?,
            var("COOPSANTE_JWT_PREVIOUS_SECRET")?,
        ) {
            (None, None) => None,
            (Some(old), Some(_)) if old == kid => {
                return Err(invalid(
                    "COOPSANTE_JWT_PREVIOUS_KID",
                    "must differ from COOPSANTE_JWT_KID",
                ));
            }
            (Some(_), Some(old)) if old.len() < 32 => {
                return Err(invalid(
                    "COOPSANTE_JWT_PREVIOUS_SECRET",
                    "must be at least 32 bytes long",
                ));
            }
            (Some(old_kid), Some(old)) => Some((old_kid, old.into_bytes())),
            (None, Some(_)) => {
                return Err(invalid(
                    "COOPSANTE_JWT_PREVIOUS_KID",
                    "is required with COOPSANTE_JWT_PREVIOUS_SECRET",
                ));
            }
            (Some(_), None) => {
                return Err(invalid(
                    "COOPSANTE_JWT_PREVIOUS_SECRET",
                    "is required with COOPSANTE_JWT_PREVIOUS_KID",
                ));
            }
        };
        let ttl = in_range(
            "COOPSANTE_TOKEN_TTL",
            parsed("COOPSANTE_TOKEN_TTL", 900, "seconds")?,
            60,
            86_400,
        )?;
        Ok(Self {
            secret: secret.into_bytes(),
            kid,
            previous,
            issuer: var("COOPSANTE_JWT_ISSUER")?.unwrap_or_else(|| "coopsante".to_owned()),
            audience: var("COOPSANTE_JWT_AUDIENCE")?.unwrap_or_else(|| "coopsante-api".to_owned()),
            ttl: Duration::from_secs(ttl),
        })
    }
}
