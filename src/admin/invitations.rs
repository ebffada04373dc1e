//! Inviting people: an e-mail with a single-use registration link that gives the privileges
//! chosen here. It works when `allow_registration` is false; it can be listed, resent (a new
//! link, a new expiry) and revoked.

use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::accounts::messages;
use crate::crypto::token::{hash_token, random_id, random_token};
use crate::domain::AuditKind;
use crate::domain::{Capability, Email, Privilege};
use crate::i18n::{self, tr};
use crate::store::Invitation;

fn link(app: &App, token: &str) -> String {
    format!("{}/invite?token={token}", app.settings.issuer)
}

pub(super) fn until(t: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| d.format(&format).ok())
        .unwrap_or_default()
}

async fn send(app: &App, email: &str, token: &str, expires_at: i64) -> Result<(), AdminError> {
    app.mailer
        .send(&messages::invitation(
            app,
            messages::language_for(""),
            email,
            &link(app, token),
            &until(expires_at),
        ))
        .await
        .map_err(|e| AdminError::Internal(format!("sending the invitation: {e}")))
}

pub async fn create(
    app: &App,
    actor: &Actor,
    email: &str,
    privileges: &[String],
) -> Result<Invitation, AdminError> {
    actor.require(Capability::InviteUser)?;
    let email = Email::parse(email).map_err(|e| invalid("email", e.0))?;
    let mut names = Vec::new();
    for name in privileges {
        let privilege = Privilege::parse(name).map_err(|e| invalid("privileges", e.0))?;
        if privilege.as_str() == crate::domain::CRON {
            return Err(invalid("privileges", tr("admin-err-cron-service-only")));
        }
        if !actor.may_assign(app, privilege.as_str()) {
            return Err(AdminError::Forbidden(i18n::current().t1(
                "admin-err-may-not-grant",
                "privilege",
                privilege.as_str(),
            )));
        }
        if !app
            .store
            .privilege_names()
            .await?
            .iter()
            .any(|p| p == privilege.as_str())
        {
            return Err(invalid(
                "privileges",
                i18n::current().t1(
                    "admin-err-privilege-missing",
                    "privilege",
                    privilege.as_str(),
                ),
            ));
        }
        names.push(privilege.as_str().to_string());
    }
    if names.is_empty() {
        names = app.settings.accounts.new_user_privileges.clone();
    }
    names.sort();
    names.dedup();
    if app.store.user_by_email(&email).await?.is_some() {
        return Err(AdminError::Conflict(tr("admin-err-email-exists")));
    }
    let now = app.clock.now();
    let token = random_token();
    let invitation = Invitation {
        id: random_id(),
        email: email.to_string(),
        privileges: names.join(" "),
        invited_by: actor.user.as_ref().map(|u| u.id.clone()),
        created_at: now,
        sent_at: now,
        expires_at: now + app.settings.accounts.invitation_expires_days * 86400,
        accepted_at: None,
        revoked_at: None,
    };
    app.store
        .insert_invitation(&invitation, &hash_token(&token))
        .await?;
    send(app, &invitation.email, &token, invitation.expires_at).await?;
    audit(
        app,
        actor,
        AuditKind::InvitationSent,
        None,
        format!("invitation {} ({})", invitation.id, invitation.privileges),
    )
    .await?;
    Ok(invitation)
}

pub async fn list(app: &App, actor: &Actor) -> Result<Vec<Invitation>, AdminError> {
    actor.require(Capability::InviteUser)?;
    Ok(app.store.list_invitations(500).await?)
}

/// Sends a fresh link; the previous one stops working.
pub async fn resend(app: &App, actor: &Actor, id: &str) -> Result<Invitation, AdminError> {
    actor.require(Capability::InviteUser)?;
    let invitation = app
        .store
        .invitation_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)?;
    let now = app.clock.now();
    let token = random_token();
    let expires_at = now + app.settings.accounts.invitation_expires_days * 86400;
    if !app
        .store
        .renew_invitation(id, &hash_token(&token), now, expires_at)
        .await?
    {
        return Err(AdminError::Conflict(tr("admin-err-invitation-closed")));
    }
    send(app, &invitation.email, &token, expires_at).await?;
    audit(
        app,
        actor,
        AuditKind::InvitationResent,
        None,
        format!("invitation {id}"),
    )
    .await?;
    app.store
        .invitation_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)
}

pub async fn revoke(app: &App, actor: &Actor, id: &str) -> Result<(), AdminError> {
    actor.require(Capability::InviteUser)?;
    if app.store.invitation_by_id(id).await?.is_none() {
        return Err(AdminError::NotFound);
    }
    if !app.store.revoke_invitation(id, app.clock.now()).await? {
        return Err(AdminError::Conflict(tr("admin-err-invitation-closed")));
    }
    audit(
        app,
        actor,
        AuditKind::InvitationRevoked,
        None,
        format!("invitation {id}"),
    )
    .await?;
    Ok(())
}
