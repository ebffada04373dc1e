//! The administration console, `/admin`: server-rendered pages over the same use-cases as
//! the admin API, for a signed-in person. Each page and form checks the capability it needs
//! (through `crate::admin`); menus show only what the person may use.

use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use serde::Serialize;

use super::WebError;
use super::cookies::csrf_token;
use super::error::form_again;
use super::extract::{CsrfForm, Origin, PageQuery};
use super::pages::{appname, render, when};
use crate::App;
use crate::admin::{self, Actor, AdminError, capabilities_of_user};
use crate::domain::{Capability, MfaMethod, User};
use crate::i18n::tr_or;
use crate::i18n::{current as lang, tr};
use crate::store::{AuditFilter, DayStats, UserCursor, UserFilter};

mod api_keys;
mod audit;
mod authorities;
mod clients;
mod dashboard;
mod invitations;
mod mfa;
mod privileges;
mod providers;
mod sessions;
mod users;

/// Every console page under `/admin`: each area brings its own routes.
pub fn routes() -> Router<App> {
    Router::new()
        .merge(api_keys::routes())
        .merge(audit::routes())
        .merge(authorities::routes())
        .merge(clients::routes())
        .merge(dashboard::routes())
        .merge(invitations::routes())
        .merge(mfa::routes())
        .merge(privileges::routes())
        .merge(providers::routes())
        .merge(sessions::routes())
        .merge(users::routes())
}

/// The signed-in person acting in the console, holding at least one capability.
pub struct ConsoleActor(Actor);

impl FromRequestParts<App> for ConsoleActor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let super::extract::SignedIn { user, .. } =
            super::extract::SignedIn::from_request_parts(parts, app).await?;
        let Origin(origin) = Origin::from_request_parts(parts, app)
            .await
            .unwrap_or_else(|e| match e {});
        let capabilities = capabilities_of_user(app, &user);
        if capabilities.is_empty() {
            return Err(WebError::page(
                StatusCode::FORBIDDEN,
                tr("admin-no-powers-title"),
                tr("admin-no-powers"),
            )
            .into_response());
        }
        Ok(ConsoleActor(Actor {
            user: Some(user),
            client_id: None,
            capabilities,
            via: "console".into(),
            ip: origin.ip,
        }))
    }
}

impl ConsoleActor {
    fn user(&self) -> &User {
        self.0.user.as_ref().expect("console actors are people")
    }
}

/// What every console page shows around its content.
#[derive(serde::Serialize)]
pub struct Nav {
    pub appname: String,
    pub who: String,
    pub active: &'static str,
    pub users: bool,
    pub sessions: bool,
    pub authorities: bool,
    pub privileges: bool,
    pub invitations: bool,
    pub clients: bool,
    pub providers: bool,
    pub mfa: bool,
    pub audit: bool,
    pub notice: Option<String>,
    pub error: Option<String>,
    /// The form field the error is about (its input's id), which the error links to.
    pub error_field: Option<&'static str>,
}

fn nav(actor: &ConsoleActor, active: &'static str, done: Option<&str>) -> Nav {
    let has = |c| actor.0.capabilities.contains(&c);
    Nav {
        appname: appname(),
        who: actor.user().label(),
        active,
        users: has(Capability::AccessUserInfo),
        sessions: has(Capability::AccessUserInfo),
        authorities: has(Capability::ManageAuthorities),
        privileges: has(Capability::EditPrivileges) || has(Capability::AccessUserInfo),
        invitations: has(Capability::InviteUser),
        clients: has(Capability::ManageClients),
        providers: has(Capability::ManageProviders),
        mfa: has(Capability::ManageMfaPolicy),
        audit: has(Capability::ViewAuditLog),
        notice: done.and_then(notice_for),
        error: None,
        error_field: None,
    }
}

/// Confirmations after a redirect, by code (never text from the query string), in the
/// page's language.
fn notice_for(code: &str) -> Option<String> {
    let id = match code {
        "created" => "admin-notice-created",
        "saved" => "admin-notice-saved",
        "deleted" => "admin-notice-deleted",
        "sent" => "admin-notice-sent",
        "sms-sent" => "admin-notice-sms-sent",
        "revoked" => "admin-notice-revoked",
        "ended" => "admin-notice-ended",
        "session-ended" => "admin-notice-session-ended",
        "welcome-sent" => "admin-notice-welcome-sent",
        "deactivated" => "admin-notice-deactivated",
        "reactivated" => "admin-notice-reactivated",
        "second-factor-reset" => "admin-notice-second-factor-reset",
        _ => return None,
    };
    Some(tr(id))
}

/// The message `id` in the page's language, or `english` when there is no such message (for
/// a family of messages named after values, such as `admin-mfa-method-app`).

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// An error from a use-case, as a console page.
fn failure(actor: &ConsoleActor, error: AdminError) -> Response {
    let mut page = ConsoleMessage {
        nav: nav(actor, "", None),
        title: tr("admin-not-done"),
    };
    page.nav.error = Some(match &error {
        AdminError::NotFound => tr("admin-no-such-record"),
        other => other.to_string(),
    });
    form_again(render(&page), &error)
}

/// A refusal of bad input shown on the form itself (what was typed kept, the error linked to
/// its field when the form has an input of that name); anything else goes to the message
/// page.
fn refused_on_form(nav: &mut Nav, error: &AdminError, on_form: impl Fn(&str) -> bool) -> bool {
    if !matches!(error, AdminError::Invalid { .. } | AdminError::Conflict(_)) {
        return false;
    }
    nav.error = Some(error.to_string());
    if let AdminError::Invalid { field, .. } = error
        && on_form(field)
    {
        nav.error_field = Some(field);
    }
    true
}

fn finish(actor: &ConsoleActor, outcome: Result<String, AdminError>) -> Response {
    match outcome {
        Ok(target) => Redirect::to(&target).into_response(),
        Err(e) => failure(actor, e),
    }
}

#[derive(Serialize)]
struct ConsoleMessage {
    nav: Nav,
    title: String,
}
crate::view!(ConsoleMessage => "admin/message.html");

// ---- shared by several areas ------------------------------------------------------------------

const PAGE_SIZE: i64 = 50;

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[derive(serde::Serialize)]
struct PrivilegeChoice {
    name: String,
    checked: bool,
}

async fn privilege_choices(
    app: &App,
    actor: &ConsoleActor,
    checked: &[String],
) -> Result<Vec<PrivilegeChoice>, WebError> {
    Ok(app
        .store
        .privilege_names()
        .await?
        .into_iter()
        .filter(|p| actor.0.may_assign(app, p) || checked.contains(p))
        .map(|name| PrivilegeChoice {
            checked: checked.contains(&name),
            name,
        })
        .collect())
}

/// A form whose only field is its CSRF token (checked by [`CsrfForm`]).
#[derive(Deserialize)]
pub(super) struct Tokened {}

/// A form with a "yes, really" box.
#[derive(Deserialize)]
pub(super) struct ConfirmForm {
    #[serde(default)]
    confirm: Option<String>,
}

impl ConfirmForm {
    fn confirmed(&self) -> bool {
        self.confirm.as_deref() == Some("yes")
    }
}

/// A secret shown once (a client secret, an API key).
#[derive(Serialize)]
struct SecretPage {
    nav: Nav,
    title: String,
    explanation: String,
    secret: String,
    back: String,
}
crate::view!(SecretPage => "admin/secret.html");
