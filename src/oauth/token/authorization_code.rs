//! `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.6). A code works once; a
//! second presentation revokes everything the first one issued (RFC 6749 §4.1.2).

use super::TokenRequest;
use crate::App;
use crate::crypto::token::{hash_token, random_token};
use crate::domain::{Client, GrantType, Scope, ScopeSet};
use crate::oauth::claims::{TokenResponse, UserTokenContext, user_tokens};
use crate::oauth::error::OAuthError;
use crate::oauth::pkce;
use crate::store::{ConsumeCode, NewGrant, NewRefresh};

pub async fn exchange(
    app: &App,
    client: &Client,
    request: TokenRequest,
) -> Result<TokenResponse, OAuthError> {
    let code = request
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("code is required"))?;
    let now = app.clock.now();
    let redemption = match app.store.consume_code(&hash_token(code), now).await? {
        ConsumeCode::Unknown => {
            return Err(OAuthError::invalid_grant(
                "the authorization code is invalid",
            ));
        }
        ConsumeCode::Replayed { grant_id } => {
            if app.store.revoke_grant(&grant_id, now).await? {
                tracing::warn!(client_id = %client.id, "authorization code replayed; tokens issued from it revoked");
            }
            return Err(OAuthError::invalid_grant(
                "the authorization code has already been used",
            ));
        }
        ConsumeCode::Fresh(redemption) => redemption,
    };
    let stored = redemption.code.clone();
    if stored.client_id != client.id {
        // Dropping the redemption rolls back: the rightful client can still use its code.
        drop(redemption);
        return Err(OAuthError::invalid_grant(
            "the authorization code was issued to another client",
        ));
    }
    let failure = if stored.expires_at <= now {
        Some("the authorization code has expired")
    } else if request.redirect_uri.as_deref() != Some(stored.redirect_uri.as_str()) {
        Some("redirect_uri does not match the authorization request")
    } else {
        match (&stored.code_challenge, request.code_verifier.as_deref()) {
            (Some(challenge), Some(verifier)) if pkce::verify_s256(verifier, challenge) => None,
            (Some(_), _) => Some("the PKCE code_verifier is missing or wrong"),
            (None, Some(_)) => Some("code_verifier sent for a request without code_challenge"),
            (None, None) => None,
        }
    };
    if let Some(description) = failure {
        redemption.burn().await?;
        return Err(OAuthError::invalid_grant(description));
    }
    let user = match app.store.user_by_id(&stored.user_id).await? {
        Some(user) if user.usable(now) => user,
        _ => {
            redemption.burn().await?;
            return Err(OAuthError::invalid_grant(
                "the user's account is not active",
            ));
        }
    };
    let scopes = ScopeSet::parse(&stored.scope).map_err(|e| OAuthError::server_error(e.0))?;
    let ctx = UserTokenContext {
        user: &user,
        client_id: &client.id,
        scopes: &scopes,
        auth_time: stored.auth_time,
        amr: &stored.amr,
        session_id: Some(&stored.session_id),
        grant_id: &stored.grant_id,
        nonce: stored.nonce.as_deref(),
    };
    let mut response = user_tokens(app, &ctx).await?;
    let refresh = (scopes.contains(Scope::OFFLINE_ACCESS)
        && client.allows_grant(GrantType::RefreshToken))
    .then(random_token);
    let refresh_hash = refresh.as_deref().map(hash_token);
    let grant = NewGrant {
        id: stored.grant_id.clone(),
        client_id: client.id.clone(),
        user_id: user.id.clone(),
        session_id: Some(stored.session_id.clone()),
        scope: stored.scope.clone(),
        auth_time: stored.auth_time,
        amr: stored.amr.clone(),
        now,
    };
    let new_refresh = refresh_hash.as_deref().map(|hash| NewRefresh {
        token_hash: hash,
        scope: &stored.scope,
        now,
        expires_at: now + app.settings.tokens.refresh_token_ttl_secs,
    });
    redemption.finish(&grant, new_refresh).await?;
    response.refresh_token = refresh;
    Ok(response)
}
