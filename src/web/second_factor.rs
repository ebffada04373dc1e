//! The second step of a sign-in: after the password (or when a signed-in session must step
//! up), the browser holds a challenge cookie and is asked for a code from its authenticator
//! app, a recovery code, or — when the policy or the client demands a second factor the user
//! lacks — to set one up. Only then does a session exist.

use super::wording::Wording;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{self, csrf_token};
use super::error::form_again;
use super::extract::{CsrfForm, Origin, PageQuery};
use super::pages::{EnrollPage, RecoveryCodesPage, SecondFactorPage, appname, render};
use super::session::{begin_session, current_session, next_after_sign_in, with_req};
use crate::App;
use crate::auth::{AuthError, mfa, sms_factor};
use crate::crypto::token::{hash_token, random_token};
use crate::domain::{FirstFactor, SecondFactor, User, amr_of, sign_in_method, stepped_up};
use crate::store::{MfaChallenge, StoreError};

#[derive(Deserialize)]
pub struct StepQuery {
    req: Option<String>,
}

fn expired(req: Option<&str>) -> WebError {
    WebError::page_with_link(
        StatusCode::BAD_REQUEST,
        "Sign-in expired",
        "Too much time passed since you typed your password, or this step was completed in another tab. Sign in again.",
        &with_req("/login", req),
        "Sign in",
    )
}

async fn open_challenge(
    app: &App,
    jar: &CookieJar,
    req: Option<&str>,
) -> Result<(MfaChallenge, User), WebError> {
    let token = cookies::challenge_token(app, jar).ok_or_else(|| expired(req))?;
    mfa::challenge(app, &token)
        .await?
        .ok_or_else(|| expired(req))
}

/// Why this user is asked to set up a second factor now.
async fn enrollment_reason(app: &App, user: &User) -> Result<String, WebError> {
    Ok(if mfa::policy(app).await?.required_for_user(user) {
        crate::i18n::tr("enroll-reason-privileges")
    } else {
        crate::i18n::tr("enroll-reason-application")
    })
}

async fn enroll_page(
    app: &App,
    user: &User,
    csrf: String,
    req: Option<String>,
    error: Option<String>,
) -> Result<String, WebError> {
    let view = mfa::enrollment(app, user).await?;
    Ok(render(&EnrollPage {
        appname: appname(),
        active: "security",
        in_account: false,
        action: "/login/two-factor",
        csrf,
        req,
        reason: Some(enrollment_reason(app, user).await?),
        email: user.label(),
        qr_svg: view.qr_svg,
        secret_text: view.secret_text,
        ask_password: false,
        error,
    }))
}

#[derive(Deserialize)]
pub struct PageQueryFull {
    req: Option<String>,
    sms: Option<String>,
}

/// What the browser's challenge may be answered with: an app, and text messages (the masked
/// number) — never after a phone sign-in (a step-up reads that from the browser's session).
async fn methods(
    app: &App,
    jar: &CookieJar,
    challenge: &MfaChallenge,
    user: &User,
) -> Result<(bool, Option<String>), WebError> {
    let has_app = app.store.totp_factor(&user.id).await?.is_some();
    let first = match challenge.session_id {
        Some(_) => match current_session(app, jar).await? {
            Some((session, _)) if !session.amr.iter().any(|m| m == "sms") => FirstFactor::Password,
            _ => FirstFactor::Phone,
        },
        None => FirstFactor::parse(&challenge.first_factor).unwrap_or(FirstFactor::Phone),
    };
    let sms = sms_factor::usable(app, user, first)
        .await?
        .then(|| user.phone.as_ref().map(|p| p.masked()))
        .flatten();
    Ok((has_app, sms))
}

fn factor_page(
    csrf: String,
    req: Option<String>,
    methods: &(bool, Option<String>),
    sms_sent: bool,
    error: Option<String>,
) -> String {
    render(&SecondFactorPage {
        appname: appname(),
        csrf,
        req,
        error,
        app: methods.0,
        sms: methods.1.clone(),
        sms_sent: sms_sent && methods.1.is_some(),
    })
}

pub async fn page(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<PageQueryFull>,
) -> Result<Response, WebError> {
    let req = q.req.filter(|r| !r.is_empty());
    let (challenge, user) = open_challenge(&app, &jar, req.as_deref()).await?;
    let methods = methods(&app, &jar, &challenge, &user).await?;
    let (jar, csrf) = csrf_token(&app, jar);
    let html = if methods.0 || methods.1.is_some() {
        factor_page(csrf, req, &methods, q.sms.is_some(), None)
    } else {
        enroll_page(&app, &user, csrf, req, None).await?
    };
    Ok((jar, Html(html)).into_response())
}

#[derive(Deserialize)]
pub struct SmsForm {
    req: Option<String>,
}

/// `POST /login/two-factor/sms`: texts a code for this challenge's user.
pub async fn send_sms(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<SmsForm>,
) -> Result<Response, WebError> {
    let req = form.req.filter(|r| !r.is_empty());
    let (challenge, user) = open_challenge(&app, &jar, req.as_deref()).await?;
    let methods = methods(&app, &jar, &challenge, &user).await?;
    if methods.1.is_none() {
        return Err(expired(req.as_deref()));
    }
    match sms_factor::send(&app, &user, &origin).await {
        Ok(sent) => {
            let jar = cookies::set_phone_code(&app, jar, sent.token);
            let target = match &req {
                Some(r) => format!("/login/two-factor?sms=1&req={r}"),
                None => "/login/two-factor?sms=1".into(),
            };
            Ok((jar, Redirect::to(&target)).into_response())
        }
        Err(e) => {
            let (jar, csrf) = csrf_token(&app, jar);
            let html = factor_page(csrf, req, &methods, false, Some(e.wording()));
            Ok((jar, form_again(html, &e)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct StepForm {
    req: Option<String>,
    #[serde(default)]
    code: String,
    /// `sms` for a texted code; anything else is the app (or a recovery code).
    #[serde(default)]
    method: String,
}

pub async fn submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<StepForm>,
) -> Result<Response, WebError> {
    let req = form.req.filter(|r| !r.is_empty());
    let (challenge, user) = open_challenge(&app, &jar, req.as_deref()).await?;
    let methods = methods(&app, &jar, &challenge, &user).await?;
    let enrolled = methods.0 || methods.1.is_some();
    let by_sms = form.method == "sms" && methods.1.is_some();
    // Which factor the code belonged to decides the session's `amr`; each method's code is
    // checked only against that method.
    let outcome = if by_sms {
        match cookies::phone_code(&app, &jar) {
            Some(token) => sms_factor::verify(&app, &user, &token, &form.code, &origin)
                .await
                .map(|passed| (passed, None)),
            None => Err(AuthError::WrongSecondFactor),
        }
    } else if methods.0 {
        mfa::verify(&app, &user, &form.code, &origin)
            .await
            .map(|passed| (passed, None))
    } else if enrolled {
        Err(AuthError::WrongSecondFactor)
    } else {
        mfa::confirm_enrollment(&app, &user, &form.code, &origin)
            .await
            .map(|codes| (SecondFactor::App, Some(codes)))
    };
    let (passed, recovery_codes) = match outcome {
        Ok(result) => result,
        Err(
            e @ (AuthError::WrongSecondFactor
            | AuthError::WrongRecoveryCode
            | AuthError::RateLimited { .. }),
        ) => {
            let (jar, csrf) = csrf_token(&app, jar);
            let html = if enrolled {
                factor_page(csrf, req, &methods, by_sms, Some(e.wording()))
            } else {
                enroll_page(&app, &user, csrf, req, Some(e.wording())).await?
            };
            return Ok((jar, form_again(html, &e)).into_response());
        }
        Err(AuthError::SecondFactorExpired) => return Err(expired(req.as_deref())),
        Err(e) => return Err(e.into()),
    };
    // One challenge, one session, even if the same form arrives twice.
    if !app
        .store
        .take_mfa_challenge(&challenge.id, app.clock.now())
        .await?
    {
        return Err(expired(req.as_deref()));
    }
    let jar = cookies::clear_challenge(&app, jar);
    let return_to = cookies::return_to(&app, &jar);
    let jar = cookies::clear_return_to(&app, jar);
    let jar = if by_sms {
        cookies::clear_phone_code(&app, jar)
    } else {
        jar
    };
    let jar = match &challenge.session_id {
        Some(session_id) => step_up(&app, jar, session_id, passed, req.as_deref()).await?,
        None => {
            // A first factor this build does not know (a downgrade) is not guessed at.
            let first = FirstFactor::parse(&challenge.first_factor)
                .ok_or_else(|| expired(req.as_deref()))?;
            let method = format!(
                "{} + {}",
                sign_in_method(first, challenge.idp.as_deref()),
                passed.describe()
            );
            begin_session(
                &app,
                jar,
                &user,
                amr_of(first, Some(passed)),
                challenge.idp.clone(),
                &method,
                &origin,
            )
            .await?
        }
    };
    let target = next_after_sign_in(&user, req.as_deref(), return_to);
    match recovery_codes {
        None => Ok((jar, Redirect::to(&target)).into_response()),
        Some(codes) => {
            let page = RecoveryCodesPage {
                appname: appname(),
                active: "security",
                in_account: false,
                notice: Some(crate::i18n::tr("notice-mfa-on")),
                codes,
                continue_to: target,
            };
            Ok((jar, Html(render(&page))).into_response())
        }
    }
}

/// Gives an existing session the second factor just passed, under a new cookie token. The
/// browser must still hold that session.
async fn step_up(
    app: &App,
    jar: CookieJar,
    session_id: &str,
    passed: SecondFactor,
    req: Option<&str>,
) -> Result<CookieJar, WebError> {
    let session = match current_session(app, &jar).await? {
        Some((session, _)) if session.id == session_id => session,
        _ => return Err(expired(req)),
    };
    let token = random_token();
    match app
        .store
        .step_up_session(
            session_id,
            &hash_token(&token),
            &stepped_up(&session.amr, passed),
        )
        .await
    {
        Ok(()) => Ok(cookies::set_session(app, jar, token)),
        // The session ended (signed out elsewhere) while the code was being typed.
        Err(StoreError::NotFound) => Err(expired(req)),
        Err(e) => Err(e.into()),
    }
}

/// A signed-in session that must step up (the policy now requires a second factor of its
/// user) comes here from the account pages and the console.
pub async fn start(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<StepQuery>,
) -> Result<Response, WebError> {
    let req = q.req.filter(|r| !r.is_empty());
    let Some((session, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to(&with_req("/login", req.as_deref())).into_response());
    };
    let token = mfa::open_challenge(&app, &user, mfa::Opens::StepUp(&session)).await?;
    let jar = cookies::set_challenge(&app, jar, token);
    let target = with_req("/login/two-factor", req.as_deref());
    Ok((jar, Redirect::to(&target)).into_response())
}
