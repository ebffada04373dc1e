//! Personal API keys for the admin API.

use sqlx::FromRow;

use super::{Store, StoreError, StoreResult};

#[derive(Debug, Clone, FromRow)]
pub struct ApiKey {
    pub id: String,
    pub user_id: String,
    pub name: String,
    /// Space-separated capability names.
    pub capabilities: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

pub struct NewApiKey<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub name: &'a str,
    pub key_hash: &'a str,
    pub capabilities: &'a str,
    pub now: i64,
    pub expires_at: Option<i64>,
}

const COLUMNS: &str =
    "id, user_id, name, capabilities, created_at, expires_at, revoked_at, last_used_at";

impl Store {
    pub async fn insert_api_key(&self, key: &NewApiKey<'_>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO api_keys (id, user_id, name, key_hash, capabilities, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(key.id)
        .bind(key.user_id)
        .bind(key.name)
        .bind(key.key_hash)
        .bind(key.capabilities)
        .bind(key.now)
        .bind(key.expires_at)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// A live key by its hash, marking it used (at most once a minute).
    pub async fn use_api_key(&self, key_hash: &str, now: i64) -> StoreResult<Option<ApiKey>> {
        let key: Option<ApiKey> = sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM api_keys
             WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)"
        ))
        .bind(key_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(k) = &key
            && k.last_used_at.is_none_or(|t| t < now - 60)
        {
            sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(&k.id)
                .execute(&self.pool)
                .await?;
        }
        Ok(key)
    }

    pub async fn api_keys_of_user(&self, user_id: &str) -> StoreResult<Vec<ApiKey>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC, id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Revokes one of the user's keys; `false` if there is no such live key.
    pub async fn revoke_api_key(&self, user_id: &str, id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
