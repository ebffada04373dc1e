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

/// The most characters an audit field keeps. The trail is written by unauthenticated requests
/// too, so no field may grow with what a client sends (a 100 kB User-Agent, a pasted novel).
const MAX_DETAIL_CHARS: usize = 512;
const MAX_USER_AGENT_CHARS: usize = 256;
const MAX_IP_CHARS: usize = 64;
const MAX_ID_CHARS: usize = 128;

/// `text` cut to at most `max` characters (on a char boundary), the cut marked with "…".
fn capped(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some(_) => {
            // `max - 1` characters and the marker: the result is never longer than `max`.
            let end = text
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i);
            std::borrow::Cow::Owned(format!("{}…", &text[..end]))
        }
    }
}

/// The columns of an audit event, for statements that write one beside other work.
pub(super) const AUDIT_COLUMNS: &str = "id, at, kind, user_id, client_id, ip, user_agent, detail";

/// The values of [`AUDIT_COLUMNS`] bound to `query` (eight parameters, in that order), every
/// field capped.
pub(super) fn bind_audit<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    event: &AuditEvent,
    now: i64,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    query
        // UUIDv7: ids sort in the order events were written, which orders events of the
        // same second (timestamps are whole seconds).
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(now)
        .bind(event.kind.as_str())
        .bind(event.user_id.clone())
        .bind(
            event
                .client_id
                .as_deref()
                .map(|c| capped(c, MAX_ID_CHARS).into_owned()),
        )
        .bind(capped(&event.ip, MAX_IP_CHARS).into_owned())
        .bind(capped(&event.user_agent, MAX_USER_AGENT_CHARS).into_owned())
        .bind(capped(&event.detail, MAX_DETAIL_CHARS).into_owned())
}

impl Store {
    pub async fn record_audit(&self, event: &AuditEvent, now: i64) -> StoreResult<()> {
        let query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO audit_events ({AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        )));
        bind_audit(query, event, now).execute(&self.pool).await?;
        Ok(())
    }

    /// Deletes the events older than `before`, `batch` rows per statement until a statement
    /// deletes fewer: a year of events is never one long lock on the table (SQLite has one
    /// writer; PostgreSQL would hold the rows' locks until commit). Returns how many went.
    pub async fn purge_audit_before(&self, before: i64, batch: i64) -> StoreResult<u64> {
        let batch = batch.max(1);
        let mut total = 0;
        loop {
            // The inner SELECT walks `audit_events_at`; `IN (…)` keeps the one SQL text valid
            // on both databases (neither allows LIMIT on DELETE by default).
            let done = sqlx::query(
                "DELETE FROM audit_events WHERE id IN
                   (SELECT id FROM audit_events WHERE at < $1 ORDER BY at LIMIT $2)",
            )
            .bind(before)
            .bind(batch)
            .execute(&self.pool)
            .await?;
            total += done.rows_affected();
            if done.rows_affected() < batch as u64 {
                return Ok(total);
            }
        }
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
    /// Only events at or after this moment / before this moment.
    pub from: Option<i64>,
    pub until: Option<i64>,
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
        // Integers we were given, written into the SQL (no text from outside).
        if let Some(from) = filter.from {
            clauses.push(format!("at >= {from}"));
        }
        if let Some(until) = filter.until {
            clauses.push(format!("at < {until}"));
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
    /// Events of `kind` since `since` (the dashboard's texts refused by the limits).
    pub async fn count_events_since(&self, kind: &str, since: i64) -> StoreResult<i64> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE kind = $1 AND at >= $2")
                .bind(kind)
                .bind(since)
                .fetch_one(&self.pool)
                .await?;
        Ok(n)
    }

    /// Sign-ins since `since`: per day (days since the epoch), successes by method (`password`,
    /// `upstream:{provider}`) and failures (wrong passwords and failed upstream sign-ins).
    pub async fn sign_in_stats(&self, since: i64) -> StoreResult<Vec<DayStats>> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT at / 86400, kind, detail, COUNT(*) FROM audit_events
             WHERE at >= $1 AND kind IN ('sign_in', 'sign_in_failed', 'upstream_failed')
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
    /// appears, in any case (people type `Grace@Example.COM`, and old rows kept what was typed),
    /// and the IP addresses and user agents of their events. The random user id stays, so the
    /// trail remains whole but pseudonymous.
    ///
    /// Neither database has a case-insensitive REPLACE (and SQLite's LOWER folds ASCII only),
    /// so SQL finds candidate rows with a pattern that is a superset of the matches, and Rust
    /// rewrites each detail, all in one transaction.
    pub async fn erase_from_audit(&self, user_id: &str, email: &str) -> StoreResult<()> {
        let email = email.trim();
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE audit_events SET ip = '', user_agent = '' WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if !email.is_empty() {
            let candidates: Vec<(String, String)> = sqlx::query_as(
                "SELECT id, detail FROM audit_events WHERE LOWER(detail) LIKE $1 ESCAPE '\\'",
            )
            .bind(candidate_pattern(email))
            .fetch_all(&mut *tx)
            .await?;
            for (id, detail) in candidates {
                let Some(scrubbed) = replace_ignoring_case(&detail, email, "[erased]") else {
                    continue;
                };
                sqlx::query(
                    "UPDATE audit_events SET detail = $1, ip = '', user_agent = '' WHERE id = $2",
                )
                .bind(scrubbed)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// A `LOWER(detail) LIKE $n ESCAPE '\'` pattern matching at least every detail that contains
/// `needle` in any case: ASCII is lower-cased (what both databases' LOWER does to it), `%`,
/// `_` and `\` are escaped, and each run of other characters becomes `%`, since SQLite leaves
/// their case alone and a case change may even change their count.
fn candidate_pattern(needle: &str) -> String {
    let mut pattern = String::from("%");
    // Whether the pattern ends with an unescaped `%`, which absorbs a following run.
    let mut open = true;
    for c in needle.chars() {
        match c {
            '%' | '_' | '\\' => {
                pattern.push('\\');
                pattern.push(c);
                open = false;
            }
            c if c.is_ascii() => {
                pattern.push(c.to_ascii_lowercase());
                open = false;
            }
            _ if open => {}
            _ => {
                pattern.push('%');
                open = true;
            }
        }
    }
    if !open {
        pattern.push('%');
    }
    pattern
}

/// `text` with every occurrence of `needle` (compared character by character, ignoring case)
/// replaced by `with`; `None` when there is none.
fn replace_ignoring_case(text: &str, needle: &str, with: &str) -> Option<String> {
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut found = false;
    let mut rest = text;
    while !rest.is_empty() {
        let mut chars = rest.char_indices();
        let matched_len = needle.iter().try_fold(0, |_, &n| match chars.next() {
            Some((i, c)) if same(c, n) => Some(i + c.len_utf8()),
            _ => None,
        });
        match matched_len {
            Some(len) => {
                out.push_str(with);
                rest = &rest[len..];
                found = true;
            }
            None => {
                let c = rest.chars().next().unwrap_or_default();
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    found.then_some(out)
}

/// One day of sign-ins.
#[derive(Debug, Clone, Default)]
pub struct DayStats {
    pub day: i64,
    /// Successful sign-ins by method (`password`, …).
    pub by_method: std::collections::BTreeMap<String, i64>,
    pub failures: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_cut_on_char_boundaries() {
        assert_eq!(capped("short", 10), "short");
        let long = "é".repeat(600);
        let cut = capped(&long, MAX_DETAIL_CHARS);
        assert_eq!(cut.chars().count(), MAX_DETAIL_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn replaces_in_any_case_and_patterns_escape() {
        assert_eq!(
            replace_ignoring_case(
                "failed for  GRACE@Example.com , and Grace@example.COM",
                "grace@example.com",
                "[erased]"
            )
            .as_deref(),
            Some("failed for  [erased] , and [erased]")
        );
        assert_eq!(
            replace_ignoring_case("nothing", "grace@example.com", "x"),
            None
        );
        assert_eq!(candidate_pattern("a_b%c@Ex.com"), "%a\\_b\\%c@ex.com%");
        assert_eq!(candidate_pattern("jürgen@x.de"), "%j%rgen@x.de%");
    }
}
