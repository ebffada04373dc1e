//! Who an upstream identity is here. The rules, in the order they are tried:
//!
//! 1. An identity already linked (by provider and subject, never by e-mail) signs its user
//!    in, whatever e-mail the provider now reports.
//! 2. An e-mail matching a local account links automatically only when the provider is
//!    trusted for e-mail, the provider says the address is verified, and the local account's
//!    address is verified too. Otherwise nothing is linked or created: the person is asked to
//!    sign in to that account once, which links it (an attacker's unverified upstream address
//!    or an attacker's unverified local account must never take an account over).
//! 3. Otherwise a new account, when registration is open or the provider allows sign-up:
//!    names from upstream, the e-mail only when it counts as verified (with
//!    `accounts.require_email`, an identity without one first confirms an address:
//!    `upstream_signup.rs`, which also accepts invitations through a provider).

use super::RequestOrigin;
use super::federated::FederationError;
use crate::App;
use crate::accounts::creation::{self, CreateError, InitialPassword, NewAccount};
use crate::crypto::token::{hash_token, random_token};
use crate::domain::{AuditKind, Email, User};
use crate::federation::{ProviderConfig, UpstreamIdentity};
use crate::store::{AuditEvent, LinkOffer, StoreError, UpstreamLink};

/// How long the offer to link an identity waits for its account's owner to sign in.
pub const OFFER_TTL_SECS: i64 = 900;

/// What a finished upstream sign-in leads to.
pub enum Resolution {
    /// Sign this user in (returning, automatically linked, or new).
    SignIn { user: Box<User>, created: bool },
    /// An account with the upstream e-mail exists and automatic linking does not apply: the
    /// person must sign in to it; the browser keeps `offer_token` so the identity is linked
    /// when that account's owner signs in.
    SignInToLink { offer_token: String, email: String },
    /// A new account may be made, but `accounts.require_email` wants a confirmed address
    /// first and the provider gave none that counts (`upstream_signup::park`).
    NeedsEmail,
    /// Nobody here has this identity and sign-up is closed.
    NoAccount,
    /// The account exists but cannot be used now; the message says why.
    Refused(String),
}

/// Whether the provider's e-mail counts as verified here.
pub fn email_counts_as_verified(provider: &ProviderConfig, identity: &UpstreamIdentity) -> bool {
    provider.trust_email && identity.email_verified && identity.email.is_some()
}

/// Decides who `identity` is (rules above) for a sign-in from the sign-in page.
pub async fn resolve(
    app: &App,
    provider: &ProviderConfig,
    identity: &UpstreamIdentity,
    origin: &RequestOrigin,
) -> Result<Resolution, FederationError> {
    let now = app.clock.now();
    if let Some(link) = app
        .store
        .upstream_link(&provider.id, &identity.subject)
        .await?
    {
        return returning(app, &link, identity, origin).await;
    }
    let email = identity
        .email
        .as_deref()
        .and_then(|raw| Email::parse(raw).ok());
    let verified_upstream = email_counts_as_verified(provider, identity);
    if let Some(email) = &email
        && let Some(local) = app.store.user_by_email(email).await?
    {
        if verified_upstream && local.email_verified {
            if let Some(problem) = unusable(app, &local) {
                return Ok(Resolution::Refused(problem));
            }
            link(
                app,
                &local,
                identity,
                "automatically: verified e-mail",
                origin,
            )
            .await?;
            return Ok(Resolution::SignIn {
                user: Box::new(local),
                created: false,
            });
        }
        let offer_token = random_token();
        app.store
            .insert_link_offer(&LinkOffer {
                token_hash: hash_token(&offer_token),
                provider_id: provider.id.clone(),
                subject: identity.subject.clone(),
                user_id: local.id.clone(),
                email: identity.email.clone(),
                created_at: now,
                expires_at: now + OFFER_TTL_SECS,
            })
            .await?;
        return Ok(Resolution::SignInToLink {
            offer_token,
            email: email.to_string(),
        });
    }
    if !(app.settings.accounts.allow_registration || provider.allow_sign_up) {
        return Ok(Resolution::NoAccount);
    }
    let email = email.filter(|_| verified_upstream);
    if email.is_none() && app.settings.accounts.require_email {
        return Ok(Resolution::NeedsEmail);
    }
    create(app, provider, identity, email, origin).await
}

/// Rule 1: the linked user, if they may sign in now.
pub(super) async fn returning(
    app: &App,
    link: &UpstreamLink,
    identity: &UpstreamIdentity,
    _origin: &RequestOrigin,
) -> Result<Resolution, FederationError> {
    let Some(user) = app.store.user_by_id(&link.user_id).await? else {
        return Ok(Resolution::NoAccount);
    };
    if let Some(problem) = unusable(app, &user) {
        return Ok(Resolution::Refused(problem));
    }
    app.store
        .touch_upstream_link(
            &link.provider_id,
            &link.subject,
            identity.email.as_deref(),
            app.clock.now(),
        )
        .await?;
    Ok(Resolution::SignIn {
        user: Box::new(user),
        created: false,
    })
}

/// Why `user` may not sign in through a provider now, in words for them.
pub(super) fn unusable(app: &App, user: &User) -> Option<String> {
    let now = app.clock.now();
    if !user.active {
        Some("This account has been deactivated. Contact your administrator.".into())
    } else if let Some(problem) = user.validity_problem(now) {
        Some(problem)
    } else if user.email.is_some()
        && !user.email_verified
        && !app.settings.accounts.allow_unverified_sign_in
    {
        // Never a way around confirming the address.
        Some("Confirm your e-mail address before you sign in.".into())
    } else {
        None
    }
}

/// Rule 3: a new account for the identity, then the link (a lost race signs the winner's
/// user in).
async fn create(
    app: &App,
    provider: &ProviderConfig,
    identity: &UpstreamIdentity,
    email: Option<Email>,
    origin: &RequestOrigin,
) -> Result<Resolution, FederationError> {
    let verified = email.is_some();
    let privileges = sign_up_privileges(app, verified);
    let (first_name, last_name) = names(identity);
    let account = NewAccount {
        email,
        email_verified: verified,
        first_name,
        last_name,
        password: InitialPassword::Unset,
        must_change_password: false,
        privileges,
        username: None,
    };
    let user = match create_linked(app, identity, account).await? {
        Created::New(user) => *user,
        // The address was taken between the lookup and the insert: the other account's owner
        // must sign in to link, as in rule 2.
        Created::EmailTaken => return Ok(Resolution::NoAccount),
        Created::LostRace(winner) => return returning(app, &winner, identity, origin).await,
    };
    audit(
        app,
        AuditKind::SignUp,
        &user.id,
        format!("through {}", provider.id),
        origin,
    )
    .await?;
    Ok(Resolution::SignIn {
        user: Box::new(user),
        created: true,
    })
}

/// What a new account gets: `new_user_privileges`, plus `verified_user_privileges` when its
/// address counts as verified.
pub(super) fn sign_up_privileges(app: &App, verified: bool) -> Vec<String> {
    let accounts = &app.settings.accounts;
    let mut privileges = accounts.new_user_privileges.clone();
    if verified {
        privileges.extend(accounts.verified_user_privileges.iter().cloned());
    }
    privileges.sort();
    privileges.dedup();
    privileges
}

/// What [`create_linked`] made.
pub(super) enum Created {
    /// A new account, linked to the identity.
    New(Box<User>),
    /// The e-mail address belongs to an account already (taken since it was looked up).
    EmailTaken,
    /// Another callback linked the same identity first; nothing of ours remains.
    LostRace(UpstreamLink),
}

/// Creates `account` and links `identity` to it. Two callbacks racing for the same new
/// identity each create an account; the second link fails on the primary key, its account is
/// removed again and the winner's link is returned.
pub(super) async fn create_linked(
    app: &App,
    identity: &UpstreamIdentity,
    account: NewAccount,
) -> Result<Created, FederationError> {
    let user = match creation::create_user(app, account).await {
        Ok(user) => user,
        Err(CreateError::EmailTaken) => return Ok(Created::EmailTaken),
        Err(CreateError::Unavailable(cause)) => {
            return Err(FederationError::DatabaseUnavailable(cause));
        }
        Err(e) => return Err(FederationError::Internal(e.to_string())),
    };
    let now = app.clock.now();
    let new_link = UpstreamLink {
        provider_id: identity.provider.clone(),
        subject: identity.subject.clone(),
        user_id: user.id.clone(),
        email: identity.email.clone(),
        linked_at: now,
        last_used_at: Some(now),
    };
    match app.store.insert_upstream_link(&new_link).await {
        Ok(()) => Ok(Created::New(Box::new(user))),
        Err(StoreError::Conflict) => {
            app.store.delete_user(&user.id).await?;
            app.store
                .upstream_link(&identity.provider, &identity.subject)
                .await?
                .map(Created::LostRace)
                .ok_or_else(|| FederationError::Internal("the identity's link vanished".into()))
        }
        Err(e) => Err(e.into()),
    }
}

/// First and last name from upstream; a lone display name is split at its last space.
pub(super) fn names(identity: &UpstreamIdentity) -> (String, String) {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_control())
            .take(100)
            .collect::<String>()
            .trim()
            .to_string()
    };
    let (first, last) = (clean(&identity.given_name), clean(&identity.family_name));
    if !first.is_empty() || !last.is_empty() {
        return (first, last);
    }
    let name = clean(&identity.name);
    match name.rsplit_once(' ') {
        Some((first, last)) => (first.trim().to_string(), last.trim().to_string()),
        None => (name, String::new()),
    }
}

/// Links `identity` to `user`; already linked to the same user counts as done.
pub async fn link(
    app: &App,
    user: &User,
    identity: &UpstreamIdentity,
    how: &str,
    origin: &RequestOrigin,
) -> Result<LinkOutcome, FederationError> {
    let now = app.clock.now();
    let new_link = UpstreamLink {
        provider_id: identity.provider.clone(),
        subject: identity.subject.clone(),
        user_id: user.id.clone(),
        email: identity.email.clone(),
        linked_at: now,
        last_used_at: Some(now),
    };
    match app.store.insert_upstream_link(&new_link).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => {
            let existing = app
                .store
                .upstream_link(&identity.provider, &identity.subject)
                .await?;
            return Ok(match existing {
                Some(link) if link.user_id == user.id => LinkOutcome::AlreadyLinked,
                _ => LinkOutcome::LinkedToSomeoneElse,
            });
        }
        Err(e) => return Err(e.into()),
    }
    audit(
        app,
        AuditKind::UpstreamLinked,
        &user.id,
        format!("{} ({how})", identity.provider),
        origin,
    )
    .await?;
    Ok(LinkOutcome::Linked)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkOutcome {
    Linked,
    AlreadyLinked,
    /// The identity belongs to another account here: nothing changed.
    LinkedToSomeoneElse,
}

/// Links the identity a browser's offer holds, now that `user` (its account's owner) has
/// signed in to that account. `None` when the browser holds no fresh offer for this user.
pub async fn complete_offer(
    app: &App,
    offer_token: &str,
    user: &User,
    origin: &RequestOrigin,
) -> Result<Option<String>, FederationError> {
    let Some(offer) = app
        .store
        .take_link_offer(&hash_token(offer_token), &user.id, app.clock.now())
        .await?
    else {
        return Ok(None);
    };
    let identity = UpstreamIdentity {
        provider: offer.provider_id.clone(),
        subject: offer.subject,
        email: offer.email,
        email_verified: false,
        given_name: String::new(),
        family_name: String::new(),
        name: String::new(),
        picture: None,
        upstream_amr: Vec::new(),
    };
    match link(
        app,
        user,
        &identity,
        "after signing in to the account",
        origin,
    )
    .await?
    {
        LinkOutcome::Linked | LinkOutcome::AlreadyLinked => Ok(Some(offer.provider_id)),
        LinkOutcome::LinkedToSomeoneElse => Ok(None),
    }
}

pub(super) async fn audit(
    app: &App,
    kind: AuditKind,
    user_id: &str,
    detail: String,
    origin: &RequestOrigin,
) -> Result<(), StoreError> {
    app.store
        .record_audit(
            &AuditEvent {
                kind,
                user_id: Some(user_id.to_string()),
                client_id: None,
                ip: origin.ip.clone(),
                user_agent: origin.user_agent.clone(),
                detail,
            },
            app.clock.now(),
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(given: &str, family: &str, name: &str) -> UpstreamIdentity {
        UpstreamIdentity {
            provider: "p".into(),
            subject: "s".into(),
            email: None,
            email_verified: false,
            given_name: given.into(),
            family_name: family.into(),
            name: name.into(),
            picture: None,
            upstream_amr: vec![],
        }
    }

    #[test]
    fn names_come_from_the_parts_or_the_display_name() {
        assert_eq!(
            names(&identity("Ada", "Lovelace", "x")),
            ("Ada".into(), "Lovelace".into())
        );
        assert_eq!(
            names(&identity("", "", "Grace B. Hopper")),
            ("Grace B.".into(), "Hopper".into())
        );
        assert_eq!(
            names(&identity("", "", "Cher")),
            ("Cher".into(), String::new())
        );
        assert_eq!(
            names(&identity("\u{7}Bob", "", "")),
            ("Bob".into(), String::new())
        );
    }
}
