//! Reading back an access token we issued: signature, type, issuer, expiry, and then the
//! database's word, in one statement, on revocation (the token's own jti, its client, its
//! grant) and the user's status; for a token issued while acting for someone, also the
//! authority's. Used by userinfo and introspection.

use super::claims::AccessClaims;
use super::error::OAuthError;
use crate::App;
use crate::crypto::jwt::{self, Expectations, TYP_ACCESS_TOKEN, VerifyError};
use crate::delegation::{self, Acting};
use crate::domain::User;

pub struct ValidAccessToken {
    pub claims: AccessClaims,
    /// The user, for tokens issued on a user's behalf (the subject, when someone acts).
    pub user: Option<User>,
    /// Who acts for the user, under which authority, when someone does.
    pub acting: Option<Acting>,
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
    // A token of a user (through a grant, or a service account's own) carries the user as
    // its subject; a client's own token has the client as its subject and no user.
    let user_id = (claims.gid.is_some() || claims.sub != claims.client_id).then_some(&claims.sub);
    let found = app
        .store
        .token_standing(
            &claims.jti,
            &claims.client_id,
            claims.gid.as_deref(),
            user_id.map(String::as_str),
        )
        .await?;
    let revoked = || OAuthError::invalid_token("the access token has been revoked");
    // A deleted client's tokens die with it, at once rather than at expiry.
    if !found.standing {
        return Err(revoked());
    }
    let inactive = || OAuthError::invalid_token("the user's account is not active");
    let (mut user, mut acting) = (None, None);
    if claims.gid.is_some() {
        let grant = match found.grant {
            Some(g) if !g.revoked => g,
            _ => return Err(revoked()),
        };
        match found.user {
            Some(u) if u.usable(now) => user = Some(u),
            _ => return Err(inactive()),
        }
        if let Some(ids) = grant.acting {
            acting = Some(
                delegation::usable(
                    app,
                    &ids.authority_id,
                    &ids.actor_id,
                    Some(&claims.client_id),
                )
                .await?
                .ok_or_else(|| {
                    OAuthError::invalid_token(
                        "the authority this token was issued under is no longer in force",
                    )
                })?,
            );
        }
    } else if user_id.is_some() {
        // A service account's token: it dies with the account's deactivation.
        match found.user {
            Some(u) if u.usable(now) && u.is_service_account() => user = Some(u),
            _ => return Err(inactive()),
        }
    }
    Ok(ValidAccessToken {
        claims,
        user,
        acting,
    })
}
