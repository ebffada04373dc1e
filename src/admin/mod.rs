//! Administration use-cases, each checking a capability of the acting administrator. No HTTP
//! types: the console and the JSON API both call these.

pub mod api_keys;
pub mod audit;
pub mod clients;
pub mod invitations;
pub mod privileges;
pub mod users;

use crate::App;
use crate::domain::{Capabilities, Capability, User, capabilities_of};
use crate::store::{AuditEvent, StoreError};

/// Who is acting, and what they may do.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: User,
    pub capabilities: Capabilities,
    /// For the audit trail: `session` or `api_key:<id>`.
    pub via: String,
    pub ip: String,
}

impl Actor {
    pub fn require(&self, capability: Capability) -> Result<(), AdminError> {
        if self.capabilities.contains(&capability) {
            Ok(())
        } else {
            Err(AdminError::Forbidden(format!(
                "this needs the `{capability}` capability"
            )))
        }
    }

    /// Whether this actor may give or take `privilege`: administrators may; others only
    /// privileges they hold themselves and whose capabilities they have (no escalation).
    pub fn may_assign(&self, app: &App, privilege: &str) -> bool {
        if self.user.has_privilege("admin") {
            return true;
        }
        let conferred = capabilities_of([privilege], &app.settings.capability_grants);
        self.user.has_privilege(privilege) && conferred.is_subset(&self.capabilities)
    }
}

/// The capabilities a user holds through their privileges.
pub fn capabilities_of_user(app: &App, user: &User) -> Capabilities {
    capabilities_of(
        user.privileges.iter().map(String::as_str),
        &app.settings.capability_grants,
    )
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    /// Bad input: the field and what is wrong with it.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict => Self::Conflict("already exists".into()),
            other => Self::Internal(other.to_string()),
        }
    }
}

pub fn invalid(field: &'static str, message: impl Into<String>) -> AdminError {
    AdminError::Invalid {
        field,
        message: message.into(),
    }
}

/// Records an administrative action with its actor and target.
pub async fn audit(
    app: &App,
    actor: &Actor,
    kind: &'static str,
    target: Option<&str>,
    detail: impl Into<String>,
) -> Result<(), AdminError> {
    let detail = format!("by {} ({}) {}", actor.user.id, actor.via, detail.into());
    app.store
        .record_audit(
            &AuditEvent {
                kind,
                user_id: target.map(str::to_string),
                client_id: None,
                ip: actor.ip.clone(),
                user_agent: String::new(),
                detail: detail.trim_end().to_string(),
            },
            app.clock.now(),
        )
        .await?;
    Ok(())
}
