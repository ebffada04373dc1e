//! Opaque random values (codes, refresh tokens, session ids, client secrets): 256 bits from the
//! system CSPRNG, URL-safe base64. Only their SHA-256 is stored; a fast hash is right because the
//! values are random, not chosen by people. Comparisons are constant-time.

use aws_lc_rs::digest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use subtle::ConstantTimeEq;

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The system RNG failing is not something a request can recover from.
    aws_lc_rs::rand::fill(&mut bytes).expect("system random number generator failed");
    bytes
}

/// 256 random bits, URL-safe base64 (43 characters).
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// 128 random bits, for identifiers that need to be unguessable but not secret. Never
/// starting with `-`: an id is typed on command lines (`gatehouse clients remove ID`), where
/// a leading dash reads as an option. One in 64 ids has its first character redrawn from
/// letters and digits, which leaves more than 127 bits.
pub fn random_id() -> String {
    let mut id = URL_SAFE_NO_PAD.encode(random_bytes::<16>());
    if id.starts_with('-') {
        const FIRST: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let pick = FIRST[usize::from(random_bytes::<1>()[0]) % FIRST.len()];
        id.replace_range(..1, std::str::from_utf8(&[pick]).unwrap_or("A"));
    }
    id
}

/// The at-rest form of a token: URL-safe base64 of its SHA-256.
pub fn hash_token(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest::digest(&digest::SHA256, token.as_bytes()))
}

/// Does `presented` hash to `stored_hash`? Constant-time in the hash comparison.
pub fn verify_token(presented: &str, stored_hash: &str) -> bool {
    constant_time_eq(hash_token(presented).as_bytes(), stored_hash.as_bytes())
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

pub fn sha256(data: &[u8]) -> Vec<u8> {
    digest::digest(&digest::SHA256, data).as_ref().to_vec()
}

pub fn b64url(data: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(data)
}

pub fn b64url_decode(data: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_verify_by_hash() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
        let stored = hash_token(&a);
        assert!(verify_token(&a, &stored));
        assert!(!verify_token(&random_token(), &stored));
    }

    #[test]
    fn ids_never_start_with_a_dash() {
        for _ in 0..5_000 {
            let id = random_id();
            assert!(!id.starts_with('-'), "{id}");
            assert_eq!(id.len(), 22);
        }
    }
}
