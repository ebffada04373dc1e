//! `/account/linked`: the upstream sign-ins linked to the account, linking another one and
//! unlinking one — except the last way in (no password and no other linked provider).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{self, csrf_token};
use super::extract::{CsrfForm, Origin, PageQuery, SignedIn};
use super::federated::start_for_account;
use super::pages::{LinkedPage, LinkedView, ProviderButton, appname, render, when};
use crate::App;
use crate::auth::federated::{Purpose, ReturnTo};
use crate::domain::AuditKind;
use crate::store::AuditEvent;

#[derive(Deserialize)]
pub struct LinkedQuery {
    linked: Option<String>,
    unlinked: Option<String>,
}

pub async fn page(
    State(app): State<App>,
    jar: CookieJar,
    SignedIn { user, .. }: SignedIn,
    PageQuery(q): PageQuery<LinkedQuery>,
) -> Result<Response, WebError> {
    let providers = app.federation.all(&app.store, &app.kek).await?;
    let links = app.store.upstream_links_of(&user.id).await?;
    let last_way_in = user.password_hash.is_none() && links.len() <= 1;
    let (jar, csrf) = csrf_token(&app, jar);
    let linked = links
        .iter()
        .map(|link| LinkedView {
            provider_id: link.provider_id.clone(),
            name: providers
                .iter()
                .find(|p| p.id == link.provider_id)
                .map_or_else(|| link.provider_id.clone(), |p| p.name()),
            subject: link.subject.clone(),
            email: link.email.clone().unwrap_or_default(),
            linked: when(link.linked_at),
            last_used: link
                .last_used_at
                .map(when)
                .unwrap_or_else(|| crate::i18n::tr("linked-never")),
            can_unlink: !last_way_in,
        })
        .collect();
    let linkable = providers
        .iter()
        .filter(|p| p.enabled && !links.iter().any(|l| l.provider_id == p.id))
        .map(|p| ProviderButton {
            id: p.id.clone(),
            href: format!("/account/linked/{}/start?csrf={csrf}", p.id),
            label: crate::i18n::current().t1("linked-link", "provider", &p.name()),
            kind: p.kind.as_str(),
        })
        .collect();
    let page = LinkedPage {
        appname: appname(),
        active: "linked",
        csrf,
        linked,
        linkable,
        notice: if q.linked.is_some() {
            Some(crate::i18n::tr("notice-linked"))
        } else {
            q.unlinked.map(|_| crate::i18n::tr("notice-unlinked"))
        },
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub struct StartQuery {
    csrf: Option<String>,
    /// For re-authentication: the page to go back to.
    then: Option<String>,
}

/// `GET /account/linked/{id}/start?csrf=…`: a link, not a form, because browsers apply the
/// page's CSP `form-action` to the redirect a form submission leads to, and this one leads
/// to the provider. The CSRF token (bound to this session) stops another site from starting
/// it.
pub async fn start(
    State(app): State<App>,
    jar: CookieJar,
    signed: SignedIn,
    Origin(origin): Origin,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<StartQuery>,
) -> Result<Response, WebError> {
    start_with(
        &app,
        jar,
        &signed,
        &origin,
        &id,
        q.csrf.as_deref(),
        Purpose::Link,
    )
    .await
}

/// `GET /account/reauthenticate/{id}?csrf=…`: proving again who you are through a linked
/// provider (for accounts without a password).
pub async fn reauthenticate(
    State(app): State<App>,
    jar: CookieJar,
    signed: SignedIn,
    Origin(origin): Origin,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<StartQuery>,
) -> Result<Response, WebError> {
    let links = app.store.upstream_links_of(&signed.user.id).await?;
    if !links.iter().any(|l| l.provider_id == id) {
        return Err(WebError::page(
            StatusCode::NOT_FOUND,
            "Not linked",
            "That provider is not linked to your account.",
        ));
    }
    start_with(
        &app,
        jar,
        &signed,
        &origin,
        &id,
        q.csrf.as_deref(),
        Purpose::Reauthenticate(
            q.then
                .as_deref()
                .and_then(ReturnTo::parse)
                .unwrap_or(ReturnTo::Security),
        ),
    )
    .await
}

async fn start_with(
    app: &App,
    jar: CookieJar,
    signed: &SignedIn,
    origin: &crate::auth::RequestOrigin,
    id: &str,
    csrf: Option<&str>,
    purpose: Purpose,
) -> Result<Response, WebError> {
    cookies::check_csrf(app, &jar, csrf.unwrap_or_default())?;
    let provider = app
        .federation
        .find(&app.store, &app.kek, id)
        .await?
        .filter(|p| p.enabled)
        .ok_or_else(|| {
            WebError::page(
                StatusCode::NOT_FOUND,
                "Sign-in option not available",
                "This provider is not available.",
            )
        })?;
    start_for_account(app, jar, &provider, purpose, &signed.user.id, origin).await
}

#[derive(Deserialize)]
pub struct UnlinkForm {
    provider_id: String,
    subject: String,
}

pub async fn unlink(
    State(app): State<App>,
    SignedIn { user, .. }: SignedIn,
    Origin(origin): Origin,
    CsrfForm(form): CsrfForm<UnlinkForm>,
) -> Result<Response, WebError> {
    // The user's id is part of the statement: someone else's identity is never touched.
    if !app
        .store
        .unlink_upstream(
            &user.id,
            &form.provider_id,
            &form.subject,
            app.settings.phone.sign_in,
        )
        .await?
    {
        return Err(WebError::page_with_link(
            StatusCode::CONFLICT,
            "Cannot unlink",
            "This is your only way to sign in. Set a password or link another provider first.",
            "/account/linked",
            "Back to linked sign-ins",
        ));
    }
    app.store
        .record_audit(
            &AuditEvent {
                kind: AuditKind::UpstreamUnlinked,
                user_id: Some(user.id.clone()),
                client_id: None,
                ip: origin.ip,
                user_agent: origin.user_agent,
                detail: form.provider_id.chars().take(64).collect(),
            },
            app.clock.now(),
        )
        .await?;
    Ok(Redirect::to("/account/linked?unlinked=1").into_response())
}

/// For a user without a password whose session is too old to vouch for a change: one link
/// per linked provider to confirm it is them there, coming back to `then`.
pub async fn reauthentication_links(
    app: &App,
    user: &crate::domain::User,
    csrf: &str,
    then: ReturnTo,
) -> Result<Vec<ProviderButton>, WebError> {
    if user.password_hash.is_some() {
        return Ok(Vec::new());
    }
    let providers = app.federation.enabled(&app.store, &app.kek).await?;
    let links = app.store.upstream_links_of(&user.id).await?;
    let then = match then {
        ReturnTo::Security => "security",
        ReturnTo::Password => "password",
        ReturnTo::Email => "email",
        ReturnTo::Phone => "phone",
    };
    Ok(providers
        .iter()
        .filter(|p| links.iter().any(|l| l.provider_id == p.id))
        .map(|p| ProviderButton {
            id: p.id.clone(),
            href: format!("/account/reauthenticate/{}?csrf={csrf}&then={then}", p.id),
            label: crate::i18n::current().t1("linked-confirm-with", "provider", &p.name()),
            kind: p.kind.as_str(),
        })
        .collect())
}
