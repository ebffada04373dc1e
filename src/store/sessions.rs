//! Browser sessions: the cookie holds a random token, the database its hash.

use sqlx::FromRow;

use super::{Store, StoreResult, json_list, parse_json_list};

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
}

impl Session {
    /// Whether the password was typed (at sign-in or since) within the last `window` seconds.
    pub fn recently_authenticated(&self, now: i64, window: i64) -> bool {
        let latest = self.reauthenticated_at.unwrap_or(0).max(self.auth_time);
        now - latest <= window
    }
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
}

const COLUMNS: &str = "id, user_id, auth_time, amr, idp, user_agent, ip, created_at, last_seen_at, expires_at, reauthenticated_at";

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

    pub async fn insert_session(&self, s: &NewSession) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (id, token_hash, user_id, auth_time, amr, user_agent, ip, created_at, last_seen_at, expires_at, idp)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10)",
        )
        .bind(&s.id)
        .bind(&s.token_hash)
        .bind(&s.user_id)
        .bind(s.auth_time)
        .bind(json_list(&s.amr))
        .bind(&s.user_agent)
        .bind(&s.ip)
        .bind(s.now)
        .bind(s.expires_at)
        .bind(s.idp.as_deref())
        .execute(&self.pool)
        .await?;
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
            .bind(now - 60)
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
