//! The browser's side of upstream sign-in: the buttons on the sign-in page, the start
//! (`/login/federated/{id}`: a plain link, 303 to the provider) and the callback every
//! administrator registers at the provider (`/login/federated/{id}/callback`).
//!
//! Whatever goes wrong upstream, the person stays here: a page says what happened, with a
//! way back to the sign-in page; the relying party never receives an `error=` from us for
//! it, so the person can still choose another way in.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{self, csrf_token};
use super::extract::{Origin, PageQuery};
use super::oidc::load_parked;
use super::pages::{LoginPage, ProviderButton, appname, render};
use super::session::{Resumable, current_session, sign_in_with, with_req};
use super::wording::Wording;
use crate::App;
use crate::auth::RequestOrigin;
use crate::auth::federated::{self, Callback, FederationError, Purpose, StartRequest};
use crate::auth::linking::{self, LinkOutcome, Resolution};
use crate::auth::upstream_signup;
use crate::domain::FirstStep;
use crate::federation::ProviderConfig;

/// The sign-in page's buttons, each carrying the parked request along.
pub async fn buttons(app: &App, req: Option<&str>) -> Result<Vec<ProviderButton>, WebError> {
    let providers = app.federation.enabled(&app.store, &app.kek).await?;
    Ok(providers
        .iter()
        .map(|p| ProviderButton {
            id: p.id.clone(),
            href: with_req(&format!("/login/federated/{}", p.id), req),
            // The operator's label as written; the default one in the page's language.
            label: if p.label.trim().is_empty() {
                crate::i18n::current().t1("login-with", "provider", p.kind.display_name())
            } else {
                p.label.clone()
            },
            kind: p.kind.as_str(),
        })
        .collect())
}

/// The provider by id, or the page saying the option does not exist.
pub(super) async fn provider(app: &App, id: &str) -> Result<ProviderConfig, WebError> {
    app.federation
        .find(&app.store, &app.kek, id)
        .await?
        .filter(|p| p.enabled)
        .ok_or_else(|| unavailable(None))
}

fn unavailable(req: Option<&str>) -> WebError {
    let lang = crate::i18n::current();
    WebError::page_with_link(
        StatusCode::NOT_FOUND,
        lang.t("federation-title-unavailable"),
        lang.t("federation-unavailable"),
        &with_req("/login", req),
        &lang.t("forgot-back"),
    )
}

/// A failed upstream step as a page with the way back.
pub(super) fn failure_page(error: FederationError, req: Option<&str>) -> WebError {
    let back = with_req("/login", req);
    let lang = crate::i18n::current();
    let back_label = lang.t("forgot-back");
    let (status, title) = match &error {
        FederationError::Internal(cause) => return WebError::Internal(cause.clone()),
        FederationError::DatabaseUnavailable(cause) => {
            return WebError::Unavailable(cause.clone());
        }
        FederationError::Unavailable => return unavailable(req),
        FederationError::StateInvalid => (StatusCode::BAD_REQUEST, "federation-title-expired"),
        FederationError::Cancelled(_) => (StatusCode::OK, "federation-title-cancelled"),
        FederationError::UpstreamRefused(_) => {
            (StatusCode::BAD_GATEWAY, "federation-title-not-completed")
        }
        FederationError::Upstream { .. } => (StatusCode::BAD_GATEWAY, "federation-title-failed"),
        FederationError::RateLimited { retry_after } => {
            let retry_after = *retry_after;
            return WebError::page_with_link(
                StatusCode::TOO_MANY_REQUESTS,
                lang.t("federation-title-too-many"),
                error.wording(),
                &back,
                &back_label,
            )
            .with_retry_after(retry_after);
        }
    };
    WebError::page_with_link(status, lang.t(title), error.wording(), &back, &back_label)
}

#[derive(Deserialize)]
pub struct StartQuery {
    req: Option<String>,
}

/// `GET /login/federated/{id}`: off to the provider.
pub async fn start(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<StartQuery>,
) -> Result<Response, WebError> {
    let req = q.req.filter(|r| !r.is_empty());
    let provider = provider(&app, &id)
        .await
        .map_err(|_| unavailable(req.as_deref()))?;
    start_sign_in(&app, jar, &provider, req.as_deref(), None, &origin).await
}

/// Off to the provider to sign in (or up, or to accept `invitation`: its id), carrying the
/// parked request along; its `prompt=login` and `max_age` go upstream.
pub(super) async fn start_sign_in(
    app: &App,
    jar: CookieJar,
    provider: &ProviderConfig,
    req: Option<&str>,
    invitation: Option<&str>,
    origin: &RequestOrigin,
) -> Result<Response, WebError> {
    let (prompt_login, max_age) = match req {
        Some(id) => {
            let (_, request, _) = load_parked(app, id).await?;
            (request.has_prompt("login"), request.max_age)
        }
        None => (false, None),
    };
    let (jar, browser) = cookies::upstream_browser(app, jar);
    let request = StartRequest {
        purpose: Purpose::SignIn,
        user_id: None,
        request_id: req,
        invitation,
        browser: &browser,
        prompt_login,
        max_age,
    };
    let url = federated::start(app, provider, &request, origin)
        .await
        .map_err(|e| failure_page(e, req))?;
    Ok((jar, Redirect::to(url.as_str())).into_response())
}

/// Starts linking `provider` to the signed-in user, or proving again who they are.
pub async fn start_for_account(
    app: &App,
    jar: CookieJar,
    provider: &ProviderConfig,
    purpose: Purpose,
    user_id: &str,
    origin: &RequestOrigin,
) -> Result<Response, WebError> {
    let (jar, browser) = cookies::upstream_browser(app, jar);
    let request = StartRequest {
        purpose,
        user_id: Some(user_id),
        request_id: None,
        invitation: None,
        browser: &browser,
        // Proving who you are means typing it again, not an old session at the provider.
        prompt_login: matches!(purpose, Purpose::Reauthenticate(_)),
        max_age: None,
    };
    let url = federated::start(app, provider, &request, origin)
        .await
        .map_err(|e| failure_page(e, None))?;
    Ok((jar, Redirect::to(url.as_str())).into_response())
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
}

/// `GET /login/federated/{id}/callback`: the provider sends the browser back here.
pub async fn callback(
    State(app): State<App>,
    jar: CookieJar,
    Origin(origin): Origin,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<CallbackQuery>,
) -> Result<Response, WebError> {
    let provider = provider(&app, &id).await?;
    let browser = cookies::upstream_browser_token(&app, &jar);
    let callback = Callback {
        state: q.state.as_deref(),
        code: q.code.as_deref(),
        error: q.error.as_deref(),
        browser: browser.as_deref(),
    };
    let finished = federated::finish(&app, &provider, &callback, &origin)
        .await
        .map_err(|f| failure_page(f.error, f.request_id.as_deref()))?;
    let req = finished.request_id.clone();
    match finished.purpose {
        Purpose::SignIn => sign_in(&app, jar, &provider, finished, req.as_deref(), &origin).await,
        Purpose::Link | Purpose::Reauthenticate(_) => {
            for_account(&app, jar, &provider, finished, &origin).await
        }
    }
}

/// A finished sign-in from the sign-in page: who it is, then the shared tail (second factor,
/// session, back to the relying party).
async fn sign_in(
    app: &App,
    jar: CookieJar,
    provider: &ProviderConfig,
    finished: federated::Finished,
    req: Option<&str>,
    origin: &RequestOrigin,
) -> Result<Response, WebError> {
    let resume = Resumable::load(app, req).await;
    let req = resume.req.clone();
    let identity = &finished.identity;
    let upstream_mfa =
        provider.trust_upstream_mfa && identity.upstream_amr.iter().any(|m| m == "mfa");
    let resolution = match &finished.invitation {
        Some(invitation) => {
            upstream_signup::accept_invitation(app, provider, identity, invitation, origin).await
        }
        None => linking::resolve(app, provider, identity, origin).await,
    }
    .map_err(|e| failure_page(e, req.as_deref()))?;
    match resolution {
        Resolution::SignIn { user, .. } => {
            signed_in(app, jar, provider, &user, upstream_mfa, &resume, origin).await
        }
        Resolution::NeedsEmail => {
            let token =
                upstream_signup::park(app, provider, identity, req.as_deref(), upstream_mfa)
                    .await
                    .map_err(|e| failure_page(e, req.as_deref()))?;
            let jar = cookies::set_upstream_signup(app, jar, token);
            Ok((jar, Redirect::to("/login/federated/email")).into_response())
        }
        Resolution::SignInToLink { offer_token, email } => {
            let jar = cookies::set_link_offer(app, jar, offer_token);
            let (jar, csrf) = csrf_token(app, jar);
            let page = LoginPage {
                lang: crate::i18n::current(),
                languages: Vec::new(),
                signed_in_as: None,
                phone_sign_in: app.settings.phone.sign_in,
                appname: appname(),
                registration_open: false,
                notice: Some(crate::i18n::current().t1(
                    "notice-link-offer",
                    "provider",
                    &provider.name(),
                )),
                csrf,
                req,
                email,
                error: None,
                client_name: resume.client_name.clone(),
                providers: Vec::new(),
            };
            Ok((StatusCode::CONFLICT, jar, Html(render(&page))).into_response())
        }
        Resolution::NoAccount => Err(WebError::page_with_link(
            StatusCode::FORBIDDEN,
            "No account",
            format!(
                "There is no account here for this {} sign-in, and new accounts cannot be created with it. Sign in another way, or ask an administrator for an invitation.",
                provider.name()
            ),
            &with_req("/login", req.as_deref()),
            "Back to sign-in",
        )),
        Resolution::Refused(message) => Err(WebError::page_with_link(
            StatusCode::FORBIDDEN,
            "Cannot sign in",
            message,
            &with_req("/login", req.as_deref()),
            "Back to sign-in",
        )),
    }
}

/// An upstream sign-in whose user is known: the second factor is owed unless the provider is
/// trusted for MFA and says it was used.
pub(super) async fn signed_in(
    app: &App,
    jar: CookieJar,
    provider: &ProviderConfig,
    user: &crate::domain::User,
    upstream_mfa: bool,
    resume: &Resumable,
    origin: &RequestOrigin,
) -> Result<Response, WebError> {
    let first = FirstStep::upstream(&provider.id, upstream_mfa);
    sign_in_with(app, jar, user, &first, resume, origin).await
}

/// A finished link or re-authentication: only for the user who started it, in the browser
/// session that started it.
async fn for_account(
    app: &App,
    jar: CookieJar,
    provider: &ProviderConfig,
    finished: federated::Finished,
    origin: &RequestOrigin,
) -> Result<Response, WebError> {
    let signed_in = current_session(app, &jar).await?;
    let Some((session, user)) = signed_in.filter(|(_, u)| Some(&u.id) == finished.user_id.as_ref())
    else {
        return Err(WebError::page_with_link(
            StatusCode::FORBIDDEN,
            "Signed out",
            "You are no longer signed in as the account that started this. Sign in and try again.",
            "/login",
            "Sign in",
        ));
    };
    let identity = &finished.identity;
    if let Purpose::Reauthenticate(back) = finished.purpose {
        let linked = app
            .store
            .upstream_link(&provider.id, &identity.subject)
            .await?;
        if linked.is_none_or(|l| l.user_id != user.id) {
            return Err(WebError::page_with_link(
                StatusCode::FORBIDDEN,
                "Different account",
                format!(
                    "That {} account is not the one linked to your account here. Nothing was changed.",
                    provider.name()
                ),
                "/account",
                "Back to your account",
            ));
        }
        app.store
            .mark_reauthenticated(&session.id, app.clock.now())
            .await?;
        return Ok(Redirect::to(back.path()).into_response());
    }
    match linking::link(app, &user, identity, "by the account's owner", origin)
        .await
        .map_err(|e| failure_page(e, None))?
    {
        LinkOutcome::Linked | LinkOutcome::AlreadyLinked => {
            Ok(Redirect::to("/account/linked?linked=1").into_response())
        }
        LinkOutcome::LinkedToSomeoneElse => Err(WebError::page_with_link(
            StatusCode::CONFLICT,
            "Already linked",
            format!(
                "That {} account is already linked to another account here. Nothing was changed.",
                provider.name()
            ),
            "/account/linked",
            "Back to linked sign-ins",
        )),
    }
}

/// After a session begins: links the identity this browser was offered to link, when the
/// account just signed in to is the one it matched; the offer cookie goes either way.
pub async fn complete_link_offer(
    app: &App,
    jar: CookieJar,
    user: &crate::domain::User,
    origin: &RequestOrigin,
) -> Result<CookieJar, WebError> {
    let Some(token) = cookies::link_offer(app, &jar) else {
        return Ok(jar);
    };
    linking::complete_offer(app, &token, user, origin)
        .await
        .map_err(|e| failure_page(e, None))?;
    Ok(cookies::clear_link_offer(app, jar))
}
