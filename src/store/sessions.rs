//! Browser sessions: the cookie holds a random token, the database its hash.

use sqlx::FromRow;

use super::audit::{AUDIT_COLUMNS, AuditEvent, bind_audit};
use super::{Backend, Store, StoreResult, json_list, parse_json_list};

/// The INSERT of a [`NewSession`], its ten parameters numbered from `first`.
fn insert_session_sql(first: usize) -> String {
    let p = |i: usize| format!("${}", first + i);
    // created_at and last_seen_at are both `now`.
    let values = [0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9].map(p).join(", ");
    format!(
        "INSERT INTO sessions (id, token_hash, user_id, auth_time, amr, user_agent, ip, created_at, last_seen_at, expires_at, idp) VALUES ({values})"
    )
}

pub struct NewSession {
    pub id: String,
    pub token_hash: String,
    pub user_id: String,
    pub auth_time: i64,
    pub amr: Vec<String>,
    pub idp: Option<String>,
    pub user_agent: String,
    pub ip: String,
    pub now: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone)]
pub struct Session {
    /// Also the `sid` claim.
    pub id: String,
    pub user_id: String,
    pub auth_time: i64,
    pub amr: Vec<String>,
    /// The upstream provider the session signed in through, if any.
    pub idp: Option<String>,
    pub user_agent: String,
    pub ip: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    /// When the user last typed their password again in this session.
    pub reauthenticated_at: Option<i64>,
    /// The authority the session acts under, as read with the session.
    pub acting_authority_id: Option<String>,
}

impl Session {
    /// Whether the password was typed (at sign-in or since) within the last `window` seconds.
    pub fn recently_authenticated(&self, now: i64, window: i64) -> bool {
        let latest = self.reauthenticated_at.unwrap_or(0).max(self.auth_time);
        now - latest <= window
    }
}

/// Which sessions the administrators' list shows: the live ones (before their absolute
/// lifetime and idle timeout run out at `now`), of one user or of users whose address
/// contains `email`.
#[derive(Debug, Clone)]
pub struct SessionFilter {
    pub user_id: Option<String>,
    /// Part of the address, case-insensitive.
    pub email: Option<String>,
    pub now: i64,
    pub idle_timeout_secs: i64,
    pub limit: i64,
}

#[derive(FromRow)]
struct SessionRow {
    id: String,
    user_id: String,
    auth_time: i64,
    amr: String,
    idp: Option<String>,
    user_agent: String,
    ip: String,
    created_at: i64,
    last_seen_at: i64,
    expires_at: i64,
    reauthenticated_at: Option<i64>,
    acting_authority_id: Option<String>,
}

/// How stale a session's `last_seen_at` may get before a request records activity again.
pub const SESSION_TOUCH_EVERY: i64 = 60;

const COLUMNS: &str = "id, user_id, auth_time, amr, idp, user_agent, ip, created_at, last_seen_at, expires_at, reauthenticated_at, acting_authority_id";

impl SessionRow {
    fn into_session(self) -> StoreResult<Session> {
        Ok(Session {
            amr: parse_json_list(&self.amr)?,
            id: self.id,
            user_id: self.user_id,
            auth_time: self.auth_time,
            idp: self.idp,
            user_agent: self.user_agent,
            ip: self.ip,
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
            expires_at: self.expires_at,
            reauthenticated_at: self.reauthenticated_at,
            acting_authority_id: self.acting_authority_id,
        })
    }
}

impl Store {
    /// A user's sessions, newest first.
    pub async fn sessions_of_user(&self, user_id: &str) -> StoreResult<Vec<Session>> {
        let rows: Vec<SessionRow> = sqlx::query_as(sql!(
            "SELECT {COLUMNS} FROM sessions WHERE user_id = $1 ORDER BY created_at DESC, id DESC"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(SessionRow::into_session).collect()
    }

    pub async fn session_by_id(&self, id: &str) -> StoreResult<Option<Session>> {
        let row: Option<SessionRow> =
            sqlx::query_as(sql!("SELECT {COLUMNS} FROM sessions WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(SessionRow::into_session).transpose()
    }

    /// Live sessions of every user (or of those the filter names), newest first, at most
    /// `filter.limit` (1 to 1000).
    pub async fn list_sessions(&self, filter: &SessionFilter) -> StoreResult<Vec<Session>> {
        let mut clauses = vec![
            "expires_at > $1".to_string(),
            "last_seen_at > $2".to_string(),
        ];
        let mut binds: Vec<String> = Vec::new();
        if let Some(user_id) = &filter.user_id {
            binds.push(user_id.clone());
            clauses.push(format!("user_id = ${}", binds.len() + 2));
        }
        if let Some(pattern) = super::like_pattern(filter.email.as_deref()) {
            binds.push(pattern);
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM users u WHERE u.id = sessions.user_id AND u.email LIKE ${} ESCAPE '\\')",
                binds.len() + 2
            ));
        }
        let limit = filter.limit.clamp(1, 1000);
        let sql = format!(
            "SELECT {COLUMNS} FROM sessions WHERE {} ORDER BY created_at DESC, id DESC LIMIT {limit}",
            clauses.join(" AND ")
        );
        let mut query = sqlx::query_as::<_, SessionRow>(sqlx::AssertSqlSafe(sql))
            .bind(filter.now)
            .bind(filter.now - filter.idle_timeout_secs);
        for b in &binds {
            query = query.bind(b.clone());
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.into_iter().map(SessionRow::into_session).collect()
    }

    /// A new session and the audit record of the sign-in that opened it, written together:
    /// on PostgreSQL one statement (a data-modifying CTE), on SQLite, which has none, two in
    /// one transaction. Either both are there or neither.
    pub async fn insert_session(&self, s: &NewSession, sign_in: &AuditEvent) -> StoreResult<()> {
        let bind_session =
            |query: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>| {
                query
                    .bind(s.id.clone())
                    .bind(s.token_hash.clone())
                    .bind(s.user_id.clone())
                    .bind(s.auth_time)
                    .bind(json_list(&s.amr))
                    .bind(s.user_agent.clone())
                    .bind(s.ip.clone())
                    .bind(s.now)
                    .bind(s.expires_at)
                    .bind(s.idp.clone())
            };
        let audit_values = "$1, $2, $3, $4, $5, $6, $7, $8";
        match self.backend {
            Backend::Postgres => {
                let query = sqlx::query(sql!(
                    "WITH session AS ({} RETURNING id)
                     INSERT INTO audit_events ({AUDIT_COLUMNS}) SELECT {audit_values} FROM session",
                    insert_session_sql(9)
                ));
                bind_session(bind_audit(query, sign_in, s.now))
                    .execute(&self.pool)
                    .await?;
            }
            Backend::Sqlite => {
                let mut tx = self.pool.begin().await?;
                bind_session(sqlx::query(sql!("{}", insert_session_sql(1))))
                    .execute(&mut *tx)
                    .await?;
                let audit = sqlx::query(sql!(
                    "INSERT INTO audit_events ({AUDIT_COLUMNS}) VALUES ({audit_values})"
                ));
                bind_audit(audit, sign_in, s.now).execute(&mut *tx).await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    pub async fn session_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Session>> {
        let row: Option<SessionRow> =
            sqlx::query_as(sql!("SELECT {COLUMNS} FROM sessions WHERE token_hash = $1"))
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(SessionRow::into_session).transpose()
    }

    /// A session that has just passed a second factor: new methods, and a new token so a
    /// cookie seen before the step-up is worth nothing after it.
    pub async fn step_up_session(
        &self,
        id: &str,
        new_token_hash: &str,
        amr: &[String],
    ) -> StoreResult<()> {
        let done = sqlx::query("UPDATE sessions SET token_hash = $1, amr = $2 WHERE id = $3")
            .bind(new_token_hash)
            .bind(json_list(amr))
            .bind(id)
            .execute(&self.pool)
            .await?;
        super::found(done)
    }

    /// Notes that the user typed their password again.
    pub async fn mark_reauthenticated(&self, id: &str, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET reauthenticated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records activity, at most once a minute per session to spare the database writes.
    pub async fn touch_session(&self, id: &str, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $3")
            .bind(now)
            .bind(id)
            .bind(now - SESSION_TOUCH_EVERY)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, id: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn delete_sessions_of_user(&self, user_id: &str) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Sessions not yet past their absolute lifetime, for the dashboard.
    pub async fn count_live_sessions(&self, now: i64) -> StoreResult<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE expires_at > $1")
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }
}
