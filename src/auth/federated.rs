//! Signing in through an upstream provider: starting (a fresh `state`, `nonce` and PKCE
//! verifier stored server-side, bound to the browser) and finishing (the state consumed by
//! one DELETE, the connector's checks, then who the identity is here: `linking.rs`).
//!
//! The `state` row is what lets any node finish a flow another node started, and what makes
//! a callback single-use: a replayed, expired or foreign `state` (another browser's, another
//! provider's) finds no row and nothing happens.

use super::RequestOrigin;
use super::limits::{self, LimitError, Quota};
use crate::App;
use crate::crypto::token::{hash_token, random_token};
use crate::domain::AuditKind;
use crate::federation::{Finish, ProviderConfig, Start, UpstreamError, UpstreamIdentity};
use crate::store::{AuditEvent, StoreError, UpstreamState};

/// How long a started upstream sign-in may take.
pub const STATE_TTL_SECS: i64 = 600;
/// Upstream sign-ins one address may start in ten minutes (each writes a row and costs the
/// provider a page view; people start a few).
const STARTS_PER_10_MIN: i64 = 60;

/// What the upstream round trip is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Signing in (or up) from the sign-in page.
    SignIn,
    /// A signed-in user adds this provider to their account.
    Link,
    /// A signed-in user without a password proves again who they are, then goes back to
    /// the page that asked.
    Reauthenticate(ReturnTo),
}

/// The account pages that ask a password-less user to confirm it is them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnTo {
    Security,
    Password,
    Email,
    Phone,
}

impl ReturnTo {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "security" => Some(Self::Security),
            "password" => Some(Self::Password),
            "email" => Some(Self::Email),
            "phone" => Some(Self::Phone),
            _ => None,
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Self::Security => "/account/security",
            Self::Password => "/account/password",
            Self::Email => "/account/email",
            Self::Phone => "/account/phone",
        }
    }
}

impl Purpose {
    const ALL: [Purpose; 6] = [
        Self::SignIn,
        Self::Link,
        Self::Reauthenticate(ReturnTo::Security),
        Self::Reauthenticate(ReturnTo::Password),
        Self::Reauthenticate(ReturnTo::Email),
        Self::Reauthenticate(ReturnTo::Phone),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::Link => "link",
            Self::Reauthenticate(ReturnTo::Security) => "reauth_security",
            Self::Reauthenticate(ReturnTo::Password) => "reauth_password",
            Self::Reauthenticate(ReturnTo::Email) => "reauth_email",
            Self::Reauthenticate(ReturnTo::Phone) => "reauth_phone",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == raw)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FederationError {
    /// No such provider, or it is switched off.
    #[error("This sign-in option is not available.")]
    Unavailable,
    /// The callback's `state` is unknown, used, expired, another browser's or another
    /// provider's.
    #[error(
        "This sign-in link has expired or was already used. Start again from the sign-in page."
    )]
    StateInvalid,
    /// The person cancelled at the provider (`error=access_denied`).
    #[error("The sign-in was cancelled at {0}.")]
    Cancelled(String),
    /// The provider answered the callback with another error.
    #[error("{0} did not complete the sign-in.")]
    UpstreamRefused(String),
    /// The exchange or a check failed; the detail is for the audit log only.
    #[error("{provider} could not sign you in. Try again, or choose another way to sign in.")]
    Upstream {
        provider: String,
        error: UpstreamError,
    },
    #[error(
        "Too many sign-ins were started from your network. Try again in {retry_after} seconds."
    )]
    RateLimited { retry_after: i64 },
    #[error("internal error: {0}")]
    Internal(String),
    /// The database could not serve now: answered 503, try again shortly.
    #[error("temporarily unavailable: {0}")]
    DatabaseUnavailable(String),
}

impl From<StoreError> for FederationError {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            Self::DatabaseUnavailable(e.to_string())
        } else {
            Self::Internal(e.to_string())
        }
    }
}

impl From<LimitError> for FederationError {
    fn from(e: LimitError) -> Self {
        match e {
            LimitError::Refused(r) => Self::RateLimited {
                retry_after: r.retry_after,
            },
            LimitError::Store(e) => e.into(),
        }
    }
}

/// What a start needs to know besides the provider.
pub struct StartRequest<'a> {
    pub purpose: Purpose,
    /// The signed-in user, for `Link` and `Reauthenticate`.
    pub user_id: Option<&'a str>,
    /// The parked `/authorize` request to resume afterwards.
    pub request_id: Option<&'a str>,
    /// The invitation being accepted through the provider (its id).
    pub invitation: Option<&'a str>,
    /// The browser-binding cookie's value.
    pub browser: &'a str,
    pub prompt_login: bool,
    pub max_age: Option<i64>,
}

/// Stores a fresh state and returns the upstream authorization URL. Charged to the address's
/// quota before anything is written or fetched.
pub async fn start(
    app: &App,
    provider: &ProviderConfig,
    request: &StartRequest<'_>,
    origin: &RequestOrigin,
) -> Result<url::Url, FederationError> {
    if !provider.enabled {
        return Err(FederationError::Unavailable);
    }
    Quota::new("upstream-start", vec![(STARTS_PER_10_MIN, 600)])
        .charge(app, &limits::address_key(&origin.ip))
        .await?;
    // 256 random bits each, never the relying party's own values.
    let state = random_token();
    let nonce = random_token();
    let verifier = random_token();
    let redirect_uri = provider.callback_url(&app.settings.issuer);
    let connector = app.federation.connector(provider);
    let url = within_budget(
        app,
        connector.authorization_url(&Start {
            state: &state,
            nonce: &nonce,
            pkce_verifier: &verifier,
            redirect_uri: &redirect_uri,
            prompt_login: request.prompt_login,
            max_age: request.max_age,
        }),
    )
    .await
    .map_err(|error| FederationError::Upstream {
        provider: provider.name(),
        error,
    })?;
    let now = app.clock.now();
    let state_hash = hash_token(&state);
    app.store
        .insert_upstream_state(&UpstreamState {
            verifier_enc: app
                .kek
                .seal(verifier.as_bytes(), &verifier_context(&state_hash)),
            state_hash,
            provider_id: provider.id.clone(),
            browser_hash: hash_token(request.browser),
            purpose: request.purpose.as_str().to_string(),
            user_id: request.user_id.map(str::to_string),
            request_id: request.request_id.map(str::to_string),
            invitation: request.invitation.map(str::to_string),
            nonce,
            created_at: now,
            expires_at: now + STATE_TTL_SECS,
        })
        .await?;
    Ok(url)
}

/// Runs one step with the provider within `federation.timeout_secs` in all. The HTTP client's
/// timeout holds each request, but a step makes several in a row (discovery and keys; token,
/// a key refetch and userinfo), and concurrent starts wait their turn for one discovery
/// fetch: without this bound a provider answering each request just inside the timeout, or
/// hanging during discovery under load, held the page for a multiple of it.
async fn within_budget<T>(
    app: &App,
    step: impl std::future::Future<Output = Result<T, UpstreamError>>,
) -> Result<T, UpstreamError> {
    let budget = std::time::Duration::from_secs(app.settings.federation.timeout_secs);
    tokio::time::timeout(budget, step)
        .await
        .unwrap_or_else(|_| {
            Err(UpstreamError::Unreachable(format!(
                "no complete answer within {} s",
                budget.as_secs()
            )))
        })
}

/// The sealed verifier is bound to its state, so it cannot be moved to another row.
fn verifier_context(state_hash: &str) -> String {
    format!("upstream-state:{state_hash}")
}

/// What the provider sent back to the callback.
pub struct Callback<'a> {
    pub state: Option<&'a str>,
    pub code: Option<&'a str>,
    pub error: Option<&'a str>,
    /// The browser-binding cookie's value, if the browser sent it.
    pub browser: Option<&'a str>,
}

/// A finished upstream round trip: who the provider vouched for, and what the start said.
pub struct Finished {
    pub identity: UpstreamIdentity,
    pub purpose: Purpose,
    pub user_id: Option<String>,
    pub request_id: Option<String>,
    pub invitation: Option<String>,
}

/// A failed finish, with the parked request its state carried (so the way back keeps it).
pub struct Failure {
    pub error: FederationError,
    pub request_id: Option<String>,
}

/// Consumes the state (whatever comes next, it is spent), then lets the connector exchange
/// the code and check everything. Failures are audited and change nothing else.
pub async fn finish(
    app: &App,
    provider: &ProviderConfig,
    callback: &Callback<'_>,
    origin: &RequestOrigin,
) -> Result<Finished, Failure> {
    let mut request_id = None;
    let result = finish_inner(app, provider, callback, &mut request_id).await;
    if let Err(error) = &result {
        let detail = match error {
            FederationError::Upstream { error, .. } => format!("{}: {error}", provider.id),
            other => format!("{}: {other}", provider.id),
        };
        if !matches!(error, FederationError::Internal(_)) {
            tracing::info!(provider = %provider.id, error = %detail, "an upstream sign-in failed");
            super::audit::record_anonymous(
                app,
                &AuditEvent {
                    kind: AuditKind::UpstreamFailed,
                    user_id: None,
                    client_id: None,
                    ip: origin.ip.clone(),
                    user_agent: origin.user_agent.clone(),
                    detail,
                },
            )
            .await
            .map_err(|e| Failure {
                error: e.into(),
                request_id: request_id.clone(),
            })?;
        }
    }
    result.map_err(|error| Failure { error, request_id })
}

async fn finish_inner(
    app: &App,
    provider: &ProviderConfig,
    callback: &Callback<'_>,
    request_id: &mut Option<String>,
) -> Result<Finished, FederationError> {
    let (Some(state), Some(browser)) = (callback.state, callback.browser) else {
        return Err(FederationError::StateInvalid);
    };
    let now = app.clock.now();
    let state_hash = hash_token(state);
    let Some(stored) = app
        .store
        .take_upstream_state(&state_hash, &provider.id, &hash_token(browser), now)
        .await?
    else {
        return Err(FederationError::StateInvalid);
    };
    request_id.clone_from(&stored.request_id);
    let name = provider.name();
    if let Some(error) = callback.error {
        return Err(if error == "access_denied" {
            FederationError::Cancelled(name)
        } else {
            FederationError::UpstreamRefused(name)
        });
    }
    if !provider.enabled {
        return Err(FederationError::Unavailable);
    }
    let code = callback
        .code
        .filter(|c| !c.is_empty())
        .ok_or_else(|| FederationError::UpstreamRefused(name.clone()))?;
    let verifier = app
        .kek
        .open(&stored.verifier_enc, &verifier_context(&state_hash))
        .map_err(|e| FederationError::Internal(format!("the stored PKCE verifier: {e}")))?;
    let verifier = String::from_utf8(verifier)
        .map_err(|_| FederationError::Internal("the stored PKCE verifier is not text".into()))?;
    let redirect_uri = provider.callback_url(&app.settings.issuer);
    let connector = app.federation.connector(provider);
    let identity = within_budget(
        app,
        connector.finish(&Finish {
            code,
            nonce: &stored.nonce,
            pkce_verifier: &verifier,
            redirect_uri: &redirect_uri,
            now,
        }),
    )
    .await
    .map_err(|error| FederationError::Upstream {
        provider: name,
        error,
    })?;
    let purpose = Purpose::parse(&stored.purpose)
        .ok_or_else(|| FederationError::Internal(format!("state purpose “{}”", stored.purpose)))?;
    Ok(Finished {
        identity,
        purpose,
        user_id: stored.user_id,
        request_id: stored.request_id,
        invitation: stored.invitation,
    })
}
