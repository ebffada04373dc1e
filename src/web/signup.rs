//! Signing up and confirming an e-mail address, and the password-recovery pages.

use super::wording::Wording;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::csrf_token;
use super::error::{form_again, form_page};
use super::extract::{CsrfForm, Origin, PageQuery};
use super::pages::{
    ForgotPage, InvitePage, MessagePage, Problem, RegisterPage, ResetPage, VerifyPage, appname,
    render,
};

use crate::App;
use crate::accounts::registration::{SignUp, register};
use crate::accounts::{AccountError, invitation, recovery, verification};

fn encoded(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

// ---- registration ---------------------------------------------------------------------------

#[derive(Deserialize)]
pub struct ReqQuery {
    req: Option<String>,
}

pub async fn register_page(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<ReqQuery>,
) -> Response {
    let (jar, csrf) = csrf_token(&app, jar);
    let open = app.settings.accounts.allow_registration;
    let page = RegisterPage {
        appname: appname(),
        open,
        csrf,
        req: q.req,
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
        usernames: app.settings.accounts.usernames,
        username: String::new(),
        problems: Vec::new(),
        min_length: app.settings.passwords.min_length,
    };
    let status = if open {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    };
    (status, jar, Html(render(&page))).into_response()
}

#[derive(Deserialize)]
pub struct RegisterForm {
    req: Option<String>,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

pub async fn register_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<RegisterForm>,
) -> Result<Response, WebError> {
    let req = form.req.filter(|r| !r.is_empty());
    let sign_up = SignUp {
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        email: form.email.clone(),
        username: form.username.clone(),
        password: form.password,
    };
    match register(&app, &sign_up, &origin).await {
        Ok(email) => {
            let mut target = format!("/verify?sent=1&email={}", encoded(email.as_str()));
            if let Some(id) = &req {
                target.push_str(&format!("&req={}", encoded(id)));
            }
            Ok(Redirect::to(&target).into_response())
        }
        Err(AccountError::Internal(cause)) => Err(WebError::Internal(cause)),
        Err(e) => {
            let (jar, csrf) = csrf_token(&app, jar);
            let page = RegisterPage {
                appname: appname(),
                open: app.settings.accounts.allow_registration,
                csrf,
                req,
                first_name: form.first_name,
                last_name: form.last_name,
                email: form.email,
                usernames: app.settings.accounts.usernames,
                username: form.username,
                problems: Problem::of(&e, e.wording()),
                min_length: app.settings.passwords.min_length,
            };
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

// ---- e-mail verification ----------------------------------------------------------------------

#[derive(Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    email: String,
    req: Option<String>,
    sent: Option<String>,
    unverified: Option<String>,
}

pub async fn verify_page(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<VerifyQuery>,
) -> Response {
    let (jar, csrf) = csrf_token(&app, jar);
    let notice = if q.unverified.is_some() {
        Some(crate::i18n::tr("error-email-not-verified"))
    } else {
        q.sent.map(|_| crate::i18n::tr("notice-one-more-step"))
    };
    let page = VerifyPage {
        appname: appname(),
        csrf,
        req: q.req,
        email: q.email,
        error: None,
        notice,
    };
    (jar, Html(render(&page))).into_response()
}

#[derive(Deserialize)]
pub struct VerifyForm {
    req: Option<String>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    code: String,
}

/// Where a newly verified person goes: the sign-in page (resuming their flow), told why.
fn verified_redirect(req: Option<&str>) -> Response {
    let mut target = "/login?verified=1".to_string();
    if let Some(id) = req {
        target.push_str(&format!("&req={}", encoded(id)));
    }
    Redirect::to(&target).into_response()
}

pub async fn verify_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<VerifyForm>,
) -> Result<Response, WebError> {
    let req = form.req.filter(|r| !r.is_empty());
    match verification::verify_signup_code(&app, &form.email, &form.code, &origin).await {
        Ok(_) => Ok(verified_redirect(req.as_deref())),
        Err(AccountError::Internal(cause)) => Err(WebError::Internal(cause)),
        Err(e) => {
            let (jar, csrf) = csrf_token(&app, jar);
            let page = VerifyPage {
                appname: appname(),
                csrf,
                req,
                email: form.email,
                error: Some(e.wording()),
                notice: None,
            };
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct ResendForm {
    req: Option<String>,
    #[serde(default)]
    email: String,
}

pub async fn verify_resend(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<ResendForm>,
) -> Result<Response, WebError> {
    let refusal = verification::resend(&app, &form.email, &origin).await.err();
    let (jar, csrf) = csrf_token(&app, jar);
    let page = VerifyPage {
        appname: appname(),
        csrf,
        req: form.req.filter(|r| !r.is_empty()),
        email: form.email,
        error: refusal.as_ref().map(|e| e.wording()),
        notice: Some(crate::i18n::tr("notice-verification-resent")),
    };
    Ok((jar, form_page(render(&page), refusal.as_ref())).into_response())
}

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    token: String,
}

/// The link in a verification message. A GET that changes state is what mail links are; the
/// token is single-use and 256 bits, so prefetching scanners at worst use it up early.
pub async fn verify_link(
    State(app): State<App>,
    Origin(origin): Origin,
    PageQuery(q): PageQuery<LinkQuery>,
) -> Result<Response, WebError> {
    match verification::verify_link(&app, &q.token, &origin).await {
        Ok((_, purpose)) if purpose == verification::CHANGE => {
            Ok(Redirect::to("/account/email?changed=1").into_response())
        }
        Ok(_) => Ok(verified_redirect(None)),
        Err(AccountError::Internal(cause)) => Err(WebError::Internal(cause)),
        Err(e) => {
            let mut page = MessagePage::new(&crate::i18n::tr("link-not-valid"), &e.wording());
            page.link = Some(("/login".into(), crate::i18n::tr("go-to-sign-in")));
            Ok(form_again(render(&page), &e))
        }
    }
}

// ---- password recovery ----------------------------------------------------------------------

pub async fn forgot_page(State(app): State<App>, jar: CookieJar) -> Response {
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ForgotPage {
        appname: appname(),
        csrf,
        sent: false,
        minutes: app.settings.accounts.password_reset_expires_minutes,
        error: None,
    };
    (jar, Html(render(&page))).into_response()
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn forgot_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<Response, WebError> {
    let refusal = recovery::request(&app, &form.email, &origin).await.err();
    let (sent, error) = (refusal.is_none(), refusal.as_ref().map(|e| e.wording()));
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ForgotPage {
        appname: appname(),
        csrf,
        sent,
        minutes: app.settings.accounts.password_reset_expires_minutes,
        error,
    };
    Ok((jar, form_page(render(&page), refusal.as_ref())).into_response())
}

fn link_expired() -> Response {
    let mut page = MessagePage::new(
        &crate::i18n::tr("link-not-valid"),
        &crate::i18n::tr("reset-link-expired"),
    );
    page.link = Some((
        "/password/forgot".into(),
        crate::i18n::tr("ask-for-new-link"),
    ));
    (StatusCode::BAD_REQUEST, Html(render(&page))).into_response()
}

pub async fn reset_page(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<LinkQuery>,
) -> Result<Response, WebError> {
    let user = match recovery::link_user(&app, &q.token).await {
        Ok(user) => user,
        Err(AccountError::Internal(cause)) => return Err(WebError::Internal(cause)),
        Err(_) => return Ok(link_expired()),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ResetPage {
        appname: appname(),
        csrf,
        token: q.token,
        email: user.label(),
        error: None,
        min_length: app.settings.passwords.min_length,
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn reset_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Response, WebError> {
    let outcome = if form.new != form.confirm {
        Err(AccountError::Invalid(
            "The two new passwords differ.".into(),
        ))
    } else {
        recovery::complete(&app, &form.token, &form.new, &origin).await
    };
    match outcome {
        Ok(_) => {
            let jar = super::cookies::clear_session(&app, jar);
            Ok((jar, Redirect::to("/login?reset=1")).into_response())
        }
        Err(AccountError::LinkExpired) => Ok(link_expired()),
        Err(AccountError::Internal(cause)) => Err(WebError::Internal(cause)),
        Err(e) => {
            let email = recovery::link_user(&app, &form.token)
                .await
                .map(|u| u.label())
                .unwrap_or_default();
            let (jar, csrf) = csrf_token(&app, jar);
            let page = ResetPage {
                appname: appname(),
                csrf,
                token: form.token,
                email,
                error: Some(e.wording()),
                min_length: app.settings.passwords.min_length,
            };
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

// ---- invitations -----------------------------------------------------------------------------

/// The invitation page's provider buttons: links carrying the invitation and the CSRF token
/// (`web::upstream_signup::invite_start` says why not forms).
async fn invitation_buttons(
    app: &App,
    token: &str,
    csrf: &str,
) -> Result<Vec<super::pages::ProviderButton>, WebError> {
    let encode = |v: &str| url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>();
    let mut buttons = super::federated::buttons(app, None).await?;
    for button in &mut buttons {
        button.href = format!(
            "/invite/federated/{}?token={}&csrf={}",
            button.id,
            encode(token),
            encode(csrf)
        );
    }
    Ok(buttons)
}

fn invitation_expired() -> Response {
    let mut page = MessagePage::new(
        &crate::i18n::tr("invitation-not-valid"),
        &crate::i18n::tr("invitation-expired"),
    );
    page.link = Some(("/login".into(), crate::i18n::tr("go-to-sign-in")));
    (StatusCode::BAD_REQUEST, Html(render(&page))).into_response()
}

pub async fn invite_page(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<LinkQuery>,
) -> Result<Response, WebError> {
    let invitation = match invitation::open(&app, &q.token).await {
        Ok(invitation) => invitation,
        Err(AccountError::Internal(cause)) => return Err(WebError::Internal(cause)),
        Err(_) => return Ok(invitation_expired()),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let providers = invitation_buttons(&app, &q.token, &csrf).await?;
    let page = InvitePage {
        appname: appname(),
        csrf,
        token: q.token,
        email: invitation.email,
        first_name: String::new(),
        last_name: String::new(),
        error: None,
        min_length: app.settings.passwords.min_length,
        providers,
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    password: String,
}

pub async fn invite_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<Response, WebError> {
    match invitation::accept(
        &app,
        &form.token,
        &form.first_name,
        &form.last_name,
        &form.password,
        &origin,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/login?invited=1").into_response()),
        Err(AccountError::LinkExpired) => Ok(invitation_expired()),
        Err(AccountError::Internal(cause)) => Err(WebError::Internal(cause)),
        Err(e) => {
            let email = invitation::open(&app, &form.token)
                .await
                .map(|i| i.email)
                .unwrap_or_default();
            let (jar, csrf) = csrf_token(&app, jar);
            let providers = invitation_buttons(&app, &form.token, &csrf).await?;
            let page = InvitePage {
                appname: appname(),
                csrf,
                token: form.token,
                email,
                first_name: form.first_name,
                last_name: form.last_name,
                error: Some(e.wording()),
                min_length: app.settings.passwords.min_length,
                providers,
            };
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}
