//! `/authorize` with hostile parameters, by GET and by POST, signed in or not: never a server
//! error, and never a redirect anywhere but a registered redirect URI or our own pages.
#![no_main]

use axum::body::Body;
use axum::http::Request;
use gatehouse_fuzz::{
    PUBLIC_CLIENT, REDIRECT_URI, harness, query_text, split_once_newline, with_value_at,
};
use libfuzzer_sys::fuzz_target;

/// A request that would succeed: the fuzzer varies one value, or adds parameters to it.
const BASE: [(&str, &str); 13] = [
    ("client_id", PUBLIC_CLIENT),
    ("redirect_uri", REDIRECT_URI),
    ("response_type", "code"),
    ("scope", "openid profile email"),
    ("state", "s-123"),
    ("nonce", "n-456"),
    (
        "code_challenge",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    ),
    ("code_challenge_method", "S256"),
    ("prompt", "consent"),
    ("max_age", "3600"),
    ("ui_locales", "de fr"),
    ("login_hint", "fuzz@example.com"),
    ("response_mode", "query"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (first, second) = split_once_newline(rest);
    let base = with_value_at(&BASE, 0, PUBLIC_CLIENT.as_bytes());
    let query = match mode % 4 {
        0 => query_text(rest),
        1 => format!("{base}&{}", query_text(rest)),
        2 => format!("{}&{base}", query_text(rest)),
        _ => {
            let index = usize::from(first.first().copied().unwrap_or(0));
            with_value_at(&BASE, index, second)
        }
    };
    let h = harness();
    let signed_in = mode & 0x10 != 0;
    let mut request = if mode & 0x20 != 0 {
        Request::post("/authorize")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(query))
    } else {
        Request::get(format!("/authorize?{query}")).body(Body::empty())
    }
    .expect("a request");
    if signed_in {
        request
            .headers_mut()
            .insert("cookie", h.session_cookie.parse().expect("a header value"));
    }
    let answer = h.send_expecting_no_server_error(request);
    if let Some(location) = answer.headers.get("location") {
        let location = location.to_str().expect("Location is ASCII");
        let ours = location.starts_with('/') && !location.starts_with("//");
        let registered = location.starts_with(&format!("{REDIRECT_URI}?"))
            || location.starts_with("http://127.0.0.1/cb?");
        assert!(
            ours || registered,
            "/authorize redirected to an unregistered place: {location}"
        );
        if registered && !signed_in {
            let query = location.split_once('?').map_or("", |(_, q)| q);
            assert!(
                !query.split('&').any(|pair| pair.starts_with("code=")),
                "a code was issued without a session: {location}"
            );
        }
    }
});
