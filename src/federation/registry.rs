//! Which providers exist and the connector serving each on this node.
//!
//! Providers come from two places: the configuration file (fixed for the life of the
//! process) and the database (edited in the console, by any node). The database is read on
//! every use, which is one indexed query on pages that then talk to another server anyway;
//! each connector (with its discovery and key cache) is kept per node and rebuilt when the
//! row's `version` moves, so an edit on one node reaches every other node at its next use.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};

use super::http::UpstreamHttp;
use super::{
    Endpoints, ProviderConfig, ProviderKind, ProviderSource, Upstream, facebook, google, microsoft,
    oidc, x,
};
use crate::crypto::kek::Kek;
use crate::store::{ProviderRow, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored provider that cannot be read back (a KEK that changed, a hand-edited row).
    #[error("stored provider “{id}” is unusable: {problem}")]
    Corrupt { id: String, problem: String },
}

pub struct Registry {
    http: UpstreamHttp,
    file: Vec<ProviderConfig>,
    connectors: Mutex<HashMap<String, Cached>>,
}

struct Cached {
    source: ProviderSource,
    version: i64,
    connector: Arc<dyn Upstream>,
}

/// The sealing context of a stored client secret: bound to the provider, so a sealed secret
/// copied to another provider's row does not open.
fn seal_context(id: &str) -> String {
    format!("upstream-provider-secret:{id}")
}

impl Registry {
    pub fn new(file: Vec<ProviderConfig>, http: UpstreamHttp) -> Self {
        Self {
            http,
            file,
            connectors: Mutex::new(HashMap::new()),
        }
    }

    /// Providers declared in the configuration file.
    pub fn file_providers(&self) -> &[ProviderConfig] {
        &self.file
    }

    pub fn is_file_provider(&self, id: &str) -> bool {
        self.file.iter().any(|p| p.id == id)
    }

    /// Every provider, enabled or not, in button order (position, then label).
    pub async fn all(
        &self,
        store: &Store,
        kek: &Kek,
    ) -> Result<Vec<ProviderConfig>, RegistryError> {
        let mut found = self.file.clone();
        for row in store.upstream_providers().await? {
            // The console refuses a stored provider with a file provider's id; should one
            // exist anyway (the file gained it later), the file wins.
            if !self.is_file_provider(&row.id) {
                found.push(from_row(&row, kek)?);
            }
        }
        found.sort_by(|a, b| {
            (a.position, a.button_label(), &a.id).cmp(&(b.position, b.button_label(), &b.id))
        });
        Ok(found)
    }

    /// The enabled providers, for the sign-in page's buttons.
    pub async fn enabled(
        &self,
        store: &Store,
        kek: &Kek,
    ) -> Result<Vec<ProviderConfig>, RegistryError> {
        let mut all = self.all(store, kek).await?;
        all.retain(|p| p.enabled);
        Ok(all)
    }

    /// One provider by id, enabled or not.
    pub async fn find(
        &self,
        store: &Store,
        kek: &Kek,
        id: &str,
    ) -> Result<Option<ProviderConfig>, RegistryError> {
        if let Some(found) = self.file.iter().find(|p| p.id == id) {
            return Ok(Some(found.clone()));
        }
        match store.upstream_provider(id).await? {
            Some(row) => Ok(Some(from_row(&row, kek)?)),
            None => Ok(None),
        }
    }

    /// The connector for `config`, built once per version of it.
    pub fn connector(&self, config: &ProviderConfig) -> Arc<dyn Upstream> {
        let mut cache = self
            .connectors
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(cached) = cache.get(&config.id)
            && cached.source == config.source
            && cached.version == config.version
        {
            return cached.connector.clone();
        }
        let connector = build(config, self.http.clone());
        cache.insert(
            config.id.clone(),
            Cached {
                source: config.source,
                version: config.version,
                connector: connector.clone(),
            },
        );
        connector
    }

    /// A connector for a provider that is not saved yet (the console's Test before Save).
    pub fn unsaved_connector(&self, config: &ProviderConfig) -> Arc<dyn Upstream> {
        build(config, self.http.clone())
    }
}

/// The connector for a provider's kind.
fn build(config: &ProviderConfig, http: UpstreamHttp) -> Arc<dyn Upstream> {
    match config.kind {
        ProviderKind::Google => Arc::new(google::Google::new(config, http)),
        ProviderKind::Microsoft => Arc::new(microsoft::Microsoft::new(config, http)),
        ProviderKind::Facebook => Arc::new(facebook::Facebook::new(config, http)),
        ProviderKind::X => Arc::new(x::X::new(config, http)),
        ProviderKind::Oidc => Arc::new(oidc::GenericOidc::new(config, http)),
    }
}

/// A stored row as a provider, its secret unsealed.
pub fn from_row(row: &ProviderRow, kek: &Kek) -> Result<ProviderConfig, RegistryError> {
    let corrupt = |problem: String| RegistryError::Corrupt {
        id: row.id.clone(),
        problem,
    };
    let kind =
        ProviderKind::parse(&row.kind).ok_or_else(|| corrupt(format!("kind “{}”", row.kind)))?;
    let secret = kek
        .open(&row.client_secret_enc, &seal_context(&row.id))
        .map_err(|e| corrupt(format!("the client secret does not open: {e}")))?;
    let secret =
        String::from_utf8(secret).map_err(|_| corrupt("the client secret is not text".into()))?;
    let scopes: Vec<String> =
        serde_json::from_str(&row.scopes).map_err(|e| corrupt(format!("scopes: {e}")))?;
    let endpoints: Endpoints =
        serde_json::from_str(&row.endpoints).map_err(|e| corrupt(format!("endpoints: {e}")))?;
    Ok(ProviderConfig {
        id: row.id.clone(),
        kind,
        label: row.label.clone(),
        position: row.position,
        enabled: row.enabled != 0,
        client_id: row.client_id.clone(),
        client_secret: SecretString::from(secret),
        scopes,
        trust_email: row.trust_email != 0,
        allow_sign_up: row.allow_sign_up != 0,
        trust_upstream_mfa: row.trust_upstream_mfa != 0,
        endpoints,
        source: ProviderSource::Database,
        version: row.version,
    })
}

/// A provider as a row to store, its secret sealed.
pub fn to_row(config: &ProviderConfig, kek: &Kek, now: i64) -> ProviderRow {
    ProviderRow {
        id: config.id.clone(),
        kind: config.kind.as_str().to_string(),
        label: config.label.clone(),
        position: config.position,
        enabled: i64::from(config.enabled),
        client_id: config.client_id.clone(),
        client_secret_enc: kek.seal(
            config.client_secret.expose_secret().as_bytes(),
            &seal_context(&config.id),
        ),
        scopes: serde_json::to_string(&config.scopes).unwrap_or_else(|_| "[]".into()),
        trust_email: i64::from(config.trust_email),
        allow_sign_up: i64::from(config.allow_sign_up),
        trust_upstream_mfa: i64::from(config.trust_upstream_mfa),
        endpoints: serde_json::to_string(&config.endpoints).unwrap_or_else(|_| "{}".into()),
        version: config.version,
        created_at: now,
        updated_at: now,
    }
}
