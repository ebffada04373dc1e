//! Managing upstream identity providers (`manage_providers`): add, edit, enable/disable,
//! replace the client secret, test, delete. Providers from the configuration file are listed
//! but read-only. Shared by the console and the admin API.

use secrecy::{ExposeSecret, SecretString};

use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::domain::{AuditKind, Capability};
use crate::federation::registry::{from_row, to_row};
use crate::federation::{Endpoints, ProviderConfig, ProviderKind, ProviderSource};
use crate::i18n::{self, tr};

/// A provider as an administrator states it.
#[derive(Debug, Clone, Default)]
pub struct ProviderSpec {
    /// Only when adding: the id (the `idp` claim, the callback path). Defaults to the kind
    /// for google, microsoft, facebook and x.
    pub id: Option<String>,
    /// Only when adding.
    pub kind: Option<String>,
    pub label: String,
    pub position: i64,
    pub enabled: bool,
    pub client_id: String,
    /// Required when adding; when editing, `None` keeps the stored one.
    pub client_secret: Option<SecretString>,
    pub scopes: Vec<String>,
    pub trust_email: bool,
    pub allow_sign_up: bool,
    pub trust_upstream_mfa: bool,
    pub endpoints: Endpoints,
}

/// What the console and the API show of a provider: never its secret.
#[derive(Debug, Clone)]
pub struct ProviderView {
    pub config: ProviderConfig,
    /// The URL to register at the provider.
    pub callback_url: String,
    /// Users with an identity linked through it.
    pub linked_users: i64,
    /// Users who have no other way in (no password, no other provider).
    pub only_way_in: i64,
}

impl ProviderView {
    pub fn read_only(&self) -> bool {
        self.config.source == ProviderSource::ConfigFile
    }
}

async fn view(app: &App, config: ProviderConfig) -> Result<ProviderView, AdminError> {
    let linked_users = app
        .store
        .count_links_by_provider()
        .await?
        .into_iter()
        .find(|(id, _)| *id == config.id)
        .map_or(0, |(_, n)| n);
    let only_way_in = app.store.count_users_only_through(&config.id).await?;
    Ok(ProviderView {
        callback_url: config.callback_url(&app.settings.issuer),
        config,
        linked_users,
        only_way_in,
    })
}

fn registry_error(e: crate::federation::registry::RegistryError) -> AdminError {
    match e {
        crate::federation::registry::RegistryError::Store(store) => store.into(),
        other => AdminError::Internal(other.to_string()),
    }
}

pub async fn list(app: &App, actor: &Actor) -> Result<Vec<ProviderView>, AdminError> {
    actor.require(Capability::ManageProviders)?;
    let all = app
        .federation
        .all(&app.store, &app.kek)
        .await
        .map_err(registry_error)?;
    let mut views = Vec::with_capacity(all.len());
    for config in all {
        views.push(view(app, config).await?);
    }
    Ok(views)
}

pub async fn get(app: &App, actor: &Actor, id: &str) -> Result<ProviderView, AdminError> {
    actor.require(Capability::ManageProviders)?;
    let config = app
        .federation
        .find(&app.store, &app.kek, id)
        .await
        .map_err(registry_error)?
        .ok_or(AdminError::NotFound)?;
    view(app, config).await
}

/// Turns a spec into a provider, checking every field.
fn build(
    spec: &ProviderSpec,
    id: String,
    kind: ProviderKind,
    secret: SecretString,
    version: i64,
) -> Result<ProviderConfig, AdminError> {
    let scopes: Vec<String> = spec
        .scopes
        .iter()
        .flat_map(|s| s.split_whitespace())
        .map(str::to_string)
        .collect();
    let config = ProviderConfig {
        id,
        kind,
        label: spec.label.trim().to_string(),
        position: spec.position,
        enabled: spec.enabled,
        client_id: spec.client_id.trim().to_string(),
        client_secret: secret,
        scopes,
        trust_email: spec.trust_email,
        allow_sign_up: spec.allow_sign_up,
        trust_upstream_mfa: spec.trust_upstream_mfa,
        endpoints: spec.endpoints.clone(),
        source: ProviderSource::Database,
        version,
    };
    config
        .validate()
        .map_err(|message| invalid(field_of(&message), message))?;
    Ok(config)
}

/// The fields of a provider's settings, as the API and the console's form name them.
pub const FIELDS: [&str; 16] = [
    "id",
    "client_id",
    "label",
    "scopes",
    "issuer",
    "authority",
    "tenant",
    "allowed_tenants",
    "trusted_tenants",
    "userinfo_url",
    "auth_url",
    "token_url",
    "graph_url",
    "graph_version",
    "api_url",
    "client_secret",
];

/// The form field a validation message is about (it names the key in quotes).
fn field_of(message: &str) -> &'static str {
    FIELDS
        .into_iter()
        .find(|f| message.contains(&format!("“{f}”")))
        .unwrap_or("endpoints")
}

pub async fn create(
    app: &App,
    actor: &Actor,
    spec: &ProviderSpec,
) -> Result<ProviderView, AdminError> {
    actor.require(Capability::ManageProviders)?;
    let kind = spec
        .kind
        .as_deref()
        .and_then(ProviderKind::parse)
        .ok_or_else(|| invalid("kind", tr("admin-err-provider-kind")))?;
    let id = match spec.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => id.to_string(),
        None if kind != ProviderKind::Oidc => kind.as_str().to_string(),
        None => return Err(invalid("id", tr("admin-err-provider-needs-id"))),
    };
    crate::federation::provider::check_provider_id(&id).map_err(|m| invalid("id", m))?;
    let secret = spec
        .client_secret
        .clone()
        .filter(|s| !s.expose_secret().trim().is_empty())
        .ok_or_else(|| invalid("client_secret", tr("admin-err-provider-secret-required")))?;
    let config = build(
        spec,
        id,
        kind,
        SecretString::from(secret.expose_secret().trim().to_string()),
        1,
    )?;
    if app.federation.is_file_provider(&config.id) {
        return Err(AdminError::Conflict(i18n::current().t1(
            "admin-err-provider-in-file",
            "id",
            &config.id,
        )));
    }
    let now = app.clock.now();
    match app
        .store
        .insert_upstream_provider(&to_row(&config, &app.kek, now))
        .await
    {
        Ok(()) => {}
        Err(crate::store::StoreError::Conflict) => {
            return Err(AdminError::Conflict(i18n::current().t1(
                "admin-err-provider-exists",
                "id",
                &config.id,
            )));
        }
        Err(e) => return Err(e.into()),
    }
    audit(
        app,
        actor,
        AuditKind::AdminProviderCreated,
        None,
        format!("provider {} ({})", config.id, kind.as_str()),
    )
    .await?;
    get(app, actor, &config.id).await
}

/// The stored provider `id`, refusing file providers (read-only).
async fn stored(app: &App, id: &str) -> Result<ProviderConfig, AdminError> {
    if app.federation.is_file_provider(id) {
        return Err(AdminError::Forbidden(tr("admin-err-provider-read-only")));
    }
    let row = app
        .store
        .upstream_provider(id)
        .await?
        .ok_or(AdminError::NotFound)?;
    from_row(&row, &app.kek).map_err(registry_error)
}

/// Refuses to cut off users who have no other way in, unless `confirmed`. `refusal` is the id
/// of the message saying so for what is being done (disabling or deleting), given `$count`.
async fn check_lockout(
    app: &App,
    id: &str,
    refusal: &str,
    confirmed: bool,
) -> Result<(), AdminError> {
    let stranded = app.store.count_users_only_through(id).await?;
    if stranded > 0 && !confirmed {
        return Err(AdminError::Conflict(
            i18n::current().t_number(refusal, "count", stranded),
        ));
    }
    Ok(())
}

/// Replaces a provider's settings. `expected_version` (from the form or the API) refuses to
/// overwrite someone else's newer edit; disabling a provider someone depends on needs
/// `confirmed`.
pub async fn update(
    app: &App,
    actor: &Actor,
    id: &str,
    spec: &ProviderSpec,
    expected_version: Option<i64>,
    confirmed: bool,
) -> Result<ProviderView, AdminError> {
    actor.require(Capability::ManageProviders)?;
    let existing = stored(app, id).await?;
    let version = expected_version.unwrap_or(existing.version);
    let secret = match spec
        .client_secret
        .as_ref()
        .filter(|s| !s.expose_secret().trim().is_empty())
    {
        Some(new) => SecretString::from(new.expose_secret().trim().to_string()),
        None => existing.client_secret.clone(),
    };
    let config = build(spec, id.to_string(), existing.kind, secret, version)?;
    if existing.enabled && !config.enabled {
        check_lockout(app, id, "admin-err-provider-lockout-disable", confirmed).await?;
    }
    let now = app.clock.now();
    if !app
        .store
        .update_upstream_provider(&to_row(&config, &app.kek, now), now)
        .await?
    {
        return Err(AdminError::Conflict(tr("admin-err-provider-changed")));
    }
    let mut changes = Vec::new();
    if existing.enabled != config.enabled {
        changes.push(if config.enabled {
            "enabled"
        } else {
            "disabled"
        });
    }
    if spec.client_secret.is_some() {
        changes.push("new client secret");
    }
    audit(
        app,
        actor,
        AuditKind::AdminProviderUpdated,
        None,
        format!("provider {id} {}", changes.join(", ")),
    )
    .await?;
    get(app, actor, id).await
}

pub async fn delete(app: &App, actor: &Actor, id: &str, confirmed: bool) -> Result<(), AdminError> {
    actor.require(Capability::ManageProviders)?;
    stored(app, id).await?;
    check_lockout(app, id, "admin-err-provider-lockout-delete", confirmed).await?;
    if !app.store.delete_upstream_provider(id).await? {
        return Err(AdminError::NotFound);
    }
    audit(
        app,
        actor,
        AuditKind::AdminProviderDeleted,
        None,
        format!("provider {id}"),
    )
    .await?;
    Ok(())
}

/// The outcome of the Test action.
#[derive(Debug, Clone)]
pub struct TestReport {
    pub ok: bool,
    pub message: String,
}

/// Fetches the provider's metadata (fresh, not from the cache) and says what it found.
pub async fn test(app: &App, actor: &Actor, id: &str) -> Result<TestReport, AdminError> {
    let provider = get(app, actor, id).await?.config;
    let connector = app.federation.unsaved_connector(&provider);
    Ok(match connector.check().await {
        Ok(message) => TestReport { ok: true, message },
        Err(error) => TestReport {
            ok: false,
            message: error.to_string(),
        },
    })
}
