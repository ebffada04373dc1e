//! Extractors: where a request comes from.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

use crate::App;
use crate::auth::RequestOrigin;

/// The client's address and user agent. `X-Forwarded-For` is believed only when
/// `trust_proxy_headers` is on, and then its last hop (the one our proxy added).
pub struct Origin(pub RequestOrigin);

impl FromRequestParts<App> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_default();
        let forwarded = app
            .settings
            .trust_proxy_headers
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| v.parse::<std::net::IpAddr>().is_ok());
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(512)
            .collect();
        Ok(Origin(RequestOrigin {
            ip: forwarded.unwrap_or(peer),
            user_agent,
        }))
    }
}

/// A form body for a page; a malformed one gets a page saying so, not axum's plain text.
pub struct PageForm<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send> axum::extract::FromRequest<App> for PageForm<T> {
    type Rejection = super::WebError;

    async fn from_request(req: axum::extract::Request, app: &App) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, app).await {
            Ok(axum::Form(value)) => Ok(PageForm(value)),
            Err(rejection) => Err(unreadable(&rejection.body_text())),
        }
    }
}

/// A form posted from one of our pages, read as `T` (repeated keys such as
/// `privilege=a&privilege=b` fill `Vec` fields), whose `csrf` field is checked against the
/// browser's CSRF cookie and session before the handler runs — so no handler can forget
/// it. A missing or stale token is the "Form expired" page; a body that does not fit `T`
/// (a missing field, a wrong type) is a "not understood" page, never a silent empty value.
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct FormToken {
    #[serde(default)]
    csrf: String,
}

impl<T: serde::de::DeserializeOwned + Send> axum::extract::FromRequest<App> for CsrfForm<T> {
    type Rejection = super::WebError;

    async fn from_request(req: axum::extract::Request, app: &App) -> Result<Self, Self::Rejection> {
        let jar = axum_extra::extract::CookieJar::from_headers(req.headers());
        let body = axum::body::Bytes::from_request(req, app)
            .await
            .map_err(|rejection| unreadable(&rejection.body_text()))?;
        // The token first: a forged request learns nothing about what the form expects.
        let token: FormToken =
            serde_html_form::from_bytes(&body).map_err(|e| unreadable(&e.to_string()))?;
        super::cookies::check_csrf(app, &jar, &token.csrf)?;
        serde_html_form::from_bytes(&body)
            .map(CsrfForm)
            .map_err(|e| unreadable(&e.to_string()))
    }
}

/// Query parameters for a page, with the same treatment of malformed input.
pub struct PageQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send> FromRequestParts<App> for PageQuery<T> {
    type Rejection = super::WebError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, app).await {
            Ok(axum::extract::Query(value)) => Ok(PageQuery(value)),
            Err(rejection) => Err(unreadable(&rejection.body_text())),
        }
    }
}

fn unreadable(detail: &str) -> super::WebError {
    tracing::debug!(detail, "unreadable request");
    super::WebError::page(
        axum::http::StatusCode::BAD_REQUEST,
        "Request not understood",
        "The request could not be read. Go back and try again.",
    )
}

/// The signed-in user of an account page. Without a live session the browser is sent to sign
/// in; a user who must change their password is sent to do that first.
pub struct SignedIn {
    pub session: crate::store::Session,
    pub user: crate::domain::User,
}

impl FromRequestParts<App> for SignedIn {
    type Rejection = axum::response::Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        use axum::response::{IntoResponse, Redirect};
        let jar = axum_extra::extract::CookieJar::from_headers(&parts.headers);
        match super::session::current_session(app, &jar).await {
            Err(e) => Err(e.into_response()),
            Ok(None) => {
                // Back here after signing in (the console or an account page), not always
                // to the overview.
                // The URI as the browser asked for it: nested routers (the console) see
                // their own part only.
                let uri = parts
                    .extensions
                    .get::<axum::extract::OriginalUri>()
                    .map_or(&parts.uri, |o| &o.0);
                let wanted = uri
                    .path_and_query()
                    .map_or("/account", |p| p.as_str())
                    .to_string();
                let jar = if parts.method == axum::http::Method::GET {
                    super::cookies::set_return_to(app, jar, &wanted)
                } else {
                    jar
                };
                Err((jar, Redirect::to("/login")).into_response())
            }
            Ok(Some((_, user))) if user.must_change_password => {
                Err(Redirect::to("/account/password").into_response())
            }
            Ok(Some((session, user))) => {
                // The policy may have come to require a second factor after this session
                // signed in (new privileges, a new rule, an admin's reset): step up first.
                match crate::auth::mfa::session_needs_step_up(app, &session, &user, false).await {
                    Err(e) => Err(super::WebError::from(e).into_response()),
                    Ok(true) => Err(Redirect::to("/login/two-factor/start").into_response()),
                    Ok(false) => {
                        super::chrome::set_who(user.display_name());
                        super::chrome::set_profile_language(&user.details.language);
                        super::chrome::set_clock(&user.details.timezone, &user.details.date_format);
                        Ok(SignedIn { session, user })
                    }
                }
            }
        }
    }
}
