//! Client secrets: generated here, shown once, stored only as argon2id hashes (PHC strings).
//! Hashing and checking are slow on purpose; callers run them off the async workers
//! (`web::block`).

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Marks a string as a coopsante client secret (secret scanners can look for it).
const PREFIX: &str = "cs_secret_";

/// A new secret: 256 random bits from the operating system.
pub fn generate() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness available: {e}"))?;
    Ok(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The argon2id hash of a secret, with a random salt, as a PHC string.
pub fn hash(secret: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(secret.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| format!("cannot hash a secret: {e}"))
}

/// Whether `secret` matches `hash` (argon2 compares in constant time). A malformed stored
/// hash matches nothing.
pub fn verify(secret: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(secret.as_bytes(), hash)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_matches_its_hash_only() {
        let secret = generate().unwrap();
        assert!(secret.starts_with(PREFIX) && secret.len() == PREFIX.len() + 43);
        assert_ne!(
            generate().unwrap(),
            secret,
            "two secrets are never the same"
        );
        let stored = hash(&secret).unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains(&secret));
        assert!(verify(&secret, &stored));
        for wrong in [
            "",
            "cs_secret_",
            &secret[..secret.len() - 1],
            &format!("{secret}x"),
        ] {
            assert!(!verify(wrong, &stored), "{wrong:?} matched");
        }
        assert!(!verify(&secret, "not a hash"));
    }
}
