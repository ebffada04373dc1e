//! Second factors: authenticator-app secrets (sealed by the caller), recovery-code hashes,
//! the MFA policy, and the challenges of sign-ins waiting for their second step.

use sqlx::FromRow;

use super::{Store, StoreResult, found, json_list, parse_json_list};
use crate::domain::{MfaMethod, MfaPolicy};

/// An enabled authenticator app.
#[derive(Debug, Clone, FromRow)]
pub struct TotpFactor {
    pub user_id: String,
    /// Sealed with the KEK; see `auth::mfa`.
    pub secret_enc: Vec<u8>,
    /// The newest step accepted: codes of this step or older are refused.
    pub last_step: i64,
    pub enabled_at: i64,
}

/// A password accepted, a second factor owed.
#[derive(Debug, Clone, FromRow)]
pub struct MfaChallenge {
    pub id: String,
    pub user_id: String,
    /// Set when the challenge steps up an existing session.
    pub session_id: Option<String>,
    /// When the first factor was checked.
    pub auth_time: i64,
    /// Which first factor was checked (`domain::FirstFactor::as_str`).
    pub first_factor: String,
    /// The upstream provider of a federated first factor.
    pub idp: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

const CHALLENGE_COLUMNS: &str =
    "id, user_id, session_id, auth_time, first_factor, idp, created_at, expires_at";

impl Store {
    // ---- policy ------------------------------------------------------------------------

    /// The stored policy, or `None` before it was seeded.
    pub async fn mfa_policy(&self) -> StoreResult<Option<MfaPolicy>> {
        // The policy and the privileges it requires, one row per privilege, in one statement.
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT p.methods, r.privilege FROM mfa_policy p
             LEFT JOIN mfa_required_privileges r ON 1 = 1
             WHERE p.id = 1 ORDER BY r.privilege",
        )
        .fetch_all(&self.pool)
        .await?;
        let Some((methods, _)) = rows.first() else {
            return Ok(None);
        };
        let methods = parse_json_list(methods)?
            .iter()
            // A method this build does not know (a downgrade) is simply not offered.
            .filter_map(|m| MfaMethod::parse(m).ok())
            .collect();
        Ok(Some(MfaPolicy {
            methods,
            required_for: rows.into_iter().filter_map(|(_, p)| p).collect(),
        }))
    }

    /// Stores `policy` unless a policy exists already (several nodes may start together).
    pub async fn seed_mfa_policy(&self, policy: &MfaPolicy, now: i64) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "INSERT INTO mfa_policy (id, methods, updated_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING",
        )
        .bind(json_list(&method_names(policy)))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            for privilege in &policy.required_for {
                sqlx::query("INSERT INTO mfa_required_privileges (privilege) VALUES ($1)")
                    .bind(privilege)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the policy; every privilege named must exist.
    pub async fn set_mfa_policy(
        &self,
        policy: &MfaPolicy,
        by: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO mfa_policy (id, methods, updated_at, updated_by) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET methods = excluded.methods, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(json_list(&method_names(policy)))
        .bind(now)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM mfa_required_privileges")
            .execute(&mut *tx)
            .await?;
        for privilege in &policy.required_for {
            sqlx::query("INSERT INTO mfa_required_privileges (privilege) VALUES ($1)")
                .bind(privilege)
                .execute(&mut *tx)
                .await
                .map_err(super::StoreError::from_write)?;
        }
        tx.commit().await?;
        Ok(())
    }

    // ---- authenticator apps --------------------------------------------------------------

    pub async fn totp_factor(&self, user_id: &str) -> StoreResult<Option<TotpFactor>> {
        Ok(sqlx::query_as(
            "SELECT user_id, secret_enc, last_step, enabled_at FROM totp_factors WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Records `step` as used; `false` when it (or a later step) was used already, which
    /// settles a race between two nodes accepting the same code.
    pub async fn accept_totp_step(&self, user_id: &str, step: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE totp_factors SET last_step = $1 WHERE user_id = $2 AND last_step < $1",
        )
        .bind(step)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Keeps the secret shown on the enrollment page until it is confirmed or expires.
    pub async fn save_totp_enrollment(
        &self,
        user_id: &str,
        secret_enc: &[u8],
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO totp_enrollments (user_id, secret_enc, created_at, expires_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id) DO UPDATE SET secret_enc = excluded.secret_enc, created_at = excluded.created_at, expires_at = excluded.expires_at",
        )
        .bind(user_id)
        .bind(secret_enc)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The sealed secret of an enrollment still open at `now`.
    pub async fn totp_enrollment(&self, user_id: &str, now: i64) -> StoreResult<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = sqlx::query_as(
            "SELECT secret_enc FROM totp_enrollments WHERE user_id = $1 AND expires_at > $2",
        )
        .bind(user_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(s,)| s))
    }

    /// Turns the open enrollment into the user's authenticator (replacing any earlier one)
    /// with a fresh set of recovery codes, all or nothing. `NotFound` when the enrollment was
    /// confirmed or replaced meanwhile.
    pub async fn enable_totp(
        &self,
        user_id: &str,
        secret_enc: &[u8],
        step: i64,
        recovery_code_hashes: &[String],
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let taken =
            sqlx::query("DELETE FROM totp_enrollments WHERE user_id = $1 AND secret_enc = $2")
                .bind(user_id)
                .bind(secret_enc)
                .execute(&mut *tx)
                .await?;
        found(taken)?;
        sqlx::query(
            "INSERT INTO totp_factors (user_id, secret_enc, last_step, enabled_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id) DO UPDATE SET secret_enc = excluded.secret_enc, last_step = excluded.last_step, enabled_at = excluded.enabled_at",
        )
        .bind(user_id)
        .bind(secret_enc)
        .bind(step)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        replace_codes(&mut tx, user_id, recovery_code_hashes, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// When the user chose text messages as a second factor, if they did.
    pub async fn sms_factor(&self, user_id: &str) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT enabled_at FROM sms_factors WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(t,)| t))
    }

    pub async fn enable_sms_factor(&self, user_id: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sms_factors (user_id, enabled_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn disable_sms_factor(&self, user_id: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM sms_factors WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes every second factor of the user (authenticator, text messages, open
    /// enrollment, recovery codes); `true` when an authenticator or text messages were on.
    pub async fn remove_second_factors(&self, user_id: &str) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let mut removed = 0;
        for table in ["totp_factors", "sms_factors"] {
            removed += sqlx::query(sql!("DELETE FROM {table} WHERE user_id = $1"))
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        for table in ["totp_enrollments", "recovery_codes"] {
            sqlx::query(sql!("DELETE FROM {table} WHERE user_id = $1"))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(removed > 0)
    }

    // ---- recovery codes ------------------------------------------------------------------

    /// Voids the user's recovery codes and stores a new set.
    pub async fn replace_recovery_codes(
        &self,
        user_id: &str,
        code_hashes: &[String],
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        replace_codes(&mut tx, user_id, code_hashes, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses up one recovery code; `false` when it is unknown or already used.
    pub async fn use_recovery_code(
        &self,
        user_id: &str,
        code_hash: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(code_hash)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn recovery_codes_left(&self, user_id: &str) -> StoreResult<i64> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    // ---- sign-in challenges --------------------------------------------------------------

    pub async fn insert_mfa_challenge(
        &self,
        challenge: &MfaChallenge,
        token_hash: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO mfa_challenges (id, token_hash, user_id, session_id, auth_time, first_factor, created_at, expires_at, idp)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&challenge.id)
        .bind(token_hash)
        .bind(&challenge.user_id)
        .bind(challenge.session_id.as_deref())
        .bind(challenge.auth_time)
        .bind(&challenge.first_factor)
        .bind(challenge.created_at)
        .bind(challenge.expires_at)
        .bind(challenge.idp.as_deref())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The challenge for a browser's token, if still open at `now`.
    pub async fn mfa_challenge(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<MfaChallenge>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {CHALLENGE_COLUMNS} FROM mfa_challenges WHERE token_hash = $1 AND expires_at > $2"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Closes a challenge; `false` when another request closed it first.
    pub async fn take_mfa_challenge(&self, id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM mfa_challenges WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends every open challenge of a user (their factors changed).
    pub async fn delete_mfa_challenges_of_user(&self, user_id: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM mfa_challenges WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn method_names(policy: &MfaPolicy) -> Vec<String> {
    policy
        .methods
        .iter()
        .map(|m| m.as_str().to_string())
        .collect()
}

async fn replace_codes(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: &str,
    code_hashes: &[String],
    now: i64,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    for hash in code_hashes {
        sqlx::query(
            "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(user_id)
        .bind(hash)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
