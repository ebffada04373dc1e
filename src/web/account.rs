//! The signed-in user's own pages: the account overview, changing the password (also the
//! bootstrap admin's forced first change), and signing out.

use super::wording::Wording;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{self, csrf_token};
use super::error::form_again;
use super::extract::{CsrfForm, Origin, PageQuery, SignedIn};
use super::session::{current_session, with_req};
use std::collections::HashMap;

use super::pages::{
    AccountPage, AppView, AppsPage, EmailPage, FieldView, MessagePage, PasswordPage, Problem,
    ProfilePage, SessionView, SessionsPage, appname, device, render, when_for,
};
use crate::App;
use crate::accounts::{self, AccountError};
use crate::auth::federated::ReturnTo;
use crate::auth::{AuthError, password, sessions};
use crate::domain::AuditKind;
use crate::domain::{DATE_FORMATS, ScopeSet, User, profile_label};
use crate::oauth::authorize::describe_scope;

pub async fn home() -> Redirect {
    Redirect::to("/account")
}

#[derive(Deserialize)]
pub struct AccountQuery {
    changed: Option<String>,
}

pub async fn account_page(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    PageQuery(q): PageQuery<AccountQuery>,
) -> Result<Response, WebError> {
    let acting_for = match &session.acting_authority_id {
        Some(id) => crate::delegation::usable(&app, id, &user.id, None)
            .await?
            .map(|a| a.subject.display_name()),
        None => None,
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = AccountPage {
        username: user.username.clone(),
        acting_for,
        appname: appname(),
        active: "account",
        csrf,
        name: user.display_name(),
        email: user.email_text().to_string(),
        verified: user.email_verified || user.email.is_none(),
        console: !crate::admin::capabilities_of_user(&app, &user).is_empty(),
        privileges: user.privileges.clone(),

        notice: q
            .changed
            .map(|_| crate::i18n::tr("notice-password-changed")),
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct PasswordQuery {
    req: Option<String>,
}

pub async fn password_page(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<PasswordQuery>,
) -> Result<Response, WebError> {
    let Some((session, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let reauth_links = first_password_links(&app, &session, &user, &csrf).await?;
    let page = PasswordPage {
        appname: appname(),
        active: "password",
        csrf,
        req: q.req,
        forced: user.must_change_password,
        error: None,
        min_length: app.settings.passwords.min_length,
        has_password: user.password_hash.is_some(),
        reauth_links,
    };
    Ok((jar, Html(render(&page))).into_response())
}

/// The provider links a password-less user needs before setting a first password or
/// changing the address, when the session is too old to vouch for it.
async fn first_password_links(
    app: &App,
    session: &crate::store::Session,
    user: &User,
    csrf: &str,
) -> Result<Vec<super::pages::ProviderButton>, WebError> {
    first_step_links(app, session, user, csrf, ReturnTo::Password).await
}

pub(super) async fn first_step_links(
    app: &App,
    session: &crate::store::Session,
    user: &User,
    csrf: &str,
    then: ReturnTo,
) -> Result<Vec<super::pages::ProviderButton>, WebError> {
    if session.recently_authenticated(app.clock.now(), app.settings.mfa.reauthentication_secs) {
        return Ok(Vec::new());
    }
    super::linked::reauthentication_links(app, user, csrf, then).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    req: Option<String>,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn password_submit(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    let Some((current, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    let req = form.req.filter(|r| !r.is_empty());
    let outcome = if form.new != form.confirm {
        Err(AuthError::PasswordRejected(crate::i18n::tr(
            "error-passwords-differ",
        )))
    } else {
        match user.password_hash {
            Some(_) => {
                password::change_password(&app, &user, &form.current, &form.new, &origin).await
            }
            None => password::set_first_password(&app, &current, &user, &form.new, &origin).await,
        }
    };
    match outcome {
        Ok(()) => {
            // Whoever else knew the old password is signed out; this browser stays in.
            sessions::end_others(&app, &user.id, &current.id, &origin).await?;
            app.store
                .revoke_grants_of_user_except_session(&user.id, &current.id, app.clock.now())
                .await?;
            let target = match &req {
                Some(_) => with_req("/authorize/resume", req.as_deref()),
                None => "/account?changed=1".into(),
            };
            Ok(Redirect::to(&target).into_response())
        }
        Err(
            e @ (AuthError::PasswordRejected(_)
            | AuthError::WrongPassword(_)
            | AuthError::RateLimited { .. }),
        ) => {
            let (jar, csrf) = csrf_token(&app, jar);
            let reauth_links = first_password_links(&app, &current, &user, &csrf).await?;
            let page = PasswordPage {
                appname: appname(),
                active: "password",
                csrf,
                req,
                forced: user.must_change_password,
                error: Some(e.wording()),
                min_length: app.settings.passwords.min_length,
                has_password: user.password_hash.is_some(),
                reauth_links,
            };
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {}

pub async fn logout(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(_): CsrfForm<LogoutForm>,
) -> Result<Response, WebError> {
    if let Some((session, _)) = current_session(&app, &jar).await? {
        sessions::end(&app, &session, &origin).await?;
    }
    let jar = cookies::clear_session(&app, jar);
    let page = MessagePage::new(
        &crate::i18n::tr("signed-out-title"),
        &crate::i18n::tr("signed-out-close"),
    );
    Ok((jar, Html(render(&page))).into_response())
}

// ---- signed-in pages ------------------------------------------------------------------------

fn profile_page(
    app: &App,
    user: &User,
    csrf: String,
    problems: Vec<(&'static str, String)>,
    notice: Option<String>,
) -> ProfilePage {
    let fields = accounts::profile::editable_fields(app, user)
        .into_iter()
        .map(|name| {
            let value = match name {
                "first_name" => user.first_name.clone(),
                "last_name" => user.last_name.clone(),
                "nickname" => user.nickname.clone(),
                "initials" => user.initials.clone(),
                other => user.details.get(other).to_string(),
            };
            let mut field = FieldView::new(name, profile_label(name), value, profile_hint(name));
            field.problem = problems
                .iter()
                .find(|(about, _)| *about == name)
                .map(|(_, message)| message.clone());
            field
        })
        .collect();
    let problems = problems
        .into_iter()
        .map(|(field, message)| Problem {
            field: field.to_string(),
            message,
        })
        .collect();
    ProfilePage {
        appname: appname(),
        active: "profile",
        csrf,
        fields,
        date_formats: DATE_FORMATS.to_vec(),
        problems,
        notice,
    }
}

fn profile_hint(name: &str) -> &'static str {
    match name {
        "nickname" => "What people call you; shown instead of your full name",
        "initials" => "e.g. JD",
        "country" => "Two letters, e.g. BE",
        "timezone" => "e.g. Europe/Brussels",
        "language" => "e.g. en, de-CH",
        _ => "",
    }
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    saved: Option<String>,
    changed: Option<String>,
    ended: Option<String>,
    revoked: Option<String>,
}

pub async fn profile_get(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { user, .. }: SignedIn,
    PageQuery(q): PageQuery<NoticeQuery>,
) -> Result<Response, WebError> {
    let (jar, csrf) = csrf_token(&app, jar);
    let notice = q.saved.map(|_| crate::i18n::tr("notice-profile-saved"));
    Ok((
        jar,
        Html(render(&profile_page(&app, &user, csrf, Vec::new(), notice))),
    )
        .into_response())
}

pub async fn profile_post(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { user, .. }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    match accounts::profile::update(&app, &user, &form, &origin).await {
        Ok(()) => Ok(Redirect::to("/account/profile?saved=1").into_response()),
        Err(problems) => {
            if let Some((_, cause)) = problems.iter().find(|(field, _)| field.is_empty()) {
                return Err(WebError::Internal(cause.clone()));
            }
            // Show what they typed, with the problems.
            let mut shown = user.clone();
            for (key, value) in &form {
                match key.as_str() {
                    "first_name" => shown.first_name = value.clone(),
                    "last_name" => shown.last_name = value.clone(),
                    "nickname" => shown.nickname = value.clone(),
                    "initials" => shown.initials = value.clone(),
                    other => shown.details.set(other, value.clone()),
                }
            }
            let (jar, csrf) = csrf_token(&app, jar);
            let page = profile_page(&app, &shown, csrf, problems, None);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, Html(render(&page))).into_response())
        }
    }
}

async fn email_page(
    app: &App,
    session: &crate::store::Session,
    user: &User,
    csrf: String,
    error: Option<String>,
    notice: Option<String>,
) -> Result<EmailPage, WebError> {
    let reauth_links = first_step_links(app, session, user, &csrf, ReturnTo::Email).await?;
    let pending = app
        .store
        .pending_verification_of_user(&user.id, accounts::verification::CHANGE, app.clock.now())
        .await?
        .map(|v| v.email);
    Ok(EmailPage {
        appname: appname(),
        active: "email",
        csrf,
        current: user.email_text().to_string(),
        verified: user.email_verified,
        pending,
        error,
        notice,
        has_password: user.password_hash.is_some(),
        reauth_links,
    })
}

pub async fn email_get(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    PageQuery(q): PageQuery<NoticeQuery>,
) -> Result<Response, WebError> {
    let (jar, csrf) = csrf_token(&app, jar);
    let notice = if q.changed.is_some() {
        Some(crate::i18n::tr("notice-email-changed"))
    } else {
        q.saved.map(|_| crate::i18n::tr("notice-email-code-sent"))
    };
    let page = email_page(&app, &session, &user, csrf, None, notice).await?;
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    current_password: String,
}

pub async fn email_post(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<EmailForm>,
) -> Result<Response, WebError> {
    let proof = match user.password_hash {
        Some(_) => accounts::email_change::OwnerProof::Password(&form.current_password),
        None => accounts::email_change::OwnerProof::RecentSignIn(&session),
    };
    match accounts::email_change::request(&app, &user, &form.email, proof, &origin).await {
        Ok(_) => Ok(Redirect::to("/account/email?saved=1").into_response()),
        Err(AccountError::Internal(cause)) => Err(WebError::Internal(cause)),
        Err(e) => {
            let (jar, csrf) = csrf_token(&app, jar);
            let page = email_page(&app, &session, &user, csrf, Some(e.wording()), None).await?;
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn email_confirm(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { session, user }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    match accounts::verification::verify_change_code(&app, &user, &form.code, &origin).await {
        Ok(_) => Ok(Redirect::to("/account/email?changed=1").into_response()),
        Err(AccountError::Internal(cause)) => Err(WebError::Internal(cause)),
        Err(e) => {
            let (jar, csrf) = csrf_token(&app, jar);
            let page = email_page(&app, &session, &user, csrf, Some(e.wording()), None).await?;
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

pub async fn sessions_get(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn {
        session: current,
        user,
    }: SignedIn,
    PageQuery(q): PageQuery<NoticeQuery>,
) -> Result<Response, WebError> {
    let now = app.clock.now();
    let idle = app.settings.sessions.idle_timeout_secs;
    let sessions = app
        .store
        .sessions_of_user(&user.id)
        .await?
        .into_iter()
        .filter(|s| s.expires_at > now && s.last_seen_at + idle > now)
        .map(|s| SessionView {
            current: s.id == current.id,
            device: device(&s.user_agent),
            ip: if s.ip.is_empty() {
                crate::i18n::tr("sessions-unknown-address")
            } else {
                s.ip.clone()
            },
            created: when_for(&user, s.created_at),
            last_seen: when_for(&user, s.last_seen_at),
            id: s.id,
        })
        .collect();
    let (jar, csrf) = csrf_token(&app, jar);
    let page = SessionsPage {
        appname: appname(),
        active: "sessions",
        csrf,
        sessions,
        notice: q.ended.map(|_| crate::i18n::tr("notice-session-ended")),
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct EndSessionForm {
    #[serde(default)]
    id: String,
}

pub async fn sessions_end(
    State(app): State<App>,
    SignedIn { user, .. }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<EndSessionForm>,
) -> Result<Response, WebError> {
    if !sessions::end_by_id(&app, &user.id, &form.id, &origin).await? {
        return Err(WebError::page(
            StatusCode::NOT_FOUND,
            "Session not found",
            "That session has already ended.",
        ));
    }
    Ok(Redirect::to("/account/sessions?ended=1").into_response())
}

pub async fn sessions_end_others(
    State(app): State<App>,
    SignedIn {
        session: current,
        user,
    }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(_): CsrfForm<LogoutForm>,
) -> Result<Response, WebError> {
    sessions::end_others(&app, &user.id, &current.id, &origin).await?;
    Ok(Redirect::to("/account/sessions?ended=1").into_response())
}

pub async fn apps_get(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { user, .. }: SignedIn,
    PageQuery(q): PageQuery<NoticeQuery>,
) -> Result<Response, WebError> {
    let apps = app
        .store
        .consents_of_user(&user.id)
        .await?
        .into_iter()
        .map(|(client_id, name, scopes, granted_at)| {
            let lang = crate::i18n::current();
            let described: Vec<String> = ScopeSet::parse(&scopes)
                .unwrap_or_default()
                .iter()
                .filter(|s| describe_scope(*s).is_some())
                .map(|s| lang.t(&format!("scope-{}", s.as_str())))
                .collect();
            AppView {
                client_id,
                name,
                scopes: if described.is_empty() {
                    lang.t("apps-identity-only")
                } else {
                    described.join(", ")
                },
                granted: when_for(&user, granted_at),
            }
        })
        .collect();
    let (jar, csrf) = csrf_token(&app, jar);
    let page = AppsPage {
        appname: appname(),
        active: "apps",
        csrf,
        apps,
        notice: q.revoked.map(|_| crate::i18n::tr("notice-access-removed")),
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct RevokeAppForm {
    #[serde(default)]
    client_id: String,
}

pub async fn apps_revoke(
    State(app): State<App>,
    SignedIn { user, .. }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<RevokeAppForm>,
) -> Result<Response, WebError> {
    app.store
        .revoke_consent(&user.id, &form.client_id, app.clock.now())
        .await?;
    accounts::audit(
        &app,
        AuditKind::ConsentRevoked,
        Some(&user.id),
        &origin,
        form.client_id.clone(),
    )
    .await?;
    Ok(Redirect::to("/account/apps?revoked=1").into_response())
}
