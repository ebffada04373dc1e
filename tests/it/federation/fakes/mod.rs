//! Fake upstream providers on 127.0.0.1, started per test: the remote side of federation
//! replaced, everything on our side real. Each fake is an axum app with one handler that
//! routes by path (so one fake serves both the plain and the Entra-style layouts), keeps its
//! state behind a mutex the test can reach, and stops when dropped.

pub mod oidc;
pub mod social;

use std::collections::HashMap;
use std::sync::Arc;

use gatehouse::crypto::token::{b64url, random_token, sha256};

/// The fakes' clock: unix seconds. Tests hand in Gatehouse's manual clock so `exp` and `iat`
/// agree with the time Gatehouse checks them against.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default()
    })
}

/// A server task that ends with its owner.
pub struct Serving(tokio::task::JoinHandle<()>);

impl Drop for Serving {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Serves `router` on a fresh loopback port; returns `http://127.0.0.1:PORT`.
pub async fn serve(router: axum::Router) -> (String, Serving) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a fake");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (base, Serving(task))
}

/// The S256 challenge of a PKCE verifier.
pub fn challenge_of(verifier: &str) -> String {
    b64url(&sha256(verifier.as_bytes()))
}

/// A fresh single-use code.
pub fn new_code() -> String {
    random_token()
}

/// A query string or form body as a map (last value wins).
pub fn pairs(raw: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .collect()
}

/// `redirect_uri?k=v&…` as a 302.
pub fn redirect_back(redirect_uri: &str, params: &[(&str, &str)]) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut url = url::Url::parse(redirect_uri).expect("redirect_uri is a URL");
    for (k, v) in params {
        url.query_pairs_mut().append_pair(k, v);
    }
    (
        axum::http::StatusCode::FOUND,
        [(axum::http::header::LOCATION, url.to_string())],
    )
        .into_response()
}

/// A JSON answer with a status.
pub fn json(status: u16, body: serde_json::Value) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        axum::http::StatusCode::from_u16(status).expect("status"),
        axum::Json(body),
    )
        .into_response()
}

/// `(client_id, client_secret)` from an `Authorization: Basic` header (RFC 6749 §2.3.1:
/// both form-urlencoded before base64).
pub fn basic_credentials(headers: &axum::http::HeaderMap) -> Option<(String, String)> {
    use base64::Engine;
    let value = headers.get("authorization")?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((unescape(id), unescape(secret)))
}

/// The bearer token of a request, if any.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get("authorization")?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::to_string)
}
