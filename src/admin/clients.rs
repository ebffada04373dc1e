//! Managing relying parties: register, edit redirect URIs, scopes, grants and the first-party
//! flag, rotate the secret, delete. Shared by the CLI, the console and the admin API so that
//! every path applies the same rules.

use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::crypto::token::{hash_token, random_id, random_token};
use crate::domain::AuditKind;
use crate::domain::{Capability, Client, ClientLinks, GrantType, RedirectUri, ScopeSet};
use crate::i18n::{self, tr};
use crate::store::{NewClient, StoreError};

/// A client's settings as an administrator states them.
#[derive(Debug, Clone)]
pub struct ClientSpec {
    pub id: Option<String>,
    pub name: String,
    pub public: bool,
    pub first_party: bool,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    /// Empty: authorization_code and refresh_token.
    pub grant_types: Vec<String>,
    /// Empty: every scope.
    pub scopes: Vec<String>,
    /// Shown on the consent page: a logo, the privacy policy and the terms (empty: none).
    pub logo_uri: String,
    pub policy_uri: String,
    pub tos_uri: String,
}

/// Checks a spec and turns it into what the store keeps (without a secret).
pub fn validate(spec: &ClientSpec) -> Result<NewClient, AdminError> {
    let name = spec.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(invalid("name", tr("admin-err-client-name")));
    }
    let uris = |field: &'static str, list: &[String]| {
        list.iter()
            .map(|u| {
                RedirectUri::parse(u)
                    .map(|r| r.as_str().to_string())
                    .map_err(|e| invalid(field, e.0))
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let redirect_uris = uris("redirect_uris", &spec.redirect_uris)?;
    let post_logout_redirect_uris =
        uris("post_logout_redirect_uris", &spec.post_logout_redirect_uris)?;
    let grant_types = if spec.grant_types.is_empty() {
        vec![GrantType::AuthorizationCode, GrantType::RefreshToken]
    } else {
        let mut grants = Vec::new();
        for g in &spec.grant_types {
            let grant = GrantType::parse(g).map_err(|e| invalid("grant_types", e.0))?;
            if !grants.contains(&grant) {
                grants.push(grant);
            }
        }
        grants
    };
    if grant_types.contains(&GrantType::AuthorizationCode) && redirect_uris.is_empty() {
        return Err(invalid(
            "redirect_uris",
            tr("admin-err-code-grant-needs-redirect"),
        ));
    }
    if spec.public && grant_types.contains(&GrantType::ClientCredentials) {
        return Err(invalid(
            "grant_types",
            tr("admin-err-public-client-credentials"),
        ));
    }
    if spec.public && grant_types.contains(&GrantType::TokenExchange) {
        return Err(invalid(
            "grant_types",
            tr("admin-err-public-token-exchange"),
        ));
    }
    let scopes = if spec.scopes.is_empty() {
        ScopeSet::all()
    } else {
        ScopeSet::parse(&spec.scopes.join(" ")).map_err(|e| invalid("scopes", e.0))?
    };
    let id = spec.id.clone().unwrap_or_else(random_id);
    if id.is_empty()
        || id.len() > 128
        || id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ':')
    {
        return Err(invalid("id", tr("admin-err-client-id-format")));
    }
    let link = |field: &'static str, raw: &str| {
        ClientLinks::parse_link(raw).map_err(|e| invalid(field, e.0))
    };
    let links = ClientLinks {
        logo_uri: link("logo_uri", &spec.logo_uri)?,
        policy_uri: link("policy_uri", &spec.policy_uri)?,
        tos_uri: link("tos_uri", &spec.tos_uri)?,
    };
    Ok(NewClient {
        links,
        id,
        name: name.to_string(),
        secret_hash: None,
        first_party: spec.first_party,
        redirect_uris,
        post_logout_redirect_uris,
        grant_types,
        scopes,
        now: 0,
    })
}

/// Registers a client with no actor check (the CLI runs with the operator's authority).
/// Returns the client and, for confidential clients, its secret — shown only here.
pub async fn register(
    app: &App,
    spec: &ClientSpec,
) -> Result<(Client, Option<String>), AdminError> {
    let mut client = validate(spec)?;
    let secret = (!spec.public).then(random_token);
    client.secret_hash = secret.as_deref().map(hash_token);
    client.now = app.clock.now();
    match app.store.insert_client(&client).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => {
            return Err(AdminError::Conflict(i18n::current().t1(
                "admin-err-client-exists",
                "id",
                &client.id,
            )));
        }
        Err(e) => return Err(e.into()),
    }
    let stored = app
        .store
        .client_by_id(&client.id)
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok((stored, secret))
}

/// A client with `admin:` scopes acts with those capabilities: only someone who holds them
/// may give a client such scopes or learn its secret (no escalation through a machine).
pub(super) fn may_handle_scopes(actor: &Actor, scopes: &ScopeSet) -> Result<(), AdminError> {
    match scopes
        .iter()
        .filter_map(|s| s.capability())
        .find(|c| !actor.capabilities.contains(c))
    {
        Some(missing) => Err(AdminError::Forbidden(i18n::current().t1(
            "admin-err-scope-not-held",
            "capability",
            missing.as_str(),
        ))),
        None => Ok(()),
    }
}

pub async fn list(app: &App, actor: &Actor) -> Result<Vec<Client>, AdminError> {
    actor.require(Capability::ManageClients)?;
    Ok(app.store.list_clients().await?)
}

pub async fn get(app: &App, actor: &Actor, id: &str) -> Result<Client, AdminError> {
    actor.require(Capability::ManageClients)?;
    app.store
        .client_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)
}

pub async fn create(
    app: &App,
    actor: &Actor,
    spec: &ClientSpec,
) -> Result<(Client, Option<String>), AdminError> {
    actor.require(Capability::ManageClients)?;
    may_handle_scopes(actor, &validate(spec)?.scopes)?;
    let (client, secret) = register(app, spec).await?;
    audit(
        app,
        actor,
        AuditKind::AdminClientCreated,
        None,
        format!("client {}", client.id),
    )
    .await?;
    Ok((client, secret))
}

/// Replaces a client's settings; whether it is public cannot change (its secret would).
pub async fn update(
    app: &App,
    actor: &Actor,
    id: &str,
    spec: &ClientSpec,
) -> Result<Client, AdminError> {
    actor.require(Capability::ManageClients)?;
    let existing = app
        .store
        .client_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)?;
    if spec.public != existing.is_public() {
        return Err(invalid("public", tr("admin-err-client-public-switch")));
    }
    let mut client = validate(&ClientSpec {
        id: Some(id.to_string()),
        ..spec.clone()
    })?;
    client.id = id.to_string();
    // Both what the client holds now and what it would hold: editing a client is managing it.
    may_handle_scopes(actor, &existing.scopes)?;
    may_handle_service_account(app, actor, id).await?;
    may_handle_scopes(actor, &client.scopes)?;
    app.store.update_client(&client).await?;
    audit(
        app,
        actor,
        AuditKind::AdminClientUpdated,
        None,
        format!("client {id}"),
    )
    .await?;
    app.store
        .client_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)
}

pub async fn rotate_secret(app: &App, actor: &Actor, id: &str) -> Result<String, AdminError> {
    actor.require(Capability::ManageClients)?;
    let existing = app
        .store
        .client_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)?;
    may_handle_scopes(actor, &existing.scopes)?;
    may_handle_service_account(app, actor, id).await?;
    let secret = random_token();
    app.store
        .set_client_secret(id, &hash_token(&secret))
        .await?;
    audit(
        app,
        actor,
        AuditKind::AdminClientSecretRotated,
        None,
        format!("client {id}"),
    )
    .await?;
    Ok(secret)
}

/// Deletes a client with everything issued to it (codes, grants, tokens, consents).
pub async fn delete(app: &App, actor: &Actor, id: &str) -> Result<(), AdminError> {
    actor.require(Capability::ManageClients)?;
    let existing = app
        .store
        .client_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)?;
    may_handle_scopes(actor, &existing.scopes)?;
    may_handle_service_account(app, actor, id).await?;
    app.store.delete_client(id).await?;
    audit(
        app,
        actor,
        AuditKind::AdminClientDeleted,
        None,
        format!("client {id}"),
    )
    .await?;
    Ok(())
}

/// A service account's client speaks for the account: only someone who may act on the
/// account (could grant every privilege it holds) may rotate its secret, edit or delete it.
async fn may_handle_service_account(
    app: &App,
    actor: &Actor,
    client_id: &str,
) -> Result<(), AdminError> {
    match app.store.service_account_of_client(client_id).await? {
        Some(account) => actor.may_act_on(app, &account),
        None => Ok(()),
    }
}
