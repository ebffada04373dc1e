//! `WebError`: the one place errors become HTTP responses. Protocol endpoints answer JSON with
//! RFC error codes, userinfo answers with `WWW-Authenticate: Bearer`, pages answer with a human
//! message; internal causes are logged once (inside the request's span, so with its request
//! id) and never sent.
//!
//! The use-case errors (`AuthError`, `AccountError`, `AdminError`) stay typed until they reach
//! the edge; [`Refusal`] is the one table saying which status each of them answers with and
//! when to come back. Handlers that show the form again with the message use [`form_again`].

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::pages::{MessagePage, render};
use super::wording::Wording;
use crate::accounts::AccountError;
use crate::admin::AdminError;
use crate::auth::AuthError;
use crate::oauth::{ErrorCode, OAuthError};
use crate::store::StoreError;

/// How a use-case error answers over HTTP: every variant is listed, so a new one cannot slip
/// through as a 500 unnoticed.
pub trait Refusal: Wording {
    fn status(&self) -> StatusCode;
    /// Seconds until trying again makes sense (rate limits).
    fn retry_after(&self) -> Option<i64> {
        None
    }
    /// `Some(cause)` when this is our fault, not the caller's: logged, never shown.
    fn fault(&self) -> Option<&str>;
    /// `Some(cause)` when the database could not serve (try again shortly): a 503 page.
    fn unavailable(&self) -> Option<&str> {
        None
    }
}

impl Refusal for AuthError {
    fn status(&self) -> StatusCode {
        match self {
            AuthError::InvalidCredentials
            | AuthError::WrongPassword(_)
            | AuthError::WrongSecondFactor
            | AuthError::WrongRecoveryCode => StatusCode::UNAUTHORIZED,
            AuthError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AuthError::AccountDisabled
            | AuthError::AccountNotValid(_)
            | AuthError::EmailNotVerified => StatusCode::FORBIDDEN,
            AuthError::SignInDisabled => StatusCode::SERVICE_UNAVAILABLE,
            AuthError::PasswordRejected(_) | AuthError::SecondFactorExpired => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AuthError::SecondFactorRefused(_) => StatusCode::CONFLICT,
            AuthError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AuthError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn unavailable(&self) -> Option<&str> {
        match self {
            AuthError::Unavailable(cause) => Some(cause),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<i64> {
        match self {
            AuthError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    fn fault(&self) -> Option<&str> {
        match self {
            AuthError::Internal(cause) => Some(cause),
            _ => None,
        }
    }
}

impl Refusal for crate::auth::phone::PhoneError {
    fn status(&self) -> StatusCode {
        use crate::auth::phone::PhoneError;
        use crate::sms::SmsError;
        match self {
            PhoneError::Invalid(_)
            | PhoneError::CountryNotAllowed
            | PhoneError::WrongCode
            | PhoneError::Send(SmsError::Refused(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            PhoneError::Cooldown { .. } | PhoneError::RateLimited { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            PhoneError::Send(SmsError::Unavailable(_)) => StatusCode::BAD_GATEWAY,
            PhoneError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            PhoneError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn unavailable(&self) -> Option<&str> {
        match self {
            crate::auth::phone::PhoneError::Unavailable(cause) => Some(cause),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<i64> {
        crate::auth::phone::PhoneError::retry_after(self)
    }

    fn fault(&self) -> Option<&str> {
        match self {
            crate::auth::phone::PhoneError::Internal(cause) => Some(cause),
            _ => None,
        }
    }
}

impl Refusal for AccountError {
    fn status(&self) -> StatusCode {
        match self {
            AccountError::Invalid(_) | AccountError::Field { .. } | AccountError::WrongCode => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AccountError::RegistrationClosed => StatusCode::FORBIDDEN,
            AccountError::LinkExpired => StatusCode::BAD_REQUEST,
            AccountError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AccountError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AccountError::Unavailable(_) | AccountError::MailUnavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
        }
    }

    fn unavailable(&self) -> Option<&str> {
        match self {
            AccountError::Unavailable(cause) => Some(cause),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<i64> {
        match self {
            AccountError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    fn fault(&self) -> Option<&str> {
        match self {
            AccountError::Internal(cause) => Some(cause),
            _ => None,
        }
    }
}

impl Refusal for AdminError {
    fn status(&self) -> StatusCode {
        match self {
            AdminError::Forbidden(_) => StatusCode::FORBIDDEN,
            AdminError::NotFound => StatusCode::NOT_FOUND,
            AdminError::Conflict(_) => StatusCode::CONFLICT,
            AdminError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AdminError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AdminError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AdminError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn unavailable(&self) -> Option<&str> {
        match self {
            AdminError::Unavailable(cause) => Some(cause),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<i64> {
        match self {
            AdminError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    fn fault(&self) -> Option<&str> {
        match self {
            AdminError::Internal(cause) => Some(cause),
            _ => None,
        }
    }
}

/// A page shown again with the refusal's message in it (a form with its error): the
/// refusal's status, and `Retry-After` when it has one. A fault becomes the generic error page.
pub fn form_again(html: String, refusal: &impl Refusal) -> Response {
    if let Some(cause) = refusal.unavailable() {
        return WebError::Unavailable(cause.to_string()).into_response();
    }
    if let Some(cause) = refusal.fault() {
        return WebError::Internal(cause.to_string()).into_response();
    }
    let mut response = (refusal.status(), Html(html)).into_response();
    set_retry_after(&mut response, refusal.retry_after());
    response
}

/// A form page after an attempt: 200 when it went through, else as [`form_again`].
pub fn form_page<R: Refusal>(html: String, refusal: Option<&R>) -> Response {
    match refusal {
        Some(refusal) => form_again(html, refusal),
        None => Html(html).into_response(),
    }
}

fn set_retry_after(response: &mut Response, seconds: Option<i64>) {
    if let Some(seconds) = seconds {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    }
}

/// A message page for a refusal nobody answered more specifically.
fn refusal_page(refusal: &impl Refusal) -> WebError {
    if let Some(cause) = refusal.unavailable() {
        return WebError::Unavailable(cause.to_string());
    }
    if let Some(cause) = refusal.fault() {
        return WebError::Internal(cause.to_string());
    }
    WebError::Page {
        status: refusal.status(),
        title: crate::i18n::current().t("error-not-possible"),
        message: refusal.wording(),
        link: None,
        retry_after: refusal.retry_after(),
    }
}

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
        title: String,
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
    /// The admin API refused by a rate limit: a JSON 429 with `Retry-After`; `message` says
    /// which limit.
    ApiRateLimited { retry_after: i64, message: String },
    /// Anything unexpected: logged, answered with a generic page.
    Internal(String),
    /// The database cannot serve now (`StoreError::Unavailable`): logged, answered with a 503
    /// page that says to try again, and `Retry-After`.
    Unavailable(String),
}

impl WebError {
    pub fn page(status: StatusCode, title: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Page {
            status,
            title: title.into(),
            message: message.into(),
            link: None,
            retry_after: None,
        }
    }

    /// A page with a way onward.
    pub fn page_with_link(
        status: StatusCode,
        title: impl Into<String>,
        message: impl Into<String>,
        href: &str,
        label: &str,
    ) -> Self {
        Self::Page {
            status,
            title: title.into(),
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
        if e.is_unavailable() {
            Self::Unavailable(e.to_string())
        } else {
            Self::Internal(e.to_string())
        }
    }
}

impl From<crate::federation::registry::RegistryError> for WebError {
    /// The providers could not be read: the database's unavailability stays a 503.
    fn from(e: crate::federation::registry::RegistryError) -> Self {
        match e {
            crate::federation::registry::RegistryError::Store(store) => store.into(),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl WebError {
    /// A protocol step that failed on our side while a page was being answered: a 503 page
    /// when the database was unavailable, else the generic error page.
    pub fn page_fault(e: OAuthError) -> Self {
        if e.code == ErrorCode::TemporarilyUnavailable {
            Self::Unavailable(e.cause.unwrap_or(e.description))
        } else {
            Self::Internal(e.to_string())
        }
    }
}

impl From<AuthError> for WebError {
    /// The cases a handler did not answer itself: a person gets the message where one
    /// exists, and only real faults become internal errors.
    fn from(e: AuthError) -> Self {
        refusal_page(&e)
    }
}

impl From<crate::auth::phone::PhoneError> for WebError {
    fn from(e: crate::auth::phone::PhoneError) -> Self {
        refusal_page(&e)
    }
}

impl From<AccountError> for WebError {
    fn from(e: AccountError) -> Self {
        refusal_page(&e)
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
                set_retry_after(&mut response, err.retry_after);
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
                set_retry_after(&mut response, err.retry_after);
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
            WebError::ApiRateLimited {
                retry_after,
                message,
            } => {
                let seconds = retry_after.max(1);
                let body = json!({ "error": "rate_limited", "message": message });
                let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
                set_retry_after(&mut response, Some(seconds));
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
                    ..MessagePage::new(&title, &message)
                };
                let mut response = (status, Html(render(&page))).into_response();
                set_retry_after(&mut response, retry_after);
                response
            }

            WebError::Internal(cause) => {
                tracing::error!(error = %cause, "internal error");
                let lang = crate::i18n::current();
                let page =
                    MessagePage::new(&lang.t("error-internal-title"), &lang.t("error-internal"));
                (StatusCode::INTERNAL_SERVER_ERROR, Html(render(&page))).into_response()
            }
            WebError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "answered 503: the database is unavailable");
                let lang = crate::i18n::current();
                let page = MessagePage::new(
                    &lang.t("error-unavailable-title"),
                    &lang.t("error-unavailable"),
                );
                let mut response =
                    (StatusCode::SERVICE_UNAVAILABLE, Html(render(&page))).into_response();
                set_retry_after(
                    &mut response,
                    Some(crate::oauth::error::RETRY_UNAVAILABLE_AFTER_SECS),
                );
                response
            }
        }
    }
}
