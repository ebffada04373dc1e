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
    let presented_hash = hash_token(presented);
    // A scope the token cannot give is refused before the token is used up.
    let asked = match request.scope.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => {
            let asked = ScopeSet::parse(raw).map_err(|e| OAuthError::invalid_scope(e.0))?;
            if let Some((token, _)) = app.store.refresh_token_by_hash(&presented_hash).await? {
                let granted =
                    ScopeSet::parse(&token.scope).map_err(|e| OAuthError::server_error(e.0))?;
                if !asked.is_subset(&granted) {
                    return Err(OAuthError::invalid_scope(
                        "a refresh cannot widen the granted scope",
                    ));
                }
            }
            Some(asked)
        }
    };
    let (token, grant) = match app
        .store
        .consume_refresh_token(&presented_hash, &client.id, now)
        .await?
    {
        RotateRefresh::Unknown => {
            return Err(OAuthError::invalid_grant("the refresh token is invalid"));
        }
        RotateRefresh::WrongClient => {
            return Err(OAuthError::invalid_grant(
                "the refresh token was issued to another client",
            ));
        }
        RotateRefresh::Reused { grant_id } => {
            if app.store.revoke_grant(&grant_id, now).await? {
                tracing::warn!(client_id = %client.id, "refresh token reused; its token family revoked");
            }
            return Err(OAuthError::invalid_grant(
                "the refresh token has already been used",
            ));
        }
        RotateRefresh::Fresh(found) => *found,
    };
    // From here the presented token is used up, whatever happens.
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
    // Tokens issued while acting for someone live only as long as the authority does.
    let acting = match grant.acting() {
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
    let granted = ScopeSet::parse(&token.scope).map_err(|e| OAuthError::server_error(e.0))?;
    let scopes = asked.unwrap_or(granted);
    let amr = grant.amr_list();
    let ctx = UserTokenContext {
        user: &user,
        client_id: &client.id,
        scopes: &scopes,
        auth_time: grant.auth_time,
        amr: &amr,
        idp: grant.idp.as_deref(),
        session_id: grant.session_id.as_deref(),
        grant_id: &grant.id,
        nonce: None,
        acting: acting.as_ref(),
    };
    if let Some(acting) = &acting {
        crate::delegation::record_use(
            app,
            acting,
            &client.id,
            "refreshed tokens",
            "token endpoint",
        )
        .await?;
    }
    let mut response = user_tokens(app, &ctx).await?;
    let next = random_token();
    let next_hash = hash_token(&next);
    app.store
        .insert_refresh_token(
            &grant.id,
            &NewRefresh {
                token_hash: &next_hash,
                // The new token carries the original grant's scope, not a narrowed one (§6).
                scope: &token.scope,
                now,
                expires_at: now + app.settings.tokens.refresh_token_ttl_secs,
            },
        )
        .await?;
    response.refresh_token = Some(next);
    Ok(response)
}
