//! The account's two-step sign-in page: setting up (or moving to another) authenticator app,
//! renewing recovery codes and turning the second factor off. The last two, and setting up,
//! need the password typed within `mfa.reauthentication_secs`; an older session is asked for
//! it in the same form.

use super::wording::Wording;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{self, csrf_token};
use super::error::form_page;
use super::extract::{CsrfForm, Origin, PageQuery, SignedIn};
use super::pages::{EnrollPage, RecoveryCodesPage, SecurityPage, appname, render, when};
use crate::App;
use crate::auth::{AuthError, mfa, password};
use crate::crypto::token::{hash_token, random_token};
use crate::domain::{MfaMethod, SecondFactor, stepped_up};

#[derive(Deserialize)]
pub struct SecurityQuery {
    done: Option<String>,
}

pub(super) fn password_is_stale(app: &App, signed: &SignedIn) -> bool {
    !signed
        .session
        .recently_authenticated(app.clock.now(), app.settings.mfa.reauthentication_secs)
}

/// Checks the password when the session's is too old to vouch for a sensitive change.
pub(super) async fn reauthenticate_if_stale(
    app: &App,
    signed: &SignedIn,
    password: Option<&str>,
) -> Result<(), AuthError> {
    if !password_is_stale(app, signed) {
        return Ok(());
    }
    if signed.user.password_hash.is_none() {
        return Err(AuthError::WrongPassword(crate::i18n::tr(
            "error-confirm-with-provider",
        )));
    }
    let password = password.unwrap_or_default();
    if password.is_empty() {
        return Err(AuthError::WrongPassword(crate::i18n::tr(
            "error-type-password",
        )));
    }
    password::reauthenticate(app, &signed.session, &signed.user, password).await
}

async fn security_page(
    app: &App,
    jar: CookieJar,
    signed: &SignedIn,
    notice: Option<String>,
    error: Option<AuthError>,
) -> Result<Response, WebError> {
    let status = mfa::status(app, &signed.user.id).await?;
    let policy = mfa::policy(app).await?;
    let (jar, csrf) = csrf_token(app, jar);
    let reauth_links = if password_is_stale(app, signed) {
        super::linked::reauthentication_links(
            app,
            &signed.user,
            &csrf,
            crate::auth::federated::ReturnTo::Security,
        )
        .await?
    } else {
        Vec::new()
    };
    let page = SecurityPage {
        reauth_links,
        appname: appname(),
        active: "security",
        csrf,
        notice,
        error: error.as_ref().map(|e| e.wording()),
        required: policy.required_for_user(&signed.user),
        app_allowed: policy.allows(MfaMethod::App),
        enabled_since: status.app_enabled_at.map(when),
        recovery_codes_left: status.recovery_codes_left,
        ask_password: password_is_stale(app, signed) && signed.user.password_hash.is_some(),
        sms_allowed: policy.allows(MfaMethod::Sms),
        sms_on: status.sms_enabled_at.is_some(),
        sms_number: signed
            .user
            .phone
            .as_ref()
            .filter(|_| signed.user.phone_verified)
            .map(|p| p.masked()),
    };
    Ok((jar, form_page(render(&page), error.as_ref())).into_response())
}

#[derive(Deserialize)]
pub struct SmsForm {
    #[serde(default)]
    enable: String,
    password: Option<String>,
}

/// `POST /account/security/sms`: text messages on (`enable=1`) or off as the second factor,
/// with the password typed again when the session's is old.
pub async fn sms(
    State(app): State<App>,
    jar: CookieJar,
    signed: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<SmsForm>,
) -> Result<Response, WebError> {
    let result = match reauthenticate_if_stale(&app, &signed, form.password.as_deref()).await {
        Ok(()) if form.enable == "1" => {
            crate::auth::sms_factor::enable(&app, &signed.user, &origin).await
        }
        Ok(()) => crate::auth::sms_factor::disable(&app, &signed.user, &origin).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            let done = if form.enable == "1" {
                "sms-on"
            } else {
                "sms-off"
            };
            Ok(Redirect::to(&format!("/account/security?done={done}")).into_response())
        }
        Err(AuthError::Internal(cause)) => Err(WebError::Internal(cause)),
        Err(e) => security_page(&app, jar, &signed, None, Some(e)).await,
    }
}

pub async fn page(
    State(app): State<App>,
    jar: CookieJar,
    signed: SignedIn,
    PageQuery(q): PageQuery<SecurityQuery>,
) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("disabled") => Some(crate::i18n::tr("notice-mfa-off")),
        Some("sms-on") => Some(crate::i18n::tr("notice-sms-on")),
        Some("sms-off") => Some(crate::i18n::tr("notice-sms-off")),
        _ => None,
    };
    security_page(&app, jar, &signed, notice, None).await
}

async fn enrollment(
    app: &App,
    jar: CookieJar,
    signed: &SignedIn,
    error: Option<AuthError>,
) -> Result<Response, WebError> {
    let view = match mfa::enrollment(app, &signed.user).await {
        Ok(view) => view,
        Err(e @ AuthError::SecondFactorRefused(_)) => {
            return security_page(app, jar, signed, None, Some(e)).await;
        }
        Err(e) => return Err(e.into()),
    };
    let (jar, csrf) = csrf_token(app, jar);
    let page = EnrollPage {
        appname: appname(),
        active: "security",
        in_account: true,
        action: "/account/security/app",
        csrf,
        req: None,
        reason: mfa::status(app, &signed.user.id)
            .await?
            .has_second_factor()
            .then(|| crate::i18n::tr("enroll-reason-replace")),
        email: signed.user.label(),
        qr_svg: view.qr_svg,
        secret_text: view.secret_text,
        ask_password: password_is_stale(app, signed) && signed.user.password_hash.is_some(),
        error: error.as_ref().map(|e| e.wording()),
    };
    Ok((jar, form_page(render(&page), error.as_ref())).into_response())
}

pub async fn enroll_page(
    State(app): State<App>,
    jar: CookieJar,
    signed: SignedIn,
) -> Result<Response, WebError> {
    enrollment(&app, jar, &signed, None).await
}

#[derive(Deserialize)]
pub struct EnrollForm {
    #[serde(default)]
    code: String,
    password: Option<String>,
}

pub async fn enroll_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    signed: SignedIn,
    CsrfForm(form): CsrfForm<EnrollForm>,
) -> Result<Response, WebError> {
    let enabled = async {
        reauthenticate_if_stale(&app, &signed, form.password.as_deref()).await?;
        mfa::confirm_enrollment(&app, &signed.user, &form.code, &origin).await
    };
    let codes = match enabled.await {
        Ok(codes) => codes,
        Err(e @ AuthError::Internal(_)) => return Err(e.into()),
        // An expired setup shows a fresh key with the explanation.
        Err(e) => return enrollment(&app, jar, &signed, Some(e)).await,
    };
    // This browser just proved the new factor: its session counts as two-step from now on,
    // under a new cookie token.
    let token = random_token();
    app.store
        .step_up_session(
            &signed.session.id,
            &hash_token(&token),
            &stepped_up(&signed.session.amr, SecondFactor::App),
        )
        .await?;
    let jar = cookies::set_session(&app, jar, token);
    let page = RecoveryCodesPage {
        appname: appname(),
        active: "security",
        in_account: true,
        notice: Some(crate::i18n::tr("notice-mfa-on")),
        codes,
        continue_to: "/account/security".into(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    password: Option<String>,
}

/// The security page again with why a change was refused; real faults stay internal.
async fn refused(
    app: &App,
    jar: CookieJar,
    signed: &SignedIn,
    error: AuthError,
) -> Result<Response, WebError> {
    match error {
        AuthError::Internal(cause) => Err(WebError::Internal(cause)),
        e => security_page(app, jar, signed, None, Some(e)).await,
    }
}

pub async fn renew_codes(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    signed: SignedIn,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response, WebError> {
    let renewed = async {
        reauthenticate_if_stale(&app, &signed, form.password.as_deref()).await?;
        mfa::renew_recovery_codes(&app, &signed.user, &origin).await
    };
    match renewed.await {
        Ok(codes) => {
            let page = RecoveryCodesPage {
                appname: appname(),
                active: "security",
                in_account: true,
                notice: Some(crate::i18n::tr("notice-new-recovery-codes")),
                codes,
                continue_to: "/account/security".into(),
            };
            Ok(Html(render(&page)).into_response())
        }
        Err(e) => refused(&app, jar, &signed, e).await,
    }
}

pub async fn disable(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    signed: SignedIn,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response, WebError> {
    let disabled = async {
        reauthenticate_if_stale(&app, &signed, form.password.as_deref()).await?;
        mfa::disable(&app, &signed.user, &origin).await
    };
    match disabled.await {
        Ok(()) => Ok(Redirect::to("/account/security?done=disabled").into_response()),
        Err(e) => refused(&app, jar, &signed, e).await,
    }
}
