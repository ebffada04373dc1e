//! Second factors: enrolling an authenticator app, checking its codes (or a recovery code)
//! after the password, and the policy deciding who must. Wrong codes count against a per-user
//! bucket exactly like wrong passwords; secrets are sealed with the key-encryption key, bound
//! to their user, before they reach the database.

use super::limits::{self, Admitted, Throttle};
use super::{AuthError, RequestOrigin};
use crate::App;
use crate::accounts::messages::{Notice, NoticeKind};
use crate::accounts::{in_background, messages};
use crate::crypto::token::{hash_token, random_bytes, random_id, random_token};
use crate::crypto::totp;
use crate::domain::AuditKind;
use crate::domain::{FirstFactor, FirstStep, MfaMethod, MfaPolicy, SecondFactor, User};
use crate::store::{AuditEvent, MfaChallenge, Session, StoreResult};

/// How long a password-accepted sign-in may wait for its second factor.
pub const CHALLENGE_TTL_SECS: i64 = 10 * 60;
/// How long a secret shown for enrollment stays confirmable.
const ENROLLMENT_TTL_SECS: i64 = 15 * 60;
/// Recovery codes issued at once.
pub const RECOVERY_CODES: usize = 10;

/// The policy in force: the stored one, or the configuration's until it is seeded.
pub async fn policy(app: &App) -> StoreResult<MfaPolicy> {
    Ok(match app.store.mfa_policy().await? {
        Some(policy) => policy,
        None => app.settings.mfa.initial_policy(),
    })
}

/// What a user has set up, for their security page and the console.
#[derive(Debug, Clone, Default)]
pub struct FactorStatus {
    /// When the authenticator app was enabled, if it is.
    pub app_enabled_at: Option<i64>,
    /// When text messages were chosen, if they were.
    pub sms_enabled_at: Option<i64>,
    pub recovery_codes_left: i64,
}

impl FactorStatus {
    pub fn has_second_factor(&self) -> bool {
        self.app_enabled_at.is_some() || self.sms_enabled_at.is_some()
    }
}

pub async fn status(app: &App, user_id: &str) -> StoreResult<FactorStatus> {
    let factor = app.store.totp_factor(user_id).await?;
    Ok(FactorStatus {
        app_enabled_at: factor.map(|f| f.enabled_at),
        sms_enabled_at: app.store.sms_factor(user_id).await?,
        recovery_codes_left: app.store.recovery_codes_left(user_id).await?,
    })
}

/// What comes after a correct password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondStep {
    /// Nothing: start the session.
    None,
    /// Ask for a code from the user's authenticator.
    Verify,
    /// The user must set up an authenticator first (policy, or the client's `acr_values`).
    Enroll,
}

/// Decides the second step for `user` after `first`; `wants_mfa` when the relying party
/// asked for it. Someone who must use a second factor and has none usable sets up an app —
/// even when the policy allows only text messages, a requirement is never skipped.
pub async fn second_step(
    app: &App,
    user: &User,
    first: FirstFactor,
    wants_mfa: bool,
) -> StoreResult<SecondStep> {
    if app.store.totp_factor(&user.id).await?.is_some()
        || super::sms_factor::usable(app, user, first).await?
    {
        return Ok(SecondStep::Verify);
    }
    let policy = policy(app).await?;
    let required = policy.required_for_user(user);
    if required || (policy.allows(MfaMethod::App) && wants_mfa) {
        return Ok(SecondStep::Enroll);
    }
    Ok(SecondStep::None)
}

/// Whether a signed-in session must still pass a second factor: it has none, and the policy
/// or the relying party wants one that the user has or may set up.
pub async fn session_needs_step_up(
    app: &App,
    session: &Session,
    user: &User,
    wants_mfa: bool,
) -> StoreResult<bool> {
    if session.amr.iter().any(|m| m == "mfa") {
        return Ok(false);
    }
    let policy = policy(app).await?;
    if !(wants_mfa || policy.required_for_user(user)) {
        return Ok(false);
    }
    // A session that came in by phone cannot step up with the same phone.
    let first = if session.amr.iter().any(|m| m == "sms") {
        FirstFactor::Phone
    } else {
        FirstFactor::Password
    };
    Ok(policy.allows(MfaMethod::App)
        || app.store.totp_factor(&user.id).await?.is_some()
        || super::sms_factor::usable(app, user, first).await?)
}

/// What a challenge will become once its second factor is passed.
#[derive(Debug, Clone, Copy)]
pub enum Opens<'a> {
    /// A new session for someone who just passed this first factor.
    SignIn(&'a FirstStep),
    /// This session, stepped up.
    StepUp(&'a Session),
}

/// Opens a challenge for `user` and returns the token for the browser.
pub async fn open_challenge(app: &App, user: &User, opens: Opens<'_>) -> StoreResult<String> {
    let now = app.clock.now();
    let (session, first_factor, idp) = match opens {
        Opens::SignIn(first) => (None, first.factor.as_str(), first.idp.clone()),
        // The session's own `amr` says how it signed in.
        Opens::StepUp(session) => (Some(session), "", session.idp.clone()),
    };
    let token = random_token();
    app.store
        .insert_mfa_challenge(
            &MfaChallenge {
                id: random_id(),
                user_id: user.id.clone(),
                session_id: session.map(|s| s.id.clone()),
                auth_time: session.map_or(now, |s| s.auth_time),
                first_factor: first_factor.to_string(),
                idp,
                created_at: now,
                expires_at: now + CHALLENGE_TTL_SECS,
            },
            &hash_token(&token),
        )
        .await?;
    Ok(token)
}

/// The open challenge for a browser's token, with its (still usable) user.
pub async fn challenge(app: &App, token: &str) -> StoreResult<Option<(MfaChallenge, User)>> {
    let now = app.clock.now();
    let Some(challenge) = app.store.mfa_challenge(&hash_token(token), now).await? else {
        return Ok(None);
    };
    let user = app
        .store
        .user_by_id(&challenge.user_id)
        .await?
        .filter(|u| u.usable(now));
    Ok(user.map(|u| (challenge, u)))
}

// ---- enrollment ---------------------------------------------------------------------------

/// What the enrollment page shows: the same secret as a QR code and as text.
pub struct EnrollmentView {
    pub secret_text: String,
    pub otpauth_url: String,
    pub qr_svg: String,
}

fn seal_context(user_id: &str) -> String {
    format!("totp:{user_id}")
}

/// The enrollment secret for `user`: the open one (so reloading the page shows the same
/// code), or a new one. Refused when authenticator apps are not allowed.
pub async fn enrollment(app: &App, user: &User) -> Result<EnrollmentView, AuthError> {
    if !policy(app).await?.allows(MfaMethod::App) {
        return Err(AuthError::SecondFactorRefused(crate::i18n::tr(
            "err-apps-disabled",
        )));
    }
    let now = app.clock.now();
    let secret = match app.store.totp_enrollment(&user.id, now).await? {
        Some(sealed) => app
            .kek
            .open(&sealed, &seal_context(&user.id))
            .map_err(|e| AuthError::Internal(format!("enrollment secret: {e}")))?,
        None => {
            let secret = totp::generate_secret();
            let sealed = app.kek.seal(&secret, &seal_context(&user.id));
            app.store
                .save_totp_enrollment(&user.id, &sealed, now, now + ENROLLMENT_TTL_SECS)
                .await?;
            secret
        }
    };
    // The label the authenticator app shows under the code.
    let url = totp::otpauth_url(&secret, &app.settings.appname, &user.label())
        .ok_or_else(|| AuthError::Internal("otpauth URL".into()))?;
    let qr_svg = totp::qr_svg(&url).ok_or_else(|| AuthError::Internal("QR code".into()))?;
    Ok(EnrollmentView {
        secret_text: totp::secret_text(&secret),
        otpauth_url: url,
        qr_svg,
    })
}

/// Confirms the open enrollment with a code from the app, enabling it (and replacing any
/// earlier authenticator). Returns the new recovery codes, to be shown once.
pub async fn confirm_enrollment(
    app: &App,
    user: &User,
    code: &str,
    origin: &RequestOrigin,
) -> Result<Vec<String>, AuthError> {
    let now = app.clock.now();
    let admitted = limits::admit(app, vec![Throttle::second_factor(&user.id)]).await?;
    let sealed = app
        .store
        .totp_enrollment(&user.id, now)
        .await?
        .ok_or(AuthError::SecondFactorExpired)?;
    let secret = app
        .kek
        .open(&sealed, &seal_context(&user.id))
        .map_err(|e| AuthError::Internal(format!("enrollment secret: {e}")))?;
    let Some(step) = totp::verify(&secret, code, now, None) else {
        return Err(failed(app, user, admitted, origin, "enrollment code").await?);
    };
    let (codes, hashes) = new_recovery_codes();
    match app
        .store
        .enable_totp(&user.id, &sealed, step, &hashes, now)
        .await
    {
        Ok(()) => {}
        Err(crate::store::StoreError::NotFound) => return Err(AuthError::SecondFactorExpired),
        Err(e) => return Err(e.into()),
    }
    admitted.succeeded(app).await?;
    audit(
        app,
        user,
        origin,
        AuditKind::MfaEnabled,
        "authenticator app",
    )
    .await?;
    notify(app, user, NoticeKind::MfaOn);
    Ok(codes)
}

// ---- checking a code ----------------------------------------------------------------------

/// Checks a code from the authenticator app, or one of the recovery codes, under the
/// per-user failure limit, and says which of the two it was. An accepted app code (and any
/// older one) is never accepted again.
pub async fn verify(
    app: &App,
    user: &User,
    input: &str,
    origin: &RequestOrigin,
) -> Result<SecondFactor, AuthError> {
    let now = app.clock.now();
    let admitted = limits::admit(app, vec![Throttle::second_factor(&user.id)]).await?;
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_lowercase();
    let app_code = compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit());
    let passed = if app_code {
        verify_app_code(app, user, &compact, now).await?
    } else if compact.is_empty() || compact.len() > 64 {
        None
    } else {
        app.store
            .use_recovery_code(&user.id, &hash_token(&compact), now)
            .await?
            .then_some(SecondFactor::RecoveryCode)
    };
    let Some(passed) = passed else {
        let error = failed(app, user, admitted, origin, "second factor").await?;
        // A recovery code is not a matter of the phone's clock: say what went wrong with it.
        return Err(match error {
            AuthError::WrongSecondFactor if !app_code => AuthError::WrongRecoveryCode,
            other => other,
        });
    };
    admitted.succeeded(app).await?;
    let detail = match passed {
        SecondFactor::App | SecondFactor::Sms => passed.describe().to_string(),
        SecondFactor::RecoveryCode => format!(
            "{} ({} left)",
            passed.describe(),
            app.store.recovery_codes_left(&user.id).await?
        ),
    };
    audit(app, user, origin, AuditKind::MfaPassed, &detail).await?;
    Ok(passed)
}

async fn verify_app_code(
    app: &App,
    user: &User,
    code: &str,
    now: i64,
) -> Result<Option<SecondFactor>, AuthError> {
    let Some(factor) = app.store.totp_factor(&user.id).await? else {
        return Ok(None);
    };
    let secret = app
        .kek
        .open(&factor.secret_enc, &seal_context(&user.id))
        .map_err(|e| AuthError::Internal(format!("authenticator secret: {e}")))?;
    let Some(step) = totp::verify(&secret, code, now, Some(factor.last_step)) else {
        return Ok(None);
    };
    // The conditional update decides a race between two requests with the same code.
    Ok(app
        .store
        .accept_totp_step(&user.id, step)
        .await?
        .then_some(SecondFactor::App))
}

// ---- managing factors ---------------------------------------------------------------------

/// Turns the second factor off (the user's own choice). Refused while the user's privileges
/// require one: they may set up a new app instead.
pub async fn disable(app: &App, user: &User, origin: &RequestOrigin) -> Result<(), AuthError> {
    if policy(app).await?.required_for_user(user) {
        return Err(AuthError::SecondFactorRefused(crate::i18n::tr(
            "err-mfa-required",
        )));
    }
    if !app.store.remove_second_factors(&user.id).await? {
        return Err(AuthError::SecondFactorRefused(crate::i18n::tr(
            "err-mfa-not-on",
        )));
    }
    app.store.delete_mfa_challenges_of_user(&user.id).await?;
    audit(app, user, origin, AuditKind::MfaDisabled, "by the user").await?;
    notify(app, user, NoticeKind::MfaOff);
    Ok(())
}

/// Voids the recovery codes and issues a new set, to be shown once.
pub async fn renew_recovery_codes(
    app: &App,
    user: &User,
    origin: &RequestOrigin,
) -> Result<Vec<String>, AuthError> {
    if app.store.totp_factor(&user.id).await?.is_none() {
        return Err(AuthError::SecondFactorRefused(crate::i18n::tr(
            "err-app-first",
        )));
    }
    let (codes, hashes) = new_recovery_codes();
    app.store
        .replace_recovery_codes(&user.id, &hashes, app.clock.now())
        .await?;
    audit(
        app,
        user,
        origin,
        AuditKind::RecoveryCodesRenewed,
        "the old set is void",
    )
    .await?;
    Ok(codes)
}

/// Ten codes of 80 random bits, `xxxx-xxxx-xxxx-xxxx` in lower-case base32, and their hashes.
/// With that much entropy a plain SHA-256 is as good as a password hash.
fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let raw = totp::secret_text(&random_bytes::<10>()).to_lowercase();

            raw.as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect();
    let hashes = codes
        .iter()
        .map(|c| hash_token(&c.replace('-', "")))
        .collect();
    (codes, hashes)
}

// ---- shared pieces ------------------------------------------------------------------------

/// Says what to answer to a wrong code; its charge stands.
pub(super) async fn failed(
    app: &App,
    user: &User,
    admitted: Admitted,
    origin: &RequestOrigin,
    what: &str,
) -> Result<AuthError, AuthError> {
    let verdict = admitted.failed();
    audit(
        app,
        user,
        origin,
        AuditKind::MfaFailed,
        &format!("wrong {what}"),
    )
    .await?;
    Ok(match verdict {
        Err(refused) => refused.into(),
        Ok(()) => AuthError::WrongSecondFactor,
    })
}

pub(super) async fn audit(
    app: &App,
    user: &User,
    origin: &RequestOrigin,
    kind: AuditKind,
    detail: &str,
) -> StoreResult<()> {
    app.store
        .record_audit(
            &AuditEvent {
                kind,
                user_id: Some(user.id.clone()),
                client_id: None,
                ip: origin.ip.clone(),
                user_agent: origin.user_agent.clone(),
                detail: detail.to_string(),
            },
            app.clock.now(),
        )
        .await
}

/// The message telling a user that an administrator removed their second factor; `None`
/// when they have no address to tell.
pub fn reset_notice(app: &App, user: &User) -> Option<crate::mail::Message> {
    Some(messages::notice(
        app,
        messages::language_for(&user.details.language),
        user.email.as_ref()?.as_str(),
        &user.display_name(),
        &Notice::new(NoticeKind::MfaReset),
    ))
}

/// Tells the account's owner that its second factor changed, after the response.
fn notify(app: &App, user: &User, kind: NoticeKind) {
    let Some(to) = &user.email else { return };
    let message = messages::notice(
        app,
        messages::language_for(&user.details.language),
        to.as_str(),
        &user.display_name(),
        &Notice::new(kind),
    );
    let mailer = app.mailer.clone();
    in_background("second-factor notice", async move {
        mailer.send(&message).await?;
        Ok(())
    });
}
