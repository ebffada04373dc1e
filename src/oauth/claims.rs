//! What goes into ID tokens, access tokens (RFC 9068) and userinfo, and the minting of the
//! two JWTs. Signing runs on the CPU pool: RSA is too slow for the async executor.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::error::OAuthError;
use crate::App;
use crate::crypto::jwt::{self, TYP_ACCESS_TOKEN, TYP_ID_TOKEN};
use crate::crypto::keys::SigningAlg;
use crate::crypto::token::{b64url, random_id};
use crate::delegation::Acting;
use crate::domain::{Scope, ScopeSet, User};

/// RFC 8693 §4.1: who acts for the token's subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActClaim {
    pub sub: String,
}

/// The claims of our access tokens (RFC 9068 §2.2), as issued and as read back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    pub client_id: String,
    pub scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The authentication context class the user's sign-in reached (RFC 9068 §2.2.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    /// The upstream provider the user signed in through (our provider id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privileges: Option<Vec<String>>,
    /// Acting for `sub` under an authority (RFC 8693 §4.1): the actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<ActClaim>,
    /// The grant (token family) this token belongs to: revoking the grant revokes the token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gid: Option<String>,
}

/// A token issued on behalf of a user, with what the claims need to know.
pub struct UserTokenContext<'a> {
    pub user: &'a User,
    pub client_id: &'a str,
    pub scopes: &'a ScopeSet,
    pub auth_time: i64,
    pub amr: &'a [String],
    pub idp: Option<&'a str>,
    pub session_id: Option<&'a str>,
    pub grant_id: &'a str,
    pub nonce: Option<&'a str>,
    /// Set when the holder of an authority acts for `user` (then the subject).
    pub acting: Option<&'a Acting>,
}

impl UserTokenContext<'_> {
    /// The privileges the tokens carry: the user's, or while acting what the authority allows.
    fn privileges(&self) -> Vec<String> {
        match self.acting {
            Some(acting) => acting.privileges(),
            None => self.user.privileges.clone(),
        }
    }
}

pub struct MintedAccessToken {
    pub token: String,
    pub claims: AccessClaims,
}

/// Claims about the user released by scope (OIDC Core §5.4), shared by ID token and userinfo.
/// While someone acts for `user`, `privileges` are what the authority allows and `act` names
/// the actor.
pub fn user_claims(user: &User, scopes: &ScopeSet, acting: Option<&Acting>) -> Map<String, Value> {
    let mut claims = Map::new();
    claims.insert("sub".into(), json!(user.id));
    if let Some(acting) = acting {
        claims.insert("act".into(), json!({ "sub": acting.actor.id }));
    }
    // No address, no e-mail claims at all (OIDC Core §5.4: absent, not empty).
    if scopes.contains(Scope::EMAIL)
        && let Some(email) = &user.email
    {
        claims.insert("email".into(), json!(email.as_str()));
        claims.insert("email_verified".into(), json!(user.email_verified));
    }
    // OIDC Core §5.4: the `phone` scope releases `phone_number` (E.164) and
    // `phone_number_verified`; no number, no claims.
    if scopes.contains(Scope::PHONE)
        && let Some(phone) = &user.phone
    {
        claims.insert("phone_number".into(), json!(phone.as_str()));
        claims.insert("phone_number_verified".into(), json!(user.phone_verified));
    }
    if scopes.contains(Scope::PROFILE) {
        claims.insert("name".into(), json!(user.display_name()));
        if let Some(username) = &user.username {
            claims.insert("preferred_username".into(), json!(username));
        }
        if !user.nickname.is_empty() {
            claims.insert("nickname".into(), json!(user.nickname));
        }
        let d = &user.details;
        for (claim, value) in [
            ("given_name", &user.first_name),
            ("family_name", &user.last_name),
            ("zoneinfo", &d.timezone),
            ("locale", &d.language),
            ("organization", &d.organization),
            ("date_format", &d.date_format),
        ] {
            if !value.is_empty() {
                claims.insert(claim.into(), json!(value));
            }
        }
    }
    if scopes.contains(Scope::ADDRESS) {
        // OIDC Core §5.1.1: `region` is the state or province, `locality` the city.
        let d = &user.details;
        let mut address = Map::new();
        for (field, value) in [
            ("country", &d.country),
            ("region", &d.subdivision_first),
            ("locality", &d.subdivision_third),
        ] {
            if !value.is_empty() {
                address.insert(field.into(), json!(value));
            }
        }
        if !address.is_empty() {
            claims.insert("address".into(), Value::Object(address));
        }
    }
    if scopes.contains(Scope::PRIVILEGES) {
        let privileges = acting.map_or_else(|| user.privileges.clone(), Acting::privileges);
        claims.insert("privileges".into(), json!(privileges));
    }
    claims
}

async fn sign(app: &App, typ: &'static str, claims: Value) -> Result<String, OAuthError> {
    let key = app.keys.signing_key(app.keys.default_alg)?;
    Ok(app
        .cpu
        .run_short(move || jwt::sign(&key, typ, &claims))
        .await)
}

/// Whom an access token speaks for.
pub enum AccessSubject<'a> {
    /// A user, signed in (or acted for) through a grant.
    User(&'a UserTokenContext<'a>),
    /// A client acting for itself (client_credentials): `sub` is the client.
    Client,
    /// A service account's client (client_credentials): `sub` is the account, and its
    /// privileges ride along.
    ServiceAccount(&'a User),
}

pub async fn mint_access_token(
    app: &App,
    subject: AccessSubject<'_>,
    client_id: &str,
    scope: &str,
) -> Result<MintedAccessToken, OAuthError> {
    let now = app.clock.now();
    let user = match subject {
        AccessSubject::User(ctx) => Some(ctx),
        _ => None,
    };
    let (sub, service_privileges) = match subject {
        AccessSubject::User(ctx) => (ctx.user.id.clone(), None),
        AccessSubject::Client => (client_id.to_string(), None),
        AccessSubject::ServiceAccount(account) => {
            (account.id.clone(), Some(account.privileges.clone()))
        }
    };
    let claims = AccessClaims {
        iss: app.settings.issuer.clone(),
        sub,
        aud: client_id.to_string(),
        exp: now + app.settings.tokens.access_token_ttl_secs,
        iat: now,
        jti: random_id(),
        client_id: client_id.to_string(),
        scope: scope.to_string(),
        auth_time: user.map(|u| u.auth_time),
        sid: user.and_then(|u| u.session_id.map(str::to_string)),
        acr: user.map(|u| crate::domain::acr_for(u.amr).to_string()),
        idp: user.and_then(|u| u.idp.map(str::to_string)),
        privileges: user
            .filter(|u| u.scopes.contains(Scope::PRIVILEGES))
            .map(|u| u.privileges())
            .or(service_privileges),
        act: user.and_then(|u| u.acting).map(|a| ActClaim {
            sub: a.actor.id.clone(),
        }),
        gid: user.map(|u| u.grant_id.to_string()),
    };
    let value = serde_json::to_value(&claims).map_err(OAuthError::server_error)?;
    let token = sign(app, TYP_ACCESS_TOKEN, value).await?;
    Ok(MintedAccessToken { token, claims })
}

/// The left half of the access token's hash (OIDC Core §3.1.3.6), with the hash that goes
/// with the signing algorithm: SHA-256 for RS256/ES256, SHA-512 for Ed25519.
fn at_hash(alg: SigningAlg, access_token: &str) -> String {
    use aws_lc_rs::digest;
    let algorithm = match alg {
        SigningAlg::RS256 | SigningAlg::ES256 => &digest::SHA256,
        SigningAlg::EdDSA => &digest::SHA512,
    };
    let hash = digest::digest(algorithm, access_token.as_bytes());
    let bytes = hash.as_ref();
    b64url(&bytes[..bytes.len() / 2])
}

pub async fn mint_id_token(
    app: &App,
    ctx: &UserTokenContext<'_>,
    access_token: &str,
) -> Result<String, OAuthError> {
    let now = app.clock.now();
    let mut claims = user_claims(ctx.user, ctx.scopes, ctx.acting);
    claims.insert("iss".into(), json!(app.settings.issuer));
    claims.insert("aud".into(), json!(ctx.client_id));
    claims.insert("azp".into(), json!(ctx.client_id));
    claims.insert(
        "exp".into(),
        json!(now + app.settings.tokens.id_token_ttl_secs),
    );
    claims.insert("iat".into(), json!(now));
    claims.insert("auth_time".into(), json!(ctx.auth_time));
    claims.insert("amr".into(), json!(ctx.amr));
    claims.insert("acr".into(), json!(crate::domain::acr_for(ctx.amr)));
    if let Some(idp) = ctx.idp {
        claims.insert("idp".into(), json!(idp));
    }

    claims.insert(
        "at_hash".into(),
        json!(at_hash(app.keys.default_alg, access_token)),
    );
    if let Some(nonce) = ctx.nonce {
        claims.insert("nonce".into(), json!(nonce));
    }
    if let Some(sid) = ctx.session_id {
        claims.insert("sid".into(), json!(sid));
    }
    sign(app, TYP_ID_TOKEN, Value::Object(claims)).await
}

/// The token endpoint's success body (RFC 6749 §5.1).
#[derive(Debug, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    /// RFC 8693 §2.2.1: what a token exchange issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued_token_type: Option<&'static str>,
    pub token_type: &'static str,
    pub expires_in: i64,
    /// Left out when nothing was granted (RFC 6749 §5.1 makes it optional).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// Access token, ID token (when `openid` was granted) for a user.
pub async fn user_tokens(
    app: &App,
    ctx: &UserTokenContext<'_>,
) -> Result<TokenResponse, OAuthError> {
    let scope = ctx.scopes.to_string();
    let access = mint_access_token(app, AccessSubject::User(ctx), ctx.client_id, &scope).await?;
    let id_token = if ctx.scopes.contains(Scope::OPENID) {
        Some(mint_id_token(app, ctx, &access.token).await?)
    } else {
        None
    };
    Ok(TokenResponse {
        access_token: access.token,
        issued_token_type: None,
        token_type: "Bearer",
        expires_in: app.settings.tokens.access_token_ttl_secs,
        scope,
        id_token,
        refresh_token: None,
    })
}
