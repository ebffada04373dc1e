//! `WebError`: the one place errors become HTTP responses. Protocol endpoints answer JSON with
//! RFC error codes, userinfo answers with `WWW-Authenticate: Bearer`, pages answer with a human
//! message; internal causes are logged once and never sent.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::pages::{MessagePage, render};
use crate::auth::AuthError;
use crate::oauth::{ErrorCode, OAuthError};
use crate::store::StoreError;

#[derive(Debug)]
pub enum WebError {
    /// Token, introspection and revocation endpoints (RFC 6749 §5.2).
    OAuth(OAuthError),
    /// A protected resource (userinfo): RFC 6750 §3.
    Bearer(OAuthError),
    /// A protected resource called with no token at all: a bare challenge (RFC 6750 §3.1).
    MissingBearer,
    /// A page telling a person what went wrong.
    Page {
        status: StatusCode,
        title: &'static str,
        message: String,
        /// Where to go from here: (href, label).
        link: Option<(String, String)>,
        /// Seconds to wait, sent as `Retry-After` (a limit said no).
        retry_after: Option<i64>,
    },
    /// The admin API: `{"error": code, "message": …, "field": …}`.
    Api {
        status: StatusCode,
        code: &'static str,
        message: String,
        field: Option<&'static str>,
    },
    /// Anything unexpected: logged, answered with a generic page.
    Internal(String),
}

impl WebError {
    pub fn page(status: StatusCode, title: &'static str, message: impl Into<String>) -> Self {
        Self::Page {
            status,
            title,
            message: message.into(),
            link: None,
            retry_after: None,
        }
    }

    /// A page with a way onward.
    pub fn page_with_link(
        status: StatusCode,
        title: &'static str,
        message: impl Into<String>,
        href: &str,
        label: &str,
    ) -> Self {
        Self::Page {
            status,
            title,
            message: message.into(),
            link: Some((href.to_string(), label.to_string())),
            retry_after: None,
        }
    }

    /// The same page, saying when to try again (`Retry-After`).
    pub fn with_retry_after(mut self, seconds: i64) -> Self {
        if let Self::Page { retry_after, .. } = &mut self {
            *retry_after = Some(seconds.max(1));
        }
        self
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        Self::Internal(e.to_string())
    }
}

impl From<AuthError> for WebError {
    /// The cases a handler did not answer itself: a person gets the message where one
    /// exists, and only real faults become internal errors.
    fn from(e: AuthError) -> Self {
        let status = match &e {
            AuthError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AuthError::SecondFactorRefused(_) => StatusCode::CONFLICT,
            AuthError::SecondFactorExpired => StatusCode::BAD_REQUEST,
            AuthError::Internal(cause) => return Self::Internal(cause.clone()),
            _ => return Self::Internal(e.to_string()),
        };
        Self::page(status, "Not possible", e.to_string())
    }
}

impl From<OAuthError> for WebError {
    fn from(e: OAuthError) -> Self {
        Self::OAuth(e)
    }
}

fn oauth_status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidClient | ErrorCode::InvalidToken => StatusCode::UNAUTHORIZED,
        ErrorCode::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::TemporarilyUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_REQUEST,
    }
}

fn log_cause(err: &OAuthError) {
    if let Some(cause) = &err.cause {
        tracing::error!(error = %cause, "internal error behind {}", err.code.as_str());
    }
}

/// Quotes a value for a `WWW-Authenticate` parameter, dropping what cannot be quoted.
fn quoted(value: &str) -> String {
    value
        .chars()
        .filter(|c| *c != '"' && *c != '\\' && !c.is_control())
        .collect()
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::OAuth(err) => {
                log_cause(&err);
                let status = oauth_status(err.code);
                let body =
                    json!({ "error": err.code.as_str(), "error_description": err.description });
                let mut response = (status, Json(body)).into_response();
                let headers = response.headers_mut();
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
                if err.code == ErrorCode::InvalidClient {
                    headers.insert(
                        header::WWW_AUTHENTICATE,
                        HeaderValue::from_static("Basic realm=\"gatehouse\""),
                    );
                }
                if let Some(seconds) = err.retry_after
                    && let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string())
                {
                    headers.insert(header::RETRY_AFTER, value);
                }
                response
            }
            WebError::Bearer(err) => {
                log_cause(&err);
                let status = oauth_status(err.code);
                let challenge = format!(
                    "Bearer realm=\"gatehouse\", error=\"{}\", error_description=\"{}\"",
                    err.code.as_str(),
                    quoted(&err.description)
                );
                let body =
                    json!({ "error": err.code.as_str(), "error_description": err.description });
                let mut response = (status, Json(body)).into_response();
                if let Ok(value) = HeaderValue::from_str(&challenge) {
                    response
                        .headers_mut()
                        .insert(header::WWW_AUTHENTICATE, value);
                }
                response
            }
            WebError::MissingBearer => (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\"")],
            )
                .into_response(),
            WebError::Api {
                status,
                code,
                message,
                field,
            } => {
                let mut body = json!({ "error": code, "message": message });
                if let Some(field) = field {
                    body["field"] = json!(field);
                }
                let mut response = (status, Json(body)).into_response();
                if status == StatusCode::UNAUTHORIZED {
                    response.headers_mut().insert(
                        header::WWW_AUTHENTICATE,
                        HeaderValue::from_static("Bearer realm=\"gatehouse-admin\""),
                    );
                }
                response
            }
            WebError::Page {
                status,
                title,
                message,
                link,
                retry_after,
            } => {
                let page = MessagePage {
                    link,
                    ..MessagePage::new(title, &message)
                };
                let mut response = (status, Html(render(&page))).into_response();
                if let Some(seconds) = retry_after
                    && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
                {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }

            WebError::Internal(cause) => {
                tracing::error!(error = %cause, "internal error");
                let page = MessagePage::new(
                    "Something went wrong",
                    "Gatehouse could not complete this request. Please try again in a moment.",
                );
                (StatusCode::INTERNAL_SERVER_ERROR, Html(render(&page))).into_response()
            }
        }
    }
}
