//! Administration use-cases, each checking a capability of the acting administrator. No HTTP
//! types: the console and the JSON API both call these.

pub mod api_keys;
pub mod audit;
pub mod authorities;
pub mod clients;
pub mod invitations;
pub mod mfa;
pub mod privileges;
pub mod providers;
pub mod service_accounts;
pub mod sessions;
pub mod sms;
pub mod users;
pub mod welcome;

use crate::App;
use crate::domain::{Capabilities, Capability, User, capabilities_of};
use crate::i18n::{self, tr};
use crate::store::{AuditEvent, StoreError};

/// Who is acting, and what they may do: a person (signed in, or through their API key) or a
/// machine client holding `admin:` scopes from `client_credentials`.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The person, when a person acts.
    pub user: Option<User>,
    /// The client, when a `client_credentials` token acts.
    pub client_id: Option<String>,
    pub capabilities: Capabilities,
    /// For the audit trail: `session` or `api_key:<id>`.
    pub via: String,
    pub ip: String,
}

impl Actor {
    /// The operator at the command line: whoever can run `gatehouse` against the database
    /// and keys holds the machine, so every capability; their actions are audited like
    /// anyone's, as `operator`.
    pub fn operator() -> Self {
        Self {
            user: None,
            client_id: None,
            capabilities: Capability::ALL.into_iter().collect(),
            via: "command line".into(),
            ip: "local".into(),
        }
    }

    pub fn require(&self, capability: Capability) -> Result<(), AdminError> {
        if self.capabilities.contains(&capability) {
            Ok(())
        } else {
            Err(AdminError::Forbidden(i18n::current().t1(
                "admin-err-needs-capability",
                "capability",
                capability.as_str(),
            )))
        }
    }

    /// For the audit trail: the user id, or `client:<id>`.
    pub fn id(&self) -> String {
        match (&self.user, &self.client_id) {
            (Some(user), _) => user.id.clone(),
            (None, Some(client)) => format!("client:{client}"),
            (None, None) => "operator".into(),
        }
    }

    /// Whether this actor may give or take `privilege`. Decided by what the acting
    /// credential holds now, never by who owns it: everything the privilege confers must be
    /// among the actor's own capabilities (a key's, already cut down to its owner's). On top
    /// of that a person, unless they hold every capability, may hand out only privileges
    /// they hold themselves, and a machine client never `admin` (no administrators made by a
    /// machine).
    pub fn may_assign(&self, app: &App, privilege: &str) -> bool {
        let conferred = capabilities_of([privilege], &app.settings.capability_grants);
        if !conferred.is_subset(&self.capabilities) {
            return false;
        }
        match (&self.user, &self.client_id) {
            (Some(owner), _) => {
                owner.has_privilege(privilege)
                    || capabilities_of_user(app, owner).len() == Capability::ALL.len()
            }
            (None, Some(_)) => privilege != "admin",
            // The operator may make administrators: that is how a locked-out site recovers.
            (None, None) => true,
        }
    }

    /// The user `id`, loaded to be acted on: `NotFound` if there is none, `Forbidden` unless
    /// [`Actor::may_act_on`] allows it.
    pub async fn target(&self, app: &App, id: &str) -> Result<User, AdminError> {
        let user = app
            .store
            .user_by_id(id)
            .await?
            .ok_or(AdminError::NotFound)?;
        self.may_act_on(app, &user)?;
        Ok(user)
    }

    /// Acting on someone (editing them, changing their address, resetting their password or
    /// second factor, ending their sessions, (de)activating, deleting) is allowed only to an
    /// actor who could grant every privilege they hold: otherwise a delegate could take over
    /// a stronger account and, with it, capabilities they were never given.
    pub fn may_act_on(&self, app: &App, target: &User) -> Result<(), AdminError> {
        match target.privileges.iter().find(|p| !self.may_assign(app, p)) {
            Some(privilege) => Err(AdminError::Forbidden(i18n::current().t1(
                "admin-err-may-not-act-on",
                "privilege",
                privilege,
            ))),
            None => Ok(()),
        }
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
    /// A quota said no (mail to one user, say): try again after this many seconds.
    #[error("too many requests of this kind; try again in {retry_after} seconds")]
    RateLimited { retry_after: i64 },
    #[error("internal error: {0}")]
    Internal(String),
    /// The database could not serve now: answered 503, try again shortly.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
}

impl From<crate::auth::limits::LimitError> for AdminError {
    fn from(e: crate::auth::limits::LimitError) -> Self {
        match e {
            crate::auth::limits::LimitError::Refused(r) => Self::RateLimited {
                retry_after: r.retry_after,
            },
            crate::auth::limits::LimitError::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict => Self::Conflict(tr("admin-err-already-exists")),
            other if other.is_unavailable() => Self::Unavailable(other.to_string()),
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
    kind: crate::domain::AuditKind,
    target: Option<&str>,
    detail: impl Into<String>,
) -> Result<(), AdminError> {
    let detail = format!("by {} ({}) {}", actor.id(), actor.via, detail.into());
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
