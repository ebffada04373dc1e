//! Upstream sign-ups waiting for the person to give and confirm an e-mail address
//! (`accounts.require_email`). Every step is one conditional statement: a code is sent only
//! while the row has sends left, a try is charged before the code is compared, and the row is
//! consumed by one DELETE naming the code, so parallel requests cannot share a try or a
//! sign-up.

use sqlx::FromRow;

use super::{Store, StoreError, StoreResult};

#[derive(Debug, Clone, FromRow)]
pub struct UpstreamSignup {
    pub token_hash: String,
    pub provider_id: String,
    pub subject: String,
    pub first_name: String,
    pub last_name: String,
    /// What the provider said, unverified: only a suggestion for the form.
    pub upstream_email: Option<String>,
    /// 1 when the provider is trusted for MFA and said the person used it.
    pub upstream_mfa: i64,
    pub request_id: Option<String>,
    /// The address a code was last sent to.
    pub email: Option<String>,
    pub code_hash: Option<String>,
    pub attempts: i64,
    pub sends: i64,
    pub created_at: i64,
    pub expires_at: i64,
}

const COLUMNS: &str = "token_hash, provider_id, subject, first_name, last_name, upstream_email, upstream_mfa, request_id, email, code_hash, attempts, sends, created_at, expires_at";

impl Store {
    pub async fn insert_upstream_signup(&self, s: &UpstreamSignup) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO upstream_signups (token_hash, provider_id, subject, first_name, last_name,
                upstream_email, upstream_mfa, request_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&s.token_hash)
        .bind(&s.provider_id)
        .bind(&s.subject)
        .bind(&s.first_name)
        .bind(&s.last_name)
        .bind(s.upstream_email.as_deref())
        .bind(s.upstream_mfa)
        .bind(s.request_id.as_deref())
        .bind(s.created_at)
        .bind(s.expires_at)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// The live sign-up a browser's token names.
    pub async fn upstream_signup(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<UpstreamSignup>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM upstream_signups WHERE token_hash = $1 AND expires_at > $2"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Records a new code for `email` (the old one stops working, its tries start over) if
    /// the sign-up is live and has sends left; `false` otherwise.
    pub async fn set_upstream_signup_code(
        &self,
        token_hash: &str,
        email: &str,
        code_hash: &str,
        max_sends: i64,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE upstream_signups SET email = $1, code_hash = $2, attempts = 0, sends = sends + 1
             WHERE token_hash = $3 AND expires_at > $4 AND sends < $5",
        )
        .bind(email)
        .bind(code_hash)
        .bind(token_hash)
        .bind(now)
        .bind(max_sends)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Uses up one try at the current code, if a code was sent and tries are left, and
    /// returns the row as it is now.
    pub async fn take_upstream_signup_attempt(
        &self,
        token_hash: &str,
        max_attempts: i64,
        now: i64,
    ) -> StoreResult<Option<UpstreamSignup>> {
        Ok(sqlx::query_as(sql!(
            "UPDATE upstream_signups SET attempts = attempts + 1
             WHERE token_hash = $1 AND code_hash IS NOT NULL AND attempts < $2 AND expires_at > $3
             RETURNING {COLUMNS}"
        ))
        .bind(token_hash)
        .bind(max_attempts)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Consumes the sign-up if its current code is still `code_hash` (another request may
    /// have used it, or a new code replaced it): only one caller gets the row.
    pub async fn take_upstream_signup(
        &self,
        token_hash: &str,
        code_hash: &str,
    ) -> StoreResult<Option<UpstreamSignup>> {
        Ok(sqlx::query_as(sql!(
            "DELETE FROM upstream_signups WHERE token_hash = $1 AND code_hash = $2
             RETURNING {COLUMNS}"
        ))
        .bind(token_hash)
        .bind(code_hash)
        .fetch_optional(&self.pool)
        .await?)
    }
}
