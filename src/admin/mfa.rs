//! The MFA policy (who must use a second factor, which kinds are allowed) and resetting a
//! user's second factor when they lost it.

use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::auth::mfa;
use crate::domain::AuditKind;
use crate::domain::{Capability, MfaMethod, MfaPolicy};
use crate::i18n::{self, tr};

pub async fn policy(app: &App, actor: &Actor) -> Result<MfaPolicy, AdminError> {
    actor.require(Capability::ManageMfaPolicy)?;
    Ok(mfa::policy(app).await?)
}

/// Replaces the policy after checking every name: methods this build knows, privileges that
/// exist, and no requirement without a method to meet it.
pub async fn set_policy(
    app: &App,
    actor: &Actor,
    methods: &[String],
    required_for: &[String],
) -> Result<MfaPolicy, AdminError> {
    actor.require(Capability::ManageMfaPolicy)?;
    let mut policy = MfaPolicy::default();
    for name in methods {
        let method = MfaMethod::parse(name.trim()).map_err(|e| invalid("methods", e.0))?;
        if !policy.methods.contains(&method) {
            policy.methods.push(method);
        }
    }
    let known = app.store.privilege_names().await?;
    for name in required_for {
        let name = name.trim();
        if !known.iter().any(|k| k == name) {
            return Err(invalid(
                "required_for",
                i18n::current().t1("admin-err-no-such-privilege", "privilege", name),
            ));
        }
        if !policy.required_for.iter().any(|p| p == name) {
            policy.required_for.push(name.to_string());
        }
    }
    policy.required_for.sort();
    policy
        .validate()
        .map_err(|e| invalid("required_for", e.0))?;
    let by = actor.user.as_ref().map(|u| u.id.as_str());
    app.store
        .set_mfa_policy(&policy, by, app.clock.now())
        .await?;
    let methods: Vec<&str> = policy.methods.iter().map(|m| m.as_str()).collect();
    audit(
        app,
        actor,
        AuditKind::MfaPolicyChanged,
        None,
        format!(
            "methods [{}], required for [{}]",
            methods.join(", "),
            policy.required_for.join(", ")
        ),
    )
    .await?;
    Ok(policy)
}

/// Removes a user's authenticator and recovery codes (they lost their phone), so their next
/// sign-in enrolls again if the policy requires it. Audited; the user is told by e-mail
/// after the response.
pub async fn reset_user(app: &App, actor: &Actor, user_id: &str) -> Result<(), AdminError> {
    if let Some(notice) = reset_user_with_notice(app, actor, user_id).await? {
        let mailer = app.mailer.clone();
        crate::accounts::in_background("second-factor reset notice", async move {
            mailer.send(&notice).await?;
            Ok(())
        });
    }
    Ok(())
}

/// [`reset_user`], handing back the message for the user (if they have an address) for a
/// caller that must send it before it exits (the command line).
pub async fn reset_user_with_notice(
    app: &App,
    actor: &Actor,
    user_id: &str,
) -> Result<Option<crate::mail::Message>, AdminError> {
    actor.require(Capability::EditUserInfo)?;
    // Taking away someone's second factor is a step towards taking the account.
    let user = actor.target(app, user_id).await?;
    if !app.store.remove_second_factors(&user.id).await? {
        return Err(AdminError::Conflict(tr("admin-err-no-second-factor")));
    }
    app.store.delete_mfa_challenges_of_user(&user.id).await?;
    audit(app, actor, AuditKind::AdminMfaReset, Some(&user.id), "").await?;
    Ok(mfa::reset_notice(app, &user))
}
