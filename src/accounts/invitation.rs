//! Accepting an invitation: the person chooses names and a password; the account gets the
//! invited privileges and counts as verified (the link came by mail). Works whether or not
//! open registration is allowed.

use super::creation::{InitialPassword, NewAccount, create_user};
use super::{AccountError, audit};
use crate::App;
use crate::auth::RequestOrigin;
use crate::crypto::token::hash_token;
use crate::domain::AuditKind;
use crate::domain::{Email, User, validate_profile_field};
use crate::store::Invitation;

/// The open invitation behind a link.
pub async fn open(app: &App, token: &str) -> Result<Invitation, AccountError> {
    let invitation = app
        .store
        .invitation_by_token(&hash_token(token))
        .await?
        .ok_or(AccountError::LinkExpired)?;
    if invitation.is_open(app.clock.now()) {
        Ok(invitation)
    } else {
        Err(AccountError::LinkExpired)
    }
}

pub async fn accept(
    app: &App,
    token: &str,
    first_name: &str,
    last_name: &str,
    password: &str,
    origin: &RequestOrigin,
) -> Result<User, AccountError> {
    let invitation = open(app, token).await?;
    let first_name =
        validate_profile_field("first_name", first_name).map_err(|e| AccountError::Invalid(e.0))?;
    let last_name =
        validate_profile_field("last_name", last_name).map_err(|e| AccountError::Invalid(e.0))?;
    if first_name.is_empty() || last_name.is_empty() {
        return Err(AccountError::Invalid(crate::i18n::tr("err-enter-names")));
    }
    let email = Email::parse(&invitation.email).map_err(|e| AccountError::Internal(e.0))?;
    let personal = [email.as_str(), first_name.as_str(), last_name.as_str()];
    if let Some(problem) = crate::auth::password::password_problem(app, password, &personal).await {
        return Err(AccountError::Invalid(problem));
    }
    if app.store.user_by_email(&email).await?.is_some() {
        return Err(AccountError::Invalid(crate::i18n::tr("err-address-exists")));
    }
    let now = app.clock.now();
    if !app.store.accept_invitation(&invitation.id, now).await? {
        return Err(AccountError::LinkExpired);
    }
    // Privileges deleted since the invitation was sent are dropped, not an error.
    let existing = app.store.privilege_names().await?;
    let privileges: Vec<String> = invitation
        .privilege_list()
        .into_iter()
        .filter(|p| existing.contains(p))
        .collect();
    let created = create_user(
        app,
        NewAccount {
            email: Some(email),
            email_verified: true,
            first_name,
            last_name,
            // Judged above, before the invitation was used up.
            password: InitialPassword::Trusted(password.to_string()),
            must_change_password: false,
            privileges,
            username: None,
        },
    )
    .await;
    let user = match created {
        Ok(user) => user,
        Err(e) => {
            // Nothing was made: the invitation stays usable.
            app.store.reopen_invitation(&invitation.id, now).await?;
            return Err(e.into());
        }
    };
    audit(
        app,
        AuditKind::SignUp,
        Some(&user.id),
        origin,
        format!("invitation {}", invitation.id),
    )
    .await?;
    Ok(user)
}
