//! `grant_type=client_credentials` (RFC 6749 §4.4): a confidential client acting for itself.
//! The token's subject is the client, or for a service account's client the account (with
//! its privileges, while it is active); user-only scopes make no sense here and are refused.

use super::TokenRequest;
use crate::App;
use crate::domain::{Client, Scope, ScopeSet};
use crate::oauth::claims::{AccessSubject, TokenResponse, mint_access_token};
use crate::oauth::error::OAuthError;

pub async fn exchange(
    app: &App,
    client: &Client,
    request: TokenRequest,
) -> Result<TokenResponse, OAuthError> {
    if client.is_public() {
        return Err(OAuthError::unauthorized_client(
            "public clients cannot use client_credentials",
        ));
    }
    let asked = ScopeSet::parse(request.scope.as_deref().unwrap_or(""))
        .map_err(|e| OAuthError::invalid_scope(e.0))?;
    for user_only in [Scope::OPENID, Scope::OFFLINE_ACCESS] {
        if asked.contains(user_only) {
            return Err(OAuthError::invalid_scope(format!(
                "“{}” needs a user; client_credentials has none",
                user_only.as_str()
            )));
        }
    }
    if !asked.is_subset(&client.scopes) {
        return Err(OAuthError::invalid_scope(
            "the client may not ask for some of these scopes",
        ));
    }
    let scope = asked.to_string();
    // Most clients have no service account: the cached flag spares them the read.
    let account = if app.store.client_has_service_account(&client.id).await? {
        app.store.service_account_of_client(&client.id).await?
    } else {
        None
    };
    let subject = match &account {
        Some(account) if account.usable(app.clock.now()) => AccessSubject::ServiceAccount(account),
        Some(_) => {
            return Err(OAuthError::unauthorized_client(
                "the service account of this client is deactivated",
            ));
        }
        None => AccessSubject::Client,
    };
    let access = mint_access_token(app, subject, &client.id, &scope).await?;
    Ok(TokenResponse {
        access_token: access.token,
        issued_token_type: None,
        token_type: "Bearer",
        expires_in: app.settings.tokens.access_token_ttl_secs,
        scope,
        id_token: None,
        refresh_token: None,
    })
}
