//! A configured upstream provider, whether declared in the configuration file or added in the
//! console: its kind, credentials, the rules for trusting what it says, and the endpoint
//! overrides (every endpoint defaults to the real one).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// The kinds of upstream Gatehouse speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    Google,
    Microsoft,
    Facebook,
    X,
    Oidc,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 5] = [
        Self::Google,
        Self::Microsoft,
        Self::Facebook,
        Self::X,
        Self::Oidc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Google => "google",
            Self::Microsoft => "microsoft",
            Self::Facebook => "facebook",
            Self::X => "x",
            Self::Oidc => "oidc",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// The name people know the provider by.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Google => "Google",
            Self::Microsoft => "Microsoft",
            Self::Facebook => "Facebook",
            Self::X => "X",
            Self::Oidc => "OpenID Connect",
        }
    }

    /// The scopes asked for when the administrator names none.
    pub fn default_scopes(self) -> &'static [&'static str] {
        match self {
            Self::Google | Self::Microsoft | Self::Oidc => &["openid", "email", "profile"],
            Self::Facebook => &["email", "public_profile"],
            Self::X => &["users.read", "tweet.read"],
        }
    }

    /// The endpoint keys that mean something for this kind.
    pub fn endpoint_keys(self) -> &'static [&'static str] {
        match self {
            Self::Google | Self::Oidc => &["issuer", "userinfo_url"],
            Self::Microsoft => &[
                "authority",
                "tenant",
                "allowed_tenants",
                "trusted_tenants",
                "userinfo_url",
            ],
            Self::Facebook => &["auth_url", "token_url", "graph_url", "graph_version"],
            Self::X => &["auth_url", "token_url", "api_url"],
        }
    }
}

/// Where a provider's settings come from. File providers are read-only in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderSource {
    ConfigFile,
    Database,
}

/// Endpoint overrides and Entra tenant rules; unset means the provider's real endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Endpoints {
    /// Google and generic OIDC: the issuer; discovery is read from
    /// `{issuer}/.well-known/openid-configuration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Microsoft: `https://login.microsoftonline.com` unless a sovereign cloud or a test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Microsoft: `common`, `organizations`, `consumers` or a tenant id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// Microsoft: when not empty, only these tenant ids may sign in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_tenants: Vec<String>,
    /// Microsoft: tenants whose `email` claim is taken as verified.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trusted_tenants: Vec<String>,
    /// Google, Microsoft and generic OIDC: the userinfo endpoint instead of the discovered one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub userinfo_url: Option<String>,
    /// Facebook and X: the authorization endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    /// Facebook and X: the token endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// Facebook: the Graph API base (`https://graph.facebook.com`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_url: Option<String>,
    /// Facebook: the Graph API version (`v19.0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_version: Option<String>,
    /// X: the API base (`https://api.x.com`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
}

impl Endpoints {
    /// The keys that hold a value.
    pub fn set_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        for (key, set) in [
            ("issuer", self.issuer.is_some()),
            ("authority", self.authority.is_some()),
            ("tenant", self.tenant.is_some()),
            ("allowed_tenants", !self.allowed_tenants.is_empty()),
            ("trusted_tenants", !self.trusted_tenants.is_empty()),
            ("userinfo_url", self.userinfo_url.is_some()),
            ("auth_url", self.auth_url.is_some()),
            ("token_url", self.token_url.is_some()),
            ("graph_url", self.graph_url.is_some()),
            ("graph_version", self.graph_version.is_some()),
            ("api_url", self.api_url.is_some()),
        ] {
            if set {
                keys.push(key);
            }
        }
        keys
    }

    /// Checks that only keys meaningful for `kind` are set and that every URL is usable.
    pub fn validate(&self, kind: ProviderKind) -> Result<(), String> {
        let allowed = kind.endpoint_keys();
        if let Some(key) = self.set_keys().into_iter().find(|k| !allowed.contains(k)) {
            return Err(format!(
                "“{key}” does not apply to {} providers (they take: {})",
                kind.display_name(),
                allowed.join(", ")
            ));
        }
        for (key, value) in [
            ("issuer", &self.issuer),
            ("authority", &self.authority),
            ("userinfo_url", &self.userinfo_url),
            ("auth_url", &self.auth_url),
            ("token_url", &self.token_url),
            ("graph_url", &self.graph_url),
            ("api_url", &self.api_url),
        ] {
            if let Some(url) = value {
                check_upstream_url(url).map_err(|problem| format!("“{key}”: {problem}"))?;
            }
        }
        if kind == ProviderKind::Oidc && self.issuer.is_none() {
            return Err("an OpenID Connect provider needs its “issuer”".into());
        }
        if let Some(tenant) = &self.tenant
            && !is_tenant(tenant)
        {
            return Err(format!(
                "“tenant”: “{tenant}” is not common, organizations, consumers or a tenant id"
            ));
        }
        for tenant in self.allowed_tenants.iter().chain(&self.trusted_tenants) {
            if !is_tenant_id(tenant) {
                return Err(format!("“{tenant}” is not a tenant id (a GUID)"));
            }
        }
        if let Some(version) = &self.graph_version {
            let ok = version.strip_prefix('v').is_some_and(|rest| {
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
            });
            if !ok {
                return Err(format!(
                    "“graph_version”: “{version}” is not a version like v19.0"
                ));
            }
        }
        Ok(())
    }
}

/// Upstream URLs must be https, except loopback addresses (tests and local set-ups).
pub fn check_upstream_url(raw: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(raw).map_err(|e| format!("“{raw}” is not a URL: {e}"))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("“{raw}” must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("“{raw}” must not carry credentials"));
    }
    match (url.scheme(), url.host()) {
        ("https", Some(_)) => Ok(url),
        ("http", Some(url::Host::Ipv4(ip))) if ip.is_loopback() => Ok(url),
        ("http", Some(url::Host::Ipv6(ip))) if ip.is_loopback() => Ok(url),
        ("http", Some(url::Host::Domain("localhost"))) => Ok(url),
        _ => Err(format!(
            "“{raw}” must be an https URL (http only for 127.0.0.1 or localhost)"
        )),
    }
}

pub const ENTRA_TENANT_ALIASES: [&str; 3] = ["common", "organizations", "consumers"];

fn is_tenant(raw: &str) -> bool {
    ENTRA_TENANT_ALIASES.contains(&raw) || is_tenant_id(raw)
}

/// A tenant id is a GUID.
pub fn is_tenant_id(raw: &str) -> bool {
    uuid::Uuid::try_parse(raw).is_ok_and(|id| id.hyphenated().to_string() == raw.to_lowercase())
}

/// A provider id: the configuration section name or an administrator's choice; it appears in
/// URLs and in the `idp` claim.
pub fn check_provider_id(raw: &str) -> Result<(), String> {
    let ok = !raw.is_empty()
        && raw.len() <= 32
        && raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !raw.starts_with('-')
        && !raw.ends_with('-');
    if !ok {
        return Err(format!(
            "“{raw}” is not a provider id: 1 to 32 lowercase letters, digits and inner hyphens"
        ));
    }
    if RESERVED_IDS.contains(&raw) {
        return Err(format!(
            "“{raw}” is not a provider id: “/login/federated/{raw}” is one of Gatehouse's own pages"
        ));
    }
    Ok(())
}

/// Ids whose start URL would be one of our own pages under `/login/federated/`.
const RESERVED_IDS: [&str; 1] = ["email"];

/// Everything one provider needs; cheap to clone.
#[derive(Clone)]
pub struct ProviderConfig {
    pub id: String,
    pub kind: ProviderKind,
    /// The button text, e.g. "Sign in with Google".
    pub label: String,
    /// Buttons are ordered by this, then by label.
    pub position: i64,
    pub enabled: bool,
    pub client_id: String,
    pub client_secret: SecretString,
    pub scopes: Vec<String>,
    /// The provider's verified e-mail addresses are believed (account creation with that
    /// address, automatic linking to a verified local account).
    pub trust_email: bool,
    /// Unknown identities get an account even when registration is closed.
    pub allow_sign_up: bool,
    /// An upstream `amr` containing `mfa` satisfies our second-factor policy.
    pub trust_upstream_mfa: bool,
    pub endpoints: Endpoints,
    pub source: ProviderSource,
    /// Changes whenever the stored provider changes, so every node rebuilds its connector.
    pub version: i64,
}

impl std::fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("enabled", &self.enabled)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl ProviderConfig {
    /// The scopes to ask for: the configured ones, or the kind's defaults.
    pub fn effective_scopes(&self) -> Vec<String> {
        if self.scopes.is_empty() {
            self.kind
                .default_scopes()
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            self.scopes.clone()
        }
    }

    /// The label, or "Sign in with <Kind>".
    pub fn button_label(&self) -> String {
        if self.label.trim().is_empty() {
            format!("Sign in with {}", self.kind.display_name())
        } else {
            self.label.clone()
        }
    }

    /// What to call the provider in messages: the kind's name, or for a generic provider
    /// its label (without "Sign in with") or id.
    pub fn name(&self) -> String {
        if self.kind != ProviderKind::Oidc {
            return self.kind.display_name().to_string();
        }
        let label = self.label.trim();
        let bare = label.strip_prefix("Sign in with ").unwrap_or(label).trim();
        if bare.is_empty() {
            self.id.clone()
        } else {
            bare.to_string()
        }
    }

    /// The callback URL to register at the provider.
    pub fn callback_url(&self, issuer: &str) -> String {
        format!("{issuer}/login/federated/{}/callback", self.id)
    }

    /// Checks everything a provider must satisfy before it is used.
    pub fn validate(&self) -> Result<(), String> {
        check_provider_id(&self.id)?;
        if self.client_id.trim().is_empty() {
            return Err("“client_id” must not be empty".into());
        }
        if self.client_id.len() > 512 || self.label.len() > 100 {
            return Err("“client_id” or “label” is too long".into());
        }
        for scope in &self.scopes {
            if scope.is_empty()
                || scope.len() > 200
                || !scope
                    .chars()
                    .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
            {
                return Err(format!("“{scope}” is not a scope"));
            }
        }
        self.endpoints.validate(self.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_urls_are_https_or_loopback() {
        assert!(check_upstream_url("https://accounts.google.com").is_ok());
        assert!(check_upstream_url("http://127.0.0.1:8080/x").is_ok());
        assert!(check_upstream_url("http://[::1]:9/").is_ok());
        assert!(check_upstream_url("http://localhost:9").is_ok());
        for bad in [
            "http://example.com",
            "ftp://127.0.0.1",
            "https://u:p@example.com",
            "https://example.com/?a=1",
            "not a url",
            "http://10.0.0.1",
        ] {
            assert!(check_upstream_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoint_keys_follow_the_kind() {
        let facebook_only = Endpoints {
            graph_version: Some("v19.0".into()),
            ..Default::default()
        };
        assert!(facebook_only.validate(ProviderKind::Facebook).is_ok());
        assert!(facebook_only.validate(ProviderKind::Google).is_err());
        assert!(
            Endpoints::default().validate(ProviderKind::Oidc).is_err(),
            "oidc needs its issuer"
        );
        let tenant = Endpoints {
            tenant: Some("contoso".into()),
            ..Default::default()
        };
        assert!(tenant.validate(ProviderKind::Microsoft).is_err());
        let tenant = Endpoints {
            tenant: Some("72f988bf-86f1-41af-91ab-2d7cd011db47".into()),
            allowed_tenants: vec!["72f988bf-86f1-41af-91ab-2d7cd011db47".into()],
            ..Default::default()
        };
        assert!(tenant.validate(ProviderKind::Microsoft).is_ok());
        assert!(check_provider_id("acme-sso").is_ok());
        for bad in ["", "Acme", "a/b", "-a", "a_b", "email", &"a".repeat(33)] {
            assert!(check_provider_id(bad).is_err(), "{bad}");
        }
    }
}
