//! The UserInfo endpoint (OIDC Core §5.3): claims about the token's user, by granted scope.
//! While someone acts for the user, `act` says who.

use serde_json::Value;

use super::access_token;
use super::claims::user_claims;
use super::error::{ErrorCode, OAuthError};
use crate::App;
use crate::domain::{Scope, ScopeSet};

pub async fn userinfo(app: &App, bearer: &str) -> Result<Value, OAuthError> {
    let token = access_token::validate(app, bearer).await?;
    let scopes = ScopeSet::parse(&token.claims.scope).unwrap_or_default();
    let Some(user) = token.user.filter(|_| scopes.contains(Scope::OPENID)) else {
        return Err(OAuthError::new(
            ErrorCode::InvalidToken,
            "the access token was not issued for OpenID Connect (no openid scope)",
        ));
    };
    Ok(Value::Object(user_claims(
        &user,
        &scopes,
        token.acting.as_ref(),
    )))
}
