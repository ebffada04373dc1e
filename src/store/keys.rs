//! Signing keys as rows: `next` (published, not yet used), `active` (signing), `retired`
//! (published until `expires_at`, when no token it signed can still be valid). Private keys
//! arrive here already sealed; the store never sees key material in the clear.

use sqlx::FromRow;

use super::{Store, StoreError, StoreResult};

#[derive(Debug, Clone, FromRow)]
pub struct StoredKey {
    pub kid: String,
    pub alg: String,
    pub state: String,
    pub private_key_enc: Vec<u8>,
    pub public_jwk: String,
    pub created_at: i64,
    pub activated_at: Option<i64>,
    pub retired_at: Option<i64>,
    pub expires_at: Option<i64>,
}

const KEY_COLUMNS: &str = "kid, alg, state, private_key_enc, public_jwk, created_at, activated_at, retired_at, expires_at";

impl Store {
    /// Every key still published: next, active, and retired ones not yet expired.
    pub async fn published_keys(&self, now: i64) -> StoreResult<Vec<StoredKey>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {KEY_COLUMNS} FROM signing_keys
             WHERE state IN ('next', 'active') OR (state = 'retired' AND expires_at > $1)
             ORDER BY alg, created_at, kid"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn all_keys(&self) -> StoreResult<Vec<StoredKey>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {KEY_COLUMNS} FROM signing_keys ORDER BY alg, created_at, kid"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Inserts a key in state `next` or `active`. `Conflict` if that slot is already taken
    /// (another node got there first).
    pub async fn insert_key(&self, key: &StoredKey) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO signing_keys (kid, alg, state, private_key_enc, public_jwk, created_at, activated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&key.kid)
        .bind(&key.alg)
        .bind(&key.state)
        .bind(&key.private_key_enc)
        .bind(&key.public_jwk)
        .bind(key.created_at)
        .bind(key.activated_at)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// One rotation step for `alg`, atomically: active -> retired (published until
    /// `retire_until`), next -> active, `new_next` becomes next.
    pub async fn rotate_keys(
        &self,
        alg: &str,
        now: i64,
        retire_until: i64,
        new_next: &StoredKey,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE signing_keys SET state = 'retired', retired_at = $1, expires_at = $2 WHERE alg = $3 AND state = 'active'",
        )
        .bind(now)
        .bind(retire_until)
        .bind(alg)
        .execute(&mut *tx)
        .await?;
        let promoted = sqlx::query("UPDATE signing_keys SET state = 'active', activated_at = $1 WHERE alg = $2 AND state = 'next'")
            .bind(now)
            .bind(alg)
            .execute(&mut *tx)
            .await?;
        if promoted.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO signing_keys (kid, alg, state, private_key_enc, public_jwk, created_at) VALUES ($1, $2, 'next', $3, $4, $5)",
        )
        .bind(&new_next.kid)
        .bind(alg)
        .bind(&new_next.private_key_enc)
        .bind(&new_next.public_jwk)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        tx.commit().await?;
        Ok(())
    }
}
