//! Reading back an access token we issued: signature, type, issuer, expiry, and then the
//! database's word on revocation (the token's own jti, its client, its grant) and the
//! user's status.
//! Used by userinfo and introspection.

use super::claims::AccessClaims;
use super::error::OAuthError;
use crate::App;
use crate::crypto::jwt::{self, Expectations, TYP_ACCESS_TOKEN, VerifyError};
use crate::domain::User;

pub struct ValidAccessToken {
    pub claims: AccessClaims,
    /// The user, for tokens issued on a user's behalf.
    pub user: Option<User>,
}

pub async fn validate(app: &App, token: &str) -> Result<ValidAccessToken, OAuthError> {
    let now = app.clock.now();
    let expect = Expectations {
        issuer: &app.settings.issuer,
        typ: TYP_ACCESS_TOKEN,
        check_expiry: true,
        now,
    };
    let claims: AccessClaims = match jwt::verify(token, &app.keys.keys(), &expect) {
        Err(VerifyError::UnknownKey) if app.keys.reload_for_unknown_kid(now).await? => {
            jwt::verify(token, &app.keys.keys(), &expect)
        }
        other => other,
    }
    .map_err(|e| OAuthError::invalid_token(format!("the access token is not valid: {e}")))?;
    // A deleted client's tokens die with it, at once rather than at expiry.
    if !app
        .store
        .access_token_standing(&claims.jti, &claims.client_id)
        .await?
    {
        return Err(OAuthError::invalid_token(
            "the access token has been revoked",
        ));
    }
    let mut user = None;
    if let Some(gid) = &claims.gid {
        let grant = app.store.grant_by_id(gid).await?;
        if grant.is_none_or(|g| g.revoked_at.is_some()) {
            return Err(OAuthError::invalid_token(
                "the access token has been revoked",
            ));
        }
        match app.store.user_by_id(&claims.sub).await? {
            Some(u) if u.usable(now) => user = Some(u),
            _ => {
                return Err(OAuthError::invalid_token(
                    "the user's account is not active",
                ));
            }
        }
    }
    Ok(ValidAccessToken { claims, user })
}
