//! Text messages as a second factor: a code to the account's verified phone after the
//! password or a provider (never after a phone sign-in — the same phone twice is one factor).
//! The code is a phone code of purpose `second_factor`, so it shares the sending limits,
//! expiry, tries and single use of every SMS code, and cannot be mistaken for an app code:
//! the form says which method it answers, and each is checked only against its own.

use super::limits::{self, Throttle};
use super::mfa::{audit, failed, policy};
use super::phone::{self, CodeFor, PhoneError, Purpose, Sent};
use super::{AuthError, RequestOrigin};
use crate::App;
use crate::domain::{AuditKind, FirstFactor, MfaMethod, SecondFactor, User};
use crate::store::StoreResult;

/// Whether `user` may pass the second step by text message after `first`: the policy allows
/// it, they chose it, and their number is verified.
pub async fn usable(app: &App, user: &User, first: FirstFactor) -> StoreResult<bool> {
    if first == FirstFactor::Phone || !user.phone_verified || user.phone.is_none() {
        return Ok(false);
    }
    if !policy(app).await?.allows(MfaMethod::Sms) {
        return Ok(false);
    }
    Ok(app.store.sms_factor(&user.id).await?.is_some())
}

/// Texts a second-factor code to the user's number.
pub async fn send(app: &App, user: &User, origin: &RequestOrigin) -> Result<Sent, PhoneError> {
    let Some(number) = user.phone.as_ref().filter(|_| user.phone_verified) else {
        return Err(PhoneError::Invalid(crate::i18n::tr(
            "err-no-confirmed-phone",
        )));
    };
    let what = CodeFor {
        purpose: Purpose::SecondFactor,
        user_id: Some(&user.id),
        request_id: None,
    };
    phone::send_code(app, number, &what, origin).await
}

/// Checks a texted code for `user`, under the same per-user failure bucket as app codes.
pub async fn verify(
    app: &App,
    user: &User,
    token: &str,
    code: &str,
    origin: &RequestOrigin,
) -> Result<SecondFactor, AuthError> {
    let admitted = limits::admit(app, vec![Throttle::second_factor(&user.id)]).await?;
    // Only a code sent for this user's second step.
    let theirs = phone::pending(app, token, Purpose::SecondFactor)
        .await?
        .is_some_and(|row| row.user_id.as_deref() == Some(user.id.as_str()));
    if !theirs {
        return Err(failed(app, user, admitted, origin, "text message code").await?);
    }
    match phone::check_code(app, token, Purpose::SecondFactor, code, origin).await {
        Ok(_) => {}
        Err(PhoneError::RateLimited { retry_after }) => {
            return Err(AuthError::RateLimited { retry_after });
        }
        Err(PhoneError::Internal(cause)) => return Err(AuthError::Internal(cause)),
        Err(_) => return Err(failed(app, user, admitted, origin, "text message code").await?),
    }
    admitted.succeeded(app).await?;
    audit(app, user, origin, AuditKind::MfaPassed, "text message").await?;
    Ok(SecondFactor::Sms)
}

/// Turns text messages on as the user's second factor (their number must be confirmed, and
/// the policy must allow them).
pub async fn enable(app: &App, user: &User, origin: &RequestOrigin) -> Result<(), AuthError> {
    if !policy(app).await?.allows(MfaMethod::Sms) {
        return Err(AuthError::SecondFactorRefused(crate::i18n::tr(
            "err-sms-not-allowed",
        )));
    }
    if !user.phone_verified {
        return Err(AuthError::SecondFactorRefused(crate::i18n::tr(
            "err-confirm-phone-first",
        )));
    }
    app.store
        .enable_sms_factor(&user.id, app.clock.now())
        .await?;
    audit(app, user, origin, AuditKind::MfaEnabled, "text message").await?;
    Ok(())
}

/// Turns text messages off, unless they are the user's only second factor and their
/// privileges require one.
pub async fn disable(app: &App, user: &User, origin: &RequestOrigin) -> Result<(), AuthError> {
    let has_app = app.store.totp_factor(&user.id).await?.is_some();
    if !has_app && policy(app).await?.required_for_user(user) {
        return Err(AuthError::SecondFactorRefused(crate::i18n::tr(
            "err-sms-required",
        )));
    }
    if app.store.disable_sms_factor(&user.id).await? {
        audit(app, user, origin, AuditKind::MfaDisabled, "text message").await?;
    }
    Ok(())
}
