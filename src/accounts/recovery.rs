//! "Forgot password": a single-use link by mail. Asking always gets the same answer;
//! using the link sets the password, signs the user out everywhere and revokes every
//! refresh token.

use super::{AccountError, admit, audit, audit_anonymous, messages};
use crate::App;
use crate::auth::RequestOrigin;
use crate::auth::password::password_problem;
use crate::crypto::token::{hash_token, random_token};
use crate::domain::AuditKind;
use crate::domain::{Email, User};

/// Sends a reset link if the address belongs to an active account. Silent otherwise.
pub async fn request(
    app: &App,
    raw_email: &str,
    origin: &RequestOrigin,
) -> Result<(), AccountError> {
    let ip_bucket = format!("reset:ip:{}", crate::auth::limits::address_key(&origin.ip));
    let Ok(email) = Email::parse(raw_email) else {
        admit(app, &[ip_bucket], true).await?.counted();
        return Ok(());
    };
    let buckets = [ip_bucket, format!("reset:acct:{email}")];
    admit(app, &buckets, true).await?.counted();
    let Some(user) = app.store.user_by_email(&email).await? else {
        return Ok(());
    };
    if !user.active {
        return Ok(());
    }
    let (background, mailed) = (app.clone(), user.clone());
    super::in_background("sending a password-reset link", async move {
        send_link(&background, &mailed).await
    });
    audit_anonymous(
        app,
        AuditKind::PasswordResetRequested,
        Some(&user.id),
        origin,
        "",
    )
    .await
}

/// Mails `user` a fresh single-use reset link (also used when an administrator resets a
/// password).
pub async fn send_link(app: &App, user: &User) -> Result<(), AccountError> {
    let expires_at = app.clock.now() + app.settings.accounts.password_reset_expires_minutes * 60;
    // Without an address there is nowhere to send a link, and nothing is stored.
    let Some(to) = user.email.clone() else {
        return Err(AccountError::Invalid(crate::i18n::tr(
            "err-no-address-for-reset",
        )));
    };
    let link = new_link(app, &user.id, expires_at).await?;
    app.mailer
        .send(&messages::reset(
            app,
            messages::language_for(&user.details.language),
            to.as_str(),
            &user.display_name(),
            &link,
        ))
        .await?;
    Ok(())
}

/// Stores a fresh single-use token for `user_id`, live until `expires_at`, and returns the
/// `/password/reset` link carrying it (also the welcome mail's set-password link). The link
/// is a secret: mail it, never log it.
pub async fn new_link(app: &App, user_id: &str, expires_at: i64) -> Result<String, AccountError> {
    let token = random_token();
    app.store
        .insert_password_reset(&hash_token(&token), user_id, app.clock.now(), expires_at)
        .await?;
    Ok(format!(
        "{}/password/reset?token={token}",
        app.settings.issuer
    ))
}

/// The user a live reset link is for.
pub async fn link_user(app: &App, token: &str) -> Result<User, AccountError> {
    let user_id = app
        .store
        .password_reset_user(&hash_token(token), app.clock.now())
        .await?
        .ok_or(AccountError::LinkExpired)?;
    app.store
        .user_by_id(&user_id)
        .await?
        .filter(|u| u.active)
        .ok_or(AccountError::LinkExpired)
}

/// Sets the new password through a reset link.
pub async fn complete(
    app: &App,
    token: &str,
    new_password: &str,
    origin: &RequestOrigin,
) -> Result<User, AccountError> {
    let user = link_user(app, token).await?;
    let personal = [
        user.email_text(),
        user.first_name.as_str(),
        user.last_name.as_str(),
    ];
    if let Some(problem) = password_problem(app, new_password, &personal).await {
        return Err(AccountError::Invalid(problem));
    }
    let now = app.clock.now();
    if app
        .store
        .consume_password_reset(&hash_token(token), now)
        .await?
        .is_none()
    {
        return Err(AccountError::LinkExpired);
    }
    let password = new_password.to_string();
    let hash = app
        .cpu
        .run(move || crate::crypto::password::hash(&password))
        .await;
    app.store.set_password(&user.id, &hash, false, now).await?;
    // The link arrived by mail, so the address works.
    if !user.email_verified {
        let extra = app.settings.accounts.verified_user_privileges.clone();
        app.store.mark_email_verified(&user.id, &extra, now).await?;
    }
    app.store.delete_sessions_of_user(&user.id).await?;
    // A second step opened with the old password must not turn into a session.
    app.store.delete_mfa_challenges_of_user(&user.id).await?;
    app.store.revoke_grants_of_user(&user.id, now).await?;
    audit(
        app,
        AuditKind::PasswordReset,
        Some(&user.id),
        origin,
        "signed out everywhere",
    )
    .await?;
    Ok(user)
}
