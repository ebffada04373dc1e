//! Client authentication at the token, introspection and revocation endpoints
//! (RFC 6749 §2.3): `client_secret_basic`, `client_secret_post`, or `none` for public
//! clients. Failures are rate-limited per client id like any other credential check.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::error::OAuthError;
use crate::App;
use crate::auth::limits::{self, LimitError, Throttle};
use crate::crypto::token::verify_token;
use crate::domain::Client;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    Basic,
    Post,
    None,
}

pub struct ClientCredentials {
    pub client_id: String,
    pub secret: Option<String>,
    pub method: AuthMethod,
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ClientCredentials({}, {:?})",
            self.client_id, self.method
        )
    }
}

/// Reads the credentials from the `Authorization` header and/or the form body. Using two
/// methods at once is an error (RFC 6749 §2.3).
pub fn parse_credentials(
    authorization: Option<&str>,
    body_client_id: Option<&str>,
    body_secret: Option<&str>,
) -> Result<ClientCredentials, OAuthError> {
    if let Some(header) = authorization {
        if body_secret.is_some() {
            return Err(OAuthError::invalid_request(
                "use one client authentication method, not two",
            ));
        }
        let encoded = header
            .strip_prefix("Basic ")
            .or_else(|| header.strip_prefix("basic "))
            .ok_or_else(|| OAuthError::invalid_client("unsupported Authorization scheme"))?;
        let decoded = STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials"))?;
        let (id, secret) = decoded
            .split_once(':')
            .ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials"))?;
        // The id and secret are form-encoded before base64 (RFC 6749 §2.3.1).
        let id = form_decode(id)?;
        let secret = form_decode(secret)?;
        if body_client_id.is_some_and(|b| b != id) {
            return Err(OAuthError::invalid_request(
                "client_id in the body differs from the Authorization header",
            ));
        }
        return Ok(ClientCredentials {
            client_id: id,
            secret: Some(secret),
            method: AuthMethod::Basic,
        });
    }
    let client_id = body_client_id
        .filter(|id| !id.is_empty())
        .ok_or_else(|| OAuthError::invalid_client("client authentication is required"))?;
    Ok(ClientCredentials {
        client_id: client_id.to_string(),
        secret: body_secret.map(str::to_string),
        method: if body_secret.is_some() {
            AuthMethod::Post
        } else {
            AuthMethod::None
        },
    })
}

fn form_decode(value: &str) -> Result<String, OAuthError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&format!("v={value}"))
        .map_err(|_| OAuthError::invalid_client("malformed Basic credentials"))?;
    Ok(pairs.into_iter().next().map(|(_, v)| v).unwrap_or_default())
}

/// Authenticates the client. Every failure is `invalid_client` with the same description,
/// whether the client exists or not. A correct secret is never refused and costs no limit
/// bookkeeping: secrets are 256 random bits, so guessing is hopeless, and a throttle that
/// refused the right secret would let one misconfigured instance, or anyone sharing an
/// address, lock a relying party out. Failures alone are counted, per client id *and*
/// address, so that the answer to a flood of wrong ones says when to come back.
pub async fn authenticate(
    app: &App,
    creds: &ClientCredentials,
    ip: &str,
) -> Result<Client, OAuthError> {
    let client = app.store.client_by_id(&creds.client_id).await?;
    let ok = match (&client, &creds.secret) {
        (Some(c), None) => c.is_public() && creds.method == AuthMethod::None,
        (Some(c), Some(secret)) => c
            .secret_hash
            .as_deref()
            .is_some_and(|h| verify_token(secret, h)),
        (None, _) => false,
    };
    match client {
        Some(client) if ok => Ok(client),
        _ => {
            let throttle = Throttle::client_secret(&creds.client_id, ip);
            match limits::count_failure(app, &throttle).await {
                Ok(()) => Err(OAuthError::invalid_client("client authentication failed")),
                Err(LimitError::Refused(refused)) => {
                    let mut err = OAuthError::invalid_client(
                        "too many failed authentication attempts; try again later",
                    );
                    err.retry_after = Some(refused.retry_after);
                    Err(err)
                }
                Err(LimitError::Store(e)) => Err(e.into()),
            }
        }
    }
}
