//! Invitations to register.

use sqlx::FromRow;

use super::{Store, StoreResult};

#[derive(Debug, Clone, FromRow)]
pub struct Invitation {
    pub id: String,
    pub email: String,
    /// Space-separated privilege names.
    pub privileges: String,
    pub invited_by: Option<String>,
    pub created_at: i64,
    pub sent_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl Invitation {
    /// `accepted`, `revoked`, `expired` (at `now`) or `open`.
    pub fn status(&self, now: i64) -> &'static str {
        if self.accepted_at.is_some() {
            "accepted"
        } else if self.revoked_at.is_some() {
            "revoked"
        } else if self.expires_at <= now {
            "expired"
        } else {
            "open"
        }
    }

    pub fn privilege_list(&self) -> Vec<String> {
        self.privileges
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    }

    pub fn is_open(&self, now: i64) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && self.expires_at > now
    }
}

const COLUMNS: &str =
    "id, email, privileges, invited_by, created_at, sent_at, expires_at, accepted_at, revoked_at";

impl Store {
    pub async fn insert_invitation(&self, inv: &Invitation, token_hash: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO invitations (id, email, privileges, token_hash, invited_by, created_at, sent_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&inv.id)
        .bind(&inv.email)
        .bind(&inv.privileges)
        .bind(token_hash)
        .bind(inv.invited_by.as_deref())
        .bind(inv.created_at)
        .bind(inv.sent_at)
        .bind(inv.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn invitation_by_id(&self, id: &str) -> StoreResult<Option<Invitation>> {
        Ok(
            sqlx::query_as(sql!("SELECT {COLUMNS} FROM invitations WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn invitation_by_token(&self, token_hash: &str) -> StoreResult<Option<Invitation>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM invitations WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The newest invitations first.
    pub async fn list_invitations(&self, limit: i64) -> StoreResult<Vec<Invitation>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM invitations ORDER BY created_at DESC, id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Gives an open invitation a new link (the old one stops working) and a new expiry.
    pub async fn renew_invitation(
        &self,
        id: &str,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE invitations SET token_hash = $1, sent_at = $2, expires_at = $3
             WHERE id = $4 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn revoke_invitation(&self, id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Uses an invitation up; `false` if it was no longer open (the other request won).
    pub async fn accept_invitation(&self, id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE invitations SET accepted_at = $1
             WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Undoes [`Store::accept_invitation`] when the account it was for could not be made, so
    /// a failed step does not use the invitation up. Only the acceptance made at `accepted_at`.
    pub async fn reopen_invitation(&self, id: &str, accepted_at: i64) -> StoreResult<()> {
        sqlx::query("UPDATE invitations SET accepted_at = NULL WHERE id = $1 AND accepted_at = $2")
            .bind(id)
            .bind(accepted_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
