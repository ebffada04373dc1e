//! Codes sent by SMS. One conditional statement per step: a try is charged before the code
//! is compared (`take_phone_code_attempt`), and the code is used up by one UPDATE that only
//! the first caller wins (`consume_phone_code`), on whichever node.

use sqlx::FromRow;

use super::{Store, StoreError, StoreResult};

#[derive(Debug, Clone, FromRow)]
pub struct PhoneCode {
    /// The hash of the token in the browser's cookie.
    pub id: String,
    pub purpose: String,
    /// E.164.
    pub phone: String,
    pub user_id: Option<String>,
    pub request_id: Option<String>,
    /// `None` when Twilio Verify holds the code.
    pub code_hash: Option<String>,
    pub attempts: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub consumed_at: Option<i64>,
}

const COLUMNS: &str = "id, purpose, phone, user_id, request_id, code_hash, attempts, created_at, expires_at, consumed_at";

impl Store {
    pub async fn insert_phone_code(&self, code: &PhoneCode) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO phone_codes (id, purpose, phone, user_id, request_id, code_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&code.id)
        .bind(&code.purpose)
        .bind(&code.phone)
        .bind(code.user_id.as_deref())
        .bind(code.request_id.as_deref())
        .bind(code.code_hash.as_deref())
        .bind(code.created_at)
        .bind(code.expires_at)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// The code a browser's token names, used or not, while it has not expired.
    pub async fn phone_code(
        &self,
        id: &str,
        purpose: &str,
        now: i64,
    ) -> StoreResult<Option<PhoneCode>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM phone_codes WHERE id = $1 AND purpose = $2 AND expires_at > $3"
        ))
        .bind(id)
        .bind(purpose)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Uses up one try if the code is live, unused and has tries left; the row as it is now.
    pub async fn take_phone_code_attempt(
        &self,
        id: &str,
        purpose: &str,
        max_attempts: i64,
        now: i64,
    ) -> StoreResult<Option<PhoneCode>> {
        Ok(sqlx::query_as(sql!(
            "UPDATE phone_codes SET attempts = attempts + 1
             WHERE id = $1 AND purpose = $2 AND consumed_at IS NULL AND expires_at > $3 AND attempts < $4
             RETURNING {COLUMNS}"
        ))
        .bind(id)
        .bind(purpose)
        .bind(now)
        .bind(max_attempts)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Uses the code up; `false` when another request already did.
    pub async fn consume_phone_code(&self, id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE phone_codes SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a code (its text was never sent, or a newer one replaces it).
    pub async fn delete_phone_code(&self, id: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM phone_codes WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// When the newest code to `phone` was made (the resend cooldown the page shows).
    pub async fn last_phone_code_at(&self, phone: &str) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT created_at FROM phone_codes WHERE phone = $1 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(phone)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(t,)| t))
    }
}
