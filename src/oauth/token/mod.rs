//! The token endpoint (RFC 6749 §3.2): one grant per file, dispatched on `grant_type`.

mod authorization_code;
mod client_credentials;
mod refresh_token;
mod token_exchange;

use serde::Deserialize;

use super::claims::TokenResponse;
use super::error::{ErrorCode, OAuthError};
use crate::App;
use crate::domain::{Client, GrantType};

/// The form body of a token request; client credentials are read separately.
#[derive(Debug, Default, Deserialize)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
    /// RFC 8693 §2.1.
    pub subject_token: Option<String>,
    pub subject_token_type: Option<String>,
    pub actor_token: Option<String>,
    pub actor_token_type: Option<String>,
    pub requested_token_type: Option<String>,
    pub audience: Option<String>,
    pub resource: Option<String>,
}

pub async fn exchange(
    app: &App,
    client: &Client,
    request: TokenRequest,
) -> Result<TokenResponse, OAuthError> {
    let grant = match request.grant_type.as_deref() {
        None | Some("") => return Err(OAuthError::invalid_request("grant_type is required")),
        Some(raw) => GrantType::parse(raw).map_err(|_| {
            OAuthError::new(
                ErrorCode::UnsupportedGrantType,
                format!("grant_type “{raw}” is not supported"),
            )
        })?,
    };
    if !client.allows_grant(grant) {
        return Err(OAuthError::unauthorized_client(format!(
            "this client may not use the {} grant",
            grant.as_str()
        )));
    }
    match grant {
        GrantType::AuthorizationCode => authorization_code::exchange(app, client, request).await,
        GrantType::RefreshToken => refresh_token::exchange(app, client, request).await,
        GrantType::ClientCredentials => client_credentials::exchange(app, client, request).await,
        GrantType::TokenExchange => token_exchange::exchange(app, client, request).await,
    }
}
