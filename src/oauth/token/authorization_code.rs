//! `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.6). A code works once; a
//! second presentation revokes everything the first one issued (RFC 6749 §4.1.2).

use super::TokenRequest;
use crate::App;
use crate::crypto::token::{hash_token, random_token};
use crate::domain::{Client, GrantType, Scope, ScopeSet};
use crate::oauth::claims::{TokenResponse, UserTokenContext, user_tokens};
use crate::oauth::error::OAuthError;
use crate::oauth::pkce;
use crate::store::{ConsumeCode, NewGrant, NewRefresh, StoreError};

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
    let stored = match app
        .store
        .consume_code(&hash_token(code), &client.id, now)
        .await?
    {
        ConsumeCode::Unknown => {
            return Err(OAuthError::invalid_grant(
                "the authorization code is invalid",
            ));
        }
        ConsumeCode::WrongClient => {
            return Err(OAuthError::invalid_grant(
                "the authorization code was issued to another client",
            ));
        }
        ConsumeCode::Replayed(code) => {
            app.store.revoke_grant_of_code(&code, now).await?;
            tracing::warn!(client_id = %client.id, "authorization code replayed; tokens issued from it revoked");
            return Err(OAuthError::invalid_grant(
                "the authorization code has already been used",
            ));
        }
        ConsumeCode::Fresh(code) => *code,
    };
    // From here the code is used up, whatever happens: a failed redemption burns it.
    if stored.expires_at <= now {
        return Err(OAuthError::invalid_grant(
            "the authorization code has expired",
        ));
    }
    if request.redirect_uri.as_deref() != Some(stored.redirect_uri.as_str()) {
        return Err(OAuthError::invalid_grant(
            "redirect_uri does not match the authorization request",
        ));
    }
    match (&stored.code_challenge, request.code_verifier.as_deref()) {
        (Some(challenge), Some(verifier)) if pkce::verify_s256(verifier, challenge) => {}
        (Some(_), _) => {
            return Err(OAuthError::invalid_grant(
                "the PKCE code_verifier is missing or wrong",
            ));
        }
        (None, Some(_)) => {
            return Err(OAuthError::invalid_grant(
                "code_verifier sent for a request without code_challenge",
            ));
        }
        (None, None) => {}
    }
    let user = match app.store.user_by_id(&stored.user_id).await? {
        Some(user) if user.usable(now) => user,
        _ => {
            return Err(OAuthError::invalid_grant(
                "the user's account is not active",
            ));
        }
    };
    let acting = match &stored.acting {
        None => None,
        Some(ids) => Some(
            crate::delegation::usable(app, &ids.authority_id, &ids.actor_id, Some(&client.id))
                .await?
                .ok_or_else(|| {
                    OAuthError::invalid_grant(
                        "the authority to act for this user is no longer in force",
                    )
                })?,
        ),
    };
    // The grant is written before any token exists, so a concurrent replay of this code
    // finds it and revokes it.
    let grant = NewGrant {
        id: stored.grant_id.clone(),
        client_id: client.id.clone(),
        user_id: user.id.clone(),
        session_id: Some(stored.session_id.clone()),
        scope: stored.scope.clone(),
        auth_time: stored.auth_time,
        amr: stored.amr.clone(),
        idp: stored.idp.clone(),
        acting: stored.acting.clone(),
        now,
    };
    match app.store.insert_grant(&grant).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => {
            return Err(OAuthError::invalid_grant(
                "the authorization code has already been used",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let scopes = ScopeSet::parse(&stored.scope).map_err(|e| OAuthError::server_error(e.0))?;
    let ctx = UserTokenContext {
        user: &user,
        client_id: &client.id,
        scopes: &scopes,
        auth_time: stored.auth_time,
        amr: &stored.amr,
        idp: stored.idp.as_deref(),
        session_id: Some(&stored.session_id),
        grant_id: &stored.grant_id,
        nonce: stored.nonce.as_deref(),
        acting: acting.as_ref(),
    };
    let mut response = user_tokens(app, &ctx).await?;
    if scopes.contains(Scope::OFFLINE_ACCESS) && client.allows_grant(GrantType::RefreshToken) {
        let refresh = random_token();
        let refresh_hash = hash_token(&refresh);
        app.store
            .insert_refresh_token(
                &grant.id,
                &NewRefresh {
                    token_hash: &refresh_hash,
                    scope: &stored.scope,
                    now,
                    expires_at: now + app.settings.tokens.refresh_token_ttl_secs,
                },
            )
            .await?;
        response.refresh_token = Some(refresh);
    }
    Ok(response)
}
