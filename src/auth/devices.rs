//! Device cookies (OWASP's "slow down online guessing attacks with device cookies"): a browser
//! that has signed in to an account carries a token bound to that account. Its password
//! attempts are limited in a bucket of its own instead of the account's, so a stranger's burst
//! of wrong passwords locks the account for unknown browsers only, never for its owner's.
//!
//! The token is `<nonce>.<user id>.<mac>`, the MAC an HMAC under a key derived from the KEK,
//! so every node checks it without a database read and nobody can forge one for an account
//! they never signed in to.

use aws_lc_rs::hmac;

use crate::App;
use crate::crypto::token::{b64url, constant_time_eq, random_token};

/// How long a browser stays known after its last sign-in.
pub const DEVICE_TTL_SECS: i64 = 365 * 24 * 3600;

fn mac(app: &App, nonce: &str, user_id: &str) -> String {
    let key = hmac::Key::new(
        hmac::HMAC_SHA256,
        &app.kek.derive("gatehouse device cookie v1"),
    );
    b64url(hmac::sign(&key, format!("{nonce}.{user_id}").as_bytes()).as_ref())
}

/// A fresh token saying this browser signed in as `user_id`.
pub fn issue(app: &App, user_id: &str) -> String {
    let nonce = random_token();
    let tag = mac(app, &nonce, user_id);
    format!("{nonce}.{user_id}.{tag}")
}

/// A known browser of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDevice {
    /// Names the browser's own throttle bucket.
    pub nonce: String,
    pub user_id: String,
}

/// The device a presented token stands for, if its MAC is right.
pub fn recognise(app: &App, presented: &str) -> Option<KnownDevice> {
    if presented.len() > 512 {
        return None;
    }
    let mut parts = presented.splitn(3, '.');
    let (nonce, user_id, tag) = (parts.next()?, parts.next()?, parts.next()?);
    if nonce.is_empty() || user_id.is_empty() {
        return None;
    }
    constant_time_eq(mac(app, nonce, user_id).as_bytes(), tag.as_bytes()).then(|| KnownDevice {
        nonce: nonce.to_string(),
        user_id: user_id.to_string(),
    })
}
