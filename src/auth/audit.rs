//! Audit events caused by requests nobody has authenticated (failed sign-ins, sign-ups,
//! password-reset requests, …). Anyone can cause those, so they are capped per address:
//! beyond the quota they are not written, and one `audit_suppressed` event per window says
//! so. Events about a signed-in user's or an administrator's action never go through here
//! and are always written.

use super::limits::{self, LimitError, Quota};
use crate::App;
use crate::domain::AuditKind;
use crate::store::{AuditEvent, StoreResult};

/// Unauthenticated events written per address (IPv6 per /64) and window.
const PER_ADDRESS: i64 = 300;
const WINDOW_SECS: i64 = 600;

/// Writes `event` unless its address is over the quota. A refused write is not an error for
/// the caller: the request itself goes on as it would have.
pub async fn record_anonymous(app: &App, event: &AuditEvent) -> StoreResult<()> {
    let key = limits::address_key(&event.ip);
    match Quota::new("audit", vec![(PER_ADDRESS, WINDOW_SECS)])
        .charge(app, &key)
        .await
    {
        Ok(()) => app.store.record_audit(event, app.clock.now()).await,
        Err(LimitError::Store(e)) => Err(e),
        Err(LimitError::Refused(_)) => note_suppressed(app, event, &key).await,
    }
}

/// The first suppressed event of a window leaves one row (and one log line); the rest only
/// count in the quota's bucket.
async fn note_suppressed(app: &App, event: &AuditEvent, key: &str) -> StoreResult<()> {
    match Quota::new("audit-suppressed", vec![(1, WINDOW_SECS)])
        .charge(app, key)
        .await
    {
        Ok(()) => {
            tracing::warn!(
                address = %key,
                kind = event.kind.as_str(),
                "too many unauthenticated audit events from one address; more are not recorded for {WINDOW_SECS} seconds"
            );
            app.store
                .record_audit(
                    &AuditEvent {
                        kind: AuditKind::AuditSuppressed,
                        user_id: None,
                        client_id: None,
                        ip: event.ip.clone(),
                        user_agent: event.user_agent.clone(),
                        detail: format!(
                            "more than {PER_ADDRESS} unauthenticated events from this address within {WINDOW_SECS} seconds; further ones are not recorded (first: {})",
                            event.kind
                        ),
                    },
                    app.clock.now(),
                )
                .await
        }
        Err(LimitError::Refused(_)) => Ok(()),
        Err(LimitError::Store(e)) => Err(e),
    }
}
