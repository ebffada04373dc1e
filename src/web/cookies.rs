//! Our cookies. All are `HttpOnly`, `SameSite=Lax`, path `/`, and — whenever the issuer
//! is https — `Secure` with the `__Host-` prefix, which also forbids a `Domain` attribute.
//!
//! - the session cookie holds a random token whose hash names a row in `sessions`;
//! - the second-factor cookie holds a random token whose hash names an open row in
//!   `mfa_challenges`: a password was accepted and a code is still owed;
//! - the device cookie marks a browser that signed in to an account before, so strangers'
//!   wrong passwords cannot lock its owner out (`auth::devices`);
//! - the CSRF cookie holds a random value; forms carry HMAC(csrf-key, value, session), so a
//!   token can be neither read cross-site nor forged by someone who can only plant cookies,
//!   every node computes the same HMAC from the shared key-encryption key, and a token
//!   minted for one session (an attacker's own, or the signed-out one before sign-in) is
//!   worthless in another;
//! - the upstream cookie binds started upstream sign-ins to this browser: a callback's
//!   `state` only counts with the cookie of the browser that started it (so a link with
//!   someone else's `state` does nothing);
//! - the link cookie holds an offer to link an upstream identity to the account it matched,
//!   used when that account's owner signs in;
//! - the sign-up cookie holds the token of an upstream sign-up waiting for its e-mail address
//!   to be confirmed (`accounts.require_email`);
//! - the phone cookie holds the token naming the SMS code this browser asked for, so a code
//!   only works in the browser it was sent for.

use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use super::WebError;
use crate::App;
use crate::crypto::token::{b64url, constant_time_eq, random_token};

fn name(app: &App, base: &'static str) -> &'static str {
    match (app.settings.issuer_is_https(), base) {
        (true, "session") => "__Host-gh_session",
        (true, "mfa") => "__Host-gh_mfa",
        (true, "device") => "__Host-gh_device",
        (true, "upstream") => "__Host-gh_upstream",
        (true, "link") => "__Host-gh_link",
        (true, "signup") => "__Host-gh_signup",
        (true, "phone") => "__Host-gh_phone",
        (true, "return") => "__Host-gh_return",
        (true, "lang") => "__Host-gh_lang",
        (true, _) => "__Host-gh_csrf",
        (false, "session") => "gh_session",
        (false, "mfa") => "gh_mfa",
        (false, "device") => "gh_device",
        (false, "upstream") => "gh_upstream",
        (false, "link") => "gh_link",
        (false, "signup") => "gh_signup",
        (false, "phone") => "gh_phone",
        (false, "return") => "gh_return",
        (false, "lang") => "gh_lang",
        (false, _) => "gh_csrf",
    }
}

fn build(app: &App, name: &'static str, value: String, max_age: Option<i64>) -> Cookie<'static> {
    let mut cookie = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(app.settings.issuer_is_https());
    if let Some(seconds) = max_age {
        cookie = cookie.max_age(time::Duration::seconds(seconds));
    }
    cookie.build()
}

pub fn session_token(app: &App, jar: &CookieJar) -> Option<String> {
    jar.get(name(app, "session")).map(|c| c.value().to_string())
}

pub fn set_session(app: &App, jar: CookieJar, token: String) -> CookieJar {
    let lifetime = app.settings.sessions.absolute_lifetime_secs;
    jar.add(build(app, name(app, "session"), token, Some(lifetime)))
}

pub fn clear_session(app: &App, jar: CookieJar) -> CookieJar {
    jar.remove(build(app, name(app, "session"), String::new(), None))
}

pub fn challenge_token(app: &App, jar: &CookieJar) -> Option<String> {
    jar.get(name(app, "mfa")).map(|c| c.value().to_string())
}

pub fn set_challenge(app: &App, jar: CookieJar, token: String) -> CookieJar {
    let lifetime = crate::auth::mfa::CHALLENGE_TTL_SECS;
    jar.add(build(app, name(app, "mfa"), token, Some(lifetime)))
}

pub fn clear_challenge(app: &App, jar: CookieJar) -> CookieJar {
    jar.remove(build(app, name(app, "mfa"), String::new(), None))
}

/// The browser's device cookie (`auth::devices`), if it has one.
pub fn device_token(app: &App, jar: &CookieJar) -> Option<String> {
    jar.get(name(app, "device")).map(|c| c.value().to_string())
}

/// Marks this browser as one that signed in as `user_id`.
pub fn set_device(app: &App, jar: CookieJar, user_id: &str) -> CookieJar {
    let token = crate::auth::devices::issue(app, user_id);
    let lifetime = crate::auth::devices::DEVICE_TTL_SECS;
    jar.add(build(app, name(app, "device"), token, Some(lifetime)))
}

/// The browser-binding value for upstream sign-ins: the one the browser has (several tabs
/// may be signing in at once), or a new one; either way good for another state lifetime.
pub fn upstream_browser(app: &App, jar: CookieJar) -> (CookieJar, String) {
    let value = upstream_browser_token(app, &jar).unwrap_or_else(random_token);
    let lifetime = crate::auth::federated::STATE_TTL_SECS;
    let jar = jar.add(build(
        app,
        name(app, "upstream"),
        value.clone(),
        Some(lifetime),
    ));
    (jar, value)
}

pub fn upstream_browser_token(app: &App, jar: &CookieJar) -> Option<String> {
    jar.get(name(app, "upstream"))
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

pub fn set_link_offer(app: &App, jar: CookieJar, token: String) -> CookieJar {
    let lifetime = crate::auth::linking::OFFER_TTL_SECS;
    jar.add(build(app, name(app, "link"), token, Some(lifetime)))
}

pub fn link_offer(app: &App, jar: &CookieJar) -> Option<String> {
    jar.get(name(app, "link"))
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

pub fn clear_link_offer(app: &App, jar: CookieJar) -> CookieJar {
    jar.remove(build(app, name(app, "link"), String::new(), None))
}

pub fn set_phone_code(app: &App, jar: CookieJar, token: String) -> CookieJar {
    let lifetime = app.settings.phone.code_ttl_secs.max(60) * 2;
    jar.add(build(app, name(app, "phone"), token, Some(lifetime)))
}

pub fn phone_code(app: &App, jar: &CookieJar) -> Option<String> {
    jar.get(name(app, "phone"))
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

pub fn clear_phone_code(app: &App, jar: CookieJar) -> CookieJar {
    jar.remove(build(app, name(app, "phone"), String::new(), None))
}

pub fn set_upstream_signup(app: &App, jar: CookieJar, token: String) -> CookieJar {
    let lifetime = crate::auth::upstream_signup::SIGNUP_TTL_SECS;
    jar.add(build(app, name(app, "signup"), token, Some(lifetime)))
}

pub fn upstream_signup(app: &App, jar: &CookieJar) -> Option<String> {
    jar.get(name(app, "signup"))
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

pub fn clear_upstream_signup(app: &App, jar: CookieJar) -> CookieJar {
    jar.remove(build(app, name(app, "signup"), String::new(), None))
}

/// The form token for this CSRF cookie value in this browser's current session (none when
/// signed out). The session token enters the HMAC, never the page.
fn csrf_token_for(app: &App, jar: &CookieJar, cookie_value: &str) -> String {
    use aws_lc_rs::hmac;
    let key = hmac::Key::new(hmac::HMAC_SHA256, &app.kek.derive("gatehouse csrf v2"));
    let session = session_token(app, jar).unwrap_or_default();
    let mut context = hmac::Context::with_key(&key);
    // Length-prefixed, so no two (value, session) pairs hash the same input.
    context.update(&(cookie_value.len() as u64).to_be_bytes());
    context.update(cookie_value.as_bytes());
    context.update(session.as_bytes());
    b64url(context.sign().as_ref())
}

/// The token to put in a form, setting the CSRF cookie first if the browser has none.
pub fn csrf_token(app: &App, jar: CookieJar) -> (CookieJar, String) {
    let cookie_name = name(app, "csrf");
    if let Some(existing) = jar.get(cookie_name) {
        let token = csrf_token_for(app, &jar, existing.value());
        return (jar, token);
    }
    let value = random_token();
    let token = csrf_token_for(app, &jar, &value);
    (jar.add(build(app, cookie_name, value, None)), token)
}

/// Refuses a form whose token does not match the browser's CSRF cookie and session.
pub fn check_csrf(app: &App, jar: &CookieJar, presented: &str) -> Result<(), WebError> {
    let valid = jar.get(name(app, "csrf")).is_some_and(|c| {
        constant_time_eq(
            csrf_token_for(app, jar, c.value()).as_bytes(),
            presented.as_bytes(),
        )
    });
    if valid {
        Ok(())
    } else {
        Err(WebError::page(
            StatusCode::FORBIDDEN,
            "Form expired",
            "This form could not be accepted (its security token is missing or stale). Go back, reload the page and try again.",
        ))
    }
}

/// Where a signed-out visitor of an account or console page was going: after signing in they
/// land there instead of `/account`. Only our own account and console paths are kept, so the
/// cookie can never send anyone elsewhere.
pub fn set_return_to(app: &App, jar: CookieJar, path: &str) -> CookieJar {
    match safe_return_path(path) {
        Some(path) => jar.add(build(app, name(app, "return"), path.to_string(), Some(600))),
        None => jar,
    }
}

pub fn return_to(app: &App, jar: &CookieJar) -> Option<String> {
    jar.get(name(app, "return"))
        .and_then(|c| safe_return_path(c.value()))
        .map(str::to_string)
}

pub fn clear_return_to(app: &App, jar: CookieJar) -> CookieJar {
    jar.remove(build(app, name(app, "return"), String::new(), Some(0)))
}

/// A local path under `/account` or `/admin`, without anything a browser could read as
/// another host (`//`, `\\`) or control characters.
pub fn safe_return_path(path: &str) -> Option<&str> {
    let local = (path == "/admin"
        || path == "/account"
        || path.starts_with("/admin/")
        || path.starts_with("/account/")
        || path.starts_with("/admin?")
        || path.starts_with("/account?"))
        && !path.contains("//")
        && !path.contains('\\')
        && path.len() <= 512
        && !path.chars().any(char::is_control);
    local.then_some(path)
}

/// The language the switcher chose, for a year (not a secret; only our languages are read).
pub fn set_language(app: &App, jar: CookieJar, lang: &str) -> CookieJar {
    jar.add(build(
        app,
        name(app, "lang"),
        lang.to_string(),
        Some(365 * 86_400),
    ))
}

pub fn language(app: &App, jar: &CookieJar) -> Option<String> {
    jar.get(name(app, "lang")).map(|c| c.value().to_string())
}
