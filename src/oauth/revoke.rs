//! Token revocation (RFC 7009). Revoking a refresh token ends its whole grant, access tokens
//! included (§2.1); revoking an access token ends just that token. Unknown tokens, and tokens
//! of other clients, are answered the same way as success: the client learns nothing.

use super::claims::AccessClaims;
use super::error::OAuthError;
use crate::App;
use crate::crypto::jwt::{self, Expectations, TYP_ACCESS_TOKEN};
use crate::crypto::token::hash_token;
use crate::domain::Client;

pub async fn revoke(
    app: &App,
    client: &Client,
    token: &str,
    hint: Option<&str>,
) -> Result<(), OAuthError> {
    if let Some(h) = hint
        && !matches!(h, "access_token" | "refresh_token")
    {
        // RFC 7009 §2.2.1 names this error; the token is still searched for below.
        tracing::debug!(hint = %h, "unknown token_type_hint");
    }
    let now = app.clock.now();
    if let Some((_, grant)) = app.store.refresh_token_by_hash(&hash_token(token)).await? {
        if grant.client_id == client.id {
            app.store.revoke_grant(&grant.id, now).await?;
        }
        return Ok(());
    }
    let expect = Expectations {
        issuer: &app.settings.issuer,
        typ: TYP_ACCESS_TOKEN,
        check_expiry: true,
        now,
    };
    if let Ok(claims) = jwt::verify::<AccessClaims>(token, &app.keys.keys(), &expect)
        && claims.client_id == client.id
    {
        app.store
            .revoke_access_token(&claims.jti, claims.exp)
            .await?;
    }
    Ok(())
}
