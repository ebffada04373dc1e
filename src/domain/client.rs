//! Relying parties (OAuth clients) and the rules for their redirect URIs and grants.

use url::Url;

use super::{Invalid, ScopeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantType {
    AuthorizationCode,
    RefreshToken,
    ClientCredentials,
    /// RFC 8693 token exchange: a client acting for a user under an authority the user's
    /// actor holds.
    TokenExchange,
}

impl GrantType {
    pub const ALL: [GrantType; 4] = [
        Self::AuthorizationCode,
        Self::RefreshToken,
        Self::ClientCredentials,
        Self::TokenExchange,
    ];

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw {
            "authorization_code" => Ok(Self::AuthorizationCode),
            "refresh_token" => Ok(Self::RefreshToken),
            "client_credentials" => Ok(Self::ClientCredentials),
            Self::TOKEN_EXCHANGE => Ok(Self::TokenExchange),
            other => Err(Invalid(format!(
                "unknown grant type “{other}” (authorization_code, refresh_token, client_credentials or {})",
                Self::TOKEN_EXCHANGE
            ))),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::AuthorizationCode => "authorization_code",
            Self::RefreshToken => "refresh_token",
            Self::ClientCredentials => "client_credentials",
            Self::TokenExchange => Self::TOKEN_EXCHANGE,
        }
    }

    pub const TOKEN_EXCHANGE: &'static str = "urn:ietf:params:oauth:grant-type:token-exchange";
}

/// A registered redirect URI. Matching is exact string comparison (RFC 9700 §4.1.1), so the
/// value is kept exactly as registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectUri(String);

impl RedirectUri {
    /// Absolute, no fragment (RFC 6749 §3.1.2); plain http only for loopback hosts (native
    /// apps, RFC 8252 §7.3); private-use schemes such as `com.example.app:/cb` are allowed.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let url =
            Url::parse(raw).map_err(|_| Invalid(format!("“{raw}” is not an absolute URI")))?;
        if url.fragment().is_some() {
            return Err(Invalid(format!("“{raw}” must not contain a fragment")));
        }
        match url.scheme() {
            "https" => {}
            "http" => {
                let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
                if !loopback {
                    return Err(Invalid(format!(
                        "“{raw}” must use https (http is only for loopback addresses)"
                    )));
                }
            }
            "javascript" | "data" | "file" | "vbscript" => {
                return Err(Invalid(format!("“{raw}” uses a forbidden scheme")));
            }
            _ => {}
        }
        Ok(Self(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the consent page shows about a client besides its name (OpenID Connect Dynamic
/// Client Registration §2): each an absolute `https` URL (or `http` on a loopback host).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientLinks {
    pub logo_uri: Option<String>,
    pub policy_uri: Option<String>,
    pub tos_uri: Option<String>,
}

impl ClientLinks {
    /// Checks one link; empty means none.
    pub fn parse_link(raw: &str) -> Result<Option<String>, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let url =
            Url::parse(raw).map_err(|_| Invalid(format!("“{raw}” is not an absolute URL")))?;
        let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        let ok = raw.len() <= 2048
            && (url.scheme() == "https" || (url.scheme() == "http" && loopback))
            && url.fragment().is_none();
        if ok {
            Ok(Some(raw.to_string()))
        } else {
            Err(Invalid(format!(
                "“{raw}” must be an https URL (http only for loopback addresses), without a fragment"
            )))
        }
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub name: String,
    /// SHA-256 of the secret; `None` for public clients, which must use PKCE.
    pub secret_hash: Option<String>,
    /// First-party clients skip the consent page.
    pub first_party: bool,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    /// The scopes this client may ask for.
    pub scopes: ScopeSet,
    pub links: ClientLinks,
    pub created_at: i64,
}

impl Client {
    pub fn is_public(&self) -> bool {
        self.secret_hash.is_none()
    }

    pub fn allows_grant(&self, grant: GrantType) -> bool {
        self.grant_types.contains(&grant)
    }

    pub fn has_redirect_uri(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|r| r == uri)
    }

    pub fn has_post_logout_redirect_uri(&self, uri: &str) -> bool {
        self.post_logout_redirect_uris.iter().any(|r| r == uri)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uri_rules() {
        assert!(RedirectUri::parse("https://rp.example/cb").is_ok());
        assert!(RedirectUri::parse("http://127.0.0.1:9000/cb").is_ok());
        assert!(RedirectUri::parse("com.example.app:/oauth").is_ok());
        assert!(RedirectUri::parse("http://rp.example/cb").is_err());
        assert!(RedirectUri::parse("https://rp.example/cb#x").is_err());
        assert!(RedirectUri::parse("/relative").is_err());
        assert!(RedirectUri::parse("javascript:alert(1)").is_err());
    }
}
