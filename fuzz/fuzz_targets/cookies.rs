//! Hostile `Cookie` headers (every cookie of ours, any value, repeated, malformed) on the
//! pages that read them, and hostile CSRF fields on the forms: never a server error, no
//! account page without the real session cookie, and no sign-in from a forged cookie.
#![no_main]

use axum::body::Body;
use axum::http::{HeaderValue, Request};
use gatehouse_fuzz::{COOKIE_NAMES, SESSION_COOKIE, form_value, harness, split_once_newline};
use libfuzzer_sys::fuzz_target;

const PAGES: [&str; 12] = [
    "/account",
    "/login",
    "/login/two-factor",
    "/consent",
    "/account/security",
    "/admin",
    "/authorize/resume",
    "/login/phone/code",
    "/login/federated/email",
    "/logout",
    "/account/password",
    "/end_session/confirm",
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let h = harness();
    let (cookie_part, form_part) = split_once_newline(rest);
    // Each `;`-separated piece becomes a value for one of our cookies in turn, unless it
    // names its own cookie with `=`.
    let mut cookie = String::new();
    for (i, piece) in cookie_part.split(|&b| b == b';').enumerate() {
        let piece = String::from_utf8_lossy(piece);
        if !cookie.is_empty() {
            cookie.push_str("; ");
        }
        if piece.contains('=') {
            cookie.push_str(&piece);
        } else {
            cookie.push_str(&format!(
                "{}={piece}",
                COOKIE_NAMES[(i + usize::from(mode)) % COOKIE_NAMES.len()]
            ));
        }
    }
    if mode & 0x80 != 0 {
        cookie.push_str(&format!("; {}", h.session_cookie));
    }
    let Ok(cookie_header) = HeaderValue::from_str(&cookie) else {
        return;
    };
    let real_session = cookie.contains(&h.session_cookie);
    let page = PAGES[usize::from(mode) % PAGES.len()];
    let request = if mode & 0x40 != 0 {
        let body = format!(
            "csrf={}&email=fuzz%40example.com&password=wrong&code={}",
            form_value(form_part),
            form_value(form_part)
        );
        Request::post(page)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie_header)
            .body(Body::from(body))
    } else {
        Request::get(page)
            .header("cookie", cookie_header)
            .body(Body::empty())
    }
    .expect("a request");
    let answer = h.send_expecting_no_server_error(request);
    if page == "/account" && answer.status == 200 {
        assert!(
            real_session,
            "/account shown without the session cookie: {cookie}"
        );
    }
    for set in answer.headers.get_all("set-cookie") {
        let set = set.to_str().unwrap_or_default();
        if let Some(value) = set.strip_prefix(&format!("{SESSION_COOKIE}=")) {
            let value = value.split(';').next().unwrap_or_default();
            assert!(
                value.is_empty(),
                "a forged cookie or form started a session: {set}"
            );
        }
    }
});
