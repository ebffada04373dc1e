//! Liveness and readiness probes.

use axum::extract::State;
use axum::http::StatusCode;

use crate::App;

pub async fn healthz() -> &'static str {
    "ok"
}

/// How long the readiness check waits for the database: a load balancer polling it must
/// learn within a second that this node cannot serve.
const READY_WITHIN: std::time::Duration = std::time::Duration::from_secs(1);

/// Ready when the database answers, within [`READY_WITHIN`].
pub async fn readyz(State(app): State<App>) -> (StatusCode, &'static str) {
    match tokio::time::timeout(READY_WITHIN, app.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("readiness check failed: the database did not answer within a second");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
