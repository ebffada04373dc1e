//! Service accounts (docassemble's `cron` user): non-interactive users bound to one
//! confidential client. The client's client_credentials tokens carry the account as `sub`
//! and its privileges; the account has no address, phone, username or password, so it can
//! never sign in interactively or receive mail, and its secret rotates like any client's.
//! `cron` is held by service accounts only.

use super::clients::{ClientSpec, may_handle_scopes, validate};
use super::users::checked_privileges;
use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::crypto::token::{hash_token, random_token};
use crate::domain::{AuditKind, Capability, Client, Scope, ScopeSet, User};
use crate::i18n::{self, tr};
use crate::store::{NewUser, StoreError};

pub struct NewServiceAccount {
    pub name: String,
    pub privileges: Vec<String>,
    /// `admin:` scopes for the admin API (each held by the creator), or none.
    pub scopes: Vec<String>,
}

/// Creates the account and its client; returns both and the client secret (shown once).
pub async fn create(
    app: &App,
    actor: &Actor,
    input: &NewServiceAccount,
) -> Result<(User, Client, String), AdminError> {
    actor.require(Capability::CreateUser)?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(invalid("name", tr("admin-err-service-account-name")));
    }
    let privileges = checked_privileges(app, actor, &input.privileges)?;
    let mut scopes =
        ScopeSet::parse(&input.scopes.join(" ")).map_err(|e| invalid("scopes", e.0))?;
    if let Some(user_only) = scopes
        .iter()
        .find(|s| s.capability().is_none() && *s != Scope::PRIVILEGES)
    {
        return Err(invalid(
            "scopes",
            i18n::current().t1(
                "admin-err-service-account-scope",
                "scope",
                user_only.as_str(),
            ),
        ));
    }
    scopes = ScopeSet::from_scopes(scopes.iter().chain([Scope::PRIVILEGES]));
    may_handle_scopes(actor, &scopes)?;
    let mut client = validate(&ClientSpec {
        id: None,
        name: format!("{name} (service account)"),
        public: false,
        first_party: true,
        redirect_uris: Vec::new(),
        post_logout_redirect_uris: Vec::new(),
        grant_types: vec!["client_credentials".into()],
        scopes: scopes.iter().map(|s| s.as_str().to_string()).collect(),
        logo_uri: String::new(),
        policy_uri: String::new(),
        tos_uri: String::new(),
    })?;
    let secret = random_token();
    client.secret_hash = Some(hash_token(&secret));
    client.now = app.clock.now();
    let id = uuid::Uuid::new_v4().to_string();
    let user = NewUser {
        id: id.clone(),
        email: None,
        email_verified: false,
        password_hash: None,
        must_change_password: false,
        first_name: name.to_string(),
        last_name: String::new(),
        privileges,
        username: None,
        now: app.clock.now(),
    };
    match app.store.insert_service_account(&client, &user).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => {
            return Err(invalid(
                "privileges",
                tr("admin-err-unknown-privilege-named"),
            ));
        }
        Err(StoreError::Conflict) => {
            return Err(AdminError::Conflict(tr("admin-err-client-id-taken")));
        }
        Err(e) => return Err(e.into()),
    }
    audit(
        app,
        actor,
        AuditKind::ServiceAccountCreated,
        Some(&id),
        format!("{name}, client {}", client.id),
    )
    .await?;
    let account = app
        .store
        .user_by_id(&id)
        .await?
        .ok_or(AdminError::NotFound)?;
    let client = app
        .store
        .client_by_id(&client.id)
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok((account, client, secret))
}
