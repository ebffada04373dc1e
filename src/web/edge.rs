//! What every response gets on its way out, in one layer each instead of one per header:
//! the security headers (unless the handler set its own), and request ids that cost no
//! system call (a random per-process prefix and a counter, instead of a UUID from the OS
//! random source per request). Ids only need to be unique, not secret.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::request_id::{MakeRequestId, RequestId};

/// `{16 hex digits of process prefix}-{counter}`: unique across nodes and restarts.
#[derive(Clone)]
pub struct MakeCountedRequestId {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl Default for MakeCountedRequestId {
    fn default() -> Self {
        let prefix = u64::from_be_bytes(crate::crypto::token::random_bytes::<8>());
        Self {
            prefix: format!("{prefix:016x}").into(),
            next: Arc::new(AtomicU64::new(0)),
        }
    }
}

impl MakeRequestId for MakeCountedRequestId {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// Headers every response carries unless its handler chose a value.
pub type SecurityHeaders = Arc<Vec<(HeaderName, HeaderValue)>>;

/// The headers of [`SecurityHeaders`] for these settings (HSTS when the issuer is https).
pub fn security_headers_for(settings: &crate::config::Settings) -> SecurityHeaders {
    let mut headers = vec![
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(super::CONTENT_SECURITY_POLICY),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    if settings.issuer_is_https() {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    Arc::new(headers)
}

/// Adds each of `headers` that `response` has not set itself.
pub fn add_security_headers(response: &mut Response, headers: &SecurityHeaders) {
    let out = response.headers_mut();
    for (name, value) in headers.iter() {
        if !out.contains_key(name) {
            out.insert(name.clone(), value.clone());
        }
    }
}

pub async fn security_headers(
    axum::extract::State(headers): axum::extract::State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    add_security_headers(&mut response, &headers);
    response
}
