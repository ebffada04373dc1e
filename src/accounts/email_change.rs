//! Changing the e-mail address: the new address must be verified before it replaces the old
//! one, and the old address is told both when a change is asked for and when it happens.

use super::messages::{Notice, NoticeKind};
use super::{AccountError, admit, audit, messages, verification};
use crate::App;
use crate::auth::RequestOrigin;
use crate::auth::limits::{self, Throttle};
use crate::domain::AuditKind;
use crate::domain::{Email, User};
use crate::store::StoreError;

/// Starts a change: checks the current password, then mails a verification to the new address.
/// How the account's owner shows it is them before the address moves.
pub enum OwnerProof<'a> {
    /// The current password, typed again.
    Password(&'a str),
    /// For accounts without a password (they sign in through a provider): a session that
    /// signed in, or confirmed through the provider, within `mfa.reauthentication_secs`.
    RecentSignIn(&'a crate::store::Session),
}

pub async fn request(
    app: &App,
    user: &User,
    new_email: &str,
    proof: OwnerProof<'_>,
    origin: &RequestOrigin,
) -> Result<Email, AccountError> {
    check_owner(app, user, proof).await?;
    let email = Email::parse(new_email).map_err(|e| AccountError::Invalid(e.0))?;
    if user.email.as_ref() == Some(&email) {
        return Err(AccountError::Invalid(crate::i18n::tr(
            "err-already-your-address",
        )));
    }
    let resend_buckets = [format!("email-change:{}", user.id)];
    admit(app, &resend_buckets, true).await?.counted();
    verification::send(app, user, &email, verification::CHANGE).await?;
    // The old address, if there is one, hears of it: a stolen session cannot move the
    // account away silently.
    tell_old_address(
        app,
        user,
        Notice::new(NoticeKind::EmailChangeRequested).with("email", email.as_str()),
    )
    .await?;
    audit(
        app,
        AuditKind::EmailChangeRequested,
        Some(&user.id),
        origin,
        email.as_str(),
    )
    .await?;
    Ok(email)
}

/// Checks that the account's owner is at the keyboard: the current password typed again, or
/// — for accounts without one — a session that signed in or confirmed through its provider
/// within `mfa.reauthentication_secs`. Also used before a phone number is added or removed.
pub async fn check_owner(
    app: &App,
    user: &User,
    proof: OwnerProof<'_>,
) -> Result<(), AccountError> {
    match proof {
        OwnerProof::Password(current_password) => {
            let admitted = limits::admit(
                app,
                vec![Throttle::own_password("password-check", &user.id)],
            )
            .await?;
            let stored = user.password_hash.clone();
            let candidate = current_password.to_string();
            if !app
                .cpu
                .run(move || crate::crypto::password::verify(&candidate, stored.as_deref()))
                .await
            {
                admitted.failed()?;
                return Err(AccountError::Invalid(crate::i18n::tr(
                    "err-current-password-wrong",
                )));
            }
            admitted.succeeded(app).await?;
        }
        OwnerProof::RecentSignIn(session) => {
            let window = app.settings.mfa.reauthentication_secs;
            // A password, once set, is what proves it: a fresh session alone is not enough.
            if user.password_hash.is_some()
                || session.user_id != user.id
                || !session.recently_authenticated(app.clock.now(), window)
            {
                return Err(AccountError::Invalid(crate::i18n::tr("err-confirm-first")));
            }
        }
    }
    Ok(())
}

/// Applies a verified change and tells the old address.
pub(super) async fn apply(
    app: &App,
    user: &User,
    new_email: &str,
    origin: &RequestOrigin,
) -> Result<(), AccountError> {
    let email = Email::parse(new_email).map_err(|e| AccountError::Invalid(e.0))?;
    match app
        .store
        .change_email(&user.id, &email, true, app.clock.now())
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict) => {
            return Err(AccountError::Invalid(crate::i18n::tr(
                "err-address-taken-now",
            )));
        }
        Err(e) => return Err(e.into()),
    }
    tell_old_address(
        app,
        user,
        Notice::new(NoticeKind::EmailChanged).with("email", email.as_str()),
    )
    .await?;
    audit(
        app,
        AuditKind::EmailChanged,
        Some(&user.id),
        origin,
        format!("{} -> {email}", user.email_text()),
    )
    .await
}

/// A notice to the address `user` has now, if any (an account without one has nobody to tell).
async fn tell_old_address(app: &App, user: &User, notice: Notice) -> Result<(), AccountError> {
    if let Some(old) = &user.email {
        app.mailer
            .send(&messages::notice(
                app,
                messages::language_for(&user.details.language),
                old.as_str(),
                &user.display_name(),
                &notice,
            ))
            .await?;
    }
    Ok(())
}
