//! The audit trail of security events: who, what, when, from where.

use super::{Store, StoreResult};
use crate::crypto::token::random_id;

#[derive(Debug, Clone, Default)]
pub struct AuditEvent {
    pub kind: &'static str,
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    pub ip: String,
    pub user_agent: String,
    /// Free text for people; never a secret.
    pub detail: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub at: i64,
    pub kind: String,
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    pub ip: String,
    pub detail: String,
}

impl Store {
    pub async fn record_audit(&self, event: &AuditEvent, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_events (id, at, kind, user_id, client_id, ip, user_agent, detail)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(random_id())
        .bind(now)
        .bind(event.kind)
        .bind(event.user_id.as_deref())
        .bind(event.client_id.as_deref())
        .bind(&event.ip)
        .bind(&event.user_agent)
        .bind(&event.detail)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The newest events first, optionally for one user.
    pub async fn audit_events(
        &self,
        user_id: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<AuditRow>> {
        let columns = "SELECT at, kind, user_id, client_id, ip, detail FROM audit_events";
        let rows = match user_id {
            Some(user_id) => {
                sqlx::query_as(sql!(
                    "{columns} WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT $2"
                ))
                .bind(user_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_as(sql!("{columns} ORDER BY at DESC, id DESC LIMIT $1"))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        Ok(rows)
    }
}
