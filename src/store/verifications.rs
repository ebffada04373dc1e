//! E-mail verifications and password resets: single-use, expiring proofs, stored hashed.

use sqlx::FromRow;

use super::{Store, StoreResult};

pub struct NewVerification<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub email: &'a str,
    pub purpose: &'a str,
    pub code_hash: &'a str,
    pub link_token_hash: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct Verification {
    pub id: String,
    pub user_id: String,
    pub email: String,
    pub purpose: String,
    pub code_hash: String,
    pub attempts: i64,
    pub created_at: i64,
    pub expires_at: i64,
}

const COLUMNS: &str = "id, user_id, email, purpose, code_hash, attempts, created_at, expires_at";

impl Store {
    /// Stores a verification, superseding the user's earlier pending ones of the same purpose
    /// (only the newest message's code works).
    pub async fn insert_verification(&self, v: &NewVerification<'_>) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE email_verifications SET consumed_at = $1 WHERE user_id = $2 AND purpose = $3 AND consumed_at IS NULL",
        )
        .bind(v.now)
        .bind(v.user_id)
        .bind(v.purpose)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO email_verifications (id, user_id, email, purpose, code_hash, link_token_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(v.id)
        .bind(v.user_id)
        .bind(v.email)
        .bind(v.purpose)
        .bind(v.code_hash)
        .bind(v.link_token_hash)
        .bind(v.now)
        .bind(v.expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live verification for an address and purpose, if any.
    pub async fn pending_verification(
        &self,
        email: &str,
        purpose: &str,
        now: i64,
    ) -> StoreResult<Option<Verification>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM email_verifications
             WHERE email = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3
             ORDER BY created_at DESC LIMIT 1"
        ))
        .bind(email)
        .bind(purpose)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The user's live verification of a purpose (for a signed-in user changing address).
    pub async fn pending_verification_of_user(
        &self,
        user_id: &str,
        purpose: &str,
        now: i64,
    ) -> StoreResult<Option<Verification>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM email_verifications
             WHERE user_id = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3
             ORDER BY created_at DESC LIMIT 1"
        ))
        .bind(user_id)
        .bind(purpose)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn verification_by_link(
        &self,
        link_token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<Verification>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM email_verifications
             WHERE link_token_hash = $1 AND consumed_at IS NULL AND expires_at > $2"
        ))
        .bind(link_token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Uses up one try of a verification if it has any left; `false` when none is left.
    pub async fn take_verification_attempt(
        &self,
        id: &str,
        max_attempts: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE email_verifications SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2")
            .bind(id)
            .bind(max_attempts)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Uses a verification up; `false` if it was already used (the other request won).
    pub async fn consume_verification(&self, id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE email_verifications SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// When the user was last sent a verification of this purpose.
    pub async fn last_verification_sent(
        &self,
        user_id: &str,
        purpose: &str,
    ) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT created_at FROM email_verifications WHERE user_id = $1 AND purpose = $2 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(user_id)
        .bind(purpose)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(t,)| t))
    }

    pub async fn insert_password_reset(
        &self,
        token_hash: &str,
        user_id: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(now)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The user a live reset link belongs to.
    pub async fn password_reset_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT user_id FROM password_resets WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(u,)| u))
    }

    /// Uses a reset link up, and every other live link of the same user with it; returns the
    /// user when this call won.
    pub async fn consume_password_reset(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<String>> {
        let Some(user_id) = self.password_reset_user(token_hash, now).await? else {
            return Ok(None);
        };
        let done = sqlx::query(
            "UPDATE password_resets SET consumed_at = $1 WHERE token_hash = $2 AND consumed_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(token_hash)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        sqlx::query("UPDATE password_resets SET consumed_at = $1 WHERE user_id = $2 AND consumed_at IS NULL")
            .bind(now)
            .bind(&user_id)
            .execute(&self.pool)
            .await?;
        Ok(Some(user_id))
    }
}
