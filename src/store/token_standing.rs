//! Everything the database has to say about an access token we signed, in one statement:
//! whether its jti was revoked, whether its client still exists, its grant's standing, and
//! its user with their privileges. Introspection and userinfo ask this on every call, so it
//! is one round trip (one row per privilege) rather than four.
//!
//! On SQLite the answer is kept in this process's memory (`node_cache`): a statement there
//! costs two thread switches to sqlx's connection thread, which halved introspection on its
//! own (examples/machine_limits.rs: RS256 verification alone 23,800 per CPU-second, with one
//! primary-key read 12,600). It stays exact because one process serves a SQLite database:
//! every write of this process to the rows the answer is made of (users, privileges, grants,
//! revoked tokens, clients) drops the copy before it is acknowledged, and triggers count
//! every write of any process in `cache_versions`, so a change made by the command line
//! takes effect within a second. On PostgreSQL several nodes serve the same users and a
//! revocation on one must hold on all at once, so every call reads the database.

use std::sync::LazyLock;

use sqlx::Row;

use super::grants::ActingIds;
use super::users::{JOINED_USER_COLUMNS, user_from_joined_rows};
use super::{Backend, Store, StoreResult};
use crate::domain::User;

/// What stands behind an access token.
#[derive(Clone)]
pub struct TokenStanding {
    /// Its jti is not revoked and its client not deleted.
    pub standing: bool,
    /// The grant it was issued under, when one was asked for and exists.
    pub grant: Option<GrantStanding>,
    /// The user asked for, when they exist.
    pub user: Option<User>,
}

#[derive(Clone)]
pub struct GrantStanding {
    pub revoked: bool,
    /// Who acts for the user, under which authority, when someone does.
    pub acting: Option<ActingIds>,
}

/// The grant's columns are renamed so that the user's keep their own names (`id`, …) and
/// decode as every other user query's do.
static SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT (SELECT COUNT(*) FROM revoked_access_tokens WHERE jti = $1) AS revoked_jti, \
                (SELECT COUNT(*) FROM clients WHERE id = $2) AS client_rows, \
                g.id AS grant_id, g.revoked_at AS grant_revoked_at, \
                g.actor_id AS grant_actor_id, g.authority_id AS grant_authority_id, {} \
         FROM (SELECT 1 AS one) AS anchor \
         LEFT JOIN grants g ON g.id = $3 \
         LEFT JOIN users u ON u.id = $4 \
         LEFT JOIN user_privileges p ON p.user_id = u.id \
         ORDER BY p.privilege",
        *JOINED_USER_COLUMNS
    )
});

impl Store {
    /// The standing of the token with this jti from this client, and of the grant and user
    /// named (either may be `None` for a token that has none).
    pub async fn token_standing(
        &self,
        jti: &str,
        client_id: &str,
        grant_id: Option<&str>,
        user_id: Option<&str>,
    ) -> StoreResult<TokenStanding> {
        if self.backend != Backend::Sqlite {
            return self
                .read_token_standing(jti, client_id, grant_id, user_id)
                .await;
        }
        if !self
            .compare_counter(&self.standing_cache, "standing")
            .await?
        {
            return self
                .read_token_standing(jti, client_id, grant_id, user_id)
                .await;
        }
        // Callers pass a verified token's claims, so the jti alone would do; the key names
        // everything the answer depends on all the same.
        let key = format!(
            "{jti} {client_id} {} {}",
            grant_id.unwrap_or_default(),
            user_id.unwrap_or_default()
        );
        if let Some(hit) = self.standing_cache.get(&key) {
            return Ok(hit);
        }
        let tag = self.standing_cache.tag();
        let standing = self
            .read_token_standing(jti, client_id, grant_id, user_id)
            .await?;
        self.standing_cache.insert(tag, &key, standing.clone());
        Ok(standing)
    }

    /// Drops this process's copy of every token's standing: called after each write to the
    /// rows it is made of, before the write is acknowledged.
    pub(super) fn standing_changed(&self) {
        self.standing_cache.invalidate();
    }

    async fn read_token_standing(
        &self,
        jti: &str,
        client_id: &str,
        grant_id: Option<&str>,
        user_id: Option<&str>,
    ) -> StoreResult<TokenStanding> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(SQL.as_str()))
            .bind(jti)
            .bind(client_id)
            .bind(grant_id)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        // The anchor makes one row at least; privileges beyond the first add rows that
        // repeat everything else.
        let Some(first) = rows.first() else {
            return Ok(TokenStanding {
                standing: false,
                grant: None,
                user: None,
            });
        };
        let revoked_jti: i64 = first.try_get("revoked_jti")?;
        let client_rows: i64 = first.try_get("client_rows")?;
        let grant = match first.try_get::<Option<String>, _>("grant_id")? {
            None => None,
            Some(_) => Some(GrantStanding {
                revoked: first
                    .try_get::<Option<i64>, _>("grant_revoked_at")?
                    .is_some(),
                acting: ActingIds::from_columns(
                    first.try_get("grant_actor_id")?,
                    first.try_get("grant_authority_id")?,
                ),
            }),
        };
        let user = user_from_joined_rows(&rows)?;
        Ok(TokenStanding {
            standing: revoked_jti == 0 && client_rows > 0,
            grant,
            user,
        })
    }
}
