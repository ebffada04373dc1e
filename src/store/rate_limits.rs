//! Failure counters for credential checks, shared by every node through the database.
//! A bucket names what is limited (`login:acct:<email>`, `login:ip:<addr>`, `client:<id>`).
//! Failures within a window are counted; past `max_failures`, each further failure doubles
//! a block, up to a ceiling.

use sqlx::FromRow;

use super::{Store, StoreResult};
use crate::config::RateLimitSettings;

#[derive(Debug, Clone, Copy)]
pub struct RateLimitPolicy {
    pub max_failures: i64,
    pub window_secs: i64,
    pub base_delay_secs: i64,
    pub max_delay_secs: i64,
}

impl From<&RateLimitSettings> for RateLimitPolicy {
    fn from(s: &RateLimitSettings) -> Self {
        Self {
            max_failures: s.max_failures,
            window_secs: s.window_secs,
            base_delay_secs: s.base_delay_secs,
            max_delay_secs: s.max_delay_secs,
        }
    }
}

impl RateLimitPolicy {
    /// The block that `failures` failures earn.
    fn delay_for(&self, failures: i64) -> i64 {
        let over = failures - self.max_failures;
        if over < 0 {
            return 0;
        }
        let doubled = self.base_delay_secs.saturating_mul(1_i64 << over.min(30));
        doubled.min(self.max_delay_secs)
    }
}

#[derive(FromRow)]
struct Bucket {
    failures: i64,
    blocked_until: i64,
}

impl Store {
    /// When the bucket is blocked, until when.
    pub async fn rate_limit_blocked_until(
        &self,
        bucket: &str,
        now: i64,
    ) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT blocked_until FROM rate_limits WHERE bucket = $1")
                .bind(bucket)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(until,)| until).filter(|until| *until > now))
    }

    /// Counts one failure and returns the block it causes, if any. The upsert is one
    /// statement, so concurrent failures on different nodes all count.
    pub async fn record_failure(
        &self,
        bucket: &str,
        now: i64,
        policy: &RateLimitPolicy,
    ) -> StoreResult<Option<i64>> {
        let window_floor = now - policy.window_secs;
        sqlx::query(
            "INSERT INTO rate_limits (bucket, failures, window_start, blocked_until) VALUES ($1, 1, $2, 0)
             ON CONFLICT (bucket) DO UPDATE SET
               failures = CASE WHEN rate_limits.window_start < $3 THEN 1 ELSE rate_limits.failures + 1 END,
               window_start = CASE WHEN rate_limits.window_start < $3 THEN $2 ELSE rate_limits.window_start END",
        )
        .bind(bucket)
        .bind(now)
        .bind(window_floor)
        .execute(&self.pool)
        .await?;
        let row: Bucket =
            sqlx::query_as("SELECT failures, blocked_until FROM rate_limits WHERE bucket = $1")
                .bind(bucket)
                .fetch_one(&self.pool)
                .await?;
        let delay = policy.delay_for(row.failures);
        if delay == 0 {
            return Ok(None);
        }
        let until = (now + delay).max(row.blocked_until);
        sqlx::query(
            "UPDATE rate_limits SET blocked_until = $1 WHERE bucket = $2 AND blocked_until < $1",
        )
        .bind(until)
        .bind(bucket)
        .execute(&self.pool)
        .await?;
        Ok(Some(until))
    }

    /// Takes the one slot `bucket` has per `interval_secs`: `true` for the first caller in
    /// an interval, `false` for every other, however many nodes ask at once (the conflict
    /// update's condition is checked against the row as committed).
    pub async fn claim_interval(
        &self,
        bucket: &str,
        now: i64,
        interval_secs: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO rate_limits (bucket, failures, window_start, blocked_until) VALUES ($1, 1, $2, 0)
             ON CONFLICT (bucket) DO UPDATE SET failures = 1, window_start = $2
             WHERE rate_limits.window_start <= $3",
        )
        .bind(bucket)
        .bind(now)
        .bind(now - interval_secs)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn reset_rate_limit(&self, bucket: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM rate_limits WHERE bucket = $1")
            .bind(bucket)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_after_the_allowance_and_cap() {
        let p = RateLimitPolicy {
            max_failures: 5,
            window_secs: 900,
            base_delay_secs: 2,
            max_delay_secs: 60,
        };
        assert_eq!(p.delay_for(4), 0);
        assert_eq!(p.delay_for(5), 2);
        assert_eq!(p.delay_for(6), 4);
        assert_eq!(p.delay_for(9), 32);
        assert_eq!(p.delay_for(10), 60);
        assert_eq!(p.delay_for(500), 60);
    }
}
