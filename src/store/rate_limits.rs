//! Counters for rate limits, shared by every node through the database. A bucket names what
//! is limited (`login:acct:<hash of the typed e-mail>`, `login:ip:<addr>`,
//! `quota:authorize:<addr>:600`, …); the meaning of the buckets lives in `auth::limits`.
//! Every charge is one statement whose result decides, so simultaneous requests on any
//! number of nodes cannot all slip under a limit.

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
    /// The block that the `attempts`-th attempt in a window earns: none below the allowance,
    /// then the base delay, doubling with each further attempt up to the ceiling.
    pub fn delay_for(&self, attempts: i64) -> i64 {
        let over = attempts - self.max_failures;
        if over < 0 {
            return 0;
        }
        let doubled = self.base_delay_secs.saturating_mul(1_i64 << over.min(30));
        doubled.min(self.max_delay_secs)
    }
}

/// What charging an attempt decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    /// The attempt may go ahead; it is the `n`-th charged in the window.
    Admitted(i64),
    /// The bucket is blocked until this time; nothing was charged.
    Refused { blocked_until: i64 },
}

#[derive(FromRow)]
struct Window {
    failures: i64,
    window_start: i64,
}

impl Store {
    /// Charges one attempt to each bucket before the work they guard, all in one statement:
    /// a bucket's upsert only happens while it is not blocked, and the attempt that reaches
    /// the allowance sets the block in the same statement, so of any number of simultaneous
    /// attempts at most the allowance are admitted. One answer per bucket, in their order.
    /// The caller settles on success ([`Store::settle_attempts`]).
    pub async fn charge_attempts(
        &self,
        buckets: &[&str],
        now: i64,
        policy: &RateLimitPolicy,
    ) -> StoreResult<Vec<Charge>> {
        // Rows are taken in one order by every statement, so two of them never wait on each
        // other's rows (PostgreSQL locks a multi-row upsert's rows as it goes).
        let mut sorted: Vec<&str> = buckets.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let values = (0..sorted.len())
            .map(|i| {
                format!(
                    "(${}, 1, $1, CASE WHEN $3 <= 1 THEN $1 + $4 ELSE 0 END)",
                    i + 5
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO rate_limits (bucket, failures, window_start, blocked_until)
             VALUES {values}
             ON CONFLICT (bucket) DO UPDATE SET
               failures = CASE WHEN rate_limits.window_start <= $2 THEN 1
                               ELSE rate_limits.failures + 1 END,
               window_start = CASE WHEN rate_limits.window_start <= $2 THEN $1
                                   ELSE rate_limits.window_start END,
               blocked_until = CASE WHEN (CASE WHEN rate_limits.window_start <= $2 THEN 1
                                               ELSE rate_limits.failures + 1 END) >= $3
                                    THEN $1 + $4 ELSE 0 END
             WHERE rate_limits.blocked_until <= $1
             RETURNING bucket, failures"
        );
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(now - policy.window_secs)
            .bind(policy.max_failures)
            .bind(policy.base_delay_secs);
        for bucket in &sorted {
            query = query.bind(*bucket);
        }
        let admitted: Vec<(String, i64)> = query.fetch_all(&self.pool).await?;
        let mut charges = Vec::with_capacity(buckets.len());
        for bucket in buckets {
            let charge = match admitted.iter().find(|(b, _)| b == bucket) {
                Some(&(_, attempts)) => {
                    // The statement blocked for the base delay; later attempts earn longer.
                    let delay = policy.delay_for(attempts);
                    if delay > policy.base_delay_secs {
                        self.extend_block(bucket, now + delay).await?;
                    }
                    Charge::Admitted(attempts)
                }
                None => Charge::Refused {
                    blocked_until: self
                        .rate_limit_blocked_until(bucket, now)
                        .await?
                        .unwrap_or(now + 1),
                },
            };
            charges.push(charge);
        }
        Ok(charges)
    }

    /// Settles attempts charged by [`Store::charge_attempts`], in one statement: the `clear`
    /// buckets forget their failures, the `refund` buckets get this attempt back (their block
    /// goes when the count falls below the allowance again).
    pub async fn settle_attempts(
        &self,
        clear: &[&str],
        refund: &[&str],
        policy: &RateLimitPolicy,
    ) -> StoreResult<()> {
        if clear.is_empty() && refund.is_empty() {
            return Ok(());
        }
        // $1 is the allowance; then the cleared buckets, then the refunded ones.
        let list = |from: usize, n: usize| {
            let names: Vec<String> = (from..from + n).map(|i| format!("${i}")).collect();
            // An empty IN list is not SQL; NULL matches nothing.
            if names.is_empty() {
                "NULL".to_string()
            } else {
                names.join(", ")
            }
        };
        let cleared = list(2, clear.len());
        let refunded = list(2 + clear.len(), refund.len());
        let sql = format!(
            "UPDATE rate_limits SET
               failures = CASE WHEN bucket IN ({cleared}) THEN 0 ELSE failures - 1 END,
               blocked_until = CASE WHEN bucket IN ({cleared}) OR failures - 1 < $1 THEN 0
                                    ELSE blocked_until END
             WHERE bucket IN ({cleared}) OR (bucket IN ({refunded}) AND failures > 0)"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(policy.max_failures);
        for bucket in clear.iter().chain(refund) {
            query = query.bind(*bucket);
        }
        query.execute(&self.pool).await?;
        Ok(())
    }

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

    /// Counts one failure after the work, for checks of high-entropy secrets that must never
    /// refuse the right one, and returns the block it causes, if any. One statement counts
    /// it, so concurrent failures on different nodes all count.
    pub async fn record_failure(
        &self,
        bucket: &str,
        now: i64,
        policy: &RateLimitPolicy,
    ) -> StoreResult<Option<i64>> {
        let (failures, _) = self.charge_window(bucket, now, policy.window_secs).await?;
        let delay = policy.delay_for(failures);
        if delay == 0 {
            return Ok(None);
        }
        let until = now + delay;
        self.extend_block(bucket, until).await?;
        Ok(Some(until))
    }

    /// Counts one use in the fixed window of `window_secs` that `bucket` is in, and returns
    /// the count including this one and when the window started (for quotas: N per window).
    pub async fn charge_window(
        &self,
        bucket: &str,
        now: i64,
        window_secs: i64,
    ) -> StoreResult<(i64, i64)> {
        let row: Window = sqlx::query_as(
            "INSERT INTO rate_limits (bucket, failures, window_start, blocked_until) VALUES ($1, 1, $2, 0)
             ON CONFLICT (bucket) DO UPDATE SET
               failures = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.failures + 1 END,
               window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
             RETURNING failures, window_start",
        )
        .bind(bucket)
        .bind(now)
        .bind(now - window_secs)
        .fetch_one(&self.pool)
        .await?;
        Ok((row.failures, row.window_start))
    }

    /// Gives back one use charged by [`Store::charge_window`] in the window that started at
    /// `window_start` (nothing when the window has turned since).
    pub async fn refund_window(&self, bucket: &str, window_start: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE rate_limits SET failures = failures - 1
             WHERE bucket = $1 AND window_start = $2 AND failures > 0",
        )
        .bind(bucket)
        .bind(window_start)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Frees the slot [`Store::claim_interval`] gave at `claimed_at` (the work it guarded
    /// failed), so the next caller may claim it.
    pub async fn release_interval(&self, bucket: &str, claimed_at: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE rate_limits SET window_start = 0 WHERE bucket = $1 AND window_start = $2",
        )
        .bind(bucket)
        .bind(claimed_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Uses counted in a quota window that is still running (`None` when there is none).
    pub async fn window_uses(&self, bucket: &str, now: i64, window_secs: i64) -> StoreResult<i64> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT failures FROM rate_limits WHERE bucket = $1 AND window_start > $2",
        )
        .bind(bucket)
        .bind(now - window_secs)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map_or(0, |(n,)| n))
    }

    async fn extend_block(&self, bucket: &str, until: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE rate_limits SET blocked_until = $1 WHERE bucket = $2 AND blocked_until < $1",
        )
        .bind(until)
        .bind(bucket)
        .execute(&self.pool)
        .await?;
        Ok(())
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
