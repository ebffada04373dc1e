//! The interactive steps of a sign-in: the password form, resuming a parked authorization
//! request, the consent page, and RP-initiated logout.

use super::wording::Wording;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{self, csrf_token};
use super::error::form_again;
use super::extract::{CsrfForm, Origin, PageForm, PageQuery};
use super::lang::{PageLang, switcher};
use super::oidc::{Pending, decide_acting, finish, load_parked, proceed, respond};
use super::pages::{ConsentPage, LoginPage, LogoutPage, MessagePage, appname, render};
use super::session::{after_first_factor, current_session, with_req};
use crate::App;
use crate::auth::mfa;
use crate::auth::{AuthError, RequestOrigin, password, sessions};
use crate::domain::ScopeSet;
use crate::domain::{FirstStep, User};
use crate::oauth::authorize::{self, Interaction, describe_scope};
use crate::oauth::logout::{self, EndSessionRequest};
use crate::oauth::{ErrorCode, OAuthError};

#[derive(Deserialize)]
pub struct ReqQuery {
    req: Option<String>,
    verified: Option<String>,
    reset: Option<String>,
    invited: Option<String>,
}

pub async fn login_page(
    State(app): State<App>,
    jar: CookieJar,
    page_lang: PageLang,
    PageQuery(q): PageQuery<ReqQuery>,
) -> Result<Response, WebError> {
    let (client_name, email, ui_locales) = match q.req.as_deref() {
        Some(id) => {
            let (client, request, _) = load_parked(&app, id).await?;
            (
                Some(client.name),
                request.login_hint.unwrap_or_default(),
                request.ui_locales,
            )
        }
        None => (None, String::new(), None),
    };
    let providers = super::federated::buttons(&app, q.req.as_deref()).await?;
    // Already signed in and not on the way to an application: say so, rather than show an
    // empty form as if nobody were.
    let current = current_session(&app, &jar).await?.map(|(_, u)| u);
    let signed_in = match q.req {
        None => current.as_ref().map(User::display_name),
        Some(_) => None,
    };
    let profile_language = current.as_ref().map(|u| u.details.language.clone());
    let lang = page_lang.resolve(ui_locales.as_deref(), profile_language.as_deref());
    let jar = page_lang.remember(&app, jar);
    let (jar, csrf) = csrf_token(&app, jar);
    let page = LoginPage {
        lang,
        languages: switcher("/login", q.req.as_deref(), lang),
        signed_in_as: signed_in.clone(),
        phone_sign_in: app.settings.phone.sign_in,
        providers,
        appname: appname(),
        registration_open: app.settings.accounts.allow_registration,
        notice: if q.verified.is_some() {
            Some(crate::i18n::tr("notice-email-confirmed"))
        } else if q.invited.is_some() {
            Some(crate::i18n::tr("notice-account-ready"))
        } else {
            q.reset.map(|_| "Your new password is saved and every session was signed out. Sign in with the new password.".into())
        },
        csrf,
        req: q.req,
        email,
        error: None,
        client_name,
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    req: Option<String>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub async fn login_submit(
    State(app): State<App>,
    jar: CookieJar,
    page_lang: PageLang,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, WebError> {
    let req = form.req.filter(|r| !r.is_empty());
    let parked = match req.as_deref() {
        Some(id) => Some(load_parked(&app, id).await?),
        None => None,
    };
    let client_name = parked.as_ref().map(|(client, _, _)| client.name.clone());
    let wants_mfa = parked
        .as_ref()
        .is_some_and(|(_, request, _)| request.wants_mfa());
    let device = cookies::device_token(&app, &jar);
    match password::sign_in(
        &app,
        &form.email,
        &form.password,
        device.as_deref(),
        &origin,
    )
    .await
    {
        Ok(user) => {
            let jar = cookies::set_device(&app, jar, &user.id);
            after_first_factor(
                &app,
                jar,
                &user,
                &FirstStep::password(),
                wants_mfa,
                req.as_deref(),
                &origin,
            )
            .await
        }
        Err(AuthError::EmailNotVerified) => {
            let mut target = format!(
                "/verify?unverified=1&email={}",
                url::form_urlencoded::byte_serialize(form.email.trim().as_bytes())
                    .collect::<String>()
            );
            if let Some(id) = &req {
                target.push_str(&format!(
                    "&req={}",
                    url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
                ));
            }
            Ok(Redirect::to(&target).into_response())
        }
        Err(
            e @ (AuthError::InvalidCredentials
            | AuthError::RateLimited { .. }
            | AuthError::AccountDisabled
            | AuthError::AccountNotValid(_)
            | AuthError::SignInDisabled),
        ) => {
            let providers = super::federated::buttons(&app, req.as_deref()).await?;
            let (jar, csrf) = csrf_token(&app, jar);
            let ui_locales = parked
                .as_ref()
                .and_then(|(_, request, _)| request.ui_locales.clone());
            let lang = page_lang.resolve(ui_locales.as_deref(), None);
            let page = LoginPage {
                lang,
                languages: switcher("/login", req.as_deref(), lang),
                signed_in_as: None,
                phone_sign_in: app.settings.phone.sign_in,
                appname: appname(),
                registration_open: app.settings.accounts.allow_registration,
                notice: None,
                csrf,
                req,
                email: form.email,
                error: Some(e.wording()),
                providers,
                client_name,
            };
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Back from an interaction: re-check the parked request against the session now present.
pub async fn resume(
    State(app): State<App>,
    jar: CookieJar,
    PageQuery(q): PageQuery<ReqQuery>,
) -> Result<Response, WebError> {
    let id = q.req.ok_or_else(|| {
        WebError::page(
            StatusCode::BAD_REQUEST,
            "Sign-in expired",
            "This link is incomplete. Go back to the application and start again.",
        )
    })?;
    let (client, request, parked) = load_parked(&app, &id).await?;
    proceed(&app, jar, &client, request, Pending::Parked(parked)).await
}

pub async fn consent_page(
    State(app): State<App>,
    jar: CookieJar,
    page_lang: PageLang,
    PageQuery(q): PageQuery<ReqQuery>,
) -> Result<Response, WebError> {
    let id = q.req.unwrap_or_default();
    let (client, request, _) = load_parked(&app, &id).await?;
    let Some((session, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to(&with_req("/login", Some(&id))).into_response());
    };
    let acting_for = decide_acting(&app, &request, &client, &session, &user)
        .await?
        .acting
        .map(|a| a.subject.display_name());
    let (jar, csrf) = csrf_token(&app, jar);
    // The logo is the client's own image: the page's policy allows its origin, nothing more.
    let logo_origin = client
        .links
        .logo_uri
        .as_deref()
        .and_then(super::csp::csp_origin);
    let lang = page_lang.resolve(request.ui_locales.as_deref(), Some(&user.details.language));
    let page = ConsentPage {
        lang,
        logo_uri: logo_origin.as_ref().and(client.links.logo_uri.clone()),
        policy_uri: client.links.policy_uri.clone(),
        tos_uri: client.links.tos_uri.clone(),
        appname: appname(),
        csrf,
        req: id,
        client_name: client.name,
        user_email: user.label(),
        acting_for,
        scopes: request
            .scopes()
            .iter()
            .filter(|s| describe_scope(*s).is_some())
            .map(|s| lang.t(&format!("scope-{}", s.as_str())))
            .collect(),
    };
    let mut response = (jar, Html(render(&page))).into_response();
    if let Some(origin) = logo_origin {
        response
            .extensions_mut()
            .insert(super::csp::ImageSource(origin));
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    req: String,
}

/// "Not you?" on the consent page: signs this browser out and shows the sign-in form for the
/// same request, so someone else can go on.
pub async fn consent_switch(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<SwitchForm>,
) -> Result<Response, WebError> {
    let (_, _, parked) = load_parked(&app, &form.req).await?;
    if let Some((session, _)) = current_session(&app, &jar).await? {
        sessions::end(&app, &session, &origin).await?;
    }
    let jar = cookies::clear_session(&app, jar);
    Ok((jar, Redirect::to(&with_req("/login", Some(&parked.id)))).into_response())
}

#[derive(Deserialize)]
pub struct ConsentForm {
    #[serde(default)]
    req: String,
    #[serde(default)]
    decision: String,
}

pub async fn consent_submit(
    State(app): State<App>,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<ConsentForm>,
) -> Result<Response, WebError> {
    let (client, request, parked) = load_parked(&app, &form.req).await?;
    let Some((session, user)) = current_session(&app, &jar).await? else {
        return Ok(Redirect::to(&with_req("/login", Some(&form.req))).into_response());
    };
    match form.decision.as_str() {
        "allow" => {
            let previous = app
                .store
                .consented_scopes(&user.id, &client.id)
                .await?
                .and_then(|s| ScopeSet::parse(&s).ok())
                .unwrap_or_default();
            let combined = ScopeSet::from_scopes(previous.iter().chain(request.scopes().iter()));
            app.store
                .save_consent(&user.id, &client.id, &combined.to_string(), app.clock.now())
                .await?;
            // Consent answers only the consent question: a fresh sign-in that prompt=login or
            // max_age demands, or a forced password change, still comes first.
            let mut rest = request.clone();
            rest.prompt.retain(|p| p != "consent");
            let second_factor_owed =
                mfa::session_needs_step_up(&app, &session, &user, request.wants_mfa()).await?;
            let decision = decide_acting(&app, &request, &client, &session, &user).await?;
            let pending = authorize::next_interaction(
                &rest,
                &client,
                Some((&session, &user)),
                Some(&combined),
                Some(parked.created_at),
                second_factor_owed,
                decision.choice_owed,
                app.clock.now(),
            );

            match pending {
                None | Some(Interaction::Consent) => {
                    finish(
                        &app,
                        &request,
                        &session,
                        Some(&parked),
                        decision.acting.as_ref(),
                    )
                    .await
                }
                Some(_) => Ok(
                    Redirect::to(&with_req("/authorize/resume", Some(&parked.id))).into_response(),
                ),
            }
        }
        "deny" => {
            app.store.take_authorization_request(&parked.id).await?;
            let error = OAuthError::new(ErrorCode::AccessDenied, "the user denied the request");
            Ok(respond(request.error(&app.settings.issuer, error)))
        }
        _ => Err(WebError::page(
            StatusCode::BAD_REQUEST,
            "Choose an answer",
            "Press Allow or Deny.",
        )),
    }
}

// ---- RP-initiated logout ----------------------------------------------------------------

pub async fn end_session_get(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    PageQuery(request): PageQuery<EndSessionRequest>,
) -> Result<Response, WebError> {
    end_session(app, jar, origin, request).await
}

pub async fn end_session_post(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    PageForm(request): PageForm<EndSessionRequest>,
) -> Result<Response, WebError> {
    end_session(app, jar, origin, request).await
}

async fn end_session(
    app: App,
    jar: CookieJar,
    origin: RequestOrigin,
    request: EndSessionRequest,
) -> Result<Response, WebError> {
    let plan = logout::plan(&app, &request).await.map_err(|message| {
        WebError::page(
            StatusCode::BAD_REQUEST,
            "Sign-out request not accepted",
            message,
        )
    })?;
    let Some((session, _)) = current_session(&app, &jar).await? else {
        // Nobody to sign out: say so, or go straight back.
        let jar = cookies::clear_session(&app, jar);
        return Ok((jar, signed_out(plan.redirect)).into_response());
    };
    if plan.hinted_sid.as_deref() == Some(session.id.as_str()) {
        sessions::end(&app, &session, &origin).await?;
        let jar = cookies::clear_session(&app, jar);
        return Ok((jar, signed_out(plan.redirect)).into_response());
    }
    // Without proof that the request comes from the application the user signed in to,
    // ask: a cross-site link must not sign people out.
    let (jar, csrf) = csrf_token(&app, jar);
    // Confirming redirects to the client's registered sign-out URI: the form must be allowed
    // to lead there (see csp.rs).
    let form_target = plan
        .redirect
        .as_deref()
        .and_then(super::csp::csp_origin)
        .map(super::csp::FormTarget);
    let page = LogoutPage {
        appname: appname(),
        csrf,
        client_id: plan
            .client
            .as_ref()
            .map(|c| c.id.clone())
            .unwrap_or_default(),
        client_name: plan.client.map(|c| c.name),
        post_logout_redirect_uri: request.post_logout_redirect_uri.unwrap_or_default(),
        state: request.state.unwrap_or_default(),
    };
    let mut response = (jar, Html(render(&page))).into_response();
    if let Some(target) = form_target {
        response.extensions_mut().insert(target);
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct ConfirmLogoutForm {
    #[serde(default)]
    decision: String,
    client_id: Option<String>,
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

pub async fn end_session_confirm(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<ConfirmLogoutForm>,
) -> Result<Response, WebError> {
    let request = EndSessionRequest {
        client_id: form.client_id,
        post_logout_redirect_uri: form.post_logout_redirect_uri,
        state: form.state,
        ..Default::default()
    };
    let plan = logout::plan(&app, &request).await.map_err(|message| {
        WebError::page(
            StatusCode::BAD_REQUEST,
            "Sign-out request not accepted",
            message,
        )
    })?;
    if form.decision != "logout" {
        return Ok(Redirect::to("/account").into_response());
    }
    if let Some((session, _)) = current_session(&app, &jar).await? {
        sessions::end(&app, &session, &origin).await?;
    }
    let jar = cookies::clear_session(&app, jar);
    Ok((jar, signed_out(plan.redirect)).into_response())
}

fn signed_out(redirect: Option<String>) -> Response {
    match redirect {
        Some(target) => Redirect::to(&target).into_response(),
        None => Html(render(&MessagePage::new(
            &crate::i18n::tr("signed-out-title"),
            &crate::i18n::tr("signed-out-close"),
        )))
        .into_response(),
    }
}
