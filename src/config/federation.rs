//! `[federation.google]`, `[federation.microsoft]`, `[federation.facebook]`, `[federation.x]`
//! and `[[federation.oidc]]`: upstream providers declared in the configuration file (or the
//! environment: `GATEHOUSE_FEDERATION__GOOGLE__CLIENT_ID`, or the whole generic list as one
//! TOML array in `GATEHOUSE_FEDERATION__OIDC`). They are read-only in the console.

use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::federation::{Endpoints, ProviderConfig, ProviderKind, ProviderSource};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FederationSettings {
    /// How long one step with a provider (the start's discovery, or the callback's token,
    /// keys and profile requests) may take in all. The person waits on it: the default (8)
    /// keeps the page after a hanging provider under ten seconds.
    pub timeout_secs: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub google: Option<FileProvider>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub microsoft: Option<FileProvider>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facebook: Option<FileProvider>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<FileProvider>,
    /// Generic OpenID Connect providers, each with its own `id`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub oidc: Vec<FileProvider>,
}

impl Default for FederationSettings {
    fn default() -> Self {
        Self {
            timeout_secs: 8,
            google: None,
            microsoft: None,
            facebook: None,
            x: None,
            oidc: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}

/// One provider's keys in the file. The endpoint keys are listed here rather than flattened
/// from `Endpoints`: serde cannot refuse unknown keys on a struct with a flattened part, and a
/// mistyped key must be an error, not silently the real endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileProvider {
    /// Only for `[[federation.oidc]]`: the provider id (the `idp` claim, the callback path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub client_id: String,
    #[serde(default, skip_serializing)]
    pub client_secret: Option<SecretString>,
    /// A file holding the client secret (for container secrets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret_file: Option<PathBuf>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub trust_email: bool,
    #[serde(default)]
    pub allow_sign_up: bool,
    #[serde(default)]
    pub trust_upstream_mfa: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_tenants: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trusted_tenants: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userinfo_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
}

impl FederationSettings {
    /// The declared providers, checked: ids unique and well-formed, a secret for each, every
    /// endpoint usable. The error names the section and the problem.
    pub fn providers(&self) -> Result<Vec<ProviderConfig>, (String, String)> {
        if !(1..=60).contains(&self.timeout_secs) {
            return Err((
                "federation.timeout_secs".into(),
                "must be from 1 to 60 seconds".into(),
            ));
        }
        let mut found = Vec::new();
        let named = [
            (ProviderKind::Google, &self.google),
            (ProviderKind::Microsoft, &self.microsoft),
            (ProviderKind::Facebook, &self.facebook),
            (ProviderKind::X, &self.x),
        ];
        for (kind, entry) in named {
            if let Some(entry) = entry {
                let key = format!("federation.{}", kind.as_str());
                if entry.id.is_some() {
                    return Err((key, "takes no “id”: the section name is the id".into()));
                }
                found.push(entry.to_config(kind.as_str(), kind).map_err(|e| (key, e))?);
            }
        }
        for (index, entry) in self.oidc.iter().enumerate() {
            let key = format!("federation.oidc[{index}]");
            let Some(id) = entry.id.as_deref() else {
                return Err((key, "needs an “id”".into()));
            };
            if found.iter().any(|p: &ProviderConfig| p.id == id) {
                return Err((key, format!("the id “{id}” is used twice")));
            }
            found.push(
                entry
                    .to_config(id, ProviderKind::Oidc)
                    .map_err(|e| (key, e))?,
            );
        }
        Ok(found)
    }
}

impl FileProvider {
    /// A provider with these credentials and every other key at its default (for code that
    /// builds settings, such as tests).
    pub fn new(client_id: &str, client_secret: &str) -> Self {
        Self {
            id: None,
            client_id: client_id.to_string(),
            client_secret: Some(SecretString::from(client_secret.to_string())),
            client_secret_file: None,
            enabled: true,
            label: String::new(),
            position: 0,
            scopes: Vec::new(),
            trust_email: false,
            allow_sign_up: false,
            trust_upstream_mfa: false,
            issuer: None,
            authority: None,
            tenant: None,
            allowed_tenants: Vec::new(),
            trusted_tenants: Vec::new(),
            userinfo_url: None,
            auth_url: None,
            token_url: None,
            graph_url: None,
            graph_version: None,
            api_url: None,
        }
    }

    fn to_config(&self, id: &str, kind: ProviderKind) -> Result<ProviderConfig, String> {
        let secret = match (&self.client_secret, &self.client_secret_file) {
            (Some(_), Some(_)) => {
                return Err("set “client_secret” or “client_secret_file”, not both".into());
            }
            (Some(secret), None) => secret.expose_secret().trim().to_string(),
            (None, Some(path)) => std::fs::read_to_string(path)
                .map_err(|e| format!("“client_secret_file” {}: {e}", path.display()))?
                .trim()
                .to_string(),
            (None, None) => return Err("needs “client_secret” or “client_secret_file”".into()),
        };
        if secret.is_empty() {
            return Err("the client secret is empty".into());
        }
        let config = ProviderConfig {
            id: id.to_string(),
            kind,
            label: self.label.trim().to_string(),
            position: self.position,
            enabled: self.enabled,
            client_id: self.client_id.trim().to_string(),
            client_secret: SecretString::from(secret),
            scopes: self.scopes.clone(),
            trust_email: self.trust_email,
            allow_sign_up: self.allow_sign_up,
            trust_upstream_mfa: self.trust_upstream_mfa,
            endpoints: Endpoints {
                issuer: self.issuer.clone(),
                authority: self.authority.clone(),
                tenant: self.tenant.clone(),
                allowed_tenants: self.allowed_tenants.clone(),
                trusted_tenants: self.trusted_tenants.clone(),
                userinfo_url: self.userinfo_url.clone(),
                auth_url: self.auth_url.clone(),
                token_url: self.token_url.clone(),
                graph_url: self.graph_url.clone(),
                graph_version: self.graph_version.clone(),
                api_url: self.api_url.clone(),
            },
            source: ProviderSource::ConfigFile,
            version: 0,
        };
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Format;

    fn entry(toml: &str) -> FileProvider {
        figment::Figment::from(figment::providers::Toml::string(toml))
            .extract()
            .unwrap()
    }

    #[test]
    fn sections_become_providers_and_problems_name_the_key() {
        let settings = FederationSettings {
            google: Some(entry(
                r#"client_id = "g"
client_secret = "s""#,
            )),
            oidc: vec![entry(
                r#"id = "acme"
issuer = "https://id.acme.test"
client_id = "a"
client_secret = "s""#,
            )],
            ..Default::default()
        };
        let found = settings.providers().unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].id, "google");
        assert!(found[0].enabled, "enabled unless said otherwise");
        assert!(!found[0].trust_email && !found[0].allow_sign_up && !found[0].trust_upstream_mfa);
        assert_eq!(found[1].id, "acme");

        let no_secret = FederationSettings {
            x: Some(entry(r#"client_id = "x""#)),
            ..Default::default()
        };
        assert_eq!(no_secret.providers().unwrap_err().0, "federation.x");
        let no_id = FederationSettings {
            oidc: vec![entry(
                r#"issuer = "https://i.test"
client_id = "a"
client_secret = "s""#,
            )],
            ..Default::default()
        };
        assert!(no_id.providers().unwrap_err().1.contains("id"));
        let http = FederationSettings {
            google: Some(entry(
                r#"client_id = "g"
client_secret = "s"
issuer = "http://accounts.example.com""#,
            )),
            ..Default::default()
        };
        assert!(http.providers().unwrap_err().1.contains("https"));
        let typo: Result<FileProvider, _> = figment::Figment::from(
            figment::providers::Toml::string("client_id = \"g\"\nclient_secrett = \"s\""),
        )
        .extract();
        assert!(typo.unwrap_err().to_string().contains("client_secrett"));
    }
}
