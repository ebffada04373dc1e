//! Everything between a sign-in and a token: pending authorization requests, remembered
//! consents, authorization codes, grants (token families), refresh tokens and revoked access
//! tokens.

use sqlx::FromRow;

use super::{Store, StoreError, StoreResult, json_list, parse_json_list};

/// An /authorize request parked while the user signs in or consents.
#[derive(Debug, Clone, FromRow)]
pub struct AuthorizationRequestRow {
    pub id: String,
    pub client_id: String,
    /// The validated request, JSON.
    pub params: String,
    pub created_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone)]
pub struct AuthorizationCode {
    pub code_hash: String,
    pub client_id: String,
    pub user_id: String,
    pub session_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub auth_time: i64,
    pub amr: Vec<String>,
    /// The upstream provider of the session the code was issued from.
    pub idp: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    /// The grant that redeeming this code creates: fixed up front so that a replayed code
    /// can revoke what the first redemption issued.
    pub grant_id: String,
    /// Acting for `user_id` under an authority: who acts, and the authority.
    pub acting: Option<ActingIds>,
}

/// Who acts for a token's subject, and under which authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActingIds {
    pub actor_id: String,
    pub authority_id: String,
}

impl ActingIds {
    pub(super) fn from_columns(
        actor_id: Option<String>,
        authority_id: Option<String>,
    ) -> Option<Self> {
        Some(Self {
            actor_id: actor_id?,
            authority_id: authority_id?,
        })
    }
}

#[derive(FromRow)]
struct CodeRow {
    code_hash: String,
    client_id: String,
    user_id: String,
    session_id: String,
    redirect_uri: String,
    scope: String,
    nonce: Option<String>,
    code_challenge: Option<String>,
    auth_time: i64,
    amr: String,
    idp: Option<String>,
    created_at: i64,
    expires_at: i64,
    grant_id: Option<String>,
    actor_id: Option<String>,
    authority_id: Option<String>,
}

impl CodeRow {
    fn into_code(self) -> StoreResult<AuthorizationCode> {
        Ok(AuthorizationCode {
            amr: parse_json_list(&self.amr)?,
            grant_id: self
                .grant_id
                .ok_or_else(|| StoreError::Corrupt("code without grant id".into()))?,
            acting: ActingIds::from_columns(self.actor_id, self.authority_id),
            code_hash: self.code_hash,
            client_id: self.client_id,
            user_id: self.user_id,
            session_id: self.session_id,
            redirect_uri: self.redirect_uri,
            scope: self.scope,
            nonce: self.nonce,
            code_challenge: self.code_challenge,
            auth_time: self.auth_time,
            idp: self.idp,
            created_at: self.created_at,
            expires_at: self.expires_at,
        })
    }
}

pub struct NewGrant {
    pub id: String,
    pub client_id: String,
    pub user_id: String,
    pub session_id: Option<String>,
    pub scope: String,
    pub auth_time: i64,
    pub amr: Vec<String>,
    pub idp: Option<String>,
    pub acting: Option<ActingIds>,
    pub now: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct Grant {
    pub id: String,
    pub client_id: String,
    pub user_id: String,
    pub session_id: Option<String>,
    pub scope: String,
    pub auth_time: i64,
    pub amr: String,
    pub idp: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub actor_id: Option<String>,
    pub authority_id: Option<String>,
}

impl Grant {
    pub fn amr_list(&self) -> Vec<String> {
        serde_json::from_str(&self.amr).unwrap_or_default()
    }

    pub fn acting(&self) -> Option<ActingIds> {
        ActingIds::from_columns(self.actor_id.clone(), self.authority_id.clone())
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct RefreshToken {
    pub token_hash: String,
    pub grant_id: String,
    pub scope: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// The outcome of presenting an authorization code.
pub enum ConsumeCode {
    /// First use by its client: the code is now marked used (one conditional UPDATE).
    Fresh(Box<AuthorizationCode>),
    /// Already used: the caller revokes this grant (RFC 6749 §4.1.2).
    Replayed(Box<AuthorizationCode>),
    /// Issued to another client: left untouched, so the rightful client can still use it.
    WrongClient,
    Unknown,
}

/// The outcome of presenting a refresh token.
pub enum RotateRefresh {
    /// First use by its client: now marked used; the caller stores the next token.
    Fresh(Box<(RefreshToken, Grant)>),
    /// A rotated-away token came back: the family is compromised.
    Reused {
        grant_id: String,
    },
    /// Issued to another client: left untouched.
    WrongClient,
    Unknown,
}

const GRANT_COLUMNS: &str = "id, client_id, user_id, session_id, scope, auth_time, amr, idp, created_at, \
     revoked_at, actor_id, authority_id";

impl Store {
    pub async fn insert_authorization_request(
        &self,
        row: &AuthorizationRequestRow,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO authorization_requests (id, client_id, params, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&row.id)
        .bind(&row.client_id)
        .bind(&row.params)
        .bind(row.created_at)
        .bind(row.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn authorization_request(
        &self,
        id: &str,
    ) -> StoreResult<Option<AuthorizationRequestRow>> {
        Ok(sqlx::query_as(
            "SELECT id, client_id, params, created_at, expires_at FROM authorization_requests WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Rewrites a parked request's parameters (the user answered a question it raised, such
    /// as whom they act for). `false` when it is gone.
    pub async fn update_authorization_request(&self, id: &str, params: &str) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE authorization_requests SET params = $1 WHERE id = $2")
            .bind(params)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a parked request; `false` if another request already finished it.
    pub async fn take_authorization_request(&self, id: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM authorization_requests WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn consented_scopes(
        &self,
        user_id: &str,
        client_id: &str,
    ) -> StoreResult<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT scopes FROM consents WHERE user_id = $1 AND client_id = $2")
                .bind(user_id)
                .bind(client_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(s,)| s))
    }

    pub async fn save_consent(
        &self,
        user_id: &str,
        client_id: &str,
        scopes: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO consents (user_id, client_id, scopes, granted_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, client_id) DO UPDATE SET scopes = excluded.scopes, granted_at = excluded.granted_at",
        )
        .bind(user_id)
        .bind(client_id)
        .bind(scopes)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The clients a user has consented to, with their names: (client id, name, scopes, when).
    pub async fn consents_of_user(
        &self,
        user_id: &str,
    ) -> StoreResult<Vec<(String, String, String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.name, k.scopes, k.granted_at FROM consents k JOIN clients c ON c.id = k.client_id
             WHERE k.user_id = $1 ORDER BY c.name, c.id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Forgets a consent and revokes every grant the user gave the client.
    pub async fn revoke_consent(
        &self,
        user_id: &str,
        client_id: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM consents WHERE user_id = $1 AND client_id = $2")
            .bind(user_id)
            .bind(client_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE grants SET revoked_at = $1 WHERE user_id = $2 AND client_id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(user_id)
            .bind(client_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.standing_changed();
        Ok(done.rows_affected() > 0)
    }

    pub async fn insert_code(&self, code: &AuthorizationCode) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO authorization_codes (code_hash, client_id, user_id, session_id, redirect_uri, scope, nonce,
                 code_challenge, auth_time, amr, created_at, expires_at, grant_id, idp, actor_id, authority_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(&code.code_hash)
        .bind(&code.client_id)
        .bind(&code.user_id)
        .bind(&code.session_id)
        .bind(&code.redirect_uri)
        .bind(&code.scope)
        .bind(code.nonce.as_deref())
        .bind(code.code_challenge.as_deref())
        .bind(code.auth_time)
        .bind(json_list(&code.amr))
        .bind(code.created_at)
        .bind(code.expires_at)
        .bind(&code.grant_id)
        .bind(code.idp.as_deref())
        .bind(code.acting.as_ref().map(|a| a.actor_id.as_str()))
        .bind(code.acting.as_ref().map(|a| a.authority_id.as_str()))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks the code used with one conditional UPDATE; whoever changes the row wins. No
    /// transaction is held while the caller signs tokens.
    pub async fn consume_code(
        &self,
        code_hash: &str,
        client_id: &str,
        now: i64,
    ) -> StoreResult<ConsumeCode> {
        let columns = "code_hash, client_id, user_id, session_id, redirect_uri, scope, nonce, code_challenge, \
                       auth_time, amr, idp, created_at, expires_at, grant_id, actor_id, authority_id";
        let won: Option<CodeRow> = sqlx::query_as(sql!(
            "UPDATE authorization_codes SET consumed_at = $1
             WHERE code_hash = $2 AND client_id = $3 AND consumed_at IS NULL
             RETURNING {columns}"
        ))
        .bind(now)
        .bind(code_hash)
        .bind(client_id)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = won {
            return Ok(ConsumeCode::Fresh(Box::new(row.into_code()?)));
        }
        let existing: Option<CodeRow> = sqlx::query_as(sql!(
            "SELECT {columns} FROM authorization_codes WHERE code_hash = $1"
        ))
        .bind(code_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match existing {
            None => ConsumeCode::Unknown,
            Some(row) if row.client_id != client_id => ConsumeCode::WrongClient,
            Some(row) => ConsumeCode::Replayed(Box::new(row.into_code()?)),
        })
    }

    /// Writes the grant a redeemed code creates. `Conflict` when a replay of the code got
    /// there first and left a revoked grant in its place.
    pub async fn insert_grant(&self, grant: &NewGrant) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO grants (id, client_id, user_id, session_id, scope, auth_time, amr, created_at, idp,
                 actor_id, authority_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&grant.id)
        .bind(&grant.client_id)
        .bind(&grant.user_id)
        .bind(grant.session_id.as_deref())
        .bind(&grant.scope)
        .bind(grant.auth_time)
        .bind(json_list(&grant.amr))
        .bind(grant.now)
        .bind(grant.idp.as_deref())
        .bind(grant.acting.as_ref().map(|a| a.actor_id.as_str()))
        .bind(grant.acting.as_ref().map(|a| a.authority_id.as_str()))
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Revokes what a replayed code issued. If its first redemption has not written the grant
    /// yet, writes it already revoked, so that redemption fails instead of issuing live tokens.
    pub async fn revoke_grant_of_code(
        &self,
        code: &AuthorizationCode,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO grants (id, client_id, user_id, session_id, scope, auth_time, amr, created_at, revoked_at, idp,
                 actor_id, authority_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11)
             ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at
             WHERE grants.revoked_at IS NULL",
        )
        .bind(&code.grant_id)
        .bind(&code.client_id)
        .bind(&code.user_id)
        .bind(&code.session_id)
        .bind(&code.scope)
        .bind(code.auth_time)
        .bind(json_list(&code.amr))
        .bind(now)
        .bind(code.idp.as_deref())
        .bind(code.acting.as_ref().map(|a| a.actor_id.as_str()))
        .bind(code.acting.as_ref().map(|a| a.authority_id.as_str()))
        .execute(&self.pool)
        .await?;
        self.standing_changed();
        Ok(())
    }

    pub async fn grant_by_id(&self, id: &str) -> StoreResult<Option<Grant>> {
        Ok(
            sqlx::query_as(sql!("SELECT {GRANT_COLUMNS} FROM grants WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Revokes a grant: its refresh tokens stop working and its access tokens fail
    /// introspection and userinfo. Also records the revocation for a grant not written yet
    /// (a code replayed while its first redemption is still committing).
    pub async fn revoke_grant(&self, id: &str, now: i64) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE grants SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(&self.pool)
                .await?;
        self.standing_changed();
        Ok(done.rows_affected() > 0)
    }

    /// Ends the grants a session's sign-in created, except offline ones, which outlive it.
    pub async fn revoke_online_grants_of_session(
        &self,
        session_id: &str,
        now: i64,
    ) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE grants SET revoked_at = $1
             WHERE session_id = $2 AND revoked_at IS NULL AND scope NOT LIKE '%offline_access%'",
        )
        .bind(now)
        .bind(session_id)
        .execute(&self.pool)
        .await?;
        self.standing_changed();
        Ok(done.rows_affected())
    }

    /// Revokes every grant of the user except those signed in through `keep_session`: after a
    /// password change, whoever knew the old password loses even their offline tokens.
    pub async fn revoke_grants_of_user_except_session(
        &self,
        user_id: &str,
        keep_session: &str,
        now: i64,
    ) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE grants SET revoked_at = $1
             WHERE ((user_id = $2 AND actor_id IS NULL) OR actor_id = $2) AND revoked_at IS NULL
               AND (session_id IS NULL OR session_id <> $3)",
        )
        .bind(now)
        .bind(user_id)
        .bind(keep_session)
        .execute(&self.pool)
        .await?;
        self.standing_changed();
        Ok(done.rows_affected())
    }

    pub async fn revoke_grants_of_user(&self, user_id: &str, now: i64) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE grants SET revoked_at = $1 WHERE (user_id = $2 OR actor_id = $2) AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        self.standing_changed();
        Ok(done.rows_affected())
    }

    /// Marks a refresh token used with one conditional UPDATE (only when it belongs to
    /// `client_id`), then loads its grant.
    pub async fn consume_refresh_token(
        &self,
        token_hash: &str,
        client_id: &str,
        now: i64,
    ) -> StoreResult<RotateRefresh> {
        let won: Option<RefreshToken> = sqlx::query_as(
            "UPDATE refresh_tokens SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL
               AND grant_id IN (SELECT id FROM grants WHERE client_id = $3)
             RETURNING token_hash, grant_id, scope, created_at, expires_at, used_at",
        )
        .bind(now)
        .bind(token_hash)
        .bind(client_id)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(token) = won {
            let grant = self
                .grant_by_id(&token.grant_id)
                .await?
                .ok_or_else(|| StoreError::Corrupt("refresh token without grant".into()))?;
            return Ok(RotateRefresh::Fresh(Box::new((token, grant))));
        }
        Ok(match self.refresh_token_by_hash(token_hash).await? {
            None => RotateRefresh::Unknown,
            Some((_, grant)) if grant.client_id != client_id => RotateRefresh::WrongClient,
            Some((token, _)) => RotateRefresh::Reused {
                grant_id: token.grant_id,
            },
        })
    }

    /// Stores a refresh token of a grant.
    pub async fn insert_refresh_token(
        &self,
        grant_id: &str,
        refresh: &NewRefresh<'_>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, grant_id, scope, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(refresh.token_hash)
        .bind(grant_id)
        .bind(refresh.scope)
        .bind(refresh.now)
        .bind(refresh.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn refresh_token_by_hash(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<(RefreshToken, Grant)>> {
        let token: Option<RefreshToken> = sqlx::query_as(
            "SELECT token_hash, grant_id, scope, created_at, expires_at, used_at FROM refresh_tokens WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(token) = token else { return Ok(None) };
        let grant = self.grant_by_id(&token.grant_id).await?;
        Ok(grant.map(|g| (token, g)))
    }

    pub async fn revoke_access_token(&self, jti: &str, expires_at: i64) -> StoreResult<()> {
        sqlx::query("INSERT INTO revoked_access_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING")
            .bind(jti)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        self.standing_changed();
        Ok(())
    }

    /// Deletes what has expired everywhere; run periodically by any node.
    pub async fn purge_expired(&self, now: i64) -> StoreResult<()> {
        for sql in [
            "DELETE FROM authorization_requests WHERE expires_at < $1",
            "DELETE FROM authorization_codes WHERE expires_at < $1 - 86400",
            "DELETE FROM sessions WHERE expires_at < $1",
            "DELETE FROM refresh_tokens WHERE expires_at < $1",
            "DELETE FROM revoked_access_tokens WHERE expires_at < $1",
            "DELETE FROM rate_limits WHERE blocked_until < $1 AND window_start < $1 - 86400",
            "DELETE FROM email_verifications WHERE expires_at < $1 - 86400",
            "DELETE FROM password_resets WHERE expires_at < $1 - 86400",
            "DELETE FROM mfa_challenges WHERE expires_at < $1",
            "DELETE FROM totp_enrollments WHERE expires_at < $1",
            "DELETE FROM upstream_states WHERE expires_at < $1",
            "DELETE FROM upstream_link_offers WHERE expires_at < $1",
            "DELETE FROM upstream_signups WHERE expires_at < $1",
            "DELETE FROM phone_codes WHERE expires_at < $1 - 86400",
        ] {
            sqlx::query(sql).bind(now).execute(&self.pool).await?;
        }
        Ok(())
    }
}

pub struct NewRefresh<'a> {
    pub token_hash: &'a str,
    pub scope: &'a str,
    pub now: i64,
    pub expires_at: i64,
}
