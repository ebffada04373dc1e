//! Every rate limit in one place: which buckets exist, how each is charged, and what a
//! success gives back. Two kinds:
//!
//! - **Throttles** guard a credential check. The attempt is charged *before* the work, in one
//!   statement that refuses when a bucket is blocked (`Store::charge_attempts`), so a burst
//!   of simultaneous guesses gets at most the allowance checked. A success clears the bucket
//!   (the owner proved themselves) or refunds the one attempt (a shared address: others'
//!   failures stay counted). High-entropy secrets (client secrets, API keys) are the
//!   exception: the right one is never refused, so only failures are counted, after the work.
//! - **Quotas** cap how often something may happen at all (N per window, several windows per
//!   key), whether it succeeds or not: parked authorization requests, messages sent.
//!
//! Addresses are keys as they are, except IPv6, which is grouped by /64: one subscriber
//! usually holds a whole /64 and could otherwise rotate through it.

use std::net::IpAddr;

use crate::App;
use crate::store::{Charge, RateLimitPolicy, StoreError};

/// A limit said no: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub retry_after: i64,
}

#[derive(Debug)]
pub enum LimitError {
    Refused(Refused),
    Store(StoreError),
}

impl From<StoreError> for LimitError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// What a success does to a throttle's bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnSuccess {
    /// Forget the failures: the bucket is one person's, and they just proved themselves.
    Clear,
    /// Give back this attempt only: the bucket is shared (an address), and the failures of
    /// the others behind it still count.
    Refund,
    /// Keep the charge: the bucket counts attempts, successful or not.
    Keep,
}

/// One bucket of failure throttling.
#[derive(Debug, Clone)]
pub struct Throttle {
    bucket: String,
    on_success: OnSuccess,
}

impl Throttle {
    fn new(bucket: String, on_success: OnSuccess) -> Self {
        Self { bucket, on_success }
    }

    /// Password sign-ins naming this address (case-insensitive), from browsers the account
    /// does not know. The bucket holds a hash of what was typed, not the text: it is sometimes
    /// a password typed into the wrong field.
    pub fn sign_in_account(email: &str) -> Self {
        let typed = crate::crypto::token::hash_token(&email.trim().to_lowercase());
        Self::new(format!("login:acct:{typed}"), OnSuccess::Clear)
    }

    /// Password sign-ins from one address, whatever account they name.
    pub fn sign_in_address(ip: &str) -> Self {
        Self::new(format!("login:ip:{}", address_key(ip)), OnSuccess::Refund)
    }

    /// Password sign-ins from a browser that signed in to the account before (its device
    /// cookie): strangers' failures never reach this bucket, so they cannot lock it.
    pub fn sign_in_device(device: &str) -> Self {
        Self::new(format!("login:device:{device}"), OnSuccess::Clear)
    }

    /// Codes at the second step (authenticator or recovery) and at enrollment.
    pub fn second_factor(user_id: &str) -> Self {
        Self::new(format!("mfa:{user_id}"), OnSuccess::Clear)
    }

    /// A signed-in user typing their own password again (`purpose`: re-authentication,
    /// password change, e-mail change).
    pub fn own_password(purpose: &str, user_id: &str) -> Self {
        Self::new(format!("{purpose}:{user_id}"), OnSuccess::Clear)
    }

    /// A bucket of the account flows (verification and reset codes, sign-ups, resends):
    /// `scope` names the flow and what is counted, e.g. `verify:ip:<addr>`.
    pub fn account_flow(scope: String, counts_successes: bool) -> Self {
        let on_success = if counts_successes {
            OnSuccess::Keep
        } else {
            OnSuccess::Refund
        };
        Self::new(scope, on_success)
    }

    /// Failed client authentications of one client from one address.
    pub fn client_secret(client_id: &str, ip: &str) -> Self {
        Self::new(
            format!("client:{client_id}:{}", address_key(ip)),
            OnSuccess::Keep,
        )
    }

    /// Failed admin-API credentials from one address.
    pub fn api_credential(ip: &str) -> Self {
        Self::new(format!("admin-api:ip:{}", address_key(ip)), OnSuccess::Keep)
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }
}

fn policy(app: &App) -> RateLimitPolicy {
    RateLimitPolicy::from(&app.settings.rate_limits)
}

/// Attempts charged to their throttles, waiting to learn whether the work succeeded. Dropping
/// it without a verdict leaves the charges standing, as for a failure.
#[must_use = "say whether the attempt succeeded, or the charges stand as failures"]
pub struct Admitted {
    throttles: Vec<Throttle>,
    /// Set when this attempt used up an allowance: the block it started, should it fail.
    blocks_until: Option<i64>,
    now: i64,
}

impl Admitted {
    /// The check passed: clear or refund each bucket as it says, in one statement.
    pub async fn succeeded(self, app: &App) -> Result<(), StoreError> {
        let pick = |wanted: OnSuccess| -> Vec<&str> {
            self.throttles
                .iter()
                .filter(|t| t.on_success == wanted)
                .map(|t| t.bucket.as_str())
                .collect()
        };
        let (clear, refund) = (pick(OnSuccess::Clear), pick(OnSuccess::Refund));
        app.store
            .settle_attempts(&clear, &refund, &policy(app))
            .await
    }

    /// The check failed: the charges stand. `Err` when this was the last attempt the
    /// allowance had, so the answer can say when to try again.
    pub fn failed(self) -> Result<(), Refused> {
        match self.blocks_until {
            Some(until) => Err(Refused {
                retry_after: (until - self.now).max(1),
            }),
            None => Ok(()),
        }
    }

    /// The attempt counts whatever its outcome (a sign-up, a message asked for).
    pub fn counted(self) {}

    /// The attempt was refused for its input before any credential was checked (a weak
    /// password at sign-up): every charge is given back.
    pub async fn given_back(self, app: &App) -> Result<(), StoreError> {
        let all: Vec<&str> = self.throttles.iter().map(|t| t.bucket.as_str()).collect();
        app.store.settle_attempts(&[], &all, &policy(app)).await
    }
}

/// Charges one attempt to every throttle before the work, in one statement. If any refuses,
/// the charges made to the others are given back (the attempt never happened) and the
/// longest wait is returned.
pub async fn admit(app: &App, throttles: Vec<Throttle>) -> Result<Admitted, LimitError> {
    let now = app.clock.now();
    let policy = policy(app);
    let buckets: Vec<&str> = throttles.iter().map(|t| t.bucket.as_str()).collect();
    let charges = app.store.charge_attempts(&buckets, now, &policy).await?;
    let mut admitted = Vec::with_capacity(buckets.len());
    let mut refused: Option<i64> = None;
    let mut blocks_until: Option<i64> = None;
    for (bucket, charge) in buckets.iter().zip(charges) {
        match charge {
            Charge::Admitted(attempts) => {
                admitted.push(*bucket);
                let delay = policy.delay_for(attempts);
                if delay > 0 {
                    blocks_until = Some(blocks_until.map_or(now + delay, |b| b.max(now + delay)));
                }
            }
            Charge::Refused { blocked_until } => {
                refused = Some(refused.map_or(blocked_until, |r| r.max(blocked_until)));
            }
        }
    }
    if let Some(until) = refused {
        app.store.settle_attempts(&[], &admitted, &policy).await?;
        return Err(LimitError::Refused(Refused {
            retry_after: (until - now).max(1),
        }));
    }
    Ok(Admitted {
        throttles,
        blocks_until,
        now,
    })
}

/// Counts a failed check of a high-entropy secret (after the work: the right secret is never
/// refused). `Err(Refused)` once the failures are over the allowance, so the caller can say
/// when to come back.
pub async fn count_failure(app: &App, throttle: &Throttle) -> Result<(), LimitError> {
    let now = app.clock.now();
    match app
        .store
        .record_failure(&throttle.bucket, now, &policy(app))
        .await?
    {
        Some(until) => Err(LimitError::Refused(Refused {
            retry_after: (until - now).max(1),
        })),
        None => Ok(()),
    }
}

/// A cap on how often something may happen per key, over one or more fixed windows
/// (e.g. 5 per hour and 20 per day).
#[derive(Debug, Clone)]
pub struct Quota {
    name: &'static str,
    /// (allowed uses, window in seconds)
    windows: Vec<(i64, i64)>,
}

impl Quota {
    pub fn new(name: &'static str, windows: Vec<(i64, i64)>) -> Self {
        Self { name, windows }
    }

    /// Sign-ins begun at /authorize and parked in the database, per client address (charge
    /// it with [`address_key`]): `per_10_min` in 10 minutes.
    pub fn parked_authorizations(per_10_min: i64) -> Self {
        Self::new("parked-authz", vec![(per_10_min, 600)])
    }

    /// Charges one use to `key` in every window, each in one statement, and refuses when any
    /// window is over its allowance. Uses over the allowance still count, so hammering a full
    /// quota does not earn a slot at the window's turn.
    pub async fn charge(&self, app: &App, key: &str) -> Result<(), LimitError> {
        let now = app.clock.now();
        let mut wait: Option<i64> = None;
        for &(allowed, window_secs) in &self.windows {
            let bucket = format!("quota:{}:{window_secs}:{key}", self.name);
            let (used, started) = app.store.charge_window(&bucket, now, window_secs).await?;
            if used > allowed {
                let until = started + window_secs;
                wait = Some(wait.map_or(until, |w| w.max(until)));
            }
        }
        match wait {
            Some(until) => Err(LimitError::Refused(Refused {
                retry_after: (until - now).max(1),
            })),
            None => Ok(()),
        }
    }
}

/// Uses charged to several quotas together, held until the work is known to have happened:
/// [`Charged::refund`] gives them back when it did not (a text that could not be sent counts
/// against nothing).
#[must_use = "refund the charges when the work fails, or drop this once it succeeded"]
pub struct Charged {
    /// (bucket, the start of the window the use was counted in)
    charges: Vec<(String, i64)>,
}

impl Charged {
    pub async fn refund(self, app: &App) -> Result<(), StoreError> {
        for (bucket, window_start) in &self.charges {
            app.store.refund_window(bucket, *window_start).await?;
        }
        Ok(())
    }
}

/// Charges one use to every `(quota, key)`, in order, each window in one statement. At the
/// first window over its allowance the uses already charged to the others are given back —
/// one network's flood must not use up the number's or the installation's allowance — and
/// the refusal says when to try again. The refusing window keeps its use, so hammering a full
/// quota earns nothing.
pub async fn charge_all(app: &App, quotas: &[(&Quota, &str)]) -> Result<Charged, LimitError> {
    let now = app.clock.now();
    let mut charged = Charged {
        charges: Vec::new(),
    };
    for (quota, key) in quotas {
        for &(allowed, window_secs) in &quota.windows {
            let bucket = format!("quota:{}:{window_secs}:{key}", quota.name);
            let (used, started) = app.store.charge_window(&bucket, now, window_secs).await?;
            if used > allowed {
                charged.refund(app).await?;
                return Err(LimitError::Refused(Refused {
                    retry_after: (started + window_secs - now).max(1),
                }));
            }
            charged.charges.push((bucket, started));
        }
    }
    Ok(charged)
}

impl Quota {
    /// The quota's name (what refusals are audited under).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Uses counted so far in the window of `window_secs` for `key` (for the console).
    pub async fn used(&self, app: &App, key: &str, window_secs: i64) -> Result<i64, StoreError> {
        let bucket = format!("quota:{}:{window_secs}:{key}", self.name);
        app.store
            .window_uses(&bucket, app.clock.now(), window_secs)
            .await
    }
}

/// The key an address is limited under: IPv4 and unparseable text as they are, IPv6 by its
/// /64 network (and IPv4-mapped IPv6 as the IPv4 address).
pub fn address_key(ip: &str) -> String {
    match ip.trim().parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn ipv6_is_grouped_by_its_64_and_ipv4_kept() {
        assert_eq!(address_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(
            address_key("2001:db8:1:2:aaaa::1"),
            address_key("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_eq!(address_key("2001:db8:1:2::9"), "2001:db8:1:2::/64");
        assert_ne!(
            address_key("2001:db8:1:2::1"),
            address_key("2001:db8:1:3::1")
        );
        assert_eq!(address_key("::ffff:192.0.2.1"), "192.0.2.1");
        assert_eq!(address_key(""), "");
    }
}
