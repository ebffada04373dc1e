//! `/token`, `/introspect` and `/revoke` with hostile bodies and `Authorization` headers:
//! never a server error, every refusal an RFC 6749 error object, and no token for anyone who
//! did not present the confidential client's secret (codes and refresh tokens are 256 random
//! bits: the fuzzer cannot hold a real one, so a 200 from `/token` without the secret would
//! be a hole).
#![no_main]

use axum::body::Body;
use axum::http::Request;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use gatehouse_fuzz::{
    CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET, PUBLIC_CLIENT, REDIRECT_URI, harness, query_text,
    split_once_newline, with_value_at,
};
use libfuzzer_sys::fuzz_target;

const CODE: [(&str, &str); 5] = [
    ("grant_type", "authorization_code"),
    (
        "code",
        "not-a-code-but-shaped-like-one-0123456789abcdefghij",
    ),
    ("redirect_uri", REDIRECT_URI),
    (
        "code_verifier",
        "dBjftJeZ4CVP-mJ92K6pRLMnaUwh9uEq0qOKVFhvAbE-long-enough",
    ),
    ("client_id", PUBLIC_CLIENT),
];
const REFRESH: [(&str, &str); 4] = [
    ("grant_type", "refresh_token"),
    (
        "refresh_token",
        "not-a-refresh-token-0123456789abcdefghijklmnop",
    ),
    ("scope", "openid offline_access"),
    ("client_id", PUBLIC_CLIENT),
];
const CLIENT_CREDENTIALS: [(&str, &str); 4] = [
    ("grant_type", "client_credentials"),
    ("scope", "openid"),
    ("resource", "https://api.example"),
    ("audience", "api"),
];
const EXCHANGE: [(&str, &str); 5] = [
    (
        "grant_type",
        "urn:ietf:params:oauth:grant-type:token-exchange",
    ),
    ("subject_token", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln"),
    (
        "subject_token_type",
        "urn:ietf:params:oauth:token-type:access_token",
    ),
    (
        "requested_token_type",
        "urn:ietf:params:oauth:token-type:access_token",
    ),
    ("audience", CONFIDENTIAL_CLIENT),
];
const INTROSPECT: [(&str, &str); 2] = [("token", "abc"), ("token_type_hint", "access_token")];

const RFC_ERRORS: [&str; 9] = [
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "invalid_target",
    "invalid_token",
    "slow_down",
];

fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (first, second) = split_once_newline(rest);
    let path = ["/token", "/token", "/introspect", "/revoke"][usize::from(mode & 3)];
    let index = usize::from(first.first().copied().unwrap_or(0));
    let body = match (mode >> 2) & 7 {
        0 => query_text(rest),
        1 => with_value_at(&CODE, index, second),
        2 => with_value_at(&REFRESH, index, second),
        3 => with_value_at(&CLIENT_CREDENTIALS, index, second),
        4 => with_value_at(&EXCHANGE, index, second),
        5 => with_value_at(&INTROSPECT, index, second),
        6 => format!(
            "{}&{}",
            with_value_at(&CLIENT_CREDENTIALS, 0, b"client_credentials"),
            query_text(rest)
        ),
        _ => String::from_utf8_lossy(rest).into_owned(),
    };
    let authorization = match mode >> 5 {
        0 | 1 => None,
        2 | 3 => Some(basic(CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET)),
        4 => Some(basic(CONFIDENTIAL_CLIENT, &String::from_utf8_lossy(first))),
        5 => Some(format!("Basic {}", String::from_utf8_lossy(first))),
        6 => Some(String::from_utf8_lossy(first).into_owned()),
        _ => Some(basic(&String::from_utf8_lossy(first), CONFIDENTIAL_SECRET)),
    };
    let mut request =
        Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    let mut presented_secret = body.contains(&format!("client_secret={CONFIDENTIAL_SECRET}"));
    if let Some(value) = authorization {
        let Ok(value) = axum::http::HeaderValue::from_str(&value) else {
            return;
        };
        presented_secret |= value == basic(CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET).as_str();
        request = request.header("authorization", value);
    }
    let h = harness();
    let answer =
        h.send_expecting_no_server_error(request.body(Body::from(body)).expect("a request"));
    let status = answer.status.as_u16();
    if path == "/token" && status == 200 {
        assert!(
            presented_secret,
            "/token issued tokens to a request without the client's secret"
        );
    }
    if matches!(status, 400 | 401) && path != "/revoke"
        || path == "/token" && status >= 400 && status != 413
    {
        let error: serde_json::Value =
            serde_json::from_slice(&answer.body).expect("an error answer is JSON");
        let code = error["error"]
            .as_str()
            .expect("an error answer names its error");
        assert!(RFC_ERRORS.contains(&code), "not an RFC error code: {code}");
    }
});
