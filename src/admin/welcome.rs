//! The welcome mail (Lino's `SendWelcomeMail`): holders of `invite_user` mail a user the way
//! in. An account without a password gets a single-use link to choose one (a password-reset
//! token that lives `accounts.welcome_link_expires_days`); any other gets the sign-in page.
//!
//! Each user may be sent `rate_limits.welcome_mails_per_hour`, charged before the mail is
//! built, so neither a slip nor a script can mail-bomb anyone.

use super::invitations::until;
use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::accounts::{AccountError, messages, recovery};
use crate::auth::limits::{self, Quota};
use crate::domain::{AuditKind, Capability};
use crate::i18n::tr;
use crate::mail::MailError;

/// What the welcome mail carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WelcomeLink {
    /// A single-use link to choose a first password, live until this moment.
    SetPassword { expires_at: i64 },
    /// The sign-in page: the account has a password already.
    SignIn,
}

/// Welcome mails per target user and hour.
fn quota(app: &App) -> Quota {
    Quota::new(
        "welcome-mail",
        vec![(app.settings.rate_limits.welcome_mails_per_hour, 3600)],
    )
}

/// Mails user `id` a welcome. Refused (`Invalid`, so 422) when they are deactivated or
/// expired, or have no confirmed address: a set-password link goes only to an address its
/// owner proved, never to one an administrator typed.
pub async fn send(app: &App, actor: &Actor, id: &str) -> Result<WelcomeLink, AdminError> {
    actor.require(Capability::InviteUser)?;
    // A link to choose a password is a way into the account: only for users the actor may
    // act on.
    let user = actor.target(app, id).await?;
    let now = app.clock.now();
    if !user.active {
        return Err(invalid("active", tr("admin-err-welcome-deactivated")));
    }
    if user.valid_until.is_some_and(|until| until <= now) {
        return Err(invalid("valid_until", tr("admin-err-welcome-expired")));
    }
    let Some(email) = user.email.clone() else {
        return Err(invalid("email", tr("admin-err-welcome-no-email")));
    };
    if user.mail_address(false).is_none() {
        return Err(invalid("email", tr("admin-err-welcome-unconfirmed")));
    }
    // Charged before the work, one statement per window; a refusal still counts, so
    // hammering a full quota earns nothing.
    let charged = limits::charge_all(app, &[(&quota(app), user.id.as_str())]).await?;
    let (link, sent) = match &user.password_hash {
        None => {
            let expires_at = now + app.settings.accounts.welcome_link_expires_days * 86_400;
            let link = recovery::new_link(app, &user.id, expires_at)
                .await
                .map_err(|e| match e {
                    AccountError::Unavailable(cause) => AdminError::Unavailable(cause),
                    other => AdminError::Internal(other.to_string()),
                })?;
            (link, WelcomeLink::SetPassword { expires_at })
        }
        Some(_) => (
            format!("{}/login", app.settings.issuer),
            WelcomeLink::SignIn,
        ),
    };
    let expires = match sent {
        WelcomeLink::SetPassword { expires_at } => until(expires_at),
        WelcomeLink::SignIn => String::new(),
    };
    let message = messages::welcome(
        app,
        messages::language_for(&user.details.language),
        email.as_str(),
        &user.display_name(),
        &link,
        matches!(sent, WelcomeLink::SetPassword { .. }),
        &expires,
    );
    if let Err(e) = app.mailer.send(&message).await {
        // Nothing reached the user: the use is given back.
        charged.refund(app).await?;
        return Err(match e {
            MailError::InvalidAddress(_) => invalid("email", tr("admin-err-welcome-undeliverable")),
            other => AdminError::Internal(format!("sending the welcome mail: {other}")),
        });
    }
    // The detail names what was sent, never the link.
    let detail = match sent {
        WelcomeLink::SetPassword { .. } => "with a link to choose a password",
        WelcomeLink::SignIn => "with the sign-in link",
    };
    audit(
        app,
        actor,
        AuditKind::AdminWelcomeMailSent,
        Some(&user.id),
        detail,
    )
    .await?;
    Ok(sent)
}
