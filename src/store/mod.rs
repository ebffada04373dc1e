//! The persistence boundary: one module per aggregate, each adding methods to [`Store`].
//!
//! One set of queries serves SQLite and PostgreSQL through sqlx's `Any` driver, which carries
//! only integers, floats, text and bytes: ids are TEXT, timestamps BIGINT unix seconds, flags
//! BIGINT 0/1. Single-use things are consumed with one conditional UPDATE/DELETE whose
//! affected-row count decides the winner, never read-then-write.

/// A query string built from our own constant column lists (never from input), which sqlx 0.9
/// asks us to vouch for.
macro_rules! sql {
    ($($arg:tt)*) => { sqlx::AssertSqlSafe(format!($($arg)*)) };
}

mod admin_guard;
mod api_keys;
mod audit;
mod authorities;
mod clients;
mod federation;
mod grants;
mod invitations;
mod keys;
mod mfa;
mod node_cache;
mod phone_codes;
mod rate_limits;
mod sessions;
mod token_standing;
mod upstream_signups;
mod users;
mod verifications;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use api_keys::{ApiKey, NewApiKey};
pub use audit::{AuditEntry, AuditEvent, AuditFilter, DayStats};

pub use clients::NewClient;
pub use federation::{LinkOffer, ProviderRow, UpstreamLink, UpstreamState};
pub use grants::NewRefresh;
pub use grants::{
    ActingIds, AuthorizationCode, AuthorizationRequestRow, ConsumeCode, Grant, NewGrant,
    RefreshToken, RotateRefresh,
};
pub use invitations::Invitation;
pub use keys::StoredKey;
pub use mfa::{MfaChallenge, TotpFactor};
pub use node_cache::CHECK_EVERY as NODE_CACHE_CHECK;
pub use phone_codes::PhoneCode;

pub use admin_guard::GuardedChange;
pub use rate_limits::{Charge, RateLimitPolicy};
pub use sessions::{NewSession, SESSION_TOUCH_EVERY, Session, SessionFilter};
pub use token_standing::{GrantStanding, TokenStanding};
pub use upstream_signups::UpstreamSignup;
pub use users::{Names, NewUser, UserCursor, UserFilter};

pub use verifications::{NewVerification, Verification};

/// How long a pooled connection may sit unused before it is checked before use (HikariCP's
/// rule, with its 500 ms made a second): under load connections come back within
/// milliseconds and go straight out again; after a quiet moment, when the database may have
/// restarted, the check finds a dead connection before a request does.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(1);

/// How long a request waits for a connection before it is answered 503: while the database
/// is down sqlx keeps trying to connect until then, and a request that cannot be served
/// should say so promptly rather than hold its client (and a connection slot) for long.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken (an e-mail or id already taken).
    #[error("already exists")]
    Conflict,
    #[error("database error: {0}")]
    Db(sqlx::Error),
    /// The database cannot be reached or cannot take the work now (down, restarting, out of
    /// connections, locked, read-only, its disk full): the request may succeed later, and
    /// callers answer 503 / `temporarily_unavailable` rather than a fault of ours.
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        if is_unavailability(&err) {
            Self::Unavailable(err)
        } else {
            Self::Db(err)
        }
    }
}

/// Whether `err` says the database is out of reach or out of room for now, rather than
/// that a statement was wrong.
fn is_unavailability(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some()
            {
                // SQLSTATE: connection exceptions (08), insufficient resources such as a full
                // disk or too many connections (53), the server shutting down or starting
                // (57P01–57P03).
                code.starts_with("08")
                    || code.starts_with("53")
                    || matches!(code.as_ref(), "57P01" | "57P02" | "57P03")
            } else {
                // SQLite's extended result codes, whose low byte is the primary code: BUSY,
                // LOCKED, READONLY, IOERR, FULL, CANTOPEN.
                code.parse::<u32>()
                    .is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 8 | 10 | 13 | 14))
            }
        }
        _ => false,
    }
}

impl StoreError {
    /// Maps a unique-constraint violation to `Conflict` (by kind: SQLite reports no name).
    fn from_write(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
                Self::Conflict
            }
            _ => err.into(),
        }
    }

    /// The database is unavailable for now (see [`StoreError::Unavailable`]).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// This process's copy of the clients (see `node_cache`), shared by its clones.
    client_cache: std::sync::Arc<node_cache::NodeCache<clients::CachedClient>>,
    /// This process's copy of access tokens' standing, on SQLite only (see `token_standing`).
    standing_cache: std::sync::Arc<node_cache::NodeCache<TokenStanding>>,
}

impl Store {
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        if backend == Backend::Sqlite {
            create_sqlite_parent_dir(url)?;
        }
        let options = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            // SQLite serialises writers anyway; a few readers are plenty.
            .max_connections(if backend == Backend::Sqlite { max_connections.min(8) } else { max_connections })
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // sqlx pings a connection when it goes back to the pool, and by default again when
            // it is taken out: two round trips beside each statement (measured on PostgreSQL:
            // introspection +14 %, userinfo +15 %). Taking one out pings only after it sat idle.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > IDLE_BEFORE_PING {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        if backend == Backend::Sqlite {
            // WAL lets readers run beside the writer; the mode is stored in the file.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        Ok(Self {
            pool,
            backend,
            client_cache: Default::default(),
            standing_cache: Default::default(),
        })
    }

    pub async fn migrate(&self) -> StoreResult<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => {
                sqlx::migrate!("migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn create_sqlite_parent_dir(url: &str) -> StoreResult<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| StoreError::Corrupt(format!("cannot create {}: {e}", parent.display())))?;
    }
    Ok(())
}

/// A case-insensitive "contains" pattern for `LOWER(column) LIKE $n ESCAPE '\'`, with the
/// search text's own `%`, `_` and `\` matched literally; `None` for blank text.
fn like_pattern(text: Option<&str>) -> Option<String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Some(format!("%{escaped}%"))
}

/// The outcome of an UPDATE or DELETE that must hit a row: `NotFound` when it hit none.
fn found(done: sqlx::any::AnyQueryResult) -> StoreResult<()> {
    if done.rows_affected() == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

fn flag(value: bool) -> i64 {
    i64::from(value)
}

fn json_list(values: &[String]) -> String {
    serde_json::to_string(values).expect("a list of strings serialises")
}

fn parse_json_list(raw: &str) -> StoreResult<Vec<String>> {
    serde_json::from_str(raw).map_err(|e| StoreError::Corrupt(format!("list column: {e}")))
}
