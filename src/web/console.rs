//! The administration console, `/admin`: server-rendered pages over the same use-cases as
//! the admin API, for a signed-in person. Each page and form checks the capability it needs
//! (through `crate::admin`); menus show only what the person may use.

use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::WebError;
use super::cookies::{check_csrf, csrf_token};
use super::error::form_again;
use super::extract::{Origin, PageForm, PageQuery};
use super::pages::{appname, render, when};
use crate::App;
use crate::admin::{self, Actor, AdminError, capabilities_of_user};
use crate::domain::{Capability, MfaMethod, User, profile_label};
use crate::store::{AuditFilter, DayStats, UserCursor, UserFilter};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(dashboard))
        .route("/users", get(users))
        .route("/users/new", get(user_new_page).post(user_new_submit))
        .route("/users/{id}", get(user_page))
        .route("/users/{id}/{action}", post(user_action))
        .route("/privileges", get(privileges_page).post(privilege_add))
        .route("/privileges/{name}/delete", post(privilege_delete))
        .route("/invitations", get(invitations_page).post(invitation_send))
        .route("/invitations/{id}/resend", post(invitation_resend))
        .route("/invitations/{id}/revoke", post(invitation_revoke))
        .route("/clients", get(clients_page).post(client_register))
        .route("/clients/{id}", get(client_page).post(client_update))
        .route("/clients/{id}/rotate-secret", post(client_rotate))
        .route("/clients/{id}/delete", post(client_delete))
        .route("/audit", get(audit_page))
        .route("/mfa", get(mfa_page).post(mfa_save))
        .route("/api-keys", get(api_keys_page).post(api_key_create))
        .route("/api-keys/{id}/revoke", post(api_key_revoke))
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
                "No administrative powers",
                "Your account has no administrative capabilities.",
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
pub struct Nav {
    pub appname: String,
    pub who: String,
    pub active: &'static str,
    pub users: bool,
    pub privileges: bool,
    pub invitations: bool,
    pub clients: bool,
    pub mfa: bool,
    pub audit: bool,
    pub notice: Option<String>,
    pub error: Option<String>,
}

fn nav(actor: &ConsoleActor, active: &'static str, done: Option<&str>) -> Nav {
    let has = |c| actor.0.capabilities.contains(&c);
    Nav {
        appname: appname(),
        who: actor.user().label(),
        active,
        users: has(Capability::AccessUserInfo),
        privileges: has(Capability::EditPrivileges) || has(Capability::AccessUserInfo),
        invitations: has(Capability::InviteUser),
        clients: has(Capability::ManageClients),
        mfa: has(Capability::ManageMfaPolicy),
        audit: has(Capability::ViewAuditLog),
        notice: done.and_then(notice_for),
        error: None,
    }
}

/// Confirmations after a redirect, by code (never text from the query string).
fn notice_for(code: &str) -> Option<String> {
    let text = match code {
        "created" => "Created.",
        "saved" => "Saved.",
        "deleted" => "Deleted.",
        "sent" => "Sent.",
        "revoked" => "Revoked.",
        "ended" => "Every session of this user was ended.",
        "deactivated" => "The user is deactivated: their sessions and tokens no longer work.",
        "reactivated" => "The user is active again.",
        "second-factor-reset" => "The second factor was removed and the user was told by e-mail.",
        _ => return None,
    };
    Some(text.into())
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// An error from a use-case, as a console page.
fn failure(actor: &ConsoleActor, error: AdminError) -> Response {
    let mut page = ConsoleMessage {
        nav: nav(actor, "", None),
        title: "Not done",
    };
    page.nav.error = Some(match &error {
        AdminError::NotFound => "There is no such record.".to_string(),
        other => other.to_string(),
    });
    form_again(render(&page), &error)
}

fn finish(actor: &ConsoleActor, outcome: Result<String, AdminError>) -> Response {
    match outcome {
        Ok(target) => Redirect::to(&target).into_response(),
        Err(e) => failure(actor, e),
    }
}

#[derive(Template)]
#[template(path = "admin/message.html")]
struct ConsoleMessage {
    nav: Nav,
    title: &'static str,
}

// ---- dashboard --------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    nav: Nav,
    users: i64,
    active_sessions: i64,
    clients: usize,
    chart: Option<String>,
    legend: Vec<LegendItem>,
}

struct LegendItem {
    colour: &'static str,
    label: String,
    count: i64,
}

/// Colours for sign-in methods, in order of first appearance; failures are always red.
const METHOD_COLOURS: [&str; 5] = ["#2f5bea", "#12b76a", "#f79009", "#7a5af8", "#0ba5ec"];
const FAILURE_COLOUR: &str = "#f04438";

/// Sign-ins per day, stacked by method, with failures on top, as an SVG bar chart drawn here
/// so the page needs no script and no outside service.
fn chart(stats: &[DayStats], methods: &[String], first_day: i64, days: i64) -> String {
    let (width, height, pad) = (720.0, 180.0, 24.0);
    let total = |d: &DayStats| d.by_method.values().sum::<i64>() + d.failures;
    let max = stats.iter().map(total).max().unwrap_or(0).max(1) as f64;
    let slot = (width - pad) / days as f64;
    let bar = (slot * 0.7).max(1.0);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {}" role="img" aria-label="Sign-ins per day">"##,
        height + pad
    );
    svg.push_str(&format!(
        r##"<line x1="{pad}" y1="{height}" x2="{width}" y2="{height}" stroke="#d9dee7"/><text x="0" y="12" font-size="11" fill="#5b6475">{max}</text>"##
    ));
    for d in stats {
        let i = (d.day - first_day) as f64;
        if i < 0.0 || i >= days as f64 {
            continue;
        }
        let x = pad + i * slot;
        let mut top = height;
        let segments = methods
            .iter()
            .enumerate()
            .map(|(n, m)| {
                (
                    d.by_method.get(m).copied().unwrap_or(0),
                    METHOD_COLOURS[n % METHOD_COLOURS.len()],
                    m.as_str(),
                )
            })
            .chain(std::iter::once((d.failures, FAILURE_COLOUR, "failed")));
        for (count, colour, label) in segments {
            if count == 0 {
                continue;
            }
            // Method names come from the audit trail: escape them like any text.
            let label = label
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");

            let h = (count as f64 / max) * (height - 16.0);
            top -= h;
            svg.push_str(&format!(
                r##"<rect x="{x:.1}" y="{top:.1}" width="{bar:.1}" height="{h:.1}" fill="{colour}"><title>{count} {label}</title></rect>"##
            ));
        }
    }
    let label = |day: i64| {
        time::OffsetDateTime::from_unix_timestamp(day * 86400)
            .map(|d| format!("{}-{:02}", d.month() as u8, d.day()))
            .unwrap_or_default()
    };
    svg.push_str(&format!(
        r##"<text x="{pad}" y="{}" font-size="11" fill="#5b6475">{}</text><text x="{}" y="{}" font-size="11" fill="#5b6475" text-anchor="end">{}</text></svg>"##,
        height + 16.0,
        label(first_day),
        width,
        height + 16.0,
        label(first_day + days - 1)
    ));
    svg
}

async fn dashboard(
    State(app): State<App>,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let now = app.clock.now();
    let days = 30;
    let first_day = now / 86400 - (days - 1);
    let (chart_svg, legend) = if actor.0.capabilities.contains(&Capability::ViewAuditLog) {
        let stats = app.store.sign_in_stats(first_day * 86400).await?;
        let mut methods: Vec<String> = Vec::new();
        for d in &stats {
            for m in d.by_method.keys() {
                if !methods.contains(m) {
                    methods.push(m.clone());
                }
            }
        }
        let mut legend: Vec<LegendItem> = methods
            .iter()
            .enumerate()
            .map(|(n, m)| LegendItem {
                colour: METHOD_COLOURS[n % METHOD_COLOURS.len()],
                label: format!("sign-ins by {m}"),
                count: stats
                    .iter()
                    .map(|d| d.by_method.get(m).copied().unwrap_or(0))
                    .sum(),
            })
            .collect();
        legend.push(LegendItem {
            colour: FAILURE_COLOUR,
            label: "failed attempts".into(),
            count: stats.iter().map(|d| d.failures).sum(),
        });
        (Some(chart(&stats, &methods, first_day, days)), legend)
    } else {
        (None, Vec::new())
    };
    let page = DashboardPage {
        nav: nav(&actor, "dashboard", q.done.as_deref()),
        users: app.store.count_users().await?,
        active_sessions: app.store.count_live_sessions(now).await?,
        clients: app.store.list_clients().await?.len(),
        chart: chart_svg,
        legend,
    };
    Ok(Html(render(&page)).into_response())
}

// ---- users ------------------------------------------------------------------------------------

struct UserRow {
    id: String,
    name: String,
    email: String,
    privileges: Vec<String>,
    active: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    nav: Nav,
    can_create: bool,
    q: String,
    privilege: String,
    status: String,
    privileges: Vec<String>,
    users: Vec<UserRow>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct UsersQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    privilege: String,
    #[serde(default)]
    status: String,
    cursor: Option<String>,
    done: Option<String>,
}

const PAGE_SIZE: i64 = 50;

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

async fn users(
    State(app): State<App>,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<UsersQuery>,
) -> Result<Response, WebError> {
    let filter = UserFilter {
        query: Some(q.q.clone()).filter(|s| !s.is_empty()),
        privilege: Some(q.privilege.clone()).filter(|s| !s.is_empty()),
        active: match q.status.as_str() {
            "active" => Some(true),
            "deactivated" => Some(false),
            _ => None,
        },
        // A cursor that does not parse (edited by hand) starts from the beginning.
        after: q.cursor.as_deref().and_then(UserCursor::parse),
        limit: PAGE_SIZE,
    };
    let found = match admin::users::list(&app, &actor.0, &filter).await {
        Ok(found) => found,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let next = (found.len() as i64 == PAGE_SIZE).then(|| {
        let last = found
            .last()
            .map(|u| UserCursor::after(u).to_string())
            .unwrap_or_default();
        format!(
            "/admin/users?q={}&privilege={}&status={}&cursor={}",
            encode(&q.q),
            encode(&q.privilege),
            encode(&q.status),
            encode(&last)
        )
    });
    let page = UsersPage {
        nav: nav(&actor, "users", q.done.as_deref()),
        can_create: actor.0.capabilities.contains(&Capability::CreateUser),
        privileges: app.store.privilege_names().await?,
        users: found
            .into_iter()
            .map(|u| UserRow {
                name: u.display_name(),
                email: u.email_text().to_string(),
                privileges: u.privileges.clone(),
                active: u.active,
                id: u.id,
            })
            .collect(),
        q: q.q,
        privilege: q.privilege,
        status: if q.status.is_empty() {
            "all".into()
        } else {
            q.status
        },
        next,
    };
    Ok(Html(render(&page)).into_response())
}

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

#[derive(Template)]
#[template(path = "admin/user_new.html")]
struct UserNewPage {
    nav: Nav,
    csrf: String,
    first_name: String,
    last_name: String,
    email: String,
    privileges: Vec<PrivilegeChoice>,
}

async fn user_new_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
) -> Result<Response, WebError> {
    if let Err(e) = actor.0.require(Capability::CreateUser) {
        return Ok(failure(&actor, e));
    }
    let (jar, csrf) = csrf_token(&app, jar);
    let page = UserNewPage {
        nav: nav(&actor, "users", None),
        csrf,
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
        privileges: privilege_choices(&app, &actor, &app.settings.accounts.new_user_privileges)
            .await?,
    };
    Ok((jar, Html(render(&page))).into_response())
}

/// Forms with repeated fields (checkboxes) arrive as pairs.
type Pairs = Vec<(String, String)>;

fn field(form: &Pairs, name: &str) -> String {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn fields(form: &Pairs, name: &str) -> Vec<String> {
    form.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

async fn user_new_submit(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let input = admin::users::NewUserInput {
        email: field(&form, "email"),
        first_name: field(&form, "first_name"),
        last_name: field(&form, "last_name"),
        password: field(&form, "password"),
        privileges: fields(&form, "privilege"),
    };
    match admin::users::create(&app, &actor.0, &input).await {
        Ok(user) => {
            Ok(Redirect::to(&format!("/admin/users/{}?done=created", user.id)).into_response())
        }
        Err(e @ (AdminError::Forbidden(_) | AdminError::NotFound | AdminError::Internal(_))) => {
            Ok(failure(&actor, e))
        }
        Err(e) => {
            let (jar, csrf) = csrf_token(&app, jar);
            let mut page = UserNewPage {
                nav: nav(&actor, "users", None),
                csrf,
                first_name: input.first_name,
                last_name: input.last_name,
                email: input.email,
                privileges: privilege_choices(&app, &actor, &input.privileges).await?,
            };
            page.nav.error = Some(e.to_string());
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

struct FieldValue {
    name: &'static str,
    label: &'static str,
    value: String,
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    nav: Nav,
    csrf: String,
    id: String,
    name: String,
    email: String,
    verified: bool,
    active: bool,
    sessions: usize,
    fields: Vec<FieldValue>,
    valid_from: String,
    valid_until: String,
    privileges: Vec<PrivilegeChoice>,
    held: Vec<String>,
    can_edit: bool,
    can_privileges: bool,
    can_active: bool,
    can_password: bool,
    can_delete: bool,
    second_factor: bool,
    recovery_codes_left: i64,
    mfa_required: bool,
}

fn date_of(t: Option<i64>) -> String {
    t.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .map(|d| d.date().to_string())
        .unwrap_or_default()
}

fn parse_date(field: &'static str, raw: &str) -> Result<Option<i64>, AdminError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(raw.trim(), &format)
        .map(|d| Some(d.midnight().assume_utc().unix_timestamp()))
        .map_err(|_| admin::invalid(field, "is not a date like 2027-01-31"))
}

async fn user_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let user = match admin::users::get(&app, &actor.0, &id).await {
        Ok(user) => user,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let has = |c| actor.0.capabilities.contains(&c);
    let mut fields = vec![
        FieldValue {
            name: "first_name",
            label: "First name",
            value: user.first_name.clone(),
        },
        FieldValue {
            name: "last_name",
            label: "Last name",
            value: user.last_name.clone(),
        },
    ];
    for name in crate::config::PROFILE_FIELDS {
        fields.push(FieldValue {
            name,
            label: profile_label(name),
            value: user.details.get(name).to_string(),
        });
    }
    let factors = crate::auth::mfa::status(&app, &user.id).await?;
    let mfa_required = crate::auth::mfa::policy(&app)
        .await?
        .required_for_user(&user);
    let (jar, csrf) = csrf_token(&app, jar);
    let page = UserPage {
        second_factor: factors.has_second_factor(),
        recovery_codes_left: factors.recovery_codes_left,
        mfa_required,
        nav: nav(&actor, "users", q.done.as_deref()),
        csrf,
        name: user.display_name(),
        email: user.email_text().to_string(),
        verified: user.email_verified,
        active: user.active,
        sessions: app.store.sessions_of_user(&user.id).await?.len(),
        fields,
        valid_from: date_of(user.valid_from),
        valid_until: date_of(user.valid_until),
        privileges: privilege_choices(&app, &actor, &user.privileges).await?,
        held: user.privileges.clone(),
        can_edit: has(Capability::EditUserInfo),
        can_privileges: has(Capability::EditUserPrivileges),
        can_active: has(Capability::EditUserActiveStatus),
        can_password: has(Capability::EditUserPassword),
        can_delete: has(Capability::DeleteUser),
        id: user.id,
    };
    Ok((jar, Html(render(&page))).into_response())
}

/// The forms on a user's page, one action each, all posting to `/admin/users/{id}/{action}`.
/// Each calls one use-case, which checks its own capability.
async fn user_action(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path((id, action)): Path<(String, String)>,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let a = &actor.0;
    let outcome: Result<&str, AdminError> = match action.as_str() {
        "profile" => {
            async {
                let mut patch = admin::users::UserPatch {
                    // Left empty: the address stays as it is.
                    email: Some(field(&form, "email")).filter(|e| !e.trim().is_empty()),
                    first_name: Some(field(&form, "first_name")),
                    last_name: Some(field(&form, "last_name")),
                    valid_from: Some(parse_date("valid_from", &field(&form, "valid_from"))?),
                    valid_until: Some(parse_date("valid_until", &field(&form, "valid_until"))?),
                    ..Default::default()
                };
                for name in crate::config::PROFILE_FIELDS {
                    patch.details.insert(name.to_string(), field(&form, name));
                }
                admin::users::update(&app, a, &id, &patch)
                    .await
                    .map(|_| "saved")
            }
            .await
        }
        "privileges" => admin::users::set_privileges(&app, a, &id, &fields(&form, "privilege"))
            .await
            .map(|_| "saved"),
        "active" => {
            let active = field(&form, "active") == "true";
            let done = if active { "reactivated" } else { "deactivated" };
            admin::users::set_active(&app, a, &id, active)
                .await
                .map(|_| done)
        }
        "end-sessions" => admin::users::end_sessions(&app, a, &id)
            .await
            .map(|_| "ended"),
        "reset-password" => admin::users::send_password_reset(&app, a, &id)
            .await
            .map(|_| "sent"),
        "reset-second-factor" if field(&form, "confirm") != "yes" => Err(admin::invalid(
            "confirm",
            "tick the box to confirm the reset",
        )),
        "reset-second-factor" => admin::mfa::reset_user(&app, a, &id)
            .await
            .map(|_| "second-factor-reset"),
        "delete" if field(&form, "confirm") != "yes" => Err(admin::invalid(
            "confirm",
            "tick the box to confirm the deletion",
        )),
        "delete" => {
            let deleted = admin::users::delete(&app, a, &id).await;
            return Ok(finish(
                &actor,
                deleted.map(|_| "/admin/users?done=deleted".to_string()),
            ));
        }
        _ => Err(AdminError::NotFound),
    };
    Ok(finish(
        &actor,
        outcome.map(|done| format!("/admin/users/{id}?done={done}")),
    ))
}

// ---- MFA policy -------------------------------------------------------------------------------

struct MethodChoice {
    name: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "admin/mfa.html")]
struct MfaPolicyPage {
    nav: Nav,
    csrf: String,
    methods: Vec<MethodChoice>,
    privileges: Vec<PrivilegeChoice>,
}

async fn mfa_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let policy = match admin::mfa::policy(&app, &actor.0).await {
        Ok(policy) => policy,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let privileges = app
        .store
        .privilege_names()
        .await?
        .into_iter()
        .map(|name| PrivilegeChoice {
            checked: policy.required_for.contains(&name),
            name,
        })
        .collect();
    let (jar, csrf) = csrf_token(&app, jar);
    let page = MfaPolicyPage {
        nav: nav(&actor, "mfa", q.done.as_deref()),
        csrf,
        methods: MfaMethod::ALL
            .iter()
            .map(|m| MethodChoice {
                name: m.as_str(),
                label: m.label(),
                checked: policy.allows(*m),
            })
            .collect(),
        privileges,
    };
    Ok((jar, Html(render(&page))).into_response())
}

async fn mfa_save(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let outcome = admin::mfa::set_policy(
        &app,
        &actor.0,
        &fields(&form, "method"),
        &fields(&form, "required"),
    )
    .await
    .map(|_| "/admin/mfa?done=saved".to_string());
    Ok(finish(&actor, outcome))
}

// ---- privileges -------------------------------------------------------------------------------

struct PrivilegeRow {
    name: String,
    builtin: bool,
    users: i64,
}

#[derive(Template)]
#[template(path = "admin/privileges.html")]
struct PrivilegesPage {
    nav: Nav,
    csrf: String,
    can_edit: bool,
    privileges: Vec<PrivilegeRow>,
}

async fn privileges_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let list = match admin::privileges::list(&app, &actor.0).await {
        Ok(list) => list,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = PrivilegesPage {
        nav: nav(&actor, "privileges", q.done.as_deref()),
        csrf,
        can_edit: actor.0.capabilities.contains(&Capability::EditPrivileges),
        privileges: list
            .into_iter()
            .map(|(name, builtin, users)| PrivilegeRow {
                name,
                builtin,
                users,
            })
            .collect(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

async fn privilege_add(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let outcome = admin::privileges::add(&app, &actor.0, &field(&form, "name"))
        .await
        .map(|_| "/admin/privileges?done=created".to_string());
    Ok(finish(&actor, outcome))
}

async fn privilege_delete(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(name): Path<String>,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let outcome =
        admin::privileges::delete(&app, &actor.0, &name, field(&form, "confirm") == "yes")
            .await
            .map(|_| "/admin/privileges?done=deleted".to_string());
    Ok(finish(&actor, outcome))
}

// ---- invitations ------------------------------------------------------------------------------

struct InvitationRow {
    id: String,
    email: String,
    privileges: String,
    status: &'static str,
    expires: String,
    open_or_expired: bool,
}

#[derive(Template)]
#[template(path = "admin/invitations.html")]
struct InvitationsPage {
    nav: Nav,
    csrf: String,
    privileges: Vec<PrivilegeChoice>,
    invitations: Vec<InvitationRow>,
}

async fn invitations_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let list = match admin::invitations::list(&app, &actor.0).await {
        Ok(list) => list,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let now = app.clock.now();
    let (jar, csrf) = csrf_token(&app, jar);
    let page = InvitationsPage {
        nav: nav(&actor, "invitations", q.done.as_deref()),
        csrf,
        privileges: privilege_choices(&app, &actor, &app.settings.accounts.new_user_privileges)
            .await?,
        invitations: list
            .into_iter()
            .map(|i| {
                let status = if i.accepted_at.is_some() {
                    "accepted"
                } else if i.revoked_at.is_some() {
                    "revoked"
                } else if i.expires_at <= now {
                    "expired"
                } else {
                    "open"
                };
                InvitationRow {
                    privileges: i.privilege_list().join(", "),
                    expires: when(i.expires_at),
                    open_or_expired: matches!(status, "open" | "expired"),
                    status,
                    id: i.id,
                    email: i.email,
                }
            })
            .collect(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

async fn invitation_send(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let outcome = admin::invitations::create(
        &app,
        &actor.0,
        &field(&form, "email"),
        &fields(&form, "privilege"),
    )
    .await
    .map(|_| "/admin/invitations?done=sent".to_string());
    Ok(finish(&actor, outcome))
}

async fn invitation_resend(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let outcome = admin::invitations::resend(&app, &actor.0, &id)
        .await
        .map(|_| "/admin/invitations?done=sent".to_string());
    Ok(finish(&actor, outcome))
}

async fn invitation_revoke(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let outcome = admin::invitations::revoke(&app, &actor.0, &id)
        .await
        .map(|_| "/admin/invitations?done=revoked".to_string());
    Ok(finish(&actor, outcome))
}

// ---- clients ----------------------------------------------------------------------------------

struct ClientRow {
    id: String,
    name: String,
    public: bool,
    first_party: bool,
    redirect_uris: String,
}

struct ClientForm {
    action: String,
    new: bool,
    name: String,
    public: bool,
    first_party: bool,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    grant_types: String,
    scopes: String,
}

impl ClientForm {
    fn empty() -> Self {
        Self {
            action: "/admin/clients".into(),
            new: true,
            name: String::new(),
            public: false,
            first_party: false,
            redirect_uris: String::new(),
            post_logout_redirect_uris: String::new(),
            grant_types: "authorization_code refresh_token".into(),
            scopes: crate::domain::ScopeSet::all().to_string(),
        }
    }

    fn of(client: &crate::domain::Client) -> Self {
        Self {
            action: format!("/admin/clients/{}", client.id),
            new: false,
            name: client.name.clone(),
            public: client.is_public(),
            first_party: client.first_party,
            redirect_uris: client.redirect_uris.join("\n"),
            post_logout_redirect_uris: client.post_logout_redirect_uris.join("\n"),
            grant_types: client
                .grant_types
                .iter()
                .map(|g| g.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            scopes: client.scopes.to_string(),
        }
    }
}

fn client_spec(form: &Pairs, public: bool) -> admin::clients::ClientSpec {
    let lines = |name| {
        field(form, name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let words = |name| {
        field(form, name)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    admin::clients::ClientSpec {
        id: None,
        name: field(form, "name"),
        public,
        first_party: field(form, "first_party") == "yes",
        redirect_uris: lines("redirect_uris"),
        post_logout_redirect_uris: lines("post_logout_redirect_uris"),
        grant_types: words("grant_types"),
        scopes: words("scopes"),
    }
}

#[derive(Template)]
#[template(path = "admin/clients.html")]
struct ClientsPage {
    nav: Nav,
    csrf: String,
    clients: Vec<ClientRow>,
    form: ClientForm,
}

#[derive(Template)]
#[template(path = "admin/client.html")]
struct ClientPage {
    nav: Nav,
    csrf: String,
    id: String,
    form: ClientForm,
}

#[derive(Template)]
#[template(path = "admin/secret.html")]
struct SecretPage {
    nav: Nav,
    title: &'static str,
    explanation: String,
    secret: String,
    back: String,
}

async fn clients_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let list = match admin::clients::list(&app, &actor.0).await {
        Ok(list) => list,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ClientsPage {
        nav: nav(&actor, "clients", q.done.as_deref()),
        csrf,
        clients: list
            .into_iter()
            .map(|c| ClientRow {
                public: c.is_public(),
                first_party: c.first_party,
                redirect_uris: c.redirect_uris.join(", "),
                id: c.id,
                name: c.name,
            })
            .collect(),
        form: ClientForm::empty(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

async fn client_register(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let spec = client_spec(&form, field(&form, "public") == "yes");
    match admin::clients::create(&app, &actor.0, &spec).await {
        Ok((client, Some(secret))) => {
            let page = SecretPage {
                nav: nav(&actor, "clients", Some("created")),
                title: "Client registered",
                explanation: format!("Client id {}. Its secret:", client.id),
                secret,
                back: format!("/admin/clients/{}", client.id),
            };
            Ok(Html(render(&page)).into_response())
        }
        Ok((client, None)) => {
            Ok(Redirect::to(&format!("/admin/clients/{}?done=created", client.id)).into_response())
        }
        Err(e) => Ok(failure(&actor, e)),
    }
}

async fn client_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let client = match admin::clients::get(&app, &actor.0, &id).await {
        Ok(client) => client,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ClientPage {
        nav: nav(&actor, "clients", q.done.as_deref()),
        csrf,
        form: ClientForm::of(&client),
        id: client.id,
    };
    Ok((jar, Html(render(&page))).into_response())
}

async fn client_update(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let outcome = async {
        let existing = admin::clients::get(&app, &actor.0, &id).await?;
        admin::clients::update(
            &app,
            &actor.0,
            &id,
            &client_spec(&form, existing.is_public()),
        )
        .await?;
        Ok(format!("/admin/clients/{id}?done=saved"))
    }
    .await;
    Ok(finish(&actor, outcome))
}

async fn client_rotate(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    match admin::clients::rotate_secret(&app, &actor.0, &id).await {
        Ok(secret) => {
            let page = SecretPage {
                nav: nav(&actor, "clients", None),
                title: "New client secret",
                explanation: format!("The old secret of {id} no longer works. The new one:"),
                secret,
                back: format!("/admin/clients/{id}"),
            };
            Ok(Html(render(&page)).into_response())
        }
        Err(e) => Ok(failure(&actor, e)),
    }
}

async fn client_delete(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    if field(&form, "confirm") != "yes" {
        return Ok(failure(
            &actor,
            admin::invalid("confirm", "tick the box to confirm the deletion"),
        ));
    }
    let outcome = admin::clients::delete(&app, &actor.0, &id)
        .await
        .map(|_| "/admin/clients?done=deleted".to_string());
    Ok(finish(&actor, outcome))
}

// ---- audit log --------------------------------------------------------------------------------

struct EventRow {
    at: String,
    kind: String,
    user_id: Option<String>,
    ip: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    nav: Nav,
    q: String,
    kind: String,
    user: String,
    events: Vec<EventRow>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    user: String,
    cursor: Option<String>,
}

async fn audit_page(
    State(app): State<App>,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<AuditQuery>,
) -> Result<Response, WebError> {
    let before = q
        .cursor
        .as_deref()
        .and_then(|c| c.split_once(':'))
        .and_then(|(at, id)| at.parse::<i64>().ok().map(|at| (at, id.to_string())));
    let filter = AuditFilter {
        user_id: Some(q.user.clone()).filter(|s| !s.is_empty()),
        kind: Some(q.kind.clone()).filter(|s| !s.is_empty()),
        query: Some(q.q.clone()).filter(|s| !s.is_empty()),
        before,
        limit: 100,
    };
    let events = match admin::audit::search(&app, &actor.0, &filter).await {
        Ok(events) => events,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let next = (events.len() == 100).then(|| {
        let last = events
            .last()
            .map(|e| format!("{}:{}", e.at, e.id))
            .unwrap_or_default();
        format!(
            "/admin/audit?q={}&kind={}&user={}&cursor={}",
            encode(&q.q),
            encode(&q.kind),
            encode(&q.user),
            encode(&last)
        )
    });
    let page = AuditPage {
        nav: nav(&actor, "audit", None),
        events: events
            .into_iter()
            .map(|e| EventRow {
                at: when(e.at),
                kind: e.kind,
                user_id: e.user_id,
                ip: e.ip,
                detail: e.detail,
            })
            .collect(),
        q: q.q,
        kind: q.kind,
        user: q.user,
        next,
    };
    Ok(Html(render(&page)).into_response())
}

// ---- API keys ---------------------------------------------------------------------------------

struct KeyRow {
    id: String,
    name: String,
    capabilities: String,
    created: String,
    expires: String,
    last_used: String,
    live: bool,
}

#[derive(Template)]
#[template(path = "admin/api_keys.html")]
struct ApiKeysPage {
    nav: Nav,
    csrf: String,
    keys: Vec<KeyRow>,
    capabilities: Vec<&'static str>,
}

async fn api_keys_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let now = app.clock.now();
    let keys = match admin::api_keys::list(&app, actor.user()).await {
        Ok(keys) => keys,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let page = ApiKeysPage {
        nav: nav(&actor, "api-keys", q.done.as_deref()),
        csrf,
        keys: keys
            .into_iter()
            .map(|k| KeyRow {
                live: k.revoked_at.is_none() && k.expires_at.is_none_or(|t| t > now),
                capabilities: k.capabilities.replace(' ', ", "),
                created: when(k.created_at),
                expires: k.expires_at.map(when).unwrap_or_else(|| "never".into()),
                last_used: k.last_used_at.map(when).unwrap_or_else(|| "never".into()),
                id: k.id,
                name: k.name,
            })
            .collect(),
        capabilities: actor.0.capabilities.iter().map(|c| c.as_str()).collect(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

async fn api_key_create(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let outcome = async {
        let mut capabilities = Vec::new();
        for name in fields(&form, "capability") {
            capabilities
                .push(Capability::parse(&name).map_err(|e| admin::invalid("capabilities", e.0))?);
        }
        let expires_at = match field(&form, "expires_in_days").trim() {
            "" => None,
            days => match days.parse::<i64>() {
                Ok(d) if d > 0 => Some(app.clock.now() + d * 86400),
                _ => {
                    return Err(admin::invalid(
                        "expires_in_days",
                        "must be a positive number of days",
                    ));
                }
            },
        };
        admin::api_keys::create(
            &app,
            actor.user(),
            &field(&form, "name"),
            &capabilities,
            expires_at,
        )
        .await
    }
    .await;
    match outcome {
        Ok(created) => {
            let page = SecretPage {
                nav: nav(&actor, "api-keys", Some("created")),
                title: "API key created",
                explanation: "Send it as `Authorization: Bearer <key>` to /api/admin/v1.".into(),
                secret: created.key,
                back: "/admin/api-keys".into(),
            };
            Ok(Html(render(&page)).into_response())
        }
        Err(e) => Ok(failure(&actor, e)),
    }
}

async fn api_key_revoke(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    Path(id): Path<String>,
    PageForm(form): PageForm<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&app, &jar, &field(&form, "csrf"))?;
    let outcome = admin::api_keys::revoke(&app, actor.user(), &id)
        .await
        .map(|_| "/admin/api-keys?done=revoked".to_string());
    Ok(finish(&actor, outcome))
}
