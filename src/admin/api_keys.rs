//! Personal API keys: created by a user for themselves, shown once, stored hashed, limited to
//! a subset of the owner's capabilities, optionally expiring, revocable. A key never confers
//! more than its owner holds at the moment it is used.

use super::{Actor, AdminError, capabilities_of_user, invalid};
use crate::App;
use crate::crypto::token::{hash_token, random_id, random_token};
use crate::domain::{AuditKind, Capabilities, Capability};
use crate::i18n::{self, tr};
use crate::store::{ApiKey, AuditEvent, NewApiKey};

/// The prefix makes leaked keys recognisable to secret scanners.
pub const KEY_PREFIX: &str = "ghk_";

pub struct CreatedKey {
    pub id: String,
    /// The key itself: shown once, never stored.
    pub key: String,
}

pub async fn create(
    app: &App,
    owner: &crate::domain::User,
    name: &str,
    capabilities: &[Capability],
    expires_at: Option<i64>,
) -> Result<CreatedKey, AdminError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(invalid("name", tr("admin-err-key-name")));
    }
    let held = capabilities_of_user(app, owner);
    if capabilities.is_empty() {
        return Err(invalid("capabilities", tr("admin-err-key-no-capability")));
    }
    if let Some(missing) = capabilities.iter().find(|c| !held.contains(c)) {
        return Err(invalid(
            "capabilities",
            i18n::current().t1(
                "admin-err-key-capability-not-held",
                "capability",
                missing.as_str(),
            ),
        ));
    }
    let now = app.clock.now();
    if expires_at.is_some_and(|t| t <= now) {
        return Err(invalid("expires_at", tr("admin-err-key-expiry-past")));
    }
    let id = random_id();
    let key = format!("{KEY_PREFIX}{}", random_token());
    let names: Vec<&str> = capabilities.iter().map(|c| c.as_str()).collect();
    app.store
        .insert_api_key(&NewApiKey {
            id: &id,
            user_id: &owner.id,
            name,
            key_hash: &hash_token(&key),
            capabilities: &names.join(" "),
            now,
            expires_at,
        })
        .await?;
    record(
        app,
        owner,
        AuditKind::ApiKeyCreated,
        format!("key {id} \"{name}\": {}", names.join(" ")),
    )
    .await?;
    Ok(CreatedKey { id, key })
}

/// A key's birth and death are in the audit trail under its owner: a key is a credential.
async fn record(
    app: &App,
    owner: &crate::domain::User,
    kind: AuditKind,
    detail: String,
) -> Result<(), AdminError> {
    app.store
        .record_audit(
            &AuditEvent {
                kind,
                user_id: Some(owner.id.clone()),
                client_id: None,
                ip: String::new(),
                user_agent: String::new(),
                detail,
            },
            app.clock.now(),
        )
        .await?;
    Ok(())
}

/// The actor a presented key stands for, if it is live and its owner usable.
pub async fn authenticate(
    app: &App,
    presented: &str,
    ip: &str,
) -> Result<Option<Actor>, AdminError> {
    if !presented.starts_with(KEY_PREFIX) {
        return Ok(None);
    }
    let now = app.clock.now();
    let Some(key) = app.store.use_api_key(&hash_token(presented), now).await? else {
        return Ok(None);
    };
    let Some(owner) = app
        .store
        .user_by_id(&key.user_id)
        .await?
        .filter(|u| u.usable(now))
    else {
        return Ok(None);
    };
    let held = capabilities_of_user(app, &owner);
    let granted: Capabilities = key
        .capabilities
        .split(' ')
        .filter_map(|c| Capability::parse(c).ok())
        .filter(|c| held.contains(c))
        .collect();
    Ok(Some(Actor {
        user: Some(owner),
        client_id: None,
        capabilities: granted,
        via: format!("api_key:{}", key.id),
        ip: ip.to_string(),
    }))
}

pub async fn list(app: &App, owner: &crate::domain::User) -> Result<Vec<ApiKey>, AdminError> {
    Ok(app.store.api_keys_of_user(&owner.id).await?)
}

pub async fn revoke(app: &App, owner: &crate::domain::User, id: &str) -> Result<(), AdminError> {
    if app
        .store
        .revoke_api_key(&owner.id, id, app.clock.now())
        .await?
    {
        record(app, owner, AuditKind::ApiKeyRevoked, format!("key {id}")).await
    } else {
        Err(AdminError::NotFound)
    }
}
