//! `grant_type=refresh_token` (RFC 6749 §6) with rotation: every use returns a new refresh
//! token, and presenting a rotated-away token again revokes the whole family
//! (RFC 9700 §4.14.2).

use super::TokenRequest;
use crate::App;
use crate::crypto::token::{hash_token, random_token};
use crate::domain::{Client, ScopeSet};
use crate::oauth::claims::{TokenResponse, UserTokenContext, user_tokens};
use crate::oauth::error::OAuthError;
use crate::store::{NewRefresh, RotateRefresh};

pub async fn exchange(
    app: &App,
    client: &Client,
    request: TokenRequest,
) -> Result<TokenResponse, OAuthError> {
    let presented = request
        .refresh_token
        .as_deref()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("refresh_token is required"))?;
    let now = app.clock.now();
    let redemption = match app
        .store
        .consume_refresh_token(&hash_token(presented), now)
        .await?
    {
        RotateRefresh::Unknown => {
            return Err(OAuthError::invalid_grant("the refresh token is invalid"));
        }
        RotateRefresh::Reused { grant_id } => {
            if app.store.revoke_grant(&grant_id, now).await? {
                tracing::warn!(client_id = %client.id, "refresh token reused; its token family revoked");
            }
            return Err(OAuthError::invalid_grant(
                "the refresh token has already been used",
            ));
        }
        RotateRefresh::Fresh(redemption) => redemption,
    };
    let grant = redemption.grant.clone();
    let token = redemption.token.clone();
    // Each failure below rolls back (the redemption is dropped): the token stays as it was.
    if grant.client_id != client.id {
        return Err(OAuthError::invalid_grant(
            "the refresh token was issued to another client",
        ));
    }
    if grant.revoked_at.is_some() {
        return Err(OAuthError::invalid_grant(
            "the refresh token has been revoked",
        ));
    }
    if token.expires_at <= now {
        return Err(OAuthError::invalid_grant("the refresh token has expired"));
    }
    let user = match app.store.user_by_id(&grant.user_id).await? {
        Some(user) if user.usable(now) => user,
        _ => {
            return Err(OAuthError::invalid_grant(
                "the user's account is not active",
            ));
        }
    };
    let granted = ScopeSet::parse(&token.scope).map_err(|e| OAuthError::server_error(e.0))?;
    let scopes = match request.scope.as_deref().filter(|s| !s.is_empty()) {
        None => granted.clone(),
        Some(raw) => {
            let asked = ScopeSet::parse(raw).map_err(|e| OAuthError::invalid_scope(e.0))?;
            if !asked.is_subset(&granted) {
                return Err(OAuthError::invalid_scope(
                    "a refresh cannot widen the granted scope",
                ));
            }
            asked
        }
    };
    let amr = grant.amr_list();
    let ctx = UserTokenContext {
        user: &user,
        client_id: &client.id,
        scopes: &scopes,
        auth_time: grant.auth_time,
        amr: &amr,
        session_id: grant.session_id.as_deref(),
        grant_id: &grant.id,
        nonce: None,
    };
    let mut response = user_tokens(app, &ctx).await?;
    let next = random_token();
    let next_hash = hash_token(&next);
    redemption
        .finish(NewRefresh {
            token_hash: &next_hash,
            // The new token carries the original grant's scope, not a narrowed one (§6).
            scope: &token.scope,
            now,
            expires_at: now + app.settings.tokens.refresh_token_ttl_secs,
        })
        .await?;
    response.refresh_token = Some(next);
    Ok(response)
}
