//! `grant_type=urn:ietf:params:oauth:grant-type:token-exchange` (RFC 8693) for delegation
//! server-side: a confidential client holding an access token of the represented user
//! (`subject_token`) and one of the user who acts (`actor_token`), both issued to this
//! client, gets an access token with `sub` = the represented user and `act` = the actor.
//! Only an authority the represented user gave the actor, covering this client and in
//! force, allows it; impersonation (no actor token) is never offered.
//!
//! Every refusal is `invalid_request` as §2.2.2 asks ("either the subject_token or
//! actor_token are invalid for any reason, or are unacceptable based on policy"), except a
//! foreign `audience`/`resource` (`invalid_target`) and a client not registered for the
//! grant (`unauthorized_client`, checked by the dispatcher).

use super::TokenRequest;
use crate::App;
use crate::delegation;
use crate::domain::{Client, Scope, ScopeSet};
use crate::oauth::access_token::{self, ValidAccessToken};
use crate::oauth::claims::{AccessSubject, TokenResponse, UserTokenContext, mint_access_token};
use crate::oauth::error::{ErrorCode, OAuthError};
use crate::store::{NewGrant, StoreError};

pub const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

/// A presented token, checked: ours, live, a user's, issued to this client, not itself
/// issued while acting (no chains of actors).
async fn user_token(
    app: &App,
    client: &Client,
    which: &str,
    token: Option<&str>,
    token_type: Option<&str>,
) -> Result<ValidAccessToken, OAuthError> {
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OAuthError::invalid_request(format!("{which} is required")))?;
    match token_type {
        Some(ACCESS_TOKEN_TYPE) => {}
        None => {
            return Err(OAuthError::invalid_request(format!(
                "{which}_type is required"
            )));
        }
        Some(_) => {
            return Err(OAuthError::invalid_request(format!(
                "{which}_type must be {ACCESS_TOKEN_TYPE}"
            )));
        }
    }
    let valid = match access_token::validate(app, token).await {
        Ok(valid) => valid,
        Err(e) if e.code == ErrorCode::ServerError => return Err(e),
        Err(_) => {
            return Err(OAuthError::invalid_request(format!(
                "the {which} is not valid"
            )));
        }
    };
    if valid.claims.client_id != client.id {
        return Err(OAuthError::invalid_request(format!(
            "the {which} was issued to another client"
        )));
    }
    if valid.claims.gid.is_none() || valid.user.is_none() {
        return Err(OAuthError::invalid_request(format!(
            "the {which} does not stand for a user"
        )));
    }
    if valid.acting.is_some() {
        return Err(OAuthError::invalid_request(format!(
            "the {which} was itself issued to someone acting for another user"
        )));
    }
    Ok(valid)
}

pub async fn exchange(
    app: &App,
    client: &Client,
    request: TokenRequest,
) -> Result<TokenResponse, OAuthError> {
    if client.is_public() {
        return Err(OAuthError::unauthorized_client(
            "public clients cannot use token exchange",
        ));
    }
    if request
        .requested_token_type
        .as_deref()
        .is_some_and(|t| t != ACCESS_TOKEN_TYPE)
    {
        return Err(OAuthError::invalid_request(format!(
            "only {ACCESS_TOKEN_TYPE} can be issued"
        )));
    }
    for target in [&request.audience, &request.resource].into_iter().flatten() {
        if target != &client.id && target != &app.settings.issuer {
            return Err(OAuthError::new(
                ErrorCode::InvalidTarget,
                "tokens are issued only for the requesting client",
            ));
        }
    }
    if request.actor_token.as_deref().is_none_or(str::is_empty) {
        return Err(OAuthError::invalid_request(
            "actor_token is required: Gatehouse delegates, it does not impersonate",
        ));
    }
    let subject = user_token(
        app,
        client,
        "subject_token",
        request.subject_token.as_deref(),
        request.subject_token_type.as_deref(),
    )
    .await?;
    let actor = user_token(
        app,
        client,
        "actor_token",
        request.actor_token.as_deref(),
        request.actor_token_type.as_deref(),
    )
    .await?;
    let granter_id = &subject.claims.sub;
    let holder_id = &actor.claims.sub;
    // The authority: one the subject gave the actor, in force, for this client.
    let mut acting = None;
    for a in app
        .store
        .authorities_of_user(holder_id, delegation::MAX_GIVEN * 2)
        .await?
    {
        if &a.granter_id != granter_id || &a.holder_id != holder_id {
            continue;
        }
        if let Some(found) = delegation::usable(app, &a.id, holder_id, Some(&client.id)).await? {
            acting = Some(found);
            break;
        }
    }
    let acting = acting.ok_or_else(|| {
        OAuthError::invalid_request(
            "the actor holds no authority from the subject that covers this client",
        )
    })?;
    // The scope: what the subject token carries, or less; never a refresh token.
    let carried =
        ScopeSet::parse(&subject.claims.scope).map_err(|e| OAuthError::server_error(e.0))?;
    let scopes = match request.scope.as_deref().filter(|s| !s.is_empty()) {
        None => carried,
        Some(raw) => {
            let asked = ScopeSet::parse(raw).map_err(|e| OAuthError::invalid_scope(e.0))?;
            if !asked.is_subset(&carried) {
                return Err(OAuthError::invalid_scope(
                    "the exchanged token cannot carry more than the subject token",
                ));
            }
            asked
        }
    };
    let scopes = ScopeSet::from_scopes(
        scopes
            .iter()
            .filter(|s| *s != Scope::OFFLINE_ACCESS && s.capability().is_none()),
    );
    let now = app.clock.now();
    let grant_id = uuid::Uuid::new_v4().to_string();
    let auth_time = actor.claims.auth_time.unwrap_or(now);
    let grant = NewGrant {
        id: grant_id.clone(),
        client_id: client.id.clone(),
        user_id: acting.subject.id.clone(),
        session_id: None,
        scope: scopes.to_string(),
        auth_time,
        amr: Vec::new(),
        idp: None,
        acting: Some(acting.ids()),
        now,
    };
    match app.store.insert_grant(&grant).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => return Err(OAuthError::server_error("grant id collision")),
        Err(e) => return Err(e.into()),
    }
    delegation::record_use(app, &acting, &client.id, "token exchange", "token endpoint").await?;
    let ctx = UserTokenContext {
        user: &acting.subject,
        client_id: &client.id,
        scopes: &scopes,
        auth_time,
        amr: &[],
        idp: None,
        session_id: None,
        grant_id: &grant_id,
        nonce: None,
        acting: Some(&acting),
    };
    let scope = scopes.to_string();
    let access = mint_access_token(app, AccessSubject::User(&ctx), &client.id, &scope).await?;
    Ok(TokenResponse {
        access_token: access.token,
        issued_token_type: Some(ACCESS_TOKEN_TYPE),
        token_type: "Bearer",
        expires_in: app.settings.tokens.access_token_ttl_secs,
        scope,
        id_token: None,
        refresh_token: None,
    })
}
