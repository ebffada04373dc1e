//! The browser's side of upstream sign-ups that take one more step (`auth::upstream_signup`):
//! accepting an invitation through a provider (a button on the invitation page), and the e-mail address an identity must
//! confirm before its account exists (`accounts.require_email`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{self, csrf_token};
use super::error::form_again;
use super::extract::{CsrfForm, Origin, PageQuery};
use super::federated::{provider, signed_in, start_sign_in};
use super::pages::{UpstreamEmailPage, appname, render};
use super::session::Resumable;
use crate::App;
use crate::accounts::{AccountError, invitation};
use crate::auth::upstream_signup;
use crate::store::UpstreamSignup;

#[derive(Deserialize)]
pub struct InviteStartQuery {
    token: Option<String>,
    csrf: Option<String>,
}

/// `GET /invite/federated/{id}?token=…&csrf=…`: accept the invitation by signing in with a
/// provider. A link, not a form: browsers apply the page's CSP `form-action` to the redirects
/// a form submission leads to, and this one leads to the provider. The CSRF token (bound to
/// this browser) stops another site from making a visitor accept an invitation with their
/// own provider account — the invitation's address would then own an account that signs in
/// with the visitor's identity. No `Referer` leaves our pages (`no-referrer`).
pub async fn invite_start(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<InviteStartQuery>,
) -> Result<Response, WebError> {
    cookies::check_csrf(&app, &jar, q.csrf.as_deref().unwrap_or_default())?;
    let invitation = match invitation::open(&app, q.token.as_deref().unwrap_or_default()).await {
        Ok(invitation) => invitation,
        Err(AccountError::Internal(cause)) => return Err(WebError::Internal(cause)),
        Err(_) => return Err(invitation_not_valid()),
    };
    let provider = provider(&app, &id).await?;
    start_sign_in(&app, jar, &provider, None, Some(&invitation.id), &origin).await
}

fn invitation_not_valid() -> WebError {
    WebError::page_with_link(
        StatusCode::BAD_REQUEST,
        crate::i18n::tr("invitation-not-valid"),
        crate::i18n::tr("invitation-expired"),
        "/login",
        &crate::i18n::tr("go-to-sign-in"),
    )
}

fn signup_expired() -> WebError {
    WebError::page_with_link(
        StatusCode::BAD_REQUEST,
        "Sign-up expired",
        "This sign-up has expired or is finished. Start again from the sign-in page.",
        "/login",
        "Back to sign-in",
    )
}

/// The browser's waiting sign-up and its cookie's token, or the page saying it is gone.
async fn waiting(app: &App, jar: &CookieJar) -> Result<(String, UpstreamSignup), WebError> {
    let Some(token) = cookies::upstream_signup(app, jar) else {
        return Err(signup_expired());
    };
    match upstream_signup::waiting(app, &token).await {
        Ok(Some(signup)) => Ok((token, signup)),
        Ok(None) => Err(signup_expired()),
        Err(e) => Err(e.into()),
    }
}

async fn page(
    app: &App,
    jar: CookieJar,
    signup: &UpstreamSignup,
    email: String,
    sent: bool,
    error: Option<&AccountError>,
) -> Result<Response, WebError> {
    let provider = provider(app, &signup.provider_id).await?;
    let (jar, csrf) = csrf_token(app, jar);
    let page = UpstreamEmailPage {
        appname: appname(),
        csrf,
        provider: provider.name(),
        email,
        sent,
        error: error.map(ToString::to_string),
    };
    let html = render(&page);
    Ok(match error {
        Some(e) => (jar, form_again(html, e)).into_response(),
        None => (jar, Html(html)).into_response(),
    })
}

/// `GET /login/federated/email`: the address form.
pub async fn email_page(State(app): State<App>, jar: CookieJar) -> Result<Response, WebError> {
    let (_, signup) = waiting(&app, &jar).await?;
    let suggestion = signup
        .email
        .clone()
        .or_else(|| signup.upstream_email.clone())
        .unwrap_or_default();
    page(&app, jar, &signup, suggestion, false, None).await
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

/// `POST /login/federated/email`: a code to the address (the same answer whether or not it
/// has an account).
pub async fn email_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<EmailForm>,
) -> Result<Response, WebError> {
    let (token, signup) = waiting(&app, &jar).await?;
    match upstream_signup::send_code(&app, &token, &form.email, &origin).await {
        Ok(email) => page(&app, jar, &signup, email.to_string(), true, None).await,
        Err(AccountError::LinkExpired) => Err(signup_expired()),
        Err(e) => page(&app, jar, &signup, form.email, false, Some(&e)).await,
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /login/federated/email/code`: the code; when it matches, the account exists and the
/// sign-in goes on as any other upstream sign-in.
pub async fn code_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let (token, signup) = waiting(&app, &jar).await?;
    let confirmed = match upstream_signup::confirm(&app, &token, &form.code, &origin).await {
        Ok(confirmed) => confirmed,
        Err(AccountError::LinkExpired) => return Err(signup_expired()),
        Err(e) => {
            let email = signup.email.clone().unwrap_or_default();
            let sent = signup.code_hash.is_some();
            return page(&app, jar, &signup, email, sent, Some(&e)).await;
        }
    };
    let jar = cookies::clear_upstream_signup(&app, jar);
    let resume = Resumable::load(&app, confirmed.request_id.as_deref()).await;
    signed_in(
        &app,
        jar,
        &confirmed.provider,
        &confirmed.user,
        confirmed.upstream_mfa,
        &resume,
        &origin,
    )
    .await
}
