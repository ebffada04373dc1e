//! Password hashing with argon2id (RustCrypto defaults: m=19 MiB, t=2, p=1, as OWASP
//! recommends). Both calls are CPU-heavy: callers run them on [`super::pool::CpuPool`].

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;

pub fn hash(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 with default parameters cannot fail on a bounded password")
        .to_string()
}

/// A hash of a password nobody knows, verified when the account does not exist so that a
/// sign-in for an unknown e-mail costs the same time as one for a known e-mail.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash("gatehouse-dummy-password-for-timing"));

/// Checks `password` against `stored` (a PHC string); with no stored hash it burns the same
/// time and fails.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(phc) => Argon2::default()
            .verify_password(password.as_bytes(), phc)
            .is_ok(),
        None => {
            let _ = Argon2::default().verify_password(password.as_bytes(), DUMMY_HASH.as_str());
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash("correct horse battery staple");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery staple", Some(&h)));
        assert!(!verify("wrong", Some(&h)));
        assert!(!verify("anything", None));
        assert!(!verify("anything", Some("not a phc string")));
    }
}
