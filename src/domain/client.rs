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
        if !is_uri_text(raw) {
            return Err(Invalid(not_uri_text(raw)));
        }
        let url =
            Url::parse(raw).map_err(|_| Invalid(format!("“{raw}” is not an absolute URI")))?;
        if url.fragment().is_some() {
            return Err(Invalid(format!("“{raw}” must not contain a fragment")));
        }
        // `scheme://` promises an authority: it must name a host and carry no credentials
        // (the fuzzer found `x://@` accepted, whose answer URL no longer parsed).
        if url.has_authority()
            && (url.host_str().is_none_or(str::is_empty)
                || !url.username().is_empty()
                || url.password().is_some()
                || raw.split_once("://").is_some_and(|(_, rest)| {
                    rest.split(['/', '?'])
                        .next()
                        .is_some_and(|a| a.contains('@'))
                }))
        {
            return Err(Invalid(format!(
                "“{raw}” must name a host, without a user name or password"
            )));
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

/// Whether `raw` is written as RFC 3986 writes a URI: visible ASCII only. The URI is stored,
/// compared and sent back (`Location`) exactly as registered, so what a URL parser would
/// quietly drop or escape — a newline, a tab, a control character, a space, non-ASCII — must
/// be refused here (the fuzzer found `u://*\u{14}…\n` accepted, and the redirect built from
/// it no longer a URL).
fn is_uri_text(raw: &str) -> bool {
    !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_graphic())
}

fn not_uri_text(raw: &str) -> String {
    format!(
        "“{}” must be written in plain ASCII, without spaces or control characters (percent-encode anything else)",
        raw.escape_debug()
    )
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
        if !is_uri_text(raw) {
            return Err(Invalid(not_uri_text(raw)));
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
        for no_host in [
            "x://@",
            "https://user@rp.example/cb",
            "https://a:b@rp.example/cb",
            "x:///cb",
        ] {
            assert!(RedirectUri::parse(no_host).is_err(), "{no_host}");
        }
        assert!(RedirectUri::parse("com.example.app://callback").is_ok());
        // Stored and sent back as registered: nothing a parser would drop or escape.
        for hostile in [
            "https://rp.example/cb\n",
            "https://rp.example/c\tb",
            "https://rp.example/c b",
            "https://rp.example/c\u{14}b",
            "https://rp.example/café",
            "u://*\u{14}*\u{14}\0\n",
        ] {
            assert!(RedirectUri::parse(hostile).is_err(), "{hostile:?}");
            // Links are trimmed first (a pasted URL's newline is harmless there).
            if hostile.trim() == hostile {
                assert!(ClientLinks::parse_link(hostile).is_err(), "{hostile:?}");
            }
        }
    }
}
