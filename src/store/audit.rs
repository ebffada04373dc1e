//! The audit trail of security events: who, what, when, from where.

use super::{Store, StoreResult};

#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub kind: crate::domain::AuditKind,
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
        // UUIDv7: ids sort in the order events were written, which orders events of the
        // same second (timestamps are whole seconds).
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(now)
        .bind(event.kind.as_str())
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

/// What the audit log view filters on. Pages go backwards in time: `before` is the `(at, id)`
/// of the last event of the previous page.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub user_id: Option<String>,
    pub kind: Option<String>,
    /// Part of the detail or IP text.
    pub query: Option<String>,
    pub before: Option<(i64, String)>,
    pub limit: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: String,
    pub at: i64,
    pub kind: String,
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    pub ip: String,
    pub user_agent: String,
    pub detail: String,
}

impl Store {
    pub async fn audit_page(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        let mut clauses = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        if let Some(user) = &filter.user_id {
            binds.push(user.clone());
            clauses.push(format!("user_id = ${}", binds.len()));
        }
        if let Some(kind) = &filter.kind {
            binds.push(kind.clone());
            clauses.push(format!("kind = ${}", binds.len()));
        }
        if let Some(pattern) = super::like_pattern(filter.query.as_deref()) {
            binds.push(pattern);
            let n = binds.len();
            clauses.push(format!(
                "(LOWER(detail) LIKE ${n} ESCAPE '\\' OR ip LIKE ${n} ESCAPE '\\')"
            ));
        }
        if let Some((at, id)) = &filter.before {
            // `at` is an integer we produced, so it is written into the SQL; the id is bound.
            binds.push(id.clone());
            clauses.push(format!(
                "(at < {at} OR (at = {at} AND id < ${}))",
                binds.len()
            ));
        }
        let where_clause = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let limit = filter.limit.clamp(1, 500);
        let sql = format!(
            "SELECT id, at, kind, user_id, client_id, ip, user_agent, detail FROM audit_events {where_clause}
             ORDER BY at DESC, id DESC LIMIT {limit}"
        );
        let mut query = sqlx::query_as::<_, AuditEntry>(sqlx::AssertSqlSafe(sql));
        for b in &binds {
            query = query.bind(b.clone());
        }
        Ok(query.fetch_all(&self.pool).await?)
    }
}

impl Store {
    /// Sign-ins since `since`: per day (days since the epoch), successes by method and failures.
    pub async fn sign_in_stats(&self, since: i64) -> StoreResult<Vec<DayStats>> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT at / 86400, kind, detail, COUNT(*) FROM audit_events
             WHERE at >= $1 AND kind IN ('sign_in', 'sign_in_failed')
             GROUP BY at / 86400, kind, detail",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut days: std::collections::BTreeMap<i64, DayStats> = std::collections::BTreeMap::new();
        for (day, kind, detail, count) in rows {
            let entry = days.entry(day).or_insert_with(|| DayStats {
                day,
                ..Default::default()
            });
            if kind == "sign_in" {
                *entry.by_method.entry(detail).or_default() += count;
            } else {
                entry.failures += count;
            }
        }
        Ok(days.into_values().collect())
    }
}

impl Store {
    /// Removes a deleted user's personal data from the audit trail: their address wherever it
    /// appears, and the IP addresses and user agents of their events. The random user id stays,
    /// so the trail remains whole but pseudonymous.
    pub async fn erase_from_audit(&self, user_id: &str, email: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE audit_events SET detail = REPLACE(detail, $2, '[erased]'), ip = '', user_agent = ''
             WHERE user_id = $1 OR REPLACE(detail, $2, '') <> detail",
        )
        .bind(user_id)
        .bind(email)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// One day of sign-ins.
#[derive(Debug, Clone, Default)]
pub struct DayStats {
    pub day: i64,
    /// Successful sign-ins by method (`password`, …).
    pub by_method: std::collections::BTreeMap<String, i64>,
    pub failures: i64,
}
