//! Users: the searchable list, adding a user, and one user's page with its actions.

use super::*;
use crate::domain::spoken_profile_label;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/users", get(users))
        .route("/users/new", get(user_new_page).post(user_new_submit))
        .route("/users/{id}", get(user_page))
        .route("/users/{id}/{action}", post(user_action))
}

#[derive(serde::Serialize)]
struct UserRow {
    id: String,
    name: String,
    email: String,
    privileges: Vec<String>,
    active: bool,
    service: bool,
    /// Has an address its owner has not confirmed (a sign-up not finished).
    unverified: bool,
}

#[derive(Serialize)]
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
crate::view!(UsersPage => "admin/users.html");

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

pub(super) async fn users(
    State(app): State<App>,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<UsersQuery>,
) -> Result<Response, WebError> {
    let filter = UserFilter {
        query: admin::users::search_text(&app, Some(q.q.clone())),
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
                // An account without an address shows its number instead.
                email: match (&u.email, &u.phone) {
                    (None, Some(phone)) => phone.to_string(),
                    _ => u.email_text().to_string(),
                },
                privileges: u.privileges.clone(),
                active: u.active,
                service: u.is_service_account(),
                unverified: u.email.is_some() && !u.email_verified,
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

#[derive(Serialize)]
struct UserNewPage {
    nav: Nav,
    csrf: String,
    first_name: String,
    last_name: String,
    email: String,
    privileges: Vec<PrivilegeChoice>,
}
crate::view!(UserNewPage => "admin/user_new.html");

pub(super) async fn user_new_page(
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

#[derive(Deserialize)]
pub(super) struct NewUserForm {
    email: String,
    first_name: String,
    last_name: String,
    password: String,
    /// One checkbox per privilege; unticked ones are absent.
    #[serde(default, rename = "privilege")]
    privileges: Vec<String>,
    #[serde(default)]
    username: String,
}

pub(super) async fn user_new_submit(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<NewUserForm>,
) -> Result<Response, WebError> {
    let input = admin::users::NewUserInput {
        email: form.email,
        first_name: form.first_name,
        last_name: form.last_name,
        password: form.password,
        privileges: form.privileges,
        username: form.username,
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
            // The form's inputs are named like the use case's fields.
            if let AdminError::Invalid { field, .. } = &e
                && ["email", "first_name", "last_name", "password", "username"].contains(field)
            {
                page.nav.error_field = Some(field);
            }
            Ok((jar, form_again(render(&page), &e)).into_response())
        }
    }
}

#[derive(serde::Serialize)]
struct FieldValue {
    name: &'static str,
    /// In the page's language.
    label: String,
    value: String,
}

#[derive(Serialize)]
struct UserPage {
    nav: Nav,
    csrf: String,
    id: String,
    name: String,
    email: String,
    verified: bool,
    phone: String,
    phone_verified: bool,
    active: bool,
    sessions: usize,
    /// The newest sessions: device, address, last seen.
    session_rows: Vec<(String, String, String)>,
    /// The newest events about the user (for holders of `view_audit_log`): when, kind, detail.
    events: Option<Vec<(String, String, String)>>,
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
    can_welcome: bool,
    second_factor: bool,
    recovery_codes_left: i64,
    mfa_required: bool,
}
crate::view!(UserPage => "admin/user.html");

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
        .map_err(|_| admin::invalid(field, tr("admin-user-date-invalid")))
}

pub(super) async fn user_page(
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
            label: spoken_profile_label("first_name"),
            value: user.first_name.clone(),
        },
        FieldValue {
            name: "last_name",
            label: spoken_profile_label("last_name"),
            value: user.last_name.clone(),
        },
        FieldValue {
            name: "nickname",
            label: spoken_profile_label("nickname"),
            value: user.nickname.clone(),
        },
        FieldValue {
            name: "initials",
            label: spoken_profile_label("initials"),
            value: user.initials.clone(),
        },
    ];
    if !user.is_service_account() {
        fields.push(FieldValue {
            name: "username",
            label: tr("admin-user-field-username"),
            value: user.username.clone().unwrap_or_default(),
        });
    }
    for name in crate::config::PROFILE_FIELDS {
        fields.push(FieldValue {
            name,
            label: spoken_profile_label(name),
            value: user.details.get(name).to_string(),
        });
    }
    let factors = crate::auth::mfa::status(&app, &user.id).await?;
    let mfa_required = crate::auth::mfa::policy(&app)
        .await?
        .required_for_user(&user);
    let sessions = app.store.sessions_of_user(&user.id).await?;
    let events = if has(Capability::ViewAuditLog) {
        let rows = app
            .store
            .audit_page(&AuditFilter {
                user_id: Some(user.id.clone()),
                limit: 10,
                ..Default::default()
            })
            .await?;
        Some(
            rows.into_iter()
                .map(|e| (when(e.at), super::audit::kind_label(&e.kind), e.detail))
                .collect(),
        )
    } else {
        None
    };
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
        phone: user
            .phone
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        phone_verified: user.phone_verified,
        active: user.active,
        sessions: sessions.len(),
        session_rows: sessions
            .iter()
            .take(5)
            .map(|s| {
                (
                    crate::web::pages::device(&s.user_agent),
                    s.ip.clone(),
                    when(s.last_seen_at),
                )
            })
            .collect(),
        events,
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
        can_welcome: has(Capability::InviteUser),
        id: user.id,
    };
    Ok((jar, Html(render(&page))).into_response())
}

/// The fields of the forms on a user's page. Each action reads its own; a field a form does
/// not carry is absent, and an absent field changes nothing (it never clears a value).
#[derive(Deserialize)]
pub(super) struct UserActionForm {
    email: Option<String>,
    /// Present and empty: remove the number.
    phone: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    nickname: Option<String>,
    initials: Option<String>,
    username: Option<String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    country: Option<String>,
    subdivision_first: Option<String>,
    subdivision_second: Option<String>,
    subdivision_third: Option<String>,
    organization: Option<String>,
    timezone: Option<String>,
    language: Option<String>,
    date_format: Option<String>,
    #[serde(default, rename = "privilege")]
    privileges: Vec<String>,
    active: Option<String>,
    confirm: Option<String>,
}

impl UserActionForm {
    /// A profile field (`crate::config::PROFILE_FIELDS`) by name, if the form carried it.
    fn detail(&self, name: &str) -> Option<&String> {
        match name {
            "country" => self.country.as_ref(),
            "subdivision_first" => self.subdivision_first.as_ref(),
            "subdivision_second" => self.subdivision_second.as_ref(),
            "subdivision_third" => self.subdivision_third.as_ref(),
            "organization" => self.organization.as_ref(),
            "timezone" => self.timezone.as_ref(),
            "language" => self.language.as_ref(),
            "date_format" => self.date_format.as_ref(),
            _ => None,
        }
    }

    fn confirmed(&self) -> bool {
        self.confirm.as_deref() == Some("yes")
    }
}

/// A date field as a change: absent leaves it, empty clears it.
fn date_change(
    field: &'static str,
    raw: Option<&String>,
) -> Result<Option<Option<i64>>, AdminError> {
    raw.map(|raw| parse_date(field, raw)).transpose()
}

/// The forms on a user's page, one action each, all posting to `/admin/users/{id}/{action}`.
/// Each calls one use-case, which checks its own capability.
pub(super) async fn user_action(
    State(app): State<App>,
    actor: ConsoleActor,
    Path((id, action)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<UserActionForm>,
) -> Result<Response, WebError> {
    let a = &actor.0;
    let outcome: Result<&str, AdminError> = match action.as_str() {
        "profile" => {
            async {
                let mut patch = admin::users::UserPatch {
                    // Left empty: the address stays as it is.
                    email: form.email.clone().filter(|e| !e.trim().is_empty()),
                    phone: form
                        .phone
                        .clone()
                        .map(|p| Some(p).filter(|p| !p.trim().is_empty())),
                    first_name: form.first_name.clone(),
                    last_name: form.last_name.clone(),
                    nickname: form.nickname.clone(),
                    initials: form.initials.clone(),
                    username: form.username.clone(),
                    valid_from: date_change("valid_from", form.valid_from.as_ref())?,
                    valid_until: date_change("valid_until", form.valid_until.as_ref())?,
                    ..Default::default()
                };
                for name in crate::config::PROFILE_FIELDS {
                    if let Some(value) = form.detail(name) {
                        patch.details.insert(name.to_string(), value.clone());
                    }
                }
                admin::users::update(&app, a, &id, &patch)
                    .await
                    .map(|_| "saved")
            }
            .await
        }
        "privileges" => admin::users::set_privileges(&app, a, &id, &form.privileges)
            .await
            .map(|_| "saved"),
        "active" => {
            let active = form.active.as_deref() == Some("true");
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
        "welcome-mail" => admin::welcome::send(&app, a, &id)
            .await
            .map(|_| "welcome-sent"),
        "reset-second-factor" if !form.confirmed() => {
            Err(admin::invalid("confirm", tr("admin-confirm-reset")))
        }
        "reset-second-factor" => admin::mfa::reset_user(&app, a, &id)
            .await
            .map(|_| "second-factor-reset"),
        "delete" if !form.confirmed() => {
            Err(admin::invalid("confirm", tr("admin-confirm-deletion")))
        }
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
