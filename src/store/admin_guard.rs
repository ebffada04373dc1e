//! Changes that could leave the provider without a usable administrator, applied so that the
//! check and the change cannot be separated by another node's change: two administrators
//! deactivating each other at the same moment must not both succeed.

use sqlx::AnyConnection;

use super::{Store, StoreError, StoreResult, flag};

/// A change to one user that may remove an administrator.
#[derive(Debug, Clone, Copy)]
pub enum GuardedChange<'a> {
    Deactivate,
    Validity {
        from: Option<i64>,
        until: Option<i64>,
    },
    Privileges(&'a [String]),
    Delete,
}

impl Store {
    /// Applies `change` in one transaction that first takes a write lock on the `admin`
    /// privilege's row, then counts the usable administrators left and rolls back when none
    /// is (`Ok(false)`). The lock serializes these transactions on PostgreSQL, where two of
    /// them would otherwise each count the other's administrator as still there; SQLite
    /// serializes writers anyway. `NotFound` for an unknown user or privilege.
    pub async fn change_keeping_an_admin(
        &self,
        user_id: &str,
        change: GuardedChange<'_>,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE privileges SET builtin = builtin WHERE name = 'admin'")
            .execute(&mut *tx)
            .await?;
        let had_admins = count_usable_admins(&mut tx, now).await?;
        let touched = match change {
            GuardedChange::Deactivate => {
                sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
                    .bind(flag(false))
                    .bind(now)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
            }
            GuardedChange::Validity { from, until } => sqlx::query(
                "UPDATE users SET valid_from = $1, valid_until = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(from)
            .bind(until)
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?,
            GuardedChange::Privileges(privileges) => {
                replace_privileges(&mut tx, user_id, privileges, now).await?
            }
            GuardedChange::Delete => {
                sqlx::query("DELETE FROM users WHERE id = $1")
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
            }
        };
        if touched.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        // A provider that has no usable administrator (a fresh one before its bootstrap, say)
        // is not made worse by the change, so only a change that loses the last one is refused.
        if had_admins > 0 && count_usable_admins(&mut tx, now).await? == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.commit().await?;
        self.standing_changed();
        Ok(true)
    }
}

async fn count_usable_admins(conn: &mut AnyConnection, now: i64) -> StoreResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM users u JOIN user_privileges p ON p.user_id = u.id
         WHERE p.privilege = 'admin' AND u.active = 1
           AND (u.valid_from IS NULL OR u.valid_from <= $1) AND (u.valid_until IS NULL OR u.valid_until > $1)",
    )
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(n)
}

/// Replaces a user's privileges inside the caller's transaction; the result counts the user
/// row touched. `NotFound` for a privilege that does not exist.
pub(super) async fn replace_privileges(
    conn: &mut AnyConnection,
    user_id: &str,
    privileges: &[String],
    now: i64,
) -> StoreResult<sqlx::any::AnyQueryResult> {
    sqlx::query("DELETE FROM user_privileges WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for privilege in privileges {
        let inserted = sqlx::query(
            "INSERT INTO user_privileges (user_id, privilege) SELECT $1, name FROM privileges WHERE name = $2",
        )
        .bind(user_id)
        .bind(privilege)
        .execute(&mut *conn)
        .await?;
        if inserted.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
    }
    Ok(
        sqlx::query("UPDATE users SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(&mut *conn)
            .await?,
    )
}
