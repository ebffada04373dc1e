//! What people do with their own accounts, without HTTP types: sign up, prove an e-mail
//! address, recover a forgotten password, change address and profile. Every step is
//! rate-limited in the database, audited, and answers unknown addresses exactly like known
//! ones.

pub mod authorities;
pub mod creation;
pub mod email_change;
pub mod invitation;
pub(crate) mod messages;
pub mod own_data;
pub mod phone_change;
pub mod profile;
pub mod recovery;
pub mod registration;
pub mod verification;

use crate::App;
use crate::auth::RequestOrigin;
use crate::auth::limits::{self, Admitted, Throttle};
use crate::store::{AuditEvent, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Input that cannot be accepted; the message says why, for the person who typed it.
    #[error("{0}")]
    Invalid(String),
    /// Like `Invalid`, about one field of the form (its name), which the page marks.
    #[error("{message}")]
    Field {
        field: &'static str,
        message: String,
    },
    #[error("Registration is closed. Ask an administrator for an invitation.")]
    RegistrationClosed,
    #[error("The code is wrong or has expired. Check the latest message, or ask for a new one.")]
    WrongCode,
    #[error("This link has expired or was already used. Ask for a new one.")]
    LinkExpired,
    #[error("Too many attempts. Try again in {retry_after} seconds.")]
    RateLimited { retry_after: i64 },
    #[error("internal error: {0}")]
    Internal(String),
    /// The database could not serve now: answered 503, try again shortly.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
    /// The mail relay is down, hanging or answering garbage, for a message the person waits
    /// for on the page (an address change): answered 503 with the form and a message saying
    /// so, never a 500. The detail is for the log.
    #[error("the e-mail could not be sent: {0}")]
    MailUnavailable(String),
}

impl From<StoreError> for AccountError {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            Self::Unavailable(e.to_string())
        } else {
            Self::Internal(e.to_string())
        }
    }
}

impl From<limits::LimitError> for AccountError {
    fn from(e: limits::LimitError) -> Self {
        match e {
            limits::LimitError::Refused(r) => Self::RateLimited {
                retry_after: r.retry_after,
            },
            limits::LimitError::Store(e) => e.into(),
        }
    }
}

impl From<limits::Refused> for AccountError {
    fn from(r: limits::Refused) -> Self {
        Self::RateLimited {
            retry_after: r.retry_after,
        }
    }
}

impl From<creation::CreateError> for AccountError {
    fn from(e: creation::CreateError) -> Self {
        use creation::CreateError;
        match e {
            CreateError::Invalid { message, .. } | CreateError::WeakPassword(message) => {
                Self::Invalid(message)
            }
            CreateError::UsernameTaken => Self::Invalid(crate::i18n::tr("err-username-taken")),
            CreateError::EmailTaken => Self::Invalid(crate::i18n::tr("err-address-exists")),
            // The privileges come from configuration or an invitation, not from the person.
            CreateError::UnknownPrivilege | CreateError::Internal(_) => {
                Self::Internal(e.to_string())
            }
            CreateError::Unavailable(cause) => Self::Unavailable(cause),
        }
    }
}

impl From<crate::mail::MailError> for AccountError {
    fn from(e: crate::mail::MailError) -> Self {
        match e {
            // An outage of the relay, or a full disk under the development outbox: not a
            // bug, and the person can try again.
            crate::mail::MailError::Transport(_) | crate::mail::MailError::Io(_) => {
                Self::MailUnavailable(e.to_string())
            }
            other => Self::Internal(format!("sending mail: {other}")),
        }
    }
}

/// Runs `work` (mail to a known address) after the response instead of before it: a reply
/// that waited for SMTP only when an account exists would tell which accounts exist.
pub(crate) fn in_background<F>(what: &'static str, work: F)
where
    F: std::future::Future<Output = Result<(), AccountError>> + Send + 'static,
{
    // The request's language goes along, for the messages the work composes.
    let work = crate::i18n::carried(work);
    tokio::spawn(async move {
        if let Err(e) = work.await {
            tracing::warn!(error = %e, "{what} failed");
        }
    });
}

/// Charges one attempt to every bucket before the work (`auth::limits`), refusing when any
/// is blocked. `counts_successes`: the buckets count every attempt (sign-ups, messages
/// asked for); otherwise a success gives its attempt back.
pub(crate) async fn admit(
    app: &App,
    buckets: &[String],
    counts_successes: bool,
) -> Result<Admitted, AccountError> {
    let throttles = buckets
        .iter()
        .map(|b| Throttle::account_flow(b.clone(), counts_successes))
        .collect();
    Ok(limits::admit(app, throttles).await?)
}

pub async fn audit(
    app: &App,
    kind: crate::domain::AuditKind,
    user_id: Option<&str>,
    origin: &RequestOrigin,
    detail: impl Into<String>,
) -> Result<(), AccountError> {
    app.store
        .record_audit(&event(kind, user_id, origin, detail), app.clock.now())
        .await?;
    Ok(())
}

/// `audit` for steps anyone can take without signing in (sign-up, reset and resend
/// requests): capped per address, see `auth::audit`.
pub async fn audit_anonymous(
    app: &App,
    kind: crate::domain::AuditKind,
    user_id: Option<&str>,
    origin: &RequestOrigin,
    detail: impl Into<String>,
) -> Result<(), AccountError> {
    crate::auth::audit::record_anonymous(app, &event(kind, user_id, origin, detail)).await?;
    Ok(())
}

fn event(
    kind: crate::domain::AuditKind,
    user_id: Option<&str>,
    origin: &RequestOrigin,
    detail: impl Into<String>,
) -> AuditEvent {
    AuditEvent {
        kind,
        user_id: user_id.map(str::to_string),
        client_id: None,
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.clone(),
        detail: detail.into(),
    }
}
