//! Token introspection (RFC 7662) for authenticated clients, reflecting revocation. Anything
//! not valid is simply `{"active": false}`. The answer tells a resource server no more about
//! the user than the client was granted: `username` (the e-mail) only with the `email` scope.

use serde_json::{Value, json};

use super::access_token;
use super::error::OAuthError;
use crate::App;
use crate::crypto::token::hash_token;
use crate::domain::{Scope, ScopeSet};

/// Whether a granted scope string includes `email`, which alone reveals the address.
fn grants_email(scope: &str) -> bool {
    ScopeSet::parse(scope).is_ok_and(|s| s.contains(Scope::EMAIL))
}

pub async fn introspect(app: &App, token: &str, hint: Option<&str>) -> Result<Value, OAuthError> {
    let inactive = json!({ "active": false });
    if token.is_empty() {
        return Ok(inactive);
    }
    // JWTs have two dots; refresh tokens are plain base64url. The hint only orders the tries.
    let looks_like_jwt = token.matches('.').count() == 2;
    if looks_like_jwt || hint == Some("access_token") {
        match access_token::validate(app, token).await {
            Ok(valid) => {
                let c = valid.claims;
                let mut body = json!({
                    "active": true,
                    "token_type": "Bearer",
                    "scope": c.scope,
                    "client_id": c.client_id,
                    "sub": c.sub,
                    "aud": c.aud,
                    "iss": c.iss,
                    "exp": c.exp,
                    "iat": c.iat,
                    "jti": c.jti,
                });
                if let Some(user) = valid.user {
                    if let Some(email) = user.email.as_ref().filter(|_| grants_email(&c.scope)) {
                        body["username"] = json!(email.as_str());
                    }
                    if let Some(privileges) = c.privileges {
                        body["privileges"] = json!(privileges);
                    }
                }
                if let Some(auth_time) = c.auth_time {
                    body["auth_time"] = json!(auth_time);
                }
                // RFC 8693 §4.1: the actor, when someone acts for the subject.
                if let Some(act) = &c.act {
                    body["act"] = json!({ "sub": act.sub });
                }
                return Ok(body);
            }
            Err(e) if e.code == super::error::ErrorCode::ServerError => return Err(e),
            Err(_) if looks_like_jwt => return Ok(inactive),
            Err(_) => {}
        }
    }
    let now = app.clock.now();
    let Some((refresh, grant)) = app.store.refresh_token_by_hash(&hash_token(token)).await? else {
        return Ok(inactive);
    };
    if refresh.used_at.is_some() || refresh.expires_at <= now || grant.revoked_at.is_some() {
        return Ok(inactive);
    }
    let Some(user) = app
        .store
        .user_by_id(&grant.user_id)
        .await?
        .filter(|u| u.usable(now))
    else {
        return Ok(inactive);
    };
    let acting = match grant.acting() {
        None => None,
        Some(ids) => {
            let usable = crate::delegation::usable(
                app,
                &ids.authority_id,
                &ids.actor_id,
                Some(&grant.client_id),
            )
            .await?;
            if usable.is_none() {
                return Ok(inactive);
            }
            Some(ids.actor_id)
        }
    };
    let mut body = json!({
        "active": true,
        "token_type": "refresh_token",
        "scope": refresh.scope,
        "client_id": grant.client_id,
        "sub": user.id,
        "iss": app.settings.issuer,
        "exp": refresh.expires_at,
        "iat": refresh.created_at,
        "auth_time": grant.auth_time,
    });
    if let Some(email) = user.email.as_ref().filter(|_| grants_email(&refresh.scope)) {
        body["username"] = json!(email.as_str());
    }
    if let Some(actor) = acting {
        body["act"] = json!({ "sub": actor });
    }
    Ok(body)
}
