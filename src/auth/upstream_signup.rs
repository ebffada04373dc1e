//! New accounts from upstream identities that take one more step than rule 3 of
//! `linking.rs`:
//!
//! - **an invitation accepted through a provider**: the account gets the invitation's address
//!   (verified: the link came by mail) and privileges, names from upstream, no password; the
//!   invitation is used up by one conditional UPDATE, and given back if the account cannot be
//!   made;
//! - **an e-mail address asked for first** (`accounts.require_email`): the provider vouched
//!   for the identity but gave no address that counts as verified, so the identity waits in
//!   `upstream_signups` while the person types an address and enters the code sent to it.
//!   The answer never says whether the address has an account: its owner gets a notice
//!   instead of a code, and the sign-up cannot finish.

use super::RequestOrigin;
use super::federated::FederationError;
use super::limits::{self, Quota};
use super::linking::{self, Created, Resolution};
use crate::App;
use crate::accounts::creation::{InitialPassword, NewAccount};
use crate::accounts::{AccountError, admit, messages, verification};
use crate::crypto::token::{constant_time_eq, hash_token, random_token};
use crate::domain::{AuditKind, Email, User};
use crate::federation::{ProviderConfig, UpstreamIdentity};
use crate::store::{Invitation, UpstreamSignup};

/// How long an identity waits for its address to be confirmed.
pub const SIGNUP_TTL_SECS: i64 = 1800;
/// Codes one waiting sign-up may have sent (a typo or two, a lost message).
const MAX_SENDS: i64 = 5;
/// Codes one address may have sent for sign-ups in ten minutes.
const SENDS_PER_ADDRESS_PER_10_MIN: i64 = 10;

// ---- invitations ----------------------------------------------------------------------------

/// Accepts `invitation` for `identity`: a new account with the invitation's address and
/// privileges, linked to the identity.
pub async fn accept_invitation(
    app: &App,
    provider: &ProviderConfig,
    identity: &UpstreamIdentity,
    invitation_id: &str,
    origin: &RequestOrigin,
) -> Result<Resolution, FederationError> {
    const USED: &str =
        "This invitation has expired, was revoked, or was already used. Ask for a new one.";
    if app
        .store
        .upstream_link(&provider.id, &identity.subject)
        .await?
        .is_some()
    {
        return Ok(Resolution::Refused(already_linked(provider)));
    }
    let now = app.clock.now();
    let Some(invitation) = app
        .store
        .invitation_by_id(invitation_id)
        .await?
        .filter(|i| i.is_open(now))
    else {
        return Ok(Resolution::Refused(USED.into()));
    };
    let email = Email::parse(&invitation.email)
        .map_err(|e| FederationError::Internal(format!("an invitation's address: {}", e.0)))?;
    if app.store.user_by_email(&email).await?.is_some() {
        return Ok(Resolution::Refused(ADDRESS_TAKEN.into()));
    }
    // Used up before the account exists, by one conditional UPDATE: of parallel callbacks
    // (or a callback racing the password form) exactly one goes on.
    if !app.store.accept_invitation(&invitation.id, now).await? {
        return Ok(Resolution::Refused(USED.into()));
    }
    let (first_name, last_name) = linking::names(identity);
    let account = NewAccount {
        email: Some(email),
        email_verified: true,
        first_name,
        last_name,
        password: InitialPassword::Unset,
        must_change_password: false,
        privileges: invited_privileges(app, &invitation).await?,
        username: None,
    };
    let refusal = match linking::create_linked(app, identity, account).await {
        Ok(Created::New(user)) => {
            linking::audit(
                app,
                AuditKind::SignUp,
                &user.id,
                format!("invitation {} through {}", invitation.id, provider.id),
                origin,
            )
            .await?;
            return Ok(Resolution::SignIn {
                user,
                created: true,
            });
        }
        Ok(Created::EmailTaken) => Ok(Resolution::Refused(ADDRESS_TAKEN.into())),
        Ok(Created::LostRace(_)) => Ok(Resolution::Refused(already_linked(provider))),
        Err(e) => Err(e),
    };
    // Nothing was made: the invitation stays usable.
    app.store.reopen_invitation(&invitation.id, now).await?;
    refusal
}

const ADDRESS_TAKEN: &str =
    "An account with this invitation's address exists already: sign in to it instead.";

fn already_linked(provider: &ProviderConfig) -> String {
    format!(
        "That {} account already belongs to an account here: sign in with it instead. The invitation was not used.",
        provider.name()
    )
}

/// The invitation's privileges that still exist (one deleted since is dropped, not an error).
async fn invited_privileges(
    app: &App,
    invitation: &Invitation,
) -> Result<Vec<String>, FederationError> {
    let existing = app.store.privilege_names().await?;
    Ok(invitation
        .privilege_list()
        .into_iter()
        .filter(|p| existing.contains(p))
        .collect())
}

// ---- an e-mail address first ----------------------------------------------------------------

/// Parks `identity` until its address is confirmed; the token goes into the browser's cookie.
pub async fn park(
    app: &App,
    provider: &ProviderConfig,
    identity: &UpstreamIdentity,
    request_id: Option<&str>,
    upstream_mfa: bool,
) -> Result<String, FederationError> {
    let token = random_token();
    let (first_name, last_name) = linking::names(identity);
    let now = app.clock.now();
    app.store
        .insert_upstream_signup(&UpstreamSignup {
            token_hash: hash_token(&token),
            provider_id: provider.id.clone(),
            subject: identity.subject.clone(),
            first_name,
            last_name,
            upstream_email: identity
                .email
                .as_deref()
                .and_then(|e| Email::parse(e).ok())
                .map(|e| e.to_string()),
            upstream_mfa: i64::from(upstream_mfa),
            request_id: request_id.map(str::to_string),
            email: None,
            code_hash: None,
            attempts: 0,
            sends: 0,
            created_at: now,
            expires_at: now + SIGNUP_TTL_SECS,
        })
        .await?;
    Ok(token)
}

/// The waiting sign-up a browser's token names, if it is still live.
pub async fn waiting(app: &App, token: &str) -> Result<Option<UpstreamSignup>, AccountError> {
    Ok(app
        .store
        .upstream_signup(&hash_token(token), app.clock.now())
        .await?)
}

fn code_scope(token_hash: &str) -> String {
    format!("upstream-signup:{token_hash}")
}

/// Sends a code to `raw_email` for the waiting sign-up, or — when the address has an account
/// already — a notice to that account's owner and no usable code. The person sees the same
/// page either way.
pub async fn send_code(
    app: &App,
    token: &str,
    raw_email: &str,
    origin: &RequestOrigin,
) -> Result<Email, AccountError> {
    let email = Email::parse(raw_email).map_err(|e| AccountError::Invalid(e.0))?;
    let signup = waiting(app, token)
        .await?
        .ok_or(AccountError::LinkExpired)?;
    Quota::new(
        "upstream-signup-code",
        vec![(SENDS_PER_ADDRESS_PER_10_MIN, 600)],
    )
    .charge(app, &limits::address_key(&origin.ip))
    .await?;
    let taken = app.store.user_by_email(&email).await?.is_some();
    let code = verification::six_digits();
    // A taken address gets a code nobody knows: the confirmation can never succeed.
    let stored_code = if taken { random_token() } else { code.clone() };
    let code_hash = verification::code_hash(app, &code_scope(&signup.token_hash), &stored_code);
    if !app
        .store
        .set_upstream_signup_code(
            &signup.token_hash,
            email.as_str(),
            &code_hash,
            MAX_SENDS,
            app.clock.now(),
        )
        .await?
    {
        return Err(AccountError::Invalid(crate::i18n::tr(
            "err-too-many-signup-codes",
        )));
    }
    let provider = provider_name(app, &signup.provider_id).await;
    let message = if taken {
        messages::notice(
            app,
            messages::language_for(""),
            email.as_str(),
            "",
            &messages::Notice::new(messages::NoticeKind::UpstreamSignUpAttempt)
                .with("provider", provider.as_str()),
        )
    } else {
        let minutes = (signup.expires_at - app.clock.now()).max(60) / 60;
        messages::signup_code(
            app,
            messages::language_for(""),
            email.as_str(),
            &provider,
            &code,
            minutes,
        )
    };
    // After the reply either way, so its timing does not tell a code from a notice.
    let mailer = app.mailer.clone();
    crate::accounts::in_background("sending an upstream sign-up's code", async move {
        Ok(mailer.send(&message).await?)
    });
    Ok(email)
}

async fn provider_name(app: &App, provider_id: &str) -> String {
    match app.federation.find(&app.store, &app.kek, provider_id).await {
        Ok(Some(provider)) => provider.name(),
        _ => provider_id.to_string(),
    }
}

/// A confirmed sign-up: the new (or, if another tab won, the existing) account and what the
/// sign-in needs to go on.
pub struct Confirmed {
    pub user: User,
    pub provider: ProviderConfig,
    pub upstream_mfa: bool,
    pub request_id: Option<String>,
}

/// Checks the code; when it matches, consumes the waiting sign-up and creates the account,
/// its address verified, linked to the identity.
pub async fn confirm(
    app: &App,
    token: &str,
    code: &str,
    origin: &RequestOrigin,
) -> Result<Confirmed, AccountError> {
    let token_hash = hash_token(token);
    let buckets = [format!("verify:ip:{}", limits::address_key(&origin.ip))];
    let admitted = admit(app, &buckets, false).await?;
    let wrong = |admitted: limits::Admitted| -> Result<Confirmed, AccountError> {
        admitted.failed()?;
        Err(AccountError::WrongCode)
    };
    // A try is used up before the comparison, in one conditional UPDATE.
    let Some(signup) = app
        .store
        .take_upstream_signup_attempt(&token_hash, verification::MAX_ATTEMPTS, app.clock.now())
        .await?
    else {
        return wrong(admitted);
    };
    let code = code.trim().replace([' ', '-'], "");
    let typed = verification::code_hash(app, &code_scope(&token_hash), &code);
    let stored = signup.code_hash.clone().unwrap_or_default();
    if !constant_time_eq(typed.as_bytes(), stored.as_bytes()) {
        return wrong(admitted);
    }
    admitted.succeeded(app).await?;
    // Only one request gets the row, and only while this code is the current one.
    let Some(signup) = app.store.take_upstream_signup(&token_hash, &stored).await? else {
        return Err(AccountError::WrongCode);
    };
    finish(app, signup, origin).await
}

async fn finish(
    app: &App,
    signup: UpstreamSignup,
    origin: &RequestOrigin,
) -> Result<Confirmed, AccountError> {
    // An unreachable database stays a 503 for the person, whichever layer met it.
    let federation = |e: FederationError| match e {
        FederationError::DatabaseUnavailable(cause) => AccountError::Unavailable(cause),
        other => AccountError::Internal(other.to_string()),
    };
    let provider = app
        .federation
        .find(&app.store, &app.kek, &signup.provider_id)
        .await
        .map_err(|e| match e {
            crate::federation::registry::RegistryError::Store(store) => AccountError::from(store),
            other => AccountError::Internal(other.to_string()),
        })?
        .filter(|p| p.enabled)
        .ok_or_else(|| AccountError::Invalid(crate::i18n::tr("err-option-gone")))?;
    let email = signup
        .email
        .as_deref()
        .and_then(|e| Email::parse(e).ok())
        .ok_or_else(|| AccountError::Internal("a confirmed sign-up without an address".into()))?;
    let identity = UpstreamIdentity {
        provider: provider.id.clone(),
        subject: signup.subject.clone(),
        email: signup.upstream_email.clone(),
        email_verified: false,
        given_name: signup.first_name.clone(),
        family_name: signup.last_name.clone(),
        name: String::new(),
        picture: None,
        upstream_amr: Vec::new(),
    };
    let privileges = linking::sign_up_privileges(app, true);
    let account = NewAccount {
        email: Some(email.clone()),
        email_verified: true,
        first_name: signup.first_name.clone(),
        last_name: signup.last_name.clone(),
        password: InitialPassword::Unset,
        must_change_password: false,
        privileges,
        username: None,
    };
    let user = match linking::create_linked(app, &identity, account)
        .await
        .map_err(federation)?
    {
        Created::New(user) => {
            linking::audit(
                app,
                AuditKind::SignUp,
                &user.id,
                format!("through {} (address confirmed by code)", provider.id),
                origin,
            )
            .await?;
            *user
        }
        Created::EmailTaken => {
            return Err(AccountError::Invalid(format!(
                "{email} now belongs to another account, so no account was created. Sign in to that account and link {} from its \"Linked sign-ins\" page.",
                provider.name()
            )));
        }
        // The identity was linked in the meantime (another tab finished first): its account.
        Created::LostRace(winner) => {
            match linking::returning(app, &winner, &identity, origin)
                .await
                .map_err(federation)?
            {
                Resolution::SignIn { user, .. } => *user,
                Resolution::Refused(message) => return Err(AccountError::Invalid(message)),
                _ => return Err(AccountError::LinkExpired),
            }
        }
    };
    Ok(Confirmed {
        user,
        provider,
        upstream_mfa: signup.upstream_mfa == 1,
        request_id: signup.request_id,
    })
}
