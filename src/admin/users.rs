//! Managing users: list, read, create, edit, (de)activate, set privileges, delete — each under
//! its capability, with the delegation rules: nobody grants what they do not hold, and the
//! last active administrator cannot be removed.

use std::collections::HashMap;

use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::accounts::creation::{CreateError, InitialPassword, NewAccount, create_user};
use crate::domain::AuditKind;
use crate::domain::{Capability, Email, Privilege, User, validate_profile_field};
use crate::i18n::{self, tr};
use crate::store::{GuardedChange, StoreError, UserFilter};

pub async fn list(app: &App, actor: &Actor, filter: &UserFilter) -> Result<Vec<User>, AdminError> {
    actor.require(Capability::AccessUserInfo)?;
    Ok(app.store.list_users_filtered(filter).await?)
}

pub async fn get(app: &App, actor: &Actor, id: &str) -> Result<User, AdminError> {
    actor.require(Capability::AccessUserInfo)?;
    app.store.user_by_id(id).await?.ok_or(AdminError::NotFound)
}

pub struct NewUserInput {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub password: String,
    pub privileges: Vec<String>,
    /// Empty for none.
    pub username: String,
}

pub(super) fn checked_privileges(
    app: &App,
    actor: &Actor,
    names: &[String],
) -> Result<Vec<String>, AdminError> {
    let mut privileges = Vec::new();
    for name in names {
        let privilege = Privilege::parse(name).map_err(|e| invalid("privileges", e.0))?;
        if !actor.may_assign(app, privilege.as_str()) {
            return Err(AdminError::Forbidden(i18n::current().t1(
                "admin-err-may-not-grant-or-remove",
                "privilege",
                privilege.as_str(),
            )));
        }
        privileges.push(privilege.as_str().to_string());
    }
    privileges.sort();
    privileges.dedup();
    Ok(privileges)
}

/// Creates a user (docassemble's "Add a user": names, e-mail, password and privileges are all
/// required). The administrator's word verifies the address.
pub async fn create(app: &App, actor: &Actor, input: &NewUserInput) -> Result<User, AdminError> {
    actor.require(Capability::CreateUser)?;
    for (field, value) in [
        ("first_name", &input.first_name),
        ("last_name", &input.last_name),
    ] {
        if value.trim().is_empty() {
            return Err(invalid(field, tr("admin-err-required")));
        }
    }
    if input.privileges.is_empty() {
        return Err(invalid("privileges", tr("admin-err-user-needs-privilege")));
    }
    create_account(
        app,
        actor,
        input,
        InitialPassword::Typed(input.password.clone()),
        true,
    )
    .await
}

/// Creates a user with `password` (the command line may leave it unset, for an invitation-
/// like first sign-in through a reset link) and the address verified or not; names may be
/// empty. `input.password` is ignored.
pub async fn create_account(
    app: &App,
    actor: &Actor,
    input: &NewUserInput,
    password: InitialPassword,
    verified: bool,
) -> Result<User, AdminError> {
    actor.require(Capability::CreateUser)?;
    let email = Email::parse(&input.email).map_err(|e| invalid("email", e.0))?;
    let mut names = Vec::new();
    for (field, value) in [
        ("first_name", &input.first_name),
        ("last_name", &input.last_name),
    ] {
        names.push(validate_profile_field(field, value).map_err(|e| invalid(field, e.0))?);
    }
    let (first_name, last_name) = (names.remove(0), names.remove(0));
    let privileges = checked_privileges(app, actor, &input.privileges)?;
    let account = NewAccount {
        email: Some(email.clone()),
        email_verified: verified,
        first_name,
        last_name,
        password,
        must_change_password: false,
        privileges,
        username: crate::domain::Username::parse_optional(&input.username)
            .map_err(|e| invalid("username", e.0))?,
    };
    let user = match create_user(app, account).await {
        Ok(user) => user,
        Err(CreateError::Invalid { field, message }) => return Err(invalid(field, message)),
        Err(CreateError::WeakPassword(problem)) => return Err(invalid("password", problem)),
        Err(CreateError::EmailTaken) => {
            return Err(AdminError::Conflict(tr("admin-err-email-exists")));
        }
        Err(CreateError::UsernameTaken) => {
            return Err(AdminError::Conflict(tr("admin-err-username-taken")));
        }
        Err(CreateError::UnknownPrivilege) => {
            return Err(invalid(
                "privileges",
                tr("admin-err-unknown-privilege-named"),
            ));
        }
        Err(CreateError::Internal(cause)) => return Err(AdminError::Internal(cause)),
        Err(CreateError::Unavailable(cause)) => return Err(AdminError::Unavailable(cause)),
    };
    audit(
        app,
        actor,
        AuditKind::AdminUserCreated,
        Some(&user.id),
        email.as_str(),
    )
    .await?;
    Ok(user)
}

/// Changes to a user's details; `None` leaves a field as it is.
#[derive(Default)]
pub struct UserPatch {
    pub email: Option<String>,
    /// `Some(None)` removes the number; a new one is saved unverified (its owner has not
    /// entered a code), so it signs nobody in until they confirm it on their phone page.
    pub phone: Option<Option<String>>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub nickname: Option<String>,
    pub initials: Option<String>,
    /// Empty clears it.
    pub username: Option<String>,
    /// Profile fields by name (country, timezone, …).
    pub details: HashMap<String, String>,
    /// `Some(None)` clears the date.
    pub valid_from: Option<Option<i64>>,
    pub valid_until: Option<Option<i64>>,
}

/// What a user search looks for: a typed phone number in its stored (E.164) form, so
/// `0171 1234567` finds `+491711234567`; anything else as typed.
pub fn search_text(app: &App, raw: Option<String>) -> Option<String> {
    let raw = raw.filter(|s| !s.trim().is_empty())?;
    match crate::domain::PhoneNumber::parse(&raw, &app.settings.phone.default_region) {
        Ok(number) => Some(number.to_string()),
        Err(_) => Some(raw),
    }
}

pub async fn update(
    app: &App,
    actor: &Actor,
    id: &str,
    patch: &UserPatch,
) -> Result<User, AdminError> {
    actor.require(Capability::EditUserInfo)?;
    // Changing someone's address (then resetting the password through it) or validity
    // would be a takeover of an account stronger than the actor.
    let user = actor.target(app, id).await?;
    let sets = |v: &Option<String>| v.as_ref().is_some_and(|v| !v.trim().is_empty());
    if user.is_service_account()
        && (sets(&patch.email) || patch.phone.as_ref().is_some_and(sets) || sets(&patch.username))
    {
        return Err(invalid("email", tr("admin-err-service-account-no-contact")));
    }
    let now = app.clock.now();
    let mut first = user.first_name.clone();
    let mut last = user.last_name.clone();
    if let Some(v) = &patch.first_name {
        first = validate_profile_field("first_name", v).map_err(|e| invalid("first_name", e.0))?;
    }
    if let Some(v) = &patch.last_name {
        last = validate_profile_field("last_name", v).map_err(|e| invalid("last_name", e.0))?;
    }
    if first.is_empty() || last.is_empty() {
        return Err(invalid("first_name", tr("admin-err-names-empty")));
    }
    let other_name = |field: &'static str, patched: &Option<String>, current: &str| {
        patched.as_ref().map_or(Ok(current.to_string()), |v| {
            validate_profile_field(field, v).map_err(|e| invalid(field, e.0))
        })
    };
    let nickname = other_name("nickname", &patch.nickname, &user.nickname)?;
    let initials = other_name("initials", &patch.initials, &user.initials)?;
    let username = match &patch.username {
        None => None,
        Some(raw) => Some(
            crate::domain::Username::parse_optional(raw).map_err(|e| invalid("username", e.0))?,
        )
        .filter(|new| new.as_ref().map(|u| u.as_str()) != user.username.as_deref()),
    };
    if let Some(Some(name)) = &username
        && app.store.user_by_username(name.as_str()).await?.is_some()
    {
        return Err(AdminError::Conflict(tr("admin-err-username-other")));
    }
    let mut details = user.details.clone();
    for (field, value) in &patch.details {
        let known = crate::config::PROFILE_FIELDS
            .iter()
            .find(|f| **f == field.as_str());
        let Some(field) = known else {
            return Err(invalid(
                "details",
                format!("unknown profile field “{field}”"),
            ));
        };
        details.set(
            field,
            validate_profile_field(field, value).map_err(|e| invalid("details", e.0))?,
        );
    }
    let valid_from = patch.valid_from.unwrap_or(user.valid_from);
    let valid_until = patch.valid_until.unwrap_or(user.valid_until);
    if let (Some(from), Some(until)) = (valid_from, valid_until)
        && from >= until
    {
        return Err(invalid("valid_until", tr("admin-err-valid-until-order")));
    }
    let email = match &patch.email {
        Some(raw) => Some(Email::parse(raw).map_err(|e| invalid("email", e.0))?)
            .filter(|email| user.email.as_ref() != Some(email)),
        None => None,
    };
    let phone = match &patch.phone {
        Some(Some(raw)) => {
            let number = crate::domain::PhoneNumber::parse(raw, &app.settings.phone.default_region)
                .map_err(|e| invalid("phone", e.0))?;
            (user.phone.as_ref() != Some(&number)).then_some(Some(number))
        }
        Some(None) => user.phone.is_some().then_some(None),
        None => None,
    };
    if let Some(Some(number)) = &phone
        && app.store.user_by_phone(number).await?.is_some()
    {
        return Err(AdminError::Conflict(tr("admin-err-phone-other")));
    }
    // Refusals come before the first write, so a refused edit changes nothing.
    if let Some(email) = &email
        && app.store.user_by_email(email).await?.is_some()
    {
        return Err(AdminError::Conflict(tr("admin-err-email-other")));
    }
    if (valid_from, valid_until) != (user.valid_from, user.valid_until) {
        let change = GuardedChange::Validity {
            from: valid_from,
            until: valid_until,
        };
        if !app.store.change_keeping_an_admin(id, change, now).await? {
            return Err(last_admin());
        }
    }
    let names = crate::store::Names {
        first: &first,
        last: &last,
        nickname: &nickname,
        initials: &initials,
    };
    app.store.update_profile(id, &names, &details, now).await?;
    if let Some(name) = &username {
        match app
            .store
            .set_username(id, name.as_ref().map(|u| u.as_str()), now)
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                return Err(AdminError::Conflict(tr("admin-err-username-other")));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(email) = &email {
        // Someone else typed it: unverified until the new address confirms it, and the old
        // address hears of the change, so an account cannot be moved away silently.
        match app.store.change_email(id, email, false, now).await {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                return Err(AdminError::Conflict(tr("admin-err-email-other")));
            }
            Err(e) => return Err(e.into()),
        }
        tell_about_new_address(app, &user, email);
    }
    if let Some(number) = &phone {
        match app.store.set_phone(id, number.as_ref(), false, now).await {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                return Err(AdminError::Conflict(tr("admin-err-phone-other")));
            }
            Err(e) => return Err(e.into()),
        }
    }
    audit(app, actor, AuditKind::AdminUserUpdated, Some(id), "").await?;
    app.store.user_by_id(id).await?.ok_or(AdminError::NotFound)
}

fn last_admin() -> AdminError {
    AdminError::Conflict(tr("admin-err-last-admin"))
}

/// After an administrator changed `user`'s address: a verification to the new one (in the
/// background, like every mail to an address someone else typed) and a notice to the old.
fn tell_about_new_address(app: &App, user: &User, new_email: &Email) {
    let (background, user, new_email) = (app.clone(), user.clone(), new_email.clone());
    crate::accounts::in_background("telling a user of their changed address", async move {
        if let Some(old) = &user.email {
            background
                .mailer
                .send(&crate::accounts::messages::notice(
                    &background,
                    crate::accounts::messages::language_for(&user.details.language),
                    old.as_str(),
                    &user.display_name(),
                    &crate::accounts::messages::Notice::new(
                        crate::accounts::messages::NoticeKind::EmailChangedByAdmin,
                    )
                    .with("email", new_email.as_str()),
                ))
                .await?;
        }
        let moved = background
            .store
            .user_by_id(&user.id)
            .await?
            .ok_or(crate::accounts::AccountError::LinkExpired)?;
        crate::accounts::verification::send(
            &background,
            &moved,
            &new_email,
            crate::accounts::verification::SIGNUP,
        )
        .await
    });
}

pub async fn set_active(
    app: &App,
    actor: &Actor,
    id: &str,
    active: bool,
) -> Result<User, AdminError> {
    actor.require(Capability::EditUserActiveStatus)?;
    actor.target(app, id).await?;
    let now = app.clock.now();
    if active {
        app.store.set_active(id, true, now).await?;
    } else {
        if !app
            .store
            .change_keeping_an_admin(id, GuardedChange::Deactivate, now)
            .await?
        {
            return Err(last_admin());
        }
        // At once: sessions, refresh tokens and access tokens all stop working.
        app.store.delete_sessions_of_user(id).await?;
        app.store.revoke_grants_of_user(id, now).await?;
    }
    let kind = if active {
        AuditKind::AdminUserReactivated
    } else {
        AuditKind::AdminUserDeactivated
    };
    audit(app, actor, kind, Some(id), "").await?;
    app.store.user_by_id(id).await?.ok_or(AdminError::NotFound)
}

pub async fn set_privileges(
    app: &App,
    actor: &Actor,
    id: &str,
    names: &[String],
) -> Result<User, AdminError> {
    actor.require(Capability::EditUserPrivileges)?;
    // Taking a privilege away is as sensitive as giving it: the actor must be able to grant
    // everything the user holds now, and everything they are given.
    let target = actor.target(app, id).await?;
    let wanted = checked_privileges(app, actor, names)?;
    if !target.is_service_account() && wanted.iter().any(|p| p == crate::domain::CRON) {
        return Err(invalid("privileges", tr("admin-err-cron-service-only")));
    }
    match app
        .store
        .change_keeping_an_admin(id, GuardedChange::Privileges(&wanted), app.clock.now())
        .await
    {
        Ok(true) => {}
        Ok(false) => return Err(last_admin()),
        Err(StoreError::NotFound) => {
            return Err(invalid(
                "privileges",
                tr("admin-err-unknown-privilege-named"),
            ));
        }
        Err(e) => return Err(e.into()),
    }
    audit(
        app,
        actor,
        AuditKind::AdminPrivilegesSet,
        Some(id),
        wanted.join(" "),
    )
    .await?;
    app.store.user_by_id(id).await?.ok_or(AdminError::NotFound)
}

/// Sets a user's password (the command line's way back in; an administrator in the console
/// or API never learns or sets one, they send a reset link). `temporary`: it must be changed
/// at the next sign-in. Open two-step challenges opened with the old password end.
pub async fn set_password(
    app: &App,
    actor: &Actor,
    id: &str,
    password: &str,
    temporary: bool,
) -> Result<User, AdminError> {
    actor.require(Capability::EditUserPassword)?;
    let user = actor.target(app, id).await?;
    if user.is_service_account() {
        return Err(invalid(
            "password",
            tr("admin-err-service-account-no-password"),
        ));
    }
    let personal = [
        user.email_text(),
        user.first_name.as_str(),
        user.last_name.as_str(),
    ];
    if let Some(problem) = crate::auth::password::password_problem(app, password, &personal).await {
        return Err(invalid("password", problem));
    }
    let password = password.to_string();
    let hash = app
        .cpu
        .run(move || crate::crypto::password::hash(&password))
        .await;
    let now = app.clock.now();
    app.store.set_password(id, &hash, temporary, now).await?;
    app.store.delete_mfa_challenges_of_user(id).await?;
    let detail = if temporary { "temporary" } else { "" };
    audit(app, actor, AuditKind::AdminPasswordSet, Some(id), detail).await?;
    app.store.user_by_id(id).await?.ok_or(AdminError::NotFound)
}

/// Erases the user's personal data and credentials and revokes their tokens; the audit trail
/// keeps only the random id.
pub async fn delete(app: &App, actor: &Actor, id: &str) -> Result<(), AdminError> {
    actor.require(Capability::DeleteUser)?;
    let user = actor.target(app, id).await?;
    if !app
        .store
        .change_keeping_an_admin(id, GuardedChange::Delete, app.clock.now())
        .await?
    {
        return Err(last_admin());
    }
    // An account without an address has only its id to erase (an empty address matches
    // nothing).
    app.store.erase_from_audit(id, user.email_text()).await?;

    audit(app, actor, AuditKind::AdminUserDeleted, Some(id), "").await?;
    Ok(())
}

/// Mails the user a password-reset link (the administrator never sees or sets the password).
pub async fn send_password_reset(app: &App, actor: &Actor, id: &str) -> Result<(), AdminError> {
    actor.require(Capability::EditUserPassword)?;
    let user = actor.target(app, id).await?;
    crate::accounts::recovery::send_link(app, &user)
        .await
        .map_err(|e| match e {
            crate::accounts::AccountError::Invalid(message)
            | crate::accounts::AccountError::Field { message, .. } => AdminError::Conflict(message),
            other => AdminError::Internal(other.to_string()),
        })?;
    audit(app, actor, AuditKind::AdminPasswordResetSent, Some(id), "").await
}

/// Signs the user out everywhere: every session ends with the grants signed in through it.
pub async fn end_sessions(app: &App, actor: &Actor, id: &str) -> Result<usize, AdminError> {
    actor.require(Capability::EditUserActiveStatus)?;
    actor.target(app, id).await?;
    let origin = crate::auth::RequestOrigin {
        ip: actor.ip.clone(),
        user_agent: String::new(),
    };
    let sessions = app.store.sessions_of_user(id).await?;
    for session in &sessions {
        crate::auth::sessions::end(app, session, &origin).await?;
    }
    // Offline grants too: "everywhere" includes the applications holding refresh tokens.
    app.store.revoke_grants_of_user(id, app.clock.now()).await?;
    audit(
        app,
        actor,
        AuditKind::AdminSessionsEnded,
        Some(id),
        format!("{} session(s)", sessions.len()),
    )
    .await?;
    Ok(sessions.len())
}
