//! Upstream providers managed in the database, the identities linked to users, the started
//! upstream sign-ins (`state`) and the link offers waiting for their account's owner.

use sqlx::FromRow;

use super::{Store, StoreError, StoreResult};

/// A provider row. Flags are 0/1 and lists/objects JSON, as everywhere in the store; the
/// federation layer turns it into a `ProviderConfig`.
#[derive(Debug, Clone, FromRow)]
pub struct ProviderRow {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub position: i64,
    pub enabled: i64,
    pub client_id: String,
    pub client_secret_enc: Vec<u8>,
    pub scopes: String,
    pub trust_email: i64,
    pub allow_sign_up: i64,
    pub trust_upstream_mfa: i64,
    pub endpoints: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const PROVIDER_COLUMNS: &str = "id, kind, label, position, enabled, client_id, client_secret_enc, scopes, trust_email, allow_sign_up, trust_upstream_mfa, endpoints, version, created_at, updated_at";

/// An upstream identity linked to a user.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct UpstreamLink {
    pub provider_id: String,
    pub subject: String,
    pub user_id: String,
    /// The e-mail the provider gave when last used (for the account page; never a key).
    pub email: Option<String>,
    pub linked_at: i64,
    pub last_used_at: Option<i64>,
}

const LINK_COLUMNS: &str = "provider_id, subject, user_id, email, linked_at, last_used_at";

/// A started upstream sign-in.
#[derive(Debug, Clone, FromRow)]
pub struct UpstreamState {
    pub state_hash: String,
    pub provider_id: String,
    pub browser_hash: String,
    pub purpose: String,
    pub user_id: Option<String>,
    pub request_id: Option<String>,
    pub invitation: Option<String>,
    pub nonce: String,
    pub verifier_enc: Vec<u8>,
    pub created_at: i64,
    pub expires_at: i64,
}

const STATE_COLUMNS: &str = "state_hash, provider_id, browser_hash, purpose, user_id, request_id, invitation, nonce, verifier_enc, created_at, expires_at";

/// An identity waiting for the owner of the matching account to sign in.
#[derive(Debug, Clone, FromRow)]
pub struct LinkOffer {
    pub token_hash: String,
    pub provider_id: String,
    pub subject: String,
    pub user_id: String,
    pub email: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

impl Store {
    pub async fn upstream_providers(&self) -> StoreResult<Vec<ProviderRow>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {PROVIDER_COLUMNS} FROM upstream_providers ORDER BY position, id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn upstream_provider(&self, id: &str) -> StoreResult<Option<ProviderRow>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {PROVIDER_COLUMNS} FROM upstream_providers WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Adds a provider; `Conflict` when the id is taken.
    pub async fn insert_upstream_provider(&self, row: &ProviderRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO upstream_providers (id, kind, label, position, enabled, client_id, client_secret_enc,
                scopes, trust_email, allow_sign_up, trust_upstream_mfa, endpoints, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13)",
        )
        .bind(&row.id)
        .bind(&row.kind)
        .bind(&row.label)
        .bind(row.position)
        .bind(row.enabled)
        .bind(&row.client_id)
        .bind(&row.client_secret_enc)
        .bind(&row.scopes)
        .bind(row.trust_email)
        .bind(row.allow_sign_up)
        .bind(row.trust_upstream_mfa)
        .bind(&row.endpoints)
        .bind(row.created_at)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Saves every editable field and bumps the version; `false` when the provider is gone
    /// or someone else saved it since `row.version` was read (the later writer must look
    /// again rather than overwrite).
    pub async fn update_upstream_provider(&self, row: &ProviderRow, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE upstream_providers SET label = $1, position = $2, enabled = $3, client_id = $4,
                client_secret_enc = $5, scopes = $6, trust_email = $7, allow_sign_up = $8,
                trust_upstream_mfa = $9, endpoints = $10, version = version + 1, updated_at = $11
             WHERE id = $12 AND version = $13",
        )
        .bind(&row.label)
        .bind(row.position)
        .bind(row.enabled)
        .bind(&row.client_id)
        .bind(&row.client_secret_enc)
        .bind(&row.scopes)
        .bind(row.trust_email)
        .bind(row.allow_sign_up)
        .bind(row.trust_upstream_mfa)
        .bind(&row.endpoints)
        .bind(now)
        .bind(&row.id)
        .bind(row.version)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a provider and every identity linked through it.
    pub async fn delete_upstream_provider(&self, id: &str) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM upstream_links WHERE provider_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM upstream_states WHERE provider_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM upstream_link_offers WHERE provider_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM upstream_signups WHERE provider_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM upstream_providers WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn upstream_link(
        &self,
        provider_id: &str,
        subject: &str,
    ) -> StoreResult<Option<UpstreamLink>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {LINK_COLUMNS} FROM upstream_links WHERE provider_id = $1 AND subject = $2"
        ))
        .bind(provider_id)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn upstream_links_of(&self, user_id: &str) -> StoreResult<Vec<UpstreamLink>> {
        Ok(sqlx::query_as(sql!(
            "SELECT {LINK_COLUMNS} FROM upstream_links WHERE user_id = $1 ORDER BY linked_at, provider_id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Links an identity; `Conflict` when it is already linked (to anyone: one identity,
    /// one user).
    pub async fn insert_upstream_link(&self, link: &UpstreamLink) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO upstream_links (provider_id, subject, user_id, email, linked_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&link.provider_id)
        .bind(&link.subject)
        .bind(&link.user_id)
        .bind(link.email.as_deref())
        .bind(link.linked_at)
        .bind(link.last_used_at)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Records a sign-in through a linked identity and the e-mail the provider gave then.
    pub async fn touch_upstream_link(
        &self,
        provider_id: &str,
        subject: &str,
        email: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE upstream_links SET last_used_at = $1, email = $2 WHERE provider_id = $3 AND subject = $4",
        )
        .bind(now)
        .bind(email)
        .bind(provider_id)
        .bind(subject)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Unlinks one identity of `user_id`, unless it is the user's last way in: the user has
    /// no password and no other linked identity. The user's row is write-locked first, so two
    /// unlinks racing each other on PostgreSQL cannot each count the other's identity as
    /// still there (SQLite serializes writers anyway).
    /// `phone_counts`: a verified number is a way in (phone sign-in is on).
    pub async fn unlink_upstream(
        &self,
        user_id: &str,
        provider_id: &str,
        subject: &str,
        phone_counts: bool,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query(
            "DELETE FROM upstream_links
             WHERE user_id = $1 AND provider_id = $2 AND subject = $3
               AND (EXISTS (SELECT 1 FROM users WHERE id = $1 AND password_hash IS NOT NULL)
                    OR EXISTS (SELECT 1 FROM users WHERE id = $1 AND $4 = 1
                               AND phone IS NOT NULL AND phone_verified = 1)
                    OR (SELECT COUNT(*) FROM upstream_links WHERE user_id = $1) > 1)",
        )
        .bind(user_id)
        .bind(provider_id)
        .bind(subject)
        .bind(i64::from(phone_counts))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.standing_changed();
        Ok(done.rows_affected() == 1)
    }

    /// How many users have no way in but identities from `provider_id` (no password, no
    /// identity from another provider).
    pub async fn count_users_only_through(&self, provider_id: &str) -> StoreResult<i64> {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(DISTINCT l.user_id) FROM upstream_links l JOIN users u ON u.id = l.user_id
             WHERE l.provider_id = $1 AND u.password_hash IS NULL
               AND NOT EXISTS (SELECT 1 FROM upstream_links o WHERE o.user_id = l.user_id AND o.provider_id <> $1)",
        )
        .bind(provider_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(count)
    }

    /// Linked identities per provider (the console's list).
    pub async fn count_links_by_provider(&self) -> StoreResult<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT provider_id, COUNT(*) FROM upstream_links GROUP BY provider_id ORDER BY provider_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn insert_upstream_state(&self, state: &UpstreamState) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO upstream_states (state_hash, provider_id, browser_hash, purpose, user_id, request_id,
                invitation, nonce, verifier_enc, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&state.state_hash)
        .bind(&state.provider_id)
        .bind(&state.browser_hash)
        .bind(&state.purpose)
        .bind(state.user_id.as_deref())
        .bind(state.request_id.as_deref())
        .bind(state.invitation.as_deref())
        .bind(&state.nonce)
        .bind(&state.verifier_enc)
        .bind(state.created_at)
        .bind(state.expires_at)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Consumes a started sign-in: only for the provider and browser that started it, only
    /// before it expires, and only once — one DELETE decides.
    pub async fn take_upstream_state(
        &self,
        state_hash: &str,
        provider_id: &str,
        browser_hash: &str,
        now: i64,
    ) -> StoreResult<Option<UpstreamState>> {
        Ok(sqlx::query_as(sql!(
            "DELETE FROM upstream_states
             WHERE state_hash = $1 AND provider_id = $2 AND browser_hash = $3 AND expires_at > $4
             RETURNING {STATE_COLUMNS}"
        ))
        .bind(state_hash)
        .bind(provider_id)
        .bind(browser_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn insert_link_offer(&self, offer: &LinkOffer) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO upstream_link_offers (token_hash, provider_id, subject, user_id, email, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&offer.token_hash)
        .bind(&offer.provider_id)
        .bind(&offer.subject)
        .bind(&offer.user_id)
        .bind(offer.email.as_deref())
        .bind(offer.created_at)
        .bind(offer.expires_at)
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Consumes the offer held by this browser if it is for `user_id` and still fresh.
    pub async fn take_link_offer(
        &self,
        token_hash: &str,
        user_id: &str,
        now: i64,
    ) -> StoreResult<Option<LinkOffer>> {
        Ok(sqlx::query_as(
            "DELETE FROM upstream_link_offers WHERE token_hash = $1 AND user_id = $2 AND expires_at > $3
             RETURNING token_hash, provider_id, subject, user_id, email, created_at, expires_at",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }
}
