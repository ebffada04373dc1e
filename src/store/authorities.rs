//! Authorities (Lino's "let other users work in your name") and the session's choice to act
//! under one.

use sqlx::FromRow;

use super::{Store, StoreError, StoreResult, json_list, parse_json_list};
use crate::domain::Authority;

#[derive(FromRow)]
struct AuthorityRow {
    id: String,
    granter_id: String,
    holder_id: String,
    client_ids: String,
    privileges: Option<String>,
    valid_from: Option<i64>,
    valid_until: Option<i64>,
    created_at: i64,
    created_by: Option<String>,
    first_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl AuthorityRow {
    fn into_authority(self) -> StoreResult<Authority> {
        Ok(Authority {
            client_ids: parse_json_list(&self.client_ids)?,
            privileges: self
                .privileges
                .as_deref()
                .map(parse_json_list)
                .transpose()?,
            id: self.id,
            granter_id: self.granter_id,
            holder_id: self.holder_id,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            created_at: self.created_at,
            created_by: self.created_by,
            first_used_at: self.first_used_at,
            revoked_at: self.revoked_at,
        })
    }
}

const COLUMNS: &str = "id, granter_id, holder_id, client_ids, privileges, valid_from, valid_until, \
     created_at, created_by, first_used_at, revoked_at";

fn authorities(rows: Vec<AuthorityRow>) -> StoreResult<Vec<Authority>> {
    rows.into_iter().map(AuthorityRow::into_authority).collect()
}

impl Store {
    /// Stores a new authority. A granter or holder that does not exist is `NotFound`.
    pub async fn insert_authority(&self, a: &Authority) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO authorities (id, granter_id, holder_id, client_ids, privileges, valid_from, valid_until,
                 created_at, created_by)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
             WHERE EXISTS (SELECT 1 FROM users WHERE id = $2) AND EXISTS (SELECT 1 FROM users WHERE id = $3)",
        )
        .bind(&a.id)
        .bind(&a.granter_id)
        .bind(&a.holder_id)
        .bind(json_list(&a.client_ids))
        .bind(a.privileges.as_ref().map(|p| json_list(p)))
        .bind(a.valid_from)
        .bind(a.valid_until)
        .bind(a.created_at)
        .bind(a.created_by.as_deref())
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)
        .and_then(super::found)
    }

    pub async fn authority_by_id(&self, id: &str) -> StoreResult<Option<Authority>> {
        let row: Option<AuthorityRow> =
            sqlx::query_as(sql!("SELECT {COLUMNS} FROM authorities WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(AuthorityRow::into_authority).transpose()
    }

    /// Authorities the user gave (`granter_id`) or holds (`holder_id`), newest first,
    /// revoked ones included (people see their history), at most `limit`.
    pub async fn authorities_of_user(
        &self,
        user_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<Authority>> {
        let rows: Vec<AuthorityRow> = sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM authorities WHERE granter_id = $1 OR holder_id = $1
             ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        authorities(rows)
    }

    /// Every authority, newest first, at most `limit` (the administrators' list).
    pub async fn list_authorities(&self, limit: i64) -> StoreResult<Vec<Authority>> {
        let rows: Vec<AuthorityRow> = sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM authorities ORDER BY created_at DESC, id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        authorities(rows)
    }

    /// How many authorities the granter gave that are not revoked (a cap on their number).
    pub async fn count_unrevoked_authorities_given(&self, granter_id: &str) -> StoreResult<i64> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM authorities WHERE granter_id = $1 AND revoked_at IS NULL",
        )
        .bind(granter_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// Revokes the authority and, in the same transaction, every grant issued under it and
    /// every session's choice to act under it. `false` when it was already revoked.
    pub async fn revoke_authority(&self, id: &str, now: i64) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE authorities SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE grants SET revoked_at = $1 WHERE authority_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE sessions SET acting_authority_id = NULL WHERE acting_authority_id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.standing_changed();
        Ok(done.rows_affected() == 1)
    }

    /// Marks the first use; `true` only for the one call that did (the granter is told once).
    pub async fn mark_authority_used(&self, id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE authorities SET first_used_at = $1 WHERE id = $2 AND first_used_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Sets (or with `None` clears) the authority a session acts under.
    pub async fn set_session_acting(
        &self,
        session_id: &str,
        authority_id: Option<&str>,
    ) -> StoreResult<()> {
        let done = sqlx::query("UPDATE sessions SET acting_authority_id = $1 WHERE id = $2")
            .bind(authority_id)
            .bind(session_id)
            .execute(&self.pool)
            .await?;
        super::found(done)
    }

    /// The authority a session acts under, if any.
    pub async fn session_acting(&self, session_id: &str) -> StoreResult<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT acting_authority_id FROM sessions WHERE id = $1")
                .bind(session_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(a,)| a))
    }
}
